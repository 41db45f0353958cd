"""Office hours, the out-of-hours route and reminders, with an injected clock, through the
Slack app and the delivery worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.office_hours import OfficeHours
from bot.settings import Settings
from bot.store.models import OutboxRow
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.slack_harness import COMMS, COMMS_MEMBER, SlackHarness, report_values
from tests.test_slack import _escalations, _harness, _texts

ONCALL = "CONCALL"
LONDON = "Europe/London"


def at(text: str) -> dt.datetime:
    """A London wall-clock time (GMT in November) as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-11-24 10:00", "2026-11-24 14:00"),  # Tuesday in hours
        ("2026-11-27 16:00", "2026-11-30 12:00"),  # Friday afternoon -> Monday noon
        ("2026-11-23 07:00", "2026-11-23 13:00"),  # before opening
        ("2026-11-28 12:00", "2026-11-30 13:00"),  # Saturday
    ],
)
def test_working_hours_skip_nights_and_weekends(start: str, expected: str) -> None:
    hours = OfficeHours.parse(f"Mon-Fri 09:00-17:00 {LONDON}")
    assert hours.after_working_time(at(start), dt.timedelta(hours=4)) == at(expected)


def _london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(LONDON))


@pytest.mark.parametrize(
    ("spec", "start", "expected"),
    [
        # Friday 16:00 GMT before the clocks go forward: Monday noon is BST, 11:00 UTC.
        ("Mon-Fri 09:00-17:00", "2027-03-26 16:00", "2027-03-29 12:00"),
        # Friday 16:00 BST before the clocks go back: Monday noon is GMT again.
        ("Mon-Fri 09:00-17:00", "2027-10-29 16:00", "2027-11-01 12:00"),
        # Open all night: the hour that never happens (01:00-02:00) is not counted...
        ("Mon-Sun 00:00-23:59", "2027-03-28 00:30", "2027-03-28 05:30"),
        # ...and the hour that happens twice is counted twice.
        ("Mon-Sun 00:00-23:59", "2027-10-31 00:30", "2027-10-31 03:30"),
    ],
)
def test_working_hours_count_real_time_across_a_clock_change(spec: str, start: str, expected: str) -> None:
    """Four working hours are four real hours, whatever the clocks do."""
    hours = OfficeHours.parse(f"{spec} {LONDON}")
    due = hours.after_working_time(_london(start).astimezone(dt.UTC), dt.timedelta(hours=4))
    assert due == _london(expected).astimezone(dt.UTC)


def test_working_hours_skip_bank_holidays() -> None:
    hours = OfficeHours.parse(f"Mon-Fri 09:00-17:00 {LONDON} holidays 2026-12-25,2026-12-28")
    assert hours.after_working_time(at("2026-12-24 16:00"), dt.timedelta(hours=4)) == at("2026-12-29 12:00")


Start = Callable[..., Any]


@pytest.fixture
async def start_slack(
    settings: Settings,
    fake_slack: FakeSlack,
    knowledge: Knowledge,
    understander: Understander,
) -> AsyncIterator[Start]:
    made: list[tuple[SlackHarness, Any]] = []

    async def start(clock: Clock, **overrides: Any) -> SlackHarness:
        options = {"slack_oncall_channel": ONCALL, **overrides}
        harness, engine = await _harness(settings, fake_slack, knowledge, understander, clock, **options)
        made.append((harness, engine))
        return harness

    yield start
    for harness, engine in made:
        await harness.client.close()
        await engine.dispose()


async def _crisis_report(slack: SlackHarness) -> str:
    said = "They posted that they want to end their life tonight and tagged the Trust"
    await slack.submit("report_form", report_values(kind="crisis", what_said=said))
    await slack.deliver()
    [row] = await _escalations(slack)
    return row.ref


async def _advance(slack: SlackHarness, clock: Clock, minutes: float) -> None:
    clock.now += dt.timedelta(minutes=minutes)
    await slack.deliver()


async def _statuses(slack: SlackHarness) -> dict[tuple[str, str], str]:
    async with slack.sessions() as session:
        rows = (await session.execute(select(OutboxRow.purpose, OutboxRow.target, OutboxRow.status))).all()
    return {(purpose, target): status for purpose, target, status in rows}


async def test_an_urgent_report_in_hours_is_reminded_at_15_and_sent_out_of_hours_at_30(
    start_slack: Start,
) -> None:
    clock = Clock()
    clock.now = at("2026-11-23 10:00")  # Monday
    slack = await start_slack(clock)
    ref = await _crisis_report(slack)
    assert len(slack.fake.posted_to(COMMS)) == 1 and slack.fake.posted_to(ONCALL) == []
    await _advance(slack, clock, 14)
    assert len(slack.fake.posted_to(COMMS)) == 1, "no reminder before 15 minutes"
    await _advance(slack, clock, 1)
    ping, reminder = slack.fake.posted_to(COMMS)
    assert reminder["thread_ts"] == ping["ts"] and ref in reminder["text"]
    assert slack.fake.of("chat.postMessage")[-1]["reply_broadcast"] is True
    await _advance(slack, clock, 15)
    [escalated] = slack.fake.posted_to(ONCALL)
    assert ref in escalated["text"] and "30 minutes" in str(escalated["blocks"])


async def test_acknowledging_cancels_the_reminders(start_slack: Start) -> None:
    clock = Clock()
    clock.now = at("2026-11-23 10:00")
    slack = await start_slack(clock)
    ref = await _crisis_report(slack)
    [ping] = slack.fake.posted_to(COMMS)
    await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ping["ts"])
    await slack.settle()
    await _advance(slack, clock, 60)
    assert len(slack.fake.posted_to(COMMS)) == 1 and slack.fake.posted_to(ONCALL) == []
    statuses = await _statuses(slack)
    assert statuses[("reminder", "comms")] == statuses[("reminder", "oncall")] == "cancelled"


@pytest.mark.parametrize(
    ("now", "office_hours"),
    [
        ("2026-11-28 11:00", f"Mon-Fri 09:00-17:00 {LONDON}"),  # Saturday
        ("2026-11-23 21:30", f"Mon-Fri 09:00-17:00 {LONDON}"),  # Monday evening
        ("2026-12-28 10:00", f"Mon-Fri 09:00-17:00 {LONDON} holidays 2026-12-25,2026-12-28"),  # bank holiday
    ],
    ids=["weekend", "evening", "bank holiday"],
)
async def test_out_of_hours_an_urgent_report_also_takes_the_out_of_hours_route(
    start_slack: Start, now: str, office_hours: str
) -> None:
    clock = Clock()
    clock.now = at(now)
    slack = await start_slack(clock, office_hours=office_hours)
    said = "They posted that they want to end their life tonight and tagged the Trust"
    body = await (await slack.submit("report_form", report_values(kind="crisis", what_said=said))).json()
    shown = str(body["view"])
    assert "out of hours" in shown and "999" in shown, "the reporter knows at once"
    await slack.deliver()
    [ping] = slack.fake.posted_to(COMMS)
    [oncall] = slack.fake.posted_to(ONCALL)
    assert "Out of hours" in str(oncall["blocks"])
    # Acknowledged from either message, both copies show it.
    ref = (await _escalations(slack))[0].ref
    await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=ONCALL, message_ts=oncall["ts"])
    await slack.deliver()
    for copy in (ping, oncall):
        assert "Acknowledged by" in _texts(copy["blocks"]), copy["ts"]


async def test_whoever_is_on_call_acts_on_the_on_call_copy_and_it_still_says_why_it_came(
    start_slack: Start, fake_slack: FakeSlack
) -> None:
    """With no SLACK_COMMS_MEMBERS, the members of both channels act for the team. Before,
    the on-call officer (in the on-call channel only) was refused, and once anyone acted the
    on-call copy lost its "Out of hours" line."""
    fake_slack.channel_members = {COMMS: [COMMS_MEMBER], ONCALL: ["UONCALL1"]}
    clock = Clock()
    clock.now = at("2026-11-27 22:10")  # Friday night
    slack = await start_slack(clock, office_hours=f"Mon-Fri 09:00-17:00 {LONDON}", slack_comms_members=None)
    ref = await _crisis_report(slack)
    [ping], [oncall] = slack.fake.posted_to(COMMS), slack.fake.posted_to(ONCALL)
    await slack.click("comms_ack", ref, user="UNOBODY", channel=ONCALL, message_ts=oncall["ts"])
    await slack.deliver()
    assert "Acknowledged by" not in _texts(oncall["blocks"]), "someone in neither channel may not act"
    await slack.click("comms_ack", ref, user="UONCALL1", channel=ONCALL, message_ts=oncall["ts"])
    await slack.deliver()
    [row] = await _escalations(slack)
    assert row.status == "acknowledged"
    for copy in (ping, oncall):
        assert "Acknowledged by <@UONCALL1>" in _texts(copy["blocks"]), copy["channel"]
    assert "Out of hours" in _texts(oncall["blocks"]) and "Out of hours" not in _texts(ping["blocks"])


async def test_an_urgent_report_just_before_closing_goes_on_call_when_the_team_goes_home(
    start_slack: Start,
) -> None:
    """Raised at 16:55, it waited until 17:25 for anyone on call: now the on-call copy goes at
    17:00 (no reminder in the team's thread, which nobody is reading by then), and an
    acknowledgement before 17:00 stops it."""
    clock = Clock()
    clock.now = at("2026-11-23 16:55")
    slack = await start_slack(clock, office_hours=f"Mon-Fri 09:00-17:00 {LONDON}")
    ref = await _crisis_report(slack)
    await _advance(slack, clock, 4.9)
    assert slack.fake.posted_to(ONCALL) == [], "the team is still in"
    await _advance(slack, clock, 0.1)
    [oncall] = slack.fake.posted_to(ONCALL)
    assert ref in oncall["text"] and "Out of hours" in _texts(oncall["blocks"])
    await _advance(slack, clock, 29)
    assert len(slack.fake.posted_to(COMMS)) == 1 and len(slack.fake.posted_to(ONCALL)) == 1
    await _advance(slack, clock, 1)
    assert len(slack.fake.posted_to(ONCALL)) == 2, "still not acknowledged 30 minutes on"

    clock.now = at("2026-11-24 16:50")
    said = "Someone replied to our post saying they will kill themselves tonight"
    await slack.submit("report_form", report_values(kind="crisis", what_said=said))
    await slack.deliver()
    ref = (await _escalations(slack))[0].ref
    [ping] = [p for p in slack.fake.posted_to(COMMS) if ref in p["text"]]
    await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ping["ts"])
    await _advance(slack, clock, 60)
    assert not [p for p in slack.fake.posted_to(ONCALL) if ref in p["text"]]


@pytest.mark.parametrize("on_call", [True, False], ids=["on-call channel", "none"])
@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
async def test_out_of_hours_the_reporter_is_told_who_has_it_now(
    start_slack: Start, on_call: bool, anonymous: bool
) -> None:
    """Before, an urgent report on a Saturday was said to wait until the team was next in, even
    with it posted to the on-call channel; an anonymous one was promised updates in one line
    and told there would be none in the next."""
    clock = Clock()
    clock.now = at("2026-11-28 11:00")  # Saturday
    options = {} if on_call else {"slack_oncall_channel": None}
    slack = await start_slack(clock, office_hours=f"Mon-Fri 09:00-17:00 {LONDON}", **options)
    said = "They posted that they want to end their life tonight and tagged the Trust"
    values = report_values(kind="crisis", what_said=said, anonymous=anonymous)
    shown = _texts((await (await slack.submit("report_form", values)).json())["view"]["blocks"])
    assert ("on-call contact" in shown) is on_call and ("next in" in shown) is not on_call, shown
    assert ("Don't wait for them if someone is at risk now" in shown) is not on_call, shown
    assert ("I'll tell you here when someone picks it up" in shown) is not anonymous, shown
    assert "999" in shown


@pytest.mark.parametrize(
    ("kind", "on_call", "expected"),
    [
        ("criticism_trust", True, "goes home at 17:00, so they may not see it until Monday at 9:00"),
        ("crisis", True, "if nobody has picked it up by then, it goes to the Trust's on-call contact"),
        ("crisis", False, "if nobody picks it up before then, nobody may see it until Monday at 9:00"),
    ],
    ids=["normal", "urgent, on-call channel", "urgent, none"],
)
async def test_a_report_just_before_closing_on_friday_is_told_when_the_team_is_back(
    start_slack: Start, kind: str, on_call: bool, expected: str
) -> None:
    """Before, a report at 16:50 on a Friday was told the team monitors weekdays 9-5 and would
    tell the reporter when someone picked it up, as if that would be tonight."""
    clock = Clock()
    clock.now = at("2026-11-27 16:50")
    options = {} if on_call else {"slack_oncall_channel": None}
    slack = await start_slack(clock, office_hours=f"Mon-Fri 09:00-17:00 {LONDON}", **options)
    said = "They posted that they want to end their life tonight and tagged the Trust"
    values = report_values(kind=kind, what_said=said if kind == "crisis" else "Angry review of the clinic")
    shown = _texts((await (await slack.submit("report_form", values)).json())["view"]["blocks"])
    assert expected in shown, shown
    assert "urgent reports are looked at first" not in shown and "Meanwhile: " in shown
    assert ("Don't wait for them if someone is at risk now" in shown) is not on_call


async def test_in_the_afternoon_and_at_the_weekend_the_reporter_hears_when_the_team_is_in(
    start_slack: Start,
) -> None:
    clock = Clock()
    clock.now = at("2026-11-27 16:20")  # Friday, 40 minutes before closing
    slack = await start_slack(clock, office_hours=f"Mon-Fri 09:00-17:00 {LONDON}")
    values = report_values(kind="criticism_trust", what_said="Angry review of the clinic")
    shown = _texts((await (await slack.submit("report_form", values)).json())["view"]["blocks"])
    assert "They monitor weekdays 9:00-17:00; urgent reports are looked at first" in shown, shown
    clock.now = at("2026-11-28 11:00")  # Saturday
    shown = _texts((await (await slack.submit("report_form", values)).json())["view"]["blocks"])
    assert "they'll see it when they're next in (Monday at 9:00)" in shown, shown


@pytest.mark.parametrize(
    ("now", "holidays", "expected"),
    [
        ("2026-11-24 08:00", "", "today at 9:00"),
        ("2026-11-24 16:55", "", "tomorrow at 9:00"),
        ("2026-11-27 16:55", "", "Monday at 9:00"),
        ("2026-12-24 16:55", " holidays 2026-12-25,2026-12-28", "Tuesday at 9:00"),
        (
            "2026-12-24 16:55",
            " holidays 2026-12-25,2026-12-28,2026-12-29,2026-12-30,2026-12-31,2027-01-01",
            "Monday 4 January at 9:00",
        ),
    ],
)
def test_the_next_opening_is_said_from_the_reporters_day(now: str, holidays: str, expected: str) -> None:
    hours = OfficeHours.parse(f"Mon-Fri 09:00-17:00 {LONDON}{holidays}")
    assert hours.say_when(hours.next_opening(at(now)), at(now)) == expected


async def test_a_normal_report_on_friday_afternoon_is_reminded_on_monday(start_slack: Start) -> None:
    clock = Clock()
    clock.now = at("2026-11-27 16:00")
    slack = await start_slack(clock)
    await slack.submit(
        "report_form", report_values(kind="criticism_trust", what_said="Angry review of the clinic")
    )
    await slack.deliver()
    clock.now = at("2026-11-30 11:59")
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 1 and slack.fake.posted_to(ONCALL) == []
    clock.now = at("2026-11-30 12:00")
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 2


async def test_without_an_out_of_hours_channel_nothing_waits_forever(start_slack: Start) -> None:
    clock = Clock()
    clock.now = at("2026-11-28 11:00")
    slack = await start_slack(clock, slack_oncall_channel=None)
    await _crisis_report(slack)
    assert (await _statuses(slack))[("oncall_ping", "oncall")] == "skipped"


def test_office_hours_that_wrap_round_the_week_are_refused() -> None:
    with pytest.raises(ValueError, match="forward"):
        OfficeHours.parse(f"Fri-Mon 09:00-17:00 {LONDON}")
