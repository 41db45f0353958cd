"""Questions about the report itself, asked in the middle of one: how many get their answer,
how many other messages would be taken for one, and that no crisis is.

    python bench/report_questions.py

Each message is said where a report of a breach asks "What happened, briefly?" (words of the
user's own, not a link), through the shared router, and its outcome counted:
- `bench/data/report_questions.txt`, and `report_questions_second.txt` written after it:
  questions about the report written apart from `knowledge/data/report_questions.yaml`, each
  with the question it asks; answered right, answered as another question, or not answered (a
  policy card, stored as the answer, help); how many get urgent help first, as a crisis
  reading gives, and how many of those make the report wait or leave it for a crisis report;
- every message of the labelled sets (`bench/data/*.jsonl`, and `../shared/eval/dev.jsonl` when
  present): how many would get a report question's answer instead;
- the crises among them and the short crises lists: how many get a report question's answer
  without urgent help first (this must be 0).

Then the same, said just after a report of criticism is sent (the questions that have an
answer for then, `after` in the knowledge): answered right, labelled messages taken for one,
crises answered without urgent help first (this must be 0 too).
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
from bot.router import AFTER, CLARIFY, REPORTED, Router
from bot.settings import Settings
from bot.understanding import build_understander
from knowledge.loader import load_knowledge
from knowledge.models import CRISIS_INTENTS

OPENING = ("I want to report a colleague breaking the policy", "yes")
QUESTION_LISTS = ("report_questions.txt", "report_questions_second.txt")
SHORT_CRISES = ("short_crises.txt", "short_crises_third.txt", "others_in_crisis_reported.txt")


def _said_in_a_report(router: Router, text: str) -> Outcome:
    today = dt.date(2026, 11, 23)
    state = ConversationState()
    for said in OPENING:
        state = router.route(_message(said), state, today).state
    return router.route(_message(text), state, today)


SENT = ConversationState(
    flow=CLARIFY,
    data={
        "choices": [],
        AFTER: "responding-to-criticism",
        REPORTED: True,
        "kind": "criticism",
        "ref": "SP-1",
    },
)
"""Just after a report of criticism is sent, as a turn leaves it."""


def _said_after_a_report(router: Router, text: str) -> Outcome:
    return router.route(_message(text), SENT, dt.date(2026, 11, 23))


def _answered_after(router: Router, outcome: Outcome) -> str | None:
    said = {reply.text for reply in outcome.replies}
    for question in router.knowledge.report_questions:
        after = question.after_for("criticism")
        context = router.flow_context
        answer = after.format(ref="SP-1", hours=context.office_hours, comms_contact=context.comms_contact)
        if after and any(text.startswith(answer[:90]) for text in said):
            return question.id
    return None


def _message(text: str) -> IncomingMessage:
    return IncomingMessage(platform="terminal", conversation_id="D1", user_id="U1", text=text)


def _answered(router: Router, outcome: Outcome) -> str | None:
    """Which question about the report the replies answer, if any."""
    said = {reply.text for reply in outcome.replies}
    for question in router.knowledge.report_questions:
        if any(text.startswith(question.answer_for("breach")[:60]) for text in said):
            return question.id
    return None


def main() -> None:
    knowledge = load_knowledge()
    router = build_router(Settings(), knowledge, build_understander(knowledge))
    for name in QUESTION_LISTS:
        asked = [line.split("|", 1) for line in listed(DATA / name)]
        outcomes: Counter[str] = Counter()
        help_first: list[str] = []
        stopped: list[str] = []
        for question_id, text in asked:
            outcome = _said_in_a_report(router, text)
            got = _answered(router, outcome)
            kind = (
                "not answered"
                if got is None
                else "answered right"
                if got == question_id
                else "answered as another"
            )
            outcomes[kind] += 1
            if outcome.replies[0].urgent:
                help_first.append(text)
            left = outcome.state.flow != "report_breach" or outcome.state.data.get("paused")
            if left and outcome.replies[0].urgent:
                stopped.append(text)
        print(f"{name}, questions about the report ({len(asked)}): {dict(outcomes)}")
        print(f"  of these, urgent help first: {len(help_first)} {help_first}")
        print(f"  of these, the report waits or is left for a crisis report: {len(stopped)} {stopped}")

    labelled = labelled_messages()
    taken = [m["text"] for m in labelled if _answered(router, _said_in_a_report(router, m["text"]))]
    print(f"labelled messages taken for a question about the report: {len(taken)}/{len(labelled)}")
    for text in taken:
        print(f"  {text[:100]}")

    crises = [m["text"] for m in labelled if m["intent"] in CRISIS_INTENTS]
    crises += [text for name in SHORT_CRISES for text in listed(DATA / name)]
    unhelped = []
    for text in crises:
        outcome = _said_in_a_report(router, text)
        if _answered(router, outcome) and not outcome.replies[0].urgent:
            unhelped.append(text)
    print(
        "crises answered as a question about the report without urgent help first: "
        f"{len(unhelped)}/{len(crises)}"
    )
    for text in unhelped:
        print(f"  {text[:100]}")
    _after_a_report(router, labelled, crises)


def _after_a_report(router: Router, labelled: list[dict[str, str]], crises: list[str]) -> None:
    with_after = {q.id for q in router.knowledge.report_questions if q.after_for("criticism")}
    for name in QUESTION_LISTS:
        asked = [line.split("|", 1) for line in listed(DATA / name)]
        asked = [(question_id, text) for question_id, text in asked if question_id in with_after]
        outcomes: Counter[str] = Counter()
        help_first = []
        for question_id, text in asked:
            outcome = _said_after_a_report(router, text)
            got = _answered_after(router, outcome)
            kind = "not answered" if got is None else "answered right" if got == question_id else "another"
            outcomes[kind] += 1
            if outcome.replies[0].urgent:
                help_first.append(text)
        print(f"just after a report, {name} ({len(asked)} with an answer then): {dict(outcomes)}")
        print(f"  of these, urgent help first: {len(help_first)} {help_first}")
    taken = [m["text"] for m in labelled if _answered_after(router, _said_after_a_report(router, m["text"]))]
    print(
        f"just after a report, labelled messages taken for a question about it: {len(taken)}/{len(labelled)}"
    )
    for text in taken:
        print(f"  {text[:100]}")
    unhelped, answered = [], []
    for text in crises:
        outcome = _said_after_a_report(router, text)
        if _answered_after(router, outcome):
            answered.append(text)
            if not outcome.replies[0].urgent:
                unhelped.append(text)
    print(f"just after a report, crises answered about it after their help: {len(answered)}/{len(crises)}")
    for text in answered:
        print(f"  {text[:100]}")
    print(
        f"just after a report, crises answered about it without urgent help first: "
        f"{len(unhelped)}/{len(crises)}"
    )
    for text in unhelped:
        print(f"  {text[:100]}")


if __name__ == "__main__":
    main()
