"""Shared fixtures: the real knowledge, the real understanding, a migrated store."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.app import build_confirmations, build_router
from bot.messages import IncomingMessage, Outcome
from bot.router import Router
from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.turn import Turns
from bot.understanding import Understander, build_understander
from knowledge.loader import load_knowledge
from knowledge.models import Knowledge
from tests.fakes.bot_connector import FakeConnector
from tests.fakes.slack_api import FakeSlack

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
URGENT_URL = "https://help.example.nhs.uk/need-urgent-help"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def understander(knowledge: Knowledge) -> Understander:
    return build_understander(knowledge)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}",
        urgent_help_url=URGENT_URL,
    )


@pytest.fixture
def router(settings: Settings, knowledge: Knowledge, understander: Understander) -> Router:
    return build_router(settings, knowledge, understander)


class Clock:
    """A settable clock for the turn handler."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def turns(settings: Settings, router: Router, clock: Clock) -> AsyncIterator[Turns]:
    engine = make_engine(settings.database_url)
    await upgrade(engine)
    yield Turns(
        router=router,
        engine=engine,
        confirmations=build_confirmations(settings),
        clock=clock,
    )
    await engine.dispose()


@pytest.fixture
def make_message() -> Callable[..., IncomingMessage]:
    def make(
        text: str, *, user: str = "U1", conversation: str = "D1", platform: str = "terminal"
    ) -> IncomingMessage:
        return IncomingMessage(platform=platform, conversation_id=conversation, user_id=user, text=text)

    return make


POSTGRES_URL = os.environ.get("SIGNPOST_TEST_POSTGRES_URL")


async def _fresh_postgres_database(base_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """A new, empty database on the test server, and a function that drops it."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()

    async def drop() -> None:
        engine = make_engine(base_url)
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()

    return base_url.rsplit("/", 1)[0] + "/" + name, drop


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each kind: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("SIGNPOST_TEST_POSTGRES_URL is not set; scripts/test.sh starts PostgreSQL")
        pytest.skip("no PostgreSQL server (run the suite with scripts/test.sh)")
    url, drop = await _fresh_postgres_database(POSTGRES_URL)
    try:
        yield url
    finally:
        await drop()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated store on each database kind."""
    engine = make_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


class Conversation:
    """One user talking to Signpost through the real turn handler and store."""

    def __init__(self, turns: Turns, user: str = "U1", conversation: str = "D1") -> None:
        self.turns, self.user, self.conversation = turns, user, conversation
        self.last: Outcome | None = None

    async def say(self, text: str) -> str:
        msg = IncomingMessage(
            platform="terminal", conversation_id=self.conversation, user_id=self.user, text=text
        )
        self.last = await self.turns.handle(msg)
        return "\n".join(reply.text for reply in self.last.replies)


@pytest.fixture
async def store_turns(engine: AsyncEngine, settings: Settings, router: Router, clock: Clock) -> Turns:
    """Turns on a migrated store of each kind (SQLite and PostgreSQL)."""
    return Turns(
        router=router,
        engine=engine,
        confirmations=build_confirmations(settings),
        clock=clock,
    )


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """A fake Slack Web API on loopback (tests/fakes/slack_api.py)."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def fake_connector() -> AsyncIterator[FakeConnector]:
    """A fake Bot Framework Connector on loopback (tests/fakes/bot_connector.py)."""
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()
