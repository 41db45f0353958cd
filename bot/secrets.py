"""Spotting passwords and other secrets pasted into chat, so they are never stored or sent on."""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"\b(pass(word|wd|code|phrase)?|pwd|pw|pin|login|credentials?|2fa|mfa|otp|api[ _-]?key|token)\b"
    r"\s*(is|was|=|:|-)\s*\S{4,}",
    re.IGNORECASE,
)
_TOKENS = re.compile(r"\b(xox[abpr]-[\w-]{10,}|sk-[\w-]{16,}|ghp_\w{20,}|AKIA[0-9A-Z]{16})\b")


def looks_like_secret(text: str) -> bool:
    """True for "the password is Hunter2!" or an API token; a question about passwords is fine."""
    return bool(_LABELLED.search(text) or _TOKENS.search(text))


SECRET_WARNING = (
    "Please don't share passwords or other secrets in chat: I haven't stored or passed on that "
    "message. Team account passwords go to the Communications Team through a secure route (in "
    "person, by phone, or the Trust's password manager), never in a chat or an email."
)
