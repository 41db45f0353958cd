"""The store on SQLite and on a real PostgreSQL server: migrations, escalations, lifecycle."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.escalations import IllegalTransition, Status, transition
from bot.reminders import REMINDERS
from bot.store.engine import make_engine, make_sessions
from bot.store.escalations import (
    NewEscalation,
    add_to_escalation,
    audit_trail,
    create_escalation,
    get_escalation,
    list_escalations,
    outbox_for,
)
from bot.store.migrate import alembic_config, downgrade, upgrade

TABLES = {
    "conversation_state",
    "advice_log",
    "escalations",
    "audit",
    "processed_events",
    "outbox",
    "ref_counters",
    "conversation_references",
    "inbox",
}
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    return names - {"alembic_version"}


async def test_migrations_run_from_empty_to_head_and_back(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        assert await _tables(engine) == TABLES
        await downgrade(engine, "base")
        assert await _tables(engine) == set()
        await upgrade(engine)
        assert await _tables(engine) == TABLES
    finally:
        await engine.dispose()


async def test_the_models_and_the_migrations_agree(engine: AsyncEngine) -> None:
    def check(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.check(config)

    async with engine.begin() as connection:
        await connection.run_sync(check)


def _report(**overrides: object) -> NewEscalation:
    fields: dict[str, object] = {
        "kind": "criticism",
        "severity": "normal",
        "channel": "terminal",
        "conversation_id": "D1",
        "reporter_id": "U1",
        "summary": "A tweet says the waiting list is a scandal",
        "details": {"link": "https://x.com/a/status/1", "platform": "x"},
    }
    fields.update(overrides)
    return NewEscalation(**fields)  # type: ignore[arg-type]


async def test_an_escalation_is_written_with_its_audit_row_and_comms_ping(engine: AsyncEngine) -> None:
    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        first = await create_escalation(session, new=_report(), actor="U1", now=NOW)
        second = await create_escalation(
            session, new=_report(kind="crisis", severity="urgent"), actor="U1", now=NOW
        )
    assert (first.ref, second.ref) == ("SP-2026-0001", "SP-2026-0002")
    async with sessions() as session:
        stored = await get_escalation(session, ref="sp-2026-0002")
        assert stored is not None and (stored.kind, stored.severity, stored.status) == (
            "crisis",
            "urgent",
            "open",
        )
        trail = await audit_trail(session, escalation_id=stored.id)
        assert [(a.action, a.to_status) for a in trail] == [("opened", "open")]
        pings = await outbox_for(session, escalation_id=stored.id)
        assert [(p.purpose, p.status, p.idempotency_key) for p in pings] == [
            ("comms_ping", "pending", "comms_ping:SP-2026-0002")
        ]
        assert [e.ref for e in await list_escalations(session)] == ["SP-2026-0002", "SP-2026-0001"]


async def test_health_details_are_never_stored_however_a_report_arrives(engine: AsyncEngine) -> None:
    """A report form, or words added after a report, go straight to the store: a diagnosis or
    medicine in them is left out there too. An account plan's service names are kept."""
    sessions = make_sessions(engine)
    said = "Their mum posted that he has schizophrenia and is on clozapine"
    async with sessions.begin() as session:
        row = await create_escalation(
            session, new=_report(summary=said, details={"What was said": said}), actor="U1", now=NOW
        )
        await add_to_escalation(
            session,
            escalation=row,
            summary="",
            details={"Reporter added": "she was sectioned in may"},
            abandoned=False,
            actor="U1",
            now=NOW,
        )
        plan = {"Team": "Schizophrenia support service, Instagram", "Reason": "Bipolar peer group"}
        account = await create_escalation(
            session, new=_report(kind="account_request", details=plan), actor="U1", now=NOW
        )
    async with sessions() as session:
        stored = await get_escalation(session, ref=row.ref)
        kept = await get_escalation(session, ref=account.ref)
    assert stored is not None and kept is not None
    assert stored.summary == "Their mum posted that he has [health condition] and is on [medicine]"
    assert stored.details == {
        "What was said": "Their mum posted that he has [health condition] and is on [medicine]",
        "Reporter added": "she was [detained] in may",
    }
    assert kept.details == plan


async def test_references_restart_each_year(engine: AsyncEngine) -> None:
    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        await create_escalation(session, new=_report(), actor="U1", now=NOW)
        later = await create_escalation(session, new=_report(), actor="U1", now=NOW.replace(year=2027))
    assert later.ref == "SP-2027-0001"


async def test_the_lifecycle_allows_only_its_moves_and_audits_each(engine: AsyncEngine) -> None:
    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        row = await create_escalation(session, new=_report(), actor="U1", now=NOW)
        await transition(session, row, Status.ACKNOWLEDGED, actor="comms-1", now=NOW)
        with pytest.raises(IllegalTransition, match="already acknowledged"):
            await transition(session, row, Status.ACKNOWLEDGED, actor="comms-2", now=NOW)
        with pytest.raises(IllegalTransition, match="can move to resolved, not open"):
            await transition(session, row, Status.OPEN, actor="comms-2", now=NOW)
        await transition(
            session, row, Status.RESOLVED, actor="comms-1", now=NOW, note="Replied with PALS link"
        )
        await transition(session, row, Status.OPEN, actor="comms-1", now=NOW, note="They posted again")
        trail = await audit_trail(session, escalation_id=row.id)
    assert [(a.action, a.from_status, a.to_status) for a in trail] == [
        ("opened", None, "open"),
        ("acknowledged", "open", "acknowledged"),
        ("resolved", "acknowledged", "resolved"),
        ("reopened", "resolved", "open"),
    ]
    assert trail[2].note == "Replied with PALS link"


async def test_a_stale_conversation_state_is_refused(engine: AsyncEngine) -> None:
    from bot.messages import ConversationState
    from bot.store.conversations import StaleState, load_state, save_state

    sessions = make_sessions(engine)
    key = {"platform": "slack", "conversation_id": "D1", "user_id": "U1"}
    async with sessions.begin() as session:
        await save_state(
            session,
            state=ConversationState(flow="report_criticism", step="what"),
            expected_version=0,
            now=NOW,
            **key,
        )
    async with sessions.begin() as session:
        loaded = await load_state(session, now=NOW, **key)
        assert (loaded.flow, loaded.step, loaded.version) == ("report_criticism", "what", 1)
        await save_state(
            session,
            state=ConversationState(flow="report_criticism", step="target"),
            expected_version=1,
            now=NOW,
            **key,
        )
    with pytest.raises(StaleState):
        async with sessions.begin() as session:
            await save_state(session, state=ConversationState(), expected_version=1, now=NOW, **key)
    async with sessions() as session:
        assert (await load_state(session, now=NOW, **key)).step == "target"


async def test_two_people_acting_at_once_change_the_state_once(engine: AsyncEngine) -> None:
    import asyncio

    from bot.escalations import act

    sessions = make_sessions(engine)
    async with sessions.begin() as session:
        await create_escalation(session, new=_report(), actor="U1", now=NOW)

    async def ack(who: str) -> str:
        try:
            async with sessions.begin() as session:
                await act(session, ref="SP-2026-0001", to=Status.ACKNOWLEDGED, actor=who, now=NOW)
            return "done"
        except IllegalTransition:
            return "refused"
        except Exception as exc:  # SQLite may refuse the second writer outright
            return type(exc).__name__

    results = await asyncio.gather(ack("comms-1"), ack("comms-2"))
    assert results.count("done") == 1
    async with sessions() as session:
        row = await get_escalation(session, ref="SP-2026-0001")
        assert row is not None
        trail = await audit_trail(session, escalation_id=row.id)
        outbox = await outbox_for(session, escalation_id=row.id)
    assert [a.action for a in trail] == ["opened", "acknowledged"]
    assert [o.purpose for o in outbox if o.purpose not in REMINDERS] == [
        "comms_ping",
        "reporter_update",
        "comms_refresh",
    ]


async def test_a_users_personal_chat_is_never_replaced_by_a_channels_partial_address(
    engine: AsyncEngine,
) -> None:
    """Where to reach a person privately: a first note is written; a channel's partial address (no
    conversation of its own) never replaces their personal chat, on either store, but a personal chat
    replaces a partial address; and two servers noting the same person at once both succeed."""
    from sqlalchemy import select

    from bot.store.models import ConversationReferenceRow
    from bot.store.references import note_user_reference

    now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    personal = {"service_url": "https://smba.example/", "conversation_id": "a:personal", "user_id": "29:u"}
    partial = {"service_url": "https://smba.example/", "conversation_id": None, "user_id": "29:u"}

    async def stored() -> dict[str, object]:
        async with engine.connect() as connection:
            row = await connection.execute(
                select(ConversationReferenceRow.reference).where(ConversationReferenceRow.key == "user:29:u")
            )
            return dict(row.scalar_one())

    async def note(reference: dict[str, object]) -> None:
        async with engine.begin() as connection:
            await note_user_reference(
                connection, user_id="29:u", platform="teams", reference=reference, now=now
            )

    await note(partial)
    assert await stored() == partial
    await note(personal)
    assert await stored() == personal, "a personal chat replaces a partial address"
    await note(partial)
    assert await stored() == personal, "never the other way"
    moved = {**personal, "service_url": "https://smba2.example/"}
    await note(moved)
    assert await stored() == moved
    await asyncio.gather(note(partial), note(personal), note(partial))
    assert await stored() == personal


async def test_a_personal_chat_still_wins_when_another_server_wrote_the_first_row_meanwhile(
    engine: AsyncEngine, database_url: str
) -> None:
    """Two servers note a new person at once: this one reads no row, then another server
    writes the channel's partial address before this one's insert. The personal chat must
    still be kept, or their urgent help would start a new chat from a partial address. Only
    PostgreSQL: a SQLite file has one server, whose writes queue for its one connection."""
    if engine.dialect.name == "sqlite":
        pytest.skip("one server per SQLite file; servers share a PostgreSQL store")
    from sqlalchemy import event, select
    from sqlalchemy.util import await_only

    from bot.store.models import ConversationReferenceRow
    from bot.store.references import note_user_reference

    now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    personal = {"service_url": "https://smba.example/", "conversation_id": "a:personal", "user_id": "29:u"}
    partial = {"service_url": "https://smba.example/", "conversation_id": None, "user_id": "29:u"}
    other_server = make_engine(database_url)

    async def note(on: AsyncEngine, reference: dict[str, object]) -> None:
        async with on.begin() as connection:
            await note_user_reference(
                connection, user_id="29:u", platform="teams", reference=reference, now=now
            )

    raced: list[str] = []

    def other_server_first(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO conversation_references") and not raced:
            raced.append(statement)
            await_only(note(other_server, partial))

    event.listen(engine.sync_engine, "before_cursor_execute", other_server_first)
    try:
        await note(engine, personal)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", other_server_first)
        await other_server.dispose()
    assert raced, "the other server's write ran between this one's read and insert"
    async with engine.connect() as connection:
        kept = (
            await connection.execute(
                select(ConversationReferenceRow.reference).where(ConversationReferenceRow.key == "user:29:u")
            )
        ).scalar_one()
    assert kept == personal
