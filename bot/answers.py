"""Policy answers: the plain answer, why, the policy's own words with the section, a next step."""

from __future__ import annotations

import datetime as dt
import re

from bot.messages import Citation, PolicyAnswer, Reply
from knowledge.models import AnswerCard, Policy

SECTION_OPENING = 400
"""How much of a section's own words a summary of it quotes, in characters."""
_OPEN_QUESTION = re.compile(
    r"^\W*(?:(?:<@\w+>|hi|hey|hiya|hello|so|um|quick q(?:uestion)?|sorry|just wondering|random q)\W+)*"
    r"(?:what|whats|what's|how|hows|how's|who|whos|who's|where|wheres|where's|when|why|which)\b",
    re.IGNORECASE,
)
"""A question that asks what, how, who... rather than whether: "what should I do if…"."""
_OPEN_AFTER_A_STORY = re.compile(
    r"[.,;:!?]\s*(?:(?:so|and|but|now|then)\s+)?(?:what|how|who|where|when|why|which)\s+"
    r"(?:do|does|should|shall|can|could|would|will|is|are|happens|now)\b[^.,;:!?]*\??\s*$",
    re.IGNORECASE,
)
"""A story ending on an open question: "i changed our team twitter password, what do i do now"."""
_ASKS_IF_NEEDED = re.compile(
    r"^\W*(?:(?:hi|hey|so|um|quick q(?:uestion)?|sorry|just wondering)\W+)*"
    r"(?:do|does|would|will)\s+(?:i|we|you|staff|they|he|she)\s+(?:need|have)\s+to\b"
    r"|\b(?:do|does)\s+(?:i|we|you|staff)\s+need\s+(?:\w+\s+)?(?:permission|approval|consent|sign[- ]?off|"
    r"to ask|to tell|to check)\b|\b(?:am i|are we|is it)\s+(?:required|obliged|mandatory|compulsory)\b"
    r"|^\W*must\s+(?:i|we)\s+(?:ask|tell|get|check|declare|inform)\b",
    re.IGNORECASE,
)
"""Asks whether something is required ("do i need comms permission to tweet about my own
research"): a card's "Yes" or "No" answers whether it is allowed, the other way round."""
_YES_OR_NO = re.compile(r"^(?:Yes|No)(?::|,)\s+(?=\S)")


def review_notice(policy: Policy, today: dt.date) -> str | None:
    """One line while the loaded policy is past its review date; None once a newer one is loaded."""
    if not policy.review_overdue(today):
        return None
    due = policy.review_due.strftime("%B %Y")
    return (
        f"This policy (v{policy.version}) was due for review in {due}: "
        f"check {policy.newer_version_at} for a newer version."
    )


def answer_card(card: AnswerCard, policy: Policy, today: dt.date, question: str = "") -> Reply:
    """`question`, when given, is what was asked: an open question ("what should I do if…") is
    not answered with "Yes" or "No" (`opening_for`)."""
    quotes = tuple((quote.text, Citation(quote.section, policy.cite(quote.section))) for quote in card.quotes)
    answer = PolicyAnswer(
        answer=opening_for(card.answer, question),
        why=card.why,
        quotes=quotes,
        next_step=card.next_step,
        notice=review_notice(policy, today),
    )
    return Reply(text=render_text(answer), policy_answer=answer)


def without_yes_or_no(answer: str) -> str:
    """The card's plain answer without its opening "Yes:" or "No,"."""
    if not (opener := _YES_OR_NO.match(answer)):
        return answer
    rest = answer[opener.end() :]
    return rest[0].upper() + rest[1:]


def opening_for(answer: str, question: str) -> str:
    """The card's plain answer, without its "Yes:" or "No," when the question asks what, how or
    who rather than whether: "what should I do about a friend request from a former patient?"
    is answered "Please don't accept…", not "No: please don't accept…". So too after a story
    ending "…, what do i do now", and for a question whether something is required ("do i need
    comms permission to…"), which a "Yes" about being allowed would answer the wrong way."""
    asks_otherwise = (
        _OPEN_QUESTION.search(question)
        or _OPEN_AFTER_A_STORY.search(question)
        or _ASKS_IF_NEEDED.search(question)
    )
    return without_yes_or_no(answer) if asks_otherwise else answer


def about_the_policy(policy: Policy, today: dt.date) -> Reply:
    """The document itself: its version, who wrote and approved it and when, and whether it is
    past its review date ("is this policy still current?", "who wrote this policy")."""
    approved = policy.approved.strftime("%-d %B %Y")
    by = f" by the {policy.approved_by}" if policy.approved_by else ""
    written = f" It was written by {policy.author}." if policy.author else ""
    due = policy.review_due.strftime("%B %Y")
    current = (
        f"It was due for review in {due}, so check {policy.newer_version_at} for a newer version."
        if policy.review_overdue(today)
        else f"It is next due for review in {due}."
    )
    return Reply(
        f"This is version {policy.version} of the {policy.name}, approved{by} on {approved}.{written} "
        f"{current} Until a newer version replaces it, this is the one that applies."
    )


def section_summary(policy: Policy, cards: tuple[AnswerCard, ...], section_id: str, today: dt.date) -> Reply:
    """What a section is about, asked by its number: its title, its opening words and the
    questions Signpost answers from it."""
    section = policy.section(section_id)
    label = f"Appendix {section_id[1:]}" if section_id.startswith("A") else f"Section {section_id}"
    opening = " ".join(line.strip() for line in section.text.splitlines() if line.strip())
    opening = (
        opening if len(opening) <= SECTION_OPENING else opening[: SECTION_OPENING - 1].rsplit(" ", 1)[0] + "…"
    )
    topics = [card.title for card in cards if card.sections[0] == section_id][:4]
    why = (
        "I answer questions on it such as: " + "; ".join(topics) + "."
        if topics
        else "Ask me about anything in it."
    )
    answer = PolicyAnswer(
        answer=f"{label} of the policy is “{section.title}”.",
        why=why,
        quotes=((opening, Citation(section_id, policy.cite(section_id))),),
        next_step="Ask me about your own situation in your own words, and I'll answer from the policy.",
        notice=review_notice(policy, today),
    )
    return Reply(text=render_text(answer), policy_answer=answer)


def render_text(answer: PolicyAnswer) -> str:
    lines = [answer.answer, "", answer.why, "", "What the policy says:"]
    for text, citation in answer.quotes:
        lines.append(f"  “{text}”")
        lines.append(f"  ({citation.reference})")
    lines += ["", f"Next step: {answer.next_step}"]
    if answer.notice:
        lines += ["", answer.notice]
    return "\n".join(lines)
