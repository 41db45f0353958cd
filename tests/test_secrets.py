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
        "our twitter password got changed to Hx7#pq2!",
        "pw=Abc12345",
        "password:Summer2026!",
        "the new PIN for the account is 4x9Q2z",
        "I think someone has our password, it's Spring2024",
        "the password for the comms instagram which Jane set up last year is Summer2026!",
        "login details - user commsteam, password Rainbow#77",
        "the 2fa code is 83jd92",
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
        # Error codes, addresses, handles and hyphenated words near "login" or "password":
        # refusing these would lose genuine reports.
        "I got a login error: AUTH-403 when I tried to report it",
        "the login page shows error code E-4032",
        "a fake login page at tavi-port-nhs.co is going round",
        "the password reset email came from no-reply@nhs.net",
        "someone posted fake login links from @nhs_help_desk2",
        "they're phishing for passwords with #NHSpay2024 posts",
        "someone says their login is broken-down",
        "my login isn't working since the follow-up update",
    ],
)
def test_questions_links_and_markup_are_not_secrets(text: str) -> None:
    assert not looks_like_secret(text)


def test_the_report_form_refuses_a_password_in_what_was_said() -> None:
    form = ReportForm(kind="other", what_said="we were hacked, the password for our insta is Summer2026!")
    assert form.problems() == {"what_said": FORM_SECRET_WARNING}
    assert not ReportForm(kind="other", what_said="a fake Trust login page is going round").problems()
    quoted = "a fake Trust login page at tavi-port-nhs.co shows login error: AUTH-403"
    assert not ReportForm(kind="other", what_said=quoted).problems()
