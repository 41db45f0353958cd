"""Conversation references: a platform's address for posting unprompted (proactively).

The Communications Team registers its channel once; a reporter's personal chat is noted
when they first talk to Signpost. Stored in SQL so every replica, and every restart, can
reach them. Never commits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Executable, Update, insert, or_, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.store.models import CONVERSATION_REFERENCES, ConversationReferenceRow

ROLES = ("comms", "oncall")


def channel_key(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown channel role {role!r}")
    return f"channel:{role}"


def user_key(user_id: str) -> str:
    return f"user:{user_id}"


async def save_reference(
    session: AsyncSession,
    *,
    key: str,
    platform: str,
    reference: dict[str, Any],
    now: dt.datetime,
    registered_by: str | None = None,
) -> bool:
    """Inserts or replaces; returns False when the same reference was already stored."""
    row = await session.get(ConversationReferenceRow, key)
    if row is None:
        session.add(
            ConversationReferenceRow(
                key=key, platform=platform, reference=reference, registered_by=registered_by, updated_at=now
            )
        )
        await session.flush()
        return True
    if row.reference == reference and row.platform == platform:
        return False
    row.platform, row.reference, row.updated_at = platform, reference, now
    if registered_by is not None:
        row.registered_by = registered_by
    return True


async def load_reference(session: AsyncSession, *, key: str) -> ConversationReferenceRow | None:
    return (
        await session.execute(select(ConversationReferenceRow).where(ConversationReferenceRow.key == key))
    ).scalar_one_or_none()


async def note_user_reference(
    connection: AsyncConnection, *, user_id: str, platform: str, reference: dict[str, Any], now: dt.datetime
) -> None:
    """In the caller's transaction (plain Core, no session): keeps where to reach a user
    privately, unless `reference` has no conversation of its own (a channel's partial address)
    and the one stored has (their personal chat). When another server wrote the first row
    between the read and the insert, a personal chat still replaces a partial address (a select
    and an insert cost less than SQLite's upsert, which is compiled every time)."""
    table, key = CONVERSATION_REFERENCES, user_key(user_id)
    stored = (
        await connection.execute(select(table.c.reference).where(table.c.key == key))
    ).scalar_one_or_none()
    values = {"key": key, "platform": platform, "reference": reference, "updated_at": now}
    if stored is None:
        first: Executable = insert(table).values(values).prefix_with("OR IGNORE", dialect="sqlite")
        if connection.dialect.name == "postgresql":
            first = (
                postgresql.insert(table).values(values).on_conflict_do_nothing(index_elements=[table.c.key])
            )
        if (await connection.execute(first)).rowcount or not reference.get("conversation_id"):
            return
        # Another server's row won the insert: ours replaces it only if it is a partial address.
        await connection.execute(_replacing(key, values, only_a_partial_address=True))
    elif stored != reference and (reference.get("conversation_id") or not stored.get("conversation_id")):
        # The rule again in the statement: another server may have written a personal chat
        # since the read above.
        partial = not reference.get("conversation_id")
        await connection.execute(_replacing(key, values, only_a_partial_address=partial))


def _replacing(key: str, values: dict[str, Any], *, only_a_partial_address: bool) -> Update:
    table = CONVERSATION_REFERENCES
    replacing = update(table).where(table.c.key == key)
    if only_a_partial_address:
        chat = table.c.reference["conversation_id"].as_string()
        replacing = replacing.where(or_(chat.is_(None), chat == ""))
    return replacing.values(values)
