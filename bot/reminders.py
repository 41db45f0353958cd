"""What follows an escalation if nobody acts on it: the out-of-hours route and reminders.
They are outbox rows due in the future, so they survive restarts; the delivery worker
drops one whose escalation has been acknowledged by the time it is due."""

from __future__ import annotations

import datetime as dt

from bot.office_hours import OfficeHours
from bot.store.escalations import FollowUp

URGENT_REMINDER = dt.timedelta(minutes=15)
URGENT_TO_ONCALL = dt.timedelta(minutes=30)
NORMAL_REMINDER = dt.timedelta(hours=4)
"""Working hours: a normal report raised on Friday at 16:00 is re-pinged on Monday at noon."""
REMINDERS = frozenset({"reminder", "oncall_ping"})
"""Purposes that are pointless once someone has acknowledged the escalation."""


def follow_ups(severity: str, now: dt.datetime, hours: OfficeHours) -> tuple[FollowUp, ...]:
    if severity == "urgent":
        closes = hours.closing_time(now)
        if closes is None:
            # Nobody is watching the Communications channel: the out-of-hours route, at once.
            return ((now, "oncall_ping", "oncall"), (now + URGENT_TO_ONCALL, "reminder", "oncall"))
        if closes < now + URGENT_TO_ONCALL:
            # Raised just before closing (16:55): the out-of-hours route takes it when the
            # team goes home, unless someone has acknowledged it by then.
            reminder = (
                ((now + URGENT_REMINDER, "reminder", "comms"),) if now + URGENT_REMINDER < closes else ()
            )
            return (
                *reminder,
                (closes, "oncall_ping", "oncall"),
                (closes + URGENT_TO_ONCALL, "reminder", "oncall"),
            )
        return (
            (now + URGENT_REMINDER, "reminder", "comms"),
            (now + URGENT_TO_ONCALL, "reminder", "oncall"),
        )
    return ((hours.after_working_time(now, NORMAL_REMINDER), "reminder", "comms"),)
