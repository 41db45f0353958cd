"""The shapes of what Signpost knows: policy sections, answer cards, intent examples."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

INTENTS: tuple[str, ...] = (
    "policy_question",
    "report_criticism",
    "report_crisis",
    "personal_crisis",
    "report_breach",
    "report_targeted",
    "request_account",
    "greeting",
    "help",
    "out_of_scope",
)
CRISIS_INTENTS: frozenset[str] = frozenset({"personal_crisis", "report_crisis"})

# The section each flow rests on (CONTRACT.md intents table).
FLOW_SECTIONS: dict[str, tuple[str, ...]] = {
    "report_criticism": ("6.7",),
    "report_crisis": ("6.8",),
    "report_breach": ("7", "5.2"),
    "report_targeted": ("7",),
    "request_account": ("6.6.2", "A2"),
}


REPORT_KINDS: tuple[str, ...] = ("criticism", "crisis", "breach", "targeted", "account_request")
"""The kinds of report (CONTRACT.md escalation kinds made in chat)."""


@dataclass(frozen=True)
class PolicySection:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    approved: dt.date
    review_due: dt.date
    newer_version_at: str
    sections: tuple[PolicySection, ...]
    author: str = ""
    approved_by: str = ""

    def section(self, section_id: str) -> PolicySection:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def review_overdue(self, today: dt.date) -> bool:
        return today > self.review_due

    def cite(self, section_id: str) -> str:
        label = "Appendix " + section_id[1:] if section_id.startswith("A") else "section " + section_id
        return f"{self.name} v{self.version}, {label}"


@dataclass(frozen=True)
class Quote:
    section: str
    text: str


@dataclass(frozen=True)
class AnswerCard:
    id: str
    title: str
    sections: tuple[str, ...]
    answer: str
    why: str
    next_step: str
    quotes: tuple[Quote, ...]
    examples: tuple[str, ...]
    about: tuple[str, ...] = ()
    """Words naming whom the card's answer is about ("patient", "carer")..."""
    not_for: tuple[str, ...] = ()
    """...and words naming others ("colleague", "manager"): a question naming one of these and
    none of `about` is about someone the answer is not for."""
    next_step_in_chat: str = ""
    """The next step where there are no slash commands (Teams, the terminal), when `next_step`
    names one; empty when `next_step` suits every platform."""
    next_step_reported: str = ""
    """The next step for someone who has just reported the case the card is about, when
    `next_step` tells them to report it; empty when it suits them too."""
    answer_reported: str = ""
    """The plain answer for someone who has just reported the case, when `answer` tells them
    to report it; empty when the answer, without its opening "Yes" or "No", suits them too."""


@dataclass(frozen=True)
class ReportQuestion:
    """A question about the report itself ("should i screenshot it", "who will see this"),
    answered in the middle of one."""

    id: str
    answer: str
    """`{hours}` and `{comms_contact}` are filled in when it is said."""
    by_report: dict[str, str]
    """A different answer for some kinds of report (`REPORT_KINDS`)."""
    examples: tuple[str, ...]
    after: str = ""
    """The answer just after a report is sent ("will they contact me?"), `{ref}` its
    reference; empty when the question is only asked in the middle of one."""
    after_by_report: dict[str, str] = field(default_factory=dict)
    """A different answer after some kinds of report."""

    def answer_for(self, kind: str) -> str:
        return self.by_report.get(kind, self.answer)

    def after_for(self, kind: str) -> str:
        """The answer just after a report of this kind; empty when there is none."""
        return self.after_by_report.get(kind, self.after)


@dataclass(frozen=True)
class Knowledge:
    policy: Policy
    cards: tuple[AnswerCard, ...]
    intent_examples: dict[str, tuple[str, ...]]
    fingerprint: str
    report_answers: tuple[str, ...] = ()
    """What staff answer while reporting a post ("i can't find the link"): not distress, though
    said in the first person with "can't" or "don't". Not an intent's examples: only the
    reading of a report's answers learns from them (`bot/understanding`)."""
    report_questions: tuple[ReportQuestion, ...] = ()
    """Questions about the report itself, answered in the middle of one; only the report
    question model learns from them."""
    ordinary_remarks: tuple[str, ...] = ()
    """What staff say beside a question that is no sign of a crisis, though said in the first
    person and with feeling ("i'm a bit worried but he's my supervisor", "i told her but she
    just laughs it off"). Not an intent's examples: only the sentence crisis detector learns from
    them, as not a crisis (`bot/understanding/training.py`)."""

    def card(self, card_id: str) -> AnswerCard:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)
