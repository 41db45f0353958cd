"""Passwords pasted into chat or a report form are spotted; markup and links are not."""

from __future__ import annotations

import pytest

from bot.forms import FORM_SECRET_WARNING, ReportForm
from bot.secrets import looks_like_secret


@pytest.mark.parametrize(
    "text",
    [
        "the password for our instagram is Summer2026!",
        "login: comms.team pw Tr0ub4dor&3",
        "here's the bot token xoxb-1234567890-abcdefghij",
    ],
)
def test_secrets_are_spotted(text: str) -> None:
    assert looks_like_secret(text)


@pytest.mark.parametrize(
    "text",
    [
        "what should I do if I forget the password for the team account?",
        "a fake [Trust login](https://evil.example) page, <at>everyone</at> was tagged",
        "the password is kept in the password manager",
    ],
)
def test_questions_links_and_markup_are_not_secrets(text: str) -> None:
    assert not looks_like_secret(text)


def test_the_report_form_refuses_a_password_in_what_was_said() -> None:
    form = ReportForm(kind="other", what_said="we were hacked, the password for our insta is Summer2026!")
    assert form.problems() == {"what_said": FORM_SECRET_WARNING}
    assert not ReportForm(kind="other", what_said="a fake Trust login page is going round").problems()
