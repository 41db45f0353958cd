"""Escalations, their audit trail and the outbox rows written with them. Never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.health import without_health_details
from bot.store.models import AuditRow, EscalationRow, OutboxRow, RefCounterRow
from bot.store.outbox import outbox_values

STOPPED = "stopped by the reporter"
"""The audit action of a report recorded at once whose questions the reporter stopped."""


@dataclass(frozen=True)
class NewEscalation:
    kind: str
    severity: str
    channel: str
    conversation_id: str | None
    reporter_id: str | None
    summary: str
    details: dict[str, Any]
    abandoned: bool = False


async def next_ref(session: AsyncSession, *, now: dt.datetime) -> str:
    """SP-YYYY-NNNN, unique across replicas: the counter row is bumped in one statement."""
    year = now.year
    bumped = await session.execute(
        update(RefCounterRow)
        .where(RefCounterRow.year == year)
        .values(last=RefCounterRow.last + 1)
        .returning(RefCounterRow.last)
    )
    number = bumped.scalar_one_or_none()
    if number is None:
        session.add(RefCounterRow(year=year, last=1))
        await session.flush()
        number = 1
    return f"SP-{year}-{number:04d}"


FollowUp = tuple[dt.datetime, str, str]
"""(when, purpose, target): an out-of-hours ping or a reminder, due at `when`."""


async def create_escalation(
    session: AsyncSession,
    *,
    new: NewEscalation,
    actor: str,
    now: dt.datetime,
    follow_ups: tuple[FollowUp, ...] = (),
) -> EscalationRow:
    """The escalation, its first audit row, the Communications Team ping and any follow-ups
    (out-of-hours route, reminders), together."""
    row = EscalationRow(
        ref=await next_ref(session, now=now),
        kind=new.kind,
        severity=new.severity,
        status="open",
        channel=new.channel,
        conversation_id=new.conversation_id,
        reporter_id=new.reporter_id,
        summary=_kept(new.kind, new.summary)[:1000],
        details={key: _kept(new.kind, value) for key, value in new.details.items()},
        abandoned=new.abandoned,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    session.add(AuditRow(escalation_id=row.id, actor=actor, action="opened", to_status="open", at=now))
    ref = {"ref": row.ref}
    session.add(pending(row, "comms_ping", "comms", ref, key=f"comms_ping:{row.ref}", now=now))
    _queue_follow_ups(session, row, follow_ups)
    return row


def _queue_follow_ups(session: AsyncSession, row: EscalationRow, follow_ups: tuple[FollowUp, ...]) -> None:
    for when, purpose, target in follow_ups:
        key = f"{purpose}:{target}:{row.ref}:{when.isoformat()}"
        session.add(pending(row, purpose, target, {"ref": row.ref}, key=key, now=when))


def pending(
    escalation: EscalationRow,
    purpose: str,
    target: str,
    payload: dict[str, Any],
    *,
    key: str,
    now: dt.datetime,
) -> OutboxRow:
    """An outbox message for the delivery worker, due at `now`; `key` makes a retry a no-op."""
    return OutboxRow(
        **outbox_values(purpose, target, payload, key=key, now=now, due=now, escalation_id=escalation.id)
    )


async def get_escalation(session: AsyncSession, *, ref: str) -> EscalationRow | None:
    query = select(EscalationRow).where(EscalationRow.ref == ref.strip().upper())
    return (await session.execute(query)).scalar_one_or_none()


async def list_escalations(
    session: AsyncSession, *, status: str | None = None, since: dt.datetime | None = None
) -> list[EscalationRow]:
    query = select(EscalationRow).order_by(EscalationRow.created_at.desc(), EscalationRow.id.desc())
    if status:
        query = query.where(EscalationRow.status == status)
    if since is not None:
        query = query.where(EscalationRow.created_at >= since)
    return list((await session.execute(query)).scalars())


async def audit_trail(session: AsyncSession, *, escalation_id: int) -> list[AuditRow]:
    query = select(AuditRow).where(AuditRow.escalation_id == escalation_id).order_by(AuditRow.id)
    return list((await session.execute(query)).scalars())


async def audit_trails(session: AsyncSession, escalation_ids: list[int]) -> dict[int, list[AuditRow]]:
    """The audit trails of many escalations, oldest entry first, in a few queries."""
    trails: dict[int, list[AuditRow]] = {}
    for start in range(0, len(escalation_ids), 500):
        chunk = escalation_ids[start : start + 500]
        query = select(AuditRow).where(AuditRow.escalation_id.in_(chunk)).order_by(AuditRow.id)
        for entry in (await session.execute(query)).scalars():
            trails.setdefault(entry.escalation_id, []).append(entry)
    return trails


async def outbox_for(session: AsyncSession, *, escalation_id: int) -> list[OutboxRow]:
    query = select(OutboxRow).where(OutboxRow.escalation_id == escalation_id).order_by(OutboxRow.id)
    return list((await session.execute(query)).scalars())


async def queue_reporter_update(
    session: AsyncSession, *, escalation: EscalationRow, text: str, key: str, now: dt.datetime
) -> None:
    """Tell the reporter (unless anonymous) what changed, through the outbox."""
    if escalation.reporter_id is None:
        return
    payload = {
        "ref": escalation.ref,
        "channel": escalation.channel,
        "user_id": escalation.reporter_id,
        "conversation_id": escalation.conversation_id,
        "text": text,
    }
    session.add(pending(escalation, "reporter_update", "reporter", payload, key=key, now=now))


async def purge_resolved(session: AsyncSession, *, older_than: dt.datetime) -> int:
    """Deletes what resolved escalations said (summary, details, reporter, notes, message
    payloads), keeping an anonymised row (kind, severity, dates) for statistics."""
    rows = (
        await session.execute(
            select(EscalationRow).where(
                EscalationRow.status == "resolved",
                EscalationRow.updated_at < older_than,
                EscalationRow.purged.is_(False),
            )
        )
    ).scalars()
    count = 0
    for row in rows:
        row.summary, row.details, row.purged = "(details deleted)", {}, True
        row.reporter_id = row.conversation_id = None
        await session.execute(update(AuditRow).where(AuditRow.escalation_id == row.id).values(note=None))
        await session.execute(update(OutboxRow).where(OutboxRow.escalation_id == row.id).values(payload={}))
        count += 1
    return count


KEPT_EVERY_TIME = frozenset(("Reporter added",))
"""Details a reporter may give more than once ("she's still posting", then "now she's deleted
it"): each is kept under its own number, never in place of the one before."""


def _kept(kind: str, value: Any) -> Any:
    """What is stored of a report's words: health details left out (`bot.health`), whichever way
    the report came (chat, form, words added after it). An account plan's service names stay."""
    return without_health_details(value) if isinstance(value, str) and kind != "account_request" else value


def _joined(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    joined = dict(old)
    for key, value in new.items():
        if key in KEPT_EVERY_TIME and key in joined:
            n = 2
            while f"{key} ({n})" in joined:
                n += 1
            key = f"{key} ({n})"
        joined[key] = value
    return joined


async def add_to_escalation(
    session: AsyncSession,
    *,
    escalation: EscalationRow,
    summary: str,
    details: dict[str, Any],
    abandoned: bool,
    actor: str,
    now: dt.datetime,
    severity: str = "",
    follow_ups: tuple[FollowUp, ...] = (),
) -> None:
    """Later answers join an escalation recorded early; the Communications Team hears of it.
    An empty `summary` keeps the one it has; `severity` "urgent" makes it urgent (never less).
    `follow_ups` (an urgent report's out-of-hours route and reminders) are queued when that
    makes it urgent while nobody has acknowledged it."""
    if summary:
        escalation.summary = _kept(escalation.kind, summary)[:1000]
    details = {key: _kept(escalation.kind, value) for key, value in details.items()}
    if severity == "urgent" and escalation.severity != "urgent":
        escalation.severity = "urgent"
        if escalation.status == "open":
            _queue_follow_ups(session, escalation, follow_ups)
    escalation.details = _joined(escalation.details or {}, details)
    # A report recorded at once and then cancelled: the trail says the reporter stopped it,
    # not only that details came.
    action = STOPPED if abandoned and not escalation.abandoned else "details added"
    escalation.abandoned = abandoned
    escalation.updated_at = now
    session.add(AuditRow(escalation_id=escalation.id, actor=actor, action=action, at=now))
    count = len(await audit_trail(session, escalation_id=escalation.id))
    key = f"comms_update:{escalation.ref}:{count}"
    session.add(pending(escalation, "comms_update", "comms", {"ref": escalation.ref}, key=key, now=now))


async def queue_withdrawn(session: AsyncSession, *, escalation: EscalationRow, now: dt.datetime) -> None:
    """The reporter said it was reported by mistake: every copy of the team's message shows it
    resolved, and the team is told why in its thread."""
    count = len(await audit_trail(session, escalation_id=escalation.id))
    key = f"comms_withdrawn:{escalation.ref}:{count}"
    session.add(pending(escalation, "comms_withdrawn", "comms", {"ref": escalation.ref}, key=key, now=now))
