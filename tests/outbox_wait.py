"""Waiting for the server's delivery worker in tests, for every platform's harness."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import OutboxRow


async def outbox_drained(
    sessions: async_sessionmaker[AsyncSession],
    wake: Callable[[], None],
    now: Callable[[], dt.datetime],
    timeout: float = 10.0,
) -> None:
    """Waits until the outbox has nothing due or in flight (the server's worker sends).
    Retries backing off for a few seconds count as due."""
    deadline = time.monotonic() + timeout
    while True:
        wake()
        soon = now() + dt.timedelta(seconds=5)
        async with sessions() as session:
            busy = await session.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(
                    (OutboxRow.status == "sending")
                    | ((OutboxRow.status == "pending") & (OutboxRow.next_attempt_at <= soon))
                )
            )
        if not busy:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{busy} outbox rows still due after {timeout} s")
        await asyncio.sleep(0.02)


async def outbox_rows(sessions: async_sessionmaker[AsyncSession], purpose: str) -> list[OutboxRow]:
    """The outbox rows written for one purpose ("urgent_help", "comms_ping"...), oldest first."""
    async with sessions() as session:
        found = await session.execute(
            select(OutboxRow).where(OutboxRow.purpose == purpose).order_by(OutboxRow.id)
        )
        return list(found.scalars())
