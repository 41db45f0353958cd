"""What the Communications Team sees and does from a chat platform: a read-only view of an
escalation with its history, the lifecycle actions, and refusals for non-members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.escalations import IllegalTransition, Status, act
from bot.messages import utcnow
from bot.store.escalations import audit_trail, get_escalation
from bot.store.models import AuditRow, EscalationRow, OutboxRow

NOTE_LIMIT = 2000
KIND_LABELS = {  # what each platform shows for an escalation's kind, status and history
    "criticism": "Criticism online",
    "crisis": "Someone online in crisis",
    "breach": "Possible policy breach",
    "targeted": "Staff member targeted online",
    "account_request": "New account request",
    "mention": "Mention of the Trust online",
}
STATUS_LABELS = {"open": "Open", "acknowledged": "Acknowledged", "resolved": "Resolved"}
WITHDRAWN = (
    "The reporter says {ref} was reported by mistake, so it is marked resolved: the {where} above shows it."
)
"""The team's thread notice when a reporter withdraws a report (`queue_withdrawn`)."""


HISTORY_ACTIONS = {
    "acknowledged": "Acknowledged",
    "resolved": "Resolved",
    "reopened": "Reopened",
    "details added": "More details added",
    "stopped by the reporter": "Questions stopped",
}


@dataclass(frozen=True)
class HistoryEntry:
    actor: str
    action: str
    at: dt.datetime
    note: str | None


@dataclass(frozen=True)
class EscalationView:
    """An escalation as the platforms render it (a Slack message, a Teams card)."""

    ref: str
    kind: str
    severity: str
    status: str
    channel: str
    reporter_id: str | None
    summary: str
    details: dict[str, Any]
    abandoned: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    history: tuple[HistoryEntry, ...] = ()
    pings: tuple[tuple[str, str, str], ...] = ()
    """(target, message id, purpose) of every full copy posted for it: the team's ping
    ("comms", "comms_ping") and any on-call copies ("oncall", "oncall_ping" out of hours or
    "reminder" when no one acknowledged it in time)."""

    @property
    def urgent(self) -> bool:
        return self.severity == "urgent"

    def last(self, action: str) -> HistoryEntry | None:
        found = [entry for entry in self.history if entry.action == action]
        return found[-1] if found else None


async def view_of(session: AsyncSession, row: EscalationRow) -> EscalationView:
    trail = await audit_trail(session, escalation_id=row.id)
    pings = await session.execute(
        select(OutboxRow.target, OutboxRow.platform_message_id, OutboxRow.purpose).where(
            OutboxRow.escalation_id == row.id,
            OutboxRow.purpose.in_(("comms_ping", "oncall_ping"))
            | ((OutboxRow.purpose == "reminder") & (OutboxRow.target == "oncall")),
            OutboxRow.status == "sent",
            OutboxRow.platform_message_id.is_not(None),
        )
    )
    return EscalationView(
        ref=row.ref,
        kind=row.kind,
        severity=row.severity,
        status=row.status,
        channel=row.channel,
        reporter_id=row.reporter_id,
        summary=row.summary,
        details=dict(row.details or {}),
        abandoned=row.abandoned,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
        history=tuple(HistoryEntry(a.actor, a.action, _aware(a.at), a.note) for a in trail),
        pings=tuple((str(target), str(message_id), str(purpose)) for target, message_id, purpose in pings),
    )


@dataclass(frozen=True)
class ActionResult:
    """`changed` is False when the action was refused (already done, not allowed)."""

    view: EscalationView | None
    changed: bool
    message: str


@dataclass(frozen=True)
class CommsDesk:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], dt.datetime] = utcnow

    async def view(self, ref: str) -> EscalationView | None:
        async with self.sessions() as session:
            row = await get_escalation(session, ref=ref)
            return None if row is None else await view_of(session, row)

    async def act(self, ref: str, to: Status, *, actor: str, note: str | None = None) -> ActionResult:
        """Acknowledge, resolve or reopen; a second click on the same button changes nothing."""
        note = (note or "").strip()[:NOTE_LIMIT] or None
        try:
            async with self.sessions.begin() as session:
                row = await act(session, ref=ref, to=to, actor=actor, now=self.clock(), note=note)
                view = await view_of(session, row)
        except IllegalTransition as refused:
            return ActionResult(await self.view(ref), changed=False, message=str(refused))
        return ActionResult(view, changed=True, message=f"{view.ref} is now {view.status}.")

    async def refuse(self, ref: str, *, actor: str, action: str) -> None:
        """Audit an attempt by someone outside the Communications Team; nothing changes."""
        async with self.sessions.begin() as session:
            row = await get_escalation(session, ref=ref)
            if row is not None:
                note = f"{action} refused: not a Communications Team member"
                session.add(
                    AuditRow(escalation_id=row.id, actor=actor, action="refused", note=note, at=self.clock())
                )

    async def reported_by(self, reporter_id: str, *, channel: str, limit: int = 5) -> list[EscalationView]:
        """A reporter's own recent reports (never anyone else's)."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(EscalationRow)
                .where(EscalationRow.reporter_id == reporter_id, EscalationRow.channel == channel)
                .order_by(EscalationRow.created_at.desc(), EscalationRow.id.desc())
                .limit(limit)
            )
            return [await view_of(session, row) for row in rows.scalars()]


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
