"""Scoring the understanding on a labelled set (the format of shared/eval/dev.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.understanding import Understander
from knowledge.models import CRISIS_INTENTS, INTENTS


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    intent: str
    sections: tuple[str, ...]


@dataclass
class Scores:
    total: int = 0
    intent_correct: int = 0
    section_total: int = 0
    section_correct: int = 0
    crisis_total: int = 0
    crisis_found: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def intent_accuracy(self) -> float:
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def section_accuracy(self) -> float:
        return self.section_correct / self.section_total if self.section_total else 0.0

    @property
    def crisis_recall(self) -> float:
        return self.crisis_found / self.crisis_total if self.crisis_total else 1.0


def read_cases(lines: Iterable[str]) -> list[Case]:
    """Labelled cases; raises ValueError naming the line of a malformed one."""
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(
                Case(str(row["id"]), str(row["text"]), str(row["intent"]), tuple(row.get("sections") or ()))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number}: not a labelled case ({exc})") from None
    return cases


def score(understander: Understander, cases: list[Case]) -> Scores:
    scores = Scores()
    for case in cases:
        got = understander.understand(case.text)
        scores.total += 1
        scores.confusion[(case.intent, got.intent)] += 1
        if got.intent == case.intent:
            scores.intent_correct += 1
        else:
            scores.misses.append((case.id, case.intent, got.intent, case.text))
        if case.intent == "policy_question":
            scores.section_total += 1
            if got.sections[:1] and got.sections[0] in case.sections:
                scores.section_correct += 1
            elif got.intent == case.intent:
                scores.misses.append(
                    (case.id, f"sections {','.join(case.sections)}", ",".join(got.sections), case.text)
                )
        if case.intent in CRISIS_INTENTS:
            scores.crisis_total += 1
            scores.crisis_found += got.intent in CRISIS_INTENTS
    return scores


def report(scores: Scores) -> str:
    lines = [
        f"cases            {scores.total}",
        f"intent accuracy  {scores.intent_accuracy:.3f}  ({scores.intent_correct}/{scores.total})",
        f"section accuracy {scores.section_accuracy:.3f}  "
        f"({scores.section_correct}/{scores.section_total} policy questions)",
        f"crisis recall    {scores.crisis_recall:.3f}  ({scores.crisis_found}/{scores.crisis_total})",
        "",
        "confusion (rows: labelled, columns: predicted)",
    ]
    labels = [i for i in INTENTS if any(i in pair for pair in scores.confusion)]
    short = {i: i.replace("report_", "rep_").replace("personal_", "pers_")[:10] for i in labels}
    lines.append(" " * 18 + " ".join(f"{short[i]:>10}" for i in labels))
    for gold in labels:
        cells = " ".join(f"{scores.confusion[(gold, got)] or '.':>10}" for got in labels)
        lines.append(f"{gold:<18}{cells}")
    if scores.misses:
        lines += ["", "misses"]
        lines += [f"  {cid}: {gold} -> {got}: {text[:90]}" for cid, gold, got, text in scores.misses]
    return "\n".join(lines)
