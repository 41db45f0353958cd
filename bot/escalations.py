"""The escalation lifecycle as data: open -> acknowledged -> resolved, and reopen.

`transition()` is the only thing that changes an escalation's status, and it always
writes the audit row.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.escalations import audit_trail, get_escalation, pending, queue_reporter_update
from bot.store.models import AuditRow, EscalationRow


class Status(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Severity(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class Kind(StrEnum):
    CRITICISM = "criticism"
    CRISIS = "crisis"
    BREACH = "breach"
    TARGETED = "targeted"
    ACCOUNT_REQUEST = "account_request"
    MENTION = "mention"
    """Any other mention the reporter thinks the team should see (the form's "Something else")."""


ALLOWED: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.ACKNOWLEDGED, Status.RESOLVED}),
    Status.ACKNOWLEDGED: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.OPEN}),
}
ACTIONS: dict[Status, str] = {
    Status.ACKNOWLEDGED: "acknowledged",
    Status.RESOLVED: "resolved",
    Status.OPEN: "reopened",
}


class IllegalTransition(Exception):
    """A lifecycle move the rules do not allow; the message is for the person who tried."""


async def transition(
    session: AsyncSession,
    escalation: EscalationRow,
    to: Status,
    *,
    actor: str,
    now: dt.datetime,
    note: str | None = None,
) -> None:
    current = Status(escalation.status)
    if to == current:
        raise IllegalTransition(f"{escalation.ref} is already {current}.")
    if to not in ALLOWED[current]:
        allowed = ", ".join(sorted(ALLOWED[current])) or "nothing"
        raise IllegalTransition(f"{escalation.ref} is {current}: it can move to {allowed}, not {to}.")
    moved = await session.execute(
        update(EscalationRow)
        .where(EscalationRow.id == escalation.id, EscalationRow.status == current.value)
        .values(status=to.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(moved, "rowcount", 1) != 1:
        raise IllegalTransition(
            f"{escalation.ref} was just changed by someone else: look again before acting."
        )
    escalation.status, escalation.updated_at = to.value, now
    session.add(
        AuditRow(
            escalation_id=escalation.id,
            actor=actor,
            action=ACTIONS[to],
            from_status=current.value,
            to_status=to.value,
            note=note,
            at=now,
        )
    )


REPORTER_UPDATES: dict[Status, str] = {
    Status.ACKNOWLEDGED: "Update on your report {ref}: the Communications Team has picked it up.",
    Status.RESOLVED: "Update on your report {ref}: the Communications Team has marked it resolved. "
    "Thank you for reporting it.",
    Status.OPEN: "Update on your report {ref}: the Communications Team has reopened it.",
}


async def act(
    session: AsyncSession, *, ref: str, to: Status, actor: str, now: dt.datetime, note: str | None = None
) -> EscalationRow:
    """A Communications Team action: the move, its audit row, and the reporter's update.
    Raises IllegalTransition (also for an unknown reference) with a message to show as is."""
    escalation = await get_escalation(session, ref=ref)
    if escalation is None:
        raise IllegalTransition(f"There is no escalation {ref.strip().upper()}.")
    await transition(session, escalation, to, actor=actor, now=now, note=note)
    count = len(await audit_trail(session, escalation_id=escalation.id))
    await queue_reporter_update(
        session,
        escalation=escalation,
        text=REPORTER_UPDATES[to].format(ref=escalation.ref),
        key=f"reporter_update:{escalation.ref}:{count}",
        now=now,
    )
    refresh = {"ref": escalation.ref}
    session.add(
        pending(
            escalation,
            "comms_refresh",
            "comms",
            refresh,
            key=f"comms_refresh:{escalation.ref}:{count}",
            now=now,
        )
    )
    return escalation
