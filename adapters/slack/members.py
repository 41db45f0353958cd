"""Who may act for the Communications Team: SLACK_COMMS_MEMBERS (user ids and/or user
group ids), or else the members of SLACK_COMMS_CHANNEL and of SLACK_ONCALL_CHANNEL (whoever
is on call acts on the copy posted there). Looked up at most once a minute."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)


class CommsMembers:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        members: str | None,
        channels: tuple[str | None, ...],
        ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        ids = [part.strip() for part in (members or "").split(",") if part.strip()]
        self._users = frozenset(i for i in ids if not i.startswith("S"))
        self._groups = tuple(i for i in ids if i.startswith("S"))
        self._channels = () if ids else tuple(channel for channel in channels if channel)
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._known: frozenset[str] | None = None
        self._fetched_at = 0.0

    async def allows(self, user_id: str) -> bool:
        if user_id in self._users:
            return True
        if not self._groups and not self._channels:
            return False
        return user_id in await self._looked_up()

    async def _looked_up(self) -> frozenset[str]:
        if self._known is not None and self._clock() - self._fetched_at < self._ttl:
            return self._known
        try:
            found: set[str] = set()
            for group in self._groups:
                answer = await self._client.usergroups_users_list(usergroup=group)
                found.update(str(user) for user in answer.get("users") or [])
            for channel in self._channels:
                cursor = None
                while True:
                    page = await self._client.conversations_members(channel=channel, cursor=cursor, limit=500)
                    found.update(str(user) for user in page.get("members") or [])
                    cursor = (page.get("response_metadata") or {}).get("next_cursor")
                    if not cursor:
                        break
        except Exception as exc:
            logger.warning("could not look up the Communications Team", extra={"error": type(exc).__name__})
            return self._known or frozenset()
        self._known, self._fetched_at = frozenset(found), self._clock()
        return self._known
