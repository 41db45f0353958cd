"""The Teams app: botbuilder's CloudAdapter behind `POST /api/messages`.

Before botbuilder sees a request, Signpost checks what botbuilder gets wrong: a body that
is not JSON, `expectReplies` (a 500 inside msrest), and, with no MICROSOFT_APP_ID, a
`serviceUrl` off the allow-list (otherwise the adapter would post replies wherever the
caller asks). Authentication runs on its own, so any failure of it is a 401, never a 500.
Invoke answers are serialised once, here.

Conversations are keyed by the Teams user, as on Slack: a report started in a channel
carries on in the personal chat, and private replies never appear in a channel.

A chat message goes through the inbox (`bot/inbox.py`), as on Slack: it is written, Teams
hears "200", and its turn runs right after. The turn's commit replaces the message with its
replies (as activities, with where each goes), and the row goes once they are sent; a server
that dies in between runs the turn, or sends the replies, after the restart. The replies go
out through botbuilder's proactive path (`continue_conversation` with the message's
conversation reference), so they land in the same thread whether the turn runs at once or
after a restart. Buttons, forms and `register` run in place, before Teams is answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)
from botframework.connector.aio import ConnectorClient
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.background import Background
from adapters.teams.cards import (
    COMMS_ACK,
    COMMS_RESOLVE,
    REPORT_SUBMIT,
    comms_card,
    done_card,
    read_form,
    reply_card,
    report_card,
    welcome_card,
)
from adapters.teams.connector import BotConfig, SharedClientsAuthentication, tune
from adapters.teams.poster import TeamsPoster, is_personal, may_go_through_later, message, reference_of
from adapters.teams.text import to_plain
from bot.comms import ActionResult, CommsDesk
from bot.escalations import Status
from bot.failures import log_failure
from bot.forms import ReportForm
from bot.inbox import InboxUnavailable, TryLater, chat_inbox
from bot.messages import IncomingMessage, Outcome, Reply, utcnow
from bot.secrets import looks_like_secret
from bot.store.references import channel_key, note_user_reference, save_reference
from bot.turn import Turns, apology

logger = logging.getLogger(__name__)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
NOT_COMMS = "Only members of the Communications Team can do that, so nothing was changed."
POINTER = "I've sent you a private message about this, so the details stay private."
TYPING_AFTER = 0.5
TYPING_WHILE_FEWER_WAITING = 20
"""Turns waiting in the inbox above which a waiting turn shows no typing: in a flood, one more
Connector call per message slowed every answer (221 answers a second against 260-272)."""
ANSWER_WITHIN = 10.0
"""Seconds a message activity may take before Teams hears "200": Teams wants each message
answered within 15 s. Replies still being sent then (a slow Bot Connector, its retries) go on
after the answer, as tracked background work."""
CARD_RESPONSE = "application/vnd.microsoft.card.adaptive"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
REGISTER_HELP = (
    "To have escalations posted here, a member of the Communications Team (TEAMS_COMMS_MEMBERS) "
    "mentions me with `register comms` (or `register on-call` for the out-of-hours channel)."
)


class TeamsAdapter:
    def __init__(
        self,
        *,
        app_id: str | None,
        app_password: str | None,
        tenant_id: str | None,
        comms_members: str | None,
        turns: Turns,
        desk: CommsDesk,
        background: Background,
        wake: Callable[[], None],
        urgent_help_url: str,
        allowed_hosts: frozenset[str] = LOOPBACK,
        send_timeout: float = 10.0,
        answer_within: float = ANSWER_WITHIN,
        inbox_lease: dt.timedelta = dt.timedelta(seconds=60),
    ) -> None:
        self.app_id = app_id or ""
        self.auth = SharedClientsAuthentication(BotConfig.of(app_id, app_password, tenant_id))
        self.adapter = CloudAdapter(self.auth)
        self.turns = turns
        self.desk = desk
        self.background = background
        self.wake = wake
        self.urgent_help_url = urgent_help_url
        self.allowed_hosts = allowed_hosts
        self.members = frozenset(m.strip() for m in (comms_members or "").split(",") if m.strip())
        self.send_timeout = send_timeout
        self.answer_within = answer_within
        self.typing_after = TYPING_AFTER
        self.typing_while_fewer_waiting = TYPING_WHILE_FEWER_WAITING
        self._typing_timers: dict[str, asyncio.TimerHandle] = {}
        self._senders: dict[str, ConnectorClient] = {}
        self._known_users: dict[str, str] = {}
        self.poster = TeamsPoster(self.interactive_client, turns.sessions)
        self.inbox = chat_inbox(
            turns,
            source="teams",
            process=self._from_inbox,
            spawn=background.spawn,
            lease=inbox_lease,
        )
        if not self.app_id:
            logger.warning(
                "Teams endpoint unauthenticated: MICROSOFT_APP_ID is not set, so /api/messages only "
                "answers activities whose serviceUrl is on this machine (Bot Framework Emulator, tests)"
            )

    # ------------------------------------------------------------ clients

    async def interactive_client(self, service_url: str) -> ConnectorClient:
        """The shared client for replies to people: it retries 429 and 5xx a few times."""
        identity = self.adapter.create_claims_identity(self.app_id)
        factory = self.auth.create_connector_factory(identity)
        return await factory.create(service_url, self.auth.get_originating_audience())

    async def sending_client(self, service_url: str) -> ConnectorClient:
        """The delivery worker's client: no retries of its own, short timeout."""
        client = self._senders.get(service_url)
        if client is None:
            identity = self.adapter.create_claims_identity(self.app_id)
            inner = self.auth.own_connector_factory(identity)
            client = await inner.create(service_url, self.auth.get_originating_audience())
            self._senders[service_url] = tune(
                client, self.auth.transport, retries=0, timeout=self.send_timeout
            )
        return client

    async def close(self) -> None:
        await self.auth.transport.close()

    # ------------------------------------------------------------ HTTP

    async def handle(self, request: web.Request) -> web.Response:
        """`POST /api/messages`."""
        if "json" not in (request.content_type or ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"error": "expected an activity object"}, status=400)
        try:
            activity = Activity().deserialize(body)
        except Exception:
            return web.json_response({"error": "not a Bot Framework activity"}, status=400)
        if not isinstance(activity.type, str) or not activity.type:
            return web.json_response({"error": "the activity has no type"}, status=400)
        if activity.delivery_mode == "expectReplies":
            return web.json_response({"error": "deliveryMode expectReplies is not supported"}, status=400)
        if not isinstance(activity.service_url, str) or not activity.service_url.startswith(
            ("http://", "https://")
        ):
            return web.json_response({"error": "the activity has no serviceUrl"}, status=400)
        if not self.app_id and _host(activity.service_url) not in self.allowed_hosts:
            logger.warning("teams activity refused: serviceUrl not allowed without MICROSOFT_APP_ID")
            return web.json_response({"error": "serviceUrl not allowed"}, status=403)
        header = request.headers.get("Authorization", "")
        try:
            authenticated = await self.auth.authenticate_request(activity, header)
        except Exception as exc:  # PermissionError, jwt errors, ValueError, unreachable keys
            logger.info("teams request not authenticated", extra={"error": type(exc).__name__})
            return web.json_response({"error": "unauthorized"}, status=401)
        try:
            answer = await self.adapter.process_activity(authenticated, activity, self._on_turn)
        except Exception as exc:
            error_id = log_failure(logger, "teams turn failed", exc)
            return web.json_response({"error": f"internal error {error_id}"}, status=500)
        if isinstance(answer, InvokeResponse):
            return web.json_response(answer.body, status=answer.status or 200)
        return web.Response(status=200)

    # ------------------------------------------------------------ turns

    async def _on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        kind = activity.type
        try:
            known = bool(_user(activity).id)
            if known:
                self.poster.names.learn(_user(activity))
                if kind != ActivityTypes.message:
                    await self._note_user(activity)
            if kind == ActivityTypes.message:
                if not await self._take(context):
                    if known:
                        await self._note_user(activity)
                    await self._answer_in_time(context)
            elif kind == ActivityTypes.invoke:
                await self._invoke_answer(context, await self._on_invoke(context))
            elif kind == ActivityTypes.conversation_update:
                await self._on_conversation_update(context)
        except Exception as exc:
            error_id = log_failure(logger, "teams listener failed", exc, activity=kind)
            if kind == ActivityTypes.invoke:
                await self._invoke_answer(context, _message_response(apology(error_id).text))
            elif kind == ActivityTypes.message:
                await _apologise(context, error_id)

    async def _take(self, context: TurnContext) -> bool:
        """A chat message is written to the inbox and Teams is answered; its turn runs right
        after (`_from_inbox`). False: the message runs in place instead. So do buttons and
        forms, `register` in a channel, a message with no id, one that looks like it holds a
        password (never written anywhere), and any message when the inbox cannot take it."""
        activity = context.activity
        user = _user(activity)
        text = _chat_text(activity)
        if text is None or not user.id or not activity.id or looks_like_secret(text):
            return False
        if not is_personal(activity) and _is_register(text):
            return False
        payload = {"user": str(user.id), "text": text, "reference": _kept_reference(activity, user)}
        if (note := self._user_note(activity)) is not None:
            payload["note"] = note[1]
        message_id = _message_id(activity)
        try:
            fresh = await self.inbox.accept(message_id, payload)
        except InboxUnavailable:
            return False
        flood = len(self.inbox) >= self.typing_while_fewer_waiting
        if fresh and message_id not in self._typing_timers and not flood:
            # Waiting behind other turns: show that Signpost is typing, as in a turn run in place.
            loop = asyncio.get_running_loop()
            typing = partial(self._typing_while_waiting, message_id, context)
            self._typing_timers[message_id] = loop.call_later(self.typing_after, typing)
        return True

    async def _from_inbox(self, message_id: str, payload: dict[str, Any]) -> Awaitable[None] | None:
        """A message's turn, and the sending of its replies (the row stays until they are
        out). A row whose turn ran before a restart holds the replies instead: they are sent."""
        reference = _reference(payload.get("reference"))
        if reference is None:
            logger.warning("teams inbox row without a conversation reference: dropped")
            return None
        user = str(payload.get("user") or "")
        if isinstance(payload.get("replies"), list):
            return self._send_kept(reference, user, payload, again=True)
        direct = is_personal(Activity(conversation=reference.conversation))
        msg = IncomingMessage(
            platform="teams",
            conversation_id=user,
            user_id=user,
            text=str(payload.get("text") or ""),
            message_id=message_id,
            is_direct=direct,
            holds_urgent_help=True,
        )
        built: list[tuple[Outcome, dict[str, Any]]] = []
        keep = partial(self._keep_replies, message_id, payload, direct, built)
        try:
            outcome = await self.turns.handle(msg, answered=keep)
        finally:
            self._stop_typing(message_id)
        committed = bool(built) and built[-1][0] is outcome
        if isinstance(note := payload.get("note"), dict):
            if committed:
                self._known_users[user] = _fingerprint(note)
            else:
                # The turn rolled back with the note in it: its apology may go to the person's
                # private chat (a crisis told in a channel), which needs where to reach them.
                await self._write_note(user, note)
        if outcome.escalation is not None:
            self.wake()
        if outcome.seen_before and (kept_before := await self.inbox.kept(message_id)) is not None:
            # Its own commit went through though its connection dropped: sent as after a restart.
            return self._send_kept(reference, user, kept_before, again=True)
        if not outcome.replies:
            return None
        # The kept replies only when their turn committed: a turn that failed after keeping them
        # (its commit, or the row's update) returns an apology instead, which is what is sent.
        kept = built[-1][1] if committed else self._kept(outcome, direct)
        # Sent by the inbox's own task, after the turn's slot is free; TryLater reaches it.
        return self._send_kept(reference, user, kept)

    def _typing_while_waiting(self, message_id: str, context: TurnContext) -> None:
        self._typing_timers.pop(message_id, None)
        self._typing(context)

    def _stop_typing(self, message_id: str) -> None:
        timer = self._typing_timers.pop(message_id, None)
        if timer is not None:
            timer.cancel()

    def _kept(self, outcome: Outcome, direct: bool) -> dict[str, Any]:
        """A turn's replies as the inbox row keeps them: each as its words and card, whether it
        is urgent help, and the outbox key it settles when it is the held one."""
        held = outcome.held_reply
        replies = [
            {
                "text": reply.text,
                "card": reply_card(reply, urgent_help_url=self.urgent_help_url),
                "urgent": reply.urgent,
                "settles": outcome.urgent_key if reply is held else None,
            }
            for reply in outcome.replies
        ]
        return {"replies": replies, "direct": direct, "private": outcome.private}

    async def _keep_replies(
        self,
        message_id: str,
        payload: dict[str, Any],
        direct: bool,
        built: list[tuple[Outcome, dict[str, Any]]],
        connection: AsyncConnection,
        outcome: Outcome,
    ) -> None:
        """In the turn's transaction: the inbox row keeps the replies in place of the
        message's text, until they have gone out (`built` gets them too, for sending now), and
        the user's reference is written when the message brought one to note."""
        note = payload.get("note")
        if isinstance(note, dict):
            user = str(payload.get("user") or "")
            await note_user_reference(
                connection, user_id=user, platform="teams", reference=note, now=utcnow()
            )
        kept = {"user": payload.get("user"), "reference": payload.get("reference")}
        kept |= self._kept(outcome, direct)
        built.append((outcome, kept))
        await self.inbox.answered(connection, message_id, kept)

    async def _send_kept(
        self, reference: ConversationReference, user: str, kept: dict[str, Any], *, again: bool = False
    ) -> None:
        """Sends kept replies to the message's conversation (its thread, in a channel), through
        botbuilder's proactive path. `again`: a stopped server's, which may have sent some of
        them. Teams offers no way to look a message up, so its answers can arrive twice after
        the restart, never not at all; the urgent help is sent again only if its outbox row
        says it was not (and the outbox worker has not taken it), so it arrives once."""
        replies = [reply for reply in kept.get("replies") or [] if isinstance(reply, dict)]
        if again:
            replies = [
                reply
                for reply in replies
                if not isinstance(reply.get("settles"), str) or await self.turns.keep_urgent(reply["settles"])
            ]
        settled: set[str] = set()
        tally = Tally()

        async def in_conversation(context: TurnContext) -> None:
            # botbuilder gives the continuation a new id, and replies would answer that: they
            # answer the person's message instead, as inside the message's own turn.
            context.activity.id = reference.activity_id
            settled.update(await self._send_replies(context, kept, replies, tally))

        try:
            await self.adapter.continue_conversation(reference, in_conversation, self.app_id)
        except Exception as exc:
            tally.failed(exc)
            log_failure(logger, "teams replies failed", exc)
        for reply in replies:
            key = reply.get("settles")
            if isinstance(key, str) and key not in settled:  # never tried: the outbox sends it
                await self.turns.settle_urgent(key, sent=False)
                self.wake()
        if tally.sent == 0 and tally.later and not tally.never:
            # The Connector is busy or down: the answers go when the row's claim runs out (the
            # urgent help has been handed to the outbox, which sends it with its own retries).
            raise TryLater
        if kept.get("private") and not kept.get("direct"):
            await self._in_private(user, [_activity(reply) for reply in replies])

    async def _send_replies(
        self,
        context: TurnContext,
        kept: dict[str, Any],
        replies: list[dict[str, Any]],
        tally: Tally | None = None,
    ) -> set[str]:
        """Replies in this conversation: all of them, or (a private turn in a channel) only
        the urgent help and a pointer to the personal chat. Returns the held keys settled."""
        settled: set[str] = set()
        public = bool(kept.get("direct")) or not kept.get("private")
        for reply in replies:
            if not public and not reply.get("urgent"):
                continue
            sent = await self._reliably(context.send_activity(_activity(reply)), tally)
            key = reply.get("settles")
            if isinstance(key, str):
                await self.turns.settle_urgent(key, sent=sent)
                settled.add(key)
                if not sent:
                    self.wake()
        if not public:
            await self._reliably(context.send_activity(message(POINTER)), tally)
        return settled

    async def _answer_in_time(self, context: TurnContext) -> None:
        """The message's turn and replies, as tracked work that outlives the request when the
        replies are slow: Teams hears "200" within `answer_within` seconds whatever the Bot
        Connector does. Before, a Connector taking 20 s a reply held the request as long."""
        work = self.background.spawn(self._message_turn(context), name="teams message turn")
        done, _ = await asyncio.wait({work}, timeout=self.answer_within)
        if not done:
            logger.warning(
                "teams replies slow: answered, the replies go on", extra={"seconds": self.answer_within}
            )

    async def _message_turn(self, context: TurnContext) -> None:
        try:
            await self._on_message(context)
        except Exception as exc:
            kind = ActivityTypes.message
            await _apologise(context, log_failure(logger, "teams listener failed", exc, activity=kind))

    async def _invoke_answer(
        self, context: TurnContext, body: dict[str, Any] | None, status: int = 200
    ) -> None:
        response = InvokeResponse(status=status if body is not None else 501, body=body)
        await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))

    async def _on_message(self, context: TurnContext) -> None:
        activity = context.activity
        user = _user(activity)
        if not user.id:
            return
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("signpost")
        if action == "open_form":
            await self._send_form(context)
            return
        if action == REPORT_SUBMIT:
            source = f"card:{activity.reply_to_id or activity.id}"
            result = await self._submit_form(activity, value, source=source)
            if result.summary is None:
                await context.send_activity(message(card=result.card))
            else:
                await context.send_activity(message(result.summary, result.card if result.urgent else None))
            return
        if action in (COMMS_ACK, COMMS_RESOLVE):
            answer = await self._comms_action(activity, str(action), value)
            await context.send_activity(message(_text_of(answer)))
            return
        text = _chat_text(activity)
        if text is None:  # a button Signpost does not know: what the message says, if anything
            text = to_plain(str(activity.text or ""))
        if not is_personal(activity) and await self._register(context, text):
            return
        await self._turn(context, text)

    async def _turn(self, context: TurnContext, text: str) -> None:
        activity = context.activity
        user = _user(activity)
        direct = is_personal(activity)
        msg = IncomingMessage(
            platform="teams",
            conversation_id=str(user.id),
            user_id=str(user.id),
            text=text,
            message_id=_message_id(activity) if activity.id else None,
            is_direct=direct,
            holds_urgent_help=True,
        )
        # A timer, not a task: most turns finish long before it fires, and cancelling a timer
        # costs nothing.
        typing = asyncio.get_running_loop().call_later(self.typing_after, self._typing, context)
        try:
            # In the person's order: after their turn before it, and its replies after theirs.
            async with self.inbox.in_turn({"user": str(user.id)}) as in_order:
                outcome = await self.turns.handle(msg)
                kept = self._kept(outcome, direct)
                replies = kept["replies"]
                # In a channel, nothing private is said there: urgent help at once, the rest in private.
                sending = in_order(self._send_replies(context, kept, replies))
        finally:
            typing.cancel()
        if outcome.escalation is not None:
            self.wake()
        await sending
        if outcome.private and not direct:
            private = [_activity(reply) for reply in replies]
            self.background.spawn(self._in_private(str(user.id), private), name="teams private replies")

    def _typing(self, context: TurnContext) -> None:
        """The turn is slow: show that Signpost is typing (best effort)."""
        self.background.spawn(self._send_typing(context), name="teams typing")

    async def _send_typing(self, context: TurnContext) -> None:
        with contextlib.suppress(Exception):
            await context.send_activity(Activity(type=ActivityTypes.typing))

    def _reply(self, reply: Reply) -> Activity:
        card = reply_card(reply, urgent_help_url=self.urgent_help_url)
        return message(reply.text, card)

    async def _reliably(self, send: Awaitable[Any], tally: Tally | None = None) -> bool:
        """A reply that cannot be delivered (after the client's own retries) is logged, and the
        turn goes on: the next reply, often the urgent-help one, still gets its chance."""
        try:
            await send
        except Exception as exc:
            logger.warning("teams reply failed", extra={"error": type(exc).__name__})
            if tally is not None:
                tally.failed(exc)
            return False
        if tally is not None:
            tally.sent += 1
        return True

    async def _in_private(self, user_id: str, replies: list[Activity]) -> None:
        reference = await self.poster.personal(user_id)
        for reply in replies:
            for attempt in range(3):
                try:
                    await self.poster.send(reference, reply)
                    break
                except Exception as exc:
                    logger.warning("teams private reply failed", extra={"error": type(exc).__name__})
                    await asyncio.sleep(0.5 * (attempt + 1))

    def _user_note(self, activity: Activity) -> tuple[str, dict[str, Any]] | None:
        """Where to reach this user privately (their personal chat, or what is needed to start
        one), when it is to be written: once per change rather than on every message, and never a
        channel's partial address over a personal chat this server knows."""
        user = str(_user(activity).id)
        reference = reference_of(activity, user=True)
        if self._known_users.get(user) == _fingerprint(reference):
            return None
        if not reference["conversation_id"] and user in self._known_users:
            return None
        return user, reference

    async def _note_user(self, activity: Activity) -> None:
        """The user's reference (`_user_note`), in a transaction of its own: for activities that
        are not chat messages, and messages run in place. A message taken by the inbox has it
        written with its turn (`_keep_replies`), one transaction rather than two."""
        note = self._user_note(activity)
        if note is not None:
            await self._write_note(*note)

    async def _write_note(self, user: str, reference: dict[str, Any]) -> None:
        """Best effort: with the store down, the turn (run in place, with its urgent help) goes on
        without it, and the next message notes it again."""
        try:
            async with self.turns.gate, self.turns.engine.begin() as connection:
                await note_user_reference(
                    connection, user_id=user, platform="teams", reference=reference, now=utcnow()
                )
        except Exception as exc:
            log_failure(logger, "teams user reference not kept", exc)
            return
        self._known_users[user] = _fingerprint(reference)

    # ------------------------------------------------------------ installs and channels

    async def _on_conversation_update(self, context: TurnContext) -> None:
        activity = context.activity
        bot_id = (activity.recipient or ChannelAccount()).id
        added = [m for m in activity.members_added or [] if m.id == bot_id]
        if not added:
            return
        if is_personal(activity):
            await context.send_activity(message(card=welcome_card(urgent_help_url=self.urgent_help_url)))
        else:
            await context.send_activity(
                message(
                    "Hello, I'm Signpost: mention me with a question about the social media policy. "
                    + REGISTER_HELP
                )
            )

    async def _register(self, context: TurnContext, text: str) -> bool:
        if not _is_register(text):
            return False
        words = text.lower().replace("-", "").split()
        role = "oncall" if "oncall" in words[1:] else "comms" if "comms" in words[1:] else None
        if role is None:
            await context.send_activity(message(REGISTER_HELP))
            return True
        activity = context.activity
        if not self.members:
            await context.send_activity(
                message("Nobody can register a channel until TEAMS_COMMS_MEMBERS is set, so nothing changed.")
            )
            return True
        if not self._is_member(activity):
            await context.send_activity(message(NOT_COMMS))
            return True
        user = _user(activity)
        async with self.turns.sessions.begin() as session:
            await save_reference(
                session,
                key=channel_key(role),
                platform="teams",
                reference=reference_of(activity, user=False),
                now=utcnow(),
                registered_by=str(user.aad_object_id or user.id),
            )
        logger.info("teams channel registered", extra={"role": role})
        what = "Escalations" if role == "comms" else "Out-of-hours escalations"
        await context.send_activity(message(f"{what} will now be posted in this channel."))
        self.wake()
        return True

    def _is_member(self, activity: Activity) -> bool:
        user = _user(activity)
        return bool({str(user.id or ""), str(user.aad_object_id or "")} & self.members)

    # ------------------------------------------------------------ the report form

    async def _send_form(self, context: TurnContext, form: ReportForm | None = None) -> None:
        card = report_card(urgent_help_url=self.urgent_help_url, form=form)
        if is_personal(context.activity):
            await context.send_activity(message(card=card))
            return
        await context.send_activity(message("I've sent you the report form in a private chat."))
        reference = await self.poster.personal(str(_user(context.activity).id))
        await self.poster.send(reference, message(card=card))

    async def _submit_form(
        self, activity: Activity, data: dict[str, Any], *, source: str, dialog: bool = False
    ) -> FormResult:
        """Records a submitted form: the form again with its problems marked, or the card and
        words saying what was recorded. `source` identifies the card, so a double submit
        records once."""
        form = read_form(data)
        problems = form.problems()
        if problems:
            return FormResult(self._form(form, problems, dialog))
        user = str(_user(activity).id)
        try:
            submitted = await self.turns.submit_report(
                form, platform="teams", user_id=user, conversation_id=user, submission_id=source
            )
        except Exception as exc:
            error_id = log_failure(logger, "report form not saved", exc)
            problem = (
                f"Sorry, I couldn't save this just now (error {error_id}); please try again. "
                "If someone is at risk right now, call 999."
            )
            return FormResult(self._form(form, {"what_said": problem}, dialog))
        self.wake()
        title = "Report sent" if submitted.ref else "Already sent"
        card = done_card(
            title, submitted.replies, urgent_help_url=self.urgent_help_url, urgent=submitted.urgent
        )
        summary = "\n\n".join(reply.text for reply in submitted.replies)
        return FormResult(card, summary=summary, urgent=submitted.urgent)

    def _form(self, form: ReportForm, problems: dict[str, str], dialog: bool) -> dict[str, Any]:
        return report_card(urgent_help_url=self.urgent_help_url, form=form, problems=problems, dialog=dialog)

    # ------------------------------------------------------------ invokes

    async def _on_invoke(self, context: TurnContext) -> dict[str, Any] | None:
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        name = activity.name
        if name == "adaptiveCard/action":
            action = value.get("action") if isinstance(value.get("action"), dict) else {}
            verb = str(action.get("verb") or "")
            data = action.get("data") if isinstance(action.get("data"), dict) else {}
            if verb == REPORT_SUBMIT:
                source = f"card:{activity.reply_to_id or activity.id}"
                return _card_response((await self._submit_form(activity, data, source=source)).card)
            if verb in (COMMS_ACK, COMMS_RESOLVE):
                return await self._comms_action(activity, verb, data)
            if verb == "open_form":
                return _card_response(report_card(urgent_help_url=self.urgent_help_url))
            return _message_response("Signpost doesn't know that button.")
        if name == "composeExtension/fetchTask":
            said = to_plain(str(_field(_field(value, "messagePayload"), "body").get("content") or ""))
            form = ReportForm(what_said=said[:3000])
            card = report_card(urgent_help_url=self.urgent_help_url, form=form, dialog=True)
            return _task_card(card)
        if name in ("composeExtension/submitAction", "task/submit"):
            data = value.get("data") if isinstance(value.get("data"), dict) else {}
            result = await self._submit_form(activity, data, source=f"dialog:{activity.id}", dialog=True)
            if result.summary is None:  # problems: the form again
                return _task_card(result.card)
            return {"task": {"type": "message", "value": result.summary[:1000]}}
        return None

    async def _comms_action(self, activity: Activity, verb: str, data: dict[str, Any]) -> dict[str, Any]:
        ref = str(data.get("ref") or "")
        user = _user(activity)
        actor = str(user.aad_object_id or user.id or "")
        action = "acknowledge" if verb == COMMS_ACK else "resolve"
        if not await self._may_act(activity):
            await self.desk.refuse(ref, actor=actor, action=action)
            return _message_response(NOT_COMMS)
        note: str | None = None
        if verb == COMMS_RESOLVE:
            note = str(data.get("note") or "").strip()
            if not note:
                return _message_response(
                    "Please say briefly what was done (in the Resolve box), then resolve."
                )
        to = Status.ACKNOWLEDGED if verb == COMMS_ACK else Status.RESOLVED
        result = await self.desk.act(ref, to, actor=actor, note=note)
        self.wake()
        if result.view is None:
            return _message_response(result.message)
        names = await self.poster.names_for(result.view)
        if not result.changed:
            return _message_response(_already(result, names))
        return _card_response(comms_card(result.view, names=names))

    async def _may_act(self, activity: Activity) -> bool:
        if self.members:
            return self._is_member(activity)
        # Without TEAMS_COMMS_MEMBERS: whoever is in a registered Communications channel.
        here = reference_of(activity, user=False).get("conversation_id")
        for role in ("comms", "oncall"):
            stored = await self.poster.channel(channel_key(role))
            if stored is not None and stored.get("conversation_id") == here and not is_personal(activity):
                return True
        return False


@dataclass
class Tally:
    """What became of a turn's replies: sent, failed for now (may go through later), failed."""

    sent: int = 0
    later: int = 0
    never: int = 0

    def failed(self, error: BaseException) -> None:
        if may_go_through_later(error):
            self.later += 1
        else:
            self.never += 1


@dataclass(frozen=True)
class FormResult:
    card: dict[str, Any]
    summary: str | None = None
    """None: not recorded (the card shows the problems)."""
    urgent: bool = False


async def _apologise(context: TurnContext, error_id: str) -> None:
    """A message's turn failed (logged as `error_id`): the person is told so, if Teams takes it."""
    with contextlib.suppress(Exception):
        await context.send_activity(message(apology(error_id).text))


def _user(activity: Activity) -> ChannelAccount:
    return activity.from_property or ChannelAccount()


def _chat_text(activity: Activity) -> str | None:
    """What the person said: the message's text, or a choice button's words. None for the
    other buttons and forms."""
    value = activity.value if isinstance(activity.value, dict) else {}
    action = value.get("signpost")
    if action == "choice":
        return str(value.get("value") or "")
    if action is not None:
        return None
    return to_plain(str(activity.text or ""))


def _is_register(text: str) -> bool:
    return text.lower().replace("-", "").split()[:1] == ["register"]


def _message_id(activity: Activity) -> str:
    """The message's id for the inbox and the seen-before check: its conversation and activity
    ids (a long conversation id is hashed, to fit the store's 255 characters)."""
    conversation = str((activity.conversation and activity.conversation.id) or "")
    if len(conversation) > 160:
        conversation = "sha256:" + hashlib.sha256(conversation.encode()).hexdigest()
    return f"{conversation}|{activity.id}"[:255]


def _fingerprint(reference: dict[str, Any]) -> str:
    return json.dumps(reference, sort_keys=True)


def _activity(reply: dict[str, Any]) -> Activity:
    """A kept reply's activity."""
    card = reply.get("card")
    return message(str(reply.get("text") or ""), card if isinstance(card, dict) else None)


def _kept_reference(activity: Activity, user: ChannelAccount) -> dict[str, Any]:
    """Where the message's replies go (botbuilder's conversation reference, as a dict): only
    addressing data, no display name of the person."""
    conversation = activity.conversation or ConversationAccount()
    bot = activity.recipient or ChannelAccount()
    return {
        "activity_id": activity.id,
        "service_url": activity.service_url,
        "channel_id": activity.channel_id,
        "locale": activity.locale,
        "conversation": {
            "id": conversation.id,
            "conversation_type": conversation.conversation_type,
            "is_group": conversation.is_group,
            "tenant_id": conversation.tenant_id,
        },
        "bot": {"id": bot.id, "name": bot.name},
        "user": {"id": user.id, "aad_object_id": user.aad_object_id},
    }


def _reference(kept: Any) -> ConversationReference | None:
    """The conversation reference of `_kept_reference`, or None when it is not one."""
    if not isinstance(kept, dict) or not isinstance(kept.get("service_url"), str):
        return None
    conversation, bot, user = (
        kept.get(name) if isinstance(kept.get(name), dict) else {} for name in ("conversation", "bot", "user")
    )
    if not conversation.get("id"):
        return None
    return ConversationReference(
        activity_id=kept.get("activity_id"),
        service_url=kept["service_url"],
        channel_id=kept.get("channel_id"),
        locale=kept.get("locale"),
        conversation=ConversationAccount(
            id=conversation.get("id"),
            conversation_type=conversation.get("conversation_type"),
            is_group=conversation.get("is_group"),
            tenant_id=conversation.get("tenant_id"),
        ),
        bot=ChannelAccount(id=bot.get("id"), name=bot.get("name")),
        user=ChannelAccount(id=user.get("id"), aad_object_id=user.get("aad_object_id")),
    )


def _card_response(card: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "type": CARD_RESPONSE, "value": card}


def _message_response(text: str) -> dict[str, Any]:
    return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text}


def _text_of(answer: dict[str, Any]) -> str:
    value = answer.get("value")
    if isinstance(value, str):
        return value
    return "Done: the card shows the new state."


def _task_card(card: dict[str, Any]) -> dict[str, Any]:
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": "Report to Communications",
                "height": "large",
                "width": "medium",
                "card": {"contentType": "application/vnd.microsoft.card.adaptive", "content": card},
            },
        }
    }


def _already(result: ActionResult, names: dict[str, str]) -> str:
    view = result.view
    entry = view.last(view.status) if view is not None and view.status != "open" else None
    if view is None or entry is None:
        return result.message
    at = f"{entry.at:%d %b %H:%M} UTC"
    who = names.get(entry.actor) or entry.actor
    return f"{view.ref} is already {view.status} (by {who}, {at}). Nothing was changed."


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # "http://[" and the like
        return ""


def _field(value: Any, name: str) -> dict[str, Any]:
    """`value[name]` when both are JSON objects, else an empty one: invoke payloads are the
    caller's to get wrong."""
    found = value.get(name) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}
