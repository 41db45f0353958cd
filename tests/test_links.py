"""Links as staff type them, broken ones included: read, never a crash."""

from __future__ import annotations

import pytest

from bot.forms import ReportForm
from bot.slots import find_link, find_platform


@pytest.mark.parametrize("text", ["HTTP://[", "see http://[::1 and https://[x/a", "https://]["])
def test_unreadable_links_are_not_links(text: str) -> None:
    assert find_link(text) is None
    assert find_platform(text) is None


def test_a_report_form_with_an_unreadable_link_asks_for_the_full_link() -> None:
    problems = ReportForm(kind="other", link="http://[", what_said="a post about us").problems()
    assert problems == {"link": "Please paste the full link, starting with https://"}


def test_a_readable_link_still_names_its_platform() -> None:
    assert find_link("it's here: https://www.instagram.com/p/Cxyz/.") == "https://www.instagram.com/p/Cxyz/"
    assert find_platform("https://m.facebook.com/story/1") == "Facebook"


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("actually its on facebook not google", "Facebook"),
        ("it isn’t on twitter, it's on instagram", "Instagram"),
        ("not on tiktok, insta", "Instagram"),
        ("not google", None),
        ("on google", "Google reviews"),
    ],
)
def test_a_platform_said_not_to_be_the_one_is_not_named(text: str, platform: str | None) -> None:
    """Before, "actually its on facebook not google" named Google."""
    assert find_platform(text) == platform
