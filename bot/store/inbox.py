"""The inbox table: chat messages acknowledged to their platform before their turn has run.

A row holds what its turn needs (the text and where to answer) until the turn has run, then
what the turn has still to send (`answered`), and lives only until that has gone out. Rows
are written many at a time (one statement per group commit), and a row whose
claim ran out (its server died) is claimed by one statement, so on PostgreSQL two servers
never both take it. `claimed_by` names the server holding the claim: a server renews only
its own, and one that stalled past its claim finds out so before it sends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.models import INBOX

Waiting = tuple[int, str, dict[str, Any]]
"""A row's id, its platform event id and its payload."""

# Built once. SQLite's "OR IGNORE" keeps the statement in SQLAlchemy's compiled cache, which
# its ON CONFLICT construct does not: compiling it again for every group commit cost more
# than the commit.
_ADD_SQLITE = insert(INBOX).prefix_with("OR IGNORE", dialect="sqlite").returning(INBOX.c.id, INBOX.c.event_id)
_ADD_PG = (
    postgresql.insert(INBOX)
    .on_conflict_do_nothing(index_elements=[INBOX.c.source, INBOX.c.event_id])
    .returning(INBOX.c.id, INBOX.c.event_id)
)


async def add(
    connection: AsyncConnection,
    *,
    source: str,
    messages: Sequence[tuple[str, dict[str, Any]]],
    now: dt.datetime,
    claimed_until: dt.datetime,
    claimed_by: str | None = None,
) -> dict[str, int]:
    """Writes each (event id, payload) not already waiting, in one statement; returns the new
    rows' ids by event id. An event id already in the inbox (a platform retry) is skipped."""
    if not messages:
        return {}
    statement = _ADD_PG if connection.dialect.name == "postgresql" else _ADD_SQLITE
    rows = [
        {
            "source": source,
            "event_id": event_id,
            "payload": payload,
            "received_at": now,
            "claimed_until": claimed_until,
            "claimed_by": claimed_by,
        }
        for event_id, payload in messages
    ]
    result = await connection.execute(statement, rows)
    return {event_id: row_id for row_id, event_id in result.all()}


async def answered(
    connection: AsyncConnection,
    *,
    source: str,
    event_id: str,
    payload: dict[str, Any],
    claimed_until: dt.datetime,
) -> None:
    """With the turn's own commit: the row now holds what is still to be sent (its replies)
    instead of the message, so a server that dies before they went out sends them after the
    restart, and the message's text leaves the store with the turn. Its claim starts again
    (`claimed_until`): a turn that waited long in a busy server's queue is not yet another
    server's to send."""
    await connection.execute(
        update(INBOX)
        .where(INBOX.c.source == source, INBOX.c.event_id == event_id)
        .values(payload=payload, claimed_until=claimed_until)
    )


async def renew(
    connection: AsyncConnection, ids: Sequence[int], *, claimed_by: str, claimed_until: dt.datetime
) -> set[int]:
    """A live server's rows (their turn waiting, running or its replies going out) stay its own
    until `claimed_until`; returns the ids renewed. A row another server has claimed since
    (this one stalled past its claim) is left, and its id is not returned."""
    if not ids:
        return set()
    renewed = await connection.execute(
        update(INBOX)
        .where(INBOX.c.id.in_(list(ids)), INBOX.c.claimed_by == claimed_by)
        .values(claimed_until=claimed_until)
        .returning(INBOX.c.id)
    )
    return set(renewed.scalars().all())


async def remove(connection: AsyncConnection, ids: Sequence[int]) -> None:
    """Deletes rows whose turn has run."""
    if ids:
        await connection.execute(delete(INBOX).where(INBOX.c.id.in_(list(ids))))


async def claim(
    connection: AsyncConnection,
    *,
    source: str,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
    everything: bool = False,
    claimed_by: str | None = None,
) -> list[Waiting]:
    """Claims up to `limit` rows whose claim ran out (all of them with `everything`, for a
    server that knows it is the only one), oldest first, until `now + lease`."""
    due = select(INBOX.c.id).where(INBOX.c.source == source).order_by(INBOX.c.id).limit(limit)
    condition = INBOX.c.source == source
    if not everything:
        due = due.where(INBOX.c.claimed_until <= now)
        condition = condition & (INBOX.c.claimed_until <= now)
    claimed = await connection.execute(
        update(INBOX)
        .where(INBOX.c.id.in_(due.scalar_subquery()), condition)
        .values(claimed_until=now + lease, claimed_by=claimed_by)
        .returning(INBOX.c.id, INBOX.c.event_id, INBOX.c.payload)
    )
    rows = [(row_id, event_id, payload) for row_id, event_id, payload in claimed.all()]
    return sorted(rows, key=lambda row: row[0])


async def payload(connection: AsyncConnection, *, source: str, event_id: str) -> dict[str, Any] | None:
    """What the message's row holds now (its message, or the replies its turn kept)."""
    found = await connection.execute(
        select(INBOX.c.payload).where(INBOX.c.source == source, INBOX.c.event_id == event_id)
    )
    held = found.scalar_one_or_none()
    return held if isinstance(held, dict) else None


async def count(connection: AsyncConnection) -> int:
    """Rows in the inbox: messages whose turn has not run, or ran under half a second ago."""
    return int((await connection.execute(select(func.count()).select_from(INBOX))).scalar_one())
