"""Posting to Teams unprompted: the Communications Team's channel, a reporter's personal
chat. Addresses are conversation references kept in the store (`bot.store.references`),
so they work from any replica and after restarts."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
)
from botframework.connector.aio import ConnectorClient
from msrest.exceptions import ClientRequestError, HttpOperationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.teams.cards import attachment
from bot.comms import HISTORY_ACTIONS, EscalationView
from bot.delivery import PermanentFailure, TemporaryFailure
from bot.messages import utcnow
from bot.store.references import ROLES, channel_key, load_reference, save_reference, user_key

logger = logging.getLogger(__name__)
ClientFor = Callable[[str], Awaitable[ConnectorClient]]
MESSAGE_ID = "teams|{conversation}|{activity}"


def message_id(conversation_id: str, activity_id: str | None) -> str:
    return MESSAGE_ID.format(conversation=conversation_id, activity=activity_id or "")


def parse_message_id(value: str) -> tuple[str, str] | None:
    """(conversation id, activity id) of a Teams message id, or None for another platform's."""
    platform, _, rest = value.partition("|")
    conversation, _, activity = rest.rpartition("|")
    return (conversation, activity) if platform == "teams" and conversation and activity else None


def reference_of(activity: Activity, *, user: bool) -> dict[str, Any]:
    """Where to post again: for `user`, their personal chat (its id only when this activity
    came from it); otherwise this conversation (a channel, not the thread). Only addressing
    data: no names, no message text."""
    conversation = activity.conversation or ConversationAccount()
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = conversation.tenant_id or (channel_data.get("tenant") or {}).get("id")
    conversation_id = str(conversation.id or "").split(";messageid=")[0]  # the channel, not a thread
    sender = activity.from_property or ChannelAccount()
    bot = activity.recipient or ChannelAccount()
    return {
        "service_url": activity.service_url,
        "channel_id": activity.channel_id or "msteams",
        "bot_id": bot.id,
        "tenant_id": tenant,
        "user_id": sender.id if user else None,
        "conversation_id": None if user and not is_personal(activity) else conversation_id,
    }


_NOT_TEAMS = re.compile(r"[UW][A-Z0-9]{6,}|cli:.*|signpost|anonymous|")
"""Slack user ids, the command line, Signpost itself: never asked of the Bot Connector."""


def _teams_user(actor: str) -> bool:
    return not _NOT_TEAMS.fullmatch(actor)


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation or ConversationAccount()
    return conversation.conversation_type in (None, "personal") and not conversation.is_group


def message(text: str | None = None, card: dict[str, Any] | None = None, **extra: Any) -> Activity:
    activity = Activity(type=ActivityTypes.message, **extra)
    if text is not None:
        activity.text = text
        activity.text_format = "plain"
    if card is not None:
        activity.attachments = [attachment(card)]
    return activity


class Names:
    """Display names of Teams users, held in memory only (the store keeps ids, never names).

    Every activity teaches the name of who sent it; a name not seen by this process is asked
    of the Bot Connector (a member of a conversation the person is in), briefly, and a miss
    is remembered too, so a card never waits on it twice."""

    TTL_S = 3600.0
    MISS_TTL_S = 300.0
    WAIT_S = 2.0
    LIMIT = 10_000

    def __init__(self) -> None:
        self._known: dict[str, tuple[str | None, float]] = {}

    def learn(self, account: ChannelAccount | None) -> None:
        if account is None or not account.name:
            return
        name = str(account.name)[:200]
        for key in {account.id, account.aad_object_id} - {None, ""}:
            self._put(str(key), name, self.TTL_S)

    def get(self, user_id: str) -> tuple[bool, str | None]:
        """(known, name): known is False when the connector should be asked."""
        found = self._known.get(user_id)
        if found is None or found[1] < time.monotonic():
            return False, None
        return True, found[0]

    def _put(self, user_id: str, name: str | None, ttl: float) -> None:
        if len(self._known) >= self.LIMIT:
            self._known.clear()
        self._known[user_id] = (name, time.monotonic() + ttl)

    def clear(self) -> None:
        self._known.clear()

    def missed(self, user_id: str) -> None:
        self._put(user_id, None, self.MISS_TTL_S)

    def found(self, user_id: str, name: str) -> None:
        self._put(user_id, name[:200], self.TTL_S)


class TeamsPoster:
    def __init__(
        self,
        client_for: ClientFor,
        sessions: async_sessionmaker[AsyncSession],
        *,
        names: Names | None = None,
    ) -> None:
        self.client_for = client_for
        self.sessions = sessions
        self.names = names or Names()

    async def names_for(self, view: EscalationView) -> dict[str, str]:
        """Display names for the reporter (of a Teams report) and the Teams users in the card's
        history; whoever cannot be found in time keeps their id. All the lookups together
        take at most `Names.WAIT_S`, so a slow connector never holds up a card or a click."""
        wanted = {entry.actor for entry in view.history if entry.action in HISTORY_ACTIONS}
        if view.channel == "teams" and view.reporter_id:
            wanted.add(view.reporter_id)
        out: dict[str, str] = {}
        places: list[dict[str, Any]] | None = None
        deadline = time.monotonic() + Names.WAIT_S
        for user_id in sorted(wanted):
            known, name = self.names.get(user_id)
            if not known and _teams_user(user_id) and time.monotonic() < deadline:
                if places is None:
                    places = [ref for ref in [await self.channel(channel_key(role)) for role in ROLES] if ref]
                name = await self._look_up(user_id, places, deadline)
            if name:
                out[user_id] = name
        return out

    async def _look_up(self, user_id: str, places: list[dict[str, Any]], deadline: float) -> str | None:
        """Asks the connector for the member in their personal chat, then in the registered
        channels (where the Communications Team are members)."""
        async with self.sessions() as session:
            row = await load_reference(session, key=user_key(user_id))
        own = [dict(row.reference)] if row is not None and row.reference.get("conversation_id") else []
        for reference in [*own, *places]:
            try:
                client = await self.client_for(str(reference["service_url"]))
                member = await asyncio.wait_for(
                    client.conversations.get_conversation_member(str(reference["conversation_id"]), user_id),
                    max(0.0, deadline - time.monotonic()),
                )
            except (HttpOperationError, ClientRequestError, TimeoutError, OSError, KeyError):
                continue
            name = getattr(member, "name", None)
            if name:
                self.names.found(user_id, str(name))
                return str(name)
        self.names.missed(user_id)
        return None

    async def send(self, reference: dict[str, Any], activity: Activity) -> str:
        """Posts a new message in the referenced conversation; returns its message id."""
        conversation = str(reference.get("conversation_id") or "")
        client = await self.client_for(str(reference["service_url"]))
        answer = await _call(client.conversations.send_to_conversation(conversation, activity))
        return message_id(conversation, getattr(answer, "id", None))

    async def update(self, reference: dict[str, Any], posted: str, activity: Activity) -> None:
        found = parse_message_id(posted)
        if found is None:
            raise PermanentFailure("not a Teams message")
        conversation, activity_id = found
        activity.id = activity_id
        client = await self.client_for(str(reference["service_url"]))
        await _call(client.conversations.update_activity(conversation, activity_id, activity))

    async def reply(self, reference: dict[str, Any], posted: str, activity: Activity) -> str:
        """A reply in the thread of an earlier message (a channel post)."""
        found = parse_message_id(posted)
        if found is None:
            raise PermanentFailure("not a Teams message")
        conversation, activity_id = found
        thread = f"{conversation};messageid={activity_id}"
        client = await self.client_for(str(reference["service_url"]))
        answer = await _call(client.conversations.send_to_conversation(thread, activity))
        return message_id(conversation, getattr(answer, "id", None))

    async def personal(self, user_id: str) -> dict[str, Any]:
        """The reference of the user's personal chat with Signpost, starting it if needed."""
        async with self.sessions() as session:
            row = await load_reference(session, key=user_key(user_id))
            stored = dict(row.reference) if row is not None else None
        if stored is None:
            raise PermanentFailure("Signpost has never talked with this Teams user")
        if stored.get("conversation_id"):
            return stored
        client = await self.client_for(str(stored["service_url"]))
        tenant = stored.get("tenant_id")
        parameters = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=stored.get("bot_id")),
            members=[ChannelAccount(id=user_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}} if tenant else None,
        )
        created = await _call(client.conversations.create_conversation(parameters))
        stored["conversation_id"] = created.id
        stored["user_id"] = user_id
        async with self.sessions.begin() as session:
            await save_reference(
                session, key=user_key(user_id), platform="teams", reference=stored, now=utcnow()
            )
        return stored

    async def channel(self, key: str) -> dict[str, Any] | None:
        async with self.sessions() as session:
            row = await load_reference(session, key=key)
            return dict(row.reference) if row is not None else None


async def _call(call: Awaitable[Any]) -> Any:
    """A Connector call, its failures sorted into try-again-later and give-up."""
    try:
        return await call
    except HttpOperationError as error:
        raise _failure(error) from None
    except (ClientRequestError, TimeoutError, OSError) as error:
        raise TemporaryFailure(f"teams: {type(error).__name__}") from None


def may_go_through_later(error: BaseException) -> bool:
    """Whether a failed Connector call may succeed if tried later: the Connector busy or down
    (429, 412, 5xx), the token refused for now (401, 403), or no answer at all."""
    if isinstance(error, HttpOperationError):
        return isinstance(_failure(error), TemporaryFailure)
    return isinstance(error, (ClientRequestError, TimeoutError, OSError))


def _failure(error: HttpOperationError) -> Exception:
    response = error.response
    # msrest hands back the transport's own answer: aiohttp's calls it `status`.
    status = int(getattr(response, "status", None) or getattr(response, "status_code", 0) or 0)
    if status in (429, 412) or status >= 500 or status in (401, 403):
        headers = getattr(response, "headers", None) or {}
        retry_after = headers.get("Retry-After") if hasattr(headers, "get") else None
        try:
            seconds = float(retry_after) if retry_after is not None else None
        except ValueError:
            seconds = None
        if seconds is None and status == 429:
            seconds = 30.0
        return TemporaryFailure(f"teams: {status}", retry_after=seconds)
    return PermanentFailure(f"teams: {status}")
