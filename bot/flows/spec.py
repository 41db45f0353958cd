"""What a guided report is made of: its advice, its questions, and what it records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.messages import Choice, Reply
from bot.signposting import UrgentHelp

StepKind = Literal["text", "where", "when", "how_long", "platform", "choice", "yesno", "gate"]
"""`when`: free text, where a bare time ("last night i think") is a plain answer; `how_long`: free
text, where a bare length of time ("ongoing, no end date") is one."""
Answers = dict[str, Any]


@dataclass(frozen=True)
class FlowContext:
    urgent_help: UrgentHelp
    comms_contact: str
    office_hours: str = "weekdays 9:00-17:00"
    """When the Communications Team is watching, as said to staff (`OfficeHours.describe`)."""


@dataclass(frozen=True)
class Step:
    slot: str
    ask: str
    kind: StepKind = "text"
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    label: str = ""
    """How the answer is named in the summary; empty for gates."""
    quoted: bool = False
    """The answer is someone else's words: distress in it is theirs, not the user's."""
    in_words: Callable[[str], Choice | None] | None = None
    """For a choice: which choice an answer in the user's own words names, if any. With it, an
    answer that names none is kept as it was said ("the crisis line staff"), not asked again."""
    yes_in_words: Callable[[str], bool | None] | None = None
    """For a yes-or-no question: whether an answer in the user's own words means yes or no
    ("keep me anonymous", "you can use my name"), if it says."""


@dataclass(frozen=True)
class FlowSpec:
    intent: str
    kind: str
    intro: Callable[[FlowContext], tuple[Reply, ...]]
    steps: tuple[Step, ...]
    summary: Callable[[Answers], str]
    severity: Callable[[Answers], str] = lambda _answers: "normal"
    confirm: bool = True
    declined: str = "OK. Nothing has been recorded."
    closing: Callable[[FlowContext], tuple[str, ...]] = lambda _ctx: ()
    record_at_once: bool = False
    """Recorded as soon as anything is described (someone may be at risk); later answers are
    added to it, and walking away or cancelling never loses it."""
    prefill_from_first_message: tuple[str, ...] = ()
    """Slots the first message may answer as a whole, when it says enough."""
    says_enough: Callable[[str], bool] | None = None
    """When the first message says enough for `prefill_from_first_message`, if not by its length."""
    intro_for_managers: Callable[[FlowContext], tuple[Reply, ...]] | None = None
    """The advice instead of `intro` when the first message is a manager's ("one of my team…")."""

    def step(self, slot: str | None) -> Step | None:
        return next((s for s in self.steps if s.slot == slot), None)
