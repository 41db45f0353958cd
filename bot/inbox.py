"""The inbox: a chat message is stored, then acknowledged, then its turn runs.

Slack wants every event acknowledged within 3 seconds and retries the ones that are not. A
turn (understand, answer, write the store) costs a few milliseconds of CPU, so with many
messages at once the acknowledgements queued behind the turns. Here the acknowledgement
waits only for the message to be written:

- `accept()` adds the message to the next group commit: every message that arrives while
  one commit runs is written by the next, in one statement, and each caller is answered
  when its row is committed. A retry of a message still waiting is answered "already
  here" (`False`).
- Each accepted message's turn then runs as tracked background work, a conversation's
  messages one at a time in the order they came, at most `slots` turns at once.
- A turn's commit replaces the row's message with the replies it has still to send (the
  process's `answered` hook, `bot/turn.py`), so the text leaves the store with the turn. The
  row is deleted once the replies have gone out, with the next group commit or within half
  a second.
- A person's replies go out in the order their messages came: a turn's sending waits for
  the sending of the person's message before it (at most `order_within` seconds, so a
  Connector that hangs on one answer never holds back the next, urgent help included).
- While this server lives, `run()` renews the claim of every row it holds (its turn waiting,
  running or its replies going out), so no other server takes them up while they are slow.
- A server that stalled (the whole process paused, past its claim) may find that another
  server has taken a row up meanwhile. So before sending replies whose claim is half gone,
  the server renews the row's claim, which it can only do while the row is still its own
  (`claimed_by`); when it is not, it leaves the sending to the server that took it.
- A server that dies leaves its rows behind: `run()` claims them when their claim runs
  out (at once on start-up when the server is the store's only one, as on SQLite), and
  their turns run then. A row whose turn had already run holds its replies instead: they
  are sent, each after looking whether it went out before the crash.
- Turns yield to acknowledgements: a turn about to take the store waits for a group commit
  already under way (one, never more), since on SQLite they share one connection.
- A message that looks like it holds a password is never written here (the adapter runs
  its turn in place); see `bot/secrets.py`. A turn run in place (that, or the store down, or
  the inbox full) takes its place in the person's order all the same (`in_turn`): it waits
  for their earlier turn (at most `turn_within` seconds, as the platform is not answered
  yet), and its replies for the sending of their earlier replies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.failures import log_failure
from bot.messages import utcnow
from bot.store import inbox as table

if TYPE_CHECKING:
    from bot.turn import Turns

logger = logging.getLogger(__name__)

T = TypeVar("T")

Process = Callable[[str, dict[str, Any]], Awaitable[Awaitable[Any] | None]]
"""Runs one message's turn: its event id and payload. It may return the sending of the
turn's replies (under way, or for the inbox to run once the turn's slot is free): the row
stays until that is done, and after it when it raises `TryLater`."""


class Spawn(Protocol):
    """Starts tracked background work (the server's, so shutdown waits for it)."""

    def __call__(self, work: Coroutine[Any, Any, None], *, name: str) -> object: ...


class InboxUnavailable(Exception):
    """The message could not be written: the caller runs its turn in place instead."""


class TryLater(Exception):
    """Raised by the sending of a turn's replies when none could be sent for now (the platform
    busy or down): the row stays, and its replies are sent again once its claim runs out."""


class Inbox:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        gate: AbstractAsyncContextManager[Any],
        source: str,
        process: Process,
        spawn: Spawn,
        conversation: Callable[[dict[str, Any]], str],
        clock: Callable[[], dt.datetime] = utcnow,
        lease: dt.timedelta = dt.timedelta(seconds=60),
        slots: int = 8,
        batch: int = 500,
        delete_after: float = 0.5,
        most_waiting: int = 10_000,
        order_within: float = 3.0,
        turn_within: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.engine = engine
        self.gate = gate
        self.source = source
        self.clock = clock
        self.lease = lease
        self.batch = batch
        self.delete_after = delete_after
        self.most_waiting = most_waiting
        self.order_within = order_within
        self.turn_within = turn_within
        self.name = name or uuid.uuid4().hex[:16]
        """This server's name on the rows it claims (a new one each process)."""
        self._process = process
        self._spawn = spawn
        self._conversation = conversation
        self._slots = asyncio.Semaphore(slots)
        self._waiting: list[tuple[str, dict[str, Any], asyncio.Future[bool]]] = []
        self._finished: list[int] = []
        self._in_flight: set[int] = set()
        self._claims: dict[int, dt.datetime] = {}
        """Until when each row this server holds is its own, as far as it knows."""
        self._turn_locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self._sends: dict[str, asyncio.Future[None]] = {}
        """Each person's latest sending of replies, which the next one waits for."""
        self._flushing = False
        self._deleting: asyncio.TimerHandle | None = None
        self._delete_due = False
        """Rows whose turn has run wait no longer: their timer ran out (`_delete`), or a store
        outage held them back. Until then they go with the next group commit of messages."""
        self._committed = asyncio.Event()
        self.looked = asyncio.Event()
        """Set once `run()` has looked for rows left behind at start-up."""

    # ------------------------------------------------------------ taking messages

    async def accept(self, event_id: str, payload: dict[str, Any]) -> bool:
        """Writes the message with the next group commit and schedules its turn. False: the
        message is already waiting (a platform retry). Raises InboxUnavailable when the store
        cannot take it, or when `most_waiting` turns are waiting already: past that, turns run
        before their acknowledgement, so a flood slows the platform down instead of growing
        without bound in memory."""
        if len(self) >= self.most_waiting:
            raise InboxUnavailable("too many turns waiting")
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((event_id, payload, future))
        self._kick()
        return await future

    def _kick(self) -> None:
        if not self._flushing:
            self._flushing = True
            self._spawn(self._flush(), name="inbox commit")

    async def _flush(self) -> None:
        """Group commits, while there are messages to write. Rows whose turn has run go with
        each commit; rows that finish while one is under way wait for the next, or for their
        `delete_after` timer (`_delete_due`), rather than get a transaction of their own: one
        message at a time, a delete of its own was a third of the inbox's work."""
        try:
            while self._waiting or (self._finished and self._delete_due):
                waiting, self._waiting = self._waiting[: self.batch], self._waiting[self.batch :]
                finished, self._finished = self._finished, []
                self._delete_due = False
                try:
                    taken, until = await self._write(waiting, finished)
                except Exception as exc:
                    log_failure(logger, "inbox write failed", exc, messages=len(waiting))
                    for _, _, future in waiting:
                        if not future.done():
                            future.set_exception(InboxUnavailable(type(exc).__name__))
                    self._finished[:0] = finished  # deleted by a later commit
                    self._delete_due = bool(self._finished)
                    if not self._waiting:
                        return
                    continue
                for done in finished:
                    self._let_go(done)
                seen: set[str] = set()
                for event_id, payload, future in waiting:
                    row_id = taken.get(event_id)
                    fresh = row_id is not None and event_id not in seen
                    seen.add(event_id)
                    if fresh and row_id is not None:
                        self._schedule(row_id, event_id, payload, until)
                    if not future.done():
                        future.set_result(fresh)
        finally:
            self._flushing = False
            self._committed.set()

    async def _write(
        self, waiting: list[tuple[str, dict[str, Any], asyncio.Future[bool]]], finished: list[int]
    ) -> tuple[dict[str, int], dt.datetime]:
        """Deletes `finished` and adds `waiting`: the new rows' ids, and until when they are
        this server's."""
        now = self.clock()
        async with self.gate, self.engine.begin() as connection:
            await table.remove(connection, finished)
            taken = await table.add(
                connection,
                source=self.source,
                messages=[(event_id, payload) for event_id, payload, _ in waiting],
                now=now,
                claimed_until=now + self.lease,
                claimed_by=self.name,
            )
        return taken, now + self.lease

    async def answered(self, connection: AsyncConnection, event_id: str, payload: dict[str, Any]) -> None:
        """In a turn's transaction (its `answered` hook): the message's row holds `payload`
        (the replies still to send) in place of the message, and its claim starts again."""
        await table.answered(
            connection,
            source=self.source,
            event_id=event_id,
            payload=payload,
            claimed_until=self.clock() + self.lease,
        )

    async def kept(self, event_id: str) -> dict[str, Any] | None:
        """The replies a message's turn kept in its row, when it has run: a turn that comes back
        as seen before may be this very turn, whose commit went through although its connection
        dropped before saying so (and was tried again). Its replies are in the row, unsent."""
        async with self.gate, self.engine.connect() as connection:
            held = await table.payload(connection, source=self.source, event_id=event_id)
        return held if held is not None and isinstance(held.get("replies"), list) else None

    # ------------------------------------------------------------ running turns

    def _schedule(self, row_id: int, event_id: str, payload: dict[str, Any], until: dt.datetime) -> None:
        self._in_flight.add(row_id)
        self._claims[row_id] = until
        self._spawn(self._run(row_id, event_id, payload), name="inbox turn")

    async def _run(self, row_id: int, event_id: str, payload: dict[str, Any]) -> None:
        key = self._conversation(payload)
        lock = self._hold(key)
        sending: Awaitable[Any] | None = None
        before: asyncio.Future[None] | None = None
        sent: asyncio.Future[None] | None = None
        try:
            async with lock, self._slots:
                if self._waiting or self._flushing:
                    # Acknowledgements first: messages waiting to be written go before this
                    # turn takes the store (one group commit, never more).
                    self._committed.clear()
                    await self._committed.wait()
                sending = await self._process(event_id, payload)
                if sending is not None:
                    # In the person's order, taken while their turns are still one at a time.
                    before, sent = self._next_send(key)
        except asyncio.CancelledError:
            self._let_go(row_id)  # shutdown: the row stays, and runs after the restart
            if sent is not None:
                self._sent(key, sent)
            raise
        except Exception as exc:
            log_failure(logger, "inbox turn failed", exc, source=self.source)
        finally:
            self._unhold(key)
        if sending is not None:
            # The replies go out outside the turn's slot; the row stays until they have.
            try:
                await self._after(before)
                if not await self._still_ours(row_id):
                    # This server stalled past its claim and another took the row up: the
                    # replies are that server's to send. Sent from here too, they came twice.
                    self._let_go(row_id)
                    logger.warning(
                        "inbox: replies left to the server that took them up", extra={"source": self.source}
                    )
                    return
                await sending
            except asyncio.CancelledError:
                self._let_go(row_id)
                raise
            except TryLater:
                self._let_go(row_id)  # taken up again when its claim runs out
                logger.warning("inbox replies not sent: tried again later", extra={"source": self.source})
                return
            except Exception as exc:
                log_failure(logger, "inbox replies failed", exc, source=self.source)
            finally:
                if inspect.iscoroutine(sending) and inspect.getcoroutinestate(sending) == "CORO_CREATED":
                    sending.close()  # cancelled while it waited its turn: never started
                if sent is not None:
                    self._sent(key, sent)
        self._finished.append(row_id)
        if self._deleting is None:
            self._deleting = asyncio.get_running_loop().call_later(self.delete_after, self._delete)

    # ------------------------------------------------------------ a person's order

    @asynccontextmanager
    async def in_turn(
        self, payload: dict[str, Any]
    ) -> AsyncIterator[Callable[[Awaitable[T]], Coroutine[Any, Any, T]]]:
        """A turn run in place, not through the inbox (a message that looks like it holds a
        password, or the store down), in the person's order all the same. Entering waits for
        their turn under way or waiting before it, `turn_within` seconds at most (the platform
        has not been answered yet); inside, `in_order(sending)` makes the sending of the
        turn's replies wait for the sending of their earlier replies (`order_within` at most).
        Before, a password pasted right after a question was answered first, and its warning
        could arrive before the question's answer."""
        key = self._conversation(payload)
        lock = self._hold(key)
        held = False
        try:
            try:
                await asyncio.wait_for(lock.acquire(), self.turn_within)
                held = True
            except TimeoutError:
                logger.warning("inbox: a turn in place went ahead of the one before it")
            yield partial(self._in_order, key)
        finally:
            if held:
                lock.release()
            self._unhold(key)

    def _in_order(self, key: str, sending: Awaitable[T]) -> Coroutine[Any, Any, T]:
        before, sent = self._next_send(key)
        return self._send_after(key, before, sent, sending)

    async def _send_after(
        self, key: str, before: asyncio.Future[None] | None, sent: asyncio.Future[None], sending: Awaitable[T]
    ) -> T:
        try:
            await self._after(before)
            return await sending
        finally:
            self._sent(key, sent)

    def _hold(self, key: str) -> asyncio.Lock:
        """The person's turn lock, counted as used until `_unhold`."""
        lock, users = self._turn_locks.get(key, (asyncio.Lock(), 0))
        self._turn_locks[key] = (lock, users + 1)
        return lock

    def _unhold(self, key: str) -> None:
        lock, users = self._turn_locks[key]
        if users <= 1:
            del self._turn_locks[key]
        else:
            self._turn_locks[key] = (lock, users - 1)

    def _next_send(self, key: str) -> tuple[asyncio.Future[None] | None, asyncio.Future[None]]:
        """The person's sending before this one, and this one's, which the next waits for."""
        before, sent = self._sends.get(key), asyncio.get_running_loop().create_future()
        self._sends[key] = sent
        return before, sent

    async def _after(self, before: asyncio.Future[None] | None) -> None:
        if before is not None and not before.done():
            with suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(before), self.order_within)

    def _sent(self, key: str, sent: asyncio.Future[None]) -> None:
        if not sent.done():
            sent.set_result(None)
        if self._sends.get(key) is sent:
            del self._sends[key]

    def _let_go(self, row_id: int) -> None:
        self._in_flight.discard(row_id)
        self._claims.pop(row_id, None)

    async def _still_ours(self, row_id: int) -> bool:
        """Whether this server still holds the row, renewing its claim when half of it is gone
        (a turn that waited long, or a stalled server). Renewed, the row is this server's for
        a whole lease more, longer than any send. When the store cannot say, the replies go
        out: twice is better than never."""
        now = self.clock()
        until = self._claims.get(row_id)
        if until is not None and now < until - self.lease / 2:
            return True
        try:
            async with self.gate, self.engine.begin() as connection:
                renewed = await table.renew(
                    connection, [row_id], claimed_by=self.name, claimed_until=now + self.lease
                )
        except Exception as exc:
            log_failure(logger, "inbox claim not checked", exc, source=self.source)
            return True
        if row_id not in renewed:
            return False
        self._claims[row_id] = now + self.lease
        return True

    def _delete(self) -> None:
        """Rows whose turn has run go with the next group commit, or within `delete_after`
        seconds: one statement for many, never a transaction per turn. A row whose turn ran
        but which a crash left behind runs again after the restart, and its event id tells
        the turn it was answered already."""
        self._deleting = None
        if self._finished:
            self._delete_due = True
            self._kick()

    # ------------------------------------------------------------ rows left behind

    async def recover(self, *, everything: bool = False) -> int:
        """Claims rows whose claim ran out (all rows with `everything`) and runs their turns."""
        now = self.clock()
        async with self.gate, self.engine.begin() as connection:
            rows = await table.claim(
                connection,
                source=self.source,
                now=now,
                lease=self.lease,
                limit=self.batch,
                everything=everything,
                claimed_by=self.name,
            )
        fresh = [row for row in rows if row[0] not in self._in_flight]
        for row_id, event_id, payload in fresh:
            self._schedule(row_id, event_id, payload, now + self.lease)
        if fresh:
            logger.warning("inbox: running turns left by a stopped server", extra={"messages": len(fresh)})
        return len(fresh)

    async def renew(self) -> int:
        """Renews the claim of the rows this server holds and has not finished: a turn waiting
        behind others, or replies slow to go out, stays this server's for another lease. A row
        another server took up meanwhile is not renewed. Returns how many were."""
        held = sorted(self._in_flight.difference(self._finished))
        if not held:
            return 0
        now = self.clock()
        renewed: set[int] = set()
        async with self.gate, self.engine.begin() as connection:
            for start in range(0, len(held), self.batch):
                chunk = held[start : start + self.batch]
                renewed |= await table.renew(
                    connection, chunk, claimed_by=self.name, claimed_until=now + self.lease
                )
        for row_id in renewed:
            if row_id in self._claims:
                self._claims[row_id] = now + self.lease
        return len(renewed)

    async def run(self, stop: asyncio.Event, *, every: float | None = None) -> None:
        """Until `stop`: renews the claims this server holds, and runs what a stopped server
        left, at start-up and then every `every` seconds (half the lease by default, so a live
        server's claims never run out). On SQLite this server is the store's only one, so at
        start-up every row left is its own."""
        pause = every if every is not None else max(0.5, min(30.0, self.lease.total_seconds() / 2))
        everything = self.engine.dialect.name == "sqlite"
        while not stop.is_set():
            try:
                await self.renew()
            except Exception as exc:
                log_failure(logger, "inbox renewal failed", exc, source=self.source)
            try:
                await self.recover(everything=everything)
                everything = False
            except Exception as exc:
                log_failure(logger, "inbox recovery failed", exc, source=self.source)
            self.looked.set()
            if self._finished and not self._flushing:
                self._delete_due = True
                self._kick()  # deletions a store outage held back
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)

    async def close(self) -> None:
        """At shutdown, after the turns have finished: deletes the rows whose turn has run."""
        if self._deleting is not None:
            self._deleting.cancel()
            self._deleting = None
        if self._finished and not self._flushing:
            finished, self._finished = self._finished, []
            try:
                await self._write([], finished)
            except Exception as exc:
                log_failure(logger, "inbox write failed", exc, messages=0)

    def __len__(self) -> int:
        """Messages taken whose turn has not finished."""
        return len(self._in_flight) - len(self._finished)


def chat_inbox(turns: Turns, *, source: str, process: Process, spawn: Spawn, lease: dt.timedelta) -> Inbox:
    """A platform's inbox of chat messages, on the turns' store: a person's messages one at a
    time in the order they came, one turn at a time on SQLite (one connection), eight on
    PostgreSQL."""
    return Inbox(
        turns.engine,
        gate=turns.gate,
        source=source,
        process=process,
        spawn=spawn,
        conversation=lambda payload: str(payload.get("user")),
        clock=turns.clock,
        lease=lease,
        slots=1 if turns.engine.dialect.name == "sqlite" else 8,
    )
