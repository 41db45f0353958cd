"""The outbox worker: every ping, update and receipt written with a change reaches its
platform, at least once, and never twice visibly.

A row is claimed (leased) before its send and settled after it. When a worker dies in
between, the lease runs out and another claim retries the row with `retry=True`: the
sender then looks for the message it may already have posted (by the row's key) before
posting again. Failures back off exponentially with jitter, honouring `Retry-After`;
after `max_attempts` the row is `failed`, audited and logged as an error.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.comms import EscalationView, view_of
from bot.messages import utcnow
from bot.reminders import REMINDERS
from bot.store.models import EscalationRow, OutboxRow
from bot.store.outbox import audit_delivery, claim, mark_retry, mark_sent, release

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboundMessage:
    """One outbox row, with the escalation as it is now (the message renders current state)."""

    id: int
    purpose: str
    target: str
    payload: dict[str, Any]
    key: str
    attempts: int
    created_at: dt.datetime
    escalation: EscalationView | None

    @property
    def retry(self) -> bool:
        """An earlier attempt may have reached the platform: check by key before posting."""
        return self.attempts > 1


class TemporaryFailure(Exception):
    """Try again later (after `retry_after` seconds if the platform said so)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """Retrying cannot help (a channel that does not exist, a revoked token)."""


class Sender(Protocol):
    platform: str
    """Which platform it posts to ("slack", "teams"), named in alerts when it fails."""

    async def send(self, message: OutboundMessage) -> str | None:
        """Delivers the message; returns the platform's id for it (or None)."""


CANCELLED = "cancelled"
"""A reminder that was not needed: the escalation was acknowledged before it was due."""
NOT_PUSHED = "skipped"
"""Settled without sending: the place it was for cannot receive pushed messages."""


class NoPush:
    """For reporters on the terminal: there is nowhere to push an update to."""

    platform = "none"

    async def send(self, message: OutboundMessage) -> str | None:
        raise _Skip()


class _Skip(Exception):
    pass


@dataclass
class Delivery:
    sessions: async_sessionmaker[AsyncSession]
    route: Callable[[OutboundMessage], Awaitable[Sender | None]]
    """The sender for a message, or None while no platform is configured for it."""
    clock: Callable[[], dt.datetime] = utcnow
    max_attempts: int = 10
    lease: dt.timedelta = dt.timedelta(seconds=60)
    base_delay: float = 2.0
    max_delay: float = 900.0
    batch: int = 20
    idle_poll: float = 1.0
    unrouted_delay: dt.timedelta = dt.timedelta(minutes=5)
    on_sent: Callable[[str, float], None] | None = None
    """Called with the purpose and the seconds from the change to delivery."""
    on_retry: Callable[[str], None] | None = None
    on_failed: Callable[[str], None] | None = None
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    def wake(self) -> None:
        """New rows are waiting: look now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Delivers until `stop` is set; an in-flight batch finishes first."""
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception as exc:
                logger.error("delivery round failed", extra={"error": type(exc).__name__})
                logger.debug("delivery round failed: traceback", exc_info=True)
                busy = 0
            if busy:
                continue
            self._wake.clear()
            waiters = {asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())}
            _, still = await asyncio.wait(
                waiters, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED
            )
            for waiter in still:
                waiter.cancel()
            await asyncio.gather(*still, return_exceptions=True)

    async def run_once(self) -> int:
        """Claims one batch of due rows and sends them in order. Returns how many it claimed."""
        now = self.clock()
        async with self.sessions.begin() as session:
            rows = await claim(session, now=now, lease=self.lease, limit=self.batch)
            messages = [await self._message(session, row) for row in rows]
        held_until = now + self.lease / 2  # a send takes at most a quarter of the lease
        for message in messages:
            if self.clock() >= held_until:
                break  # the lease is running out: leave the rest to the next claim, never race it
            await self._deliver(message)
        return len(messages)

    async def _message(self, session: AsyncSession, row: OutboxRow) -> OutboundMessage:
        escalation = None
        if row.escalation_id is not None:
            found = await session.get(EscalationRow, row.escalation_id)
            escalation = None if found is None else await view_of(session, found)
        return OutboundMessage(
            id=row.id,
            purpose=row.purpose,
            target=row.target,
            payload=dict(row.payload or {}),
            key=row.idempotency_key,
            attempts=row.attempts,
            created_at=row.created_at,
            escalation=escalation,
        )

    async def _deliver(self, message: OutboundMessage) -> None:
        escalation = message.escalation
        if message.purpose in REMINDERS and escalation is not None and escalation.status != "open":
            await self._settle(message, None, status=CANCELLED)  # someone picked it up in time
            return
        sender = await self.route(message)
        if sender is None:
            logger.warning(
                "no channel configured for this message; it waits",
                extra={"row": message.id, "purpose": message.purpose, "target": message.target},
            )
            async with self.sessions.begin() as session:
                await release(
                    session,
                    row_id=message.id,
                    attempts=message.attempts,
                    at=self.clock() + self.unrouted_delay,
                )
            return
        try:
            message_id = await sender.send(message)
        except _Skip:
            await self._settle(message, None, status=NOT_PUSHED)
        except TemporaryFailure as failure:
            await self._retry(message, str(failure), failure.retry_after, via=sender.platform)
        except PermanentFailure as failure:
            await self._retry(message, str(failure), None, give_up=True, via=sender.platform)
        except Exception as exc:  # a bug or an unexpected platform answer: retry, but log it
            logger.warning("delivery error", extra={"row": message.id, "error": type(exc).__name__})
            await self._retry(message, type(exc).__name__, None, via=sender.platform)
        else:
            await self._settle(message, message_id)

    async def _settle(self, message: OutboundMessage, message_id: str | None, status: str = "sent") -> None:
        now = self.clock()
        async with self.sessions.begin() as session:
            settled = await mark_sent(
                session,
                row_id=message.id,
                attempts=message.attempts,
                message_id=message_id,
                now=now,
                status=status,
            )
            if settled and message.purpose == "comms_ping":
                note = f"posted ({message_id or 'no id'})"
                await audit_delivery(session, row_id=message.id, action="notified", note=note, now=now)
        if settled:
            latency = (now - _aware(message.created_at)).total_seconds()
            if self.on_sent is not None and status == "sent":
                self.on_sent(message.purpose, latency)
            logger.info(
                "delivered",
                extra={
                    "row": message.id,
                    "purpose": message.purpose,
                    "status": status,
                    "latency_s": round(latency, 3),
                },
            )

    async def _retry(
        self,
        message: OutboundMessage,
        error: str,
        retry_after: float | None,
        give_up: bool = False,
        via: str | None = None,
    ) -> None:
        now = self.clock()
        failed = give_up or message.attempts >= self.max_attempts
        delay = self.backoff(message.attempts)
        if retry_after is not None:
            delay = max(delay, retry_after)
        async with self.sessions.begin() as session:
            await mark_retry(
                session,
                row_id=message.id,
                attempts=message.attempts,
                error=error,
                at=now + dt.timedelta(seconds=delay),
                failed=failed,
                now=now,
                via=via,
            )
        if failed:
            self.wake()  # the alert through the other platform is due now
        callback = self.on_failed if failed else self.on_retry
        if callback is not None:
            callback(message.purpose)
        if failed:
            logger.error(
                "delivery failed for good",
                extra={"row": message.id, "purpose": message.purpose, "error": error},
            )
        else:
            logger.info(
                "delivery will retry", extra={"row": message.id, "in_s": round(delay, 2), "error": error}
            )

    def backoff(self, attempts: int) -> float:
        """Exponential with full jitter in its upper half: 2 s, 4 s, 8 s... capped."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return random.uniform(ceiling / 2, ceiling)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
