"""The same scripted conversations on every channel: Slack, Microsoft Teams and the terminal.

Each channel is driven the way a person reaches it: a signed Slack DM event into the real
server (the Web API answered by the local fake), a Teams personal-chat activity into the real
server (the Bot Connector answered by the local fake), and a line typed into `signpost chat`'s
loop (`adapters.console.chat`). A conversation is a list of turns; for each one a `Channel`
gives back the words of every message Signpost sent the person, in order, so one test body
asserts the same outcomes everywhere, and `test_every_channel_says_the_same_words` checks that
the three transcripts are identical word for word.

All three run on the same fixed clock (a Monday morning, in office hours), so references and
office-hours wording are the same on every channel and never depend on when the suite runs.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

import pytest
from pydantic import SecretStr

from adapters.app import Assistant
from adapters.console import chat
from bot.settings import Settings
from bot.store.escalations import list_escalations, outbox_for
from bot.store.models import EscalationRow
from bot.turn import Turns
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests import slack_harness, teams_harness
from tests.assistants import all_text, migrated_assistant
from tests.conftest import URGENT_URL, Clock
from tests.fakes.bot_connector import FakeConnector
from tests.fakes.slack_api import FakeSlack

CHANNELS = ("slack", "teams", "terminal")
REFERENCE = re.compile(r"SP-\d{4}-\d{4}")

FRIEND_REQUEST = ("a former patient sent me a friend request on facebook, can I accept?",)
CRISIS = (
    "someone posted on our Facebook page that they want to end their life",
    "https://facebook.com/trust/posts/123",
    "about ten minutes ago",
)
CRITICISM = (
    "someone tweeted https://x.com/angrydad/status/1789 saying our camhs waiting list is a total scandal",
    "2",  # a service or team
    "yes",  # it is spreading
    "no",  # I haven't replied
    "yes",  # send it
)
GREETING = ("hello", "what can you do?")
ODD = ("???", "🙂", "   ")
ODD_ANSWERS = (
    "Staff Use of Social Media Policy",
    "Staff Use of Social Media Policy",
    "I didn't catch anything there",
)
SCRIPTS = {
    "friend request": FRIEND_REQUEST,
    "crisis": CRISIS,
    "criticism": CRITICISM,
    "greeting": GREETING,
    "odd input": ODD,
}


class Channel(Protocol):
    name: str

    async def turn(self, text: str) -> list[str]:
        """The person says `text`; the words of each message Signpost sends back, in order."""
        ...

    async def comms_pings(self) -> list[str]:
        """What has reached the Communications Team: the words of each new escalation post."""
        ...

    async def escalations(self) -> list[EscalationRow]:
        """The escalations recorded in this channel's store."""
        ...


async def _recorded(turns: Turns) -> list[EscalationRow]:
    async with turns.sessions() as session:
        return await list_escalations(session)


def _as_slack_sends(typed: str) -> str:
    """Typed text as Slack puts it in an event: `&`, `<` and `>` escaped, links in angle brackets."""
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"https?://[^\s<>]+", lambda link: f"<{link.group(0)}>", escaped)


def _slack_plain(text: str) -> str:
    """Slack message text as read: its three escaped characters back, the broadcast guard gone."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("\u2060", "")


class SlackChannel:
    name = "slack"

    def __init__(self, harness: slack_harness.SlackHarness) -> None:
        self.harness = harness
        self.dm = "D" + slack_harness.STAFF[1:]

    async def turn(self, text: str) -> list[str]:
        before = len(self.harness.fake.posted_to(self.dm))
        answer = await self.harness.event(slack_harness.dm(_as_slack_sends(text)))
        assert answer.status == 200, await answer.text()
        await self.harness.settle()  # the replies go out as tracked work after Slack's 200
        return [_slack_plain(post["text"]) for post in self.harness.fake.posted_to(self.dm)[before:]]

    async def comms_pings(self) -> list[str]:
        await self.harness.deliver()
        return [
            _slack_plain(post["text"]) + "\n" + _slack_plain(all_text(post["blocks"]))
            for post in self.harness.fake.posted_to(slack_harness.COMMS)
            if not post.get("thread_ts")  # not the "more details" notes in a ping's thread
        ]

    async def escalations(self) -> list[EscalationRow]:
        return await _recorded(self.harness.assistant.turns)


class TeamsChannel:
    name = "teams"

    def __init__(self, harness: teams_harness.TeamsHarness) -> None:
        self.harness = harness
        self.chat = teams_harness.personal_id(teams_harness.STAFF)

    async def turn(self, text: str) -> list[str]:
        before = len(self.harness.connector.messages(self.chat))
        answer = await self.harness.say(text)
        assert answer.status == 200, await answer.text()
        # Teams replies are sent while the request is being answered.
        return self.harness.connector.texts(self.chat)[before:]

    async def comms_pings(self) -> list[str]:
        """Each card posted in the channel as it reads now, after any in-place updates (thread
        notes carry no card). The fake Connector numbers the activities it is sent (new posts
        and replies) act-1, act-2, … in the order it records them."""
        await self.harness.deliver()
        connector = self.harness.connector
        posted = {
            f"act-{number}": call
            for number, call in enumerate(
                (call for call in connector.calls if call.method in ("send", "reply")), start=1
            )
        }
        current = {posted_id: call.body for posted_id, call in posted.items()}
        for update in connector.of("update", teams_harness.COMMS_CHANNEL):
            assert update.activity_id in posted, f"an update of an unknown card: {update}"
            current[update.activity_id] = update.body
        return [
            all_text(current[posted_id]["attachments"])
            for posted_id, call in posted.items()
            if call.method == "send"
            and call.conversation == teams_harness.COMMS_CHANNEL  # not a note in a card's thread
            and call.body.get("attachments")
        ]

    async def escalations(self) -> list[EscalationRow]:
        return await _recorded(self.harness.assistant.turns)


class TerminalChannel:
    """`signpost chat`: each turn is one line on its stdin. The loop keeps nothing between
    lines but the login name, so a run per line is the same conversation as one long run;
    what the person sees is what follows their line, up to the goodbye."""

    name = "terminal"

    def __init__(self, turns: Turns) -> None:
        self.turns = turns

    async def turn(self, text: str) -> list[str]:
        out = io.StringIO()
        await chat(self.turns, stdin=io.StringIO(text + "\n"), stdout=out)
        transcript = out.getvalue()
        assert transcript.count("\nyou> ") == 1, transcript
        shown = transcript.split("\nyou> " + text + "\n", 1)[1]
        assert shown.endswith("Bye. Take care.\n"), transcript
        return _terminal_replies(shown.removesuffix("Bye. Take care.\n"))

    async def comms_pings(self) -> list[str]:
        """The terminal has no Communications channel: each escalation's comms ping waits in
        the outbox (for `signpost serve` or `signpost escalations list`)."""
        pings: list[str] = []
        async with self.turns.sessions() as session:
            for row in await list_escalations(session):
                for queued in await outbox_for(session, escalation_id=row.id):
                    if queued.purpose == "comms_ping" and queued.target == "comms":
                        flag = "URGENT " if row.severity == "urgent" else ""
                        pings.append(f"{flag}{row.kind} {row.ref}: {row.summary}")
        return pings

    async def escalations(self) -> list[EscalationRow]:
        return await _recorded(self.turns)


def _terminal_replies(shown: str) -> list[str]:
    """`render()`'s output read back: "signpost> " starts a reply, ten spaces continue it, and
    a bare empty line follows each reply."""
    replies: list[list[str]] = []
    for line in shown.splitlines():
        if line.startswith("signpost> "):
            replies.append([line.removeprefix("signpost> ")])
        elif line.startswith(" " * 10):
            assert replies, shown
            replies[-1].append(line[10:])
        else:
            assert line == "", f"unexpected terminal line {line!r} in {shown!r}"
    return ["\n".join(lines) for lines in replies]


OpenChannel = Callable[[str], Awaitable[Channel]]


@pytest.fixture
async def open_channel(
    settings: Settings, knowledge: Knowledge, understander: Understander, clock: Clock, tmp_path: Any
) -> AsyncIterator[OpenChannel]:
    """Opens a channel by name, each on its own fresh store, all on the same fixed clock."""
    async with contextlib.AsyncExitStack() as stack:

        async def assistant(name: str, **overrides: Any) -> Assistant:
            configured = settings.model_copy(
                update={"database_url": f"sqlite+aiosqlite:///{tmp_path / name}.db", **overrides}
            )
            built = await migrated_assistant(configured, knowledge, understander, clock=clock)
            stack.push_async_callback(built.engine.dispose)
            return built

        async def open_(name: str) -> Channel:
            if name == "slack":
                fake = FakeSlack()
                await fake.start()
                stack.push_async_callback(fake.close)
                built = await assistant(
                    name,
                    slack_bot_token=SecretStr(slack_harness.TOKEN),
                    slack_signing_secret=SecretStr(slack_harness.SECRET),
                    slack_api_url=fake.url,
                    slack_comms_channel=slack_harness.COMMS,
                    slack_comms_members=slack_harness.COMMS_MEMBER,
                )
                slack = await slack_harness.start(built, fake)
                stack.push_async_callback(slack.client.close)
                return SlackChannel(slack)
            if name == "teams":
                connector = FakeConnector()
                await connector.start()
                stack.push_async_callback(connector.close)
                built = await assistant(name, teams_comms_members=teams_harness.COMMS_AAD)
                teams = await teams_harness.start(built, connector)
                stack.push_async_callback(teams.client.close)
                await teams.register_comms()
                return TeamsChannel(teams)
            assert name == "terminal", name
            return TerminalChannel((await assistant(name)).turns)

        yield open_


@pytest.fixture(params=CHANNELS)
async def channel(request: pytest.FixtureRequest, open_channel: OpenChannel) -> Channel:
    return await open_channel(request.param)


async def say(channel: Channel, text: str) -> str:
    """All the words of one turn's replies, as one text."""
    replies = await channel.turn(text)
    assert replies, f"{channel.name}: no reply to {text!r}"
    return "\n\n".join(replies)


# ------------------------------------------------------------------ the conversations


async def test_a_friend_request_from_a_former_patient_gets_a_cited_no(channel: Channel) -> None:
    [answer] = await channel.turn(FRIEND_REQUEST[0])
    assert answer.startswith("No"), answer
    assert "“If you receive a friendship request from a current or former patient" in answer
    assert "(Staff Use of Social Media Policy v1.0, section 6.1)" in answer
    assert "Next step:" in answer
    assert await channel.escalations() == []
    assert await channel.comms_pings() == []


async def test_someone_in_crisis_gets_the_urgent_help_link_first_and_comms_one_urgent_ping(
    channel: Channel,
) -> None:
    first = await channel.turn(CRISIS[0])
    assert first[0].startswith(
        f"Need urgent help? Share this page with them on the platform now: {URGENT_URL}"
    ), first[0]
    before_link = "\n".join(first).split(URGENT_URL, 1)[0].removeprefix("Need urgent help?")
    assert "?" not in before_link, "no question before the urgent-help link"
    assert "999" in first[0]
    said = "\n\n".join(first)
    assert "I've already passed this to the Communications Team as urgent" in said
    assert first[-1].startswith("Where is it?"), "the questions come after the help"
    [row] = await channel.escalations()
    assert (row.kind, row.severity, row.status) == ("crisis", "urgent", "open")
    assert f"(reference {row.ref})" in said
    [ping] = await channel.comms_pings()
    assert row.ref in ping and "URGENT" in ping

    assert "When was it posted" in await say(channel, CRISIS[1])
    done = await say(channel, CRISIS[2])
    assert f"Your reference is {row.ref}" in done
    assert "Seeing distressing posts is hard" in done
    [row] = await channel.escalations()
    assert row.details["Where"] == CRISIS[1] and row.details["When"] == CRISIS[2]
    [ping] = await channel.comms_pings()
    assert row.ref in ping and CRISIS[1] in ping, "later answers update the ping, never a second one"


async def test_a_report_made_by_mistake_is_shown_resolved_to_the_team_with_a_note_why(
    channel: Channel,
) -> None:
    """The reporter is told the team knows; before, the team's message still read "Open" with
    both buttons, and nothing told them why a click found it resolved."""
    await say(channel, CRISIS[0])
    withdrawn = await say(channel, "cancel, it was a mistake")
    [row] = await channel.escalations()
    assert f"{row.ref} was reported by mistake" in withdrawn
    assert row.status == "resolved"
    [ping] = await channel.comms_pings()
    notes: list[str] = []
    if isinstance(channel, SlackChannel):
        notes = [
            str(p["text"]) for p in channel.harness.fake.posted_to(slack_harness.COMMS) if p.get("thread_ts")
        ]
    elif isinstance(channel, TeamsChannel):
        notes = channel.harness.connector.texts(teams_harness.COMMS_CHANNEL)
    else:  # the terminal has no Communications channel: the note waits in the outbox
        async with channel.turns.sessions() as session:
            queued = await outbox_for(session, escalation_id=row.id)
        assert [q.purpose for q in queued if q.purpose.startswith("comms_")] == [
            "comms_ping",
            "comms_withdrawn",
        ]
        return
    assert "Resolved" in ping and row.ref in ping
    assert [note for note in notes if "reported by mistake" in note] == [
        f"The reporter says {row.ref} was reported by mistake, so it is marked resolved: the "
        + ("message" if channel.name == "slack" else "card")
        + " above shows it."
    ]


async def test_a_criticism_report_walked_through_gets_a_reference_and_one_ping(channel: Channel) -> None:
    first = await say(channel, CRITICISM[0])
    assert "Please don't reply to it yourself" in first and "PALS" in first
    assert "Who or what is being criticised?" in first and "2. A service or team" in first
    assert "Is it spreading" in await say(channel, CRITICISM[1])
    assert "Have you replied" in await say(channel, CRITICISM[2])
    summary = await say(channel, CRITICISM[3])
    assert "Platform: X (Twitter)" in summary and "About: A service or team" in summary
    assert "https://x.com/angrydad/status/1789" in summary and "Send it?" in summary
    assert await channel.escalations() == [], "nothing is recorded before the person says send"
    assert await channel.comms_pings() == []

    done = await say(channel, CRITICISM[4])
    references = REFERENCE.findall(done)
    assert references, done
    assert f"Your reference is {references[0]}" in done
    [row] = await channel.escalations()
    assert (row.ref, row.kind, row.severity) == (references[0], "criticism", "normal")
    [ping] = await channel.comms_pings()
    assert row.ref in ping and "URGENT" not in ping and "x.com/angrydad/status/1789" in ping


async def test_a_greeting_and_help_say_what_signpost_does(channel: Channel) -> None:
    hello = await say(channel, GREETING[0])
    assert hello.startswith("Hello!") and "Staff Use of Social Media Policy" in hello
    help_ = await say(channel, GREETING[1])
    assert "Ask me anything about it in your own words" in help_
    assert "someone who seems to be in crisis" in help_ and "Need urgent help?" in help_
    assert await channel.escalations() == []
    assert await channel.comms_pings() == []


async def test_odd_input_gets_a_clear_answer_and_records_nothing(channel: Channel) -> None:
    for text, expected in zip(ODD, ODD_ANSWERS, strict=True):
        [reply] = await channel.turn(text)
        assert expected in reply, f"{text!r}: {reply}"
        assert "something went wrong" not in reply, reply
    assert await channel.escalations() == []
    assert await channel.comms_pings() == []


@pytest.mark.parametrize("script", list(SCRIPTS.values()), ids=list(SCRIPTS))
async def test_every_channel_says_the_same_words(open_channel: OpenChannel, script: tuple[str, ...]) -> None:
    transcripts: dict[str, list[tuple[str, list[str]]]] = {}
    for name in CHANNELS:
        opened = await open_channel(name)
        transcripts[name] = [(text, await opened.turn(text)) for text in script]
    for name in CHANNELS[1:]:
        for (said, expected), (_, got) in zip(transcripts[CHANNELS[0]], transcripts[name], strict=True):
            assert got == expected, f"{name} differs from {CHANNELS[0]} after {said!r}"
