"""The one message shape every platform is turned into, and what the core answers with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


MAX_TEXT = 40_000
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\n\t")


def clean_text(text: str) -> str:
    """User text without control characters or lone surrogates, at most 40,000 characters
    (Slack's own limit): safe to store in any database and to echo back."""
    text = text[:MAX_TEXT].translate(_CONTROL).replace("\x7f", "")
    return text.encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class IncomingMessage:
    """A user's turn, whatever platform it came from."""

    platform: str
    conversation_id: str
    user_id: str
    text: str
    message_id: str | None = None
    is_direct: bool = True
    received_at: dt.datetime = field(default_factory=utcnow)
    holds_urgent_help: bool = False
    """The adapter sends the replies after the turn is committed (Slack's events, after the
    acknowledgement; Teams messages): urgent help is then also held in the outbox until the
    adapter reports it sent, so it still reaches the person when the server dies in between."""


@dataclass(frozen=True)
class Choice:
    """A button (Slack, Teams) or a numbered option (terminal)."""

    label: str
    value: str


@dataclass(frozen=True)
class Citation:
    section_id: str
    reference: str
    """e.g. "Staff Use of Social Media Policy v1.0, section 6.1"."""


@dataclass(frozen=True)
class PolicyAnswer:
    """A policy answer in parts, so each adapter can lay it out its own way."""

    answer: str
    why: str
    quotes: tuple[tuple[str, Citation], ...]
    next_step: str
    notice: str | None = None


@dataclass(frozen=True)
class Reply:
    """What Signpost says. `text` is complete on its own; the other fields let an
    adapter render richer layouts (blocks, cards, buttons)."""

    text: str
    choices: tuple[Choice, ...] = ()
    policy_answer: PolicyAnswer | None = None
    urgent: bool = False


@dataclass(frozen=True)
class ConversationState:
    """Where a conversation is: which flow, which step, what was collected."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    """The stored row's version when loaded (0: none); a save expects it unchanged."""


@dataclass(frozen=True)
class AdviceRecord:
    """The advice audit for one answered turn: never the user's words."""

    intent: str
    confidence: float
    sections: tuple[str, ...]
    cited_section: str | None
    policy_version: str
    card: str | None = None
    """The answer card given, if any: the next message may carry on from it. Not stored."""


@dataclass(frozen=True)
class EscalationDraft:
    """A report a flow has finished: `bot.turn` records it, with its audit row and the
    Communications Team ping, in the same transaction as the conversation state."""

    kind: str
    severity: str
    summary: str
    details: dict[str, Any]
    anonymous: bool = False
    abandoned: bool = False
    closing: tuple[str, ...] = ()
    """Lines for the reporter after the reference, e.g. a wellbeing note."""
    ref: str | None = None
    """Set when the report was already recorded: this adds to that escalation."""
    withdrawn: bool = False
    """The reporter says the recorded report was a mistake."""
    partial: bool = False
    """An answer added while the report is still asking (`ref` set): stored and passed on at
    once, with no confirmation for the reporter yet."""


@dataclass(frozen=True)
class Outcome:
    """What a handler decided; `bot.turn` writes it and the adapter sends the replies."""

    replies: tuple[Reply, ...]
    state: ConversationState = field(default_factory=ConversationState)
    advice: AdviceRecord | None = None
    escalation: EscalationDraft | None = None
    private: bool = False
    """About a report or someone's wellbeing: show it to the user alone (a direct message),
    never in a shared channel. Set by `bot.turn`."""
    urgent_key: str | None = None
    """The outbox key holding this turn's urgent help (`holds_urgent_help` turns): the adapter
    reports its own send of `held_reply` with `Turns.settle_urgent`."""
    seen_before: bool = False
    """The message's id was handled before: a platform's retry, or this turn's own commit that
    went through although its connection dropped before saying so. No replies of its own."""

    @property
    def held_reply(self) -> Reply | None:
        """The reply whose send settles the held row: the first urgent one (the signposting)."""
        if self.urgent_key is None:
            return None
        return next((reply for reply in self.replies if reply.urgent), None)


def detail_text(value: Any) -> str:
    """A stored detail as a person reads it: yes/no rather than True/False, lists joined."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None:
        return "Not given"
    if isinstance(value, list | tuple):
        return ", ".join(detail_text(item) for item in value)
    return str(value)
