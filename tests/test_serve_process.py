"""`signpost serve` as a real process: killed mid-burst and restarted, and two replicas
sharing one PostgreSQL. Every acknowledged report is kept and pinged exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.messages import utcnow
from bot.store.engine import make_engine, make_sessions
from bot.store.escalations import NewEscalation, create_escalation
from bot.store.inbox import count as inbox_count
from bot.store.migrate import upgrade
from bot.store.models import INBOX, EscalationRow, OutboxRow
from tests.conftest import POSTGRES_URL, _fresh_postgres_database
from tests.fakes.bot_connector import FakeConnector
from tests.fakes.bot_connector import Fault as TeamsFault
from tests.fakes.slack_api import FakeSlack, Fault
from tests.outbox_wait import outbox_rows
from tests.serve_process import ServeProcess
from tests.slack_harness import (
    COMMS,
    COMMS_MEMBER,
    SECRET,
    STAFF,
    TOKEN,
    dm,
    event_envelope,
    report_values,
    sign,
    view_submission,
)
from tests.teams_harness import STAFF as TEAMS_STAFF
from tests.teams_harness import activity as teams_activity
from tests.teams_harness import personal_id as teams_personal_id

REF = re.compile(r"SP-\d{4}-\d{4}")


def _env(fake: FakeSlack, database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url,
        "SLACK_COMMS_CHANNEL": COMMS,
        "SLACK_COMMS_MEMBERS": COMMS_MEMBER,
        "DELIVERY_LEASE_SECONDS": "8",  # a killed worker's claims come back within seconds
    }


def _pinged_refs(fake: FakeSlack) -> Counter[str]:
    return Counter(
        found.group(0) for m in fake.posted_to(COMMS) if (found := REF.search(m.get("text") or ""))
    )


async def _until(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_every_report_acknowledged_before_a_sigkill_is_kept_and_pinged_once(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}"
    server = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
    await server.start()
    acknowledged: dict[int, str] = {}

    async def report(session: aiohttp.ClientSession, number: int) -> None:
        values = report_values(kind="criticism_trust", what_said=f"Burst report number {number}")
        payload = view_submission(
            "report_form", values, user=f"UBURST{number:03d}", view_id=f"VBURST{number}"
        )
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
        try:
            async with session.post(server.url + "/slack/events", data=body, headers=headers) as answer:
                if answer.status == 200 and (found := REF.search(await answer.text())):
                    acknowledged[number] = found.group(0)
        except (TimeoutError, aiohttp.ClientError):
            pass  # in flight when the server died: never acknowledged

    async with aiohttp.ClientSession() as session:
        burst = []
        for number in range(80):
            burst.append(asyncio.create_task(report(session, number)))
            await asyncio.sleep(0.004)
            if len(acknowledged) >= 20 and server.process and server.process.poll() is None:
                server.kill()
        await _until(lambda: len(acknowledged) >= 20, 30, "20 acknowledged reports")
        server.kill()
        await asyncio.gather(*burst)
    assert 20 <= len(acknowledged) < 80, "the kill landed mid-burst"

    restarted = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
    await restarted.start()
    engine = make_engine(database_url)
    try:
        async with make_sessions(engine)() as session:
            stored = set((await session.execute(select(EscalationRow.ref))).scalars())
        assert set(acknowledged.values()) <= stored, "an acknowledged report was lost"
        await _until(lambda: set(_pinged_refs(fake_slack)) >= stored, 120, "every stored report pinged")
        await asyncio.sleep(1.0)  # anything left to double-post would show now
        pinged = _pinged_refs(fake_slack)
        assert set(pinged) == stored and max(pinged.values()) == 1, "each report pinged exactly once"
        assert restarted.terminate() == 0, "a clean shutdown on SIGTERM"
        lines = [line for line in (tmp_path / "serve.log").read_text().splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]  # every line is one JSON object
        assert all({"event", "level", "timestamp"} <= record.keys() for record in records)
        assert any(record["event"] == "delivered" for record in records)
        assert "Burst report" not in "\n".join(lines), "no report text in the logs"
        assert SECRET not in "\n".join(lines) and TOKEN not in "\n".join(lines)
    finally:
        restarted.kill()
        await engine.dispose()


def _answers(fake: FakeSlack) -> Counter[str]:
    """The event ids Signpost has answered, from the key each reply carries, and how often."""
    keys = (
        str(((m.get("metadata") or {}).get("event_payload") or {}).get("key"))
        for m in fake.of("chat.postMessage")
    )
    return Counter(key.split(":")[1] for key in keys if key.startswith("reply:") and key.endswith(":0"))


async def test_every_question_acknowledged_before_a_sigkill_is_answered_once_after_the_restart(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    """Slack was told each of these messages arrived, so it never sends them again: those
    whose turn had not run when the server died are answered after the restart, and none
    twice. The inbox (bot/inbox.py) is empty afterwards: no message text is kept."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}"
    server = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
    await server.start()
    acknowledged: set[str] = set()

    async def ask(session: aiohttp.ClientSession, number: int) -> None:
        event_id = f"EvKill{number:04d}"
        question = f"can I accept a friend request from a former patient? (asking for ward {number})"
        body = json.dumps(event_envelope(dm(question, user=f"UKILL{number:04d}"), event_id=event_id))
        headers = {"Content-Type": "application/json", **sign(body)}
        try:
            async with session.post(server.url + "/slack/events", data=body, headers=headers) as answer:
                if answer.status == 200:
                    acknowledged.add(event_id)
            if len(acknowledged) >= 60 and server.process and server.process.poll() is None:
                server.kill()
        except (TimeoutError, aiohttp.ClientError):
            pass  # in flight when the server died: never acknowledged, so Slack would retry it

    async with aiohttp.ClientSession() as session:
        burst = [asyncio.create_task(ask(session, number)) for number in range(300)]
        await asyncio.gather(*burst)
    answered_before = set(_answers(fake_slack))
    assert 60 <= len(acknowledged) < 300, "the kill landed mid-burst"
    assert acknowledged - answered_before, "some turns were still waiting when the server died"

    restarted = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
    await restarted.start()
    engine = make_engine(database_url)
    try:
        await _until(
            lambda: set(_answers(fake_slack)) >= acknowledged, 60, "every acknowledged question answered"
        )
        await asyncio.sleep(1.0)  # a second answer would show now
        answers = _answers(fake_slack)
        assert all(answers[event_id] == 1 for event_id in acknowledged), "each answered exactly once"
        # Some were written and then the server died before Slack heard "200": Slack would
        # send those again, and they are answered once all the same.
        assert max(answers.values()) == 1
        waiting = -1
        for _ in range(50):
            async with engine.connect() as connection:
                waiting = await inbox_count(connection)
            if waiting == 0:
                break
            await asyncio.sleep(0.1)
        assert waiting == 0, "no message text left in the store"
        assert restarted.terminate() == 0
        assert "asking for ward" not in (tmp_path / "serve.log").read_text(), "no question text in the logs"
    finally:
        restarted.kill()
        await engine.dispose()


@pytest.mark.parametrize(
    "slack_took_it", [False, True], ids=["killed before posting", "killed after posting"]
)
async def test_an_answer_not_yet_sent_when_the_server_dies_is_sent_once_after_the_restart(
    tmp_path: Path, fake_slack: FakeSlack, slack_took_it: bool
) -> None:
    """The turn had run (its message marked seen) but Slack had not answered the reply's post
    when the server died. Before, the answer was lost: the restarted server knew the message
    and ran nothing. Now the inbox row holds the replies (and no longer the question's text)
    until they are out, and the restart sends what Slack does not have, once."""
    question = "can I accept a friend request from a former patient on facebook?"
    database_url = await _killed_while_replying(tmp_path, fake_slack, question, slack_took_it, "EvLate0001")

    def in_the_dm() -> list[dict[str, Any]]:
        """The answers in the person's DM, by the key each carries."""
        return [
            m
            for m in fake_slack.posted_to("D" + STAFF[1:])
            if ((m.get("metadata") or {}).get("event_payload") or {}).get("key") == "reply:EvLate0001:0"
        ]

    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            (payload,) = (await connection.execute(select(INBOX.c.payload))).scalars().all()
        assert "text" not in payload and question not in json.dumps(payload), "the question left the store"
        assert [reply["key"] for reply in payload["replies"]] == ["reply:EvLate0001:0"]
        assert len(in_the_dm()) == (1 if slack_took_it else 0)

        restarted = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
        await restarted.start()
        try:
            await _until(lambda: in_the_dm(), 10, "the answer sent")
            await asyncio.sleep(1.0)  # a second copy would show now
            (posted,) = in_the_dm()
            assert str(posted.get("text", "")).startswith("No") and "section 6.1" in str(posted)
            await _until(lambda: not _inbox_rows(database_url), 5, "the inbox emptied")
        finally:
            restarted.kill()
    finally:
        await engine.dispose()


async def _killed_while_replying(
    tmp_path: Path, fake: FakeSlack, text: str, slack_took_it: bool, event_id: str | None = None
) -> str:
    """A DM acknowledged, then the server SIGKILLed while Slack has not answered its first
    reply's post (which Slack took, or not). Returns the store's URL."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}"
    fake.fail("chat.postMessage", Fault(status=200, body={"ok": True}, delay=30, accept=slack_took_it))
    server = ServeProcess(_env(fake, database_url), tmp_path / "serve.log")
    await server.start()
    envelope = event_envelope(dm(text)) if event_id is None else event_envelope(dm(text), event_id=event_id)
    body = json.dumps(envelope)
    headers = {"Content-Type": "application/json", **sign(body)}
    async with (
        aiohttp.ClientSession() as session,
        session.post(server.url + "/slack/events", data=body, headers=headers) as answer,
    ):
        assert answer.status == 200, "acknowledged"
    await _until(lambda: fake.of("chat.postMessage:fault"), 10, "the reply on its way")
    server.kill()
    return database_url


def _inbox_rows(database_url: str) -> int:
    import sqlite3

    with sqlite3.connect(database_url.split("///", 1)[1]) as db:
        return int(db.execute("select count(*) from inbox").fetchone()[0])


@pytest.mark.parametrize(
    "slack_took_it", [False, True], ids=["killed before posting", "killed after posting"]
)
async def test_urgent_help_acknowledged_before_a_sigkill_still_reaches_the_person_once(
    tmp_path: Path, fake_slack: FakeSlack, slack_took_it: bool
) -> None:
    """Slack was told the message arrived, so it never sends it again: the urgent help held
    in the outbox is what reaches the person after the restart, and only once."""
    database_url = await _killed_while_replying(
        tmp_path, fake_slack, "I can't cope anymore, I want to end it all", slack_took_it
    )

    def urgent_dms() -> list[dict[str, object]]:
        return [m for m in fake_slack.posted_to("D" + STAFF[1:]) if "116 123" in str(m.get("text"))]

    assert len(urgent_dms()) == (1 if slack_took_it else 0)
    restarted = ServeProcess(_env(fake_slack, database_url), tmp_path / "serve.log")
    await restarted.start()
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    try:
        deadline = time.monotonic() + 30
        # The hold (the 8 s lease) runs out, then the worker sends.
        while [row.status for row in await outbox_rows(sessions, "urgent_help")] != ["sent"]:
            assert time.monotonic() < deadline, "the held urgent help was never sent"
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # a second copy would show now
        assert len(urgent_dms()) == 1, "the urgent help arrives exactly once"
    finally:
        restarted.kill()
        await engine.dispose()


@pytest.mark.skipif(not POSTGRES_URL and os.environ.get("CI") != "true", reason="no PostgreSQL server")
async def test_two_servers_on_one_postgresql_deliver_each_of_200_escalations_once(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    assert POSTGRES_URL, "scripts/test.sh starts PostgreSQL"
    database_url, drop = await _fresh_postgres_database(POSTGRES_URL)
    engine = make_engine(database_url)
    servers = [ServeProcess(_env(fake_slack, database_url), tmp_path / f"serve{i}.log") for i in range(2)]
    try:
        await upgrade(engine)
        async with make_sessions(engine).begin() as session:
            for number in range(200):
                new = NewEscalation(
                    kind="criticism",
                    severity="urgent" if number % 10 == 0 else "normal",
                    channel="terminal",
                    conversation_id=None,
                    reporter_id=None,
                    summary=f"Batch escalation {number}",
                    details={},
                )
                await create_escalation(session, new=new, actor="batch", now=utcnow())
        await asyncio.gather(*(server.start() for server in servers))
        await _until(lambda: sum(_pinged_refs(fake_slack).values()) >= 200, 90, "200 pings")
        await asyncio.sleep(1.0)
        pinged = _pinged_refs(fake_slack)
        assert len(pinged) == 200 and sum(pinged.values()) == 200, "each escalation pinged exactly once"
        async with make_sessions(engine)() as session:
            statuses = Counter((await session.execute(select(OutboxRow.status))).scalars())
        assert statuses == {"sent": 200}
    finally:
        for server in servers:
            server.kill()
        await engine.dispose()
        await drop()


# ------------------------------------------------------------------ Teams


def _teams_env(database_url: str) -> dict[str, str]:
    """Teams only, with no app id: the server answers activities whose serviceUrl is on this
    machine (the fake Connector)."""
    return {"DATABASE_URL": database_url, "DELIVERY_LEASE_SECONDS": "8"}


async def _post_activity(session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> int:
    headers = {"Content-Type": "application/json"}
    async with session.post(url + "/api/messages", data=json.dumps(body), headers=headers) as answer:
        return answer.status


def _teams_answers(connector: FakeConnector, users: list[str]) -> Counter[str]:
    """How many answers each user's personal chat got."""
    return Counter({user: len(connector.messages(teams_personal_id(user))) for user in users})


async def test_every_teams_message_acknowledged_before_a_sigkill_is_answered_after_the_restart(
    tmp_path: Path, fake_connector: FakeConnector
) -> None:
    """Teams heard "200" for each of these messages, so it never sends them again. Before, a
    Teams message's turn ran while Teams waited, and a server that died then lost it. Now the
    inbox keeps it: those not answered when the server died are answered after the restart,
    once. Teams offers no way to look a message up, so an answer sent just before the kill,
    whose row was not yet deleted, can come twice: never more, never not at all."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}"
    server = ServeProcess(_teams_env(database_url), tmp_path / "serve.log")
    await server.start()
    users = [f"29:kill-{number:04d}" for number in range(300)]
    acknowledged: set[str] = set()

    async def ask(session: aiohttp.ClientSession, user: str, slots: asyncio.Semaphore) -> None:
        question = f"can I accept a friend request from a former patient? (asking for ward {user[-4:]})"
        body = teams_activity("message", service_url=fake_connector.url, user=user, text=question)
        async with slots:  # 20 at a time: turns run while messages still arrive
            try:
                if await _post_activity(session, server.url, body) == 200:
                    acknowledged.add(user)
            except (TimeoutError, aiohttp.ClientError):
                pass  # in flight when the server died: never acknowledged, so Teams sends it again

    async def kill_once_answering() -> None:
        while len(acknowledged) < 60 or len(fake_connector.messages()) < 20:
            await asyncio.sleep(0.005)
        server.kill()

    async with aiohttp.ClientSession() as session:
        slots = asyncio.Semaphore(20)
        killer = asyncio.create_task(kill_once_answering())
        await asyncio.gather(*(ask(session, user, slots) for user in users))
        await asyncio.wait_for(killer, 5)
    before = _teams_answers(fake_connector, users)
    unanswered = {user for user in acknowledged if before[user] == 0}
    assert len(acknowledged) >= 60 and len(unanswered) >= 20, "turns were still waiting when it died"
    assert len(acknowledged) - len(unanswered) >= 10, "and some had been answered"

    restarted = ServeProcess(_teams_env(database_url), tmp_path / "serve.log")
    await restarted.start()
    try:
        await _until(
            lambda: all(n >= 1 for n in _teams_answers(fake_connector, sorted(acknowledged)).values()),
            60,
            "every acknowledged message answered",
        )
        await _until(lambda: not _inbox_rows(database_url), 10, "the inbox emptied")
        after = _teams_answers(fake_connector, users)
        assert all(after[user] == 1 for user in unanswered), "waiting turns answered exactly once"
        assert max(after.values()) <= 2, "an answer sent before the kill comes at most twice"
        for text in fake_connector.texts():
            assert text.startswith("No"), text
        assert restarted.terminate() == 0
        assert "asking for ward" not in (tmp_path / "serve.log").read_text(), "no question text in the logs"
    finally:
        restarted.kill()


async def _teams_killed_while_replying(
    tmp_path: Path, connector: FakeConnector, text: str
) -> tuple[str, str]:
    """A personal-chat message acknowledged, then the server SIGKILLed while the Connector holds
    its first reply (and so never takes it). Returns the store's URL and the message's id."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'signpost.db'}"
    connector.fail(TeamsFault(200, delay=30))
    server = ServeProcess(_teams_env(database_url), tmp_path / "serve.log")
    await server.start()
    async with aiohttp.ClientSession() as session:
        body = teams_activity("message", service_url=connector.url, user=TEAMS_STAFF, text=text)
        assert await _post_activity(session, server.url, body) == 200, "acknowledged"
    await _until(lambda: connector.held, 10, "the reply on its way")
    server.kill()
    return database_url, str(body["id"])


async def test_a_teams_answer_not_yet_sent_when_the_server_dies_is_sent_once_after_the_restart(
    tmp_path: Path, fake_connector: FakeConnector
) -> None:
    question = "can I accept a friend request from a former patient on facebook?"
    database_url, question_id = await _teams_killed_while_replying(tmp_path, fake_connector, question)
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            (payload,) = (await connection.execute(select(INBOX.c.payload))).scalars().all()
        assert "text" not in payload and question not in json.dumps(payload), "the question left the store"
        assert "Jo Bloggs" not in json.dumps(payload), "no display name kept"
        assert len(payload["replies"]) == 1
        assert fake_connector.messages() == []

        restarted = ServeProcess(_teams_env(database_url), tmp_path / "serve.log")
        await restarted.start()
        try:
            chat = teams_personal_id(TEAMS_STAFF)
            await _until(lambda: fake_connector.messages(chat), 10, "the answer sent")
            await _until(lambda: not _inbox_rows(database_url), 5, "the inbox emptied")
            await asyncio.sleep(1.0)  # a second copy would show now
            [answer] = fake_connector.messages(chat)
            assert answer["text"].startswith("No") and "6.1" in answer["text"]
            [call] = fake_connector.of("reply")
            assert call.activity_id == question_id, "a reply to the question, as before the restart"
        finally:
            restarted.kill()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("down", [0.0, 9.0], ids=["restarted at once", "restarted after the hold"])
async def test_teams_urgent_help_held_when_the_server_dies_reaches_the_person_once(
    tmp_path: Path, fake_connector: FakeConnector, down: float
) -> None:
    """The restarted server sends the kept replies, the urgent help among them only while its
    outbox row is still held for it. Restarted after the hold (8 s) ran out, the outbox worker
    may take the urgent help first; then the kept replies leave it out, so it comes once."""
    database_url, _ = await _teams_killed_while_replying(
        tmp_path, fake_connector, "I can't cope anymore, I want to end it all"
    )
    await asyncio.sleep(down)
    chat = teams_personal_id(TEAMS_STAFF)

    def urgent() -> list[str]:
        return [text for text in fake_connector.texts(chat) if "116 123" in text]

    restarted = ServeProcess(_teams_env(database_url), tmp_path / "serve.log")
    await restarted.start()
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    try:
        await _until(lambda: urgent(), 10, "the urgent help sent")
        deadline = time.monotonic() + 30
        while [row.status for row in await outbox_rows(sessions, "urgent_help")] != ["sent"]:
            assert time.monotonic() < deadline, "the held urgent help was never settled"
            await asyncio.sleep(0.2)
        await _until(lambda: not _inbox_rows(database_url), 5, "the inbox emptied")
        await asyncio.sleep(9.0 - down)  # past the 8 s hold: a worker's second copy would show now
        assert len(urgent()) == 1, "the urgent help arrives exactly once"
        if not down:
            assert "116 123" in fake_connector.texts(chat)[0], "and first"
    finally:
        restarted.kill()
        await engine.dispose()
