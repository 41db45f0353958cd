"""Outbox delivery to Slack: Communications Team pings and their updates, reporters' DMs.

Each post carries its outbox key in Slack message metadata. A retried row (an earlier
attempt may have reached Slack before the worker died) first looks for that key in the
channel, so a retry never shows a second message.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import (
    comms_message,
    oncall_notice,
    reminder,
    reminder_notice,
    reply_message,
    update_notice,
    withdrawn_notice,
)
from bot.delivery import OutboundMessage, PermanentFailure, TemporaryFailure
from bot.messages import Reply

logger = logging.getLogger(__name__)
EVENT_TYPE = "signpost_outbox"
PERMANENT = {"user_not_found", "cannot_dm_bot", "invalid_blocks", "msg_too_long", "no_text"}
"""Errors no retry can fix. Configuration errors (a channel Signpost is not in, a revoked
token) are retried with the usual backoff, so fixing the configuration sends what waited."""


class SlackSender:
    platform = "slack"

    def __init__(
        self, client: AsyncWebClient, *, comms_channel: str | None, oncall_channel: str | None
    ) -> None:
        self.client = client
        self.channels = {"comms": comms_channel, "oncall": oncall_channel}

    def can_send(self, message: OutboundMessage) -> bool:
        if message.target == "reporter":
            return message.payload.get("channel") == "slack"
        if message.target == "alert":
            return bool(self.channels.get("comms") or self.channels.get("oncall"))
        return bool(self.channels.get(message.target))

    async def send(self, message: OutboundMessage) -> str | None:
        try:
            return await self._send(message)
        except SlackApiError as error:
            raise _failure(error) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TemporaryFailure(type(error).__name__) from None

    async def _send(self, message: OutboundMessage) -> str | None:
        view = message.escalation
        if message.target == "reporter":
            user = str(message.payload["user_id"])
            text = str(message.payload.get("text", ""))
            return await self._post(message, user, reply_message(Reply(text)))
        if view is None:
            raise PermanentFailure("the escalation is gone")
        channel = self.channels.get(message.target) or (
            (self.channels.get("comms") or self.channels.get("oncall")) if message.target == "alert" else None
        )
        if not channel:
            raise PermanentFailure(f"no Slack channel for {message.target}")
        if message.purpose == "comms_ping":
            return await self._post(message, channel, comms_message(view))
        if message.purpose == "alert":
            return await self._post(message, channel, comms_message(view, notice=alert_notice(message)))
        if message.target == "oncall":  # out of hours, or unacknowledged for too long
            return await self._post(
                message, channel, comms_message(view, notice=oncall_notice(message.purpose))
            )
        ping = self._ping(message)
        if message.purpose == "reminder":
            if ping is None:
                return await self._post(message, channel, comms_message(view, notice=reminder_notice(view)))
            ping_channel, ts = ping
            return await self._post(message, ping_channel, reminder(view), thread_ts=ts, broadcast=True)
        if ping is None:
            raise TemporaryFailure("the ping is not posted yet", retry_after=5)
        ping_channel, ts = ping
        for target, posted, purpose in view.pings:  # every copy: the team's, and any on-call one
            if not is_slack_id(posted):
                continue  # a copy on another platform: its own sender updates it
            copy_channel, _, copy_ts = posted.partition(":")
            notice = oncall_notice(purpose) if target == "oncall" else None
            content = comms_message(view, notice=notice)
            await self.client.chat_update(channel=copy_channel, ts=copy_ts, **content)
        if message.purpose == "comms_update":
            return await self._post(message, ping_channel, update_notice(view), thread_ts=ts)
        if message.purpose == "comms_withdrawn":
            return await self._post(message, ping_channel, withdrawn_notice(view), thread_ts=ts)
        return f"{ping_channel}:{ts}"

    def _ping(self, message: OutboundMessage) -> tuple[str, str] | None:
        """The Communications Team's own message about the escalation (channel, ts)."""
        assert message.escalation is not None
        for target, message_id, _purpose in message.escalation.pings:
            if target == "comms" and is_slack_id(message_id):
                channel, _, ts = message_id.partition(":")
                if channel and ts:
                    return channel, ts
        return None

    async def _post(
        self,
        message: OutboundMessage,
        channel: str,
        content: dict[str, Any],
        thread_ts: str | None = None,
        broadcast: bool = False,
    ) -> str:
        if message.retry:
            found = await find_posted(
                self.client,
                channel=channel,
                key=message.key,
                since=message.created_at.timestamp() - 60,
                thread_ts=thread_ts,
            )
            if found is not None:
                logger.info("delivery found already posted", extra={"row": message.id})
                return found
        answer = await self.client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            reply_broadcast=broadcast or None,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": message.key}},
            **content,
        )
        return f"{answer.get('channel') or channel}:{answer.get('ts')}"


async def find_posted(
    client: AsyncWebClient, *, channel: str, key: str, since: float, thread_ts: str | None = None
) -> str | None:
    """ "CHANNEL:TS" of a message Signpost posted with `key` in its metadata since `since`
    (a Unix time), or None: a send that failed after Slack may have taken it looks here first."""
    if not channel.startswith(("C", "G", "D")):  # a user id: find the DM channel
        opened = await client.conversations_open(users=channel)
        channel = str((opened.get("channel") or {}).get("id") or channel)
    if thread_ts:
        page = await client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
        )
    else:
        page = await client.conversations_history(
            channel=channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=200
        )
    for posted in page.get("messages") or []:
        payload = (posted.get("metadata") or {}).get("event_payload") or {}
        if payload.get("key") == key:
            return f"{channel}:{posted.get('ts')}"
    return None


def alert_notice(message: OutboundMessage) -> str:
    failed_via = str(message.payload.get("failed_via") or "another platform").title()
    return (
        f"*Could not be delivered on {failed_via}* after repeated tries, so it is posted here. "
        "Please check the Signpost set-up for that platform."
    )


def is_slack_id(message_id: str) -> bool:
    """Slack's "CHANNEL:TS"; other platforms' message ids name their platform first."""
    channel, _, ts = message_id.partition(":")
    return bool(channel) and bool(ts) and "|" not in message_id


def _failure(error: SlackApiError) -> Exception:
    response = error.response
    code = str(response.get("error", "")) if response is not None else ""
    status = getattr(response, "status_code", 0)
    if status == 429 or code == "ratelimited":
        headers = getattr(response, "headers", {}) or {}
        retry_after = headers.get("Retry-After") or headers.get("retry-after")
        try:
            seconds = float(retry_after) if retry_after is not None else 30.0
        except ValueError:
            seconds = 30.0
        return TemporaryFailure("slack: ratelimited", retry_after=seconds)
    if code in PERMANENT:
        return PermanentFailure(f"slack: {code}")
    return TemporaryFailure(f"slack: {code or status}")
