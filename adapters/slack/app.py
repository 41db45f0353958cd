"""The Slack app: Bolt's AsyncApp behind `POST /slack/events`.

Bolt verifies every request (401 for a bad or stale signature) before any listener runs.
Listeners run before the HTTP answer (`process_before_response`), so what must not be lost
(the turn, its escalation, the event id that deduplicates Slack's retries) is in the store
before Slack hears "200". Anything that talks to Slack's Web API afterwards runs as
tracked background work, so the 3-second acknowledgement never waits on Slack itself.
Every listener catches its own errors: an exception after `ack()` would make Slack show
the user a failure.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.background import Background
from adapters.slack.blocks import (
    REPORT_CALLBACK,
    RESOLVE_CALLBACK,
    done_view,
    home_view,
    pointer_message,
    read_report,
    reply_message,
    report_modal,
    resolve_modal,
    who_did,
)
from adapters.slack.members import CommsMembers
from adapters.slack.sender import EVENT_TYPE, find_posted
from adapters.slack.text import escape, to_plain
from bot.comms import ActionResult, CommsDesk
from bot.escalations import Status
from bot.failures import log_failure
from bot.inbox import InboxUnavailable, chat_inbox
from bot.messages import IncomingMessage, Outcome, Reply
from bot.router import Router
from bot.secrets import looks_like_secret
from bot.slots import find_link
from bot.turn import Answered, Turns, apology
from knowledge.models import CRISIS_INTENTS

logger = logging.getLogger(__name__)
ASK_USAGE = (
    "Ask me about the Staff Use of Social Media Policy, e.g. `/ask-policy can I accept a friend request "
    "from a former patient?`. Only you will see the answer."
)
UNKNOWN_COMMAND = "I only know `/ask-policy <question>` and `/report-mention [link]`."
NOT_COMMS = "Only members of the Communications Team can do that, so nothing was changed."
ANSWER_WITHIN = 2.0
"""Seconds to wait for an /ask-policy answer before acknowledging with "Looking that up"."""


def web_client(
    token: str, api_url: str, *, interactive: bool, timeout: float = 10.0, posts: bool = False
) -> AsyncWebClient:
    """A Web API client at SLACK_API_URL. Interactive calls (modals, members, notices) retry
    lost connections, 5xx and 429 (after Retry-After) in place; the delivery worker's client
    does not, because the worker reschedules instead and must finish each send well inside
    its claim. The client that posts replies (`posts`) retries only 429, which Slack answers
    before taking a message: after a 5xx or a lost connection the message may be posted
    already, so the adapter looks for it by its key before it tries again."""
    handlers: list[AsyncRetryHandler] = []
    if interactive and posts:
        handlers = [AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    elif interactive:
        handlers = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        ]
    base_url = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(
        token=token, base_url=base_url, timeout=int(max(1, timeout)), retry_handlers=handlers
    )


class NotTaken(Exception):
    """A response URL answered 429 or 5xx: Slack did not take the message."""


def surely_not_taken(exc: Exception) -> bool:
    """Whether a failed post surely never reached Slack (refused as above, or no connection
    made), so sending it again cannot show it twice. A timeout or a dropped answer may come
    after Slack took it."""
    return isinstance(exc, (NotTaken, aiohttp.ClientConnectorError))


@dataclass(frozen=True)
class Where:
    """Where a turn came from and so where its public replies go."""

    channel: str
    direct: bool
    thread_ts: str | None = None
    response_url: str | None = None


class SlackAdapter:
    def __init__(
        self,
        *,
        bot_token: str,
        signing_secret: str,
        api_url: str,
        comms_channel: str | None,
        comms_members: str | None,
        turns: Turns,
        oncall_channel: str | None = None,
        desk: CommsDesk,
        background: Background,
        wake: Callable[[], None],
        urgent_help_url: str,
        inbox_lease: dt.timedelta = dt.timedelta(seconds=60),
    ) -> None:
        self.client = web_client(bot_token, api_url, interactive=True)
        self.poster = web_client(bot_token, api_url, interactive=True, posts=True)
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret,
            process_before_response=True,
            logger=logging.getLogger("slack_bolt"),
        )
        self.turns = turns
        self.router: Router = turns.router
        self.desk = desk
        self.background = background
        self.wake = wake
        self.urgent_help_url = urgent_help_url
        self.members = CommsMembers(
            self.client, members=comms_members, channels=(comms_channel, oncall_channel)
        )
        self.inbox = chat_inbox(
            turns,
            source="slack",
            process=self._from_inbox,
            spawn=background.spawn,
            lease=inbox_lease,
        )
        self._session: aiohttp.ClientSession | None = None
        self._register()

    # ------------------------------------------------------------ HTTP

    async def handle(self, request: web.Request) -> web.Response:
        """`POST /slack/events`: verified and dispatched by Bolt."""
        raw = await request.read()
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        if stamp is not None and not stamp.strip().isdigit():
            # Bolt would fail to read it as a number; it is an unverifiable request, so 401.
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return web.json_response({"error": "the body is not UTF-8"}, status=400)
        try:
            bolt_request = AsyncBoltRequest(
                body=body, query=request.query_string, headers=dict(request.headers)
            )
            response = await self.app.async_dispatch(bolt_request)
        except Exception as exc:
            logger.error("slack request failed", extra={"error": type(exc).__name__})
            logger.debug("slack request failed: traceback", exc_info=True)
            return web.json_response({"error": "could not read the request"}, status=400)
        if response.status >= 500:  # Bolt's own answer to a payload it could not read
            logger.warning("slack request not understood", extra={"status": response.status})
            return web.json_response({"error": "could not read the request"}, status=400)
        return await to_aiohttp_response(response)

    # ------------------------------------------------------------ listeners

    def _register(self) -> None:
        app = self.app

        @app.event("message")
        async def on_message(event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]) -> None:
            await self._guard("dm", self._on_direct_message(event, body, context))

        @app.event("app_mention")
        async def on_mention(event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]) -> None:
            await self._guard("mention", self._on_mention(event, body, context))

        @app.event("app_home_opened")
        async def on_home(event: dict[str, Any]) -> None:
            user = event.get("user")
            if event.get("tab", "home") == "home" and isinstance(user, str):
                self.background.spawn(self.publish_home(user), name="slack home")

        @app.event(re.compile(".*"))
        async def on_other_event() -> None:
            """Events Signpost does not use are acknowledged, so Slack does not retry them."""

        @app.command("/ask-policy")
        async def on_ask(ack: Any, command: dict[str, Any]) -> None:
            await self._guard_ack("ask-policy", ack, self._on_ask(ack, command))

        @app.command("/report-mention")
        async def on_report(ack: Any, command: dict[str, Any], body: dict[str, Any]) -> None:
            await ack()
            text = to_plain(str(command.get("text") or ""))
            self._open_report(body.get("trigger_id"), text, source="command")

        @app.command(re.compile(".*"))
        async def on_unknown_command(ack: Any) -> None:
            await ack(response_type="ephemeral", text=UNKNOWN_COMMAND)

        @app.shortcut("report_message")
        async def on_report_message(ack: Any, body: dict[str, Any]) -> None:
            await ack()
            message = body.get("message") or {}
            text = to_plain(str(message.get("text") or ""))
            self._open_report(body.get("trigger_id"), text, source="shortcut")

        @app.shortcut(re.compile(".*"))
        async def on_other_shortcut(ack: Any) -> None:
            await ack()

        @app.action(re.compile(r"^choice_\d+$"))
        async def on_choice(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            await self._guard("choice", self._on_choice(body, action))

        @app.action("kind")
        async def on_kind(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            self.background.spawn(self._kind_changed(body, action), name="slack report kind")

        @app.action("comms_ack")
        async def on_comms_ack(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            ref = str(action.get("value") or "")
            self.background.spawn(self._comms_action(body, ref, Status.ACKNOWLEDGED), name="slack ack")

        @app.action("comms_resolve")
        async def on_comms_resolve(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()
            ref = str(action.get("value") or "")
            self.background.spawn(self._ask_resolve_note(body, ref), name="slack resolve")

        @app.action("home_report")
        async def on_home_report(ack: Any, body: dict[str, Any]) -> None:
            await ack()
            self._open_report(body.get("trigger_id"), "", source="home")

        @app.action("home_ask")
        async def on_home_ask(ack: Any, body: dict[str, Any]) -> None:
            await ack()
            user = (body.get("user") or {}).get("id")
            if isinstance(user, str):
                ask = partial(self._post, user, self.router.fixed.help())
                self.background.spawn(self._reliably(ask), name="slack home ask")

        @app.action(re.compile(".*"))
        async def on_other_action(ack: Any) -> None:
            await ack()

        @app.view(REPORT_CALLBACK)
        async def on_report_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
            await self._guard_ack("report form", ack, self._on_report_submitted(ack, body, view))

        @app.view(RESOLVE_CALLBACK)
        async def on_resolve_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
            await self._guard_ack("resolve form", ack, self._on_resolve_submitted(ack, body, view))

        @app.view(re.compile(".*"))
        async def on_other_view(ack: Any) -> None:
            await ack()

    async def _guard(self, name: str, work: Awaitable[None]) -> None:
        try:
            await work
        except Exception as exc:
            log_failure(logger, "slack listener failed", exc, listener=name)

    async def _guard_ack(self, name: str, ack: Any, work: Awaitable[None]) -> None:
        """For listeners that answer in their ack: a failure still acks, with an apology."""
        try:
            await work
        except Exception as exc:
            error_id = log_failure(logger, "slack listener failed", exc, listener=name)
            try:
                await ack(response_type="ephemeral", text=apology(error_id).text)
            except Exception:
                logger.debug("ack after failure failed", exc_info=True)

    # ------------------------------------------------------------ conversations

    async def _on_direct_message(
        self, event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]
    ) -> None:
        if (
            event.get("channel_type") != "im"
            or event.get("bot_id")
            or event.get("subtype") not in (None, "file_share")
        ):
            return
        user, channel = event.get("user"), event.get("channel")
        if not isinstance(user, str) or not isinstance(channel, str) or user == context.get("bot_user_id"):
            return
        text = to_plain(str(event.get("text") or ""), bot_user_id=context.get("bot_user_id"))
        await self._take(user, text, _event_id(body), Where(channel=channel, direct=True))

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]) -> None:
        user, channel = event.get("user"), event.get("channel")
        if (
            event.get("bot_id")
            or not isinstance(user, str)
            or not isinstance(channel, str)
            or channel.startswith("D")
        ):
            return  # a mention in a DM also arrives as a message event
        text = to_plain(str(event.get("text") or ""), bot_user_id=context.get("bot_user_id"))
        thread = str(event.get("thread_ts") or event.get("ts") or "") or None
        await self._take(user, text, _event_id(body), Where(channel=channel, direct=False, thread_ts=thread))

    async def _take(self, user: str, text: str, message_id: str | None, where: Where) -> None:
        """A chat message is written to the inbox and acknowledged; its turn runs right after
        (`bot/inbox.py`). Without an event id, or when the inbox cannot take it, the turn runs
        before Slack is answered, as a slash command's does; so does a message holding what
        looks like a password, which is never written anywhere."""
        if message_id is None or looks_like_secret(text):
            await self._turn(user, text, message_id, where)
            return
        payload = {
            "user": user,
            "text": text,
            "channel": where.channel,
            "direct": where.direct,
            "thread_ts": where.thread_ts,
        }
        try:
            await self.inbox.accept(message_id, payload)
        except InboxUnavailable:
            await self._turn(user, text, message_id, where)

    async def _from_inbox(self, message_id: str, payload: dict[str, Any]) -> Awaitable[None] | None:
        """A message's turn, and the sending of its replies (the row stays until they are
        out). A row whose turn ran before a restart holds the replies instead: they are sent."""
        where = Where(
            channel=str(payload.get("channel") or ""),
            direct=bool(payload.get("direct")),
            thread_ts=payload.get("thread_ts") if isinstance(payload.get("thread_ts"), str) else None,
        )
        user = str(payload.get("user") or "")
        if isinstance(payload.get("replies"), list):
            return self._send_again(user, payload, where)
        keep = partial(self._keep_replies, message_id, payload)
        try:
            outcome = await self._stored_turn(user, str(payload.get("text") or ""), message_id, where, keep)
        except Exception as exc:
            log_failure(logger, "slack listener failed", exc, listener="inbox")
            return None
        if outcome.seen_before and (kept := await self.inbox.kept(message_id)) is not None:
            # Its own commit went through though its connection dropped: sent as after a restart.
            return self._send_again(user, kept, where)
        if not outcome.replies:
            return None
        # Sent by the inbox's own task, after the person's earlier replies (`Inbox.order_within`).
        return self._deliver(user, outcome, where, message_id)

    async def _turn(self, user: str, text: str, message_id: str | None, where: Where) -> Outcome:
        """The turn is stored before Slack is answered; the replies go out right after (and
        urgent help is held in the outbox until they have). In the person's order: after their
        turn before it, and its replies after theirs (`Inbox.in_turn`)."""
        async with self.inbox.in_turn({"user": user}) as in_order:
            outcome = await self._stored_turn(user, text, message_id, where)
            if outcome.replies:
                sending = in_order(self._deliver(user, outcome, where, message_id))
                self.background.spawn(sending, name="slack replies")
        return outcome

    async def _stored_turn(
        self, user: str, text: str, message_id: str | None, where: Where, keep: Answered | None = None
    ) -> Outcome:
        msg = IncomingMessage(
            platform="slack",
            conversation_id=user,
            user_id=user,
            text=text,
            message_id=message_id,
            is_direct=where.direct,
            holds_urgent_help=True,
        )
        outcome = await self.turns.handle(msg, answered=keep)
        if outcome.escalation is not None:
            self.wake()
        return outcome

    async def _keep_replies(
        self, message_id: str, payload: dict[str, Any], connection: AsyncConnection, outcome: Outcome
    ) -> None:
        """In the turn's transaction: the inbox row keeps the replies, as posted and with their
        keys, in place of the message's text, until they have gone out."""
        held = outcome.held_reply
        replies = [
            {
                "key": outcome.urgent_key if reply is held else reply_key(message_id, number),
                "held": reply is held,
                "message": reply_message(reply),
            }
            for number, reply in enumerate(outcome.replies)
        ]
        kept = {name: value for name, value in payload.items() if name != "text"}
        kept |= {"replies": replies, "private": outcome.private, "at": time.time()}
        await self.inbox.answered(connection, message_id, kept)

    async def _send_again(self, user: str, payload: dict[str, Any], where: Where) -> None:
        """A turn's replies that a stopped server may not have sent: each is looked for by its
        key first and posted only when Slack does not have it; held urgent help is settled."""
        channel, thread_ts = where.channel, where.thread_ts
        if payload.get("private") and not where.direct:
            channel, thread_ts = user, None  # as `_deliver`: never in the shared channel
        since = float(payload.get("at") or time.time()) - 60
        for stored in payload.get("replies") or []:
            if not isinstance(stored, dict) or not isinstance(stored.get("message"), dict):
                continue
            key, message = str(stored.get("key") or ""), stored["message"]

            async def once(key: str = key, message: dict[str, Any] = message) -> None:
                look = partial(find_posted, self.client, channel=channel, since=since, thread_ts=thread_ts)
                if not await look(key=key):
                    await self._post_message(channel, dict(message), thread_ts=thread_ts, key=key)

            sent = await self._reliably(once)
            if stored.get("held"):
                await self.turns.settle_urgent(key, sent=sent)

    async def _deliver(
        self, user: str, outcome: Outcome, where: Where, message_id: str | None = None
    ) -> None:
        """Each reply is tried on its own (a failed one never stops the next), and retried: the
        urgent-help words must reach the person even when Slack stumbles. A turn's replies
        carry a key made from its message id, so a retry never shows one twice."""
        keys = [reply_key(message_id, number) for number in range(len(outcome.replies))]
        if where.direct or not outcome.private:
            for reply, key in zip(outcome.replies, keys, strict=True):
                await self._send(
                    outcome,
                    reply,
                    where.channel,
                    key,
                    thread_ts=where.thread_ts,
                    response_url=where.response_url,
                )
            return
        # A report or someone's wellbeing: never in a shared channel; urgent help right here too.
        urgent = tuple(reply for reply in outcome.replies if reply.urgent)
        pointer = pointer_message(urgent)
        url = where.response_url
        if url:
            await self._reliably(lambda: self._respond(url, pointer))
        else:
            await self._reliably(
                lambda: self.client.chat_postEphemeral(
                    channel=where.channel, user=user, thread_ts=where.thread_ts, **pointer
                )
            )
        for reply, key in zip(outcome.replies, keys, strict=True):
            await self._send(outcome, reply, user, key)

    async def _send(
        self,
        outcome: Outcome,
        reply: Reply,
        channel: str,
        key: str | None,
        *,
        thread_ts: str | None = None,
        response_url: str | None = None,
    ) -> None:
        """A reply with three tries, each after the first looking for the reply's key in the
        conversation first: a post Slack took without answering is never shown twice. The
        urgent help held in the outbox (its first urgent reply) gets one try, with the row's
        key: when it fails, the outbox worker takes over at once, and looks before posting."""
        post = partial(self._post, channel, reply, thread_ts=thread_ts, response_url=response_url)
        held = outcome.urgent_key
        if held is not None and reply is outcome.held_reply:
            sent = await self._reliably(partial(post, key=held), tries=1)
            await self.turns.settle_urgent(held, sent=sent)
            if not sent:
                self.wake()
            return
        if response_url:
            # A response URL cannot be searched for what it was sent: an ordinary answer is
            # sent again only when Slack surely did not take it; urgent help whatever the failure
            # (twice rather than not at all).
            await self._reliably(post, again=None if reply.urgent else surely_not_taken)
            return
        if key is None:
            await self._reliably(post)
            return
        since = time.time() - 60
        tried = False

        async def once() -> None:
            nonlocal tried
            if tried and await find_posted(
                self.client, channel=channel, key=key, since=since, thread_ts=thread_ts
            ):
                return
            tried = True
            await post(key=key)

        await self._reliably(once)

    async def _reliably(
        self,
        send: Callable[[], Awaitable[Any]],
        tries: int = 3,
        again: Callable[[Exception], bool] | None = None,
    ) -> bool:
        """One send, tried again on failure (on top of the client's own retries of 429s, 5xx
        and lost connections), or only on the failures `again` allows; logged and left when it
        cannot get through."""
        for number in range(1, tries + 1):
            try:
                await send()
                return True
            except Exception as exc:
                logger.warning("slack reply failed", extra={"attempt": number, "error": type(exc).__name__})
                if again is not None and not again(exc):
                    logger.warning("slack reply may have arrived: not sent again")
                    return False
                if number < tries:
                    await asyncio.sleep(0.5 * number)
        logger.error("slack reply not delivered")
        return False

    async def _post(
        self,
        channel: str,
        reply: Reply,
        *,
        thread_ts: str | None = None,
        response_url: str | None = None,
        key: str | None = None,
    ) -> None:
        """One reply; `key` goes in the message's metadata, where a retry (or the outbox
        worker, for urgent help) looks before it posts the same words again."""
        content = reply_message(reply)
        if response_url:
            await self._respond(response_url, content)
            return
        await self._post_message(channel, content, thread_ts=thread_ts, key=key)

    async def _post_message(
        self, channel: str, content: dict[str, Any], *, thread_ts: str | None = None, key: str | None = None
    ) -> None:
        if key is not None:
            content["metadata"] = {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
        await self.poster.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **content
        )

    async def _respond(self, response_url: str, content: dict[str, Any]) -> None:
        session = await self._http()
        payload = {"response_type": "ephemeral", "replace_original": False, **content}
        async with session.post(response_url, json=payload) as answer:
            if answer.status == 429 or answer.status >= 500:
                raise NotTaken(answer.status)
            if answer.status >= 400:
                logger.warning("response_url refused", extra={"status": answer.status})

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def _on_ask(self, ack: Any, command: dict[str, Any]) -> None:
        user = str(command.get("user_id") or "")
        text = to_plain(str(command.get("text") or ""))
        if not text:
            await ack(response_type="ephemeral", text=ASK_USAGE)
            return
        msg = IncomingMessage(
            platform="slack", conversation_id=user, user_id=user, text=text, is_direct=False
        )
        task = asyncio.ensure_future(self.turns.handle(msg))
        try:
            outcome = await asyncio.wait_for(asyncio.shield(task), ANSWER_WITHIN)
        except TimeoutError:
            await ack(response_type="ephemeral", text="Looking that up…")
            url = str(command.get("response_url") or "")
            self.background.spawn(self._late_answer(user, task, url), name="slack late answer")
            return
        if outcome.escalation is not None:
            self.wake()
        replies = list(outcome.replies)
        if outcome.state.flow not in (None, "clarify"):
            replies.append(
                Reply("I've sent this to your direct messages with me too: answer there to carry on.")
            )
            self.background.spawn(
                self._deliver(user, outcome, Where(channel=user, direct=True)), name="slack replies"
            )
        blocks = [block for reply in replies for block in reply_message(reply)["blocks"]][:50]
        text = "\n\n".join(reply.text for reply in replies)
        await ack(response_type="ephemeral", text=escape(text)[:3900], blocks=blocks)

    async def _late_answer(self, user: str, task: asyncio.Future[Outcome], response_url: str) -> None:
        outcome = await task
        await self._deliver(
            user, outcome, Where(channel=user, direct=False, response_url=response_url or None)
        )

    async def _on_choice(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        user = (body.get("user") or {}).get("id")
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        if not isinstance(user, str) or not isinstance(channel, str):
            return
        message_ts = container.get("message_ts") or ""
        where = Where(
            channel=channel,
            direct=channel.startswith("D"),
            thread_ts=container.get("thread_ts") if not channel.startswith("D") else None,
            response_url=body.get("response_url") if container.get("is_ephemeral") else None,
        )
        # One answer per question: a double click on the same message counts once.
        message_id = f"choice:{channel}:{message_ts}:{user}" if message_ts else None
        await self._turn(user, str(action.get("value") or ""), message_id, where)

    # ------------------------------------------------------------ the report form

    def _open_report(self, trigger_id: Any, text: str, *, source: str) -> None:
        """Opens the form at once: nothing slow runs before `views.open`."""
        if not isinstance(trigger_id, str):
            return
        link = find_link(text) or ""
        said = text.replace(link, "").strip() if source == "command" else text
        kind = (
            "crisis" if said and self.router.understander.understand(said).intent in CRISIS_INTENTS else None
        )
        view = report_modal(
            urgent_help_url=self.urgent_help_url, link=link, what_said=said, kind=kind, source=source
        )
        self.background.spawn(
            self.client.views_open(trigger_id=trigger_id, view=view), name="slack open form"
        )

    async def _kind_changed(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        view = body.get("view") or {}
        option = action.get("selected_option") or {}
        current = read_report((view.get("state") or {}).get("values") or {})
        source = json.loads(view.get("private_metadata") or "{}").get("source", "command")
        updated = report_modal(
            urgent_help_url=self.urgent_help_url,
            link=current.link,
            what_said=current.what_said,
            kind=option.get("value"),
            source=source,
        )
        await self.client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=updated)

    async def _on_report_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        form = read_report((view.get("state") or {}).get("values") or {})
        problems = form.problems()
        if problems:
            await ack(response_action="errors", errors=problems)
            return
        user = str((body.get("user") or {}).get("id") or "")
        try:
            submitted = await self.turns.submit_report(
                form,
                platform="slack",
                user_id=user,
                conversation_id=user,
                submission_id=f"view:{view.get('id')}",
            )
        except Exception as exc:
            error_id = log_failure(logger, "report form not saved", exc)
            problem = (
                f"Sorry, I couldn't save this just now (error {error_id}); your answers are still here, "
                "please try again. If someone is at risk right now, call 999."
            )
            await ack(response_action="errors", errors={"what_said": problem})
            return
        await ack(response_action="update", view=done_view("Report sent", submitted.replies))
        self.wake()

    # ------------------------------------------------------------ the Communications Team

    async def _comms_action(
        self, body: dict[str, Any], ref: str, to: Status, note: str | None = None
    ) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
        if not await self.members.allows(user):
            await self.desk.refuse(ref, actor=user, action=str(to))
            if isinstance(channel, str):
                await self.client.chat_postEphemeral(channel=channel, user=user, text=NOT_COMMS)
            return
        result = await self.desk.act(ref, to, actor=user, note=note)
        self.wake()
        if not result.changed and isinstance(channel, str):
            await self.client.chat_postEphemeral(
                channel=channel, user=user, text=_already(result, mention=True)
            )

    async def _ask_resolve_note(self, body: dict[str, Any], ref: str) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        container = body.get("container") or {}
        channel, ts = str(container.get("channel_id") or ""), str(container.get("message_ts") or "")
        if not await self.members.allows(user):
            await self.desk.refuse(ref, actor=user, action="resolve")
            await self.client.chat_postEphemeral(channel=channel, user=user, text=NOT_COMMS)
            return
        view = await self.desk.view(ref)
        if view is not None and view.status == Status.RESOLVED:  # a stale copy of the message
            done = _already(ActionResult(view, changed=False, message=""), mention=True)
            await self.client.chat_postEphemeral(channel=channel, user=user, text=done)
            return
        await self.client.views_open(trigger_id=body.get("trigger_id"), view=resolve_modal(ref, channel, ts))

    async def _on_resolve_submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        values = (view.get("state") or {}).get("values") or {}
        note = str(((values.get("note") or {}).get("note") or {}).get("value") or "").strip()
        if not note:
            await ack(response_action="errors", errors={"note": "Please say briefly what was done."})
            return
        user = str((body.get("user") or {}).get("id") or "")
        ref = str(meta.get("ref") or "")
        if not await self.members.allows(user):
            await self.desk.refuse(ref, actor=user, action="resolve")
            await ack(response_action="errors", errors={"note": NOT_COMMS})
            return
        result = await self.desk.act(ref, Status.RESOLVED, actor=user, note=note)
        if not result.changed:
            await ack(response_action="errors", errors={"note": _already(result)})
            return
        await ack()
        self.wake()

    async def publish_home(self, user: str) -> None:
        reports = await self.desk.reported_by(user, channel="slack")
        await self.client.views_publish(
            user_id=user, view=home_view(reports, urgent_help_url=self.urgent_help_url)
        )


def _event_id(body: dict[str, Any]) -> str | None:
    event_id = body.get("event_id")
    return str(event_id) if event_id else None


def _already(result: ActionResult, *, mention: bool = False) -> str:
    """ "Already acknowledged by Sam at 10:02" rather than just "already acknowledged"."""
    view = result.view
    entry = view.last(view.status) if view is not None and view.status != "open" else None
    if view is None or entry is None:
        return escape(result.message) if mention else result.message
    who = who_did(entry.actor) if mention else entry.actor
    return f"{view.ref} is already {view.status} (by {who}, {entry.at:%d %b %H:%M} UTC). Nothing was changed."


def reply_key(message_id: str | None, number: int) -> str | None:
    """The metadata key of a turn's `number`th reply (None when the turn has no message id)."""
    return None if message_id is None else f"reply:{message_id}:{number}"[:255]
