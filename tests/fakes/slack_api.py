"""A local fake of Slack's Web API on loopback: records every call, keeps the messages it
was sent (so history and updates behave), and can be told to fail (429, 500, hang)."""

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

BOT_USER = "UBOTSIGNPOST"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float


@dataclass
class Fault:
    status: int = 500
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "internal_error"})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    accept: bool = False
    """Do the work anyway, then answer with the fault: a post that Slack took but whose
    answer never arrived (the ambiguous case)."""
    drop: bool = False
    """Close the connection instead of answering."""


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.channel_members: dict[str, list[str]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.responses: list[dict[str, Any]] = []
        self._ts = itertools.count(1)
        self.server: TestServer | None = None
        self.changed = asyncio.Event()

    # ------------------------------------------------------------ control

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/api/"))

    @property
    def response_url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/respond/1"))

    def fail(self, method: str, *faults: Fault) -> None:
        """`method` fails as told, once per fault; "response_url" is the slash commands' and
        ephemeral messages' response URL."""
        self.faults.setdefault(method, []).extend(faults)

    def of(self, method: str) -> list[dict[str, Any]]:
        return [call.args for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The calls to `method` once there are at least `count` (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(self.of(method)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"expected {count} {method} call(s), got {self.of(method)}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.1))
        return self.of(method)

    def posted_to(self, channel: str) -> list[dict[str, Any]]:
        return list(self.messages.get(channel, []))

    # ------------------------------------------------------------ server

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                form = await request.post()
                for key, value in form.items():
                    text = str(value)
                    if key in ("blocks", "view", "metadata", "attachments"):
                        try:
                            args[key] = json.loads(text)
                            continue
                        except ValueError:
                            pass
                    args[key] = text
        return args

    async def _respond(self, request: web.Request) -> web.Response:
        payload = await request.json()
        faults = self.faults.get("response_url")
        if faults:
            fault = faults.pop(0)
            if fault.accept:
                self.responses.append(payload)
                self.changed.set()
            if fault.drop and request.transport is not None:
                request.transport.close()
            if fault.delay:
                await asyncio.sleep(fault.delay)
            return web.json_response(fault.body, status=fault.status, headers=fault.headers)
        self.responses.append(payload)
        self.changed.set()
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        if request.headers.get("Authorization", "") != "Bearer xoxb-test-token":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        faults = self.faults.get(method)
        if faults:
            fault = faults.pop(0)
            self.calls.append(Call(method + ":fault", args, time.monotonic()))
            handler = getattr(self, "m_" + method.replace(".", "_"), None)
            if fault.accept and handler is not None:
                handler(args)
            if fault.delay:
                await asyncio.sleep(fault.delay)
            return web.json_response(fault.body, status=fault.status, headers=fault.headers)
        self.calls.append(Call(method, args, time.monotonic()))
        self.changed.set()
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(args))

    # ------------------------------------------------------------ methods

    def _new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "user_id": BOT_USER,
            "bot_id": "BSIGNPOST",
            "team_id": "T0001",
            "user": "signpost",
        }

    def m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if channel.startswith("U"):
            channel = "D" + channel[1:]
        ts = self._new_ts()
        message = {"ts": ts, "text": args.get("text"), "blocks": args.get("blocks"), "user": BOT_USER}
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._new_ts()}

    def m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel")), str(args.get("ts"))
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message.update(text=args.get("text"), blocks=args.get("blocks"))
                return {"ok": True, "channel": channel, "ts": ts}
        return {"ok": False, "error": "message_not_found"}

    def m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V" + str(next(self._ts)), **(args.get("view") or {})}}

    def m_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": args.get("view_id"), **(args.get("view") or {})}}

    def m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "VHOME", **(args.get("view") or {})}}

    def m_conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        members = self.channel_members.get(str(args.get("channel")))
        if members is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def m_usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        users = self.usergroups.get(str(args.get("usergroup")))
        if users is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": users}

    def m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("users", "")).split(",")[0]
        return {"ok": True, "channel": {"id": "D" + user[1:]}}

    def m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        oldest = float(args.get("oldest") or 0)
        found = [m for m in self.messages.get(str(args.get("channel")), []) if float(m["ts"]) >= oldest]
        return {"ok": True, "messages": list(reversed(found)), "has_more": False}

    def m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        ts = str(args.get("ts"))
        found = [
            m
            for m in self.messages.get(str(args.get("channel")), [])
            if m["ts"] == ts or m.get("thread_ts") == ts
        ]
        return {"ok": True, "messages": found, "has_more": False}
