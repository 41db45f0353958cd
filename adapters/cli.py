"""The `signpost` command line (CONTRACT.md)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from adapters.escalation_commands import add_commands as add_escalation_commands
from adapters.escalation_commands import run as run_escalation_command
from bot.evaluation import read_cases, report, score
from bot.settings import Settings
from knowledge.loader import KnowledgeError, load_knowledge


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="signpost", description="Signpost: the social media policy assistant."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="run the HTTP server (Slack, Teams, health)")
    commands.add_parser("chat", help="talk to Signpost in the terminal")
    commands.add_parser("classify", help="JSON lines in, one understanding per line out")
    evaluate = commands.add_parser("eval", help="score the understanding on a labelled JSON-lines file")
    evaluate.add_argument("file")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply the migrations to $DATABASE_URL")
    add_escalation_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _dispatch(args)
    except KnowledgeError as exc:
        print(f"signpost: a knowledge file is broken: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        problems = "; ".join(
            (f"{'.'.join(str(p) for p in e['loc']).upper()}: " if e["loc"] else "")
            + str(e["msg"]).removeprefix("Value error, ")
            for e in exc.errors()
        )
        print(f"signpost: bad configuration: {problems}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "classify":
        return classify()
    if args.command == "eval":
        return evaluate(args.file)
    settings = Settings()
    if args.command == "db":
        return asyncio.run(_db_upgrade(settings))
    if args.command in ("escalations", "purge"):
        return asyncio.run(run_escalation_command(args, settings))
    if args.command == "chat":
        return asyncio.run(_chat(settings))
    return asyncio.run(_serve(settings))


def classify() -> int:
    from bot.understanding import build_understander

    understander = build_understander(load_knowledge())
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, case_id = str(row["text"]), row.get("id")
        except (ValueError, KeyError, TypeError, AttributeError):
            print(
                f'signpost: line {number} is not a JSON object with a "text" field; skipped', file=sys.stderr
            )
            continue
        got = understander.understand(text)
        out = {
            "id": case_id,
            "intent": got.intent,
            "sections": list(got.sections),
            "confidence": round(got.confidence, 4),
        }
        print(json.dumps(out), flush=True)
    return 0


def evaluate(path: str) -> int:
    from bot.understanding import build_understander

    try:
        with open(path, encoding="utf-8") as handle:
            cases = read_cases(handle)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"signpost: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    print(report(score(build_understander(load_knowledge()), cases)))
    return 0


async def _db_upgrade(settings: Settings) -> int:
    from bot.store.engine import CLI_BUSY_TIMEOUT_S, make_engine
    from bot.store.migrate import upgrade

    engine = make_engine(settings.database_url, busy_timeout=CLI_BUSY_TIMEOUT_S)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("signpost: database is up to date")
    return 0


async def _chat(settings: Settings) -> int:
    from adapters.app import build_assistant
    from adapters.console import chat

    assistant = await build_assistant(settings)
    try:
        await chat(assistant.turns)
    finally:
        await assistant.engine.dispose()
    return 0


async def _serve(settings: Settings) -> int:
    from adapters.app import build_assistant
    from adapters.logs import configure
    from adapters.server import serve

    configure(settings.log_level)

    assistant = await build_assistant(settings)
    # What start-up built (the knowledge, the understanding's vocabularies) lives as long as
    # the process: kept out of the collector's sight, a full collection during a burst scans
    # only what the burst made. Before, one stalled every acknowledgement for about 125 ms.
    gc.collect()
    gc.freeze()
    await serve(assistant)
    return 0


if __name__ == "__main__":
    sys.exit(main())
