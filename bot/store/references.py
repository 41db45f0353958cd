"""Conversation references: a platform's address for posting unprompted (proactively).

The Communications Team registers its channel once; a reporter's personal chat is noted
when they first talk to Signpost. Stored in SQL so every replica, and every restart, can
reach them. Never commits."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import ConversationReferenceRow

ROLES = ("comms", "oncall")


class _Unread(enum.Enum):
    ROW = "unread"
    """`save_reference` reads the stored row itself."""


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
    stored: ConversationReferenceRow | Literal[_Unread.ROW] | None = _Unread.ROW,
) -> bool:
    """Inserts or replaces; returns False when the same reference was already stored. `stored`:
    the row as the caller has just loaded it (`load_reference`, `None` when there was none) in
    this session, so it is not read again."""
    row = await session.get(ConversationReferenceRow, key) if stored is _Unread.ROW else stored
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
