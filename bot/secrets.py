"""Spotting passwords and other secrets pasted into chat, so they are never stored or sent on."""

from __future__ import annotations

import re

_CREDENTIAL = re.compile(
    r"\b(pass ?words?|passwd|passcodes?|passphrases?|pwd|pw|pins?|logins?|log-in|credentials?|"
    r"2fa|mfa|otp|api[ _-]?keys?|tokens?|secrets?)\b",
    re.IGNORECASE,
)
_TOKENS = re.compile(r"\b(xox[abpr]-[\w-]{10,}|sk-[\w-]{16,}|ghp_\w{20,}|AKIA[0-9A-Z]{16})\b")
_WINDOW = 8
"""How many words after a credential word a pasted value may stand."""


def _looks_like_a_value(token: str) -> bool:
    """A password-like token: letters mixed with digits or symbols, not a link or a number."""
    word = token.strip(".,;:!?\"'()[]")
    if len(word) < 6 or word.lower().startswith(("http", "www.")):
        return False
    if "<" in word or ">" in word:  # markup (<at>name</at>, <b>), not a typed password
        return False
    has_letter = any(c.isalpha() for c in word)
    has_other = any(c.isdigit() or not c.isalnum() for c in word)
    return has_letter and has_other


def looks_like_secret(text: str) -> bool:
    """True for "the password for our insta is Summer2026!" or an API token; a question about
    passwords, or "the password is kept in the password manager", is fine."""
    if _TOKENS.search(text):
        return True
    for match in _CREDENTIAL.finditer(text):
        following = text[match.end() :].split()[:_WINDOW]
        if any(_looks_like_a_value(token) for token in following):
            return True
    return False


SECRET_WARNING = (
    "Please don't share passwords or other secrets in chat: I haven't stored or passed on that "
    "message. Team account passwords go to the Communications Team through a secure route (in "
    "person, by phone, or the Trust's password manager), never in a chat or an email."
)
