"""Short messages that only name a topic of the policy: "blog", "youtube?", "my blog".

The intent model learns short messages mostly from greetings ("hi", "ok", "thanks") and
fragments ("last night", "dunno"), so one topic word alone can read as a greeting or as out
of scope, and the user gets "Hello!" or "I can't answer that". A topic word is learned from
the knowledge, not listed: a word of an answer card's title, or a name the policy always
capitalises ("YouTube", "Snapchat"), that is not an English stop word and that the
in-scope examples (policy questions, reports, account requests) use clearly more often than
the greetings, help requests and out-of-scope ones. A short message with a topic word and
nothing else but stop words is a question about that topic, and Signpost asks which part of
it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+")
SMALL_TALK = ("greeting", "help", "out_of_scope")
"""The intents whose examples are the other side of a topic word."""
SHORT = 3
"""At most this many words: longer messages say enough for the intent model."""
TOPIC_ODDS = 1.0
"""A topic word's least log-odds of an in-scope example against a chat or out-of-scope one."""
MOST_CHAT_SHARE = 0.03
"""A topic word is in at most this share of the chat and out-of-scope examples."""
MOST_SHARE = 0.15
"""...and of the in-scope ones: more common words ("trust", "post") say too little alone."""


def stem(word: str) -> str:
    """Plural and -ing/-ed/-er forms share a stem: "blogs", "blogging" and "blog"."""
    return re.sub(r"(ings?|ers?|ed|s)$", "", word) if len(word) > 4 else word


def stems(text: str) -> set[str]:
    return {stem(word) for word in WORD.findall(text.lower())}


@dataclass(frozen=True)
class Topics:
    topic: frozenset[str]
    stop: frozenset[str]
    """English stop words ("my", "on", "the"): a topic named with them is still named alone."""

    def names_a_topic(self, clean: str) -> bool:
        """A message of at most `SHORT` words, all topic words or stop words, at least one a
        topic word: "youtube?", "my blog", "facebook group", but not "really useful"."""
        words = WORD.findall(clean)
        if not words or len(words) > SHORT:
            return False
        named = {stem(word) for word in words if word not in self.stop}
        return bool(named) and named <= self.topic


def names(policy_text: str) -> set[str]:
    """The names the policy always capitalises: platforms ("YouTube", "Reddit"), bodies, roles."""
    prose = re.sub(r"\S*(://|@)\S*", " ", policy_text)  # not addresses: "youtube.com/..."
    capitalised = {word.lower() for word in re.findall(r"\b[A-Z][A-Za-z]+\b", prose)}
    return capitalised - set(re.findall(r"\b[a-z]+\b", prose))


def learn_topics(
    titles: Iterable[str], policy_text: str, in_scope: list[str], chat: list[str], stop_words: frozenset[str]
) -> Topics:
    """`titles`: the answer cards'; `in_scope` and `chat`: the examples on either side."""
    words = {w for title in titles for w in WORD.findall(title.lower())} | names(policy_text)
    candidates = {stem(w) for w in words if len(w) >= 3 and w not in stop_words and stem(w) not in stop_words}
    inside = Counter(s for text in in_scope for s in stems(text))
    outside = Counter(s for text in chat for s in stems(text))

    def odds(s: str) -> float:
        return math.log((inside[s] + 0.5) / len(in_scope)) - math.log((outside[s] + 0.5) / len(chat))

    topic = {
        s
        for s in candidates
        if odds(s) >= TOPIC_ODDS
        and outside[s] / len(chat) < MOST_CHAT_SHARE
        and inside[s] / len(in_scope) < MOST_SHARE
    }
    return Topics(frozenset(topic), stop_words)
