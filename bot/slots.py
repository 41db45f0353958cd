"""Reading answers out of what staff type: links, platforms, yes/no, choices."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from urllib.parse import SplitResult, urlsplit

from bot.messages import Choice

URL = re.compile(r"<?(https?://[^\s<>|]+)(?:\|[^>]*)?>?", re.IGNORECASE)
PLATFORMS: dict[str, tuple[str, ...]] = {
    "X (Twitter)": ("x.com", "twitter.com", "t.co", "twitter", "tweet", "x/twitter"),
    "Facebook": ("facebook.com", "fb.com", "fb.watch", "facebook", "fb"),
    "Instagram": ("instagram.com", "instagram", "insta", "ig"),
    "TikTok": ("tiktok.com", "tiktok"),
    "YouTube": ("youtube.com", "youtu.be", "youtube"),
    "LinkedIn": ("linkedin.com", "linkedin"),
    "Reddit": ("reddit.com", "redd.it", "reddit"),
    "Threads": ("threads.net", "threads.com", "threads"),
    "Bluesky": ("bsky.app", "bluesky"),
    "Mastodon": ("mastodon.social", "mastodon"),
    "Snapchat": ("snapchat.com", "snapchat", "snap"),
    "WhatsApp": ("whatsapp.com", "wa.me", "whatsapp"),
    "Discord": ("discord.com", "discord.gg", "discord"),
    "Mumsnet": ("mumsnet.com", "mumsnet"),
    "Nextdoor": ("nextdoor.com", "nextdoor", "nextdoor.co.uk"),
    "Google reviews": ("google reviews", "google review", "maps.google.com", "g.co", "goo.gl", "google"),
    "Substack": ("substack.com", "substack"),
    "Twitch": ("twitch.tv", "twitch"),
}
YES = {
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "ok",
    "okay",
    "sure",
    "please",
    "yes please",
    "go ahead",
    "send",
    "send it",
    "correct",
    "true",
    "ta",
    "go on",
    "do it",
    "please do",
    "sure thing",
    "why not",
    "of course",
    "definitely",
    "absolutely",
    "yea",
    "ye",
    "yh",
    "aye",
    "fine",
    "ok then",
    "okay then",
    "that's fine",
    "thats fine",
}
NO = {
    "no", "n", "nope", "nah", "no thanks", "not really", "don't", "dont", "false", "no thank you",
    "rather not", "i'd rather not", "id rather not", "not now", "leave it", "no need",
}  # fmt: skip
_BEFORE_YES_OR_NO = ("ok ", "okay ", "right ", "alright ", "fine ", "well ", "um ", "erm ", "hmm ")
"""Words said before a yes or no: "ok yes", "ok sure", "right no"."""
UNSURE = {
    "not sure",
    "unsure",
    "not certain",
    "don't know",
    "dont know",
    "idk",
    "maybe",
    "no idea",
    "no clue",
    "not a clue",
    "dunno",
    "can't remember",
    "cant remember",
    "don't remember",
    "dont remember",
    "can't recall",
    "cant recall",
    "forget",
    "forgot",
}
_UNSURE_BEFORE = {"sorry", "honestly", "i", "im", "i'm", "am", "really", "genuinely", "just"}
_UNSURE_AFTER = {"sorry", "tbh", "honestly", "really", "mate", "x"}
"""Words around "not sure" that change nothing: "sorry i don't know", "im not sure tbh"."""
HEDGED = {
    "think so",
    "don't think so",
    "dont think so",
    "guess so",
    "suppose so",
    "suppose",
    "believe so",
    "reckon so",
    "probably",
    "probably not",
    "possibly",
    "doubt it",
    "not that i know of",
}
HOLDING = {
    "let me think",
    "think",
    "i'll think about it",
    "ill think about it",
    "i'll check",
    "ill check",
    "can't say",
    "cant say",
    "don't mind",
    "dont mind",
    "wasn't there",
    "wasnt there",
    "not me",
}
"""Replies that put an answer off or pass on it ("let me think", "i wasnt there"): nothing said."""
PLAIN_REPLY_WORDS = 10
_NOT_SO = {"no", "nope", "nah"}
_REPLY_BEFORE = (
    _UNSURE_BEFORE | _NOT_SO | {"yes", "yeah", "yep", "ok", "okay", "um", "umm", "hmm", "erm", "well", "oh"}
)
_REPLY_AFTER = _UNSURE_AFTER | {"thanks", "ta", "now"}
PLAIN_REPLIES = frozenset(YES | NO | UNSURE | HEDGED | HOLDING)
WELL = {
    "fine",
    "alright",
    "all right",
    "all good",
    "good",
    "great",
    "lovely",
    "ok",
    "okay",
    "better",
    "much better",
    "feeling better",
    "feeling much better",
    "safe",
    "safe now",
    "feeling safe",
    "feeling safer",
    "safer",
}
"""How someone is, said plainly ("im fine", "all good now thanks", "shes ok now"); never after
"no", so "im no good" is not one."""
_SOMEONE = {"hes", "he's", "shes", "she's", "theyre", "they're", "its", "it's", "thats", "that's"}
"""Someone else, or the thing asked about, said to be fine: "she's ok now", "its fine"."""
NO_ONE = {"none", "nothing", "nobody", "no one"}
"""Nobody and nothing, alone ("nobody else", "nothing else thanks"): "i'm nothing" is not one."""
_WELL_BEFORE = _REPLY_BEFORE | _SOMEONE | {"thanks", "ta"}
_NO_ONE_AFTER = _REPLY_AFTER | {"else"}
ALONE = {"sorry", "oops", "my mistake", "done", "all done", "stop", "thanks", "thank you", "cheers"}
"""Said alone, an apology, a thank-you or "done": with anything before it, "im done" is not one."""
_ALONE_AROUND = frozenset({"thanks", "ta", "x", "mate", "about", "that"})


_TIME_WORDS = frozenset((
    "today", "yesterday", "yday", "yest", "tonight", "morning", "afternoon", "evening", "night",
    "overnight", "lunchtime", "lunch", "midnight", "midday", "noon", "earlier", "recently", "now",
    "ago", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week",
    "weeks", "weekend", "month", "months", "am", "pm", "oclock", "o'clock", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "half",
    "quarter", "couple", "few",
))  # fmt: skip
"""Words that say when something was posted; with `_AROUND_A_TIME`, all a time answer holds."""
_AROUND_A_TIME = frozenset((
    "a", "an", "the", "this", "last", "just", "about", "around", "roughly", "approx", "approximately",
    "ish", "or", "so", "at", "on", "in", "of", "by", "before", "after", "since", "past", "ago",
    "earlier", "sometime", "some", "time", "and", "i", "think", "guess", "believe", "reckon", "maybe",
    "probably", "possibly", "perhaps", "not", "sure", "unsure", "um", "umm", "erm", "hmm", "well", "ok",
    "sorry", "thanks", "x",
))  # fmt: skip
_CLOCK = re.compile(r"^\d{1,4}(am|pm|ish|st|nd|rd|th|m|h|hr|hrs|min|mins|d)?$")
"""A number as said without punctuation: "3pm", "1030" (10:30), "2hrs", "21st"."""


def is_time(text: str) -> bool:
    """Said when, and nothing else: "last night i think", "about 2 hours ago", "yday 3pm ish".
    One time word at least; every other word one said around a time."""
    words = _said(text).replace("-", " ").split()
    if not words or len(words) > PLAIN_REPLY_WORDS:
        return False
    timed = [w in _TIME_WORDS or bool(_CLOCK.match(w)) for w in words]
    return any(timed) and all(t or w in _AROUND_A_TIME for w, t in zip(words, timed, strict=True))


_DURATION_WORDS = _TIME_WORDS | frozenset((
    "ongoing", "permanent", "permanently", "indefinite", "indefinitely", "forever", "long", "term",
    "longterm", "open", "ended", "openended", "foreseeable", "future", "end", "date", "enddate", "year",
    "years", "yr", "yrs", "pilot", "trial", "continuous", "continuously", "rolling", "unlimited",
    "always", "permanant", "eighteen",
))  # fmt: skip
"""Words that say how long something will last: "ongoing", "a year's pilot", "no end date"."""
_AROUND_A_DURATION = _AROUND_A_TIME | frozenset((
    "no", "none", "there's", "theres", "there", "is", "it", "its", "it's", "will", "be", "for", "to",
    "as", "needed", "need", "hopefully", "hope", "we", "then", "least", "plus", "initially", "first",
    "period", "until", "review", "reviewed", "with", "basis", "set", "fixed", "run", "running",
    "expect", "planned", "plan", "yet", "ideally", "more", "than", "over", "under", "up", "year's",
    "years'", "month's", "long-term", "short", "see", "how", "goes", "if", "works", "successful",
))  # fmt: skip


def is_duration(text: str) -> bool:
    """Said how long, and nothing else: "ongoing, no end date", "a year's pilot then review",
    "indefinitely". One word of a length of time at least; every other word one said around it."""
    words = _said(text).replace("-", " ").split()
    if not words or len(words) > PLAIN_REPLY_WORDS:
        return False
    timed = [w in _DURATION_WORDS or bool(_CLOCK.match(w)) for w in words]
    return any(timed) and all(t or w in _AROUND_A_DURATION for w, t in zip(words, timed, strict=True))


_THANKS = frozenset(("thanks", "thank", "thankyou", "thx", "ty", "ta", "cheers"))
_BYE = frozenset(("bye", "byee", "cya", "goodnight", "night", "nite", "later", "laters"))
_AROUND_A_FAREWELL = frozenset((
    "you", "u", "so", "very", "much", "many", "for", "the", "your", "that", "this", "help", "all",
    "ok", "okay", "great", "brilliant", "lovely", "perfect", "thats", "that's", "helpful", "really",
    "good", "see", "ya", "x", "xx", "xxx", "then", "and", "oh", "ah", "right", "now",
))  # fmt: skip


def farewell(text: str) -> str | None:
    """ "thanks", "bye" or None: a message that only thanks or says goodbye ("ok thanks x",
    "brilliant, thank you so much", "bye for now"). Checked once a message is read as a
    greeting, never instead of the crisis readings ("thanks for everything, goodbye" is not
    one to answer lightly: those readings see it first)."""
    words = _said(text).split()
    if not words or len(words) > PLAIN_REPLY_WORDS:
        return None
    if not all(w in _THANKS or w in _BYE or w in _AROUND_A_FAREWELL for w in words):
        return None
    if any(w in _BYE for w in words):
        return "bye"
    return "thanks" if any(w in _THANKS for w in words) else None


def split_url(link: str) -> SplitResult | None:
    """The link's parts, or None for one that cannot be read ("http://[" raises in urlsplit)."""
    try:
        return urlsplit(link)
    except ValueError:
        return None


def find_link(text: str) -> str | None:
    match = URL.search(text)
    if not match:
        return None
    link = match.group(1).rstrip(".,;:!?)'\"")
    parts = split_url(link)
    return link if parts is not None and parts.scheme in ("http", "https") and parts.netloc else None


def find_platform(text: str) -> str | None:
    """The platform named by a link's host or by the words ("on insta")."""
    link = find_link(text)
    if link:
        parts = split_url(link)
        host = (parts.netloc if parts else "").lower().removeprefix("www.").removeprefix("m.")
        for name, markers in PLATFORMS.items():
            if any(host == m or host.endswith("." + m) for m in markers if "." in m):
                return name
    padded = _platform_words(text)
    for name, markers in PLATFORMS.items():
        if any(_named(padded, f" {m} ") for m in markers):
            return name
    return None


def platforms_named(text: str) -> list[str]:
    """Every platform the words name, in the order they come ("tiktok and insta": TikTok,
    Instagram); links are left to `find_platform`."""
    padded = _platform_words(text)
    found = {
        name: min(padded.find(f" {m} ") for m in markers if _named(padded, f" {m} "))
        for name, markers in PLATFORMS.items()
        if any(_named(padded, f" {m} ") for m in markers)
    }
    return sorted(found, key=found.__getitem__)


def denies_platform(text: str, name: str) -> bool:
    """`text` says the post is not on the platform `name` ("it's on facebook not google")."""
    padded = _platform_words(text)
    return any(
        f" {m} " in padded and not _named(padded, f" {m} ") for m in PLATFORMS.get(name, ()) if "." not in m
    )


def _platform_words(text: str) -> str:
    """Lower case, "n't" as "nt", punctuation but dots and slashes dropped, a space each side."""
    return " " + re.sub(r"[^\w\s./]", " ", text.lower().replace("’", "'").replace("n't", "nt")) + " "


_NEGATED = re.compile(r"\b(?:not|isnt|wasnt|aint|never)(?:\s+(?:on|in|from|at|the))*\s*$")
"""Words saying a platform is not the one: "it's on facebook not google"."""


def _named(padded: str, marker: str) -> bool:
    """`marker` is in the words, and not only as the platform it is not ("…not google")."""
    start = padded.find(marker)
    while start >= 0:
        if not _NEGATED.search(padded[: start + 1]):
            return True
        start = padded.find(marker, start + 1)
    return False


def said_plainly(text: str) -> str:
    """Lower case, punctuation dropped, spaces folded: for matching short answers."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", "", text.strip().lower())).strip()


_said = said_plainly


def yes_no(text: str) -> bool | None:
    """Yes (True), no (False) or neither (None). "no idea" is not sure, not no."""
    if is_unsure(text):
        return None
    said = _said(text)
    while said.startswith(_BEFORE_YES_OR_NO) and said not in YES | NO:
        said = said.split(" ", 1)[1]
    if said in YES or said.startswith(("yes ", "yeah ", "yep ")):
        return True
    if said in NO or said.startswith(("no ", "nope ", "nah ")):
        return False
    return None


def is_unsure(text: str) -> bool:
    """A plain "don't know" in any of its everyday forms, and nothing else: "i don't know
    anymore" or "i can't remember the last time i slept" are not."""
    return _said_around(text, UNSURE, _UNSURE_BEFORE, _UNSURE_AFTER)


def is_plain_reply(text: str) -> bool:
    """Yes, no, not sure, a hedge ("i think so", "no i don't think so") or a settled answer
    ("im ok thanks", "nobody else"), and nothing else: a reply with no room in it for anything
    more to be said."""
    return (
        _said_around(text, PLAIN_REPLIES, _REPLY_BEFORE, _REPLY_AFTER)
        or _says_well(text)
        or _said_around(text, NO_ONE, frozenset(), _NO_ONE_AFTER)
        or _said_around(text, ALONE, frozenset(), _ALONE_AROUND)
    )


def says_all_is_well(text: str) -> bool:
    """A thank-you, or that someone is fine or safe ("thanks.", "im safe now", "shes ok"), and
    nothing else: the plain replies that add nothing to what a message beside them says. Not an
    apology or "i don't know": after "wrote letters to my family last night", "sorry." is part
    of what is said."""
    return _says_well(text) or farewell(text) == "thanks"


def _says_well(text: str) -> bool:
    """How someone is, said plainly, and nothing else ("im ok thanks", "shes safe now")."""
    return _said_around(text, WELL, _WELL_BEFORE, _REPLY_AFTER, not_just_after=_NOT_SO)


def _said_around(
    text: str,
    said: AbstractSet[str],
    before: AbstractSet[str],
    after: AbstractSet[str],
    not_just_after: AbstractSet[str] = frozenset(),
) -> bool:
    """`text` is one of `said`, with only words from `before` before it and from `after`
    after it, and none of `not_just_after` right before it ("no i'm fine" but not "im no
    good"). Such a reply is a few words; anything longer is not one."""
    words = _said(text).split()
    if len(words) > PLAIN_REPLY_WORDS:
        return False
    for start in range(len(words)):
        if start and words[start - 1] not in before:
            return False
        if start and words[start - 1] in not_just_after:
            continue
        for end in range(len(words), start, -1):
            if end < len(words) and words[end] not in after:
                break
            if " ".join(words[start:end]) in said:
                return True
    return False


def pick(text: str, choices: tuple[Choice, ...]) -> Choice | None:
    """A choice by its number, its value or its label."""
    said = _said(text)
    for number, choice in enumerate(choices, start=1):
        if said in (str(number), choice.value.lower(), _said(choice.label)):
            return choice
    for choice in choices:
        if said and (said in _said(choice.label).split() or _said(choice.label).startswith(said)):
            return choice
    return None
