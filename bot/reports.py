"""What the reporter is told once a report is recorded: the reference, what happens next
and when, and what to do meanwhile when the Communications Team is not watching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.messages import EscalationDraft, Reply
from bot.office_hours import OfficeHours
from bot.reminders import URGENT_TO_ONCALL
from bot.signposting import UrgentHelp

CLOSING_SOON = URGENT_TO_ONCALL
"""A report raised this close to closing is told when the team is next in (and an urgent one
goes to the on-call contact at closing time, unless acknowledged: `bot.reminders`)."""


@dataclass(frozen=True)
class Confirmations:
    office_hours: OfficeHours
    urgent_help: UrgentHelp
    comms_contact: str
    slack_on_call: bool = False
    """SLACK_ONCALL_CHANNEL is set (a Teams on-call channel is registered in the store)."""

    def recorded(
        self, draft: EscalationDraft, ref: str, now: dt.datetime, *, on_call: bool = False
    ) -> tuple[Reply, ...]:
        """`on_call`: out of hours, an urgent report also reaches an on-call channel."""
        watching = self.office_hours.is_open(now)
        told = "" if draft.anonymous else ", and I'll tell you here when someone picks it up"
        hours = self.office_hours.describe()
        if draft.abandoned:
            first = (
                "I've stopped the questions. Because someone may be at risk, what you told me is with "
                f"the Communications Team (reference {ref}). If it was reported by mistake, say so and "
                "I'll let them know."
            )
        elif draft.ref:
            first = (
                "Thank you. I've added this to your report for the Communications Team. "
                f"Your reference is {ref}."
            )
        else:
            first = f"Thank you. I've sent this to the Communications Team. Your reference is {ref}."
        lines = [first]
        closes = self.office_hours.closing_time(now)
        if closes is not None and closes - now <= CLOSING_SOON:
            # 16:55 on a Friday: "they monitor weekdays 9-5" alone promises a reply tonight.
            back = self.office_hours.say_when(self.office_hours.next_opening(now), now)
            going = (
                f"The Communications Team monitors {hours} and goes home at {self.office_hours.closes:%-H:%M}"
            )
            if draft.severity != "urgent":
                lines.append(f"{going}, so they may not see it until {back}{told}.")
            elif on_call:
                lines.append(
                    f"{going}: if nobody has picked it up by then, it goes to the Trust's on-call "
                    f"contact{told}."
                )
            else:
                lines.append(
                    f"{going}: if nobody picks it up before then, nobody may see it until {back}{told}. "
                    "Don't wait for them if someone is at risk now."
                )
            lines.append("Meanwhile: " + self._meanwhile(draft))
        elif watching:
            lines.append(f"They monitor {hours}; urgent reports are looked at first{told}.")
        elif on_call and draft.severity == "urgent":
            lines.append(
                f"The Communications Team monitors {hours}, so it's out of hours now: as it's urgent, "
                f"I've also sent it to the Trust's on-call contact{told}."
            )
            lines.append("Meanwhile: " + self._meanwhile(draft))
        elif draft.severity == "urgent":
            # Nobody may see an urgent report for hours: the reporter must not wait for them.
            lines.append(
                f"The Communications Team monitors {hours}, so it's out of hours now and nobody may see "
                f"it until they're next in{told}. Don't wait for them if someone is at risk now."
            )
            lines.append("Meanwhile: " + self._meanwhile(draft))
        else:
            back = self.office_hours.say_when(self.office_hours.next_opening(now), now)
            lines.append(
                f"The Communications Team monitors {hours}, so it's out of hours now: they'll see it when "
                f"they're next in ({back}){told}."
            )
            lines.append("Meanwhile: " + self._meanwhile(draft))
        if draft.anonymous:
            lines.append(
                "You chose to stay anonymous, so your name isn't stored with it and I can't send you updates."
            )
        lines.extend(draft.closing)
        return (Reply("\n\n".join(lines), urgent=draft.severity == "urgent"),)

    def recorded_at_once(self, ref: str) -> Reply:
        return Reply(
            f"I've already passed this to the Communications Team as urgent (reference {ref}). "
            "A few quick answers will help them act on it.",
            urgent=True,
        )

    def withdrawn(self, ref: str) -> Reply:
        return Reply(f"OK. I've told the Communications Team that {ref} was reported by mistake.")

    def _meanwhile(self, draft: EscalationDraft) -> str:
        if draft.kind == "crisis":
            return (
                "make sure the person has the “Need urgent help?” link "
                f"({self.urgent_help.url}); if anyone's life is at immediate risk, call 999; and use "
                "the platform's own tool to report self-harm "
                "or suicide content."
            )
        if draft.kind == "targeted" and draft.severity == "urgent":
            return (
                "if you feel unsafe or someone threatens you, call 999 (or 101 if it isn't an "
                "emergency), and keep screenshots."
            )
        if draft.kind == "criticism":
            return (
                "please don't reply to it; if it escalates quickly or becomes abusive, tell your "
                "line manager."
            )
        return f"if it can't wait, talk to your line manager, or contact {self.comms_contact}."
