"""`signpost serve`'s health route, through a real HTTP server on loopback."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from adapters.app import build_assistant
from adapters.server import make_web_app
from bot.settings import Settings


async def test_healthz_is_ok_when_the_store_answers_and_503_when_not(settings: Settings) -> None:
    assistant = await build_assistant(settings)
    async with TestClient(TestServer(make_web_app(assistant))) as client:
        ok = await client.get("/healthz")
        assert ok.status == 200 and await ok.json() == {"status": "ok"}
        await assistant.engine.dispose()
        broken = Settings(_env_file=None, database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
        down = await build_assistant(broken, migrate=False)
        async with TestClient(TestServer(make_web_app(down))) as down_client:
            failing = await down_client.get("/healthz")
            assert failing.status == 503
        await down.engine.dispose()
