"""When the Communications Team is watching: `OFFICE_HOURS`, e.g. "Mon-Fri 09:00-17:00 Europe/London"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FORMAT = re.compile(
    r"^\s*(?P<d1>[a-z]{3})-(?P<d2>[a-z]{3})\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})-(?P<h2>\d{1,2}):(?P<m2>\d{2})"
    r"\s+(?P<tz>[\w/+-]+)(?:\s+holidays?\s+(?P<hol>[\d,\s-]+))?\s*$",
    re.IGNORECASE,
)


class OfficeHoursError(ValueError):
    pass


@dataclass(frozen=True)
class OfficeHours:
    first_day: int
    last_day: int
    opens: dt.time
    closes: dt.time
    zone: ZoneInfo
    holidays: frozenset[dt.date] = frozenset()

    @classmethod
    def parse(cls, spec: str) -> OfficeHours:
        """ "Mon-Fri 09:00-17:00 Europe/London", optionally followed by
        "holidays 2026-12-25,2026-12-28"."""
        match = _FORMAT.match(spec)
        if not match:
            raise OfficeHoursError(
                f"OFFICE_HOURS {spec!r} is not like 'Mon-Fri 09:00-17:00 Europe/London "
                "[holidays 2026-12-25,2026-12-28]'"
            )
        d1, d2 = match["d1"].lower(), match["d2"].lower()
        if d1 not in DAYS or d2 not in DAYS:
            raise OfficeHoursError(
                f"OFFICE_HOURS days must be three-letter names like Mon, not {d1!r}/{d2!r}"
            )
        try:
            zone = ZoneInfo(match["tz"])
            opens = dt.time(int(match["h1"]), int(match["m1"]))
            closes = dt.time(int(match["h2"]), int(match["m2"]))
            holidays = frozenset(
                dt.date.fromisoformat(d.strip()) for d in (match["hol"] or "").split(",") if d.strip()
            )
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise OfficeHoursError(f"OFFICE_HOURS {spec!r}: {exc}") from None
        if DAYS.index(d1) > DAYS.index(d2):
            raise OfficeHoursError(
                f"OFFICE_HOURS days must run forward through the week, like Mon-Fri or Sat-Sun, not {d1}-{d2}"
            )
        if opens >= closes:
            raise OfficeHoursError("OFFICE_HOURS must open before it closes")
        return cls(DAYS.index(d1), DAYS.index(d2), opens, closes, zone, holidays)

    def is_open(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.zone)
        if local.date() in self.holidays or not self.first_day <= local.weekday() <= self.last_day:
            return False
        return self.opens <= local.time() < self.closes

    def closing_time(self, moment: dt.datetime) -> dt.datetime | None:
        """When today's office hours end, if they are open at `moment`."""
        if not self.is_open(moment):
            return None
        local = moment.astimezone(self.zone)
        closes = dt.datetime.combine(local.date(), self.closes, self.zone)
        return closes.astimezone(moment.tzinfo or dt.UTC)

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """When office hours next begin after `moment`: tomorrow's opening if they are open now,
        Monday's on a Friday evening, later still after a bank holiday."""
        day = moment.astimezone(self.zone).date()
        for _ in range(400):
            if self._working_day(day):
                opens = dt.datetime.combine(day, self.opens, self.zone)
                if opens > moment:
                    return opens.astimezone(moment.tzinfo or dt.UTC)
            day += dt.timedelta(days=1)
        raise OfficeHoursError("OFFICE_HOURS leaves no working time in the coming year")

    def say_when(self, moment: dt.datetime, now: dt.datetime) -> str:
        """`moment` as a reporter reads it from `now`: "today at 9:00", "tomorrow at 9:00",
        "Monday at 9:00", or "Tuesday 29 December at 9:00" more than a week away."""
        local, today = moment.astimezone(self.zone), now.astimezone(self.zone).date()
        clock = f"{local:%-H:%M}"
        days = (local.date() - today).days
        if days == 0:
            return f"today at {clock}"
        if days == 1:
            return f"tomorrow at {clock}"
        if days < 7:
            return f"{local:%A} at {clock}"
        return f"{local:%A} {local.day} {local:%B} at {clock}"

    def describe(self) -> str:
        days = f"{DAYS[self.first_day].title()}-{DAYS[self.last_day].title()}"
        if (self.first_day, self.last_day) == (0, 4):
            days = "weekdays"
        return f"{days} {self.opens:%-H:%M}-{self.closes:%-H:%M}"

    def _working_day(self, day: dt.date) -> bool:
        return day not in self.holidays and self.first_day <= day.weekday() <= self.last_day

    def after_working_time(self, moment: dt.datetime, working: dt.timedelta) -> dt.datetime:
        """The moment `working` time of office hours has passed after `moment`: four working
        hours from Friday 16:00 is Monday 12:00 (or Tuesday after a bank holiday). Time is
        counted in real elapsed time (UTC), so a day with a clock change counts its hours as
        they pass."""
        now = moment.astimezone(dt.UTC)
        left = working
        day = moment.astimezone(self.zone).date()
        for _ in range(400):  # over a year of closed days would be a configuration error
            if self._working_day(day):
                opens = dt.datetime.combine(day, self.opens, self.zone).astimezone(dt.UTC)
                closes = dt.datetime.combine(day, self.closes, self.zone).astimezone(dt.UTC)
                start = max(opens, now)
                if start < closes:
                    if start + left <= closes:
                        return (start + left).astimezone(moment.tzinfo or dt.UTC)
                    left -= closes - start
            day += dt.timedelta(days=1)
        raise OfficeHoursError("OFFICE_HOURS leaves no working time in the coming year")
