"""Shared fixtures: the real knowledge, the real understanding, a migrated store."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from adapters.app import build_router
from bot.messages import IncomingMessage
from bot.router import Router
from bot.settings import Settings
from bot.store.engine import make_engine, make_sessions
from bot.store.migrate import upgrade
from bot.turn import Turns
from bot.understanding import Understander, build_understander
from knowledge.loader import load_knowledge
from knowledge.models import Knowledge

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
    yield Turns(router=router, sessions=make_sessions(engine), clock=clock)
    await engine.dispose()


@pytest.fixture
def make_message() -> Callable[..., IncomingMessage]:
    def make(
        text: str, *, user: str = "U1", conversation: str = "D1", platform: str = "terminal"
    ) -> IncomingMessage:
        return IncomingMessage(platform=platform, conversation_id=conversation, user_id=user, text=text)

    return make
