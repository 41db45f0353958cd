"""Claiming and settling outbox rows. Claims are atomic: on PostgreSQL several replicas
share the queue with `FOR UPDATE SKIP LOCKED`; on SQLite one statement claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.store.models import AuditRow, OutboxRow

DUE = ("pending", "sending")
"""A `sending` row whose lease ran out was claimed by a worker that died: due again."""


async def claim(
    session: AsyncSession, *, now: dt.datetime, lease: dt.timedelta, limit: int
) -> list[OutboxRow]:
    """Marks up to `limit` due rows `sending` until `now + lease`, oldest first, and returns
    them. A row claimed here is invisible to every other worker until the lease ends."""
    due = (
        select(OutboxRow.id)
        .where(OutboxRow.status.in_(DUE), OutboxRow.next_attempt_at <= now)
        .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
        .limit(limit)
    )
    if session.bind.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = await session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.id.in_(due.scalar_subquery()),
            OutboxRow.status.in_(DUE),
            OutboxRow.next_attempt_at <= now,
        )
        .values(status="sending", attempts=OutboxRow.attempts + 1, next_attempt_at=now + lease)
        .returning(OutboxRow.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(claimed.scalars())
    if not ids:
        return []
    rows = await session.execute(
        select(OutboxRow)
        .where(OutboxRow.id.in_(ids))
        .order_by(OutboxRow.id)
        .execution_options(populate_existing=True)
    )
    return list(rows.scalars())


async def mark_sent(
    session: AsyncSession,
    *,
    row_id: int,
    attempts: int,
    message_id: str | None,
    now: dt.datetime,
    status: str = "sent",
) -> bool:
    """Settles a row this worker still holds (same attempt number); False if it lost the lease."""
    done = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == row_id, OutboxRow.status == "sending", OutboxRow.attempts == attempts)
        .values(status=status, platform_message_id=message_id, sent_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )
    return getattr(done, "rowcount", 1) == 1


async def mark_retry(
    session: AsyncSession,
    *,
    row_id: int,
    attempts: int,
    error: str,
    at: dt.datetime,
    failed: bool,
    now: dt.datetime,
    via: str | None = None,
) -> bool:
    """Back to `pending` until `at`, or `failed` for good (with an audit row). A message for
    the Communications Team that failed for good on platform `via` queues an alert, which
    the delivery worker sends through another configured platform."""
    done = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == row_id, OutboxRow.status == "sending", OutboxRow.attempts == attempts)
        .values(status="failed" if failed else "pending", next_attempt_at=at, last_error=error[:500])
        .execution_options(synchronize_session=False)
    )
    settled = getattr(done, "rowcount", 1) == 1
    if settled and failed:
        note = f"failed after {attempts} tries: {error[:200]}"
        await audit_delivery(session, row_id=row_id, action="delivery failed", note=note, now=now)
        row = await session.get(OutboxRow, row_id)
        if row is not None and row.target in ("comms", "oncall") and row.purpose != "alert":
            payload = {**(row.payload or {}), "purpose": row.purpose, "target": row.target, "failed_via": via}
            session.add(
                OutboxRow(
                    escalation_id=row.escalation_id,
                    purpose="alert",
                    target="alert",
                    payload=payload,
                    idempotency_key=f"alert:{row.idempotency_key}"[:128],
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    return settled


async def hold(
    connection: AsyncConnection,
    *,
    purpose: str,
    target: str,
    payload: dict[str, Any],
    key: str,
    now: dt.datetime,
    until: dt.datetime,
) -> None:
    """A row the caller sends itself, written already claimed (`sending`, attempt 1) until
    `until`: settled by `settle_held` once it is sent, or claimed by a worker when the hold
    runs out (the caller died), which then checks by key before posting."""
    values = outbox_values(purpose, target, payload, key=key, now=now, due=until, held=True)
    await connection.execute(insert(OutboxRow).values(**values))


def outbox_values(
    purpose: str,
    target: str,
    payload: dict[str, Any],
    *,
    key: str,
    now: dt.datetime,
    due: dt.datetime,
    escalation_id: int | None = None,
    held: bool = False,
) -> dict[str, Any]:
    """A new outbox row's columns: due for the worker at `due`, or `held` by its writer (as if
    claimed: `sending`, attempt 1) until then. `key` makes a second write of it fail."""
    return {
        "escalation_id": escalation_id,
        "purpose": purpose,
        "target": target,
        "payload": payload,
        "idempotency_key": key,
        "status": "sending" if held else "pending",
        "attempts": 1 if held else 0,
        "next_attempt_at": due,
        "created_at": now,
    }


async def settle_held(connection: AsyncConnection, *, key: str, now: dt.datetime) -> bool:
    """The caller sent its held row; False if a worker took it over first."""
    done = await connection.execute(
        update(OutboxRow)
        .where(OutboxRow.idempotency_key == key, OutboxRow.status == "sending", OutboxRow.attempts == 1)
        .values(status="sent", sent_at=now)
    )
    return getattr(done, "rowcount", 1) == 1


async def keep_held(connection: AsyncConnection, *, key: str, until: dt.datetime) -> bool:
    """The caller still holds its row (no worker has taken it, it is not settled): the hold
    now lasts until `until`. False: the row is settled or a worker has it."""
    kept = await connection.execute(
        update(OutboxRow)
        .where(OutboxRow.idempotency_key == key, OutboxRow.status == "sending", OutboxRow.attempts == 1)
        .values(next_attempt_at=until)
    )
    return getattr(kept, "rowcount", 1) == 1


async def hand_over_held(connection: AsyncConnection, *, key: str, now: dt.datetime) -> None:
    """The caller could not send its held row: due for the worker now, which checks by key
    first (an attempt that timed out may have reached the platform)."""
    await connection.execute(
        update(OutboxRow)
        .where(OutboxRow.idempotency_key == key, OutboxRow.status == "sending", OutboxRow.attempts == 1)
        .values(status="pending", next_attempt_at=now, last_error="the first send failed")
    )


async def audit_delivery(
    session: AsyncSession, *, row_id: int, action: str, note: str, now: dt.datetime
) -> None:
    """An audit row on the escalation an outbox message is about (if any)."""
    row = await session.get(OutboxRow, row_id)
    if row is not None and row.escalation_id is not None:
        note = f"{row.purpose} to {row.target} {note}"
        session.add(
            AuditRow(escalation_id=row.escalation_id, actor="signpost", action=action, note=note, at=now)
        )


async def release(session: AsyncSession, *, row_id: int, attempts: int, at: dt.datetime) -> None:
    """Hands a row back untried (no sender for it yet), without counting the attempt."""
    await session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == row_id, OutboxRow.status == "sending", OutboxRow.attempts == attempts)
        .values(status="pending", attempts=attempts - 1, next_attempt_at=at)
        .execution_options(synchronize_session=False)
    )


async def redeliver(
    session: AsyncSession, *, now: dt.datetime, actor: str, escalation_id: int | None = None
) -> int:
    """Queues failed rows again (of one escalation, or all), once the fault is fixed. Each
    counts as a retry, so a platform that can be asked checks by key before posting again
    (a row may have failed after the platform took it). Audited on each escalation."""
    where = [OutboxRow.status == "failed"]
    if escalation_id is not None:
        where.append(OutboxRow.escalation_id == escalation_id)
    rows = list((await session.execute(select(OutboxRow).where(*where).order_by(OutboxRow.id))).scalars())
    for row in rows:
        row.status, row.attempts, row.next_attempt_at, row.last_error = "pending", 1, now, None
    per_escalation: dict[int, int] = {}
    for row in rows:
        if row.escalation_id is not None:
            per_escalation[row.escalation_id] = per_escalation.get(row.escalation_id, 0) + 1
    for escalation, count in per_escalation.items():
        session.add(
            AuditRow(
                escalation_id=escalation,
                actor=actor,
                action="redelivery",
                note=f"{count} failed message(s) queued again",
                at=now,
            )
        )
    return len(rows)


async def deliveries(session: AsyncSession, *, escalation_id: int) -> list[OutboxRow]:
    """The messages about one escalation, oldest first."""
    found = await session.execute(
        select(OutboxRow).where(OutboxRow.escalation_id == escalation_id).order_by(OutboxRow.id)
    )
    return list(found.scalars())


async def counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
    return {str(status): int(count) for status, count in rows}
