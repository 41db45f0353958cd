"""Drives the real server's Slack route the way Slack does: signed requests in Slack's own
formats, with the Web API answered by a local fake (`tests/fakes/slack_api.py`)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from adapters.app import Assistant
from adapters.server import BACKGROUND, make_web_app
from tests.assistants import Served, inboxes_looked
from tests.fakes.slack_api import BOT_USER, FakeSlack
from tests.outbox_wait import outbox_drained

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
COMMS = "CCOMMS"
COMMS_MEMBER = "UCOMMS1"
STAFF = "USTAFF1"
_ids = itertools.count(1)


def sign(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
    }


def dm(text: str, *, user: str = STAFF) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": "D" + user[1:],
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": f"{time.time():.6f}",
        "event_ts": f"{time.time():.6f}",
    }


def mention(
    text: str, *, user: str = STAFF, channel: str = "CGENERAL", ts: str | None = None
) -> dict[str, Any]:
    ts = ts or f"{time.time():.6f}"
    return {
        "type": "app_mention",
        "channel": channel,
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
    }


@dataclass
class SlackHarness(Served):
    fake: FakeSlack

    async def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None
    ) -> ClientResponse:
        signed = {"Content-Type": content_type, **sign(body), **(headers or {})}
        return await self.client.post("/slack/events", data=body.encode(), headers=signed)

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, headers: dict[str, str] | None = None
    ) -> ClientResponse:
        body = json.dumps(event_envelope(event, event_id=event_id))
        return await self.post(body, "application/json", headers)

    async def command(
        self, command: str, text: str = "", *, user: str = STAFF, channel: str = "CGENERAL"
    ) -> ClientResponse:
        form = {
            "token": "legacy",
            "team_id": "T0001",
            "team_domain": "trust",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "staff",
            "command": command,
            "text": text,
            "api_app_id": "A0001",
            "response_url": self.fake.response_url,
            "trigger_id": f"{next(_ids)}.1.trigger",
        }
        return await self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")

    async def interaction(self, payload: dict[str, Any]) -> ClientResponse:
        payload = {
            "token": "legacy",
            "api_app_id": "A0001",
            "team": {"id": "T0001", "domain": "trust"},
            **payload,
        }
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    async def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        channel: str,
        message_ts: str,
        is_ephemeral: bool = False,
    ) -> ClientResponse:
        return await self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "username": "someone", "team_id": "T0001"},
                "container": {
                    "type": "message",
                    "message_ts": message_ts,
                    "channel_id": channel,
                    "is_ephemeral": is_ephemeral,
                },
                "trigger_id": f"{next(_ids)}.1.trigger",
                "channel": {"id": channel, "name": "channel"},
                "message": {"type": "message", "ts": message_ts, "text": ""},
                "response_url": self.fake.response_url,
                "actions": [
                    {
                        "action_id": action_id,
                        "block_id": "b",
                        "type": "button",
                        "value": value,
                        "text": {"type": "plain_text", "text": "x"},
                        "action_ts": f"{time.time():.6f}",
                    }
                ],
            }
        )

    async def submit(
        self,
        callback_id: str,
        values: dict[str, Any],
        *,
        user: str = STAFF,
        view_id: str | None = None,
        private_metadata: str = "{}",
    ) -> ClientResponse:
        return await self.interaction(view_submission(callback_id, values, user, view_id, private_metadata))

    async def settle(self) -> None:
        """Waits for the work the server does after answering Slack (replies, updates)."""
        await self.client.server.app[BACKGROUND].idle()

    async def deliver(self, timeout: float = 10.0) -> None:
        """Waits until the outbox has nothing due or in flight (the server's worker sends)."""
        await self.settle()
        await outbox_drained(self.sessions, self.delivery.wake, self.assistant.turns.clock, timeout)


def view_submission(
    callback_id: str,
    values: dict[str, Any],
    user: str = STAFF,
    view_id: str | None = None,
    private_metadata: str = "{}",
) -> dict[str, Any]:
    """A `view_submission` interaction payload, as Slack sends it."""
    return {
        "type": "view_submission",
        "token": "legacy",
        "api_app_id": "A0001",
        "team": {"id": "T0001", "domain": "trust"},
        "user": {"id": user, "username": "someone", "team_id": "T0001"},
        "trigger_id": f"{next(_ids)}.1.trigger",
        "view": {
            "id": view_id or f"V{next(_ids):08d}",
            "team_id": "T0001",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "hash": "h1",
            "state": {"values": values},
        },
        "response_urls": [],
    }


def report_values(
    *,
    kind: str | None = "criticism_trust",
    link: str = "",
    what_said: str = "",
    platform: str | None = None,
    replied: str | None = None,
    anonymous: bool = False,
) -> dict[str, Any]:
    def radio(value: str | None) -> dict[str, Any]:
        return {"type": "radio_buttons", "selected_option": None if value is None else {"value": value}}

    return {
        "kind": {"kind": radio(kind)},
        "link": {"link": {"type": "plain_text_input", "value": link or None}},
        "platform": {
            "platform": {
                "type": "static_select",
                "selected_option": None if platform is None else {"value": platform},
            }
        },
        "what_said": {"what_said": {"type": "plain_text_input", "value": what_said or None}},
        "replied": {"replied": radio(replied)},
        "anonymous": {
            "anonymous": {"type": "checkboxes", "selected_options": [{"value": "yes"}] if anonymous else []}
        },
    }


async def start(assistant: Assistant, fake: FakeSlack) -> SlackHarness:
    client: TestClient[Any, Any] = TestClient(TestServer(make_web_app(assistant, poll=0.05)))
    await client.start_server()
    await inboxes_looked(client)
    return SlackHarness(client=client, fake=fake, assistant=assistant)
