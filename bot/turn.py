"""handle_turn(): the one place a turn is read and written.

Load the conversation's state, let the router decide, then write the state, the advice
audit, and any escalation with its audit row and outbox ping, in one transaction. A
message id seen before is answered once only. Any unexpected error becomes a short
apology with an error id; the details go to the log, never to the user.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.escalations import IllegalTransition, Status, transition
from bot.failures import log_failure
from bot.forms import ReportForm
from bot.messages import (
    ConversationState,
    EscalationDraft,
    IncomingMessage,
    Outcome,
    Reply,
    clean_text,
    utcnow,
)
from bot.reminders import follow_ups
from bot.reports import CLOSING_SOON, Confirmations
from bot.router import CLARIFY, Router
from bot.store.conversations import Database, StaleState, load_state, record_advice, save_state
from bot.store.engine import fair_gate, make_sessions
from bot.store.escalations import (
    NewEscalation,
    add_to_escalation,
    create_escalation,
    get_escalation,
    queue_reporter_update,
    queue_withdrawn,
)
from bot.store.models import PROCESSED_EVENTS, EscalationRow
from bot.store.outbox import hand_over_held, hold, keep_held, settle_held
from bot.store.references import channel_key, load_reference

logger = logging.getLogger(__name__)
ATTEMPTS = 3
Answered = Callable[[AsyncConnection, Outcome], Awaitable[None]]
"""Runs in a turn's transaction with what the turn decided (`Turns.handle`)."""


class DuplicateMessage(Exception):
    """This message id was handled before (a platform retry): it gets no second answer."""


@dataclass(frozen=True)
class Turns:
    router: Router
    engine: AsyncEngine
    confirmations: Confirmations
    clock: Callable[[], dt.datetime] = utcnow
    urgent_hold: dt.timedelta = dt.timedelta(seconds=60)
    """How long a turn's urgent help is held for the adapter's own send before the outbox
    worker may send it instead (the delivery lease: longer than the adapter's tries)."""
    sessions: async_sessionmaker[AsyncSession] = field(init=False, repr=False)
    """ORM sessions on `engine`, for the turns that record an escalation and for report forms."""

    gate: AbstractAsyncContextManager[Any] = field(init=False, repr=False)
    """Turns wait for the store in the order they came (`fair_gate`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", make_sessions(self.engine))
        object.__setattr__(self, "gate", fair_gate(self.engine))

    async def handle(self, msg: IncomingMessage, *, answered: Answered | None = None) -> Outcome:
        """One turn. `answered` runs in the turn's transaction, with what it decided: the
        inbox keeps the replies there, so they outlive a crash before they are sent."""
        msg = replace(msg, text=clean_text(msg.text))
        try:
            return await self._handle_with_retries(msg, answered)
        except DuplicateMessage:
            logger.info("duplicate message ignored", extra={"platform": msg.platform})
            return Outcome(replies=(), seen_before=True)
        except Exception as exc:
            error_id = log_failure(logger, "turn failed", exc, platform=msg.platform)
            urgent = self._urgent_without_store(msg)
            return Outcome(replies=(*urgent, apology(error_id)), private=bool(urgent))

    def _urgent_without_store(self, msg: IncomingMessage) -> tuple[Reply, ...]:
        """When the store fails, urgent-help signposting must still reach the user."""
        try:
            fallback = self.router.route(msg, ConversationState(), self.clock().date())
        except Exception:
            return ()
        return tuple(reply for reply in fallback.replies if reply.urgent)

    async def _handle_with_retries(self, msg: IncomingMessage, answered: Answered | None) -> Outcome:
        """A turn that lost a race with another turn of the same conversation runs again."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle(msg, answered)
            except (StaleState, IntegrityError, OperationalError):
                if attempt == ATTEMPTS:
                    raise
                logger.info("turn raced another; retrying", extra={"attempt": attempt})
                await asyncio.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    async def _handle(self, msg: IncomingMessage, answered: Answered | None = None) -> Outcome:
        """One transaction on a plain connection: most turns (a question and its answer) run
        three Core statements, and the ORM session is opened on the same transaction only
        for a turn that records an escalation."""
        now = self.clock()
        key = {"platform": msg.platform, "conversation_id": msg.conversation_id, "user_id": msg.user_id}
        async with self.gate, self.engine.begin() as connection:
            if msg.message_id is not None:
                await _first_time(connection, source=msg.platform, event_id=msg.message_id, now=now)
            state = await load_state(connection, now=now, **key)
            outcome = self.router.route(msg, state, now.date())
            outcome = replace(outcome, private=_is_private(state, outcome))
            if outcome.escalation is not None:
                # Joins the connection's transaction: its commit flushes, the block below commits.
                async with self.sessions(bind=connection) as session:
                    outcome = await self._record(session, msg, outcome, now)
                    await session.commit()
            await save_state(connection, state=outcome.state, expected_version=state.version, now=now, **key)
            if msg.holds_urgent_help and msg.message_id is not None:
                outcome = await self._hold_urgent(connection, msg, outcome, now)
            if outcome.advice is not None:
                await record_advice(connection, platform=msg.platform, advice=outcome.advice, now=now)
            if answered is not None:
                await answered(connection, outcome)
        return outcome

    async def _hold_urgent(
        self, connection: AsyncConnection, msg: IncomingMessage, outcome: Outcome, now: dt.datetime
    ) -> Outcome:
        """Urgent help is written to the outbox with the turn, held for the adapter's own send:
        the turn is committed (and its message id marked seen) before the replies go out, so a
        server that dies in between must not lose them. Only urgent help: a question can be
        asked again, and holding every reply would cost each turn two more writes."""
        urgent = [reply.text for reply in outcome.replies if reply.urgent]
        if not urgent:
            return outcome
        assert msg.message_id is not None  # held only for a message with an id
        key = _urgent_key(msg.platform, msg.message_id)
        payload = {"channel": msg.platform, "user_id": msg.user_id, "text": "\n\n".join(urgent)}
        await hold(
            connection,
            purpose="urgent_help",
            target="reporter",
            payload=payload,
            key=key,
            now=now,
            until=now + self.urgent_hold,
        )
        return replace(outcome, urgent_key=key)

    async def keep_urgent(self, key: str) -> bool:
        """Before sending again urgent help held for a turn that ran before a restart: True when
        it is still this adapter's to send (its hold renewed); False when it went out before
        the restart or the outbox worker has taken it over, and so must not be sent again."""
        try:
            async with self.gate, self.engine.begin() as connection:
                return await keep_held(connection, key=key, until=self.clock() + self.urgent_hold)
        except Exception as exc:
            log_failure(logger, "urgent help not kept", exc)
            return False  # the outbox worker sends it when the hold runs out

    async def settle_urgent(self, key: str | None, *, sent: bool) -> None:
        """The adapter's report on the urgent help held for it (`Outcome.urgent_key`). Sent:
        the held row is settled. Not sent: the outbox worker sends it now with its own
        retries, after checking the platform did not take it after all. When this fails too,
        the row stays held and the worker takes it over when the hold runs out."""
        if key is None:
            return
        try:
            async with self.gate, self.engine.begin() as connection:
                now = self.clock()
                if not sent:
                    await hand_over_held(connection, key=key, now=now)
                elif not await settle_held(connection, key=key, now=now):
                    logger.warning("urgent help was already taken over by the outbox")
        except Exception as exc:
            log_failure(logger, "urgent help not settled", exc)

    async def _record(
        self, session: AsyncSession, msg: IncomingMessage, outcome: Outcome, now: dt.datetime
    ) -> Outcome:
        draft = outcome.escalation
        assert draft is not None
        actor = "anonymous" if draft.anonymous else msg.user_id
        if draft.ref is not None:
            return await self._add_to(session, draft, outcome, actor, now)
        row = await self._open(
            session,
            draft,
            platform=msg.platform,
            user_id=msg.user_id,
            conversation_id=msg.conversation_id,
            now=now,
        )
        if outcome.state.step is not None:  # recorded at once; the report carries on at its next step
            state = replace(outcome.state, data={**outcome.state.data, "ref": row.ref})
            *before, question = outcome.replies
            replies = (*before, self.confirmations.recorded_at_once(row.ref), question)
            return replace(outcome, replies=replies, state=state)
        confirmation = await self._recorded(session, draft, row.ref, now)
        outcome = replace(outcome, replies=(*outcome.replies, *confirmation))
        if outcome.state.flow is not None and not draft.anonymous:
            # What follows the finished report may add to it ("i forgot to say…"): its reference.
            outcome = replace(
                outcome, state=replace(outcome.state, data={**outcome.state.data, "ref": row.ref})
            )
        return outcome

    async def _recorded(
        self, session: AsyncSession, draft: EscalationDraft, ref: str, now: dt.datetime
    ) -> tuple[Reply, ...]:
        """What the reporter is told; out of hours (or just before closing), an urgent report is
        said to reach the on-call contact only when there is one (SLACK_ONCALL_CHANNEL, or a Teams
        channel registered)."""
        confirmations = self.confirmations
        on_call = False
        closes = confirmations.office_hours.closing_time(now)
        if draft.severity == "urgent" and (closes is None or closes - now <= CLOSING_SOON):
            on_call = confirmations.slack_on_call or (
                await load_reference(session, key=channel_key("oncall")) is not None
            )
        return confirmations.recorded(draft, ref, now, on_call=on_call)

    async def _add_to(
        self, session: AsyncSession, draft: EscalationDraft, outcome: Outcome, actor: str, now: dt.datetime
    ) -> Outcome:
        ref = draft.ref or ""
        row = await get_escalation(session, ref=ref)
        if row is None:
            raise LookupError(f"escalation {ref} recorded earlier is missing")
        if draft.withdrawn:
            with suppress(IllegalTransition):
                note = "The reporter said it was reported by mistake."
                await transition(session, row, Status.RESOLVED, actor=actor, now=now, note=note)
                await queue_withdrawn(session, escalation=row, now=now)
            return replace(outcome, replies=(*outcome.replies, self.confirmations.withdrawn(ref)))
        await add_to_escalation(
            session,
            escalation=row,
            summary=draft.summary,
            details=draft.details,
            abandoned=draft.abandoned,
            actor=actor,
            now=now,
            severity=draft.severity,
            # A threat added to a report of being targeted makes it urgent: out of hours, the
            # on-call contact is paged as for a report urgent from the start.
            follow_ups=follow_ups("urgent", now, self.confirmations.office_hours)
            if draft.severity == "urgent"
            else (),
        )
        if draft.partial:
            return outcome
        return replace(outcome, replies=(*outcome.replies, *await self._recorded(session, draft, ref, now)))

    async def submit_report(
        self, form: ReportForm, *, platform: str, user_id: str, conversation_id: str, submission_id: str
    ) -> Submitted:
        """A report form: the escalation, its ping and (unless anonymous) a durable receipt for
        the reporter, in one transaction. A submission seen before records nothing again."""
        draft = form.draft(self.router.understander)
        crisis = self.router.flows.get("report_crisis")
        if draft.kind == "crisis" and crisis is not None:
            draft = replace(draft, closing=crisis.closing(self.router.flow_context))
        now = self.clock()
        try:
            async with self.gate, self.sessions.begin() as session:
                await _first_time(session, source=platform, event_id=submission_id, now=now)
                row = await self._open(
                    session,
                    draft,
                    platform=platform,
                    user_id=user_id,
                    conversation_id=conversation_id,
                    now=now,
                )
                confirmation = await self._recorded(session, draft, row.ref, now)
                receipt = "\n\n".join(reply.text for reply in confirmation)
                await queue_reporter_update(
                    session, escalation=row, text=receipt, key=f"receipt:{row.ref}", now=now
                )
                ref = row.ref
        except DuplicateMessage:
            return Submitted(ref=None, replies=(Reply("That report was already sent."),), urgent=False)
        first = (self.router.urgent_help.for_someone_online(),) if draft.kind == "crisis" else ()
        return Submitted(ref=ref, replies=(*first, *confirmation), urgent=draft.severity == "urgent")

    async def _open(
        self,
        session: AsyncSession,
        draft: EscalationDraft,
        *,
        platform: str,
        user_id: str,
        conversation_id: str,
        now: dt.datetime,
    ) -> EscalationRow:
        reporter = None if draft.anonymous else user_id
        new = NewEscalation(
            kind=draft.kind,
            severity=draft.severity,
            channel=platform,
            conversation_id=None if draft.anonymous else conversation_id,
            reporter_id=reporter,
            summary=draft.summary,
            details=draft.details,
            abandoned=draft.abandoned,
        )
        hours = self.confirmations.office_hours
        later = follow_ups(draft.severity, now, hours)
        row = await create_escalation(
            session, new=new, actor=reporter or "anonymous", now=now, follow_ups=later
        )
        logger.info("escalation opened", extra={"ref": row.ref, "kind": row.kind, "severity": row.severity})
        return row


_RECORD_EVENT = insert(PROCESSED_EVENTS)  # built once; its parameters come with each call


def _urgent_key(platform: str, message_id: str) -> str:
    """The outbox key of a message's urgent help, within the column's 128 characters: a long
    message id (a Teams personal chat's is about 130 characters before the message's own) is
    hashed whole, never cut, so two messages never share a key."""
    key = f"urgent:{platform}:{message_id}"
    if len(key) <= 128:
        return key
    return f"urgent:{platform}:sha256:{hashlib.sha256(message_id.encode()).hexdigest()}"


async def _first_time(session: Database, *, source: str, event_id: str, now: dt.datetime) -> None:
    """Records an inbound id in the turn's own transaction; raises DuplicateMessage if seen.
    A plain Core insert: the ORM's unit of work costs more than the statement."""
    try:
        await session.execute(_RECORD_EVENT, {"source": source, "event_id": event_id, "at": now})
    except IntegrityError:
        raise DuplicateMessage(event_id) from None


@dataclass(frozen=True)
class Submitted:
    """What the reporter is shown after sending a form; `ref` is None for a repeat."""

    ref: str | None
    replies: tuple[Reply, ...]
    urgent: bool


def _is_private(before: ConversationState, outcome: Outcome) -> bool:
    in_report = before.flow not in (None, CLARIFY) or outcome.state.flow not in (None, CLARIFY)
    return in_report or outcome.escalation is not None or any(reply.urgent for reply in outcome.replies)


def apology(error_id: str) -> Reply:
    return Reply(
        text=f"Sorry, something went wrong on my side (error {error_id}). Please try again in a minute. "
        "If someone is at risk right now, call 999 and tell the Communications Team directly."
    )
