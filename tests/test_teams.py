"""Signpost in Microsoft Teams, end to end: Bot Framework activities posted to the real
server's `/api/messages`, with a local fake Bot Connector recording what comes back."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import event, select

from bot.secrets import SECRET_WARNING
from bot.settings import Settings
from bot.store.escalations import audit_trail, get_escalation, list_escalations
from bot.store.models import ConversationReferenceRow, EscalationRow
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests.assistants import all_text, migrated_assistant
from tests.conftest import URGENT_URL
from tests.fakes.bot_connector import FakeConnector, Fault
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_api import Fault as SlackFault
from tests.outbox_wait import outbox_rows
from tests.teams_harness import (
    COMMS_AAD,
    COMMS_CHANNEL,
    COMMS_MEMBER,
    GENERAL,
    STAFF,
    TeamsHarness,
    form_data,
    personal_id,
    start,
)


async def _harness(
    settings: Settings,
    connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
    **overrides: Any,
) -> tuple[TeamsHarness, Any]:
    configured = settings.model_copy(update={"teams_comms_members": COMMS_AAD, **overrides})
    assistant = await migrated_assistant(configured, knowledge, understander)
    return await start(assistant, connector), assistant.engine


@pytest.fixture
async def teams(
    settings: Settings, fake_connector: FakeConnector, knowledge: Knowledge, understander: Understander
) -> AsyncIterator[TeamsHarness]:
    harness, engine = await _harness(settings, fake_connector, knowledge, understander)
    yield harness
    await harness.client.close()
    await engine.dispose()


@pytest.fixture
async def teams_on_each_store(
    database_url: str,
    settings: Settings,
    fake_connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
) -> AsyncIterator[TeamsHarness]:
    harness, engine = await _harness(
        settings.model_copy(update={"database_url": database_url}), fake_connector, knowledge, understander
    )
    yield harness
    await harness.client.close()
    await engine.dispose()


async def _escalations(teams: TeamsHarness) -> list[EscalationRow]:
    async with teams.sessions() as session:
        return await list_escalations(session)


# ------------------------------------------------------------------ questions


async def test_a_question_in_personal_chat_gets_the_cited_answer(teams: TeamsHarness) -> None:
    answer = await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    assert answer.status in (200, 201)
    [reply] = teams.connector.messages(personal_id(STAFF))
    assert reply["text"].startswith("No")
    assert "6.1" in reply["text"] or "section" in reply["text"]
    assert reply["textFormat"] == "plain"
    assert "Staff Use of Social Media Policy" in reply["text"]  # the policy's own words, cited
    assert not reply.get("attachments")  # the text is complete; cards only carry buttons and links
    [question] = teams.posted
    assert teams.connector.of("reply")[0].activity_id == question["id"], "a reply to the question"


async def test_a_new_users_chat_is_noted_with_their_first_questions_turn(
    teams_on_each_store: TeamsHarness,
) -> None:
    """Where to reach a person privately (for the answer to their report, later) is written in
    their first question's own transaction, not in one of its own before it; and not again."""
    teams = teams_on_each_store
    transactions: list[list[str]] = []
    current: dict[int, list[str]] = {}
    """Each connection's transaction under way: on PostgreSQL the delivery worker's run alongside."""

    def begin(connection: Any) -> None:
        current[id(connection)] = []
        transactions.append(current[id(connection)])

    def execute(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if id(connection) in current:
            current[id(connection)].append(statement)

    engine = teams.assistant.engine.sync_engine
    event.listen(engine, "begin", begin)
    event.listen(engine, "before_cursor_execute", execute)
    await teams.say("can I post photos from the ward on instagram?", user="29:newcomer")
    assert teams.connector.messages(personal_id("29:newcomer")), "answered"
    noting = [t for t in transactions if any("conversation_references" in s for s in t)]
    assert len(noting) == 1 and any("advice_log" in s for s in noting[0]), noting
    async with teams.sessions() as session:
        row = await session.get(ConversationReferenceRow, "user:29:newcomer")
    assert row is not None and row.reference["conversation_id"] == personal_id("29:newcomer")
    transactions.clear()
    await teams.say("can I say where I work on linkedin?", user="29:newcomer")
    assert len(teams.connector.messages(personal_id("29:newcomer"))) == 2
    assert not [s for t in transactions for s in t if "conversation_references" in s], "noted once"


async def test_a_turn_still_waiting_shows_signpost_typing_and_a_quick_one_does_not(
    teams: TeamsHarness,
) -> None:
    """Teams hears "200" before the turn runs (the inbox); when the answer is not there within
    `typing_after` seconds (0.5 s; here 0, so always), the person sees Signpost typing."""
    teams.adapter.typing_after = 5.0
    await teams.say("can I post photos of the ward on instagram?")
    assert [c.body["type"] for c in teams.connector.of("reply")] == ["message"], "quick: no typing"
    teams.adapter.typing_after = 0.0
    await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    kinds = [c.body["type"] for c in teams.connector.of("reply")]
    assert sorted(kinds) == ["message", "message", "typing"]
    assert not teams.adapter._typing_timers, "no timer left behind"
    # In a flood (here: any message waiting at all), no typing: it would slow every answer.
    teams.adapter.typing_while_fewer_waiting = 0
    await teams.say("can I share a news story about the trust?")
    assert [c.body["type"] for c in teams.connector.of("reply")].count("typing") == 1


async def test_an_answer_whose_next_step_is_reporting_says_what_to_type_in_teams(teams: TeamsHarness) -> None:
    """Teams has no slash commands: before, the answer said "Use /report-mention"."""
    await teams.say("how should i respond to criticism of the trust on facebook?")
    [reply] = teams.connector.messages(personal_id(STAFF))
    assert "/report-mention" not in reply["text"]
    assert "Next step: Say “report criticism” here" in reply["text"]
    await teams.say("report criticism")
    assert "Where is it?" in teams.connector.messages(personal_id(STAFF))[-1]["text"]


async def test_a_reply_refused_with_429_then_503_still_arrives_once(teams: TeamsHarness) -> None:
    teams.connector.fail(Fault(429, {"Retry-After": "0"}), Fault(503))
    answer = await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    assert answer.status in (200, 201)
    [reply] = teams.connector.messages(personal_id(STAFF))
    assert reply["text"].startswith("No")
    assert teams.connector.refused == 2


async def test_a_slow_connector_does_not_hold_the_answer_to_teams(teams: TeamsHarness) -> None:
    """Teams wants each message answered within 15 s (`ANSWER_WITHIN`, 10 s; 0.2 s here). Before,
    the reply's send held the request as long as the Bot Connector took: a 20 s Connector made
    a 20 s request. The reply still arrives, once, after Teams has heard "200"."""
    teams.adapter.answer_within = 0.2
    teams.connector.fail(Fault(200, delay=1.5))
    answer = await teams.say(
        "a former patient sent me a friend request on facebook, can I accept?", settle=False
    )
    assert answer.status == 200
    assert teams.connector.messages(personal_id(STAFF)) == [], "answered before the reply was sent"
    await teams.settle()
    [reply] = teams.connector.messages(personal_id(STAFF))
    assert reply["text"].startswith("No")


async def test_answers_arrive_in_the_order_they_were_asked_when_the_connector_is_slow(
    teams: TeamsHarness,
) -> None:
    """The Connector held the first answer for a second: before, the second question's answer,
    sent as soon as its turn had run, arrived first."""
    texts = await _after_a_held_answer(teams, "can i post a tiktok on my break")
    assert len(texts) == 2
    assert texts[0].startswith("No") and texts[1].startswith("Only on your agreed breaks")


async def _after_a_held_answer(teams: TeamsHarness, second: str) -> list[str]:
    """A question whose answer the Connector holds for a second, then `second` while it is
    held: what the person's chat shows, in order."""
    teams.connector.fail(Fault(200, delay=1.0))
    first = await teams.say(
        "a former patient sent me a friend request on facebook, can I accept?", settle=False
    )
    assert first.status == 200
    for _ in range(100):
        if teams.connector.held:
            break
        await asyncio.sleep(0.02)
    assert teams.connector.held == 1, "the first answer is being held"
    assert (await teams.say(second, settle=False)).status == 200
    await teams.settle()
    return teams.connector.texts(personal_id(STAFF))


async def test_a_password_warning_waits_for_the_answer_asked_before_it(teams: TeamsHarness) -> None:
    """A message that looks like it holds a password runs in place, never through the inbox.
    The Connector held the answer to the question before it: before, the warning was sent at
    once and arrived above the answer to what the person had asked first."""
    texts = await _after_a_held_answer(teams, "the password for our instagram is Summer2026!")
    assert len(texts) == 2
    assert texts[0].startswith("No") and texts[1] == SECRET_WARNING


async def test_urgent_help_behind_a_slow_connector_arrives_once(teams: TeamsHarness) -> None:
    teams.adapter.answer_within = 0.2
    teams.connector.fail(Fault(200, delay=1.5))
    answer = await teams.say("I can't cope anymore, I want to end it all", settle=False)
    assert answer.status == 200
    assert _urgent_texts(teams) == []
    await teams.deliver()
    assert len(_urgent_texts(teams)) == 1
    [row] = await outbox_rows(teams.sessions, "urgent_help")
    assert row.status == "sent"


def _urgent_texts(teams: TeamsHarness) -> list[str]:
    return [text for text in teams.connector.texts(personal_id(STAFF)) if "116 123" in text]


async def test_urgent_help_is_held_in_the_outbox_until_the_reply_is_sent(teams: TeamsHarness) -> None:
    answer = await teams.say("I can't cope anymore, I want to end it all")
    assert answer.status in (200, 201)
    [row] = await outbox_rows(teams.sessions, "urgent_help")
    assert row.status == "sent" and "cope" not in json.dumps(row.payload)
    await teams.deliver()
    assert len(_urgent_texts(teams)) == 1, "the outbox worker does not send it again"


async def test_urgent_help_the_connector_refused_is_sent_by_the_outbox(teams: TeamsHarness) -> None:
    teams.delivery.base_delay = 0.05
    teams.connector.fail(Fault(400))  # not retried by the client: the turn's own send fails
    answer = await teams.say("I can't cope anymore, I want to end it all")
    assert answer.status in (200, 201)
    assert _urgent_texts(teams) == []
    await teams.deliver()
    [row] = await outbox_rows(teams.sessions, "urgent_help")
    assert row.status == "sent" and row.attempts == 2
    assert len(_urgent_texts(teams)) == 1, "the urgent help arrives, once"


async def test_urgent_help_through_the_inbox_on_each_store_comes_first_once_and_leaves_nothing(
    teams_on_each_store: TeamsHarness,
) -> None:
    teams = teams_on_each_store
    answer = await teams.say("I can't cope anymore, I want to end it all")
    assert answer.status == 200
    [first, *_] = teams.connector.messages(personal_id(STAFF))
    assert "116 123" in first["text"], "urgent help first"
    assert any(a.get("url") == URGENT_URL for a in first["attachments"][0]["content"]["actions"])
    await teams.deliver()
    assert len(_urgent_texts(teams)) == 1
    [row] = await outbox_rows(teams.sessions, "urgent_help")
    assert row.status == "sent"
    await _inbox_emptied(teams)


async def test_a_message_a_stopped_server_left_on_each_store_is_answered_once(
    teams_on_each_store: TeamsHarness,
) -> None:
    """A row as a server that died before the turn left it: the next look runs it, once, and
    the answer is a reply to the message, in its conversation."""
    from bot.messages import utcnow
    from bot.store import inbox as table

    teams = teams_on_each_store
    question = teams.activity("message", text="can I accept a friend request from a former patient?")
    reference = {
        "activity_id": question["id"],
        "service_url": teams.connector.url,
        "channel_id": "msteams",
        "conversation": {"id": personal_id(STAFF), "conversation_type": "personal"},
        "bot": {"id": question["recipient"]["id"]},
        "user": {"id": STAFF},
    }
    payload = {"user": STAFF, "text": question["text"], "reference": reference}
    now = utcnow()
    async with teams.assistant.engine.begin() as connection:
        await table.add(
            connection,
            source="teams",
            messages=[(f"{personal_id(STAFF)}|{question['id']}", payload)],
            now=now - dt.timedelta(minutes=2),
            claimed_until=now - dt.timedelta(minutes=1),
        )
    assert await teams.adapter.inbox.recover() == 1
    await teams.settle()
    await _inbox_emptied(teams)
    assert await teams.adapter.inbox.recover(everything=True) == 0, "nothing left to run again"
    await teams.settle()
    [call] = teams.connector.of("reply")
    assert call.activity_id == question["id"] and call.body["text"].startswith("No")


async def _inbox_emptied(teams: TeamsHarness) -> None:
    from bot.store.inbox import count

    for _ in range(30):  # a row goes within about half a second of its replies
        async with teams.assistant.engine.connect() as connection:
            if await count(connection) == 0:
                return
        await asyncio.sleep(0.1)
    raise AssertionError("the inbox kept a row")


async def test_two_crisis_messages_in_a_personal_chat_with_a_long_id_each_get_urgent_help(
    teams: TeamsHarness,
) -> None:
    """Real personal-chat ids are about 130 characters. Before, the outbox key of a message's
    urgent help was cut to 128 characters, which cut off the message's own id: the second
    crisis message in the chat collided with the first, and got an apology instead."""
    chat = "a:1" + "Xq7vT2" * 21  # 129 characters, as Teams' own
    for text in ("I can't cope anymore, I want to end it all", "i still want to die, nothing has changed"):
        body = teams.activity("message", text=text)
        body["conversation"]["id"] = chat
        assert (await teams.post(body)).status == 200
    texts = teams.connector.texts(chat)
    assert sum("116 123" in text for text in texts) == 2, texts
    assert not any("went wrong" in text for text in texts)
    assert len(await outbox_rows(teams.sessions, "urgent_help")) == 2


async def test_a_turn_whose_commit_fails_sends_its_apology_not_what_it_would_have_said(
    teams: TeamsHarness,
) -> None:
    """The store refuses the turn's own write (here: the inbox row's update, by a trigger). The
    turn rolls back, so nothing was recorded; before, the replies it had kept on the way were
    sent all the same: "passed to the Communications Team as urgent (SP-...)", for a report
    that was never saved."""
    from sqlalchemy import text

    async with teams.assistant.engine.begin() as connection:
        await connection.execute(
            text("CREATE TRIGGER refuse BEFORE UPDATE ON inbox BEGIN SELECT RAISE(ABORT, 'refused'); END")
        )
    await teams.say("this guy on insta says he is going to smash my car up when i finish my shift")
    said = " ".join(teams.connector.texts(personal_id(STAFF)))
    assert "Sorry, something went wrong on my side" in said
    assert "SP-" not in said and "passed" not in said, said
    assert await _escalations(teams) == []


async def test_a_new_users_turn_that_fails_in_a_channel_still_reaches_them_in_private(
    teams: TeamsHarness,
) -> None:
    """Their reference was written with the turn, so it rolled back with it: the urgent help and
    the apology then had nowhere private to go ("never talked with this Teams user")."""
    from sqlalchemy import text

    async with teams.assistant.engine.begin() as connection:
        await connection.execute(
            text("CREATE TRIGGER refuse BEFORE UPDATE ON inbox BEGIN SELECT RAISE(ABORT, 'refused'); END")
        )
    await teams.say(
        "someone just commented on our facebook page that they want to end their life", channel=GENERAL
    )
    assert URGENT_URL in teams.connector.texts(GENERAL)[0]
    private = " ".join(teams.connector.texts(personal_id(STAFF)))
    assert "Sorry, something went wrong on my side" in private, private
    async with teams.sessions() as session:
        assert await session.get(ConversationReferenceRow, f"user:{STAFF}") is not None


async def test_a_turn_whose_commit_went_through_unheard_still_sends_its_answer(
    teams_on_each_store: TeamsHarness,
) -> None:
    """The turn's commit went through but its connection dropped before the store said so. The
    turn runs again and its message is seen before, with no replies of its own: before, the
    row was finished and the answer, kept in it, never sent."""
    from tests.resilience_helpers import CommitThenDrop

    teams = teams_on_each_store
    dropping = CommitThenDrop(teams.assistant.engine, teams.adapter.inbox)
    await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    assert dropping.dropped == 1
    [answer] = teams.connector.messages(personal_id(STAFF))
    assert answer["text"].startswith("No")
    await _inbox_emptied(teams)


async def test_urgent_help_whose_commit_went_through_unheard_arrives_once(teams: TeamsHarness) -> None:
    from tests.resilience_helpers import CommitThenDrop

    dropping = CommitThenDrop(teams.assistant.engine, teams.adapter.inbox)
    await teams.say("I can't cope anymore, I want to end it all")
    await teams.deliver()
    assert dropping.dropped == 1
    assert len(_urgent_texts(teams)) == 1
    [row] = await outbox_rows(teams.sessions, "urgent_help")
    assert row.status == "sent"


async def test_an_answer_the_connector_cannot_take_for_now_is_sent_once_it_can(teams: TeamsHarness) -> None:
    """The Connector answers 503 to every try of the reply (the client's own retries too). Before,
    the row was finished all the same and the answer lost; now it stays, and goes when its claim
    runs out (here: the next look at the inbox for rows left behind)."""
    from bot.store.inbox import count

    teams.connector.fail(*[Fault(503, {"Retry-After": "0"})] * 4)
    await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    assert teams.connector.messages(personal_id(STAFF)) == [] and teams.connector.refused == 4
    async with teams.assistant.engine.connect() as connection:
        assert await count(connection) == 1, "the answer is kept"
    assert await teams.adapter.inbox.recover(everything=True) == 1
    await teams.settle()
    [answer] = teams.connector.messages(personal_id(STAFF))
    assert answer["text"].startswith("No")
    await _inbox_emptied(teams)


async def test_an_answer_the_connector_refuses_for_good_is_not_tried_for_ever(teams: TeamsHarness) -> None:
    teams.connector.fail(Fault(404))
    await teams.say("a former patient sent me a friend request on facebook, can I accept?")
    assert teams.connector.messages(personal_id(STAFF)) == []
    await _inbox_emptied(teams)


async def test_install_in_personal_chat_sends_the_welcome_card(teams: TeamsHarness) -> None:
    answer = await teams.install()
    assert answer.status == 200
    [card] = teams.connector.cards(personal_id(STAFF))
    text = all_text(card)
    assert "Communications Team" in text and "Report something" in text
    assert any(a.get("url") == URGENT_URL for a in card["actions"])


async def test_a_repeated_activity_is_answered_once(teams: TeamsHarness) -> None:
    body = teams.activity("message", text="can I post photos of the ward?")
    first = await teams.post(body)
    second = await teams.post(body)
    assert (first.status, second.status) == (200, 200)
    assert len(teams.connector.messages()) == 1


async def test_a_mention_in_a_channel_is_answered_in_its_thread(teams: TeamsHarness) -> None:
    answer = await teams.say("can I say where I work on my linkedin profile?", channel=GENERAL)
    assert answer.status == 200
    [call] = teams.connector.of("reply")
    [question] = [body for body in teams.posted if body.get("type") == "message"]
    assert call.conversation == question["conversation"]["id"], "the question's thread"
    assert call.activity_id == question["id"], "a reply to the question itself"
    assert "Signpost" not in call.body["text"][:20]  # the mention itself is not read as the question


# ------------------------------------------------------------------ the Communications channel


async def test_only_a_comms_member_can_register_the_channel(teams: TeamsHarness) -> None:
    await teams.say("register comms", user=STAFF, channel=COMMS_CHANNEL)
    assert "Only members of the Communications Team" in teams.connector.texts()[-1]
    async with teams.sessions() as session:
        assert await session.get(ConversationReferenceRow, "channel:comms") is None
    await teams.register_comms()
    assert "will now be posted in this channel" in teams.connector.texts()[-1]
    async with teams.sessions() as session:
        row = await session.get(ConversationReferenceRow, "channel:comms")
        assert row is not None
        assert row.reference["conversation_id"] == COMMS_CHANNEL
        assert row.registered_by == COMMS_AAD


async def test_the_form_records_an_escalation_and_the_card_reaches_the_comms_channel(
    teams_on_each_store: TeamsHarness,
) -> None:
    teams = teams_on_each_store
    await teams.register_comms()
    answer = await teams.execute(
        "report_submit",
        form_data(
            what_said="Post saying the Trust lies about waiting times", link="https://x.com/a/status/1"
        ),
    )
    assert answer.status == 200
    body = await answer.json()
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    [escalation] = await _escalations(teams)
    assert escalation.ref in all_text(body["value"])
    assert escalation.channel == "teams" and escalation.reporter_id == STAFF
    await teams.deliver()
    [card] = teams.connector.cards(COMMS_CHANNEL)
    text = all_text(card)
    assert escalation.ref in text and "Criticism" in text and "x.com" in text
    assert "Jo Bloggs" in text and STAFF not in text  # the reporter by name, not an id
    verbs = [a.get("verb") for a in card["actions"]] + [
        a.get("verb") for s in card["actions"] if s["type"] == "Action.ShowCard" for a in s["card"]["actions"]
    ]
    assert "comms_ack" in verbs and "comms_resolve" in verbs
    # The reporter's receipt arrives in their personal chat, durable through the outbox.
    assert any(escalation.ref in text for text in teams.connector.texts(personal_id(STAFF)))


async def test_a_form_with_problems_comes_back_marked_and_records_nothing(teams: TeamsHarness) -> None:
    answer = await teams.execute("report_submit", form_data(kind=None, link="not a link", what_said=""))
    body = await answer.json()
    text = all_text(body["value"])
    assert "Please choose what kind of mention it is." in text
    assert "Please paste the full link" in text
    assert await _escalations(teams) == []


async def test_acknowledge_updates_the_card_audits_and_tells_the_reporter(teams: TeamsHarness) -> None:
    await teams.register_comms()
    await teams.execute("report_submit", form_data(what_said="Someone says our A&E staff are rude"))
    await teams.deliver()
    [escalation] = await _escalations(teams)
    first = await teams.execute(
        "comms_ack", {"ref": escalation.ref}, user=COMMS_MEMBER, channel=COMMS_CHANNEL
    )
    body = await first.json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Acknowledged" in all_text(body["value"])
    second = await teams.execute(
        "comms_ack", {"ref": escalation.ref}, user=COMMS_MEMBER, channel=COMMS_CHANNEL
    )
    assert "already acknowledged (by Sam Comms" in (await second.json())["value"]
    await teams.deliver()
    async with teams.sessions() as session:
        row = await get_escalation(session, ref=escalation.ref)
        assert row is not None and row.status == "acknowledged"
        trail = [entry.action for entry in await audit_trail(session, escalation_id=row.id)]
    assert trail.count("acknowledged") == 1
    [update] = teams.connector.of("update", COMMS_CHANNEL)  # the card, changed in place
    assert "Acknowledged by Sam Comms" in all_text(update.body)
    [update_text] = teams.connector.texts(personal_id(STAFF))[1:]
    assert escalation.ref in update_text and "picked it up" in update_text


async def test_a_server_that_never_saw_the_reporter_asks_teams_for_their_name(teams: TeamsHarness) -> None:
    """Names are never stored: another replica (or a restart) asks the Bot Connector, once,
    and a card whose name cannot be found still arrives, with the id."""
    await teams.register_comms()
    await teams.execute("report_submit", form_data(what_said="Someone says our A&E staff are rude"))
    teams.poster.names.clear()  # as on a replica that has not met the reporter
    teams.connector.people[STAFF] = "Jo Bloggs-Smith"
    await teams.deliver()
    [card] = teams.connector.cards(COMMS_CHANNEL)
    assert "Jo Bloggs-Smith" in all_text(card)
    assert teams.connector.lookups == [(personal_id(STAFF), STAFF)]
    await teams.execute(
        "report_submit", form_data(what_said="The Trust page is full of spam links"), reply_to="act-y"
    )
    teams.poster.names.clear()
    teams.connector.members_down = True
    await teams.deliver()
    second = teams.connector.cards(COMMS_CHANNEL)[-1]
    assert STAFF in all_text(second) and "spam" in all_text(second)
    async with teams.sessions() as session:
        stored = json.dumps(
            [r.reference for r in (await session.execute(select(ConversationReferenceRow))).scalars()]
        )
    assert "Jo Bloggs" not in stored


async def test_a_non_member_cannot_acknowledge(teams: TeamsHarness) -> None:
    await teams.register_comms()
    await teams.execute("report_submit", form_data(what_said="A post calling the Trust useless"))
    await teams.deliver()  # the ping is sent before anyone can press its button
    [escalation] = await _escalations(teams)
    answer = await teams.execute("comms_ack", {"ref": escalation.ref}, user=STAFF, channel=COMMS_CHANNEL)
    assert "Only members of the Communications Team" in (await answer.json())["value"]
    async with teams.sessions() as session:
        row = await get_escalation(session, ref=escalation.ref)
        assert row is not None and row.status == "open"
        trail = [entry.action for entry in await audit_trail(session, escalation_id=row.id)]
    assert trail == ["opened", "notified", "refused"]


async def test_resolve_needs_a_note_then_resolves(teams: TeamsHarness) -> None:
    await teams.register_comms()
    await teams.execute("report_submit", form_data(what_said="A post calling the Trust useless"))
    [escalation] = await _escalations(teams)
    empty = await teams.execute(
        "comms_resolve", {"ref": escalation.ref}, user=COMMS_MEMBER, channel=COMMS_CHANNEL
    )
    assert "what was done" in (await empty.json())["value"]
    done = await teams.execute(
        "comms_resolve",
        {"ref": escalation.ref, "note": "Replied publicly."},
        user=COMMS_MEMBER,
        channel=COMMS_CHANNEL,
    )
    assert "Resolved" in all_text((await done.json())["value"])
    async with teams.sessions() as session:
        row = await get_escalation(session, ref=escalation.ref)
        assert row is not None and row.status == "resolved"


# ------------------------------------------------------------------ the Bot Framework's rules


async def test_with_an_app_id_bad_tokens_get_401_and_change_nothing(
    settings: Settings, fake_connector: FakeConnector, knowledge: Knowledge, understander: Understander
) -> None:
    harness, engine = await _harness(
        settings,
        fake_connector,
        knowledge,
        understander,
        microsoft_app_id="11111111-2222-3333-4444-555555555555",
    )
    try:
        body = harness.activity("message", text="someone in crisis mentioned us on x")
        for header in ({}, {"Authorization": "Bearer abc.def.ghi"}, {"Authorization": "Basic Zm9vOmJhcg=="}):
            body["id"] = body["id"] + "1"
            answer = await harness.post(body, header)
            assert answer.status == 401, header
        assert await _escalations(harness) == []
        assert fake_connector.calls == []
    finally:
        await harness.client.close()
        await engine.dispose()


async def test_without_an_app_id_replies_only_go_to_loopback(teams: TeamsHarness) -> None:
    body = teams.activity("message", text="hello")
    body["serviceUrl"] = "https://smba.evil.example/teams/"
    answer = await teams.post(body)
    assert answer.status == 403
    assert teams.connector.calls == []


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"not json", {"Content-Type": "application/json"}, 400),
        (b"[1, 2]", {"Content-Type": "application/json"}, 400),
        (b'{"text": "no type"}', {"Content-Type": "application/json"}, 400),
        (b"type=message", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        (b"\xff\xfe", {"Content-Type": "application/json"}, 400),
    ],
)
async def test_malformed_requests_get_a_clear_4xx(
    teams: TeamsHarness, body: bytes, headers: dict[str, str], status: int
) -> None:
    answer = await teams.client.post("/api/messages", data=body, headers=headers)
    assert answer.status == status
    assert "error" in await answer.json()
    assert teams.connector.calls == []


async def test_expect_replies_is_refused_with_400_not_500(teams: TeamsHarness) -> None:
    answer = await teams.post(teams.activity("message", text="hello", deliveryMode="expectReplies"))
    assert answer.status == 400


async def test_a_huge_body_is_refused_early(teams: TeamsHarness) -> None:
    answer = await teams.post(teams.activity("message", text="x" * 2_000_000))
    assert answer.status == 413
    assert await _escalations(teams) == []


async def test_connector_429_then_200_delivers_the_ping_once(teams: TeamsHarness) -> None:
    await teams.register_comms()
    teams.connector.fail(Fault(429, {"Retry-After": "0"}), Fault(503))
    await teams.execute("report_submit", form_data(what_said="Thread saying the Trust covers things up"))
    await teams.deliver(timeout=20)
    [escalation] = await _escalations(teams)
    cards = [c for c in teams.connector.cards(COMMS_CHANNEL) if escalation.ref in all_text(c)]
    assert len(cards) == 1
    assert teams.connector.refused == 2


async def test_user_text_in_the_comms_card_cannot_make_links(teams: TeamsHarness) -> None:
    await teams.register_comms()
    said = "[Trust login](https://evil.example) **x** <at>everyone</at>"
    await teams.execute("report_submit", form_data(what_said=said))
    await teams.deliver()
    [card] = teams.connector.cards(COMMS_CHANNEL)
    raw = json.dumps(card)
    assert "](https://evil" not in raw
    assert "**x**" not in raw


# ------------------------------------------------------------------ more of Teams


async def test_someone_in_crisis_reported_in_a_channel_gets_help_there_and_the_rest_in_private(
    teams: TeamsHarness,
) -> None:
    await teams.register_comms()
    answer = await teams.say(
        "someone just commented on our facebook page that they want to end their life", channel=GENERAL
    )
    assert answer.status == 200
    await teams.settle()
    channel_texts = teams.connector.texts(GENERAL)
    assert URGENT_URL in channel_texts[0]  # the urgent help first, where the person asked
    assert any("private message" in text for text in channel_texts)
    private = teams.connector.texts(personal_id(STAFF))
    assert private and any(URGENT_URL in text for text in private)
    assert teams.connector.of("create")  # the personal chat was started for it
    [escalation] = await _escalations(teams)
    assert escalation.kind == "crisis" and escalation.severity == "urgent"
    await teams.deliver()
    assert [c for c in teams.connector.cards(COMMS_CHANNEL) if escalation.ref in all_text(c)]


async def test_the_message_action_opens_a_prefilled_form_and_submits_it(teams: TeamsHarness) -> None:
    post = "<p>This Trust is a disgrace, avoid at all costs</p>"
    fetch = teams.activity(
        "invoke",
        name="composeExtension/fetchTask",
        value={
            "commandId": "reportMessage",
            "commandContext": "message",
            "messagePayload": {"body": {"content": post}},
        },
        channel=GENERAL,
    )
    answer = await teams.post(fetch)
    task = (await answer.json())["task"]
    assert task["type"] == "continue"
    form = task["value"]["card"]["content"]
    said = next(item for item in form["body"] if item.get("id") == "what_said")
    assert said["value"] == "This Trust is a disgrace, avoid at all costs"
    assert all(a["type"] != "Action.Execute" for a in form["actions"])  # dialogs submit with Action.Submit
    submit = teams.activity(
        "invoke",
        name="composeExtension/submitAction",
        value={"commandId": "reportMessage", "data": form_data(what_said=said["value"], platform="Facebook")},
        channel=GENERAL,
    )
    done = await (await teams.post(submit)).json()
    [escalation] = await _escalations(teams)
    assert done["task"]["type"] == "message" and escalation.ref in done["task"]["value"]
    assert escalation.details["Platform"] == "Facebook"


async def test_unknown_invokes_and_buttons_get_a_clear_answer(teams: TeamsHarness) -> None:
    unknown = await teams.post(teams.activity("invoke", name="signin/verifyState", value={}))
    assert unknown.status == 501
    button = await teams.execute("no_such_verb", {})
    assert "doesn't know that button" in (await button.json())["value"]


def test_the_app_package_is_complete() -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "adapters" / "teams" / "appPackage"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["manifestVersion"] == "1.17"
    [bot] = manifest["bots"]
    assert set(bot["scopes"]) == {"personal", "team"}
    [command] = manifest["composeExtensions"][0]["commands"]
    assert command["type"] == "action" and command["context"] == ["message"] and command["fetchTask"]
    for name, size in (("color.png", 192), ("outline.png", 32)):
        data = (folder / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == int.from_bytes(data[20:24], "big") == size


async def test_a_ping_that_fails_for_good_on_slack_is_posted_in_teams_instead(
    settings: Settings,
    fake_connector: FakeConnector,
    fake_slack: FakeSlack,
    knowledge: Knowledge,
    understander: Understander,
) -> None:
    harness, engine = await _harness(
        settings,
        fake_connector,
        knowledge,
        understander,
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_signing_secret=SecretStr("test-signing-secret"),
        slack_api_url=fake_slack.url,
        slack_comms_channel="CCOMMS",
    )
    try:
        await harness.register_comms()
        fake_slack.fail(
            "chat.postMessage", SlackFault(status=200, body={"ok": False, "error": "invalid_blocks"})
        )
        await harness.execute("report_submit", form_data(what_said="Someone says the Trust hides mistakes"))
        await harness.deliver()
        [escalation] = await _escalations(harness)
        assert fake_slack.posted_to("CCOMMS") == []  # Slack refused it for good
        [card] = [c for c in fake_connector.cards(COMMS_CHANNEL) if escalation.ref in all_text(c)]
        assert "Could not be delivered on Slack" in all_text(card)
        async with harness.sessions() as session:
            trail = [
                (entry.action, entry.note or "")
                for entry in await audit_trail(session, escalation_id=escalation.id)
            ]
        assert any(action == "delivery failed" for action, _ in trail)
    finally:
        await harness.client.close()
        await engine.dispose()


def test_bodies_that_are_models_serialize_exactly_as_msrest_does() -> None:
    """The connector's faster serializer gives msrest's own JSON for the replies Signpost
    sends (a text reply with a card, the welcome card, a proactive message), and hands
    anything that is not a tree of models (a dict in a model's place) to msrest unchanged."""
    from botbuilder.schema import (
        ActionTypes,
        ActivityTypes,
        CardAction,
        ChannelAccount,
        ConversationAccount,
        ConversationParameters,
        Entity,
        Mention,
        SuggestedActions,
        TextFormatTypes,
    )
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials

    from adapters.teams.cards import welcome_card
    from adapters.teams.connector import ModelBodies
    from adapters.teams.poster import message

    msrest = ConnectorClient(MicrosoftAppCredentials("", ""), base_url="http://127.0.0.1")._serialize
    fast = ModelBodies(msrest.dependencies)
    reply = message(
        "No: please don't accept. <b>6.1</b> ünïcode 🙂", welcome_card(urgent_help_url=URGENT_URL)
    )
    reply.conversation = ConversationAccount(id=personal_id(STAFF), is_group=False, tenant_id="t")
    reply.from_property = ChannelAccount(id="28:bot", name="Signpost")
    reply.recipient = ChannelAccount(id=STAFF, name="Jo", aad_object_id="aad")
    reply.channel_data = {"tenant": {"id": "t"}}
    reply.reply_to_id = "1700000000000"
    plain = message("Your report SP-2026-0001 is recorded.")
    plain.type = ActivityTypes.message  # an enum where a string is expected
    plain.timestamp = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    plain.entities = [Entity(type="clientInfo")]
    plain.suggested_actions = SuggestedActions(
        to=[STAFF], actions=[CardAction(type=ActionTypes.im_back, title="Yes", value="yes")]
    )
    plain.local_timezone, plain.text_format = "Europe/London", TextFormatTypes.plain
    with_a_dict = message("hi")
    with_a_dict.recipient = {"id": STAFF}  # a dict where a model belongs: msrest's own path
    parameters = ConversationParameters(is_group=False, members=[ChannelAccount(id=STAFF)], tenant_id="t")
    mentioning = message("hi <at>Jo</at>")  # a Mention is not an Entity: msrest's own path
    mentioning.entities = [
        Mention(mentioned=ChannelAccount(id=STAFF, name="Jo"), text="<at>Jo</at>", type="mention")
    ]
    for body, kind in ((reply, "Activity"), (plain, "Activity"), (parameters, "ConversationParameters")):
        assert fast._plain(body, 0) is not None, "written in one pass"
        assert fast.body(body, kind) == msrest.body(body, kind)
    for body in (with_a_dict, mentioning):
        assert fast._plain(body, 0) is None
        assert fast.body(body, "Activity") == msrest.body(body, "Activity")
    assert fast.body(with_a_dict, "Activity")["recipient"] == {"id": STAFF}


@pytest.mark.parametrize(
    ("app_id", "sent"),
    [
        ("00000000-0000-0000-0000-0000000000a1", "Bearer token-from-entra"),
        ("", None),
        ("AnonymousSkill", None),
    ],
    ids=["app-id", "no-app-id", "anonymous-skill"],
)
async def test_connector_calls_carry_the_bots_token_only_when_it_has_an_app_id(
    app_id: str, sent: str | None
) -> None:
    """A reply sent through the tuned Connector client carries the bot's Entra ID token, as
    botbuilder's own sender does; with no app id (the Emulator, local use) or as an
    anonymous skill it carries none. Only the token fetch from Entra ID is stood in for."""
    from aiohttp import web
    from aiohttp.test_utils import TestServer
    from botbuilder.schema import Activity
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials

    from adapters.teams.connector import Transport, tune

    class Credentials(MicrosoftAppCredentials):  # type: ignore[misc]
        def get_access_token(self, force_refresh: bool = False) -> str:
            return "token-from-entra"

    seen: list[str | None] = []

    async def connector(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization"))
        return web.json_response({"id": "1"})

    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities", connector)
    transport = Transport()
    async with TestServer(app, host="127.0.0.1") as server:
        client = ConnectorClient(Credentials(app_id, "secret"), base_url=str(server.make_url("")))
        tune(client, transport, retries=0, timeout=5)
        hello = Activity(type="message", text="hi")
        try:
            answer = await client.conversations.send_to_conversation("a:1", hello)
        finally:
            await transport.close()
    assert answer.id == "1"
    assert seen == [sent]


@pytest.mark.parametrize("registered", [True, False], ids=["on-call channel", "none"])
async def test_out_of_hours_an_urgent_teams_report_is_said_to_reach_on_call_only_when_it_does(
    settings: Settings,
    fake_connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
    registered: bool,
) -> None:
    """Teams has no on-call setting: a channel registered with "register oncall" is the
    out-of-hours route, and the receipt says so only when one is."""
    closed = _DAYS[(dt.date.today().weekday() + 3) % 7]  # open one day, three days away
    teams, engine = await _harness(
        settings,
        fake_connector,
        knowledge,
        understander,
        office_hours=f"{closed}-{closed} 09:00-17:00 Europe/London",
    )
    try:
        await teams.register_comms()
        if registered:
            answer = await teams.say("register oncall", user=COMMS_MEMBER, channel=ONCALL_CHANNEL)
            assert answer.status == 200
        said = "They posted that they want to end their life tonight and tagged the Trust"
        answer = await teams.execute("report_submit", form_data(kind="crisis", what_said=said))
        shown = all_text((await answer.json())["value"])
        assert "out of hours" in shown
        assert ("on-call contact" in shown) is registered and ("next in" in shown) is not registered, shown
        await teams.deliver()
        assert bool(teams.connector.cards(ONCALL_CHANNEL)) is registered
    finally:
        await teams.client.close()
        await engine.dispose()


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ONCALL_CHANNEL = "19:oncall@thread.tacv2"
