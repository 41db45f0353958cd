"""What the Communications Team reads: details in words, the same on Slack and Teams."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from adapters.slack.blocks import comms_message
from adapters.teams.cards import comms_card
from bot.comms import EscalationView, HistoryEntry
from bot.messages import detail_text
from tests.resilience_helpers import mrkdwn_texts, rich_texts

AT = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _view(details: dict[str, object]) -> EscalationView:
    return EscalationView(
        ref="SP-2026-0001",
        kind="criticism_trust",
        severity="normal",
        status="open",
        channel="slack",
        reporter_id="U1",
        summary="A thread criticising the ward",
        details=details,
        abandoned=False,
        created_at=AT,
        updated_at=AT,
    )


def test_detail_values_read_as_words() -> None:
    assert detail_text(True) == "Yes"
    assert detail_text(False) == "No"
    assert detail_text(None) == "Not given"
    assert detail_text(["facebook", "x"]) == "facebook, x"
    assert detail_text("as typed") == "as typed"


def test_yes_no_details_show_as_words_on_slack_and_teams() -> None:
    view = _view({"You replied": True, "Screenshot kept": False})
    for rendered in (json.dumps(comms_message(view)), json.dumps(comms_card(view))):
        assert "You replied:" in rendered and "Yes" in rendered and "No" in rendered
        assert "True" not in rendered and "False" not in rendered


def _rich(message: dict[str, Any]) -> list[dict[str, Any]]:
    return list(rich_texts(message["blocks"]))


def _mrkdwn(message: dict[str, Any]) -> str:
    return "\n".join(mrkdwn_texts(message["blocks"]))


def test_slack_shows_what_was_typed_as_typed_with_the_address_clickable() -> None:
    summary = "*urgent* _please_ ~now~ `x` nhs_help_desk a < b & c"
    view = replace(
        _view({"Where": "https://x.com/a/status/1", "Platform": "X", "What was said": "**bold** > quote"}),
        summary=summary,
    )
    message = comms_message(view)
    elements = _rich(message)
    assert {"type": "text", "text": summary} in elements  # no escaping, no formatting
    assert {"type": "link", "url": "https://x.com/a/status/1", "text": "https://x.com/a/status/1"} in elements
    assert {"type": "text", "text": "**bold** > quote"} in elements
    assert {"type": "text", "text": "X"} in elements
    shown_as_mrkdwn = _mrkdwn(message)
    for typed in ("urgent", "please", "nhs_help_desk", "bold", "quote", "x.com"):
        assert typed not in shown_as_mrkdwn


def test_slack_links_only_a_plain_web_address() -> None:
    for where in ("the ward's Facebook page", "javascript:alert(1)", "https://evil.example/<!here>|login"):
        elements = _rich(comms_message(_view({"Where": where})))
        assert not [e for e in elements if e["type"] == "link"], where
        assert where.replace("<", "<\u2060") in [e["text"] for e in elements]


def test_slack_keeps_long_details_within_a_message_and_points_to_the_full_record() -> None:
    details = {f"Question {n}": "x" * 400 for n in range(12)}
    elements = _rich(comms_message(_view(details)))
    texts = [e["text"] for e in elements]
    assert sum(len(t) for t in texts) < 4000
    assert "Question 0: " in "".join(texts) and "Question 11: " not in "".join(texts)
    assert "signpost escalations show SP-2026-0001" in texts


def test_slack_shows_a_resolution_note_as_typed() -> None:
    note = HistoryEntry(actor="U0COMMS1", action="resolved", at=AT, note="*done*, replied <!here>")
    message = comms_message(replace(_view({}), status="resolved", history=(note,)))
    [context] = [b for b in message["blocks"] if b["type"] == "context" and len(b["elements"]) == 2]
    label, shown = context["elements"]
    assert label["type"] == "mrkdwn" and label["text"].startswith("Resolved by <@U0COMMS1>")
    assert shown == {"type": "plain_text", "text": "*done*, replied <\u2060!here>", "emoji": True}
