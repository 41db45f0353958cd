"""Drives the real server's Teams route the way Teams does: Bot Framework activities posted
to `/api/messages`, with `serviceUrl` pointing at a local fake Bot Connector
(`tests/fakes/bot_connector.py`) that records what Signpost sends back."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from adapters.app import Assistant
from adapters.server import BACKGROUND, TEAMS, make_web_app
from adapters.teams.app import TeamsAdapter
from adapters.teams.poster import TeamsPoster
from tests.assistants import Served, inboxes_looked
from tests.fakes.bot_connector import FakeConnector
from tests.outbox_wait import outbox_drained

BOT = "28:signpost-bot"
TENANT = "tenant-0001"
STAFF = "29:staff-1"
STAFF_AAD = "aad-staff-1"
COMMS_MEMBER = "29:comms-1"
COMMS_AAD = "aad-comms-1"
COMMS_CHANNEL = "19:comms@thread.tacv2"
GENERAL = "19:general@thread.tacv2"
NAMES = {STAFF: "Jo Bloggs", COMMS_MEMBER: "Sam Comms"}
_ids = itertools.count(1_700_000_000_000)


def personal_id(user: str) -> str:
    return f"a:personal-{user}"


def activity(
    kind: str,
    *,
    service_url: str,
    user: str = STAFF,
    aad: str | None = None,
    channel: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An activity as Teams sends it, in a personal chat or (with `channel`) a team channel."""
    activity_id = str(next(_ids))
    aad = aad or {STAFF: STAFF_AAD, COMMS_MEMBER: COMMS_AAD}.get(user, "aad-" + user)
    body: dict[str, Any] = {
        "type": kind,
        "id": activity_id,
        "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": NAMES.get(user, "Someone"), "aadObjectId": aad},
        "recipient": {"id": BOT, "name": "Signpost"},
        "locale": "en-GB",
    }
    if channel is None:
        body["conversation"] = {"conversationType": "personal", "tenantId": TENANT, "id": personal_id(user)}
        body["channelData"] = {"tenant": {"id": TENANT}}
    else:
        body["conversation"] = {
            "isGroup": True,
            "conversationType": "channel",
            "tenantId": TENANT,
            "id": f"{channel};messageid={activity_id}",
        }
        body["channelData"] = {
            "teamsChannelId": channel,
            "teamsTeamId": "19:team@thread.tacv2",
            "channel": {"id": channel},
            "team": {"id": "19:team@thread.tacv2"},
            "tenant": {"id": TENANT},
        }
    body.update(extra)
    return body


@dataclass
class TeamsHarness(Served):
    connector: FakeConnector
    posted: list[dict[str, Any]] = field(default_factory=list)
    """Every activity posted to Signpost, in order."""

    @property
    def adapter(self) -> TeamsAdapter:
        return self.client.server.app[TEAMS]

    @property
    def poster(self) -> TeamsPoster:
        return self.adapter.poster

    async def post(
        self, body: dict[str, Any], headers: dict[str, str] | None = None, *, settle: bool = True
    ) -> ClientResponse:
        """Posts an activity. A chat message's turn runs after Teams hears "200" (the inbox):
        with `settle`, this waits for that work too, as a person waits for the answer."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        self.posted.append(body)
        answer = await self.client.post(
            "/api/messages", data=io.BytesIO(json.dumps(body).encode()), headers=sent
        )
        if settle:
            await self.settle()
        return answer

    def activity(self, kind: str, **fields: Any) -> dict[str, Any]:
        return activity(kind, service_url=self.connector.url, **fields)

    async def say(
        self, text: str, *, user: str = STAFF, channel: str | None = None, settle: bool = True, **extra: Any
    ) -> ClientResponse:
        if channel is not None:
            text = f"<at>Signpost</at> {text}"
            extra.setdefault(
                "entities",
                [
                    {
                        "type": "mention",
                        "text": "<at>Signpost</at>",
                        "mentioned": {"id": BOT, "name": "Signpost"},
                    }
                ],
            )
        body = self.activity("message", user=user, channel=channel, text=text, **extra)
        return await self.post(body, settle=settle)

    async def submit(
        self, data: dict[str, Any], *, user: str = STAFF, channel: str | None = None
    ) -> ClientResponse:
        """An Action.Submit click: a message activity carrying the card's data and inputs."""
        return await self.post(self.activity("message", user=user, channel=channel, value=data))

    async def execute(
        self,
        verb: str,
        data: dict[str, Any],
        *,
        user: str = STAFF,
        channel: str | None = None,
        reply_to: str = "act-x",
    ) -> ClientResponse:
        """An Action.Execute click: an `adaptiveCard/action` invoke."""
        value = {
            "action": {"type": "Action.Execute", "verb": verb, "data": {"signpost": verb, **data}},
            "trigger": "manual",
        }
        body = self.activity("invoke", user=user, channel=channel, name="adaptiveCard/action", value=value)
        body["replyToId"] = reply_to
        return await self.post(body)

    async def install(self, *, user: str = STAFF, channel: str | None = None) -> ClientResponse:
        return await self.post(
            self.activity("conversationUpdate", user=user, channel=channel, membersAdded=[{"id": BOT}])
        )

    async def register_comms(self) -> None:
        answer = await self.say("register comms", user=COMMS_MEMBER, channel=COMMS_CHANNEL)
        assert answer.status == 200, await answer.text()

    async def settle(self) -> None:
        await self.client.server.app[BACKGROUND].idle()

    async def deliver(self, timeout: float = 10.0) -> None:
        """Waits until the outbox has nothing due or in flight."""
        await self.settle()
        await outbox_drained(self.sessions, self.delivery.wake, self.assistant.turns.clock, timeout)


def form_data(
    *,
    kind: str | None = "criticism_trust",
    link: str = "",
    what_said: str = "",
    platform: str | None = None,
    replied: str | None = None,
    anonymous: bool = False,
) -> dict[str, Any]:
    """The report card's inputs as Teams submits them (unset choices are absent)."""
    data: dict[str, Any] = {"link": link, "what_said": what_said, "anonymous": "yes" if anonymous else "no"}
    if kind is not None:
        data["kind"] = kind
    if platform is not None:
        data["platform"] = platform
    if replied is not None:
        data["replied"] = replied
    return data


async def start(assistant: Assistant, connector: FakeConnector) -> TeamsHarness:
    client: TestClient[Any, Any] = TestClient(TestServer(make_web_app(assistant, poll=0.05)))
    await client.start_server()
    await inboxes_looked(client)
    return TeamsHarness(client=client, connector=connector, assistant=assistant)
