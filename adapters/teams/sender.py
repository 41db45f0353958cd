"""Outbox delivery to Teams: the Communications Team's card and its updates, reminders,
the out-of-hours channel, and reporters' personal chats.

Teams has no way to look a message up by our key, so a retry after a send whose answer
was lost can show a second card; it carries the same reference, and updates go to the
copy that was recorded."""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams.cards import comms_card, oncall_notice, reminder_text, update_text, withdrawn_text
from adapters.teams.poster import TeamsPoster, message, parse_message_id
from bot.comms import EscalationView
from bot.delivery import OutboundMessage, PermanentFailure, TemporaryFailure
from bot.store.references import channel_key

UNREGISTERED_RETRY = 300.0


class TeamsSender:
    platform = "teams"

    def __init__(self, poster: TeamsPoster) -> None:
        self.poster = poster

    async def has_channel(self, target: str) -> bool:
        if target == "alert":
            return await self.has_channel("comms") or await self.has_channel("oncall")
        return target in ("comms", "oncall") and await self.poster.channel(channel_key(target)) is not None

    async def send(self, message_: OutboundMessage) -> str | None:
        view = message_.escalation
        if message_.target == "reporter":
            reference = await self.poster.personal(str(message_.payload["user_id"]))
            return await self.poster.send(reference, message(str(message_.payload.get("text", ""))))
        if view is None:
            raise PermanentFailure("the escalation is gone")
        if message_.purpose == "alert":
            reference = await self.poster.channel(channel_key("comms")) or await self.poster.channel(
                channel_key("oncall")
            )
            if reference is None:
                raise TemporaryFailure("no Teams channel registered", UNREGISTERED_RETRY)
            failed_via = str(message_.payload.get("failed_via") or "another platform").title()
            notice = f"Could not be delivered on {failed_via} after repeated tries, so it is posted here."
            return await self.poster.send(reference, await self._card(view, notice))
        reference = await self.poster.channel(channel_key(message_.target))
        if reference is None:
            raise TemporaryFailure(f"no Teams {message_.target} channel registered", UNREGISTERED_RETRY)
        if message_.purpose == "comms_ping":
            return await self.poster.send(reference, await self._card(view))
        if message_.target == "oncall":
            return await self.poster.send(reference, await self._card(view, oncall_notice(message_.purpose)))
        ping = _ping(view)
        if message_.purpose == "reminder":
            if ping is None:
                return await self.poster.send(reference, await self._card(view, reminder_text(view)))
            return await self.poster.reply(reference, ping, message(reminder_text(view)))
        if ping is None:
            raise TemporaryFailure("the ping is not posted yet", retry_after=5)
        for target, posted, purpose in view.pings:  # every Teams copy shows the current state
            if parse_message_id(posted) is None:
                continue
            copy_reference = await self.poster.channel(channel_key(target)) or reference
            notice = oncall_notice(purpose) if target == "oncall" else None
            await self.poster.update(copy_reference, posted, await self._card(view, notice))
        if message_.purpose == "comms_update":
            return await self.poster.reply(reference, ping, message(update_text(view)))
        if message_.purpose == "comms_withdrawn":
            return await self.poster.reply(reference, ping, message(withdrawn_text(view)))
        return ping

    async def _card(self, view: EscalationView, notice: str | None = None) -> Activity:
        return _card(view, notice, await self.poster.names_for(view))


def _card(view: EscalationView, notice: str | None, names: dict[str, str]) -> Activity:
    activity = message(card=comms_card(view, notice=notice, names=names))
    urgent = "URGENT: " if view.urgent else ""
    activity.summary = f"{urgent}escalation {view.ref}"
    return activity


def is_teams_ping(view: EscalationView) -> bool:
    return _ping(view) is not None


def _ping(view: EscalationView) -> str | None:
    for target, posted, _purpose in view.pings:
        if target == "comms" and parse_message_id(posted) is not None:
            return posted
    return None
