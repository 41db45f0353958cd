"""handle_turn(): the one place a turn is read and written.

Load the conversation's state, let the router decide, then write state and the advice
audit in one transaction. Any unexpected error becomes a short apology with an error id;
the details go to the log, never to the user.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import IncomingMessage, Outcome, Reply, utcnow
from bot.router import Router
from bot.store.conversations import load_state, record_advice, save_state

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turns:
    router: Router
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], dt.datetime] = utcnow

    async def handle(self, msg: IncomingMessage) -> Outcome:
        try:
            return await self._handle(msg)
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            logger.exception("turn failed", extra={"error_id": error_id, "platform": msg.platform})
            return Outcome(replies=(apology(error_id),))

    async def _handle(self, msg: IncomingMessage) -> Outcome:
        now = self.clock()
        key = {"platform": msg.platform, "conversation_id": msg.conversation_id, "user_id": msg.user_id}
        async with self.sessions.begin() as session:
            state = await load_state(session, now=now, **key)
            outcome = self.router.route(msg, state, now.date())
            await save_state(session, state=outcome.state, now=now, **key)
            if outcome.advice is not None:
                await record_advice(session, platform=msg.platform, advice=outcome.advice, now=now)
        return outcome


def apology(error_id: str) -> Reply:
    return Reply(
        text=f"Sorry, something went wrong on my side (error {error_id}). Please try again in a minute. "
        "If someone is at risk right now, call 999 and tell the Communications Team directly."
    )
