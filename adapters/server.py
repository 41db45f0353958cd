"""`signpost serve`: the aiohttp server. Slack and Teams routes mount here."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text

from adapters.app import Assistant

logger = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024


def make_web_app(assistant: Assistant) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with assistant.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            logger.exception("health check: the store does not answer")
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    app.router.add_get("/healthz", healthz)
    return app


async def serve(assistant: Assistant) -> None:
    app = make_web_app(assistant)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, assistant.settings.host, assistant.settings.port)
    await site.start()
    logger.info("signpost serving on %s:%s", assistant.settings.host, assistant.settings.port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await assistant.engine.dispose()
