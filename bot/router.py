"""The shared router: crisis -> a pending choice -> intent -> answer -> honest fallback.

`route()` is pure: it gets the message and the conversation's state and returns an
Outcome; `bot.turn` stores it and the adapter sends it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.answers import answer_card
from bot.messages import AdviceRecord, Choice, ConversationState, IncomingMessage, Outcome, Reply
from bot.replies import FixedReplies
from bot.reports import ReportRoutes
from bot.signposting import UrgentHelp
from bot.understanding import Understander, Understanding
from knowledge.models import Knowledge

INTENT_CONFIDENT = 0.45
"""Below this the likeliest intent is a guess: ask instead of answering."""
CARD_CONFIDENT = 0.22
"""Below this (and close to the runner-up) the answer card is a guess too."""
CARD_MARGIN = 0.08
CLARIFY = "clarify"

INTENT_TOPICS = {
    "report_criticism": "reporting criticism of the Trust seen online",
    "report_crisis": "someone online who seems to be in crisis",
    "report_breach": "a colleague breaking the policy",
    "report_targeted": "being targeted or abused online yourself",
    "request_account": "opening a new team or service account",
}


@dataclass(frozen=True)
class Router:
    knowledge: Knowledge
    understander: Understander
    urgent_help: UrgentHelp
    fixed: FixedReplies
    routes: ReportRoutes

    def route(self, msg: IncomingMessage, state: ConversationState, today: dt.date) -> Outcome:
        if not msg.text.strip():
            return Outcome(replies=(self.fixed.empty(),), state=state)
        understood = self.understander.understand(msg.text)
        if understood.intent == "personal_crisis":
            return self._outcome(understood, (self.urgent_help.for_the_user(),))
        if understood.intent == "report_crisis":
            return self._outcome(understood, self.routes.crisis())
        if state.flow == CLARIFY and (picked := _picked(msg.text, state)) is not None:
            return self._answer_choice(picked, understood, today)
        if (topics := self._unsure(understood)) is not None:
            chosen = ConversationState(flow=CLARIFY, data={"choices": [c.value for c in topics]})
            return Outcome(
                replies=(self.fixed.clarify(topics),), state=chosen, advice=self._advice(understood)
            )
        return self._by_intent(understood, today)

    def _by_intent(self, understood: Understanding, today: dt.date) -> Outcome:
        if understood.intent == "policy_question":
            card = self.knowledge.card(understood.cards[0][0])
            reply = answer_card(card, self.knowledge.policy, today)
            return self._outcome(understood, (reply,), cited=card.quotes[0].section)
        handlers: dict[str, Callable[[], Reply]] = {
            "greeting": self.fixed.greeting,
            "help": self.fixed.help,
            "out_of_scope": self.fixed.out_of_scope,
            "report_criticism": self.routes.criticism,
            "report_breach": self.routes.breach,
            "report_targeted": self.routes.targeted,
            "request_account": self.routes.account,
        }
        return self._outcome(understood, (handlers[understood.intent](),))

    def _answer_choice(self, value: str, understood: Understanding, today: dt.date) -> Outcome:
        kind, _, name = value.partition(":")
        if kind == "card":
            card = self.knowledge.card(name)
            reply = answer_card(card, self.knowledge.policy, today)
            return self._outcome(understood, (reply,), cited=card.quotes[0].section)
        forced = Understanding(
            name, understood.confidence, understood.sections, understood.cards, understood.intents
        )
        return self._by_intent(forced, today)

    def _unsure(self, understood: Understanding) -> tuple[Choice, ...] | None:
        """The two likeliest topics when Signpost would otherwise be guessing."""
        if understood.intent in ("greeting", "help"):
            return None
        if understood.confidence >= INTENT_CONFIDENT:
            if understood.intent != "policy_question" or len(understood.cards) < 2:
                return None
            (_, first), (_, second) = understood.cards[:2]
            if first >= CARD_CONFIDENT or first - second >= CARD_MARGIN:
                return None
        topics = self._topics(understood)
        return topics if len(topics) == 2 else None

    def _topics(self, understood: Understanding) -> tuple[Choice, ...]:
        scored: list[tuple[float, Choice]] = []
        for intent, prob in understood.intents:
            if intent == "policy_question":
                for card_id, card_prob in understood.cards[:2]:
                    title = self.knowledge.card(card_id).title
                    scored.append((prob * card_prob, Choice(title, f"card:{card_id}")))
            elif intent in INTENT_TOPICS:
                scored.append((prob, Choice(INTENT_TOPICS[intent], f"intent:{intent}")))
        scored.sort(key=lambda pair: -pair[0])
        return tuple(choice for _, choice in scored[:2])

    def _outcome(
        self, understood: Understanding, replies: tuple[Reply, ...], cited: str | None = None
    ) -> Outcome:
        return Outcome(replies=replies, advice=self._advice(understood, cited))

    def _advice(self, understood: Understanding, cited: str | None = None) -> AdviceRecord:
        return AdviceRecord(
            intent=understood.intent,
            confidence=understood.confidence,
            sections=understood.sections,
            cited_section=cited,
            policy_version=self.knowledge.policy.version,
        )


_ORDINALS = {"1": 0, "one": 0, "first": 0, "the first": 0, "2": 1, "two": 1, "second": 1, "the second": 1}


def _picked(text: str, state: ConversationState) -> str | None:
    """The option a reply to a clarifying question picks: a number or a button value."""
    choices = [str(c) for c in state.data.get("choices", [])]
    said = re.sub(r"[^\w\s:-]", "", text.strip().lower()).strip()
    if said in choices:
        return said
    index = _ORDINALS.get(said)
    if index is not None and index < len(choices):
        return choices[index]
    return None
