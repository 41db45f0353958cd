"""A local fake of the Bot Framework Connector (Teams' side) on loopback: records every
call, hands out activity and conversation ids, and can be told to fail (429, 500, hang)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Call:
    method: str
    """send, reply, update, create."""
    conversation: str
    activity_id: str | None
    body: dict[str, Any]
    at: float


@dataclass
class Fault:
    """A call refused with `status` after `delay` seconds; a status below 400 is a slow call
    that then goes through."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeConnector:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.server: TestServer | None = None
        self.changed = asyncio.Event()
        self._ids = itertools.count(1)
        self.refused = 0
        self.held = 0
        """Calls a slow fault has started holding (they may never finish)."""
        self.people: dict[str, str] = {}
        """Teams users' display names by id (the 29: id or the AAD object id)."""
        self.lookups: list[tuple[str, str]] = []
        self.members_down = False

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/")).rstrip("/") + "/"

    def fail(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    def of(self, method: str | None = None, conversation: str | None = None) -> list[Call]:
        return [
            call
            for call in self.calls
            if (method is None or call.method == method)
            and (conversation is None or call.conversation.split(";")[0] == conversation)
        ]

    def messages(self, conversation: str | None = None) -> list[dict[str, Any]]:
        """Message activities posted (new or replies), in order."""
        return [
            call.body
            for call in self.of(conversation=conversation)
            if call.method in ("send", "reply") and call.body.get("type") == "message"
        ]

    def texts(self, conversation: str | None = None) -> list[str]:
        return [str(body.get("text") or "") for body in self.messages(conversation)]

    def cards(self, conversation: str | None = None) -> list[dict[str, Any]]:
        return [
            attachment["content"]
            for body in self.messages(conversation)
            for attachment in body.get("attachments") or []
        ]

    async def wait_for(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        conversation: str | None = None,
        timeout: float = 10.0,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while len(self.of(method, conversation)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"expected {count} {method} call(s) to {conversation}, got {self.calls}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.1))
        return self.of(method, conversation)

    # ------------------------------------------------------------ the API

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._reply)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    async def start(self) -> None:
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    async def _fault(self) -> web.Response | None:
        if not self.faults:
            return None
        fault = self.faults.pop(0)
        if fault.delay:
            self.held += 1
            self.changed.set()
            await asyncio.sleep(fault.delay)
        if fault.status < 400:
            return None
        self.refused += 1
        return web.json_response(
            {"error": {"code": "ServiceError", "message": "fake fault"}},
            status=fault.status,
            headers=fault.headers,
        )

    async def _record(self, method: str, request: web.Request, activity_id: str | None) -> dict[str, Any]:
        body = json.loads(await request.read() or b"{}")
        conversation = request.match_info.get("conversation", "")
        self.calls.append(Call(method, conversation, activity_id, body, time.monotonic()))
        self.changed.set()
        return body

    async def _create(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        body = await self._record("create", request, None)
        members = body.get("members") or [{}]
        conversation = f"a:personal-{members[0].get('id', 'x')}"
        return web.json_response({"id": conversation, "activityId": None, "serviceUrl": self.url})

    async def _send(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        await self._record("send", request, None)
        return web.json_response({"id": f"act-{next(self._ids)}"})

    async def _reply(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        await self._record("reply", request, request.match_info["activity"])
        return web.json_response({"id": f"act-{next(self._ids)}"})

    async def _update(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        await self._record("update", request, request.match_info["activity"])
        return web.json_response({"id": request.match_info["activity"]})

    async def _member(self, request: web.Request) -> web.Response:
        """One member of a conversation, as Teams answers it (no faults: those are for posts)."""
        member = request.match_info["member"]
        self.lookups.append((request.match_info["conversation"], member))
        if self.members_down:
            return web.json_response({"error": {"code": "ServiceError", "message": "down"}}, status=503)
        name = self.people.get(member)
        if name is None:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation", "message": "not found"}}, status=404
            )
        return web.json_response({"id": member, "name": name, "aadObjectId": f"aad-{member}"})
