"""What several test modules build the same way: an Assistant on a migrated store, the
served app around it, and the text a person reads in Slack blocks or a Teams card."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.app import Assistant, build_confirmations, build_router
from adapters.server import DELIVERY, SLACK, TEAMS
from bot.delivery import Delivery
from bot.messages import utcnow
from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.turn import Turns
from bot.understanding import Understander
from knowledge.models import Knowledge


@dataclass
class Served:
    """The web app `signpost serve` runs, in a test client, around its Assistant."""

    client: TestClient[Any, Any]
    assistant: Assistant

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.assistant.turns.sessions

    @property
    def delivery(self) -> Delivery:
        return self.client.server.app[DELIVERY]


async def migrated_assistant(
    settings: Settings,
    knowledge: Knowledge,
    understander: Understander,
    *,
    clock: Callable[[], dt.datetime] | None = None,
) -> Assistant:
    """The assistant `signpost serve` builds, on `settings.database_url` migrated to head,
    with the already-learned models (the caller disposes of `assistant.engine`)."""
    engine = make_engine(settings.database_url)
    await upgrade(engine)
    router = build_router(settings, knowledge, understander)
    turns = Turns(
        router=router,
        engine=engine,
        confirmations=build_confirmations(settings),
        clock=clock or utcnow,
        urgent_hold=dt.timedelta(seconds=settings.delivery_lease_seconds),
    )
    return Assistant(settings, knowledge, understander, router, engine, turns)


def all_text(node: Any) -> str:
    """Everything a person reads in Slack blocks, a Teams card or an activity."""
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for key in ("text", "title", "value"):
                if isinstance(item.get(key), str):
                    found.append(item[key])
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(node)
    return "\n".join(found)


async def inboxes_looked(client: TestClient[Any, Any]) -> None:
    """Waits until the server's inboxes have looked for rows left behind at start-up, so a test
    that leaves a row itself knows which pass will find it."""
    app = client.server.app
    for adapter in (app.get(SLACK), app[TEAMS]):
        if adapter is not None:
            await asyncio.wait_for(adapter.inbox.looked.wait(), 10)
