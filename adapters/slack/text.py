"""Slack's text conventions: reading mrkdwn that users typed, escaping what we echo."""

from __future__ import annotations

import html
import re

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>|<#[CG][A-Z0-9]+>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>|<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")


def to_plain(text: str, *, bot_user_id: str | None = None) -> str:
    """What a user typed, without Slack's markup: the bot's own mention dropped, other
    mentions as @someone, links as their URL."""

    def user(match: re.Match[str]) -> str:
        return "" if match.group(1) == bot_user_id else "@someone"

    def link(match: re.Match[str]) -> str:
        target = match.group(1)
        return target.removeprefix("mailto:") if target.startswith("mailto:") else target

    text = _USER.sub(user, text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SPECIAL.sub(lambda m: "@" + (m.group(1) or m.group(2) or "group"), text)
    text = _LINK.sub(link, text)
    return html.unescape(text).strip()


_TOKEN_START = re.compile(r"<(?=[!@#A-Za-z])")
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Safe inside mrkdwn: no mentions, no disguised links (Slack's three characters), and a
    typed "@channel" cannot become a broadcast (a word joiner after the @)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u2060\\1", text)


def defuse(text: str) -> str:
    """User text for plain_text and rich text, which Slack shows as typed: an invisible word
    joiner after a `<` that could open a Slack token (`<!here>`, `<@U1>`, `<https://...>`)
    and after the `@` of a broadcast word, so none can form even if a client parsed it."""
    return _BROADCAST.sub("@\u2060\\1", _TOKEN_START.sub("<\u2060", text))


def truncate(text: str, limit: int, marker: str = "… (truncated)") -> str:
    return text if len(text) <= limit else text[: limit - len(marker)] + marker


_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")


def escape_within(text: str, limit: int, marker: str = "… (truncated)") -> str:
    """`escape(text)` in at most `limit` characters, never cutting an entity in half."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    return _PARTIAL_ENTITY.sub("", escaped[: limit - len(marker)]) + marker
