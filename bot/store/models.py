"""Tables. Revisions in `migrations/` create them; nothing here runs at import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ConversationStateRow(Base):
    """Which flow and step a conversation is at; `version` guards concurrent writers."""

    __tablename__ = "conversation_state"
    __table_args__ = (UniqueConstraint("platform", "conversation_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    flow: Mapped[str | None] = mapped_column(String(64))
    step: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AdviceLogRow(Base):
    """One answered turn, for the advice audit (policy section 9): never the text."""

    __tablename__ = "advice_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    intent: Mapped[str] = mapped_column(String(32), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    sections: Mapped[str] = mapped_column(String(64))
    cited_section: Mapped[str | None] = mapped_column(String(8))
    policy_version: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class EscalationRow(Base):
    """Something the Communications Team must see. Holds only what the report needs."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    """Where it was reported: slack, teams or terminal."""
    conversation_id: Mapped[str | None] = mapped_column(String(255))
    reporter_id: Mapped[str | None] = mapped_column(String(255))
    """None when the reporter chose to stay anonymous."""
    summary: Mapped[str] = mapped_column(String(1000))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    abandoned: Mapped[bool] = mapped_column(Boolean, default=False)
    purged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Append-only: who did what to an escalation, when, from which status to which."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(2000))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProcessedEventRow(Base):
    """Inbound event ids already handled (Slack event_id, Teams activity id)."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("source", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class InboxRow(Base):
    """A chat message acknowledged to its platform before its turn has run: what the turn
    needs to run (the text and where to answer), kept only until it has run, then deleted."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("source", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    """The server that took it runs its turn before then; after, any server may."""
    claimed_by: Mapped[str | None] = mapped_column(String(32), default=None)
    """The server that holds the claim (a random name each server process takes)."""


class OutboxRow(Base):
    """A message that must reach someone, written with the change that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    """comms_ping, reporter_update, reminder, alert, urgent_help."""
    target: Mapped[str] = mapped_column(String(32))
    """comms, oncall, or reporter."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))
    platform_message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RefCounterRow(Base):
    """The last reference number handed out per year (SP-2026-0042)."""

    __tablename__ = "ref_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class ConversationReferenceRow(Base):
    """Where a platform lets Signpost post unprompted: `channel:comms`, `channel:oncall`, or
    `user:ID` (a reporter's personal chat). Only addressing data, never message text."""

    __tablename__ = "conversation_references"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    registered_by: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# The tables the hot path writes with plain Core inserts (see bot/turn.py).
ADVICE_LOG: Table = AdviceLogRow.__table__  # type: ignore[assignment]
PROCESSED_EVENTS: Table = ProcessedEventRow.__table__  # type: ignore[assignment]
CONVERSATION_REFERENCES: Table = ConversationReferenceRow.__table__  # type: ignore[assignment]
INBOX: Table = InboxRow.__table__  # type: ignore[assignment]
