"""`signpost escalations ...` and `signpost purge`: the Communications Team's command line."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import json
import sys
from typing import Any, TextIO

from bot.escalations import IllegalTransition, Status, act
from bot.messages import utcnow
from bot.reminders import REMINDERS
from bot.settings import Settings
from bot.store.conversations import forget_idle_conversations
from bot.store.engine import CLI_BUSY_TIMEOUT_S, make_engine, make_sessions
from bot.store.escalations import (
    audit_trail,
    audit_trails,
    get_escalation,
    list_escalations,
    purge_resolved,
)
from bot.store.migrate import upgrade
from bot.store.models import AuditRow, EscalationRow
from bot.store.outbox import deliveries, redeliver

CSV_FIELDS = (
    "ref",
    "kind",
    "severity",
    "status",
    "channel",
    "created_at",
    "updated_at",
    "acknowledged_at",
    "acknowledged_by",
    "resolved_at",
    "resolved_by",
    "resolution",
    "abandoned",
    "summary",
)
"""The acknowledgement and resolution are the latest of each in the audit trail; a reopened
escalation shows no resolution until it is resolved again."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOTE_LIMIT = 2000


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    escalations = commands.add_parser(
        "escalations", help="list, show, acknowledge, resolve and export escalations"
    )
    actions = escalations.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="escalations, newest first")
    listing.add_argument("--status", choices=[s.value for s in Status])
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    actions.add_parser("show", help="one escalation with its audit trail").add_argument("ref")
    ack = actions.add_parser("ack", help="acknowledge an escalation")
    ack.add_argument("ref")
    resolve = actions.add_parser("resolve", help="resolve an escalation")
    resolve.add_argument("ref")
    resolve.add_argument("--note", required=True)
    reopen = actions.add_parser("reopen", help="reopen a resolved escalation")
    reopen.add_argument("ref")
    for parser in (ack, resolve, reopen):
        parser.add_argument("--by", default=None, help="who is acting (default: your login name)")
    redeliver = actions.add_parser(
        "redeliver", help="queue messages that failed for good again, once the fault is fixed"
    )
    redeliver.add_argument("ref", nargs="?", help="one escalation (default: every failed message)")
    redeliver.add_argument("--by", default=None, help="who is acting (default: your login name)")
    export = actions.add_parser("export", help="export for the incident reporting system")
    export.add_argument("--format", choices=["csv"], default="csv")
    export.add_argument("--status", choices=[s.value for s in Status])
    export.add_argument(
        "--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="raised on or after this day (UTC)"
    )
    purge = commands.add_parser("purge", help="delete the details of old resolved escalations")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")


async def run(args: argparse.Namespace, settings: Settings, out: TextIO = sys.stdout) -> int:
    engine = make_engine(settings.database_url, busy_timeout=CLI_BUSY_TIMEOUT_S)
    try:
        await upgrade(engine)
        sessions = make_sessions(engine)
        async with sessions.begin() as session:
            if args.command == "purge":
                if args.older_than < 0:
                    print("signpost: --older-than must be 0 or more days", file=sys.stderr)
                    return 2
                now = utcnow()
                count = await purge_resolved(session, older_than=now - dt.timedelta(days=args.older_than))
                idle = await forget_idle_conversations(session, now=now)
                print(f"purged the details of {count} resolved escalation(s)", file=out)
                print(f"deleted {idle} unfinished conversation(s) idle for over 24 hours", file=out)
                return 0
            if args.action == "list":
                rows = await list_escalations(session, status=args.status)
                _print_list(rows, as_json=args.json, out=out)
                return 0
            if args.action == "export":
                since = None if args.since is None else dt.datetime.combine(args.since, dt.time(), dt.UTC)
                rows = await list_escalations(session, status=args.status, since=since)
                _export_csv(rows, await audit_trails(session, [row.id for row in rows]), out)
                return 0
            if args.action == "show":
                return await _show(session, args.ref, out)
            if args.action == "redeliver":
                return await _redeliver(session, args, out)
            to = {"ack": Status.ACKNOWLEDGED, "resolve": Status.RESOLVED, "reopen": Status.OPEN}[args.action]
            actor = args.by or f"cli:{_login()}"
            note = getattr(args, "note", None)
            if note is not None and not 0 < len(note.strip()) <= NOTE_LIMIT:
                print(f"signpost: --note must be 1 to {NOTE_LIMIT} characters", file=sys.stderr)
                return 2
            try:
                row = await act(session, ref=args.ref, to=to, actor=actor, now=utcnow(), note=note)
            except IllegalTransition as exc:
                print(f"signpost: {exc}", file=sys.stderr)
                return 1
            print(f"{row.ref} is now {row.status}", file=out)
            return 0
    finally:
        await engine.dispose()


def _summary(row: EscalationRow) -> dict[str, Any]:
    return {
        "ref": row.ref,
        "kind": row.kind,
        "severity": row.severity,
        "status": row.status,
        "channel": row.channel,
        "created_at": _iso(row.created_at),
        "summary": row.summary,
        "abandoned": row.abandoned,
    }


def _print_list(rows: list[EscalationRow], *, as_json: bool, out: TextIO) -> None:
    if as_json:
        for row in rows:
            print(json.dumps(_summary(row), ensure_ascii=False), file=out)
        return
    if not rows:
        print("no escalations", file=out)
    for row in rows:
        kind = f"URGENT {row.kind}" if row.severity == "urgent" else row.kind
        print(
            f"{row.ref}  {kind:<22} {row.status:<12} {_iso(row.created_at)}  {row.summary[:60]}",
            file=out,
        )


async def _show(session: Any, ref: str, out: TextIO) -> int:
    row = await get_escalation(session, ref=ref)
    if row is None:
        print(f"signpost: there is no escalation {ref.strip().upper()}", file=sys.stderr)
        return 1
    detail = {**_summary(row), "reporter": row.reporter_id or "anonymous", "details": row.details}
    print(json.dumps(detail, indent=2, ensure_ascii=False), file=out)
    print("audit trail:", file=out)
    for entry in await audit_trail(session, escalation_id=row.id):
        moved = f"{entry.from_status or '-'} -> {entry.to_status or '-'}"
        note = f"  note: {entry.note}" if entry.note else ""
        print(f"  {_iso(entry.at)}  {entry.actor:<20} {entry.action:<12} {moved}{note}", file=out)
    print("deliveries:", file=out)
    for message in await deliveries(session, escalation_id=row.id):
        error = f"  last error: {message.last_error}" if message.last_error else ""
        tries = f"{message.attempts} {'try' if message.attempts == 1 else 'tries'}"
        status = message.status
        if message.purpose in REMINDERS and status == "pending" and row.status != "open":
            # Listed as pending, a reminder of a resolved escalation looked as if it would still
            # go; it is cancelled when due (`bot.delivery`) unless the escalation is reopened.
            status = f"not needed ({row.status})"
        print(f"  {message.purpose:<16} to {message.target:<8} {status:<8} {tries}{error}", file=out)
    return 0


async def _redeliver(session: Any, args: argparse.Namespace, out: TextIO) -> int:
    escalation_id = None
    if args.ref:
        row = await get_escalation(session, ref=args.ref)
        if row is None:
            print(f"signpost: there is no escalation {args.ref.strip().upper()}", file=sys.stderr)
            return 1
        escalation_id = row.id
    count = await redeliver(
        session, now=utcnow(), actor=args.by or f"cli:{_login()}", escalation_id=escalation_id
    )
    where = f" for {args.ref.strip().upper()}" if args.ref else ""
    if count == 0:
        print(f"no failed messages{where}: nothing to deliver again", file=out)
    else:
        print(
            f"queued {count} failed message(s){where} again: `signpost serve` delivers them within a minute",
            file=out,
        )
    return 0


def _export_csv(rows: list[EscalationRow], trails: dict[int, list[AuditRow]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for row in rows:
        values = _summary(row) | {
            "updated_at": _iso(row.updated_at),
            "abandoned": "yes" if row.abandoned else "no",
        }
        acknowledged = resolved = None
        for entry in trails.get(row.id, []):
            if entry.to_status == Status.ACKNOWLEDGED.value:
                acknowledged = entry
            elif entry.to_status == Status.RESOLVED.value:
                resolved = entry
        if row.status != Status.RESOLVED.value:
            resolved = None  # reopened since
        values |= {
            "acknowledged_at": _iso(acknowledged.at) if acknowledged else "",
            "acknowledged_by": acknowledged.actor if acknowledged else "",
            "resolved_at": _iso(resolved.at) if resolved else "",
            "resolved_by": resolved.actor if resolved else "",
            "resolution": (resolved.note or "") if resolved else "",
        }
        writer.writerow([safe_cell(values[field]) for field in CSV_FIELDS])


def safe_cell(value: Any) -> str:
    """A spreadsheet never runs a cell as a formula: such cells start with a quote."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _iso(value: dt.datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat(timespec="seconds")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
