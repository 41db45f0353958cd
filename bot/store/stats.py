"""Figures for monitoring, read from the store (so they hold across restarts and replicas)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import AdviceLogRow, EscalationRow, InboxRow, OutboxRow


@dataclass(frozen=True)
class Backlog:
    """Chat messages acknowledged to their platform whose turn has not yet run."""

    waiting: int
    oldest_seconds: float | None
    """How long the oldest of them has waited (None: none waits)."""


@dataclass(frozen=True)
class Stats:
    turns_by_intent: dict[str, int]
    escalations: dict[tuple[str, str], int]
    """(kind, severity) -> count."""
    outbox: dict[str, int]
    """status -> count."""
    oldest_urgent_pending: float | None
    """Seconds the oldest undelivered message about an urgent escalation has waited."""
    inbox: Backlog


async def oldest_urgent_pending(session: AsyncSession, *, now: dt.datetime) -> float | None:
    oldest = await session.scalar(
        select(func.min(OutboxRow.created_at))
        .join(EscalationRow, EscalationRow.id == OutboxRow.escalation_id)
        .where(
            OutboxRow.status.in_(("pending", "sending")),
            OutboxRow.created_at <= now,  # a reminder not yet due is not late
            EscalationRow.severity == "urgent",
        )
    )
    if oldest is None:
        return None
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
    return max(0.0, (now - oldest).total_seconds())


async def inbox_backlog(session: AsyncSession, *, now: dt.datetime) -> Backlog:
    waiting, oldest = (
        await session.execute(select(func.count(), func.min(InboxRow.received_at)).select_from(InboxRow))
    ).one()
    if oldest is None:
        return Backlog(int(waiting), None)
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=dt.UTC)
    return Backlog(int(waiting), max(0.0, (now - oldest).total_seconds()))


async def failed_deliveries(session: AsyncSession) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "failed"))
        or 0
    )


async def read_stats(session: AsyncSession, *, now: dt.datetime) -> Stats:
    intents = await session.execute(select(AdviceLogRow.intent, func.count()).group_by(AdviceLogRow.intent))
    kinds = await session.execute(
        select(EscalationRow.kind, EscalationRow.severity, func.count()).group_by(
            EscalationRow.kind, EscalationRow.severity
        )
    )
    outbox = await session.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
    return Stats(
        turns_by_intent={str(intent): int(n) for intent, n in intents},
        escalations={(str(kind), str(severity)): int(n) for kind, severity, n in kinds},
        outbox={str(status): int(n) for status, n in outbox},
        oldest_urgent_pending=await oldest_urgent_pending(session, now=now),
        inbox=await inbox_backlog(session, now=now),
    )
