"""Crises and ordinary messages said as a report's answer: is urgent help given there as it is
outside a report?

    python bench/crises_as_answers.py [-v]

Each message is said where five report questions wait for an answer (a breach report's and a
targeted report's "what happened", the account plan's reason and who runs it, and a criticism
report's who is criticised), straight to that question through the shared router, and once on
its own. The crises are every listed crisis (`bench/data/*crises*.txt`, the riddles of the
writer's own and of someone else, the crisis questions and complaints told with a crisis, the
reports of others in crisis) and every labelled crisis (`bench/data/*.jsonl`, and
`../shared/eval/dev.jsonl` when present); the ordinary messages are the listed ordinary
statements, replies, everyday words, complaints, threats to staff, riddle look-alikes and the
answers written apart (`mid_report_answers.txt`). For each, at each question, the outcome is:
- urgent help first, the report waiting (the user's own help, and "continue" to go on);
- urgent help first, a crisis report started or joined;
- urgent help first, the answer taken and the report going on;
- urgent help first, the question asked again;
- no urgent help, the answer taken (or anything else).
Then the messages given urgent help on their own but none as an answer (the crises listed with
`-v`).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.app import build_router
from bench.asides import TODAY, _message
from bench.lists import DATA, labelled_messages, listed
from bot.messages import ConversationState, Outcome
from bot.settings import Settings
from bot.understanding import build_understander
from knowledge.loader import load_knowledge

QUESTIONS = (
    ("report_breach", "what"),
    ("report_targeted", "what"),
    ("request_account", "reason"),
    ("request_account", "running"),
    ("report_criticism", "target"),
)
CRISES = (
    "short_crises.txt",
    "short_crises_third.txt",
    "short_crises_fourth.txt",
    "everyday_crises.txt",
    "written_apart_own_crises.txt",
    "written_apart_other_crises.txt",
    "others_in_crisis_reported.txt",
    "riddles_own.txt",
    "riddles_others.txt",
    "complaint_crises.txt",
    "crisis_questions.txt",
)
ORDINARY = (
    "ordinary_statements.txt",
    "ordinary_statements_second.txt",
    "everyday_not_crisis.txt",
    "written_apart_ordinary.txt",
    "report_answers.txt",
    "ordinary_replies.txt",
    "complaints.txt",
    "threats_to_staff.txt",
    "threats_to_staff_second.txt",
    "riddles_lookalike.txt",
)
OUTCOMES = ("help, waits", "help, crisis report", "help, answer taken", "help, asked again", "no help")


def _messages() -> tuple[list[str], list[str]]:
    """The crises and the ordinary messages, each once, in a fixed order."""
    crises = [line.split("|")[-1] for name in CRISES for line in listed(DATA / name)]
    crises += [m["text"] for m in labelled_messages() if m["intent"] in ("personal_crisis", "report_crisis")]
    ordinary = [line.split("|")[-1] for name in ORDINARY for line in listed(DATA / name)]
    ordinary += [line.split("|", 1)[1] for line in listed(DATA / "mid_report_answers.txt")]
    return list(dict.fromkeys(crises)), list(dict.fromkeys(ordinary))


def _outcome(before: ConversationState, outcome: Outcome) -> str:
    if not outcome.replies or not outcome.replies[0].urgent:
        return "no help"
    if outcome.escalation is not None and outcome.escalation.kind == "crisis":
        return "help, crisis report"
    if outcome.state.flow == "report_crisis" and before.flow != "report_crisis":
        return "help, crisis report"
    if outcome.state.data.get("paused"):
        return "help, waits"
    if outcome.state.flow == before.flow and outcome.state.step == before.step:
        return "help, asked again"
    return "help, answer taken"


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    knowledge = load_knowledge()
    router = build_router(Settings(), knowledge, build_understander(knowledge))
    crises, ordinary = _messages()
    for name, texts in (("crises", crises), ("ordinary messages", ordinary)):
        counts: Counter[str] = Counter()
        helped_alone = 0
        missed: list[str] = []
        for text in texts:
            alone = router.route(_message(text), ConversationState(), TODAY)
            helped_alone += bool(alone.replies and alone.replies[0].urgent)
            for flow, step in QUESTIONS:
                before = ConversationState(flow=flow, step=step, data={})
                kind = _outcome(before, router.route(_message(text), before, TODAY))
                counts[kind] += 1
                if kind == "no help" and alone.replies and alone.replies[0].urgent:
                    missed.append(f"{flow}.{step}: {text}")
        said = len(texts) * len(QUESTIONS)
        print(f"{name}: {len(texts)}, each said at {len(QUESTIONS)} report questions ({said})")
        print(f"  urgent help on their own: {helped_alone}/{len(texts)}")
        for kind in OUTCOMES:
            print(f"  {kind:<22} {counts[kind]:>5}/{said}")
        print(f"  urgent help on their own, none as an answer: {len(missed)}/{said}")
        if verbose and name == "crises":
            for line in missed:
                print(f"    {line}")


if __name__ == "__main__":
    main()
