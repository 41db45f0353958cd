"""The inbox (`bot/inbox.py`) on SQLite and on a real PostgreSQL server: messages written in
group commits before they are acknowledged, each turn run once and in order, rows deleted
once their turn has run, and rows a stopped server left behind run after a restart."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import Counter
from collections.abc import Coroutine
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.inbox import Inbox, InboxUnavailable
from bot.store import inbox as table
from bot.store.engine import fair_gate, make_engine
from tests.conftest import Clock

LEASE = dt.timedelta(seconds=60)


class Runs:
    """The turns an inbox ran, and its background work (tracked, as the server's is)."""

    def __init__(self) -> None:
        self.turns: list[tuple[str, dict[str, Any]]] = []
        self.tasks: set[asyncio.Task[None]] = set()
        self.hold = asyncio.Event()
        self.hold.set()

    async def process(self, event_id: str, payload: dict[str, Any]) -> None:
        await self.hold.wait()
        await asyncio.sleep(random.uniform(0, 0.005))  # turns take different times
        self.turns.append((event_id, payload))

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def idle(self) -> None:
        while self.tasks:
            await asyncio.wait(set(self.tasks))

    def ids(self) -> list[str]:
        return [event_id for event_id, _ in self.turns]


def _inbox(engine: AsyncEngine, runs: Runs, clock: Clock, **options: Any) -> Inbox:
    defaults: dict[str, Any] = {
        "gate": fair_gate(engine),
        "source": "slack",
        "process": runs.process,
        "spawn": runs.spawn,
        "conversation": lambda payload: str(payload["user"]),
        "clock": clock,
        "lease": LEASE,
        "delete_after": 0.01,
    }
    return Inbox(engine, **{**defaults, **options})


def _payload(user: str, text: str) -> dict[str, Any]:
    return {"user": user, "text": text, "channel": "D" + user, "direct": True, "thread_ts": None}


async def _waiting(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return await table.count(connection)


async def _until_empty(engine: AsyncEngine, runs: Runs) -> None:
    for _ in range(200):
        await runs.idle()
        if await _waiting(engine) == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{await _waiting(engine)} rows still in the inbox")


async def test_fifty_messages_at_once_are_written_together_and_each_turn_runs_once(
    engine: AsyncEngine, clock: Clock
) -> None:
    runs = Runs()
    inbox = _inbox(engine, runs, clock)
    commits: list[int] = []
    event.listen(engine.sync_engine, "commit", lambda _connection: commits.append(1))
    taken = await asyncio.gather(
        *(inbox.accept(f"Ev{n}", _payload(f"U{n % 7}", f"question {n}")) for n in range(50))
    )
    assert taken == [True] * 50
    assert len(commits) <= 2, "one group commit for the burst, not one per message"
    await _until_empty(engine, runs)
    assert Counter(runs.ids()) == Counter(f"Ev{n}" for n in range(50))
    assert {payload["text"] for _, payload in runs.turns} == {f"question {n}" for n in range(50)}
    assert len(inbox) == 0


async def test_a_retry_of_a_message_still_waiting_is_not_run_again(engine: AsyncEngine, clock: Clock) -> None:
    runs = Runs()
    runs.hold.clear()  # the first delivery's turn has not run yet
    inbox = _inbox(engine, runs, clock)
    together = await asyncio.gather(
        inbox.accept("EvSame", _payload("U1", "hello")), inbox.accept("EvSame", _payload("U1", "hello"))
    )
    assert sorted(together) == [False, True]
    assert await inbox.accept("EvSame", _payload("U1", "hello")) is False, "a later retry"
    runs.hold.set()
    await _until_empty(engine, runs)
    assert runs.ids() == ["EvSame"]


async def test_a_conversations_messages_run_in_the_order_they_came(engine: AsyncEngine, clock: Clock) -> None:
    runs = Runs()
    inbox = _inbox(engine, runs, clock, slots=8)
    for n in range(40):  # two people, interleaved, each message acknowledged before the next
        assert await inbox.accept(f"Ev{n:02d}", _payload("UA" if n % 2 else "UB", f"{n}"))
    await _until_empty(engine, runs)
    for user in ("UA", "UB"):
        order = [int(payload["text"]) for _, payload in runs.turns if payload["user"] == user]
        assert order == sorted(order) and len(order) == 20


async def test_the_text_leaves_the_store_once_the_turn_has_run(engine: AsyncEngine, clock: Clock) -> None:
    runs = Runs()
    runs.hold.clear()
    inbox = _inbox(engine, runs, clock)
    assert await inbox.accept("EvPrivate", _payload("U1", "my patient's name is in here"))
    assert await _waiting(engine) == 1, "written before it is acknowledged"
    runs.hold.set()
    await _until_empty(engine, runs)
    assert runs.ids() == ["EvPrivate"]


@pytest.mark.parametrize("only_server", [True, False], ids=["SQLite start-up", "claim ran out"])
async def test_messages_a_stopped_server_left_run_once_after_a_restart(
    engine: AsyncEngine, clock: Clock, only_server: bool
) -> None:
    """A server acknowledged three messages and died before their turns ran."""
    async with engine.begin() as connection:
        await table.add(
            connection,
            source="slack",
            messages=[(f"EvLeft{n}", _payload("U1", f"left {n}")) for n in range(3)],
            now=clock(),
            claimed_until=clock() + LEASE,
        )
    runs = Runs()
    restarted = _inbox(engine, runs, clock)
    if not only_server:
        assert await restarted.recover() == 0, "another server's claim is still running"
        clock.now += LEASE + dt.timedelta(seconds=1)
    assert await restarted.recover(everything=only_server) == 3
    assert await restarted.recover(everything=only_server) == 0, "never twice"
    await _until_empty(engine, runs)
    assert runs.ids() == ["EvLeft0", "EvLeft1", "EvLeft2"]


async def test_a_turns_commit_starts_its_rows_claim_again(engine: AsyncEngine, clock: Clock) -> None:
    """A turn that waited most of its claim in a busy server's queue: when it commits, its row
    (now its replies) is this server's for another lease, not another server's to send too."""
    taken = clock()
    async with engine.begin() as connection:
        await table.add(
            connection,
            source="teams",
            messages=[("EvSlow", _payload("U1", "a question"))],
            now=taken,
            claimed_until=taken + LEASE,
        )
    clock.now += LEASE - dt.timedelta(seconds=1)  # the turn ran just before its claim ran out
    async with engine.begin() as connection:
        await table.answered(
            connection,
            source="teams",
            event_id="EvSlow",
            payload={"user": "U1", "replies": []},
            claimed_until=clock() + LEASE,
        )
    clock.now += dt.timedelta(seconds=2)  # past the first claim
    async with engine.begin() as connection:
        claimed = await table.claim(connection, source="teams", now=clock(), lease=LEASE, limit=10)
    assert claimed == [], "still this server's to send"


async def test_the_inbox_says_so_when_it_cannot_take_a_message(tmp_path: Any, clock: Clock) -> None:
    """A store without its tables (or down): the caller is told, and runs the turn itself."""
    broken = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    runs = Runs()
    try:
        with pytest.raises(InboxUnavailable):
            await _inbox(broken, runs, clock).accept("Ev1", _payload("U1", "hello"))
        assert runs.ids() == []
    finally:
        await runs.idle()
        await broken.dispose()


async def test_past_its_limit_the_inbox_stops_taking_messages(engine: AsyncEngine, clock: Clock) -> None:
    runs = Runs()
    runs.hold.clear()
    inbox = _inbox(engine, runs, clock, most_waiting=2)
    assert await inbox.accept("Ev1", _payload("U1", "one"))
    assert await inbox.accept("Ev2", _payload("U2", "two"))
    with pytest.raises(InboxUnavailable):
        await inbox.accept("Ev3", _payload("U3", "three"))
    runs.hold.set()
    await _until_empty(engine, runs)
    assert sorted(runs.ids()) == ["Ev1", "Ev2"]
    assert await inbox.accept("Ev3", _payload("U3", "three")), "taken again once turns have run"
    await _until_empty(engine, runs)


class Sends(Runs):
    """Turns that return the sending of their replies, as the adapters' do: each sending takes
    as long as `slow` says for its message (or waits on `hang`), and records when it is done."""

    def __init__(self, slow: dict[str, float] | None = None) -> None:
        super().__init__()
        self.slow = slow or {}
        self.hang = asyncio.Event()
        self.hung: set[str] = set()
        self.held: dict[str, asyncio.Event] = {}
        """Sendings that wait on an event of their own."""
        self.sent: list[str] = []

    async def process(self, event_id: str, payload: dict[str, Any]) -> Coroutine[Any, Any, None]:
        await super().process(event_id, payload)
        return self._send(event_id)

    async def _send(self, event_id: str) -> None:
        if event_id in self.hung:
            await self.hang.wait()
        if event_id in self.held:
            await self.held[event_id].wait()
        await asyncio.sleep(self.slow.get(event_id, 0.0))
        self.sent.append(event_id)


async def test_a_persons_replies_go_out_in_the_order_of_their_messages(
    engine: AsyncEngine, clock: Clock
) -> None:
    """The Connector slow with the first answer: before, the second message's answer, sent as
    soon as its turn had run, arrived before the first's. Someone else's are not held back."""
    sends = Sends(slow={"EvA1": 0.4})
    inbox = _inbox(engine, sends, clock, slots=8)
    assert await inbox.accept("EvA1", _payload("UA", "first question"))
    await asyncio.sleep(0.1)  # its turn has run; its answer is on its way
    assert await inbox.accept("EvA2", _payload("UA", "second question"))
    assert await inbox.accept("EvB1", _payload("UB", "someone else's question"))
    await _until_empty(engine, sends)
    assert sends.sent == ["EvB1", "EvA1", "EvA2"]


async def test_a_row_whose_replies_went_out_during_a_commit_goes_with_the_next_one(
    engine: AsyncEngine, clock: Clock
) -> None:
    """One message at a time, a reply that went out while the next message's commit was under way
    had its row deleted in a transaction of its own, right after: two commits a message where one
    does. The row goes with the next commit (or after `delete_after`), and still goes."""
    sends = Sends()
    sends.hung.add("Ev1")
    # A gate the test can hold on either store (PostgreSQL's own needs none).
    inbox = _inbox(engine, sends, clock, delete_after=60, gate=asyncio.Lock())
    assert await inbox.accept("Ev1", _payload("U1", "first question"))
    while not sends.turns:
        await asyncio.sleep(0.01)  # its turn has run; its answer is on its way
    commits: list[int] = []
    event.listen(engine.sync_engine, "commit", lambda _connection: commits.append(1))
    async with inbox.gate:  # the next message's commit waits for the store...
        second = asyncio.ensure_future(inbox.accept("Ev2", _payload("U2", "second question")))
        await asyncio.sleep(0.05)
        sends.hang.set()  # ...while the first answer goes out
        while "Ev1" not in sends.sent:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
    assert await second
    await asyncio.sleep(0.1)
    assert len(commits) == 1, "no transaction only to delete the first message's row"
    assert await _waiting(engine) == 2
    assert await inbox.accept("Ev3", _payload("U3", "third question"))
    assert len(commits) == 2
    async with engine.connect() as connection:
        left = set((await connection.execute(select(table.INBOX.c.event_id))).scalars())
    assert "Ev1" not in left and "Ev3" in left, "the first message's row went with the third's commit"
    await sends.idle()
    await inbox.close()


async def test_rows_whose_turns_ran_go_after_their_timer_when_no_message_follows(
    engine: AsyncEngine, clock: Clock
) -> None:
    """With no message after them, rows whose replies went out go when their timer runs out
    (`delete_after`), all in one statement."""
    sends = Sends()
    inbox = _inbox(engine, sends, clock, delete_after=0.05)
    for n in range(5):
        assert await inbox.accept(f"Ev{n}", _payload(f"U{n}", "a question"))
    await sends.idle()
    deleting: list[int] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cursor, statement, *_args: deleting.append(1) if statement.startswith("DELETE") else None,
    )
    for _ in range(50):
        if await _waiting(engine) == 0:
            break
        await asyncio.sleep(0.02)
    assert await _waiting(engine) == 0
    assert len(deleting) == 1, "one statement for all five"


async def test_rows_that_finish_as_the_timer_runs_out_during_a_commit_go_right_after_it(
    engine: AsyncEngine, clock: Clock
) -> None:
    """The timer runs out while a commit holds the store, so it cannot start one of its own;
    one row finished just before, and another finishes just after, setting the next timer. Both
    go with a commit right after the one under way. Before, they waited for that next timer."""
    sends = Sends(slow={"Ev2": 30.0})  # the second question's answer never leaves in this test
    sends.hung.add("Ev0")
    sends.held["Ev3"] = asyncio.Event()
    inbox = _inbox(engine, sends, clock, delete_after=0.2, gate=asyncio.Lock())
    assert await inbox.accept("Ev0", _payload("U0", "an answer slow to go out"))
    assert await inbox.accept("Ev3", _payload("U3", "another answer slow to go out"))
    assert await inbox.accept("Ev1", _payload("U1", "a question"))
    while "Ev1" not in sends.sent:
        await asyncio.sleep(0.01)  # its row has finished: the timer is set
    await asyncio.sleep(0.01)
    async with inbox.gate:  # the next message's commit (with the first row's delete) waits...
        second = asyncio.ensure_future(inbox.accept("Ev2", _payload("U2", "a second question")))
        await asyncio.sleep(0.02)
        sends.hang.set()  # ...as one slow answer goes out...
        while "Ev0" not in sends.sent:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # ...the timer runs out...
        inbox.delete_after = 60.0
        sends.held["Ev3"].set()  # ...and the other goes out, setting the next timer
        while "Ev3" not in sends.sent:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
    assert await second
    left: set[str] = set()
    for _ in range(100):
        async with engine.connect() as connection:
            left = set((await connection.execute(select(table.INBOX.c.event_id))).scalars())
        if left == {"Ev2"}:
            break
        await asyncio.sleep(0.02)
    assert left == {"Ev2"}, "the rows whose answers went out are gone; the one still answering stays"
    for task in list(sends.tasks):
        task.cancel()
    await asyncio.gather(*sends.tasks, return_exceptions=True)


async def test_a_hung_reply_holds_the_next_one_back_only_a_little(engine: AsyncEngine, clock: Clock) -> None:
    """A reply that never goes through must not keep the person's next reply (urgent help,
    maybe) from them: it waits `order_within` seconds at most."""
    sends = Sends()
    sends.hung.add("EvA1")
    inbox = _inbox(engine, sends, clock, order_within=0.2)
    assert await inbox.accept("EvA1", _payload("UA", "first question"))
    assert await inbox.accept("EvA2", _payload("UA", "i can't go on"))
    for _ in range(100):
        if sends.sent:
            break
        await asyncio.sleep(0.02)
    assert sends.sent == ["EvA2"], "sent while the first still hangs"
    sends.hang.set()
    await _until_empty(engine, sends)
    assert sends.sent == ["EvA2", "EvA1"]


async def _in_place(inbox: Inbox, sends: Sends, user: str, name: str) -> None:
    """A turn run in place (as an adapter runs a message holding a password): recorded as
    a turn once it runs, its sending through `in_order`."""
    async with inbox.in_turn(_payload(user, "in place")) as in_order:
        sends.turns.append((name, {"user": user}))
        sending = in_order(sends._send(name))
    await sending


async def test_a_turn_run_in_place_waits_for_the_persons_turn_before_it(
    engine: AsyncEngine, clock: Clock
) -> None:
    """Before, a turn run in place (a password pasted right after a question) ran while the
    question's turn was still waiting, and was answered first. Someone else's is not held."""
    sends = Sends()
    sends.hold.clear()  # the question's turn is under way
    inbox = _inbox(engine, sends, clock)
    assert await inbox.accept("EvA1", _payload("UA", "first question"))
    await asyncio.sleep(0.05)
    theirs = asyncio.create_task(_in_place(inbox, sends, "UA", "placeA"))
    await _in_place(inbox, sends, "UB", "placeB")
    await asyncio.sleep(0.1)
    assert sends.ids() == ["placeB"], "the person's own waits for their question's turn"
    sends.hold.set()
    await theirs
    await _until_empty(engine, sends)
    assert sends.ids() == ["placeB", "EvA1", "placeA"]
    assert sends.sent == ["placeB", "EvA1", "placeA"]


async def test_a_turn_run_in_place_waits_only_a_little_for_a_stuck_one(
    engine: AsyncEngine, clock: Clock
) -> None:
    """The platform has not been answered while a turn runs in place: a turn before it that
    never finishes holds it back `turn_within` seconds, no longer."""
    sends = Sends()
    sends.hold.clear()
    inbox = _inbox(engine, sends, clock, turn_within=0.2)
    assert await inbox.accept("EvA1", _payload("UA", "first question"))
    await asyncio.sleep(0.05)
    await asyncio.wait_for(_in_place(inbox, sends, "UA", "placeA"), 2)
    assert sends.ids() == ["placeA"] and sends.sent == ["placeA"]
    sends.hold.set()
    await _until_empty(engine, sends)
    assert sends.sent == ["placeA", "EvA1"]


async def test_replies_of_a_turn_run_in_place_go_out_after_the_persons_earlier_replies(
    engine: AsyncEngine, clock: Clock
) -> None:
    """The question's answer slow to go out: before, the in-place turn's reply (the password
    warning) arrived above it. The next message's answer waits for the in-place reply in turn."""
    sends = Sends(slow={"EvA1": 0.3, "placeA": 0.2})
    inbox = _inbox(engine, sends, clock, slots=8)
    assert await inbox.accept("EvA1", _payload("UA", "first question"))
    await asyncio.sleep(0.1)  # its turn has run; its answer is on its way
    placed = asyncio.create_task(_in_place(inbox, sends, "UA", "placeA"))
    await asyncio.sleep(0.05)
    assert await inbox.accept("EvA2", _payload("UA", "third message"))
    await placed
    await _until_empty(engine, sends)
    assert sends.sent == ["EvA1", "placeA", "EvA2"]


async def test_a_live_server_keeps_its_slow_rows_from_other_servers(
    engine: AsyncEngine, clock: Clock
) -> None:
    """Two servers on one store. The first took a message and its replies are slow to go out,
    longer than a lease: before, the second server could take the row up when its claim ran
    out and send the replies too (urgent help included). The first renews its claims."""
    sends = Sends()
    sends.hung.add("EvSlow")
    first = _inbox(engine, sends, clock)
    other_runs = Sends()
    other = _inbox(engine, other_runs, clock)
    assert await first.accept("EvSlow", _payload("U1", "a question"))
    for _ in range(100):
        if sends.turns:
            break
        await asyncio.sleep(0.02)
    try:
        for _ in range(4):  # two leases and more, renewed every half lease (as `run()` does)
            clock.now += LEASE * 0.6
            assert await other.recover() == 0, "still the first server's"
            assert await first.renew() == 1
        sends.hang.set()
        await _until_empty(engine, sends)
        assert sends.sent == ["EvSlow"]
        clock.now += LEASE * 2
        assert await other.recover() == 0
        assert other_runs.turns == [] and other_runs.sent == []
    finally:
        sends.hang.set()
        await sends.idle()
        await other_runs.idle()


async def test_the_inbox_renews_its_claims_as_it_looks_for_rows_left_behind(
    engine: AsyncEngine, clock: Clock
) -> None:
    sends = Sends()
    sends.hung.add("EvSlow")
    inbox = _inbox(engine, sends, clock)
    assert await inbox.accept("EvSlow", _payload("U1", "a question"))
    stop = asyncio.Event()
    looking = asyncio.create_task(inbox.run(stop, every=0.01))
    try:
        await inbox.looked.wait()  # past the start-up look, which claims every row on SQLite
        clock.now += LEASE / 2
        for _ in range(100):
            async with engine.connect() as connection:
                until = (await connection.execute(select(table.INBOX.c.claimed_until))).scalar_one()
            if until.replace(tzinfo=dt.UTC) == clock() + LEASE:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError(f"claim not renewed: {until}")
    finally:
        stop.set()
        await looking
        sends.hang.set()
        await _until_empty(engine, sends)


async def _until_turned(runs: Runs, event_id: str) -> None:
    for _ in range(200):
        if event_id in runs.ids():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{event_id}'s turn never ran")


async def test_a_server_that_stalled_past_its_claim_leaves_the_replies_to_the_one_that_took_it(
    engine: AsyncEngine, clock: Clock
) -> None:
    """Two servers on one store. The first took a message, and stalled in its turn for longer
    than a lease (so it renewed nothing); the second took the row up and sent the replies.
    Before, the first sent them too when it woke: the person had the answer (or the urgent
    help) twice. Now the first finds the row is no longer its own and sends nothing."""
    first_runs = Sends()
    first_runs.hold.clear()  # the stall: its turn does not go on
    first = _inbox(engine, first_runs, clock)
    other_runs = Sends()
    other = _inbox(engine, other_runs, clock)
    assert await first.accept("EvStalled", _payload("U1", "can i accept a friend request"))
    await asyncio.sleep(0.05)
    clock.now += LEASE + dt.timedelta(seconds=1)
    assert await other.recover() == 1
    await _until_turned(other_runs, "EvStalled")
    first_runs.hold.set()  # the first server wakes up
    await _until_turned(first_runs, "EvStalled")
    await _until_empty(engine, first_runs)
    await other_runs.idle()
    assert other_runs.sent == ["EvStalled"]
    assert first_runs.sent == [], "sent twice"
    assert len(first) == 0, "the first server let the row go"


async def test_replies_whose_claim_is_half_gone_renew_it_before_they_go(
    engine: AsyncEngine, clock: Clock
) -> None:
    """A turn that took most of its claim (no renewal came in time): its server still holds
    the row, so the replies go, and the row is its own for a whole lease more, so another
    server does not take it up while they are on their way."""
    runs = Sends()
    runs.hold.clear()
    runs.hung.add("EvSlow")
    inbox = _inbox(engine, runs, clock)
    other_runs = Sends()
    other = _inbox(engine, other_runs, clock)
    assert await inbox.accept("EvSlow", _payload("U1", "a question"))
    await asyncio.sleep(0.05)
    clock.now += LEASE * 0.9
    runs.hold.set()
    await _until_turned(runs, "EvSlow")
    await asyncio.sleep(0.05)  # its replies are on their way (and hang)
    try:
        clock.now += LEASE * 0.5  # past the claim the row was written with
        assert await other.recover() == 0, "renewed before the replies went"
        runs.hang.set()
        await _until_empty(engine, runs)
        assert runs.sent == ["EvSlow"]
        assert other_runs.turns == []
    finally:
        runs.hang.set()
        await runs.idle()
        await other_runs.idle()


async def test_a_server_renews_only_the_rows_still_its_own(engine: AsyncEngine, clock: Clock) -> None:
    sends = Sends()
    sends.hold.clear()
    first = _inbox(engine, sends, clock)
    other_runs = Sends()
    other_runs.hold.clear()
    other = _inbox(engine, other_runs, clock, batch=1)
    assert await first.accept("EvA", _payload("U1", "first"))
    assert await first.accept("EvB", _payload("U2", "second"))
    await asyncio.sleep(0.05)
    clock.now += LEASE + dt.timedelta(seconds=1)  # the first server stalled: both claims ran out
    assert await other.recover() == 1  # the other takes up one of them (the oldest)
    try:
        assert await first.renew() == 1, "only EvB is still the first server's"
    finally:
        sends.hold.set()
        other_runs.hold.set()
        await _until_empty(engine, sends)
        await other_runs.idle()
    assert (sends.sent, other_runs.sent) == (["EvB"], ["EvA"])
