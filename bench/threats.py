"""Threats to the member of staff, told the way staff tell them ("he said he knows where i live",
"they sent me a photo of my front door"), against someone else's crisis told the same way ("he
said he's going to kill himself tonight").

    python bench/threats.py

A threat to the user is section 7, a targeted report: the user is asked what is happening and
the Communications Team is told, urgently when there are threats. Read as a crisis, it gets a
"Need urgent help?" link to pass on or the user's own helplines instead. Someone else's crisis
must stay a crisis, whatever else changes. The lists in `bench/data/` were written apart from the
training examples: `threats_to_staff.txt` first, `threats_to_staff_second.txt` later to check a
change measured on the first. Threat examples for the targeted report took both to 9 of 15 but
cost a crisis beside a question in the resilience suite, so they are not in the knowledge.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.understanding import Understander, build_understander
from knowledge.loader import load_knowledge
from knowledge.models import CRISIS_INTENTS

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> tuple[str, ...]:
    text = (DATA / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _as_an_answer(understander: Understander, text: str) -> str:
    intent = understander.understand(text).intent
    if intent == "report_crisis":
        return "taken, link to share first"
    if intent == "personal_crisis":
        return "taken, help first" if understander.may_be_an_answer(text) else "paused"
    return "taken"


def main() -> None:
    understander = build_understander(load_knowledge())
    for name in ("threats_to_staff.txt", "threats_to_staff_second.txt"):
        texts = _lines(name)
        read = {text: understander.understand(text).intent for text in texts}
        targeted = sum(intent == "report_targeted" for intent in read.values())
        wrong = Counter(intent for intent in read.values() if intent != "report_targeted")
        print(f"{name:<34} read as a targeted report {targeted}/{len(texts)}  otherwise: {dict(wrong)}")
        # Given as the answer to the targeted report's "What's happening?": taken, after the
        # user's own help when read as their crisis or the link to share when read as someone
        # else's, or the report paused.
        fate = Counter(_as_an_answer(understander, text) for text in texts)
        print(f"{'':<34} as the targeted report's answer: {dict(fate)}")
    crises = _lines("others_in_crisis_reported.txt")
    missed = [text for text in crises if understander.understand(text).intent not in CRISIS_INTENTS]
    caught = len(crises) - len(missed)
    print(f"{'others_in_crisis_reported.txt':<34} still a crisis {caught}/{len(crises)}  missed: {missed}")


if __name__ == "__main__":
    main()
