"""Loads and validates the knowledge files.

Any problem is a `KnowledgeError` naming the file, the line and what is wrong, so a
broken edit fails start-up with one clear sentence instead of a stack trace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from knowledge.models import (
    INTENTS,
    REPORT_KINDS,
    AnswerCard,
    Knowledge,
    Policy,
    PolicySection,
    Quote,
    ReportQuestion,
)

DATA_DIR = Path(__file__).parent / "data"
CARD_FIELDS = (
    "id", "title", "sections", "answer", "why", "next_step", "next_step_in_chat", "next_step_reported",
    "answer_reported",
    "quotes", "examples", "about", "not_for",
)  # fmt: skip
MIN_CARD_EXAMPLES = 5
MIN_REPORT_QUESTION_EXAMPLES = 12
REPORT_QUESTION_FIELDS = ("id", "answer", "reports", "after", "after_reports", "examples")
PLACEHOLDERS = frozenset({"hours", "comms_contact"})
AFTER_PLACEHOLDERS = PLACEHOLDERS | {"ref"}
"""An answer given just after a report may name its reference too."""
_SLASH_COMMAND = re.compile(r"(?<![\w/])/[a-z][a-z-]+\b")
"""A Slack slash command named in a card's text ("/report-mention")."""


class KnowledgeError(Exception):
    """A knowledge file is broken; the message says where and how."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


class _Mapping(dict[str, Any]):
    line = 0
    lines: dict[str, int]


class _Sequence(list[Any]):
    line = 0
    lines: list[int]


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader (libyaml when present) that remembers the line of every
    mapping, list and value."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    result = _Mapping(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    result.lines = {str(key.value): value.start_mark.line + 1 for key, value in node.value}
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Sequence:
    result = _Sequence(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    result.lines = [item.start_mark.line + 1 for item in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def squash(text: str) -> str:
    """Text with runs of white space folded, for comparing quotes with the policy."""
    return re.sub(r"\s+", " ", text).strip()


class _Reader:
    """Reads one YAML file and checks its fields, raising KnowledgeError with lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.doc: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise KnowledgeError(
                path, mark.line + 1 if mark else 1, f"not valid YAML: {exc.problem}"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(path, 1, f"cannot be read: {exc}") from None

    def fail(self, line: int, problem: str) -> KnowledgeError:
        return KnowledgeError(self.path, line, problem)

    def mapping(self, value: Any, line: int, what: str) -> _Mapping:
        if not isinstance(value, _Mapping):
            raise self.fail(getattr(value, "line", line), f"{what} must be a mapping of fields")
        return value

    def items(self, parent: _Mapping, key: str, what: str) -> list[_Mapping]:
        """The mappings listed under `key`, each checked to be one."""
        raw = parent.get(key)
        if not isinstance(raw, _Sequence) or not raw:
            raise self.fail(parent.lines.get(key, parent.line), f"'{key}' must be a non-empty list")
        return [self.mapping(value, line, what) for value, line in zip(raw, raw.lines, strict=True)]

    def known_fields(self, item: _Mapping, fields: tuple[str, ...], what: str) -> None:
        for key in item:
            if key not in fields:
                raise self.fail(item.lines[key], f"unknown field '{key}' ({what} has {', '.join(fields)})")

    def text(self, parent: _Mapping, key: str) -> str:
        value = parent.get(key)
        line = parent.lines.get(key, parent.line)
        if key not in parent:
            raise self.fail(parent.line, f"missing field '{key}'")
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise self.fail(line, f"field '{key}' must be non-empty text")
        return str(value).strip()

    def texts(self, parent: _Mapping, key: str) -> tuple[tuple[str, int], ...]:
        value = parent.get(key)
        if key not in parent:
            raise self.fail(parent.line, f"missing field '{key}'")
        if not isinstance(value, _Sequence) or not value:
            raise self.fail(parent.lines.get(key, parent.line), f"field '{key}' must be a non-empty list")
        out = []
        for item, line in zip(value, value.lines, strict=True):
            if not isinstance(item, str | int | float) or not str(item).strip():
                raise self.fail(line, f"every entry of '{key}' must be non-empty text")
            out.append((str(item).strip(), line))
        return tuple(out)


def _year_month(reader: _Reader, doc: _Mapping, key: str, *, end: bool) -> dt.date:
    raw = reader.text(doc, key)
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", raw)
    if not match:
        raise reader.fail(doc.lines.get(key, doc.line), f"'{key}' must be YYYY-MM or YYYY-MM-DD, not {raw!r}")
    year, month, day = int(match[1]), int(match[2]), match[3]
    if day:
        return dt.date(year, month, int(day))
    if not end:
        return dt.date(year, month, 1)
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def load_policy(path: Path) -> Policy:
    reader = _Reader(path)
    doc = reader.mapping(reader.doc, 1, "the policy file")
    sections: list[PolicySection] = []
    for item in reader.items(doc, "sections", "a section"):
        section = PolicySection(
            reader.text(item, "id"), reader.text(item, "title"), reader.text(item, "text")
        )
        if any(s.id == section.id for s in sections):
            raise reader.fail(item.lines["id"], f"section id '{section.id}' appears twice")
        sections.append(section)
    return Policy(
        name=reader.text(doc, "name"),
        version=reader.text(doc, "version"),
        approved=_year_month(reader, doc, "approved", end=False),
        review_due=_year_month(reader, doc, "review_date", end=True),
        newer_version_at=reader.text(doc, "newer_version_at"),
        author=reader.text(doc, "author") if "author" in doc else "",
        approved_by=reader.text(doc, "approved_by") if "approved_by" in doc else "",
        sections=tuple(sections),
    )


def _load_card(reader: _Reader, item: _Mapping, policy: Policy) -> AnswerCard:
    reader.known_fields(item, CARD_FIELDS, "a card")
    section_ids = {s.id for s in policy.sections}
    sections = reader.texts(item, "sections")
    for section_id, line in sections:
        if section_id not in section_ids:
            raise reader.fail(line, f"no section '{section_id}' in the policy")
    quotes_raw = item.get("quotes")
    if not isinstance(quotes_raw, _Sequence) or not quotes_raw:
        raise reader.fail(item.lines.get("quotes", item.line), "field 'quotes' must be a non-empty list")
    quotes = tuple(
        _load_quote(reader, q, line, policy) for q, line in zip(quotes_raw, quotes_raw.lines, strict=True)
    )
    examples = reader.texts(item, "examples")
    if len(examples) < MIN_CARD_EXAMPLES:
        raise reader.fail(item.lines["examples"], f"a card needs at least {MIN_CARD_EXAMPLES} examples")
    if _SLASH_COMMAND.search(str(item.get("next_step", ""))) and "next_step_in_chat" not in item:
        raise reader.fail(
            item.lines.get("next_step", item.line),
            "a next step naming a slash command needs 'next_step_in_chat' for Teams and the terminal",
        )
    return AnswerCard(
        id=reader.text(item, "id"),
        title=reader.text(item, "title"),
        sections=tuple(s for s, _ in sections),
        answer=reader.text(item, "answer"),
        why=reader.text(item, "why"),
        next_step=reader.text(item, "next_step"),
        quotes=quotes,
        examples=tuple(e for e, _ in examples),
        about=tuple(word for word, _ in reader.texts(item, "about")) if "about" in item else (),
        not_for=tuple(word for word, _ in reader.texts(item, "not_for")) if "not_for" in item else (),
        next_step_in_chat=reader.text(item, "next_step_in_chat") if "next_step_in_chat" in item else "",
        next_step_reported=reader.text(item, "next_step_reported") if "next_step_reported" in item else "",
        answer_reported=reader.text(item, "answer_reported") if "answer_reported" in item else "",
    )


def _load_quote(reader: _Reader, raw: Any, line: int, policy: Policy) -> Quote:
    item = reader.mapping(raw, line, "a quote")
    section_id, text = reader.text(item, "section"), reader.text(item, "text")
    try:
        section = policy.section(section_id)
    except KeyError:
        raise reader.fail(item.lines["section"], f"no section '{section_id}' in the policy") from None
    if squash(text) not in squash(section.text):
        raise reader.fail(
            item.lines["text"], f"quote is not word for word in section {section_id}: {text[:60]!r}"
        )
    return Quote(section_id, squash(text))


def load_cards(path: Path, policy: Policy) -> tuple[tuple[AnswerCard, _Mapping], ...]:
    """The cards in one file, each with its raw mapping (for line numbers)."""
    reader = _Reader(path)
    if not isinstance(reader.doc, _Sequence):
        raise reader.fail(1, "a card file must be a list of cards")
    out = []
    for raw, line in zip(reader.doc, reader.doc.lines, strict=True):
        item = reader.mapping(raw, line, "a card")
        out.append((_load_card(reader, item, policy), item))
    return tuple(out)


def load_intent_examples(path: Path) -> tuple[str, tuple[tuple[str, int], ...]]:
    reader = _Reader(path)
    doc = reader.mapping(reader.doc, 1, "an intent file")
    intent = reader.text(doc, "intent")
    if intent not in INTENTS:
        raise reader.fail(doc.lines["intent"], f"unknown intent '{intent}' (one of {', '.join(INTENTS)})")
    return intent, reader.texts(doc, "examples")


def load_report_answers(path: Path) -> tuple[str, ...]:
    return _load_examples(path, "a report answers file")


def load_ordinary_remarks(path: Path) -> tuple[str, ...]:
    return _load_examples(path, "an ordinary remarks file")


def _load_examples(path: Path, what: str) -> tuple[str, ...]:
    reader = _Reader(path)
    doc = reader.mapping(reader.doc, 1, what)
    return tuple(text for text, _ in reader.texts(doc, "examples"))


def load_report_questions(path: Path) -> tuple[ReportQuestion, ...]:
    reader = _Reader(path)
    doc = reader.mapping(reader.doc, 1, "a report questions file")
    out: list[ReportQuestion] = []
    for item in reader.items(doc, "questions", "a report question"):
        reader.known_fields(item, REPORT_QUESTION_FIELDS, "a question")
        question_id = reader.text(item, "id")
        if any(q.id == question_id for q in out):
            raise reader.fail(item.lines["id"], f"report question id '{question_id}' is used twice")
        answers = {"": (reader.text(item, "answer"), item.lines["answer"])}
        if "reports" in item:
            answers |= _by_report(reader, item, "reports")
        _check_placeholders(reader, answers.values(), PLACEHOLDERS)
        after: dict[str, tuple[str, int]] = {}
        if "after" in item:
            after[""] = (reader.text(item, "after"), item.lines["after"])
        if "after_reports" in item:
            if not after:
                raise reader.fail(item.lines["after_reports"], "'after_reports' needs an 'after' answer")
            after |= _by_report(reader, item, "after_reports")
        _check_placeholders(reader, after.values(), AFTER_PLACEHOLDERS)
        examples = reader.texts(item, "examples")
        if len(examples) < MIN_REPORT_QUESTION_EXAMPLES:
            raise reader.fail(
                item.lines["examples"],
                f"a report question needs at least {MIN_REPORT_QUESTION_EXAMPLES} examples",
            )
        out.append(
            ReportQuestion(
                id=question_id,
                answer=answers.pop("")[0],
                by_report={kind: text for kind, (text, _) in answers.items()},
                examples=tuple(e for e, _ in examples),
                after=after.pop("", ("", 0))[0],
                after_by_report={kind: text for kind, (text, _) in after.items()},
            )
        )
    return tuple(out)


def _by_report(reader: _Reader, item: _Mapping, field: str) -> dict[str, tuple[str, int]]:
    """A question's answers for some kinds of report, each with its line."""
    kinds = reader.mapping(item[field], item.lines[field], f"'{field}'")
    out = {}
    for kind in kinds:
        if kind not in REPORT_KINDS:
            known = ", ".join(REPORT_KINDS)
            raise reader.fail(kinds.lines[kind], f"unknown report '{kind}' (one of {known})")
        out[str(kind)] = (reader.text(kinds, kind), kinds.lines[kind])
    return out


def _check_placeholders(reader: _Reader, answers: Iterable[tuple[str, int]], known: frozenset[str]) -> None:
    for text, at in answers:
        unknown = set(re.findall(r"\{(\w*)\}", text)) - known
        if unknown:
            raise reader.fail(
                at, f"unknown placeholder {{{sorted(unknown)[0]}}} (one of {', '.join(sorted(known))})"
            )


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_knowledge(data_dir: Path | None = None) -> Knowledge:
    """Everything in `data_dir` (default: $SIGNPOST_KNOWLEDGE_DIR, else the shipped
    files), validated; raises KnowledgeError on the first problem."""
    data_dir = data_dir or Path(os.environ.get("SIGNPOST_KNOWLEDGE_DIR") or DATA_DIR)
    policy_path = data_dir / "policy.yaml"
    card_paths = sorted((data_dir / "cards").glob("*.yaml"))
    intent_paths = sorted((data_dir / "intents").glob("*.yaml"))
    answers_path = data_dir / "report_answers.yaml"
    answer_paths = [answers_path] if answers_path.is_file() else []
    questions_path = data_dir / "report_questions.yaml"
    question_paths = [questions_path] if questions_path.is_file() else []
    remarks_path = data_dir / "ordinary_remarks.yaml"
    remark_paths = [remarks_path] if remarks_path.is_file() else []
    if not policy_path.is_file():
        raise KnowledgeError(policy_path, 1, "the policy file is missing")
    policy = load_policy(policy_path)
    cards: list[AnswerCard] = []
    labels = _Labels()
    for path in card_paths:
        for card, item in load_cards(path, policy):
            if any(c.id == card.id for c in cards):
                raise KnowledgeError(path, item.lines["id"], f"card id '{card.id}' is used twice")
            cards.append(card)
            for text, line in zip(card.examples, item["examples"].lines, strict=True):
                labels.add("policy_question", text, path, line)
    examples: dict[str, list[str]] = {intent: [] for intent in INTENTS}
    for path in intent_paths:
        intent, texts = load_intent_examples(path)
        for text, line in texts:
            labels.add(intent, text, path, line)
            examples[intent].append(text)
    examples["policy_question"].extend(e for card in cards for e in card.examples)
    return Knowledge(
        policy=policy,
        cards=tuple(cards),
        intent_examples={k: tuple(v) for k, v in examples.items()},
        fingerprint=_fingerprint(
            [policy_path, *card_paths, *intent_paths, *answer_paths, *question_paths, *remark_paths]
        ),
        report_answers=tuple(a for path in answer_paths for a in load_report_answers(path)),
        report_questions=tuple(q for path in question_paths for q in load_report_questions(path)),
        ordinary_remarks=tuple(r for path in remark_paths for r in load_ordinary_remarks(path)),
    )


class _Labels:
    """The same message may not teach two different intents."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, Path, int]] = {}

    def add(self, intent: str, text: str, path: Path, line: int) -> None:
        other = self.seen.setdefault(squash(text).lower(), (intent, path, line))
        if other[0] != intent:
            raise KnowledgeError(
                path,
                line,
                f"example {text[:60]!r} is labelled {intent} here but {other[0]} at {other[1]}:{other[2]}",
            )
