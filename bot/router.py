"""The shared router: crisis -> the running report -> a pending choice -> intent -> answer
-> honest fallback.

`route()` is pure: it gets the message and the conversation's state and returns an
Outcome; `bot.turn` stores it and the adapter sends it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import Any

from bot.answers import about_the_policy, answer_card, section_summary, without_yes_or_no
from bot.flows import engine
from bot.flows.catalogue import THREATENED
from bot.flows.spec import Answers, FlowContext, FlowSpec
from bot.messages import (
    AdviceRecord,
    Choice,
    ConversationState,
    EscalationDraft,
    IncomingMessage,
    Outcome,
    Reply,
)
from bot.replies import FixedReplies
from bot.secrets import SECRET_WARNING, looks_like_secret
from bot.signposting import UrgentHelp
from bot.slots import find_link, find_platform, yes_no
from bot.understanding import Understander, Understanding, with_small_talk_worry
from bot.understanding.model import CRISIS_THRESHOLD
from bot.understanding.text import (
    acts_on_what_was_reported,
    adds_to_what_was_said,
    asks_about_the_policy_itself,
    asks_for_an_accounts_login,
    asks_to_report,
    follows_up,
    names_the_writer,
    names_the_writer_beyond_a_mistake,
    only_asks_to_report,
    only_says_no_link,
    only_tells_of_a_post,
    threatens_the_writer,
)
from knowledge.models import CRISIS_INTENTS, FLOW_SECTIONS, Knowledge, ReportQuestion

INTENT_CONFIDENT = 0.45
"""Below this the likeliest intent is a guess: ask instead of answering."""
CARD_CONFIDENT = 0.22
"""Below this the card model's best answer card is a guess too."""
CLARIFY_SUPPORT = 0.10
"""A message Signpost is unsure of (two topics offered) whose crisis probability reaches this
also gets where to turn if it is the user who is struggling, as help and "not covered" replies
do: "i have a plan" (0.12) offered two account topics and nothing else. Of the 231 short and
everyday crises of the benches, it is the only one read this way; of the 127 labelled messages
(of 4,390) given two topics, 15 reach it, and 3 of the 150 ordinary statements."""
QUESTION_IN_FLOW = 0.80
"""How sure Signpost must be that a mid-report message is a policy question, not an answer."""
UNSURE_REPORT_IN_FLOW = 0.5
"""Where a report waits after a question it answered, a valid answer read as another report below
this, and not asked as a question, is the answer to the report's question."""
SURE_QUESTION_CARD = 0.9
"""Where a report waits for the user's own words (not someone else's), a policy question typed
with "?" whose card model is this sure is held to `QUESTION_NOT_AN_ANSWER`, not `QUESTION_IN_FLOW`."""
QUESTION_NOT_AN_ANSWER = 0.5
"""The bar for a policy question typed with "?" where the report's question has a set answer
(yes or no, an option, a platform's name) and the message is not one."""
CORRECTION_BAR = 0.8
"""How sure Signpost must be that a correction mid-report ("actually no its my colleague who
wrote it") is another kind of report before it starts that one instead."""
SWITCHED_REPORT = (
    "Thanks, that's a different kind of report: I've stopped the first one (nothing was recorded)."
)
CLARIFY = "clarify"
MORE_ABOUT = (
    "I've added this to {ref}, so the Communications Team has it with the report. If it's a "
    "different person or post, tell me where it is (a link is best) and I'll start a new report."
)
AFTER_REPORT = {
    "crisis": "users-in-crisis-procedure",
    "criticism": "responding-to-criticism",
    "breach": "reporting-a-colleague",
    "targeted": "being-targeted-general",
}
"""The answer card a message just after a finished report of this kind is read with, when it
carries on from it ("what else should i do?") or is about doing something to what was reported
("can i reply to them to say sorry?", `text.acts_on_what_was_reported`)."""
_EMERGENCY = re.compile(
    r"\b(?:call|ring|phone|dial|contact|get|involve)\s+(?:999|911|112|the police|police|an ambulance"
    r"|ambulance|emergency services|the emergency services)\b|\b999\b"
)
"""Asking whether to call 999 or the police."""
CALL_999 = (
    "If anyone's life is at immediate risk, yes: call 999 now and tell them what you know (the post, the "
    "account, anything about where the person is). If it's you who is at risk, call 999 or go to A&E; "
    "NHS 111 option 2 and Samaritans (116 123) are there any time."
)
ADDED_A_THREAT = (
    "Thanks, I've added that to {ref} and marked it urgent for the Communications Team. If you feel "
    "unsafe, call 999 (or 101 if it isn't an emergency), and keep screenshots."
)
ADDED_AFTER = "Thanks, I've added that to {ref} for the Communications Team."
STOPPED = "stopped"
"""Set beside `WITHDRAWABLE` when the report recorded at once was stopped: "no wait dont cancel
its real" may follow (`Router._kept_after_all`)."""
KEPT_AFTER_ALL = (
    "It's still with the Communications Team as urgent ({ref}): nothing was withdrawn, and I've told "
    "them you say it's real."
)
_KEEP_IT = re.compile(
    r"\b(?:don'?t|do not|dont|not|didn'?t|didnt) (?:cancel|stop|withdraw)\b|\bun-?cancel\b|\bundo\b"
    r"|\bkeep (?:it|the report|it going|going)\b|\b(?:it'?s|its|it is|this is) (?:real|genuine|serious)\b"
    r"|\bcarry on with (?:it|the report)\b|\bdidn'?t mean to (?:cancel|stop)\b"
)
REPORTED = "reported"
"""Set beside `AFTER` when the card is a finished report's (`AFTER_REPORT`)."""
LINK_WORDS = 6
"""A link given after a question mid-report is where it is with at most this many other words."""
AFTER_QUESTION_WORDS = 15
"""A question just after a report is read as about it (`Router._asked_after_report`) up to this length."""
AFTER_QUESTION_BAR = 0.8
"""How surely a question just after a report must be about it: outside a report, "what happens
next when im gone?" (0.72) is read as it is."""
SURE_AFTER_QUESTION = 0.99
"""A question just after a report read clearly as a crisis is still answered, after the help,
when it is this surely about the report ("will i hear back", "will this get to someone tonight")."""
AFTER = "after"
"""The answer card given last, kept for one message in a clarify state (`Router._in_context`)."""
CONTEXT_CARD = 0.5
"""A follow-up whose own likeliest card is at least this likely is answered on its own."""
CONTEXT_REPLY_WORDS = 10
"""A reply after a policy answer read weakly as a crisis is read with its topic up to this length."""
NOTHING_TO_CANCEL = (
    "There's no report under way, so there's nothing to cancel. Ask me about the social media "
    "policy, or tell me about anything online that worries you."
)
WITHDRAWABLE = "withdrawable"
"""A stopped report's reference, kept for one message in case it was reported by mistake."""
MISTAKE_WORDS = 15
"""A longer message after a stopped report is not read for "it was a mistake"."""
ASIDE = "aside"
"""Set while a report waits after answering a question asked in the middle of it."""
ASIDE_CHOICES = "aside_choices"
"""The two answer cards offered for a question asked in the middle of a report, kept for one
message while the report waits (`Router._question_aside`)."""
OTHER_KIND = 0.10
"""A crisis read as one kind with at least this probability of the other also covers it: a
personal crisis that may be someone else's words ("comment on our page: 'won't be around much
longer'") offers the crisis report after the help; a crisis report that may be the user's own
("help me write a goodbye post") gives the user's own help after the link to share. A net,
not a fix: of the three crisis reports the labelled sets have read as the user's own crisis,
one scores 0.20 for a report, the other two 0.00. It costs little: 2 of the 104 personal
crises read right get the offer too, and 5 of the 102 crisis reports the user's own help.
The understanding also covers both kinds when who wrote the words is unsure
(`Understanding.either_kind`)."""
REPORT_INSTEAD = Choice("These are someone else's words: report it", "intent:report_crisis")
REPORT_WORRY = Choice("Report someone online in crisis", "intent:report_crisis")
RESUME_HINT = "When you're ready, say “continue” to carry on with your report, or “cancel” to stop it."
ANSWER_AGAIN = (
    "If you meant the post and not yourself, your report is still open: answer below, or say “not sure”."
)

INTENT_TOPICS = {
    "report_criticism": "reporting criticism of the Trust you've seen online",
    "report_crisis": "reporting someone online who seems to be in crisis",
    "report_breach": "reporting a colleague breaking the policy",
    "report_targeted": "reporting that you're being targeted or abused online",
    "request_account": "requesting a new team or service account now",
}
WHICH_REPORT = (
    ("report_crisis", "Someone online who seems to be in crisis"),
    ("report_criticism", "Criticism of the Trust, a service or staff online"),
    ("report_breach", "A colleague breaking the social media policy"),
    ("report_targeted", "You're being targeted or abused online"),
)
WHICH_REPORT_AFTER = "Reply with a number, or tell me what you've seen."
WHICH_REPORT_ASKED = "What would you like to report?"
NOTHING_TO_REPORT = (
    "OK, nothing to report then. Ask me anything about the policy, or tell me what you've seen."
)
_NOTHING_TO_REPORT = re.compile(
    r"^(?:no|nah|nope|nothing|none|not really|never ?mind|nvm|all good|it'?s fine|its ok|it'?s ok|just asking"
    r"|just wondering|only asking)\b(?:[\s,.!]+(?:thanks|ta|just asking|just wondering|it'?s fine|its ok"
    r"|all good|nothing|sorry|really))*[\s.!]*$"
)
"""A reply to the report menu that there is nothing to report ("no just asking")."""
TOLD_OF_A_POST = "Thanks for telling me. What is it about?"
"""Asked when a message says only that someone posted or commented (`text.only_tells_of_a_post`)."""
_CANCEL = re.compile(r"^(cancel|stop|abort|quit|forget it|never ?mind|nvm)\b")
_COMMAND_ONLY = re.compile(
    r"^(cancel|stop|abort|quit|forget it|never ?mind|nvm)( (it|that|this|the report|please))?$"
)
_CANCEL_FIRM = re.compile(
    r"^((actually|sorry|no|oh|ok|okay|wait|please|um+)\W+)*(cancel|abort|forget it|never ?mind|nvm)"
    r"(\W+(that|this|it|the report|my report|please|i)\b|\W*$)"
)
"""A cancel said first, then a reason: "cancel that, i don't want to report it after all"."""
_CHANGED_MIND = re.compile(
    r"\b(changed my mind|(don'?t|do not|dont) (want to|wanna) (report|send|continue)"
    r"( with)? (it|this|that|the report|anything|her|him|them|my colleague|anyone)"
    r"|(don'?t|do not|dont) (send|record|log|report|pass on|forward) (it|this|that|anything)"
    r"|(can|could) (i|we|you) (cancel|stop) (it|this|that|the report))\b"
    r"|[,.;] *(please )?cancel( it| that| this| the report)?( please)?$"
)
"""Wanting to stop, said in a short message of `CHANGED_MIND_WORDS` at most: "actually i've changed
my mind, don't send it". Not "go on" or "carry on": "i don't want to go on with this" may be
the user's own crisis, and a message that may be one must never just end the report."""
CHANGED_MIND_WORDS = 16
_ASKS_ANONYMITY = re.compile(
    r"^(?:(?:can|could|may) i (?:stay|be|remain) |i(?:'d| would) (?:like|prefer) to (?:stay|be|remain) "
    r"|i want to (?:stay|be|remain) |(?:stay|be|keep me|remain) "
    r"|(?:is|will) (?:it|this|the report) (?:be )?)?"
    r"anon(?:ymous(?:ly)?)?(?: please| pls| plz)?\??$"
)
"""Only asking to stay anonymous, said where the report asks something else."""
_ASKS = re.compile(
    r"^(?:(?:so|ok|okay|oh|also|and|but|sorry|wait|quick question|just wondering)[,:]?\s+)*"
    r"(?:(?:can|could|may|should|shall|must|do|does|did|am|are|is|will|would|have|has)(?:n't|nt)?"
    r"\s+(?:i|we|you|they|he|she|it|staff|someone|anyone|anybody|somebody|everyone|people|that|this"
    r"|there|my|our|your|the|comms|patients|service users|clients|families|parents|carers|colleagues"
    r"|managers|students)"
    r"|(?:how|what|who|where|when|why|which)\s+(?:do|does|did|can|could|should|would|will|is|are|if|happens)"
    r"|what about"
    r"|how\s+(?:long|many|much|soon|quickly|often)|who\s+\w+s"
    r")\b"
)
"""How a question starts when it is typed without its question mark ("can i reply from my own
account", "how do i get the link", "does my manager see this", "how long will it take", "who
sees this", "do patients also use tiktok", "what about a private group for staff"). Where a
report waits for the user's own words, such a message is asked, not answered: it is not stored
as the report's answer. Words the report asked to be quoted are someone else's, and may well be
a question ("why do you lot never answer the phone"): there only a question mark counts, as
before."""
_ASKED_FROM = (
    r"^(?:(?:so|ok|okay|oh|also|and|but|sorry|wait|anyway|tbh|lol|q|quick question|just wondering"
    r"|hypothetically|generally speaking|asking for a friend)[,:]?\s+)*"
)
_ASKED_AT = re.compile(
    _ASKED_FROM + r"(?:(?:what|who|where|how)(?:'s|s)\b"
    r"|(?:how|what|who|whose|which|where|when|why)\b(?!\s+(?:she|he|they|it|i|someone|somebody|people|this|that"
    r"|these|those|the|a|an|his|her|their)\b)"
    r"|(?:is|are|was|were|do|does|did|can|could|would|should|will|has|have)(?:n't|nt)?\s+"
    r"(?!(?:been|being|not|also|still|now|just|always|constantly|literally|\w+ed|\w+ing)\b)\w)"
)
"""A clause that opens as a question: a question word not followed by what it is about ("what's
the rule", "which policies…", but not "what she wrote was…", "how they found me i don't know"),
or a verb before its subject ("does discord count", "is a private server counted"; not "was
posted last night", "has been messaging me")."""
_ASKED_WITHIN = re.compile(
    r"\b(?:am|are|is|was|were|do|does|did|can|could|should|shall|will|would|may|must|have|has)(?:n't|nt)?"
    r"\s+(?:i|we|you|it|this|anyone|staff|my|our)\b"
    r"|\b(?:does|do|did|could|would|will|can|should)\s+that\b"
    r"|\bis that\s+(?:ok|okay|allowed|fine|alright|an issue|a problem|gonna|going to|against|a breach"
    r"|covered|counted)\b"
    r"|\bany\s+(?:tips|rules|guidance|advice|red lines|restrictions)\b|\banything\s+(?:i|we)\s+should\b"
)
"""A question inside a sentence: "if i put 'views my own' in my bio am i covered", "…does
that protect me", "my handle is a bit rude, is that an issue", "any tips on hashtags"."""
_DOUBLE_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_CLAUSES = re.compile(r"[.!?;:\n]+|,|\s[-—–]\s")
WHERE_HELP = "link"
ALREADY_REPORTING = "You're already reporting this: I'll pass it on once you've answered a few questions."
"""Said when someone mid-report asks to make that same report ("report criticism")..."""
ALREADY_REPORTED = (
    "You're already reporting this: the Communications Team has it ({ref}). A few answers will help them act."
)
"""...and when that report was recorded at once (someone may be at risk)."""
ONE_AT_A_TIME = (
    "One report at a time: let's finish this one first (or say “cancel”), then tell me about the other."
)
FLOW_HELP = (
    "You're in the middle of a report. Answer the question below in your own words, say “not sure” "
    "if you don't know, or “cancel” to stop the report."
)
_WHAT_IT_MEANS = re.compile(
    r"\b(?:(?:not sure|don'?t know|dont know|no idea|unsure) what (?:you mean|u mean|that means"
    r"|you'?re asking|to put|to say|to write|you want)|what do (?:you|u) mean|what does (?:that|this|it) mean"
    r"|what'?s the difference|difference between"
    r"|i don'?t (?:understand|get it)|don'?t understand (?:the|that|what|this)|can you explain"
    r"|explain (?:that|this|please)|meaning\?|what should i (?:put|write|say) (?:here|for this))"
)
WHAT_IT_MEANS_WORDS = 10
"""Asking what the report's question means, in a short message: an example, and the question again."""
_HELP_IN_FLOW = {"help", "help me", "help?", "what do i do", "what do i say", "what do i put", "huh"}
"""Asking how to go on with the report: never taken as the answer to its question."""
"""The question about the report whose answer also goes to any other question asked where a
report wants to know where something is, that is not a confident policy question ("is it ok
if i just say facebook?"): how to copy a link, and that a description will do. It comes with
the question again, and nothing is stored; once a report, like the other questions about it,
so an answer that only reads as a question ("who knows, some facebook group") is taken when
said again."""
REPORT_QUESTION_BAR = 0.5
"""How sure the report question model must be that a question asked in the middle of a report
is about the report itself ("should i screenshot it", "who will see this", "what happens
next", "can i skip this", "should i report it to facebook too"): it is then answered from
`knowledge/data/report_questions.yaml`, with the report's question again, and nothing is
stored. `bench/report_questions.py`, at the breach report's "What happened?": of 38 such
questions written apart from the examples, 24 get their answer and 2 another's (20 and 1 at
0.7, 25 and 2 at 0.35); of the 1,790 labelled messages, 6 get one (4 at 0.7), as "can you take
reports or do you just answer questions?" reads as asking to skip; of 399 crises, none gets one
without urgent help first."""
SURE_REPORT_QUESTION = 0.9
"""How sure the report question model must be that a question asked in another report, read as
someone else's crisis, is about that report ("is my name going to be on the report", "will
this get to someone tonight"): the link to share comes first, with how to report a crisis, and
the report goes on, rather than an urgent crisis report being recorded from the question. A
short question whose second reading says it may be an answer needs only `REPORT_QUESTION_BAR`.
Crises worded like report questions read lower ("will someone come if i call" 0.87, "will they
find me in time" 0.59) and still make a crisis report."""
DETECTOR_ALONE_REPORT_QUESTION = 0.75
"""The bar for a question about the report read as the user's crisis by the detector alone:
urgent help comes first all the same, and the report goes on. "is it ok if i just end it" reads
as asking to skip a question at about 0.6 (its answer must not follow the help); "is my name
going to be on the report" as who sees it at 0.99."""
SLASH_COMMAND_PLATFORMS = frozenset(("slack",))
"""Where a card's `next_step` may name a slash command; elsewhere `next_step_in_chat` is used."""
NOT_ENGLISH = (
    "Sorry, I can only read English at the moment. Please write to me in English, or contact the "
    "Communications Team directly."
)
CRISIS_REPORT_OFFER = (
    "To report someone in crisis to the Communications Team as urgent, say “report someone in crisis”."
)
_CONTINUE = {"continue", "resume", "carry on", "go on", "go back", "back to my report", "yes continue"}


@dataclass(frozen=True)
class Router:
    knowledge: Knowledge
    understander: Understander
    urgent_help: UrgentHelp
    fixed: FixedReplies
    flows: dict[str, FlowSpec]
    flow_context: FlowContext

    def route(self, msg: IncomingMessage, state: ConversationState, today: dt.date) -> Outcome:
        outcome = self._route(msg, state, today)
        reported = state.flow == CLARIFY and bool(state.data.get(REPORTED))
        if reported:
            # "can i message her privately to tell her to take it down?" just after a report of a
            # colleague's breach got "Yes, you should report it": a card's Yes or No answers
            # whether to report, which is done.
            answers = self._answers_reported
            outcome = replace(outcome, replies=tuple(_answer_reported(r, answers) for r in outcome.replies))
        steps = self._steps_reported if reported else {}
        if msg.platform not in SLASH_COMMAND_PLATFORMS:
            steps = {**self._steps_in_chat, **steps}
        if not steps:
            return outcome
        return replace(outcome, replies=tuple(_next_step_instead(reply, steps) for reply in outcome.replies))

    @cached_property
    def _steps_in_chat(self) -> dict[str, str]:
        """A next step naming a Slack slash command ("Use /report-mention…"), and what a Teams or
        terminal user is told to say instead (`AnswerCard.next_step_in_chat`)."""
        cards = self.knowledge.cards
        return {card.next_step: card.next_step_in_chat for card in cards if card.next_step_in_chat}

    @cached_property
    def _report_questions(self) -> dict[str, ReportQuestion]:
        """The questions about a report (`knowledge/data/report_questions.yaml`), by id."""
        return {question.id: question for question in self.knowledge.report_questions}

    @cached_property
    def _answers_reported(self) -> dict[str, str]:
        """A plain answer telling the user to report the case, and what someone who has just
        reported it is told instead (`AnswerCard.answer_reported`)."""
        cards = [card for card in self.knowledge.cards if card.answer_reported]
        return {
            said: card.answer_reported
            for card in cards
            for said in (card.answer, without_yes_or_no(card.answer))
        }

    @cached_property
    def _steps_reported(self) -> dict[str, str]:
        """A next step telling the user to report the case, and what someone who has just
        reported it is told instead (`AnswerCard.next_step_reported`), on every platform."""
        cards = [card for card in self.knowledge.cards if card.next_step_reported]
        return {
            step: card.next_step_reported
            for card in cards
            for step in (card.next_step, card.next_step_in_chat)
        }

    def _route(self, msg: IncomingMessage, state: ConversationState, today: dt.date) -> Outcome:
        spec = self.flows.get(state.flow or "")
        if spec is not None:
            return _withdrawable_when_done(spec, self._in_flow(spec, msg.text, state, today))
        if not msg.text.strip():
            return Outcome(replies=(self.fixed.empty(),), state=state)
        if (withdrawn := self._withdrawn(state, msg.text)) is not None:
            return withdrawn
        if (kept := self._kept_after_all(state, msg.text)) is not None:
            return kept
        if (added := self._added_after(state, msg.text)) is not None:
            return added
        if _COMMAND_ONLY.match(re.sub(r"\s+", " ", msg.text.strip().lower().rstrip(".!"))):
            # "cancel" with no report under way: nothing to stop, and nothing for the policy.
            return Outcome(replies=(Reply(NOTHING_TO_CANCEL),))
        understood = self.understander.understand(msg.text)
        if (asked := self._asked_after_report(state, msg.text, understood)) is not None:
            return asked
        if only_tells_of_a_post(msg.text):
            # "someone commented on our facebook post" read as someone in crisis (1.00) and
            # recorded an urgent escalation; "there is a comment on the trust facebook page i am
            # worried about" got the card on corporate accounts. What it says is not told yet.
            return self._which_report(TOLD_OF_A_POST, understood)
        reported = (
            state.data.get(WITHDRAWABLE)
            if state.flow == CLARIFY and state.data.get("kind") == "crisis"
            else None
        )
        if reported and understood.intent == "report_crisis" and find_link(msg.text) is None:
            return self._more_about(str(reported), state, msg.text, understood)
        if (
            _in_the_report_menu(state)
            and _NOTHING_TO_REPORT.match(msg.text.lower().strip())
            and not self.understander.clearly_a_crisis(msg.text)
        ):
            # "no just asking" after the menu read weakly as a crisis (0.50) and recorded an
            # urgent report; a crisis said that way is read as it is.
            return Outcome(replies=(Reply(NOTHING_TO_REPORT),), advice=self._advice(understood))
        if (after := state.data.get(AFTER) if state.flow == CLARIFY else None) is not None:
            understood = self._in_context(understood, str(after), msg.text, bool(state.data.get(REPORTED)))
        if not self.understander.reads_as_english(msg.text):
            # "alguien en facebook dice que se quiere morir y etiquetó a la trust" got the card on
            # corporate accounts: no model reads it, so the help for anyone at risk comes first,
            # whoever's it may be (a Polish report of someone else's crisis read as the user's own).
            first = (self.urgent_help.for_someone_online(), self.urgent_help.in_case_it_is_the_user())
            return Outcome(replies=(*first, Reply(NOT_ENGLISH)))
        if (
            understood.intent in CRISIS_INTENTS
            and only_asks_to_report(msg.text)
            and not self.understander.clearly_a_crisis(msg.text)
        ):
            # "i want to report somthing" read weakly as the user's crisis (0.50) for the
            # misspelling, and got their help in full: which report, someone in crisis first.
            return self._which_report(WHICH_REPORT_ASKED, understood)
        if understood.intent == "personal_crisis":
            return self._personal_crisis(understood)
        if understood.intent == "report_crisis":
            return self._crisis_report(understood, msg.text)
        if understood.intent in ("policy_question", "out_of_scope") and asks_about_the_policy_itself(
            msg.text
        ):
            # "is this policy still current?" got the card on the policy's purpose ("No, it isn't
            # part of your employment contract"): the document's own facts instead.
            reply = about_the_policy(self.knowledge.policy, today)
            return Outcome(
                replies=(reply,), advice=self._advice(replace(understood, intent="policy_question"))
            )
        if _asks_about_999(msg.text.lower()):
            # "should i call 999?" got "is your question about old posts or mistakes?".
            replies = (Reply(CALL_999, urgent=True), self.urgent_help.for_someone_online())
            return Outcome(replies=replies, advice=self._advice(understood))
        if only_asks_to_report(msg.text):
            # "I want to report something": which report is not said; before, it was taken for
            # criticism. The kinds, someone in crisis first.
            return self._which_report(WHICH_REPORT_ASKED, understood)
        understood = with_small_talk_worry(understood, msg.text)
        return _kept_for_what_follows(
            self._with_worry(understood, self._not_a_crisis(msg, understood, state, today)), state
        )

    def _asked_after_report(
        self, state: ConversationState, text: str, understood: Understanding
    ) -> Outcome | None:
        """A question about the report just sent ("will they contact me?", "how long will it
        take"), answered for that report with its reference (`ReportQuestion.after`). Before,
        "what happens next?" got the list of what Signpost does, and "will i hear back" and "how
        long will it take" the user's own crisis help. Words read clearly as a crisis are read as
        they are unless surely about the report (`SURE_AFTER_QUESTION`); a crisis reading gets
        its help first."""
        ref = None
        if state.flow == CLARIFY and state.data.get(REPORTED):
            # A report recorded at once (crisis) keeps its reference as the one to withdraw.
            ref = state.data.get("ref") or state.data.get(WITHDRAWABLE)
        said = text.strip().lower()
        if not ref or find_link(text) is not None or len(said.split()) > AFTER_QUESTION_WORDS:
            return None
        if not (said.endswith("?") or _ASKS.match(said)):
            return None
        read = self.understander.report_question(text)
        if read is None or read[1] < AFTER_QUESTION_BAR:
            return None
        kind = str(state.data.get("kind", ""))
        question = self._report_questions.get(read[0])
        if question is None or not (answer := question.after_for(kind)):
            return None
        crisis = understood.intent if understood.intent in CRISIS_INTENTS else understood.worry
        own = understood.intent == "personal_crisis"
        sure = read[1] >= SURE_AFTER_QUESTION
        if crisis is not None and not sure and self.understander.clearly_a_crisis(text):
            return None  # "how long will it take to die" (what-next 0.98): a crisis, as it reads
        context = self.flow_context
        reply = Reply(answer.format(ref=ref, hours=context.office_hours, comms_contact=context.comms_contact))
        if own:
            # "will i hear back" (the user's crisis, 0.77; what-next 0.99): their help in full first,
            # as in the middle of a report.
            first: tuple[Reply, ...] = (self.urgent_help.for_the_user(),)
        else:
            first = () if crisis is None else (self.urgent_help.before_the_answer(crisis),)
        return Outcome(replies=(*first, reply), state=state, advice=self._advice(understood))

    def _which_report(self, lead: str, understood: Understanding) -> Outcome:
        """The kinds of report as numbered choices, someone in crisis first."""
        kinds = tuple(Choice(label, f"intent:{intent}") for intent, label in WHICH_REPORT)
        numbered = "\n".join(f"{i}. {choice.label}" for i, choice in enumerate(kinds, start=1))
        reply = Reply(f"{lead}\n{numbered}\n{WHICH_REPORT_AFTER}", choices=kinds)
        asked = ConversationState(flow=CLARIFY, data={"choices": [c.value for c in kinds]})
        return Outcome(replies=(reply,), state=asked, advice=self._advice(understood))

    def _more_about(
        self, ref: str, state: ConversationState, text: str, understood: Understanding
    ) -> Outcome:
        """More about someone in crisis, just after their report ("no its real, she's still
        posting"): added to that report, not a second urgent one. The link to share first."""
        replies = [self.urgent_help.for_someone_online()]
        if _maybe(understood, "personal_crisis"):
            replies.append(self.urgent_help.in_case_it_is_the_user())
        replies.append(Reply(MORE_ABOUT.format(ref=ref)))
        draft = _reporter_added("crisis", "urgent", ref, text)
        return Outcome(replies=tuple(replies), state=state, escalation=draft, advice=self._advice(understood))

    def _in_context(self, understood: Understanding, after: str, text: str, reported: bool) -> Understanding:
        """The message after a policy answer, read with that answer's topic when it carries on
        from it ("what if she's not a patient anymore", `text.follows_up`) or is a short reply
        read only weakly as a crisis ("I haven't read all of it"). Read with the topic as a
        policy question, it gets that answer; a weak crisis reading stays a worry, so urgent
        help still comes first, but no report starts. A short reply both readings agree is a
        crisis, a message clear on its own, and one that is a crisis read with the topic too, are
        read as they are; so is a follow-up read as a crisis with the writer in it, or read
        clearly as one (`Understander.clearly_a_crisis`)."""
        crisis = understood.intent in CRISIS_INTENTS
        if find_link(text) is not None:
            return understood  # "what about this one https://…": something there now, as it reads
        if crisis and follows_up(text):
            # "what if i just ended it all tonight" (0.42) is the writer's, whatever it follows.
            carries_on = not names_the_writer(text) and not self.understander.clearly_a_crisis(text)
        elif crisis:
            # "I haven't read all of it": short, and an ordinary answer to the second reading.
            carries_on = (
                len(text.split()) <= CONTEXT_REPLY_WORDS
                and not self.understander.surely_a_crisis(text)
                and self.understander.may_be_an_answer(text)
            )
        else:
            carries_on = follows_up(text)
        # "can i reply to them to say sorry?" just after a report of criticism: about that case,
        # however sure its own reading (the card on breaks, before).
        about_the_case = reported and not crisis and acts_on_what_was_reported(text)
        if not carries_on and not about_the_case:
            return understood
        if (
            not about_the_case
            and not crisis
            and understood.intent == "policy_question"
            and understood.confidence >= QUESTION_IN_FLOW
            and understood.cards[0][1] >= CONTEXT_CARD
        ):
            return understood  # a question clear on its own, with a card sure of its answer
        card = next((c for c in self.knowledge.cards if c.id == after), None)
        if card is None:
            return understood
        read = self.understander.understand(f"{card.title}: {text}")
        if read.intent != "policy_question":
            return understood
        worry = understood.intent if crisis else (understood.worry or read.worry)
        return replace(read, worry=worry)

    def _with_worry(self, understood: Understanding, outcome: Outcome) -> Outcome:
        """Urgent help before the answer when a sentence may be a crisis (`worry`); for
        someone else's, with the crisis report offered when nothing else is pending."""
        if understood.worry is None or any(reply.urgent for reply in outcome.replies):
            return outcome
        first = self.urgent_help.before_the_answer(understood.worry)
        if understood.worry != "report_crisis" or outcome.state.flow is not None:
            return replace(outcome, replies=(first, *outcome.replies))
        offer = Reply(
            "If it's someone online in crisis, reply 1 and I'll help you report it.", choices=(REPORT_WORRY,)
        )
        offered = replace(outcome.state, flow=CLARIFY, data={"choices": [REPORT_WORRY.value]})
        return replace(outcome, replies=(first, *outcome.replies, offer), state=offered)

    def _not_a_crisis(
        self, msg: IncomingMessage, understood: Understanding, state: ConversationState, today: dt.date
    ) -> Outcome:
        if looks_like_secret(msg.text):
            return Outcome(replies=(Reply(SECRET_WARNING),), state=state)
        if understood.intent in self.flows and not _one_word(msg.text):
            return self._start(understood, msg.text)
        if state.flow == CLARIFY and (picked := _picked(msg.text, state)) is not None:
            return self._answer_choice(picked, understood, msg.text, today)
        if understood.intent in self.flows:
            if len(readings := self._topics(understood)) == 2:
                # One word ("posting", "photo") is not yet a report: offer the likeliest readings.
                return self._clarify(readings, understood)
            return self._start(understood, msg.text)
        if (topics := self._unsure(understood)) is not None:
            return self._clarify(topics, understood)
        return self._by_intent(understood, today, msg.text)

    def _personal_crisis(self, understood: Understanding) -> Outcome:
        """Help for the user first, always. When the words may be someone else's, a post or
        comment seen online, the crisis report is offered after it: read as the user's own,
        such a report would otherwise reach no one."""
        help_first = self.urgent_help.for_the_user(tentative=understood.tentative)
        if not _maybe(understood, "report_crisis"):
            return self._outcome(understood, (help_first,))
        offer = Reply(
            "If these are someone else's words, a post or comment you've seen online, reply 1 and "
            "I'll help you pass it to the Communications Team straight away, with a page to share "
            "with them.",
            choices=(REPORT_INSTEAD,),
        )
        offered = ConversationState(flow=CLARIFY, data={"choices": [REPORT_INSTEAD.value]})
        return Outcome(replies=(help_first, offer), state=offered, advice=self._advice(understood))

    def _crisis_report(self, understood: Understanding, text: str, carried: Answers | None = None) -> Outcome:
        started = self._start(understood, text, carried)
        if not _maybe(understood, "personal_crisis"):
            return started
        first, *rest = started.replies
        return replace(started, replies=(first, self.urgent_help.in_case_it_is_the_user(), *rest))

    def _clarify(self, topics: tuple[Choice, ...], understood: Understanding) -> Outcome:
        chosen = ConversationState(flow=CLARIFY, data={"choices": [c.value for c in topics]})
        support = understood.worry is None and understood.crisis_probability >= CLARIFY_SUPPORT
        reply = self.fixed.clarify(topics, support=support)
        return Outcome(replies=(reply,), state=chosen, advice=self._advice(understood))

    def _in_flow(self, spec: FlowSpec, text: str, state: ConversationState, today: dt.date) -> Outcome:
        offered = state.data.get(ASIDE_CHOICES)
        if offered:
            # Two answer cards were offered for a question asked mid-report: a pick answers it,
            # and the report still waits; anything else is read as ever, the offer gone.
            state = replace(state, data={k: v for k, v in state.data.items() if k != ASIDE_CHOICES})
            choice = ConversationState(flow=CLARIFY, data={"choices": offered})
            if state.data.get("paused") and (picked := _picked(text, choice)) is not None:
                chosen = self._answer_choice(picked, self.understander.understand(text), text, today)
                return replace(chosen, replies=(*chosen.replies, Reply(RESUME_HINT)), state=state)
        said = re.sub(r"\s+", " ", text.strip().lower().rstrip(".!"))
        if _COMMAND_ONLY.match(said):
            return self._cancel(spec, state, text)
        if (before := self._taken_back(spec, state, text)) is not None:
            # "oh wait sorry, I misread it, it's a joke": a report recorded at once withdrawn.
            stopped = self._cancel(spec, state, text)
            return replace(stopped, replies=(*before, *stopped.replies))
        paused = bool(state.data.get("paused"))
        if said in _HELP_IN_FLOW and not paused:
            return Outcome(replies=(Reply(FLOW_HELP), engine.current_question(spec, state)), state=state)
        if _WHAT_IT_MEANS.search(said) and len(said.split()) <= WHAT_IT_MEANS_WORDS and not paused:
            # "not sure what you mean" was stored as the account plan's security; an example now.
            step = spec.step(state.step)
            explained = step.hint if step is not None and step.hint else FLOW_HELP
            return Outcome(replies=(Reply(explained), engine.current_question(spec, state)), state=state)
        step = spec.step(state.step)
        if not paused and step is not None and step.yes_in_words is None and _ASKS_ANONYMITY.match(said):
            # "anonymous", where the breach report asks what happened, was stored as what happened:
            # who sees the report (in that report, that it asks later), and the question again.
            if (asked := self._answer_about("who-sees", spec, state)) is not None:
                return asked
            return Outcome(replies=(engine.current_question(spec, state),), state=state)
        plain = engine.is_plain_answer(spec, state, text)
        understood = None if plain or not text.strip() else self.understander.understand(text)
        if not paused and _only_no_link(spec, state, text):
            # "i dont have the link" got the user's own crisis help in full ("I'm really glad you
            # told me"; the user's crisis, 0.93): how to get one and that a description will do,
            # then the question again; said again, it is the answer.
            if (helped := self._answer_about(WHERE_HELP, spec, state)) is not None:
                return helped
            return engine.advance(spec, state, text, self.flow_context)
        if (
            understood
            and understood.intent in CRISIS_INTENTS
            and _wants_to_stop(said, engine.expects_free_text(spec, state))
            and not self.understander.surely_a_crisis(text)
        ):
            # "actually no, I don't want to report her, cancel" (read as the user's crisis, 0.50):
            # the report stops, with the user's help first all the same.
            stopped = self._cancel(spec, state, text)
            return replace(
                stopped, replies=(self.urgent_help.before_the_answer(understood.intent), *stopped.replies)
            )
        if (
            understood
            and spec.intent == understood.intent == "report_targeted"
            and understood.worry == "report_crisis"
        ):
            # "yes they posted where i live": a threat to the user read first as someone else's
            # crisis (`text.threatens_the_writer`), told in the user's report of being targeted.
            understood = replace(understood, worry=None)
        quoted = engine.expects_quote(spec, state)
        if understood and understood.intent == "personal_crisis" and quoted:
            # The words are meant to be someone else's: their distress makes this a crisis
            # report, with the user's own help too, as they may be the user's.
            understood = replace(understood, intent="report_crisis", either_kind=True)
        if (
            understood
            and understood.intent == "help"
            and understood.worry == "personal_crisis"
            and not paused
        ):
            # "help me please", "is there anyone i can talk to": no answer to the report's
            # question, and it may be the first thing someone in distress types. Their own
            # help, and the report waits, as for their crisis.
            paused_state = replace(state, data={**state.data, "paused": True})
            replies = (self.urgent_help.for_the_user(), Reply(RESUME_HINT))
            return Outcome(replies=replies, state=paused_state, advice=self._advice(understood))
        if understood and understood.intent == "personal_crisis":
            maybe = not paused and self.understander.may_be_an_answer(text)
            if not paused and (_names_where(spec, state, text) or (maybe and _told_of_harm(spec, state))):
                # "he said he knows where i live": what is being done to the user, told as the
                # report asked; "its on r/ukpolitics i think, cant find the link now": where it
                # is. Their own help first all the same; the answer is taken, the report goes on.
                advanced = engine.advance(spec, state, text, self.flow_context)
                first = self.urgent_help.before_the_answer("personal_crisis")
                advice = self._advice(understood)
                return replace(advanced, replies=(first, *advanced.replies), advice=advice)
            if maybe:
                if (asked := self._report_question(spec, state, text)) is not None:
                    # "will i hear back?": a question about the report, its answer after the
                    # user's own help all the same.
                    first = self.urgent_help.for_the_user()
                    return replace(asked, replies=(first, *asked.replies), advice=self._advice(understood))
                # "i can't find the link": urgent help first all the same, then the same
                # question again, as the words may be about the post.
                question = engine.current_question(spec, state)
                again = replace(question, text=f"{ANSWER_AGAIN}\n\n{question.text}")
                replies = (self.urgent_help.for_the_user(), again)
                return Outcome(replies=replies, state=state, advice=self._advice(understood))
            if (
                not paused
                and _by_the_detector_alone(understood)
                and (asked := self._report_question(spec, state, text, DETECTOR_ALONE_REPORT_QUESTION))
            ):
                # "is my name going to be on the report": surely a question about this report,
                # and a crisis only to the detector (the intent model: 0.03). Their help first
                # all the same; the report goes on. "who will see this when i'm gone" (0.83)
                # makes the report wait.
                first = self.urgent_help.for_the_user()
                return replace(asked, replies=(first, *asked.replies), advice=self._advice(understood))
            paused_state = replace(state, data={**state.data, "paused": True})
            replies = (self.urgent_help.for_the_user(), Reply(RESUME_HINT))
            return Outcome(replies=replies, state=paused_state, advice=self._advice(understood))
        if _wants_to_stop(said, engine.expects_free_text(spec, state)):
            return self._cancel(spec, state, text)
        if said in _CONTINUE or (paused and plain and yes_no(text) is True):
            # "yes" to "say continue to carry on": the question comes again before any answer.
            resumed = replace(state, data={**state.data, "paused": False})
            return Outcome(replies=(engine.current_question(spec, resumed),), state=resumed)
        if paused and plain:
            # "no", "not sure": to carry on or to stop? Nothing is stored; the report waits.
            return Outcome(replies=(Reply(RESUME_HINT),), state=state)
        if understood and understood.intent == "report_crisis" and not paused and _told_of_harm(spec, state):
            # "they said they'll be waiting outside my house": a threat to the user read as someone
            # else's crisis. The link to share comes first, in case; the report goes on.
            understood = replace(understood, intent="report_targeted", worry="report_crisis")
        if understood and understood.intent == "report_crisis" and spec.intent != "report_crisis":
            asked = None
            if not paused:
                bar = SURE_REPORT_QUESTION
                if self.understander.may_be_an_answer(text):
                    bar = REPORT_QUESTION_BAR
                asked = self._report_question(spec, state, text, bar)
            if asked is not None:
                # "is my name going to be on the report": a question about this report, read as
                # someone else's crisis. The link to share comes first, in case, with how to
                # report a crisis; the report goes on.
                return self._link_first(asked, understood)
            if not self.understander.surely_a_crisis(text):
                # "it was posted last night on her story": an answer to this report that reads
                # a little like someone else's crisis. The link to share first, with how to
                # report a crisis, in case; the answer is taken and the report goes on.
                return self._link_first(self._taken_or_waiting(spec, state, text), understood)
            carried = engine.carry_over(spec, state, self.flows["report_crisis"])
            return self._crisis_report(understood, text, carried)
        if understood and understood.intent == "report_crisis" and paused:
            # "i already dm'd them the link": this report is about someone in crisis already;
            # another is not started. It waits, as it did.
            return Outcome(replies=(Reply(RESUME_HINT),), state=state, advice=self._advice(understood))
        if understood and understood.intent in self.flows and asks_to_report(text) and not find_link(text):
            # "report criticism", as an answer that told them to say so: not where it is. Another
            # kind ("report criticism" in a crisis report) waits until this one is done.
            question = engine.current_question(spec, replace(state, data={**state.data, "paused": False}))
            resumed = replace(state, data={**state.data, "paused": False})
            ref = state.data.get("ref")
            already = ALREADY_REPORTED.format(ref=ref) if ref else ALREADY_REPORTING
            if understood.intent != spec.intent:
                already = ONE_AT_A_TIME
            return Outcome(replies=(Reply(already), question), state=resumed)
        if not paused and (added := engine.added_platform(spec, state, text)) is not None:
            # "can we have it on youtube as well" in an account plan: not a question about
            # reporting to the platform, nor the answer to the question being asked.
            return added
        if understood and _asks_about_999(said):
            # "do i need to ring the police" got the card on related policies, and the report waited.
            if (asked := self._answer_about("emergency", spec, state)) is not None:
                return self._worried_in_flow(spec, state, understood, asked)
            question = engine.current_question(spec, state)
            return Outcome(replies=(Reply(CALL_999, urgent=True), question), state=state)
        if understood and (asked := self._report_question(spec, state, text)) is not None:
            return self._worried_in_flow(spec, state, understood, asked)
        if paused and understood and self._answers_after_an_aside(spec, state, understood, text):
            # "Eating disorders service, TikTok" after a question answered mid-report: the
            # answer to the report's question, which the user has gone back to.
            resumed = replace(state, data={**state.data, "paused": False, ASIDE: False})
            return engine.advance(spec, resumed, text, self.flow_context)
        if paused and understood:
            understood = with_small_talk_worry(understood, text)
            choices: dict[str, list[str]] = {}
            if understood.intent in self.flows:
                outcome = self._outside_flow(understood, text, today)
            else:
                outcome, choices = self._question_aside(understood, today, text)
            if not outcome.escalation and not outcome.state.flow:
                # The report still waits: "actually can you tell comms after all" got only "that
                # isn't something the policy covers", and the user was not told how to go on.
                waiting = (
                    ()
                    if any(RESUME_HINT in reply.text for reply in outcome.replies)
                    else (Reply(RESUME_HINT),)
                )
                waits = replace(state, data={**state.data, **choices})
                outcome = replace(outcome, replies=(*outcome.replies, *waiting), state=waits)
            return self._worried_in_flow(spec, state, understood, outcome)
        if not paused and (corrected := engine.corrected_platform(spec, state, text)) is not None:
            return corrected
        if not paused and (corrected := engine.corrected_answer(spec, state, text)) is not None:
            return corrected
        if not paused and (linked := engine.link_given_later(spec, state, text)) is not None:
            return linked
        if understood and not paused and self._corrects_the_kind(spec, state, understood, text):
            # "actually no its my colleague who wrote it": another kind of report, said as a
            # correction. That report instead, with where it is and the platform if known.
            carried = engine.carry_over(spec, state, self.flows[understood.intent])
            started = self._start(understood, text, carried)
            return replace(started, replies=(Reply(SWITCHED_REPORT), *started.replies))
        if understood and self._is_a_question(spec, state, understood, text):
            answer, choices = self._question_aside(understood, today, text)
            paused_state = replace(state, data={**state.data, "paused": True, ASIDE: True, **choices})
            answer = replace(answer, replies=(*answer.replies, Reply(RESUME_HINT)), state=paused_state)
            return self._worried_in_flow(spec, state, understood, answer)
        if _asks_where(spec, state, text) and (helped := self._answer_about(WHERE_HELP, spec, state)):
            return self._worried_in_flow(spec, state, understood, helped)
        advanced = engine.advance(spec, state, text, self.flow_context)
        if understood is not None:
            # "my whole life is over", taken as what happened: urgent help before the next
            # question all the same, as it would have had outside a report.
            understood = self.understander.small_talk_worry_in_a_report(understood, text)
        return self._worried_in_flow(spec, state, understood, advanced)

    def _corrects_the_kind(
        self, spec: FlowSpec, state: ConversationState, understood: Understanding, text: str
    ) -> bool:
        """`text` takes back what was said (`engine.corrects`) and is surely another kind of
        report. Not in a report already recorded (someone may be at risk): that one stays."""
        return (
            understood.intent in self.flows
            and understood.intent not in (spec.intent, "report_crisis")
            and understood.confidence >= CORRECTION_BAR
            and not spec.record_at_once
            and "ref" not in state.data
            and engine.corrects(text)
        )

    def _answers_after_an_aside(
        self, spec: FlowSpec, state: ConversationState, understood: Understanding, text: str
    ) -> bool:
        """The report waits after a question it answered (not for the user's own crisis), and
        `text` is a valid answer to its question that reads as nothing else: small talk, a
        policy question not typed as a question anywhere (or one the model is not sure of that
        does not open as one), the same kind of report as this one, or a link where the report
        asks where it is."""
        if not state.data.get(ASIDE) or understood.worry is not None:
            return False
        if _link_for_where(spec, state, text):
            # "https://facebook.com/trust/posts/77" after "should i reply to them?": where it is,
            # not a new report (it read as one of criticism, and the crisis report lost it).
            return True
        # "to share rota changes with the team" (a policy question, 0.9) got the card on team
        # account passwords: not typed as a question anywhere, it is the answer.
        unsure_question = (
            understood.intent == "policy_question"
            and not _asks(spec, state, text)
            and (understood.confidence < QUESTION_IN_FLOW or not _asks_somewhere(text))
        )
        small_talk = understood.intent in ("greeting", "out_of_scope")
        # "Eating disorders team, Instagram" in the account plan reads as a request for one: the
        # same kind of report as this one, so an answer to it, not a new one from the start.
        same_report = understood.intent == spec.intent
        # "Eating disorders team, Instagram" read as criticism (0.40) once the models learned more
        # answer cards: another report, read unsure and not asked, is the answer too.
        unsure_report = (
            understood.intent in FLOW_SECTIONS
            and understood.intent not in CRISIS_INTENTS
            and understood.confidence < UNSURE_REPORT_IN_FLOW
            and not _asks_somewhere(text)
        )
        return (small_talk or unsure_question or same_report or unsure_report) and engine.accepts(
            spec, state, text
        )

    def _link_first(self, outcome: Outcome, understood: Understanding) -> Outcome:
        """The link to share first, with how to report someone in crisis, then `outcome`."""
        link = self.urgent_help.before_the_answer("report_crisis")
        first = replace(link, text=f"{link.text} {CRISIS_REPORT_OFFER}")
        return replace(outcome, replies=(first, *outcome.replies), advice=self._advice(understood))

    def _taken_or_waiting(self, spec: FlowSpec, state: ConversationState, text: str) -> Outcome:
        """The answer taken, or, when the report is waiting for "continue", how to carry on."""
        if state.data.get("paused"):
            return Outcome(replies=(Reply(RESUME_HINT),), state=state)
        return engine.advance(spec, state, text, self.flow_context)

    def _cancel(self, spec: FlowSpec, state: ConversationState, text: str) -> Outcome:
        """The report stopped. One recorded already (someone may be at risk) stays with the
        Communications Team; the next message may still say it was a mistake."""
        stopped = engine.cancel(spec, state, text, self.flow_context)
        draft = stopped.escalation
        if draft is None or draft.withdrawn or draft.ref is None:
            return stopped
        withdrawable = {"choices": [], WITHDRAWABLE: draft.ref, "kind": spec.kind, STOPPED: True}
        return replace(stopped, state=ConversationState(flow=CLARIFY, data=withdrawable))

    def _taken_back(self, spec: FlowSpec, state: ConversationState, text: str) -> tuple[Reply, ...] | None:
        """A report recorded at once (someone may be at risk) said mid-report to be a mistake
        ("sorry, it was reported by mistake, it was a song lyric"), where the report does not
        ask for someone else's words: what to say first (`_said_to_be_a_mistake`), or None."""
        if not (spec.record_at_once and state.data.get("ref") and not engine.expects_quote(spec, state)):
            return None
        return self._said_to_be_a_mistake(text)

    def _said_to_be_a_mistake(self, text: str, *, at_risk: bool = True) -> tuple[Reply, ...] | None:
        """`text` says a report was a mistake and is no crisis of the writer's: nothing to say
        first; read weakly as a crisis for its words, with no writer in it ("its not a crisis,
        they were just asking about parking", 0.50), the user's own help first. None when it
        says no mistake, or may be the writer's crisis; nothing first when it reads as someone
        else's, as the link to share was given with the report."""
        if not engine.is_mistake(text, at_risk=at_risk) or len(text.split()) > MISTAKE_WORDS:
            return None
        understood = self.understander.understand(text)
        if understood.intent not in CRISIS_INTENTS and understood.worry is None:
            return ()
        if names_the_writer_beyond_a_mistake(text) or self.understander.clearly_a_crisis(text):
            # "sorry i misread it" has the writer only in the mistake: before, with no commas,
            # it read as their crisis and the urgent report stayed open.
            return None
        kind = understood.worry or understood.intent
        return (self.urgent_help.before_the_answer(kind),) if kind == "personal_crisis" else ()

    def _added_after(self, state: ConversationState, text: str) -> Outcome | None:
        """ "i forgot to say they named one of the receptionists, sarah", just after a report:
        added to it as the reporter's words, not a new report (before, a breach report started).
        Words that may be a crisis are read as they are: someone may be at risk."""
        ref = (state.data.get("ref") or state.data.get(WITHDRAWABLE)) if state.flow == CLARIFY else None
        if not ref or not adds_to_what_was_said(text) or "?" in text or _ASKS.match(text.lower()):
            return None  # "also can i post photos on my break" is a question of its own
        understood = self.understander.understand(text)
        kind = understood.worry or (understood.intent if understood.intent in CRISIS_INTENTS else None)
        if kind is not None and self.understander.clearly_a_crisis(text):
            return None  # "oh and one more thing, the person said they want to die": a report of its own
        threat = state.data.get("kind") == "targeted" and threatens_the_writer(text)
        draft = _reporter_added(str(state.data.get("kind", "")), "urgent" if threat else "", str(ref), text)
        said = ADDED_A_THREAT if threat else ADDED_AFTER
        added = Outcome(replies=(Reply(said.format(ref=ref), urgent=threat),), state=state, escalation=draft)
        if threat:
            # "i forgot to say he posted my home address last night and said hes coming round":
            # the report of being targeted becomes urgent.
            return added
        if kind is None:
            return added
        # "i forgot to say they tagged the ceo as well" reads weakly as someone else's crisis
        # (0.50) for "tagged": before, it opened an urgent crisis report and the detail was lost.
        # Added all the same, with the help first, in case.
        if kind == "report_crisis":
            return self._link_first(added, understood)
        return replace(added, replies=(self.urgent_help.before_the_answer(kind), *added.replies))

    def _kept_after_all(self, state: ConversationState, text: str) -> Outcome | None:
        """ "no wait dont cancel its real", just after stopping a report recorded at once: it is
        still with the Communications Team, who are told the reporter says it is real. Before,
        it read as the user's own crisis and the report stayed marked as abandoned. Words that
        may be the writer's own crisis are read as they are."""
        ref = state.data.get(WITHDRAWABLE) if state.flow == CLARIFY and state.data.get(STOPPED) else None
        if not ref or not _KEEP_IT.search(text.lower()) or len(text.split()) > MISTAKE_WORDS:
            return None
        understood = self.understander.understand(text)
        crisis = understood.intent in CRISIS_INTENTS or understood.worry is not None
        # Read without the words asking to keep it, which say nothing of anyone's crisis: "no
        # wait dont cancel its real" read clearly as one (0.72) once the models learned more.
        rest = _KEEP_IT.sub(" ", text.lower())
        if crisis and (names_the_writer(text) or self.understander.clearly_a_crisis(rest)):
            return None
        kind = str(state.data.get("kind", ""))
        draft = _reporter_added(kind, "urgent", str(ref), text)
        data = {"choices": [], WITHDRAWABLE: ref, "kind": kind}
        if (card := AFTER_REPORT.get(kind)) is not None:
            data |= {AFTER: card, REPORTED: True}
        return Outcome(
            replies=(Reply(KEPT_AFTER_ALL.format(ref=ref)),),
            state=ConversationState(flow=CLARIFY, data=data),
            escalation=draft,
        )

    def _withdrawn(self, state: ConversationState, text: str) -> Outcome | None:
        """ "it was a mistake sorry", said just after stopping a report recorded at once or after
        finishing a report ("it was a mistake, wrong trust"): the Communications Team is told.
        Never for words that may be the writer's crisis."""
        ref = None
        if state.flow == CLARIFY:
            # Just after stopping a report recorded at once, or after finishing any report.
            ref = state.data.get(WITHDRAWABLE) or (
                state.data.get("ref") if state.data.get(REPORTED) else None
            )
        at_risk = state.data.get("kind") == "crisis"
        if not ref or (first := self._said_to_be_a_mistake(text, at_risk=at_risk)) is None:
            return None
        withdrawn = engine.withdrawal(str(ref), str(state.data.get("kind", "")))
        return replace(withdrawn, replies=(*first, *withdrawn.replies))

    def _worried_in_flow(
        self, spec: FlowSpec, state: ConversationState, understood: Understanding | None, outcome: Outcome
    ) -> Outcome:
        """Urgent help before the report's next question when an answer has a sentence that
        may be a crisis (`worry`). Words given as a quote may be someone else's or the user's:
        both notes; a crisis report has already given the link to share."""
        if understood is None or understood.worry is None or any(reply.urgent for reply in outcome.replies):
            return outcome
        kinds = [understood.worry]
        if engine.expects_quote(spec, state) and understood.worry == "personal_crisis":
            kinds.insert(0, "report_crisis")
        if spec.intent == "report_crisis" and "report_crisis" in kinds:
            kinds.remove("report_crisis")

        first = tuple(self.urgent_help.before_the_answer(kind) for kind in kinds)
        return replace(outcome, replies=(*first, *outcome.replies))

    def _report_question(
        self, spec: FlowSpec, state: ConversationState, text: str, bar: float = REPORT_QUESTION_BAR
    ) -> Outcome | None:
        """A question about the report itself (`REPORT_QUESTION_BAR`), answered. Each is
        answered once a report: where the report asks for someone else's words, they may read
        as one ("will anyone from the trust actually answer?"), and said again they are the
        answer."""
        if not _asks(spec, state, text):
            return None
        read = self.understander.report_question(text)
        if read is None or read[1] < bar:
            return None
        return self._answer_about(read[0], spec, state)

    def _answer_about(self, question_id: str, spec: FlowSpec, state: ConversationState) -> Outcome | None:
        """The answer to a question about the report, for this kind of report, then the
        report's question again (or how to carry on, when it is paused); nothing is stored
        but that it was answered. None when the knowledge has no such question, or when it
        was answered already in this report."""
        answered = list(state.data.get("answered", []))
        question = self._report_questions.get(question_id)
        if question is None or question_id in answered:
            return None
        answer = question.answer_for(spec.kind).format(
            hours=self.flow_context.office_hours, comms_contact=self.flow_context.comms_contact
        )
        paused = bool(state.data.get("paused"))
        again = Reply(RESUME_HINT) if paused else engine.current_question(spec, state)
        kept = replace(state, data={**state.data, "answered": [*answered, question_id]})
        return Outcome(replies=(Reply(answer), again), state=kept)

    def _question_aside(
        self, understood: Understanding, today: dt.date, text: str
    ) -> tuple[Outcome, dict[str, list[str]]]:
        """A question asked in the middle of a report: its answer, or, where Signpost would be
        guessing between two answer cards, both offered as outside a report (with what to keep
        in the waiting report's state, `ASIDE_CHOICES`). "what about a private facebook group
        for staff" (its card 0.18) got the card on grievances. Never a choice of reports: one
        is under way."""
        topics = self._unsure(understood) or ()
        cards_only = bool(topics) and all(topic.value.startswith("card:") for topic in topics)
        if understood.intent != "policy_question" or not cards_only:
            return self._by_intent(understood, today, text), {}
        reply = self.fixed.clarify(topics)
        offered = Outcome(replies=(reply,), advice=self._advice(understood))
        return offered, {ASIDE_CHOICES: [topic.value for topic in topics]}

    def _outside_flow(self, understood: Understanding, text: str, today: dt.date) -> Outcome:
        if understood.intent in self.flows:
            return self._start(understood, text)
        return self._by_intent(understood, today, text)

    def _is_a_question(
        self, spec: FlowSpec, state: ConversationState, understood: Understanding, text: str
    ) -> bool:
        if understood.intent != "policy_question":
            return False
        if engine.expects_free_text(spec, state):
            bar = QUESTION_IN_FLOW
            if (
                text.rstrip().endswith("?")
                and not engine.expects_quote(spec, state)
                and understood.card_confidence >= SURE_QUESTION_CARD
            ):
                # "can she be sacked for this?" (0.76; its card 0.96), where the report asks what
                # happened: typed as a question, with an answer the cards are sure of.
                bar = QUESTION_NOT_AN_ANSWER
            if understood.confidence < bar:
                return False
            if _asks_where(spec, state, text) and understood.card_confidence < CARD_CONFIDENT:
                return False  # "is it ok if i just say facebook?": help with the question instead
            if engine.expects_quote(spec, state):
                return _asks(spec, state, text)
            return _asks(spec, state, text) or _asks_somewhere(text)
        if engine.taken_only_in_words(spec, state, text) and _ASKS.match(text.strip().lower()):
            # "can i post about the strike" where the report asks who is criticised was stored
            # as who; "what does the policy say about whatsapp" as whether it is spreading. "do
            # they mean the trust or the ward i cant tell" (0.85) has no card: still an answer.
            return understood.confidence >= QUESTION_IN_FLOW and understood.card_confidence >= CARD_CONFIDENT
        if engine.accepts(spec, state, text):
            return False
        # Not an answer to the question asked: typed as a question, a surer reading is not needed.
        asked = text.rstrip().endswith("?")
        return understood.confidence >= (QUESTION_NOT_AN_ANSWER if asked else QUESTION_IN_FLOW)

    def _start(self, understood: Understanding, text: str, carried: Answers | None = None) -> Outcome:
        if understood.intent == "report_targeted" and threatens_the_writer(text):
            # "he said he'll hurt me": already answered, the report is urgent from the start.
            carried = {**(carried or {}), THREATENED: True}
        outcome = engine.start(self.flows[understood.intent], text, self.flow_context, carried)
        return replace(outcome, advice=self._advice(understood))

    def _by_intent(self, understood: Understanding, today: dt.date, text: str = "") -> Outcome:
        if understood.intent == "policy_question" and understood.section_asked is not None:
            asked = understood.section_asked
            reply = section_summary(self.knowledge.policy, self.knowledge.cards, asked, today)
            return self._outcome(understood, (reply,), cited=asked)
        if understood.intent == "policy_question":
            card = self.knowledge.card(understood.cards[0][0])
            reply = answer_card(card, self.knowledge.policy, today, question=text)
            return self._outcome(understood, (reply,), cited=card.quotes[0].section, card=card.id)
        if understood.intent in self.flows:
            return self._start(understood, "")
        support = understood.worry is None  # otherwise urgent help comes first, in full
        handlers: dict[str, Callable[[], Reply]] = {
            "greeting": partial(self.fixed.greeting, text),
            "help": partial(self.fixed.help, support),
            "out_of_scope": partial(
                self.fixed.no_logins if asks_for_an_accounts_login(text) else self.fixed.out_of_scope, support
            ),
        }
        return self._outcome(understood, (handlers[understood.intent](),))

    def _answer_choice(self, value: str, understood: Understanding, text: str, today: dt.date) -> Outcome:
        kind, _, name = value.partition(":")
        if kind == "card":
            card = self.knowledge.card(name)
            reply = answer_card(card, self.knowledge.policy, today)
            return self._outcome(understood, (reply,), cited=card.quotes[0].section, card=card.id)
        forced = replace(understood, intent=name)
        return self._by_intent(forced, today)

    def _unsure(self, understood: Understanding) -> tuple[Choice, ...] | None:
        """The two likeliest topics when Signpost would otherwise be guessing."""
        if understood.section_asked is not None:
            return None
        if understood.confidence >= INTENT_CONFIDENT:
            if understood.intent != "policy_question" or len(understood.cards) < 2:
                return None
            if understood.card_confidence >= CARD_CONFIDENT:
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
        self,
        understood: Understanding,
        replies: tuple[Reply, ...],
        cited: str | None = None,
        card: str | None = None,
    ) -> Outcome:
        return Outcome(replies=replies, advice=self._advice(understood, cited, card))

    def _advice(
        self, understood: Understanding, cited: str | None = None, card: str | None = None
    ) -> AdviceRecord:
        return AdviceRecord(
            intent=understood.intent,
            confidence=understood.confidence,
            sections=understood.sections,
            cited_section=cited,
            policy_version=self.knowledge.policy.version,
            card=card,
        )


_ORDINALS = {
    said: index
    for index, words in enumerate(
        (("one", "first"), ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"))
    )
    for said in (str(index + 1), *words, *(f"the {word}" for word in words))
}
"""A numbered option by its number or its name: the report menu has four."""


def _by_the_detector_alone(understood: Understanding) -> bool:
    """Read as a crisis though the intent model's crisis probability is under its bar: the
    crisis detector's margin alone cleared it."""
    return understood.crisis_probability < CRISIS_THRESHOLD


def _maybe(understood: Understanding, kind: str) -> bool:
    """The crisis may also be of the other `kind`."""
    return understood.either_kind or dict(understood.intents).get(kind, 0.0) >= OTHER_KIND


def _withdrawable_when_done(spec: FlowSpec, outcome: Outcome) -> Outcome:
    """A report just finished: the next message is read with its card (`AFTER_REPORT`), and
    for one recorded at once may still say it was a mistake, as after a cancel. An anonymous
    report leaves no conversation behind that could name its reporter."""
    draft = outcome.escalation
    if outcome.state.flow is not None or draft is None or draft.withdrawn or draft.anonymous:
        return outcome
    kept: dict[str, Any] = {}
    if (card := AFTER_REPORT.get(spec.kind)) is not None and not draft.abandoned:
        kept = {"choices": [], AFTER: card, REPORTED: True, "kind": spec.kind}
    if spec.record_at_once and draft.ref is not None:
        kept = {**kept, "choices": [], WITHDRAWABLE: draft.ref, "kind": spec.kind}
    if not kept:
        return outcome
    return replace(outcome, state=ConversationState(flow=CLARIFY, data=kept))


def _reporter_added(kind: str, severity: str, ref: str, text: str) -> EscalationDraft:
    """What the reporter said after the report, to join it as "Reporter added" (numbered when
    there is more than one); `severity` "urgent" makes the report urgent."""
    details = {"Reporter added": text.strip()[: engine.MAX_ANSWER]}
    return EscalationDraft(kind=kind, severity=severity, summary="", details=details, ref=ref, partial=True)


def _answer_reported(reply: Reply, answers: dict[str, str]) -> Reply:
    """`reply` for someone who has just reported the case: its policy answer replaced when
    `answers` has one for them ("You've reported it to the Communications Team…"), else without
    its opening "Yes" or "No", which answered whether to report."""
    answer = reply.policy_answer
    if answer is None:
        return reply
    instead = answers.get(answer.answer) if answer.answer in reply.text else None
    if instead is None:
        instead = without_yes_or_no(answer.answer)
    if instead == answer.answer:
        return reply
    text = reply.text.replace(answer.answer, instead, 1)
    return replace(reply, text=text, policy_answer=replace(answer, answer=instead))


def _next_step_instead(reply: Reply, steps: dict[str, str]) -> Reply:
    """`reply` with its policy answer's next step replaced when `steps` has another for it."""
    answer = reply.policy_answer
    if answer is None or (instead := steps.get(answer.next_step)) is None:
        return reply
    text = reply.text.replace(f"Next step: {answer.next_step}", f"Next step: {instead}")
    return replace(reply, text=text, policy_answer=replace(answer, next_step=instead))


def _kept_for_what_follows(outcome: Outcome, before: ConversationState | None = None) -> Outcome:
    """After a policy answer, which card it was, for one message: it may carry on from it.
    After a report (`before` holds its reference), the reference and kind stay, so something
    forgotten may still be added to it a few questions later; an answer with the report's own
    card keeps that the report was made."""
    advice = outcome.advice
    if outcome.state.flow is not None or outcome.escalation or advice is None or advice.card is None:
        return outcome
    kept: dict[str, Any] = {"choices": [], AFTER: advice.card}
    earlier = before.data if before is not None and before.flow == CLARIFY else {}
    if ref := earlier.get("ref") or earlier.get(WITHDRAWABLE):
        kept |= {"ref": ref, "kind": earlier.get("kind", "")}
    if earlier.get(REPORTED) and advice.card == earlier.get(AFTER):
        kept[REPORTED] = True
    return replace(outcome, state=ConversationState(flow=CLARIFY, data=kept))


def _wants_to_stop(said: str, free_text: bool) -> bool:
    """A cancel mid-report. Where the report waits for words of the user's own, "stop" may
    begin an answer ("Stop lying about waiting times, ..."): there a long message counts only
    when it starts with a firm cancel or says plainly that the user has changed their mind."""
    if _CANCEL.match(said) and (not free_text or len(said.split()) <= 6):
        return True
    if _CANCEL_FIRM.match(said):
        return True
    return len(said.split()) <= CHANGED_MIND_WORDS and _CHANGED_MIND.search(said) is not None


def _asks(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """A message typed as a question where the report waits for the user's own words."""
    said = text.strip().lower()
    if said.endswith("?"):
        return True
    return not engine.expects_quote(spec, state) and _ASKS.match(said) is not None


def _asks_somewhere(text: str) -> bool:
    """Any clause of `text`, outside words in double quotes, is typed as a question, as many
    policy questions are asked: "a newspaper used my profile pic without asking, how do i get it
    taken down", "whats the rule on following patients back", "does discord count". Where a
    report waits for the user's own words, 760 of the 1,932 labelled policy questions with a
    section were stored as the answer when only a question's opening at the start counted
    (`_ASKS`); 245 are now (`python bench/asides.py`), and none of 180 answers written apart
    (`bench/data/mid_report_answers.txt`) is taken for a question that was not before."""
    said = _DOUBLE_QUOTED.sub(" ", text).lower()
    if "?" in said or _ASKED_WITHIN.search(said):
        return True
    clauses = (clause.strip() for clause in _CLAUSES.split(said))
    return any(_ASKS.match(clause) or _ASKED_AT.match(clause) for clause in clauses if clause)


def _asks_where(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """A question, with no link in it, where the report asks where something is."""
    step = spec.step(state.step)
    return step is not None and step.kind == "where" and _asks(spec, state, text) and find_link(text) is None


_PLACE = re.compile(r"\br/\w+|\b(?:group|page|forum|thread|subreddit|channel|story|comments?)\b")


def _only_no_link(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """The report asks where something is, and `text` only says there is no link."""
    step = spec.step(state.step)
    return step is not None and step.kind == "where" and only_says_no_link(text)


def _names_where(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """The report asks where something is, and `text` names a place: a link, a platform, a
    subreddit, a group or page."""
    step = spec.step(state.step)
    if step is None or step.kind != "where":
        return False
    return bool(find_link(text) or find_platform(text) or _PLACE.search(text.lower()))


def _link_for_where(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """The report asks where something is, and `text` is a link with at most a few words."""
    step = spec.step(state.step)
    if step is None or step.kind != "where" or (link := find_link(text)) is None:
        return False
    return len(text.replace(link, " ").split()) <= LINK_WORDS


def _told_of_harm(spec: FlowSpec, state: ConversationState) -> bool:
    """The report of being targeted is asking what is happening to the user: an answer in
    their own words of what someone else is doing to them."""
    return spec.intent == "report_targeted" and engine.expects_free_text(spec, state) and state.step == "what"


def _asks_about_999(said: str) -> bool:
    """`said` (lower case) asks whether to call 999 or the police ("should i call 999?")."""
    return bool(_EMERGENCY.search(said) and _ASKS.match(said))


def _in_the_report_menu(state: ConversationState) -> bool:
    """Waiting for a pick from the report menu (`WHICH_REPORT`)."""
    return state.flow == CLARIFY and state.data.get("choices") == [
        f"intent:{intent}" for intent, _ in WHICH_REPORT
    ]


def _one_word(text: str) -> bool:
    """A single word with no link: too little to start a report on."""
    return len(re.findall(r"\w+", text)) == 1 and find_link(text) is None


_AROUND_A_CHOICE = re.compile(
    r"^(?:(?:number|no|option|choice|the|its|it's|it is|um|erm|ok|okay)\s+)*(.+?)"
    r"(?:\s+(?:one|please|pls|thanks|ta))*$"
)
_REPORT_WORDS = {
    "report_crisis": ("crisis", "suicidal", "suicide", "risk", "danger", "self harm", "self-harm"),
    "report_criticism": ("criticism", "criticising", "complaint", "review", "slating", "negative"),
    "report_breach": ("colleague", "breach", "breaking", "coworker", "co-worker", "staff member"),
    "report_targeted": ("targeted", "abuse", "abused", "harassed", "harassment", "trolled"),
}
"""Words that pick a kind of report from the report menu ("crisis", "abuse", "colleague")."""


def _picked(text: str, state: ConversationState) -> str | None:
    """The option a reply to a clarifying question picks: a number ("2", "number 2", "the second
    one", "option 3"), a button value, or, from the report menu, a word naming one kind alone."""
    choices = [str(c) for c in state.data.get("choices", [])]
    said = re.sub(r"[^\w\s:'-]", "", text.strip().lower()).strip()
    if said in choices:
        return said
    bare = (match.group(1) if (match := _AROUND_A_CHOICE.match(said)) else said).strip()
    index = _ORDINALS.get(said, _ORDINALS.get(bare))
    if index is not None and index < len(choices):
        return choices[index]
    if len(said.split()) > 4:
        return None
    named = [
        choice
        for choice in choices
        if any(
            re.search(rf"\b{re.escape(word)}\b", said)
            for word in _REPORT_WORDS.get(choice.removeprefix("intent:"), ())
        )
    ]
    return named[0] if len(named) == 1 else None
