"""`signpost serve`: the aiohttp server with the Slack route, the health check and the
outbox worker. The worker and any after-the-answer work belong to the app's lifetime:
shutdown stops taking requests, finishes them, then stops the worker cleanly."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text

from adapters.app import Assistant
from adapters.background import Background
from adapters.metrics import Metrics
from adapters.slack.app import SlackAdapter, web_client
from adapters.slack.sender import SlackSender, is_slack_id
from adapters.teams.app import TeamsAdapter
from adapters.teams.poster import TeamsPoster
from adapters.teams.sender import TeamsSender, is_teams_ping
from bot.comms import CommsDesk
from bot.delivery import Delivery, NoPush, OutboundMessage, Sender
from bot.store.stats import failed_deliveries, inbox_backlog, oldest_urgent_pending

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_BODY = 1024 * 1024
SHUTDOWN_GRACE = 10.0
ANSWERS_LATE_SECONDS = 10.0
"""An acknowledged chat message still unanswered after this long shows in `/healthz`. A burst
of 1,000 messages a second is answered within about 10 s (bench/http.py)."""
ASSISTANT = web.AppKey("assistant", Assistant)
DELIVERY = web.AppKey("delivery", Delivery)
SLACK = web.AppKey("slack", SlackAdapter)
BACKGROUND = web.AppKey("background", Background)
TEAMS = web.AppKey("teams", TeamsAdapter)


def make_web_app(assistant: Assistant, *, poll: float = 1.0) -> web.Application:
    settings = assistant.settings
    app = web.Application(client_max_size=MAX_BODY)
    background = Background()
    desk = CommsDesk(assistant.turns.sessions, clock=assistant.turns.clock)
    slack: SlackAdapter | None = None
    slack_sender: SlackSender | None = None
    no_push = NoPush()
    slack_clients: list[AsyncWebClient] = []

    async def route(message: OutboundMessage) -> Sender | None:
        """Reporters hear back where they reported. The Communications Team's messages go to
        the platform its ping went to; a new ping goes to Slack's channel if one is set, else
        to the registered Teams channel."""
        if message.target == "reporter":
            channel = message.payload.get("channel")
            if channel == "slack":
                return slack_sender
            return teams_sender if channel == "teams" else no_push
        if message.target == "alert":  # the other platform from the one that failed, if any
            failed_via = message.payload.get("failed_via")
            if failed_via != "slack" and slack_sender is not None and slack_sender.can_send(message):
                return slack_sender
            if failed_via != "teams" and await teams_sender.has_channel("alert"):
                return teams_sender
            return no_push  # none: the failure is in the log, the audit trail and /healthz
        view = message.escalation
        if view is not None and message.target == "comms" and message.purpose != "comms_ping":
            if is_teams_ping(view):
                return teams_sender
            if slack_sender is not None and any(is_slack_id(posted) for _, posted, _ in view.pings):
                return slack_sender
        if slack_sender is not None and slack_sender.can_send(message):
            return slack_sender
        if await teams_sender.has_channel(message.target):
            return teams_sender
        if message.target == "oncall":
            return no_push  # no out-of-hours route is configured
        return None

    metrics = Metrics()
    delivery = Delivery(
        assistant.turns.sessions,
        route=route,
        clock=assistant.turns.clock,
        idle_poll=poll,
        lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
        on_sent=lambda purpose, seconds: metrics.delivered.labels(purpose=purpose).observe(seconds),
        on_retry=lambda _purpose: metrics.delivery_retries.inc(),
        on_failed=lambda _purpose: metrics.delivery_failures.inc(),
    )
    if settings.slack_bot_token and settings.slack_signing_secret:
        slack = SlackAdapter(
            bot_token=settings.slack_bot_token.get_secret_value(),
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            api_url=settings.slack_api_url,
            comms_channel=settings.slack_comms_channel,
            comms_members=settings.slack_comms_members,
            oncall_channel=settings.slack_oncall_channel,
            turns=assistant.turns,
            desk=desk,
            background=background,
            wake=delivery.wake,
            urgent_help_url=settings.urgent_help_url,
            inbox_lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
        )
        # Each send must end well inside its claim: at most a quarter of the lease.
        send_timeout = min(10.0, settings.delivery_lease_seconds / 4)
        token = settings.slack_bot_token.get_secret_value()
        sender_client = web_client(token, settings.slack_api_url, interactive=False, timeout=send_timeout)
        slack_sender = SlackSender(
            sender_client,
            comms_channel=settings.slack_comms_channel,
            oncall_channel=settings.slack_oncall_channel,
        )
        if not settings.slack_comms_channel:
            logger.warning(
                "SLACK_COMMS_CHANNEL is not set: escalations are recorded but not posted to the "
                "Communications Team until it is (see `signpost escalations list`)"
            )
        elif not settings.slack_oncall_channel:
            logger.warning(
                "SLACK_ONCALL_CHANNEL is not set: out of hours, urgent escalations are posted only "
                "in the Communications Team channel, with no on-call copy or 30-minute on-call reminder"
            )
        app[SLACK] = slack
        slack_clients.extend((slack.client, slack.poster, sender_client))
        app.router.add_post("/slack/events", _counted(slack.handle, metrics))
    else:
        app.router.add_post(
            "/slack/events", _not_configured("Slack", "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET")
        )
    teams = TeamsAdapter(
        app_id=settings.microsoft_app_id,
        app_password=_secret(settings.microsoft_app_password),
        tenant_id=settings.microsoft_app_tenant_id,
        comms_members=settings.teams_comms_members,
        turns=assistant.turns,
        desk=desk,
        background=background,
        wake=delivery.wake,
        urgent_help_url=settings.urgent_help_url,
        send_timeout=min(10.0, settings.delivery_lease_seconds / 4),
        inbox_lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
    )
    teams_sender = TeamsSender(
        TeamsPoster(teams.sending_client, assistant.turns.sessions, names=teams.poster.names)
    )
    app[TEAMS] = teams
    app.router.add_post("/api/messages", teams.handle)
    app[ASSISTANT] = assistant
    app[DELIVERY] = delivery
    app[BACKGROUND] = background

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with assistant.engine.connect() as connection:
                await asyncio.wait_for(connection.execute(text("SELECT 1")), timeout=2.0)
            async with assistant.turns.sessions() as session:
                oldest = await asyncio.wait_for(
                    oldest_urgent_pending(session, now=assistant.turns.clock()), timeout=2.0
                )
                failed = await asyncio.wait_for(failed_deliveries(session), timeout=2.0)
                backlog = await asyncio.wait_for(
                    inbox_backlog(session, now=assistant.turns.clock()), timeout=2.0
                )
        except Exception as exc:
            logger.error("health check: the store does not answer", extra={"error": type(exc).__name__})
            return web.json_response({"status": "unavailable"}, status=503)
        body: dict[str, object] = {"status": "ok"}
        if oldest is not None:  # an urgent message is waiting for delivery: say for how long
            body["oldest_urgent_pending_seconds"] = round(oldest, 1)
        if failed:  # messages given up on: see `signpost escalations list` and the logs
            body["failed_deliveries"] = failed
        if backlog.oldest_seconds is not None and backlog.oldest_seconds >= ANSWERS_LATE_SECONDS:
            # Acknowledged chat messages not yet answered: turns are far behind, or not running.
            body["messages_waiting"] = backlog.waiting
            body["oldest_message_waiting_seconds"] = round(backlog.oldest_seconds, 1)
        return web.json_response(body)

    async def workers(_app: web.Application) -> AsyncIterator[None]:
        # One HTTP session per Slack client for the server's lifetime: connections are reused
        # rather than opened for every Web API call.
        # The client's timeout lives on the session it is given (slack_sdk only applies it to
        # sessions it makes itself).
        sessions = [
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=client.timeout))
            for client in slack_clients
        ]
        for client, session in zip(slack_clients, sessions, strict=True):
            client.session = session
        stop = asyncio.Event()
        worker = asyncio.create_task(delivery.run(stop), name="outbox worker")
        inboxes = [teams.inbox] + ([slack.inbox] if slack is not None else [])
        readers = [asyncio.create_task(inbox.run(stop), name=f"{inbox.source} inbox") for inbox in inboxes]
        yield
        await background.drain(SHUTDOWN_GRACE)
        for inbox in inboxes:
            await inbox.close()
        stop.set()
        await asyncio.gather(*readers, return_exceptions=True)
        try:
            await asyncio.wait_for(worker, SHUTDOWN_GRACE)
        except TimeoutError:
            logger.warning("outbox worker did not stop in time; its claims will be retried")
        if slack is not None:
            await slack.close()
        await teams.close()
        for session in sessions:
            await session.close()

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics.handler(assistant.turns.sessions))
    app.cleanup_ctx.append(workers)
    return app


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def _counted(handler: Handler, metrics: Metrics) -> Handler:
    async def counted(request: web.Request) -> web.StreamResponse:
        metrics.slack_events.inc()
        try:
            response = await handler(request)
        except web.HTTPException:
            metrics.slack_failed.inc()
            raise
        if response.status >= 400:
            metrics.slack_failed.inc()
        return response

    return counted


def _not_configured(platform: str, variables: str) -> Handler:
    async def handler(_request: web.Request) -> web.Response:
        return web.json_response({"error": f"{platform} is not configured: set {variables}"}, status=503)

    return handler


async def serve(assistant: Assistant) -> None:
    app = make_web_app(assistant)
    runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_GRACE)
    await runner.setup()
    site = web.TCPSite(runner, assistant.settings.host, assistant.settings.port)
    await site.start()
    host, port = (
        runner.addresses[0][:2] if runner.addresses else (assistant.settings.host, assistant.settings.port)
    )
    logger.info("signpost serving", extra={"host": host, "port": port})  # PORT=0: the port chosen
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
        logger.info("signpost stopping: finishing requests and deliveries")
    finally:
        await runner.cleanup()
        await assistant.engine.dispose()
