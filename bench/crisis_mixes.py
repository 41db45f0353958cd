"""Crisis recall on mixed messages, by 5-fold cross-validation over the training examples.

    python bench/crisis_mixes.py [--folds 5] [--seed 3]

Staff often put a crisis in the same message as an ordinary question ("can I share the
Trust's posts? I can't go on"). For each fold the models are learned from the other folds;
each held-out message is then read alone, and again with a held-out policy question put
before it (and, for crisis messages, after it). 300 pairs of policy questions per fold are
added as non-crisis mixes. It prints crisis recall and false alarms for the whole-message
reading alone, for Signpost's reading (whole message, passages and sentences), and for
the messages that get urgent help first: those read as a crisis, and those read as something
else with a sentence that may be one (`Understanding.worry`), which get their answer after it.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.understanding import model
from bot.understanding.training import train
from knowledge.loader import load_knowledge
from knowledge.models import CRISIS_INTENTS

NEVER = ((9.0, 9.0, 0),)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    knowledge = load_knowledge()
    items = [(text, intent) for intent, examples in knowledge.intent_examples.items() for text in examples]

    def stable(text: str) -> int:
        digest = hashlib.blake2b(f"{args.seed}:{text}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def fold_of(text: str) -> int:
        """From the text itself, so adding examples leaves every other example in its fold
        and two versions of the knowledge can be compared message by message."""
        return stable(text) % args.folds

    readings = {"whole message only": NEVER, "Signpost": model.SENTENCE_CRISIS_BARS}
    first = "urgent help first"
    counts = {name: {"single": [0, 0, 0, 0], "mix": [0, 0, 0, 0]} for name in [*readings, first]}
    for fold in range(args.folds):
        test = [item for item in items if fold_of(item[0]) == fold]
        learned: dict[str, list[str]] = {}
        for text, intent in items:
            if fold_of(text) != fold:
                learned.setdefault(intent, []).append(text)
        fold_knowledge = dataclasses.replace(
            knowledge, intent_examples={intent: tuple(texts) for intent, texts in learned.items()}
        )
        understander = model.Understander(fold_knowledge, train(fold_knowledge))
        questions = sorted(text for text, intent in test if intent == "policy_question")
        pick = random.Random(args.seed * 100 + fold)

        def question(key: str, questions: list[str] = questions) -> str:
            """The policy question that goes with a message is chosen by the message too."""
            return questions[stable(key) % len(questions)].rstrip(" ?.") + "?"

        cases: list[tuple[str, str, bool]] = []
        for text, intent in test:
            is_crisis = intent in CRISIS_INTENTS
            cases.append(("single", text, is_crisis))
            if intent != "policy_question":
                cases.append(("mix", f"{question('before ' + text)} {text}", is_crisis))
            if is_crisis:
                cases.append(("mix", f"{text.rstrip('.!? ')}. {question('after ' + text)}", True))
        cases += [("mix", f"{pick.choice(questions)} {pick.choice(questions)}", False) for _ in range(300)]
        for name, bars in readings.items():
            model.SENTENCE_CRISIS_BARS = bars
            for kind, text, is_crisis in cases:
                understood = understander.understand(text)
                found = understood.intent in CRISIS_INTENTS
                tallies = [(counts[name][kind], found)]
                if name == "Signpost":
                    tallies.append((counts[first][kind], found or understood.worry is not None))
                for tally, hit in tallies:
                    tally[0 if is_crisis else 2] += hit
                    tally[1 if is_crisis else 3] += 1
        print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
    print(f"{'reading':<20} {'kind':<7} {'crises caught':>15} {'false alarms':>15}")
    for name, kinds in counts.items():
        for kind, (hit, crises, false, others) in kinds.items():
            print(f"{name:<20} {kind:<7} {f'{hit}/{crises}':>15} {f'{false}/{others}':>15}")


if __name__ == "__main__":
    main()
