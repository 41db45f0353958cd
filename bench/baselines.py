"""Reference servers for `bench/http.py`, each on 127.0.0.1 at a free port it prints:

    python bench/baselines.py aiohttp|bolt|echo

- aiohttp: a bare aiohttp handler answering 200.
- bolt: a minimal slack-bolt AsyncApp (signature check, a listener that only acks).
- echo: botbuilder's stock echo bot (CloudAdapter + ActivityHandler), as in Microsoft's sample.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/http.py: keep its folder off the path so `import http` finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import asyncio
import os
import signal
import sys
from typing import Any

from aiohttp import web


def bare() -> web.Application:
    async def ok(_request: web.Request) -> web.Response:
        await _request.read()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/slack/events", ok)
    app.router.add_post("/api/messages", ok)
    return app


def bolt() -> web.Application:
    from slack_bolt.adapter.aiohttp import to_aiohttp_response
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.request.async_request import AsyncBoltRequest
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    slack = AsyncApp(
        client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True
    )

    @slack.event("message")
    async def on_message() -> None:
        return None

    async def events(request: web.Request) -> web.Response:
        body = (await request.read()).decode()
        bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=dict(request.headers))
        return await to_aiohttp_response(await slack.async_dispatch(bolt_request))

    app = web.Application()
    app.router.add_post("/slack/events", events)
    return app


def echo() -> web.Application:
    from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    class EchoBot(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    bot = EchoBot()

    async def messages(request: web.Request) -> Any:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


async def main(kind: str) -> None:
    app = {"aiohttp": bare, "bolt": bolt, "echo": echo}[kind]()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print("PORT", runner.addresses[0][1], flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
