"""Posting to Teams unprompted: the Communications Team's channel, a reporter's personal
chat. Addresses are conversation references kept in the store (`bot.store.references`),
so they work from any replica and after restarts."""

from __future__ import annotations

import logging
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
from bot.delivery import PermanentFailure, TemporaryFailure
from bot.messages import utcnow
from bot.store.references import load_reference, save_reference, user_key

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


class TeamsPoster:
    def __init__(self, client_for: ClientFor, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.client_for = client_for
        self.sessions = sessions

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
