"""`signpost escalations ...` and `signpost purge` through the real command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.turn import Turns

from .conftest import Conversation


def signpost(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
async def reported(turns: Turns, settings: Settings) -> str:
    """Two reports made by chatting: an urgent crisis and a criticism whose text tries a formula."""
    crisis = Conversation(turns, user="U1", conversation="D1")
    await crisis.say("someone commented on our facebook that they're going to take all their pills tonight")
    await crisis.say("https://facebook.com/trust/posts/1")
    await crisis.say("just now")
    criticism = Conversation(turns, user="U2", conversation="D2")
    await criticism.say("I want to report a post criticising the trust")
    await criticism.say("https://x.com/a/status/9")
    await criticism.say('=HYPERLINK("http://evil.example","click")')
    await criticism.say("1")
    await criticism.say("no")
    await criticism.say("no")
    await criticism.say("yes")
    return settings.database_url


async def test_list_json_shows_each_report_newest_first(reported: str) -> None:
    done = signpost(reported, "escalations", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["ref"], r["kind"], r["severity"], r["status"]) for r in rows] == [
        ("SP-2026-0002", "criticism", "normal", "open"),
        ("SP-2026-0001", "crisis", "urgent", "open"),
    ]
    assert {"ref", "kind", "severity", "status", "channel", "created_at", "summary"} <= set(rows[0])
    assert rows[1]["channel"] == "terminal"


async def test_the_plain_list_keeps_its_columns_for_urgent_and_normal_rows(reported: str) -> None:
    done = signpost(reported, "escalations", "list")
    assert done.returncode == 0, done.stderr
    criticism, crisis = done.stdout.splitlines()
    assert "URGENT crisis" in crisis and "URGENT" not in criticism
    assert criticism.index(" open ") == crisis.index(" open ")  # the status column lines up


async def test_ack_and_resolve_follow_the_lifecycle_and_show_the_audit_trail(reported: str) -> None:
    assert signpost(reported, "escalations", "ack", "SP-2026-0001", "--by", "amira").stdout.strip() == (
        "SP-2026-0001 is now acknowledged"
    )
    again = signpost(reported, "escalations", "ack", "sp-2026-0001")
    assert again.returncode == 1 and "already acknowledged" in again.stderr
    resolved = signpost(
        reported, "escalations", "resolve", "SP-2026-0001", "--note", "Shared the link; safeguarding told"
    )
    assert resolved.returncode == 0
    shown = signpost(reported, "escalations", "show", "SP-2026-0001").stdout
    assert '"status": "resolved"' in shown
    reminders = [line for line in shown.splitlines() if line.strip().startswith("reminder")]
    assert reminders and all("not needed (resolved)" in line for line in reminders)
    assert "amira" in shown and "acknowledged" in shown and "Shared the link; safeguarding told" in shown
    assert signpost(reported, "escalations", "list", "--status", "open").stdout.count("SP-2026-") == 1
    missing = signpost(reported, "escalations", "ack", "SP-2026-0999")
    assert missing.returncode == 1 and "There is no escalation SP-2026-0999" in missing.stderr


async def test_the_csv_export_cannot_run_formulas(reported: str) -> None:
    done = signpost(reported, "escalations", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 2
    assert all(not row["summary"].startswith(("=", "+", "-", "@")) for row in rows)
    criticism = next(r for r in rows if r["kind"] == "criticism")
    assert "HYPERLINK" in criticism["summary"]


async def test_the_csv_export_says_who_acted_when_and_what_was_done_and_filters(reported: str) -> None:
    """For the incident reporting system: the acknowledgement and resolution with who and
    when, the resolution note, yes/no rather than True/False; --status and --since narrow it."""
    signpost(reported, "escalations", "ack", "SP-2026-0001", "--by", "amira")
    signpost(
        reported, "escalations", "resolve", "SP-2026-0001", "--by", "jo", "--note", "Link shared; 999 called"
    )

    def exported(*options: str) -> dict[str, dict[str, str]]:
        done = signpost(reported, "escalations", "export", "--format", "csv", *options)
        assert done.returncode == 0, done.stderr
        return {row["ref"]: row for row in csv.DictReader(io.StringIO(done.stdout))}

    rows = exported()
    crisis, criticism = rows["SP-2026-0001"], rows["SP-2026-0002"]
    assert crisis["acknowledged_by"] == "amira" and crisis["resolved_by"] == "jo"
    assert crisis["resolution"] == "Link shared; 999 called"
    assert crisis["acknowledged_at"] <= crisis["resolved_at"] and crisis["resolved_at"].endswith("+00:00")
    assert criticism["acknowledged_by"] == criticism["resolved_by"] == criticism["resolution"] == ""
    assert {crisis["abandoned"], criticism["abandoned"]} <= {"yes", "no"}
    assert list(exported("--status", "open")) == ["SP-2026-0002"]
    day = dt.date.fromisoformat(crisis["created_at"][:10])
    assert len(exported("--since", day.isoformat())) == 2, "the whole of the day it was raised"
    assert exported("--since", (day + dt.timedelta(days=1)).isoformat()) == {}
    signpost(reported, "escalations", "reopen", "SP-2026-0001", "--by", "jo")
    assert exported()["SP-2026-0001"]["resolution"] == ""
    bad = signpost(reported, "escalations", "export", "--since", "last week")
    assert bad.returncode == 2 and "--since" in bad.stderr


async def test_purge_keeps_only_an_anonymised_row(reported: str) -> None:
    signpost(reported, "escalations", "resolve", "SP-2026-0002", "--note", "PALS route shared")
    done = signpost(reported, "purge", "--older-than", "0")
    assert done.stdout.splitlines()[0] == "purged the details of 1 resolved escalation(s)"
    shown = signpost(reported, "escalations", "show", "SP-2026-0002").stdout
    assert "HYPERLINK" not in shown and "x.com" not in shown and "PALS route shared" not in shown
    assert '"kind": "criticism"' in shown and '"reporter": "anonymous"' in shown
    assert "pills" in signpost(reported, "escalations", "show", "SP-2026-0001").stdout


def test_unknown_commands_and_bad_arguments_are_refused_clearly(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    assert signpost(url, "escalations", "frobnicate").returncode == 2
    bad = signpost("mysql://nope", "escalations", "list")
    assert bad.returncode == 2 and "DATABASE_URL must use an async driver" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cells_that_a_spreadsheet_would_run_are_quoted() -> None:
    from adapters.escalation_commands import safe_cell

    for formula in ("=HYPERLINK(1)", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(formula) == "'" + formula
    assert safe_cell("A tweet about us") == "A tweet about us"


async def test_an_overlong_note_is_refused_clearly(reported: str) -> None:
    done = signpost(reported, "escalations", "resolve", "SP-2026-0001", "--note", "x" * 2001)
    assert done.returncode == 2 and "--note must be 1 to 2000 characters" in done.stderr
    assert "Traceback" not in done.stderr
