"""Text in and out of Teams.

In: Teams sends message text as HTML-ish markup (`<at>Signpost</at>`, `<p>`, entities).
Out: Adaptive Card text is a Markdown subset that makes `[title](url)` a link and `*x*`
bold; user text shown in a card is escaped so it reads as typed and links nothing.
"""

from __future__ import annotations

import html
import re

_TAGS = re.compile(r"<[^>]{0,200}>")
_BREAKS = re.compile(r"<\s*(br|/p|/div)\s*/?>", re.IGNORECASE)
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>~#])")
_BULLET = re.compile(r"^(\s*)([-+])(?=\s)", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


def to_plain(text: str, *, strip_mentions: bool = True) -> str:
    """Teams message text as the user typed it: mentions of the bot dropped, tags removed,
    entities decoded, spaces tidied."""
    if strip_mentions:
        text = _MENTION.sub(" ", text)
    text = _BREAKS.sub("\n", text)
    text = _TAGS.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def escape(text: str) -> str:
    """User text safe inside an Adaptive Card TextBlock or Fact: Markdown punctuation is
    backslash-escaped, so `[Trust login](https://evil.example)` shows as typed."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\.", _BULLET.sub(r"\1\\\2", text))


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    return text if len(text) <= limit else text[: max(0, limit - len(ellipsis))] + ellipsis


def escape_within(text: str, limit: int) -> str:
    return escape(truncate(text, limit))
