"""The database unavailable for a while, through the real Slack and Teams endpoints.

PostgreSQL goes away behind a TCP proxy that the test cuts (live connections dropped, new
ones refused) and restores; SQLite is held by another process's exclusive lock. While the
store is gone, staff get a clear apology (and urgent help when they need it) within Slack's
3-second window (Teams': 15 seconds), a report form keeps its answers, nothing is half-written;
afterwards the same server answers normally, without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from adapters.app import Assistant, build_confirmations, build_router
from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.inbox import count as inbox_count
from bot.store.migrate import upgrade
from bot.store.models import AdviceLogRow, EscalationRow, OutboxRow, ProcessedEventRow
from bot.turn import Turns
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests.conftest import POSTGRES_URL, URGENT_URL, _fresh_postgres_database
from tests.fakes.bot_connector import FakeConnector
from tests.fakes.slack_api import FakeSlack
from tests.resilience_helpers import card_texts
from tests.slack_harness import COMMS, COMMS_MEMBER, TOKEN, SlackHarness, dm, report_values, start
from tests.teams_harness import STAFF as TEAMS_STAFF
from tests.teams_harness import TeamsHarness, form_data, personal_id

APOLOGY = "Sorry, something went wrong on my side"
QUESTION = "a former patient sent me a friend request on facebook, can I accept?"
CRISIS = "I can't cope any more and I want to end it all"


class Proxy:
    """A TCP proxy in front of PostgreSQL that can be cut and restored."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.up = True
        self.server: asyncio.Server | None = None
        self.live: set[asyncio.StreamWriter] = set()
        self.refused = 0

    @property
    def listen_port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", 0)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            self.refused += 1
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            writer.close()
            return
        self.live.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self.live.discard(writer)
            writer.close()

    def cut(self) -> None:
        self.up = False
        for writer in list(self.live):
            writer.transport.abort()
        self.live.clear()

    def restore(self) -> None:
        self.up = True

    async def close(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


async def _slack(
    database_url: str, fake: FakeSlack, knowledge: Knowledge, understander: Understander
) -> SlackHarness:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        urgent_help_url=URGENT_URL,
        slack_bot_token=SecretStr(TOKEN),
        slack_signing_secret=SecretStr("test-signing-secret"),
        slack_api_url=fake.url,
        slack_comms_channel=COMMS,
        slack_comms_members=COMMS_MEMBER,
    )
    engine = make_engine(database_url)
    await upgrade(engine)
    router = build_router(settings, knowledge, understander)
    turns = Turns(router=router, engine=engine, confirmations=build_confirmations(settings))
    return await start(Assistant(settings, knowledge, understander, router, engine, turns), fake)


def _teams(slack: SlackHarness, connector: FakeConnector) -> TeamsHarness:
    """The same served app, driven on its Teams route."""
    return TeamsHarness(client=slack.client, connector=connector, assistant=slack.assistant)


async def _counts(slack: SlackHarness | TeamsHarness) -> dict[str, int]:
    counts = {}
    async with slack.sessions() as session:
        for row in (AdviceLogRow, EscalationRow, OutboxRow, ProcessedEventRow):
            counts[row.__tablename__] = int(await session.scalar(select(func.count()).select_from(row)) or 0)
    return counts


def _texts(post: dict[str, Any]) -> str:
    return post.get("text", "") + " " + str(post.get("blocks", ""))


async def _dm_reply(slack: SlackHarness, text: str, *, seen: int, expect: int = 1) -> tuple[float, str]:
    """Posts a DM; returns the seconds until Slack had its 200 and what was posted back."""
    started = time.perf_counter()
    answer = await slack.event(dm(text))
    acked = time.perf_counter() - started
    assert answer.status == 200
    posts = await slack.fake.wait_for("chat.postMessage", count=seen + expect, timeout=15)
    return acked, " ".join(_texts(post) for post in posts[seen:])


async def _outage_then_recovery(slack: SlackHarness, cut: Any, restore: Any) -> None:
    acked, reply = await _dm_reply(slack, QUESTION, seen=0)
    assert "section 6" in reply
    before = await _counts(slack)

    cut()
    acked, reply = await _dm_reply(slack, QUESTION, seen=1)
    assert APOLOGY in reply and "try again" in reply
    assert acked < 3.0  # inside Slack's window, so Slack does not retry into the outage
    posts = len(slack.fake.of("chat.postMessage"))
    acked, reply = await _dm_reply(slack, CRISIS, seen=posts, expect=2)
    # Urgent help does not depend on the store, and it comes first.
    assert "Samaritans" in reply and "999" in reply
    assert reply.index("Samaritans") < reply.index(APOLOGY)
    values = report_values(what_said="Thread calling the ward a disgrace")
    form = await slack.submit("report_form", values)
    assert form.status == 200
    body = await form.json()
    assert body["response_action"] == "errors"  # the modal stays open, with its answers
    assert "couldn't save" in str(body["errors"])

    restore()
    posts = len(slack.fake.of("chat.postMessage"))
    acked, reply = await _dm_reply(slack, QUESTION, seen=posts)
    assert "section 6" in reply and APOLOGY not in reply
    after = await _counts(slack)
    # Nothing written while the store was down; exactly the one new answer afterwards.
    one_more = {"advice_log": before["advice_log"] + 1, "processed_events": before["processed_events"] + 1}
    assert after == {**before, **one_more}


async def _teams_reply(teams: TeamsHarness, text: str) -> tuple[float, str]:
    """A personal-chat message; the seconds until Teams had its 200, and what came back."""
    seen = len(teams.connector.messages(personal_id(TEAMS_STAFF)))
    started = time.perf_counter()
    answer = await teams.say(text, settle=False)
    acked = time.perf_counter() - started
    assert answer.status == 200
    await teams.settle()
    return acked, " ".join(teams.connector.texts(personal_id(TEAMS_STAFF))[seen:])


async def _teams_outage_then_recovery(teams: TeamsHarness, cut: Any, restore: Any) -> None:
    """A Teams message normally goes through the inbox; with the store gone the inbox cannot
    take it, so its turn runs in place and apologises, and Teams hears "200" in its window."""
    _, reply = await _teams_reply(teams, QUESTION)
    assert "section 6" in reply
    before = await _counts(teams)
    cut()
    acked, reply = await _teams_reply(teams, QUESTION)
    assert APOLOGY in reply and "try again" in reply
    assert acked < 15.0  # inside Teams' window
    acked, reply = await _teams_reply(teams, CRISIS)
    assert "Samaritans" in reply and "999" in reply
    assert reply.index("Samaritans") < reply.index(APOLOGY), "urgent help first"
    # Someone Signpost has never talked with: where to reach them cannot be written either, and
    # that must not keep the urgent help from them (before, their message got only "200").
    answer = await teams.say(CRISIS, user="29:newcomer")
    assert answer.status == 200
    said = " ".join(teams.connector.texts(personal_id("29:newcomer")))
    assert "Samaritans" in said and said.index("Samaritans") < said.index(APOLOGY), said
    form = await teams.execute("report_submit", form_data(what_said="Thread calling the ward a disgrace"))
    assert form.status == 200
    shown = "\n".join(card_texts((await form.json())["value"]))
    assert "couldn't save" in shown and "Thread calling the ward a disgrace" in json.dumps(await form.json())
    restore()
    _, reply = await _teams_reply(teams, QUESTION)
    assert "section 6" in reply and APOLOGY not in reply
    after = await _counts(teams)
    one_more = {"advice_log": before["advice_log"] + 1, "processed_events": before["processed_events"] + 1}
    assert after == {**before, **one_more}, "nothing written while the store was down"
    for _ in range(30):  # a row goes within about half a second of its replies
        async with teams.assistant.engine.connect() as connection:
            if await inbox_count(connection) == 0:
                break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("a message was left behind in the inbox")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@pytest.mark.postgres
@pytest.mark.parametrize("platform", ["slack", "teams"])
async def test_postgres_down_for_a_while_apologises_writes_nothing_and_recovers(
    fake: FakeSlack,
    fake_connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
    platform: str,
) -> None:
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server (run the suite with scripts/test.sh)")
    url, drop = await _fresh_postgres_database(POSTGRES_URL)
    parsed = make_url(url)
    proxy = Proxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    await proxy.start()
    slack = await _slack(
        parsed.set(host="127.0.0.1", port=proxy.listen_port).render_as_string(hide_password=False),
        fake,
        knowledge,
        understander,
    )
    try:
        if platform == "slack":
            await _outage_then_recovery(slack, proxy.cut, proxy.restore)
        else:
            await _teams_outage_then_recovery(_teams(slack, fake_connector), proxy.cut, proxy.restore)
        assert proxy.refused > 0  # the server really tried to reach the database while it was down
    finally:
        await slack.client.close()
        await slack.assistant.engine.dispose()
        await proxy.close()
        await drop()


@pytest.mark.parametrize("platform", ["slack", "teams"])
async def test_sqlite_locked_by_another_process_apologises_writes_nothing_and_recovers(
    fake: FakeSlack,
    fake_connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
    tmp_path: Any,
    platform: str,
) -> None:
    path = tmp_path / "signpost.db"
    slack = await _slack(f"sqlite+aiosqlite:///{path}", fake, knowledge, understander)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def lock() -> None:
        other.execute("BEGIN EXCLUSIVE")

    def unlock() -> None:
        other.execute("COMMIT")

    try:
        if platform == "slack":
            await _outage_then_recovery(slack, lock, unlock)
        else:
            await _teams_outage_then_recovery(_teams(slack, fake_connector), lock, unlock)
    finally:
        with contextlib.suppress(sqlite3.Error):
            other.execute("ROLLBACK")
        other.close()
        await slack.client.close()
        await slack.assistant.engine.dispose()
