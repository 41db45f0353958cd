"""Everyday words a crisis also uses: how often an ordinary message gets urgent help, and how
often a crisis said in the same words does not.

    python bench/everyday_words.py [-v]

`bench/data/everyday_not_crisis.txt` holds 250 ordinary messages with "don't want", "done",
"anymore", "give up", "gone", "dead on my feet" ("i dont want my name on it if i report it", "kill
me now this rota lol"); `bench/data/everyday_crises.txt` 120 crises told indirectly in the same
words ("i won't be a problem for much longer"). Both were written apart from the training examples.
It also puts every labelled crisis message (dev set when beside the checkout, `bench/data/*.jsonl`)
and every listed crisis beside a labelled policy question, before and after it, and counts those
that get no urgent help first; and the other labelled messages beside a question that get urgent
help. A message read as a crisis gets the help alone; one read as something else with a crisis it
may hold (`Understanding.worry`) gets the help, then its answer: the ordinary messages and the other
labelled ones read as a crisis are counted too. With -v it prints the messages read the wrong way.

Three more lists were written by another author apart from the training examples and never tuned on
(`bench/data/written_apart_*.txt`): 60 crises of the writer's own, 40 of someone else seen online,
and 80 ordinary messages a crisis reading could take (dark humour, tiredness, plain statements,
professional questions naming suicide or self harm). Each message is read alone. And 40 crises
asked as questions (`bench/data/crisis_questions.txt`), written to test one rule and used to set
it, so not blind. Two more by that author: 40 reports of the public complaining about the Trust
online (`complaints.txt`), counted when read as a crisis report (an urgent one recorded for a
complaint), and 40 complaints that show someone may be in crisis (`complaint_crises.txt`), counted
when they get no urgent help. Both were looked at while the rules for them were written. Three
more by that author, looked at while the riddle rule's guard was set: 40 of the writer's own
goodbyes in a riddle or veiled (`riddles_own.txt`), counted when they do not get the writer's own
help, 40 ordinary messages in a riddle's words (`riddles_lookalike.txt`), counted when they get
urgent help, and 20 reports of someone else's riddle (`riddles_others.txt`), counted when the link
to share does not come first.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lists import DATA, labelled_messages, listed
from bot.understanding import build_understander, with_small_talk_worry
from knowledge.loader import load_knowledge
from knowledge.models import CRISIS_INTENTS


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    understander = build_understander(load_knowledge())

    def helped(text: str) -> bool:
        understood = with_small_talk_worry(understander.understand(text), text)
        return understood.intent in CRISIS_INTENTS or understood.worry is not None

    ordinary = listed(DATA / "everyday_not_crisis.txt")
    crises = listed(DATA / "everyday_crises.txt")
    over = [text for text in ordinary if helped(text)]
    missed = [text for text in crises if not helped(text)]
    print(f"ordinary messages given urgent help     {len(over)}/{len(ordinary)}")
    alone = [text for text in ordinary if understander.understand(text).intent in CRISIS_INTENTS]
    print(f"  of these, the help alone (no answer)  {len(alone)}/{len(ordinary)}")
    print(f"crises given no urgent help             {len(missed)}/{len(crises)}")
    labelled = [(case["text"], case["intent"]) for case in labelled_messages()]
    others = [text for text, intent in labelled if intent not in CRISIS_INTENTS]
    others_alone = [text for text in others if understander.understand(text).intent in CRISIS_INTENTS]
    print(f"labelled others read as a crisis        {len(others_alone)}/{len(others)}")
    labelled += [(text, "personal_crisis") for text in crises]
    questions = sorted(text for text, intent in labelled if intent == "policy_question")

    def beside(key: str) -> str:
        return questions[_stable(key) % len(questions)].rstrip(" ?.") + "?"

    mixed_missed: list[str] = []
    mixed_over: list[str] = []
    mixed_crises = mixed_others = 0
    for text, intent in labelled:
        if intent in CRISIS_INTENTS:
            before = f"{beside('before ' + text)} {text}"
            after = f"{text.rstrip('.!? ')}. {beside('after ' + text)}"
            for mix in (before, after):
                mixed_crises += 1
                if not helped(mix):
                    mixed_missed.append(mix)
        elif intent != "policy_question":
            mixed_others += 1
            if helped(mix := f"{beside('before ' + text)} {text}"):
                mixed_over.append(mix)
    print(f"crises beside a question, no help first {len(mixed_missed)}/{mixed_crises}")
    print(f"others beside a question, given help    {len(mixed_over)}/{mixed_others}")
    apart_missed: list[str] = []
    for name, label in (("own_crises", "own crises"), ("other_crises", "others' crises")):
        texts = listed(DATA / f"written_apart_{name}.txt")
        missed_here = [text for text in texts if not helped(text)]
        apart_missed += missed_here
        print(f"written apart: {label + ', no urgent help':26} {len(missed_here)}/{len(texts)}")
    asked = listed(DATA / "crisis_questions.txt")
    asked_missed = [text for text in asked if not helped(text)]
    asked_other = [text for text in asked if understander.understand(text).intent not in CRISIS_INTENTS]
    print(f"crises asked as questions, no urgent help {len(asked_missed)}/{len(asked)}")
    print(f"  read as something else                  {len(asked_other)}/{len(asked)}")
    apart = listed(DATA / "written_apart_ordinary.txt")
    apart_over = [text for text in apart if helped(text)]
    print(f"written apart: {'ordinary, given help':26} {len(apart_over)}/{len(apart)}")
    complaints = listed(DATA / "complaints.txt")
    alarmed = [text for text in complaints if understander.understand(text).intent in CRISIS_INTENTS]
    print(f"complaints read as a crisis report      {len(alarmed)}/{len(complaints)}")
    told = listed(DATA / "complaint_crises.txt")
    told_missed = [text for text in told if not helped(text)]
    print(f"complaints with a crisis, no urgent help {len(told_missed)}/{len(told)}")

    def own_help(text: str) -> bool:
        understood = with_small_talk_worry(understander.understand(text), text)
        return "personal_crisis" in (understood.intent, understood.worry)

    def link_first(text: str) -> bool:
        understood = with_small_talk_worry(understander.understand(text), text)
        return "report_crisis" in (understood.intent, understood.worry)

    riddles = listed(DATA / "riddles_own.txt")
    riddles_not_own = [text for text in riddles if not own_help(text)]
    riddles_missed = [text for text in riddles if not helped(text)]
    print(f"own riddles, not the writer's own help  {len(riddles_not_own)}/{len(riddles)}")
    print(f"  of these, no urgent help at all       {len(riddles_missed)}/{len(riddles)}")
    lookalikes = listed(DATA / "riddles_lookalike.txt")
    lookalikes_over = [text for text in lookalikes if helped(text)]
    print(f"riddle look-alikes given urgent help    {len(lookalikes_over)}/{len(lookalikes)}")
    others_riddles = listed(DATA / "riddles_others.txt")
    others_no_link = [text for text in others_riddles if not link_first(text)]
    print(f"others' riddles, no link to share       {len(others_no_link)}/{len(others_riddles)}")
    if args.verbose:
        wrong = (
            ("own riddle, not own help", riddles_not_own),
            ("riddle look-alike, helped", lookalikes_over),
            ("others' riddle, no link", others_no_link),
            ("complaint, read as a crisis", alarmed),
            ("complaint with a crisis, missed", told_missed),
            ("ordinary, helped", over),
            ("crisis, missed", missed),
            ("mix, missed", mixed_missed),
            ("mix, helped", mixed_over),
            ("written apart, missed", apart_missed),
            ("written apart, helped", apart_over),
            ("asked as a question, missed", asked_missed),
        )
        for label, texts in wrong:
            for text in texts:
                print(f"  {label}: {text}")


if __name__ == "__main__":
    main()
