"""Policy answers: the plain answer, why, the policy's own words with the section, a next step."""

from __future__ import annotations

import datetime as dt

from bot.messages import Citation, PolicyAnswer, Reply
from knowledge.models import AnswerCard, Policy


def review_notice(policy: Policy, today: dt.date) -> str | None:
    """One line while the loaded policy is past its review date; None once a newer one is loaded."""
    if not policy.review_overdue(today):
        return None
    due = policy.review_due.strftime("%B %Y")
    return (
        f"This policy (v{policy.version}) was due for review in {due}: "
        f"check {policy.newer_version_at} for a newer version."
    )


def answer_card(card: AnswerCard, policy: Policy, today: dt.date) -> Reply:
    quotes = tuple((quote.text, Citation(quote.section, policy.cite(quote.section))) for quote in card.quotes)
    answer = PolicyAnswer(
        answer=card.answer,
        why=card.why,
        quotes=quotes,
        next_step=card.next_step,
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
