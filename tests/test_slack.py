"""Signpost in Slack, end to end: signed requests in Slack's formats into the real server,
the Web API answered by a local fake that records every call."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.reminders import REMINDERS
from bot.secrets import SECRET_WARNING
from bot.settings import Settings
from bot.store.escalations import audit_trail, get_escalation, list_escalations
from bot.store.models import AdviceLogRow, EscalationRow, OutboxRow
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests.assistants import migrated_assistant
from tests.conftest import URGENT_URL
from tests.fakes.slack_api import BOT_USER, FakeSlack, Fault
from tests.outbox_wait import outbox_rows
from tests.slack_harness import (
    COMMS,
    COMMS_MEMBER,
    STAFF,
    TOKEN,
    SlackHarness,
    dm,
    event_envelope,
    mention,
    report_values,
    sign,
    start,
)
from tests.test_escalation_cli import signpost

ROOT = Path(__file__).resolve().parent.parent


async def _harness(
    settings: Settings,
    fake: FakeSlack,
    knowledge: Knowledge,
    understander: Understander,
    clock: Any = None,
    **overrides: Any,
) -> tuple[SlackHarness, Any]:
    configured = settings.model_copy(
        update={
            "slack_bot_token": SecretStr(TOKEN),
            "slack_signing_secret": SecretStr("test-signing-secret"),
            "slack_api_url": fake.url,
            "slack_comms_channel": COMMS,
            "slack_comms_members": COMMS_MEMBER,
            **overrides,
        }
    )
    assistant = await migrated_assistant(configured, knowledge, understander, clock=clock)
    return await start(assistant, fake), assistant.engine


@pytest.fixture
async def slack(
    settings: Settings, fake_slack: FakeSlack, knowledge: Knowledge, understander: Understander
) -> AsyncIterator[SlackHarness]:
    harness, engine = await _harness(settings, fake_slack, knowledge, understander)
    yield harness
    await harness.client.close()
    await engine.dispose()


@pytest.fixture
async def slack_on_each_store(
    database_url: str,
    settings: Settings,
    fake_slack: FakeSlack,
    knowledge: Knowledge,
    understander: Understander,
) -> AsyncIterator[SlackHarness]:
    harness, engine = await _harness(
        settings.model_copy(update={"database_url": database_url}), fake_slack, knowledge, understander
    )
    yield harness
    await harness.client.close()
    await engine.dispose()


async def _escalations(slack: SlackHarness) -> list[EscalationRow]:
    async with slack.sessions() as session:
        return await list_escalations(session)


def _dms(slack: SlackHarness, user: str = STAFF) -> list[dict[str, Any]]:
    """Messages sent to the user's DM with Signpost (by user id or DM channel id)."""
    return [p for p in slack.fake.of("chat.postMessage") if p["channel"] in (user, "D" + user[1:])]


def _texts(blocks: list[dict[str, Any]] | None) -> str:
    """All the text a person would see in a list of blocks."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(found)


# ------------------------------------------------------------------ conversations


async def test_a_dm_question_gets_the_cited_answer_in_the_dm(slack: SlackHarness) -> None:
    answer = await slack.event(dm("a former patient sent me a friend request on facebook, can I accept?"))
    assert answer.status == 200
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post["channel"] == "D" + STAFF[1:]
    shown = _texts(post["blocks"])
    assert "section 6.1" in shown or "section 6.2" in shown
    assert "“" in shown  # the policy's own words, quoted
    assert "Next step" in shown
    assert post["unfurl_links"] is False
    async with slack.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AdviceLogRow)) == 1


async def test_an_answer_whose_next_step_is_reporting_names_the_slash_command(slack: SlackHarness) -> None:
    await slack.event(dm("how should i respond to criticism of the trust on facebook?"))
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert "Use /report-mention to tell the Communications Team" in _texts(post["blocks"])


async def test_a_retried_event_is_answered_once_and_a_first_time_retry_is_answered(
    slack: SlackHarness,
) -> None:
    event = dm("can I post photos of my ward on instagram?")
    first = await slack.event(event, event_id="Ev-retry-1")
    again = await slack.event(
        event,
        event_id="Ev-retry-1",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status == again.status == 200
    await slack.fake.wait_for("chat.postMessage")
    await slack.settle()
    fresh = await slack.event(
        dm("is it ok to like a post criticising the Trust?"),
        event_id="Ev-never-seen",
        headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"},
    )
    assert fresh.status == 200
    await slack.fake.wait_for("chat.postMessage", 2)
    await slack.settle()
    posts = slack.fake.of("chat.postMessage")
    assert len(posts) == 2, "the retry of Ev-retry-1 must not be answered again"


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": str(int(time.time()) - 301)},
        {"X-Slack-Signature": ""},
    ],
    ids=["bad signature", "stale timestamp", "missing signature"],
)
async def test_unverified_requests_get_401_and_change_nothing(
    slack: SlackHarness, headers: dict[str, str]
) -> None:
    body = json.dumps(
        event_envelope(dm("I saw someone online saying they want to end it all, they tagged us"))
    )
    signed = {"Content-Type": "application/json", **sign(body)}
    if "X-Slack-Request-Timestamp" in headers:
        signed.update(sign(body, timestamp=int(headers["X-Slack-Request-Timestamp"])))
        signed["X-Slack-Request-Timestamp"] = headers["X-Slack-Request-Timestamp"]
    else:
        signed.update(headers)
    answer = await slack.client.post("/slack/events", data=body.encode(), headers=signed)
    assert answer.status == 401
    assert await _escalations(slack) == []
    assert slack.fake.of("chat.postMessage") == []


async def test_a_mention_in_a_channel_is_answered_in_its_thread(slack: SlackHarness) -> None:
    answer = await slack.event(mention("can I share a photo of our team on twitter?", ts="1790000000.000100"))
    assert answer.status == 200
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert post["channel"] == "CGENERAL"
    assert post["thread_ts"] == "1790000000.000100"


async def test_a_report_started_in_a_channel_continues_in_a_dm(slack: SlackHarness) -> None:
    said = "someone on facebook posted that they want to end their life and tagged the Trust"
    await slack.event(mention(said, ts="1790000000.000200"))
    await slack.settle()
    public = [p for p in slack.fake.of("chat.postMessage") if p["channel"] == "CGENERAL"]
    assert public == [], "report details must never go to a shared channel"
    [pointer] = slack.fake.of("chat.postEphemeral")
    assert pointer["channel"] == "CGENERAL" and pointer["user"] == STAFF
    assert URGENT_URL in pointer["text"], "urgent help shows at once, where the user is"
    private = _dms(slack)
    assert private and URGENT_URL in private[0]["text"]
    [row] = await _escalations(slack)
    assert row.severity == "urgent" and row.reporter_id == STAFF
    # The report carries on in the DM: the link answers the flow's question there.
    before = len(_dms(slack))
    await slack.event(dm("https://facebook.com/posts/123"))
    await slack.settle()
    assert len(_dms(slack)) > before
    assert slack.fake.of("chat.postEphemeral") == [pointer], "nothing more in the channel"


async def test_bot_messages_and_edits_get_no_reply(slack: SlackHarness) -> None:
    await slack.event({**dm("hello"), "bot_id": "BOTHER"})
    await slack.event({**dm("hello"), "subtype": "message_changed"})
    await slack.event(dm("hello", user=BOT_USER))
    await slack.settle()
    assert slack.fake.of("chat.postMessage") == []


async def test_unknown_event_types_are_acknowledged(slack: SlackHarness) -> None:
    answer = await slack.event({"type": "reaction_added", "user": STAFF, "reaction": "eyes"})
    assert answer.status == 200


async def test_ask_policy_answers_privately_in_the_acknowledgement(slack: SlackHarness) -> None:
    answer = await slack.command("/ask-policy", "can I accept a friend request from a former patient?")
    assert answer.status == 200
    body = await answer.json()
    assert body["response_type"] == "ephemeral"
    shown = _texts(body["blocks"])
    assert "section 6.1" in shown or "section 6.2" in shown
    await slack.settle()
    assert slack.fake.of("chat.postMessage") == []


async def test_ask_policy_with_no_question_explains_itself(slack: SlackHarness) -> None:
    body = await (await slack.command("/ask-policy", "   ")).json()
    assert body["response_type"] == "ephemeral" and "/ask-policy" in body["text"]


async def test_ask_policy_for_someone_in_distress_gives_urgent_help_first(slack: SlackHarness) -> None:
    body = await (await slack.command("/ask-policy", "I can't cope anymore and want to end my life")).json()
    for number in ("999", "111", "116 123", "85258"):
        assert number in body["text"]
    assert await _escalations(slack) == []


async def _chosen_in_an_ephemeral_answer(slack: SlackHarness) -> None:
    """/ask-policy with one word gets a private choice of readings; a click on the answer card
    is answered through the response URL."""
    body = await (await slack.command("/ask-policy", "photo")).json()
    buttons = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    [button] = [b for b in buttons if b["value"] == "card:photos-at-work"]
    answer = await slack.click(
        button["action_id"],
        button["value"],
        user=STAFF,
        channel="CGENERAL",
        message_ts="5.5",
        is_ephemeral=True,
    )
    assert answer.status == 200
    await slack.settle()


async def test_an_answer_slack_did_not_take_at_its_response_url_is_sent_again(slack: SlackHarness) -> None:
    """Before, a 500 from the response URL was only logged, and the answer was lost."""
    slack.fake.fail("response_url", Fault(status=500), Fault(status=429, headers={"Retry-After": "0"}))
    await _chosen_in_an_ephemeral_answer(slack)
    [answer] = slack.fake.responses
    assert "section" in json.dumps(answer) and answer["response_type"] == "ephemeral"
    assert slack.fake.of("chat.postMessage") == []


async def test_an_answer_slack_may_have_taken_at_its_response_url_is_not_sent_twice(
    slack: SlackHarness,
) -> None:
    """Slack took the answer but the connection dropped before it said so: a response URL
    cannot be searched, so an ordinary answer is not sent again."""
    slack.fake.fail("response_url", Fault(status=200, accept=True, drop=True))
    await _chosen_in_an_ephemeral_answer(slack)
    [answer] = slack.fake.responses
    assert "section" in json.dumps(answer)


async def test_answers_arrive_in_the_order_they_were_asked_when_slack_limits_the_rate(
    slack: SlackHarness,
) -> None:
    """Slack rate-limited the first answer for a second: before, the second question's answer
    was posted while the first waited to be tried again, and the person read them swapped."""
    texts = await _after_a_rate_limited_answer(slack, "can i post a tiktok on my break")
    assert len(texts) == 2
    assert texts[0].startswith("No") and texts[1].startswith("Only on your agreed breaks")


async def _after_a_rate_limited_answer(slack: SlackHarness, second: str) -> list[str]:
    """A question whose answer Slack rate-limits for a second, then `second` while the answer
    waits: what the person's DM shows, in order."""
    slack.fake.fail(
        "chat.postMessage",
        Fault(status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "1"}),
    )
    first = await slack.event(dm("a former patient sent me a friend request on facebook, can I accept?"))
    assert first.status == 200
    await slack.fake.wait_for("chat.postMessage:fault")
    assert (await slack.event(dm(second))).status == 200
    await slack.settle()
    return [message["text"] for message in slack.fake.posted_to("D" + STAFF[1:])]


async def test_a_password_warning_waits_for_the_answer_asked_before_it(slack: SlackHarness) -> None:
    """A message that looks like it holds a password runs in place, never through the inbox.
    Slack rate-limited the answer to the question before it: before, the warning was posted
    at once and the person read it above the answer to what they had asked first."""
    texts = await _after_a_rate_limited_answer(slack, "the password for our instagram is Summer2026!")
    assert len(texts) == 2
    assert texts[0].startswith("No") and texts[1] == SECRET_WARNING


async def test_a_turn_whose_commit_went_through_unheard_still_sends_its_answer(slack: SlackHarness) -> None:
    """The turn's commit went through but its connection dropped before the store said so: the
    turn runs again and its message is seen before. Before, the answer kept in the inbox row
    was never sent."""
    from adapters.server import SLACK
    from tests.resilience_helpers import CommitThenDrop

    dropping = CommitThenDrop(slack.assistant.engine, slack.client.server.app[SLACK].inbox)
    await slack.event(dm("a former patient sent me a friend request on facebook, can I accept?"))
    await slack.settle()
    assert dropping.dropped == 1
    [answer] = slack.fake.posted_to("D" + STAFF[1:])
    assert answer["text"].startswith("No")


async def test_an_unknown_command_gets_a_clear_answer(slack: SlackHarness) -> None:
    body = await (await slack.command("/signpost-unknown", "x")).json()
    assert "/ask-policy" in body["text"] and "/report-mention" in body["text"]


async def test_slack_answers_in_three_seconds_when_the_web_api_hangs(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", Fault(status=200, body={"ok": True, "ts": "1.1"}, delay=5))
    started = time.monotonic()
    answer = await slack.event(dm("can I post photos of my ward on instagram?"))
    assert answer.status == 200
    assert time.monotonic() - started < 3


# ------------------------------------------------------------------ the report form


def _view_limits(view: dict[str, Any]) -> None:
    """What Slack would refuse: titles over 24, over 100 blocks, long ids or metadata."""
    for key in ("title", "submit", "close"):
        if key in view:
            assert len(view[key]["text"]) <= 24
    assert len(view["blocks"]) <= 100
    assert len(view.get("private_metadata", "")) <= 3000
    assert len(view.get("callback_id", "")) <= 255
    for block in view["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000


async def test_report_mention_opens_the_form_prefilled_from_the_link(slack: SlackHarness) -> None:
    answer = await slack.command("/report-mention", "https://x.com/someone/status/123")
    assert answer.status == 200
    [opened] = await slack.fake.wait_for("views.open")
    assert opened["trigger_id"].endswith(".trigger")
    view = opened["view"]
    _view_limits(view)
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    assert blocks["link"]["element"]["initial_value"] == "https://x.com/someone/status/123"
    assert blocks["platform"]["element"]["initial_option"]["value"] == "X (Twitter)"
    assert "urgent_help" not in blocks


async def test_choosing_crisis_in_the_form_shows_the_urgent_help_link(slack: SlackHarness) -> None:
    await slack.interaction(
        {
            "type": "block_actions",
            "user": {"id": STAFF},
            "container": {"type": "view", "view_id": "V1"},
            "trigger_id": "1.1.trigger",
            "view": {
                "id": "V1",
                "hash": "h1",
                "callback_id": "report_form",
                "private_metadata": "{}",
                "state": {"values": report_values(kind="crisis", link="https://x.com/a/1")},
            },
            "actions": [
                {
                    "action_id": "kind",
                    "block_id": "kind",
                    "type": "radio_buttons",
                    "selected_option": {"value": "crisis"},
                    "action_ts": "1.2",
                }
            ],
        }
    )
    [updated] = await slack.fake.wait_for("views.update")
    assert updated["view_id"] == "V1"
    shown = _texts(updated["view"]["blocks"])
    assert URGENT_URL in shown and "999" in shown
    _view_limits(updated["view"])


async def test_a_form_with_problems_gets_inline_errors_and_records_nothing(slack: SlackHarness) -> None:
    answer = await slack.submit("report_form", report_values(kind=None, link="not a link", what_said=""))
    body = await answer.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"kind", "link", "what_said"}
    assert await _escalations(slack) == []


async def test_a_submitted_report_is_recorded_pinged_and_receipted(slack_on_each_store: SlackHarness) -> None:
    slack = slack_on_each_store
    values = report_values(
        kind="criticism_service",
        link="https://www.facebook.com/groups/1/posts/2",
        what_said="Says the ward staff ignored her mum <!channel> <https://evil.example|click> & *bold*",
        replied="no",
    )
    answer = await slack.submit("report_form", values)
    body = await answer.json()
    assert body["response_action"] == "update"
    [row] = await _escalations(slack)
    assert row.kind == "criticism" and row.severity == "normal" and row.reporter_id == STAFF
    assert row.ref in _texts(body["view"]["blocks"])
    await slack.deliver()
    pings = [p for p in slack.fake.of("chat.postMessage") if p["channel"] == COMMS]
    assert len(pings) == 1
    ping = pings[0]
    assert ping["unfurl_links"] is False and ping["unfurl_media"] is False
    raw = json.dumps(ping)
    shown = _texts(ping["blocks"])  # shown as typed, with a word joiner so it cannot ping
    assert "<!channel>" not in shown and "<\u2060!channel>" in shown
    assert "<https://evil.example" not in raw
    assert row.ref in ping["text"] and "ignored her mum" not in ping["text"], (
        "no report text in notifications"
    )
    assert len(ping["blocks"]) <= 50
    receipts = _dms(slack)
    assert len(receipts) == 1 and row.ref in receipts[0]["text"]
    async with slack.sessions() as session:
        outbox = (
            await session.execute(
                select(OutboxRow.purpose, OutboxRow.status).where(OutboxRow.purpose.not_in(REMINDERS))
            )
        ).all()
    assert sorted(outbox) == [("comms_ping", "sent"), ("reporter_update", "sent")]


async def test_a_crisis_read_in_the_words_makes_the_report_urgent(slack: SlackHarness) -> None:
    said = "They posted that they're going to kill themselves tonight and tagged our account"
    body = await (await slack.submit("report_form", report_values(kind="other", what_said=said))).json()
    [row] = await _escalations(slack)
    assert row.kind == "crisis" and row.severity == "urgent"
    assert URGENT_URL in _texts(body["view"]["blocks"])
    await slack.deliver()
    [ping] = [p for p in slack.fake.of("chat.postMessage") if p["channel"] == COMMS]
    assert "URGENT" in ping["text"]
    assert "Content warning" in _texts(ping["blocks"])


async def test_something_else_reaches_the_team_as_a_mention_not_as_criticism(slack: SlackHarness) -> None:
    """Before, "Something else" was filed as criticism ("Criticism online" in the team's
    message), and with no platform the summary read "Something else on Not given"."""
    said = "A local paper's article quotes our chief nurse"
    await slack.submit("report_form", report_values(kind="other", what_said=said))
    [row] = await _escalations(slack)
    assert row.kind == "mention" and row.severity == "normal"
    assert row.summary == f"Something else: {said}"
    await slack.deliver()
    [ping] = slack.fake.posted_to(COMMS)
    shown = _texts(ping["blocks"])
    assert "Mention of the Trust online" in shown and "Criticism" not in shown
    assert "Not given" in shown  # where and platform, each said once, in their own fields


async def test_an_anonymous_report_stores_no_reporter_and_sends_no_dm(slack: SlackHarness) -> None:
    values = report_values(kind="criticism_colleague", what_said="A post naming a nurse", anonymous=True)
    body = await (await slack.submit("report_form", values)).json()
    [row] = await _escalations(slack)
    assert row.reporter_id is None and row.conversation_id is None
    assert row.ref in _texts(body["view"]["blocks"])
    await slack.deliver()
    assert [p["channel"] for p in slack.fake.of("chat.postMessage")] == [COMMS]
    assert STAFF not in json.dumps(slack.fake.of("chat.postMessage"))


async def test_the_same_form_submitted_twice_is_recorded_once(slack: SlackHarness) -> None:
    values = report_values(kind="criticism_trust", what_said="Angry review of the clinic")
    await slack.submit("report_form", values, view_id="VSAME")
    await slack.submit("report_form", values, view_id="VSAME")
    assert len(await _escalations(slack)) == 1


async def test_the_message_shortcut_opens_the_form_with_the_message(slack: SlackHarness) -> None:
    await slack.interaction(
        {
            "type": "message_action",
            "callback_id": "report_message",
            "trigger_id": "9.9.trigger",
            "user": {"id": STAFF},
            "channel": {"id": "CGENERAL", "name": "general"},
            "message": {
                "type": "message",
                "user": "UOTHER",
                "ts": "1.2",
                "text": "look at this <https://www.tiktok.com/@x/video/1> awful",
            },
            "message_ts": "1.2",
            "response_url": slack.fake.response_url,
        }
    )
    [opened] = await slack.fake.wait_for("views.open")
    blocks = {block.get("block_id"): block for block in opened["view"]["blocks"]}
    assert blocks["link"]["element"]["initial_value"] == "https://www.tiktok.com/@x/video/1"
    assert "awful" in blocks["what_said"]["element"]["initial_value"]
    assert blocks["platform"]["element"]["initial_option"]["value"] == "TikTok"


# ------------------------------------------------------------------ the Communications Team


async def _reported(
    slack: SlackHarness, what: str = "Complaint about the clinic on facebook"
) -> tuple[str, str]:
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said=what))
    await slack.deliver()
    [ping] = slack.fake.posted_to(COMMS)
    [row] = await _escalations(slack)
    return row.ref, ping["ts"]


async def test_acknowledge_updates_the_message_audits_and_tells_the_reporter(
    slack_on_each_store: SlackHarness,
) -> None:
    slack = slack_on_each_store
    ref, ts = await _reported(slack)
    answer = await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    assert answer.status == 200
    await slack.settle()
    await slack.deliver()
    [update] = await slack.fake.wait_for("chat.update")
    assert update["channel"] == COMMS and update["ts"] == ts
    shown = _texts(update["blocks"])
    assert f"Acknowledged by <@{COMMS_MEMBER}>" in shown
    assert "comms_ack" not in json.dumps(update["blocks"]), "no second Acknowledge button"
    async with slack.sessions() as session:
        row = await get_escalation(session, ref=ref)
        assert row is not None and row.status == "acknowledged"
        actions = [a.action for a in await audit_trail(session, escalation_id=row.id)]
    assert actions.count("acknowledged") == 1
    dms = _dms(slack)
    assert any("picked it up" in p["text"] and ref in p["text"] for p in dms)


async def test_a_double_click_changes_the_state_once(slack: SlackHarness) -> None:
    ref, ts = await _reported(slack)
    await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    await slack.click("comms_ack", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    await slack.settle()
    async with slack.sessions() as session:
        row = await get_escalation(session, ref=ref)
        assert row is not None
        actions = [a.action for a in await audit_trail(session, escalation_id=row.id)]
    assert actions.count("acknowledged") == 1
    [refusal] = slack.fake.of("chat.postEphemeral")
    assert "already acknowledged" in refusal["text"]


async def test_someone_outside_the_team_is_refused_and_nothing_changes(slack: SlackHarness) -> None:
    ref, ts = await _reported(slack)
    await slack.click("comms_ack", ref, user="UNOTCOMMS", channel=COMMS, message_ts=ts)
    await slack.click("comms_resolve", ref, user="UNOTCOMMS", channel=COMMS, message_ts=ts)
    await slack.settle()
    refusals = slack.fake.of("chat.postEphemeral")
    assert len(refusals) == 2 and all(
        "Only members of the Communications Team" in r["text"] for r in refusals
    )
    assert slack.fake.of("views.open") == []
    async with slack.sessions() as session:
        row = await get_escalation(session, ref=ref)
        assert row is not None and row.status == "open"
        trail = await audit_trail(session, escalation_id=row.id)
    assert [a.action for a in trail].count("refused") == 2


async def test_resolve_asks_for_a_note_then_updates_everything(slack: SlackHarness) -> None:
    ref, ts = await _reported(slack)
    await slack.click("comms_resolve", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    [opened] = await slack.fake.wait_for("views.open")
    modal = opened["view"]
    _view_limits(modal)
    empty = await (
        await slack.submit(
            "resolve_note",
            {"note": {"note": {"value": " "}}},
            user=COMMS_MEMBER,
            private_metadata=modal["private_metadata"],
        )
    ).json()
    assert empty["response_action"] == "errors"
    note = {"note": {"note": {"type": "plain_text_input", "value": "Replied from the Trust account <!here>"}}}
    answer = await slack.submit(
        "resolve_note", note, user=COMMS_MEMBER, private_metadata=modal["private_metadata"]
    )
    assert answer.status == 200
    await slack.deliver()
    update = (await slack.fake.wait_for("chat.update"))[-1]
    shown = _texts(update["blocks"])
    assert "Resolved by" in shown and "Replied from the Trust account <\u2060!here>" in shown
    assert "comms_resolve" not in json.dumps(update["blocks"])
    async with slack.sessions() as session:
        row = await get_escalation(session, ref=ref)
        assert row is not None and row.status == "resolved"
    dms = _dms(slack)
    assert any("resolved" in p["text"] for p in dms)


async def test_resolve_on_a_stale_copy_of_a_resolved_message_says_so_and_opens_nothing(
    slack: SlackHarness,
) -> None:
    """A message not yet refreshed on someone's phone still shows Resolve: before, the click
    opened the note form, and only the note was refused."""
    ref, ts = await _reported(slack)
    await slack.click("comms_resolve", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    [opened] = await slack.fake.wait_for("views.open")
    note = {"note": {"note": {"type": "plain_text_input", "value": "Replied publicly"}}}
    meta = opened["view"]["private_metadata"]
    assert (await slack.submit("resolve_note", note, user=COMMS_MEMBER, private_metadata=meta)).status == 200
    await slack.click("comms_resolve", ref, user=COMMS_MEMBER, channel=COMMS, message_ts=ts)
    await slack.settle()
    assert len(slack.fake.of("views.open")) == 1
    [said] = slack.fake.of("chat.postEphemeral")
    assert f"{ref} is already resolved" in said["text"] and "Nothing was changed" in said["text"]


async def test_a_user_group_decides_who_is_in_the_team(
    settings: Settings, fake_slack: FakeSlack, knowledge: Knowledge, understander: Understander
) -> None:
    fake_slack.usergroups["SCOMMS"] = ["UGROUPED"]
    slack, engine = await _harness(
        settings, fake_slack, knowledge, understander, slack_comms_members="SCOMMS"
    )
    try:
        ref, ts = await _reported(slack)
        await slack.click("comms_ack", ref, user="UGROUPED", channel=COMMS, message_ts=ts)
        await slack.settle()
        async with slack.sessions() as session:
            row = await get_escalation(session, ref=ref)
            assert row is not None and row.status == "acknowledged"
    finally:
        await slack.client.close()
        await engine.dispose()


async def test_the_app_home_lists_only_the_users_own_reports(slack: SlackHarness) -> None:
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="mine"))
    await slack.submit(
        "report_form", report_values(kind="criticism_trust", what_said="theirs"), user="UOTHER"
    )
    await slack.event({"type": "app_home_opened", "user": STAFF, "channel": "D1", "tab": "home"})
    [published] = await slack.fake.wait_for("views.publish")
    assert published["user_id"] == STAFF
    rows = {row.reporter_id: row.ref for row in await _escalations(slack)}
    shown = _texts(published["view"]["blocks"])
    assert rows[STAFF] in shown and rows["UOTHER"] not in shown
    _view_limits(published["view"])


# ------------------------------------------------------------------ delivery faults


async def test_a_rate_limited_ping_is_posted_once_after_retry_after(slack: SlackHarness) -> None:
    slack.fake.fail(
        "chat.postMessage",
        Fault(status=429, headers={"Retry-After": "1"}, body={"ok": False, "error": "ratelimited"}),
    )
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="Complaint on a forum"))
    await slack.deliver()
    [fault] = [c for c in slack.fake.calls if c.method == "chat.postMessage:fault"]
    posted = [c for c in slack.fake.calls if c.method == "chat.postMessage" and c.args["channel"] == COMMS]
    assert len(posted) == 1
    assert posted[0].at - fault.at >= 1.0


async def test_a_failing_slack_delays_the_ping_but_never_loses_or_doubles_it(slack: SlackHarness) -> None:
    slack.delivery.base_delay = 0.05
    slack.fake.fail("chat.postMessage", Fault(status=500), Fault(status=503), Fault(status=500))
    await slack.submit(
        "report_form", report_values(kind="crisis", what_said="Says they want to die, tagged us")
    )
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 1
    assert len(slack.fake.of("chat.postMessage:fault")) == 3
    assert len(_dms(slack)) == 1, "the receipt, once"
    async with slack.sessions() as session:
        ping = await session.scalar(select(OutboxRow).where(OutboxRow.purpose == "comms_ping"))
        assert ping is not None and ping.status == "sent"
        assert (
            ping.attempts >= 2
            and ping.platform_message_id == f"{COMMS}:{slack.fake.posted_to(COMMS)[0]['ts']}"
        )
        row = await session.get(EscalationRow, ping.escalation_id)
        assert row is not None
        assert "notified" in [a.action for a in await audit_trail(session, escalation_id=row.id)]


async def test_a_post_slack_took_but_never_confirmed_is_not_posted_twice(slack: SlackHarness) -> None:
    slack.delivery.base_delay = 0.05
    slack.fake.fail("chat.postMessage", Fault(status=500, accept=True))
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="Complaint on a forum"))
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 1, "the retry found the first post by its key"
    assert slack.fake.of("conversations.history"), "the retry looked before posting"


async def test_slack_gone_for_good_marks_the_ping_failed_and_audits_it(slack: SlackHarness) -> None:
    slack.delivery.base_delay = 0.01
    slack.fake.fail("chat.postMessage", Fault(status=200, body={"ok": False, "error": "msg_too_long"}))
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="Complaint on a forum"))
    await slack.deliver()
    async with slack.sessions() as session:
        ping = await session.scalar(select(OutboxRow).where(OutboxRow.purpose == "comms_ping"))
        assert ping is not None and ping.status == "failed" and ping.last_error == "slack: msg_too_long"
        trail = await audit_trail(session, escalation_id=ping.escalation_id or 0)
    assert "delivery failed" in [a.action for a in trail]
    health = await (await slack.client.get("/healthz")).json()
    assert health["failed_deliveries"] == 1
    health = await (await slack.client.get("/healthz")).json()
    assert health["failed_deliveries"] == 1


async def test_a_failed_ping_queued_again_from_the_command_line_arrives_once(slack: SlackHarness) -> None:
    """After a fault is fixed, `signpost escalations redeliver REF` (a separate process, as IT
    would run it beside the server) queues the failed ping; it arrives once, is audited, and
    /healthz stops counting it."""
    slack.delivery.base_delay = 0.01
    slack.fake.fail("chat.postMessage", Fault(status=200, body={"ok": False, "error": "msg_too_long"}))
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="Complaint on a forum"))
    await slack.deliver()
    [escalation] = await _escalations(slack)
    assert slack.fake.posted_to(COMMS) == []
    url = slack.assistant.settings.database_url
    done = await asyncio.to_thread(
        signpost, url, "escalations", "redeliver", escalation.ref.lower(), "--by", "it-desk"
    )
    assert done.returncode == 0, done.stderr
    assert f"queued 1 failed message(s) for {escalation.ref} again" in done.stdout
    slack.delivery.wake()
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 1
    assert slack.fake.of("conversations.history"), "a retry looks for the message by key first"
    health = await (await slack.client.get("/healthz")).json()
    assert health.get("failed_deliveries", 0) == 0
    shown = (await asyncio.to_thread(signpost, url, "escalations", "show", escalation.ref)).stdout
    assert "it-desk" in shown and "redelivery" in shown
    assert "comms_ping" in shown and "sent" in shown
    again = await asyncio.to_thread(signpost, url, "escalations", "redeliver")
    assert again.returncode == 0 and "no failed messages" in again.stdout
    missing = await asyncio.to_thread(signpost, url, "escalations", "redeliver", "SP-2026-0999")
    assert missing.returncode == 1 and "no escalation SP-2026-0999" in missing.stderr


# ------------------------------------------------------------------ bad input


async def test_bad_input_gets_a_clear_answer_never_a_500(slack: SlackHarness) -> None:
    form = "application/x-www-form-urlencoded"
    cases = [
        (await slack.post("payload=%7Bnot-json", form), "malformed interaction"),
        (await slack.post("{not json", "application/json"), "malformed event"),
        (await slack.post("", "application/json"), "empty body"),
        (await slack.post(json.dumps({"type": "event_callback"}), "application/json"), "no event"),
        (await slack.interaction({"type": "block_actions", "actions": []}), "no user, no actions"),
        (
            await slack.interaction({"type": "view_submission", "view": {"callback_id": "report_form"}}),
            "no state",
        ),
    ]
    for answer, case in cases:
        assert answer.status < 500, case
    assert await _escalations(slack) == []


async def test_a_huge_body_is_refused_with_413(slack: SlackHarness) -> None:
    body = "x" * (2 * 1024 * 1024)
    headers = {"Content-Type": "application/json", **sign(body)}
    answer = await slack.client.post("/slack/events", data=io.BytesIO(body.encode()), headers=headers)
    assert answer.status == 413


async def test_unicode_and_huge_messages_are_answered(slack: SlackHarness) -> None:
    await slack.event(dm("Ça va? 🙂 can I post 𝓅𝒽𝑜𝓉𝑜𝓈 of the ward\u0000 on TikTok? " + "é" * 39_000))
    [post] = await slack.fake.wait_for("chat.postMessage")
    assert len(post["text"]) <= 4000 and all(len(_texts([b])) <= 3000 for b in post["blocks"])


async def test_without_slack_credentials_the_route_says_so(
    settings: Settings, fake_slack: FakeSlack, knowledge: Knowledge, understander: Understander
) -> None:
    slack, engine = await _harness(settings, fake_slack, knowledge, understander, slack_bot_token=None)
    try:
        answer = await slack.event(dm("hello"))
        assert answer.status == 503 and "SLACK_BOT_TOKEN" in (await answer.json())["error"]
        assert (await slack.client.get("/healthz")).status == 200
    finally:
        await slack.client.close()
        await engine.dispose()


# ------------------------------------------------------------------ the app manifest


def test_the_manifest_points_everything_at_the_contract_route() -> None:
    manifest = yaml.safe_load((ROOT / "adapters" / "slack" / "manifest.yml").read_text())
    settings = manifest["settings"]
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    urls += [command["url"] for command in manifest["features"]["slash_commands"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == {
        "/ask-policy",
        "/report-mention",
    }
    assert {s["callback_id"] for s in manifest["features"]["shortcuts"]} == {"report_message"}
    assert set(settings["event_subscriptions"]["bot_events"]) >= {
        "app_mention",
        "message.im",
        "app_home_opened",
    }
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:history", "channels:history", "usergroups:read"} <= scopes


async def test_someone_in_distress_in_a_dm_gets_urgent_help_first(slack: SlackHarness) -> None:
    await slack.event(dm("I can't cope anymore"))
    first = (await slack.fake.wait_for("chat.postMessage"))[0]
    for words in ("999", "111", "116 123", "85258"):
        assert words in first["text"]
    assert "?" not in first["text"].split("\n")[0], "no question before the help"
    await slack.settle()
    assert await _escalations(slack) == []


async def test_a_clarifying_choice_is_answered_when_clicked_once(slack: SlackHarness) -> None:
    await slack.event(dm("whatsapp"))
    [question] = await slack.fake.wait_for("chat.postMessage")
    [choices] = [b for b in question["blocks"] if b["type"] == "actions"]
    first = choices["elements"][0]
    ts = slack.fake.posted_to("D" + STAFF[1:])[0]["ts"]
    for _ in range(2):
        await slack.click(
            first["action_id"], first["value"], user=STAFF, channel="D" + STAFF[1:], message_ts=ts
        )
    await slack.settle()
    posts = slack.fake.of("chat.postMessage")
    assert len(posts) == 2, "one answer for two clicks"
    assert "“" in _texts(posts[1]["blocks"]), "the chosen topic's answer, quoted"


async def test_later_crisis_answers_update_the_ping_and_say_so_in_its_thread(slack: SlackHarness) -> None:
    await slack.event(dm("someone on instagram commented on our post that they are going to kill themselves"))
    await slack.deliver()
    [ping] = slack.fake.posted_to(COMMS)
    await slack.event(dm("https://instagram.com/p/abc"))
    await slack.settle()
    await slack.deliver()  # the reporter may go no further: the link is with the team already
    updates = [u for u in slack.fake.of("chat.update") if u["ts"] == ping["ts"]]
    assert updates and "instagram.com/p/abc" in json.dumps(updates[-1]["blocks"])
    await slack.event(dm("about ten minutes ago"))
    await slack.settle()
    await slack.deliver()
    updates = [u for u in slack.fake.of("chat.update") if u["ts"] == ping["ts"]]
    assert "about ten minutes ago" in json.dumps(updates[-1]["blocks"])
    notices = [p for p in slack.fake.of("chat.postMessage") if p.get("thread_ts") == ping["ts"]]
    assert len(notices) == 2 and all("More details" in notice["text"] for notice in notices)


async def test_metrics_and_health_show_what_waits_for_delivery(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", *[Fault(status=500) for _ in range(50)])
    slack.delivery.base_delay = 30
    await slack.submit(
        "report_form", report_values(kind="crisis", what_said="Posted goodbye messages, tagged us")
    )
    await slack.event(dm("can I post photos of my ward on instagram?"))
    await slack.settle()
    health = await (await slack.client.get("/healthz")).json()
    assert health["status"] == "ok" and health["oldest_urgent_pending_seconds"] is not None
    answer = await slack.client.get("/metrics")
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/plain")
    text = await answer.text()
    assert 'signpost_escalations{kind="crisis",severity="urgent"} 1.0' in text
    assert (
        'signpost_outbox{status="pending"}' in text
        and "signpost_outbox_oldest_urgent_pending_seconds" in text
    )
    assert 'signpost_turns{intent="policy_question"} 1.0' in text
    assert "slack_events_received_total 2.0" in text
    assert "ward" not in text and "goodbye" not in text


async def test_health_shows_a_chat_message_acknowledged_long_ago_and_not_yet_answered(
    slack: SlackHarness,
) -> None:
    """A message left in the inbox 30 s ago (its server died holding it) shows in /healthz and
    /metrics, by count and age and never by its text, until its turn has run."""
    from adapters.server import SLACK
    from bot.messages import utcnow
    from bot.store import inbox as table

    now = utcnow()
    payload = {"user": STAFF, "text": "can I post photos of my ward on instagram?", "channel": "DSTAFF1"}
    async with slack.assistant.engine.begin() as connection:
        await table.add(
            connection,
            source="slack",
            messages=[("Ev-left-behind", {**payload, "direct": True, "thread_ts": None})],
            now=now - dt.timedelta(seconds=30),
            claimed_until=now + dt.timedelta(minutes=5),
        )
    health = await (await slack.client.get("/healthz")).json()
    assert health["status"] == "ok" and health["messages_waiting"] == 1
    assert 30 <= health["oldest_message_waiting_seconds"] < 40
    metrics = await (await slack.client.get("/metrics")).text()
    assert "signpost_inbox_waiting 1.0" in metrics and "signpost_inbox_oldest_waiting_seconds 3" in metrics
    assert "ward" not in metrics and "ward" not in json.dumps(health)

    assert await slack.client.server.app[SLACK].inbox.recover(everything=True) == 1
    await slack.settle()
    assert len(slack.fake.posted_to("DSTAFF1")) == 1
    for _ in range(50):  # the row is deleted within half a second of its turn
        health = await (await slack.client.get("/healthz")).json()
        if health == {"status": "ok"}:
            break
        await asyncio.sleep(0.1)
    assert health == {"status": "ok"}
    metrics = await (await slack.client.get("/metrics")).text()
    assert "signpost_inbox_waiting 0.0" in metrics


@pytest.mark.parametrize("slack_took_it", [True, False], ids=["posted then hung", "hung before posting"])
async def test_a_hanging_slack_still_gets_each_ping_exactly_once(
    settings: Settings,
    fake_slack: FakeSlack,
    knowledge: Knowledge,
    understander: Understander,
    slack_took_it: bool,
) -> None:
    # A 4 s claim gives each send 1 s before it counts as hung.
    slack, engine = await _harness(settings, fake_slack, knowledge, understander, delivery_lease_seconds=4)
    slack.delivery.base_delay = 0.05
    slack.fake.fail("chat.postMessage", Fault(status=200, body={"ok": True}, delay=2.5, accept=slack_took_it))
    try:
        await slack.submit(
            "report_form", report_values(kind="criticism_trust", what_said="x", anonymous=True)
        )
        await slack.deliver()
        assert len(slack.fake.posted_to(COMMS)) == 1
    finally:
        await slack.client.close()
        await engine.dispose()


async def test_a_channel_signpost_is_not_in_yet_is_retried_until_it_is(slack: SlackHarness) -> None:
    slack.delivery.base_delay = 0.05
    slack.fake.fail(
        "chat.postMessage", *[Fault(status=200, body={"ok": False, "error": "not_in_channel"})] * 2
    )
    await slack.submit("report_form", report_values(kind="criticism_trust", what_said="x", anonymous=True))
    await slack.deliver()
    assert len(slack.fake.posted_to(COMMS)) == 1


async def test_one_slack_error_does_not_lose_the_urgent_help(slack: SlackHarness) -> None:
    """A 500 is not retried in place (Slack may have posted it): the outbox worker, woken at
    once, looks in the DM and sends it."""
    slack.fake.fail("chat.postMessage", Fault(status=500))
    await slack.event(dm("I can't cope anymore"))
    await slack.settle()
    await slack.deliver()
    [post] = _urgent_dms(slack)
    assert "116 123" in post["text"]


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=500, accept=True),
        Fault(status=503, accept=True),
        Fault(status=200, body={"ok": False, "error": "internal_error"}, accept=True),
        Fault(status=500),
    ],
    ids=["500 after posting", "503 after posting", "error after posting", "500 before posting"],
)
async def test_an_answer_slack_may_have_taken_arrives_exactly_once(slack: SlackHarness, fault: Fault) -> None:
    """Slack fails a reply after (or before) posting it: the retry looks in the DM for the
    reply's key first, so the answer is shown once, never twice and never lost."""
    slack.fake.fail("chat.postMessage", fault)
    await slack.event(dm("can I accept a friend request from a former patient?"))
    await slack.settle()
    answers = [m for m in slack.fake.posted_to("D" + STAFF[1:]) if "accept friend" in (m["text"] or "")]
    assert len(answers) == 1, [m["text"] for m in slack.fake.posted_to("D" + STAFF[1:])]
    if fault.accept:
        assert slack.fake.of("conversations.history"), "the retry looked before posting"


@pytest.mark.parametrize("status", [500, 503])
async def test_urgent_help_slack_took_but_answered_with_a_server_error_arrives_once(
    slack: SlackHarness, status: int
) -> None:
    slack.fake.fail("chat.postMessage", Fault(status=status, accept=True))
    await slack.event(dm("I can't cope anymore, I want to end it all"))
    await slack.settle()
    await slack.deliver()
    assert len(_urgent_dms(slack)) == 1, "the urgent help arrives, exactly once"


def _urgent_dms(slack: SlackHarness) -> list[dict[str, Any]]:
    """Urgent-help messages that reached the user's DM (calls Slack answered with a fault excluded)."""
    return [m for m in slack.fake.posted_to("D" + STAFF[1:]) if "116 123" in (m.get("text") or "")]


async def test_urgent_help_is_held_in_the_outbox_and_settled_once_posted(
    slack_on_each_store: SlackHarness,
) -> None:
    slack = slack_on_each_store
    await slack.event(dm("I can't cope anymore, I want to end it all"))
    await slack.settle()
    [row] = await outbox_rows(slack.sessions, "urgent_help")
    assert row.status == "sent" and row.target == "reporter"
    assert "cope" not in json.dumps(row.payload), "the person's own words are not kept"
    [posted] = _urgent_dms(slack)
    assert posted["metadata"]["event_payload"]["key"] == row.idempotency_key
    await slack.deliver()
    assert len(_urgent_dms(slack)) == 1, "the outbox worker does not send it again"


async def test_a_question_holds_nothing_in_the_outbox(slack: SlackHarness) -> None:
    await slack.event(dm("can I accept a friend request from a patient?"))
    await slack.settle()
    assert await outbox_rows(slack.sessions, "urgent_help") == []


@pytest.mark.parametrize("slack_took_it", [False, True], ids=["never posted", "posted, answer lost"])
async def test_urgent_help_slack_refused_is_sent_by_the_outbox_once(
    slack: SlackHarness, slack_took_it: bool
) -> None:
    refused = Fault(status=200, body={"ok": False, "error": "fatal_error"}, accept=slack_took_it)
    slack.fake.fail("chat.postMessage", refused)
    await slack.event(dm("I can't cope anymore, I want to end it all"))
    await slack.settle()
    await slack.deliver()
    [row] = await outbox_rows(slack.sessions, "urgent_help")
    assert row.status == "sent" and row.attempts == 2, "the worker's try, after the turn's own"
    assert len(_urgent_dms(slack)) == 1, "the urgent help arrives, exactly once"
    assert slack.fake.of("conversations.history"), "the worker looked before posting"


async def test_a_failed_channel_notice_still_sends_the_private_messages(slack: SlackHarness) -> None:
    refusal = Fault(status=200, body={"ok": False, "error": "user_not_in_channel"})
    slack.fake.fail("chat.postEphemeral", *[refusal] * 5)
    await slack.event(
        mention("someone on facebook posted that they want to end their life and tagged the Trust")
    )
    await slack.settle()
    assert _dms(slack) and URGENT_URL in _dms(slack)[0]["text"]


async def test_a_bystanders_click_does_not_swallow_the_askers(slack: SlackHarness) -> None:
    await slack.event(mention("whatsapp", ts="1790000000.000300"))
    [question] = await slack.fake.wait_for("chat.postMessage")
    [choices] = [b for b in question["blocks"] if b["type"] == "actions"]
    first = choices["elements"][0]
    ts = slack.fake.posted_to("CGENERAL")[0]["ts"]
    await slack.click(
        first["action_id"], first["value"], user="UBYSTANDER", channel="CGENERAL", message_ts=ts
    )
    await slack.click(first["action_id"], first["value"], user=STAFF, channel="CGENERAL", message_ts=ts)
    await slack.settle()
    assert len(slack.fake.of("chat.postMessage")) == 3


async def test_a_typed_broadcast_cannot_ping_the_channel(slack: SlackHarness) -> None:
    values = report_values(kind="criticism_trust", what_said="@channel look <!here> @everyone")
    await slack.submit("report_form", values)
    await slack.deliver()
    [ping] = slack.fake.posted_to(COMMS)
    shown = _texts(ping["blocks"])
    assert "@channel" not in shown and "@everyone" not in shown and "<!here>" not in shown
