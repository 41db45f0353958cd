"""Conversation state and the advice audit. Callers own the transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import AdviceRecord, ConversationState
from bot.store.models import AdviceLogRow, ConversationStateRow

STATE_TTL = dt.timedelta(hours=24)


async def load_state(
    session: AsyncSession, *, platform: str, conversation_id: str, user_id: str, now: dt.datetime
) -> ConversationState:
    """The stored state, or a fresh one when there is none or it has been idle 24 h."""
    row = await _state_row(session, platform=platform, conversation_id=conversation_id, user_id=user_id)
    if row is None or _aware(row.updated_at) < now - STATE_TTL:
        return ConversationState()
    return ConversationState(flow=row.flow, step=row.step, data=dict(row.data or {}))


async def save_state(
    session: AsyncSession,
    *,
    platform: str,
    conversation_id: str,
    user_id: str,
    state: ConversationState,
    now: dt.datetime,
) -> None:
    row = await _state_row(session, platform=platform, conversation_id=conversation_id, user_id=user_id)
    if row is None:
        if state.flow is None:
            return
        row = ConversationStateRow(
            platform=platform, conversation_id=conversation_id, user_id=user_id, version=0
        )
        session.add(row)
    row.flow, row.step, row.data = state.flow, state.step, dict(state.data)
    row.version = (row.version or 0) + 1
    row.updated_at = now


async def record_advice(
    session: AsyncSession, *, platform: str, advice: AdviceRecord, now: dt.datetime
) -> None:
    session.add(
        AdviceLogRow(
            platform=platform,
            intent=advice.intent,
            confidence=round(advice.confidence, 4),
            sections=",".join(advice.sections),
            cited_section=advice.cited_section,
            policy_version=advice.policy_version,
            created_at=now,
        )
    )


async def _state_row(
    session: AsyncSession, *, platform: str, conversation_id: str, user_id: str
) -> ConversationStateRow | None:
    query = select(ConversationStateRow).where(
        ConversationStateRow.platform == platform,
        ConversationStateRow.conversation_id == conversation_id,
        ConversationStateRow.user_id == user_id,
    )
    return (await session.execute(query)).scalar_one_or_none()


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
