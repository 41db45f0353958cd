"""Spotting passwords and other secrets pasted into chat, so they are never stored or sent on."""

from __future__ import annotations

import itertools
import re

_CREDENTIAL = re.compile(
    r"\b(pass ?words?|passwd|passcodes?|passphrases?|pwd|pw|pins?|logins?|log-in|credentials?|"
    r"2fa|mfa|otp|api[ _-]?keys?|tokens?|secrets?)\b",
    re.IGNORECASE,
)
_TOKENS = re.compile(r"\b(xox[abpr]-[\w-]{10,}|sk-[\w-]{16,}|ghp_\w{20,}|AKIA[0-9A-Z]{16})\b")
_WINDOW = 12
"""How many words after a credential word a pasted value may stand."""
_CUES = {"is", "was", "are", "were", "be", "to", "its", "it's", "it’s", "-", "–", "now", "new"}
"""Words that hand over a value: "the password is ...", "changed it to ...", "pw - ..."."""
_NOT_A_SECRET_BEFORE = {"error", "code", "status", "page", "message", "ref", "reference", "version", "number"}
"""What stands before an error code or a reference, not a password ("login error: AUTH-403")."""
_PLAIN = "-'’."
"""Joiners in ordinary words ("follow-up", "can't", "comms.team"): not what makes a password."""
_EDGES = ".,;:!?\"'()[]"


def _looks_like_a_value(token: str) -> bool:
    """A password-like token: letters with digits or symbols; not a link, a handle, a number or
    a hyphenated word."""
    word = token.strip(_EDGES)
    if len(word) < 6 or word.lower().startswith(("http", "www.")) or word[0] in "@#":
        return False
    if "<" in word or ">" in word:  # markup (<at>name</at>, <b>), not a typed password
        return False
    has_letter = any(c.isalpha() for c in word)
    has_other = any(c.isdigit() or not (c.isalnum() or c in _PLAIN) for c in word)
    return has_letter and has_other


def _hands_over(before: str) -> bool:
    """Whether the word before a token hands over a value: a cue ("is", "to", "pw:"), or the
    credential word itself ("pw Tr0ub4dor&3")."""
    bare = before.lower().rstrip(":=").strip(_EDGES)
    if bare in _NOT_A_SECRET_BEFORE:
        return False
    return before.endswith((":", "=")) or bare in _CUES or bool(_CREDENTIAL.fullmatch(bare))


def looks_like_secret(text: str) -> bool:
    """True for "the password for our insta is Summer2026!", "pw: Tr0ub4dor&3" or an API token;
    a question about passwords, "the password is kept in the password manager" or "login error:
    AUTH-403" is fine."""
    if _TOKENS.search(text):
        return True
    for match in _CREDENTIAL.finditer(text):
        words = [match.group(0), *text[match.end() :].split()[:_WINDOW]]
        for before, token in itertools.pairwise(words):
            if token[0] in ":=" and _looks_like_a_value(token.lstrip(":=")):
                return True  # "pw=Abc12345", "password:Summer2026"
            if _hands_over(before) and _looks_like_a_value(token):
                return True
    return False


SECRET_WARNING = (
    "Please don't share passwords or other secrets in chat: I haven't stored or passed on that "
    "message. Team account passwords go to the Communications Team through a secure route (in "
    "person, by phone, or the Trust's password manager), never in a chat or an email."
)
