"""`signpost chat`: the assistant in a terminal, on the same router, flows and store."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import TextIO

from bot.messages import IncomingMessage, Reply
from bot.turn import Turns

PROMPT = "you> "
QUIT = {"quit", "exit", ":q", "/quit", "/exit", "/q"}


def render(reply: Reply) -> str:
    """Plain text; choices are numbered in the text already."""
    return "\n".join(
        "signpost> " + line if i == 0 else "          " + line
        for i, line in enumerate(reply.text.splitlines())
    )


async def chat(turns: Turns, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    user = _user()
    interactive = stdin.isatty()
    print(
        "Signpost: ask about the Staff Use of Social Media Policy, or tell me what you've seen online.",
        file=stdout,
    )
    print("Type 'help' for what I can do, 'quit' to leave.\n", file=stdout)
    while True:
        if interactive:
            print(PROMPT, end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.rstrip("\n")
        if text.strip().lower() in QUIT:
            break
        if not interactive:
            print(PROMPT + text, file=stdout)
        outcome = await turns.handle(
            IncomingMessage(platform="terminal", conversation_id="terminal", user_id=user, text=text)
        )
        for reply in outcome.replies:
            print(render(reply) + "\n", file=stdout, flush=True)
    print("Bye. Take care.", file=stdout)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "terminal-user"
