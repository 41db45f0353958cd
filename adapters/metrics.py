"""`GET /metrics` in Prometheus's text format. Store figures are read at scrape time; the
counters below count what this process saw. No labels carry personal data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import utcnow
from bot.store.stats import read_stats


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.slack_events = Counter("slack_events_received", "Slack requests received", registry=r)
        self.slack_failed = Counter(
            "slack_events_failed", "Slack requests that failed or were refused", registry=r
        )
        self.delivered = Histogram(
            "signpost_delivery_latency_seconds",
            "From the change to the platform accepting the message",
            ["purpose"],
            buckets=(0.1, 0.5, 1, 2, 5, 15, 60, 300, 900, 3600),
            registry=r,
        )
        self.delivery_retries = Counter(
            "signpost_delivery_retries", "Deliveries that will be retried", registry=r
        )
        self.delivery_failures = Counter("signpost_delivery_failures", "Deliveries given up", registry=r)
        self.turns = Gauge(
            "signpost_turns", "Answered turns by intent (from the advice log)", ["intent"], registry=r
        )
        self.escalations = Gauge(
            "signpost_escalations", "Escalations by kind and severity", ["kind", "severity"], registry=r
        )
        self.outbox = Gauge("signpost_outbox", "Outbox messages by status", ["status"], registry=r)
        self.outbox_pending = Gauge(
            "signpost_outbox_pending", "Outbox messages not yet delivered", registry=r
        )
        self.outbox_failed = Gauge("signpost_outbox_failed", "Outbox messages given up on", registry=r)
        self.oldest_urgent = Gauge(
            "signpost_outbox_oldest_urgent_pending_seconds",
            "Age of the oldest undelivered message about an urgent escalation (0: none)",
            registry=r,
        )
        self.inbox_waiting = Gauge(
            "signpost_inbox_waiting", "Chat messages acknowledged whose turn has not run yet", registry=r
        )
        self.inbox_oldest = Gauge(
            "signpost_inbox_oldest_waiting_seconds",
            "How long the oldest acknowledged, unanswered chat message has waited (0: none)",
            registry=r,
        )

    def handler(
        self, sessions: async_sessionmaker[AsyncSession]
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def metrics(_request: web.Request) -> web.Response:
            async with sessions() as session:
                stats = await read_stats(session, now=utcnow())
            for intent, count in stats.turns_by_intent.items():
                self.turns.labels(intent=intent).set(count)
            for (kind, severity), count in stats.escalations.items():
                self.escalations.labels(kind=kind, severity=severity).set(count)
            for status, count in stats.outbox.items():
                self.outbox.labels(status=status).set(count)
            self.outbox_pending.set(stats.outbox.get("pending", 0) + stats.outbox.get("sending", 0))
            self.outbox_failed.set(stats.outbox.get("failed", 0))
            self.oldest_urgent.set(stats.oldest_urgent_pending or 0)
            self.inbox_waiting.set(stats.inbox.waiting)
            self.inbox_oldest.set(stats.inbox.oldest_seconds or 0)
            body = generate_latest(self.registry)
            return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

        return metrics
