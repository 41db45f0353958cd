"""Policy questions asked in the middle of a report: do they get the answer they would get
outside one?

    python bench/asides.py

Every labelled policy question with a section (`bench/data/*.jsonl`, and
`../shared/eval/dev.jsonl` when present) is said four ways through the shared router: on its
own; where an account plan asks "What's the reason for the account"; where a report of a
breach asks "What happened, briefly?" (both wait for words of the user's own, so the same rules
apply); and in the account plan again, just after a question was answered there (the plan waits
for "continue", or for the answer to its question). Each outcome is counted as:
- the right answer: a card citing one of the message's labelled sections;
- two topics offered, one of them right, or neither right;
- a wrong answer: a card citing another section;
- stored as the report's answer (the report went on);
- anything else (urgent help alone, "not covered", another report started).

Then the other side: answers staff give to six of the reports' and plan's questions, written
apart from the code (`bench/data/mid_report_answers.txt`), each said at its question: how many
are stored as the answer, and which are not (answered as a question, urgent help, or else).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.app import build_router
from bench.lists import DATA, labelled_messages, listed
from bot.messages import ConversationState, IncomingMessage, Outcome
from bot.router import Router
from bot.settings import Settings
from bot.understanding import build_understander
from knowledge.loader import load_knowledge

TODAY = dt.date(2026, 11, 23)
PLACES = {
    "on its own": (),
    "in an account plan": ("we'd like to open an instagram account for our ward", "yes"),
    "in a breach report": ("I want to report a colleague breaking the policy", "yes"),
    "in an account plan, after a question answered": (
        "we'd like to open an instagram account for our ward",
        "yes",
        "can i accept a friend request from a former patient?",
    ),
}
STEPS = {
    "breach_what": ("report_breach", "what"),
    "targeted_what": ("report_targeted", "what"),
    "criticism_target": ("report_criticism", "target"),
    "account_reason": ("request_account", "reason"),
    "account_running": ("request_account", "running"),
    "account_security": ("request_account", "security"),
}
"""The questions `mid_report_answers.txt` answers: its step names, and each one's report and step."""
KINDS = ("right answer", "offered, one right", "offered, neither right", "wrong answer", "stored", "other")


def _message(text: str) -> IncomingMessage:
    return IncomingMessage(platform="terminal", conversation_id="D1", user_id="U1", text=text)


def _kind(router: Router, before: ConversationState, outcome: Outcome, sections: set[str]) -> str:
    offered = [c.value for reply in outcome.replies for c in reply.choices if c.value.startswith("card:")]
    if len(offered) == 2:
        cited = {router.knowledge.card(value.removeprefix("card:")).quotes[0].section for value in offered}
        return "offered, one right" if cited & sections else "offered, neither right"
    if outcome.advice is not None and outcome.advice.cited_section is not None:
        return "right answer" if outcome.advice.cited_section in sections else "wrong answer"
    if before.flow is not None and outcome.state.flow == before.flow and outcome.state.step != before.step:
        return "stored"
    return "other"


def main() -> None:
    knowledge = load_knowledge()
    router = build_router(Settings(), knowledge, build_understander(knowledge))
    asked = [m for m in labelled_messages() if m["intent"] == "policy_question" and m.get("sections")]
    starts: dict[str, ConversationState] = {}
    for place, opening in PLACES.items():
        state = ConversationState()
        for said in opening:
            state = router.route(_message(said), state, TODAY).state
        starts[place] = state
    print(f"labelled policy questions with a section: {len(asked)}")
    for place, start in starts.items():
        counts: Counter[str] = Counter()
        for message in asked:
            outcome = router.route(_message(message["text"]), start, TODAY)
            counts[_kind(router, start, outcome, set(message["sections"]))] += 1
        figures = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS)
        print(f"{place}: {figures}")
    answers = [line.split("|", 1) for line in listed(DATA / "mid_report_answers.txt")]
    not_stored: list[str] = []
    for step, text in answers:
        flow, step_id = STEPS[step]
        start = ConversationState(flow=flow, step=step_id)
        after = router.route(_message(text), start, TODAY).state
        if after.flow != flow or after.step == step_id or after.data.get("paused"):
            not_stored.append(f"{step}: {text}")
    print(f"answers written apart, not stored as the answer: {len(not_stored)}/{len(answers)}")
    for line in not_stored:
        print(f"  {line[:110]}")


if __name__ == "__main__":
    main()
