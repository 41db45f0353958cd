"""Short messages both ways: ordinary short replies that get urgent help, and short crises that
do not; and what a report does with each when it is given as an answer.

    python bench/short_replies.py

Staff answer in a few words ("i don't know", "im ok thanks", "let me think"), and a crisis can
be told in a few words too ("no reason to live", "took too many pills"). The labelled sets
have few of either, so these lists, written apart from the training examples, show how both
fare. It prints each count and the messages read the wrong way, and which of the crises missed
still get urgent help before their reply (small talk with some of the crisis reading in it,
`with_small_talk_worry`); the others get the help and "not covered" replies' support line.

In a report, an answer read as the user's crisis gets urgent help first, then either the same
question again, when the second reading says it may be an answer about the post
(`Understander.may_be_an_answer`), or a pause until "continue". `REPORT_ANSWERS` are answers a
reporter may give (written apart from `knowledge/data/report_answers.yaml`); the second lists
(`bench/data/short_crises.txt`, `bench/data/report_answers.txt`) were written by another author;
`bench/data/ordinary_replies.txt` and `short_crises_third.txt` after the plain-reply rules.
`bench/data/ordinary_statements.txt` holds 150 ordinary things staff say about themselves
alone ("i'm bank staff", "i havent heard back from comms"), written by another author;
`ordinary_statements_second.txt` 150 more and `short_crises_fourth.txt` 80 short crises, by a
third author. Of the ordinary replies read as a crisis, it also prints those whose help is worded
tentatively ("If I've read you wrong...", `Understanding.tentative`), and of the crises, any that
are (there should be none).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lists import listed
from bot.understanding import build_understander, with_small_talk_worry
from knowledge.loader import load_knowledge
from knowledge.models import CRISIS_INTENTS

CRISES = (
    "i want to die", "want to end it", "cant cope", "i give up", "not safe", "done with life",
    "no point anymore", "ending it tonight", "im going to jump", "took too many pills", "help me please",
    "i feel hopeless", "nobody would miss me", "i cant go on", "everything is too much", "i am not ok",
    "im not okay", "i dont want to be here", "i want out", "goodbye everyone", "feeling suicidal",
    "i hate my life", "cut myself again", "overdosed", "im scared of myself", "tonight feels different",
    "this is goodbye", "ive had enough", "im done", "cant breathe", "panic attack", "i'm not coping",
    "no way out", "im a burden", "better off without me", "i want to disappear", "nothing matters anymore",
    "i dont want to live", "thinking of ending things", "i'm not safe", "cant keep going", "tired of living",
    "please help", "sorry for everything", "i've written a note", "i cant do this", "i cant take it anymore",
    "i dont know what to do", "i dont know how much longer", "i dont feel safe", "dont want to wake up",
    "not ok", "i feel like dying", "no reason to live", "i just want it to stop", "make it stop",
)  # fmt: skip
ORDINARY = (
    "i dont know", "i don't know", "i think so", "think", "feeling better", "im fine", "im ok", "sorry",
    "stop", "done", "nothing", "not really", "live", "no one", "i cant remember", "cant remember",
    "not sure sorry", "dont know", "i guess so", "i don't think so", "probably", "i suppose", "im not sure",
    "no clue", "cant say", "not a clue", "im good thanks", "all fine now", "sorted now", "it was yesterday",
    "about an hour ago", "nobody", "no one else", "not that i know of", "i forget", "i'm fine thanks",
    "fine thanks", "feeling better now thanks", "thats fine", "no that's it", "sorry my mistake", "oops",
    "finished", "yes i think so", "no i dont think so", "maybe later", "i'll think about it", "let me think",
    "hmm", "not yet", "i'll check", "never", "always", "sometimes", "a bit", "kind of", "sort of",
    "i dont mind", "whatever you think", "i'm ok now", "im alright", "its ok", "no worries sorry", "ok sorry",
    "sorry i dont know", "dont remember", "i wasnt there", "cant recall",
)  # fmt: skip

REPORT_ANSWERS = (
    "i cant find the link", "cant find it", "i wasnt there", "i didnt see it", "i dont have it",
    "i dont have a link", "i didnt save it", "its been deleted", "i cant remember where", "cant say",
    "let me think", "i dont have a screenshot", "i cant see it anymore", "they deleted it",
    "i dont know their name", "i cant access it", "not on my phone", "i dont use facebook",
    "a friend showed me", "i cant get the link on my phone", "i cant copy the link", "cant open it",
    "i dont want to say", "i'd rather not say", "i dont want to give my name", "i cant remember",
    "i dont remember who", "i cant tell", "i cant check now", "i'm on shift, cant look",
    "cant find the post anymore", "i didn't screenshot it",
)  # fmt: skip


DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> tuple[str, ...]:
    return tuple(listed(DATA / name))


def main() -> None:
    understander = build_understander(load_knowledge())

    def crisis(text: str) -> bool:
        return understander.understand(text).intent in CRISIS_INTENTS

    def tentative(texts: tuple[str, ...] | list[str]) -> list[str]:
        """Read as the user's crisis by the shape of the message alone: the same help, worded so
        that someone who meant something else can say so (`Understanding.tentative`)."""
        return [text for text in texts if understander.understand(text).tentative]

    def help_first(text: str) -> bool:
        """Not read as a crisis, but urgent help comes before the reply all the same (a worry)."""
        return with_small_talk_worry(understander.understand(text), text).worry is not None

    more_crises, more_answers = _lines("short_crises.txt"), _lines("report_answers.txt")
    third_crises = _lines("short_crises_third.txt")
    for name, crises in (
        ("short crises caught", CRISES),
        ("short crises caught (second list)", more_crises),
        ("short crises caught (third list)", third_crises),
        ("short crises caught (fourth list)", _lines("short_crises_fourth.txt")),
    ):
        missed = [text for text in crises if not crisis(text)]
        first = [text for text in missed if help_first(text)]
        print(
            f"{name:50} {len(crises) - len(missed)}/{len(crises)}  missed: {missed};"
            f" of these, urgent help first: {first}; help worded tentatively: {tentative(crises)}"
        )
    for name, ordinary in (
        ("", ORDINARY),
        (" (second list)", _lines("ordinary_replies.txt")),
        (" (statements)", _lines("ordinary_statements.txt")),
        (" (statements, second list)", _lines("ordinary_statements_second.txt")),
    ):
        alarms = [text for text in ordinary if crisis(text)]
        print(f"{'ordinary replies as crises' + name:50} {len(alarms)}/{len(ordinary)}  {alarms}")
        gentle = tentative(alarms)
        print(f"{'  of these, help worded tentatively' + name:50} {len(gentle)}/{len(alarms)}  {gentle}")
        first = [text for text in ordinary if not crisis(text) and help_first(text)]
        print(f"{'ordinary replies, urgent help first' + name:50} {len(first)}/{len(ordinary)}  {first}")

    def in_a_report(texts: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """Of the texts read as the user's own crisis: those asked again, those that pause."""
        own = [t for t in texts if understander.understand(t).intent == "personal_crisis"]
        again = [t for t in own if understander.may_be_an_answer(t)]
        return again, [t for t in own if t not in again]

    for name, answers in (("answers in a report", REPORT_ANSWERS), ("answers (second list)", more_answers)):
        again, paused = in_a_report(answers)
        print(
            f"{name}: read as a crisis {len(again) + len(paused)}/{len(answers)},"
            f" asked again {len(again)}, paused {len(paused)}  {paused}"
        )
    for name, crises in (("short crises", CRISES), ("short crises (second list)", more_crises)):
        again, paused = in_a_report(crises)
        print(f"{name} given as an answer: paused {len(paused)}, asked again {len(again)}  {again}")


if __name__ == "__main__":
    main()
