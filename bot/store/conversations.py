"""Conversation state and the advice audit. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.messages import AdviceRecord, ConversationState
from bot.store.models import ADVICE_LOG, ConversationStateRow

STATE_TTL = dt.timedelta(hours=24)

# The statements every turn runs, built once (their parameters come with each call). They
# are Core statements, so a turn runs them on a plain connection: the ORM session's own
# bookkeeping costs more than the statements.
_STATES = ConversationStateRow.__table__
_STATE_ROW = select(_STATES).where(
    _STATES.c.platform == bindparam("platform"),
    _STATES.c.conversation_id == bindparam("conversation_id"),
    _STATES.c.user_id == bindparam("user_id"),
)
_NEW_STATE = insert(ConversationStateRow)
_RECORD_ADVICE = insert(ADVICE_LOG)
Database = AsyncConnection | AsyncSession
"""Where a caller's transaction runs: a turn's connection, or a session's."""


class StaleState(Exception):
    """Another turn changed this conversation since it was loaded; the turn is retried."""


async def load_state(
    session: Database, *, platform: str, conversation_id: str, user_id: str, now: dt.datetime
) -> ConversationState:
    """The stored state, or a fresh one when there is none or it has been idle 24 h."""
    row = await _state_row(session, platform=platform, conversation_id=conversation_id, user_id=user_id)
    if row is None:
        return ConversationState()
    if _aware(row.updated_at) < now - STATE_TTL:
        return ConversationState(version=row.version)
    return ConversationState(flow=row.flow, step=row.step, data=dict(row.data or {}), version=row.version)


async def save_state(
    session: Database,
    *,
    platform: str,
    conversation_id: str,
    user_id: str,
    state: ConversationState,
    expected_version: int,
    now: dt.datetime,
) -> None:
    """Compare-and-set on `version`: a concurrent turn's write raises StaleState."""
    if expected_version == 0:
        if state.flow is not None:  # a concurrent first turn's row makes this an IntegrityError
            await session.execute(
                _NEW_STATE,
                {
                    "platform": platform,
                    "conversation_id": conversation_id,
                    "user_id": user_id,
                    "flow": state.flow,
                    "step": state.step,
                    "data": dict(state.data),
                    "version": 1,
                    "updated_at": now,
                },
            )
        return
    if state.flow is None:
        # Nothing to remember: the row goes, with any answers it held.
        gone = await session.execute(
            delete(ConversationStateRow)
            .where(
                ConversationStateRow.platform == platform,
                ConversationStateRow.conversation_id == conversation_id,
                ConversationStateRow.user_id == user_id,
                ConversationStateRow.version == expected_version,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(gone, "rowcount", 1) != 1:
            raise StaleState(f"{platform}/{conversation_id}/{user_id}")
        return
    changed = await session.execute(
        update(ConversationStateRow)
        .where(
            ConversationStateRow.platform == platform,
            ConversationStateRow.conversation_id == conversation_id,
            ConversationStateRow.user_id == user_id,
            ConversationStateRow.version == expected_version,
        )
        .values(
            flow=state.flow,
            step=state.step,
            data=dict(state.data),
            version=expected_version + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(changed, "rowcount", 1) != 1:
        raise StaleState(f"{platform}/{conversation_id}/{user_id}")


async def forget_idle_conversations(session: AsyncSession, *, now: dt.datetime) -> int:
    """Deletes unfinished conversations idle for longer than they are kept, answers and all."""
    gone = await session.execute(
        delete(ConversationStateRow).where(ConversationStateRow.updated_at < now - STATE_TTL)
    )
    return int(getattr(gone, "rowcount", 0) or 0)


async def record_advice(session: Database, *, platform: str, advice: AdviceRecord, now: dt.datetime) -> None:
    """One row per answer, with no message text; a Core insert, cheaper than the ORM's flush."""
    await session.execute(
        _RECORD_ADVICE,
        {
            "platform": platform,
            "intent": advice.intent,
            "confidence": round(advice.confidence, 4),
            "sections": ",".join(advice.sections),
            "cited_section": advice.cited_section,
            "policy_version": advice.policy_version,
            "created_at": now,
        },
    )


async def _state_row(
    session: Database, *, platform: str, conversation_id: str, user_id: str
) -> Row[Any] | None:
    key = {"platform": platform, "conversation_id": conversation_id, "user_id": user_id}
    return (await session.execute(_STATE_ROW, key)).first()  # the primary key: one row at most


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
