"""What the Communications Team reads: details in words, the same on Slack and Teams."""

from __future__ import annotations

import datetime as dt
import json

from adapters.slack.blocks import comms_message
from adapters.teams.cards import comms_card
from bot.comms import EscalationView
from bot.messages import detail_text

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
