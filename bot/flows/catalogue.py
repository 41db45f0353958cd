"""The five guided reports, declared as data on the shared step machine."""

from __future__ import annotations

import re

from bot.flows.engine import NOT_GIVEN, UNSURE_ANSWER
from bot.flows.spec import Answers, FlowContext, FlowSpec, Step
from bot.messages import Choice, Reply
from bot.slots import find_platform

NO_NAMES = "Please don't include patients' or service users' names."


_CRITICISED_CHOICES = (
    Choice("The Trust", "trust"),
    Choice("A service or team", "service"),
    Choice("A member of staff", "colleague"),
    Choice("Something else", "other"),
)
_CRITICISED = (
    (
        "colleague",
        re.compile(
            r"\b(?:nurses?|doctors?|dr|consultants?|colleagues?|therapists?|psychologists?|psychiatrists?"
            r"|receptionists?|managers?|member of staff|staff members?|social workers?|hcas?|clinicians?"
            r"|named|by name|one of (?:us|our staff|the staff))\b"
        ),
    ),
    (
        "service",
        re.compile(
            r"\b(?:ward|team|service|clinic|camhs|gids|unit|department|dept|reception|waiting (?:list|times?)"
            r"|crisis line|helpline|appointments?)s?\b"
        ),
    ),
    ("trust", re.compile(r"\b(?:the trust|trust|tavi|tavistock|t&p|the nhs|nhs|the hospital|whole place)\b")),
)
"""Who is criticised, told in the user's own words: a choice when the words name exactly one."""


_NAMED = re.compile(
    r"\b(?:(?:you )?can (?:use|put|give|include|share|add) my name|(?:use|put|include) my name"
    r"|(?:don'?t|dont|do not) mind (?:you )?(?:using|having|putting|sharing|giving|adding) my name"
    r"|(?:don'?t|dont|do not) mind being named|happy (?:to be|being) (?:named|identified)"
    r"|happy to (?:give|put|share) my name|my name is fine|fine with (?:my name|being named)"
    r"|not anonymous|(?:don'?t|dont|do not) (?:want|need) (?:to be |to stay )?anonymous)"
)
_UNNAMED = re.compile(
    r"\banon(?:ymous(?:ly)?)?\b|\bleave my name (?:off|out)\b|\bwithout my name\b"
    r"|\bkeep my name (?:off|out)\b|\bdon'?t name me\b"
    r"|\b(?:don'?t|dont|do not|rather not|prefer not to)"
    r" (?:use|put|give|include|share|store|add|want) my name\b"
)


def stays_anonymous(text: str) -> bool | None:
    """Whether an answer in words to "Would you like to stay anonymous?" is yes ("keep me
    anonymous", "leave my name off") or no ("you can use my name", "not anonymous"), if it says."""
    said = text.lower()
    if _NAMED.search(said):
        return False
    if _UNNAMED.search(said):
        return True
    return None


def _criticised(text: str) -> Choice | None:
    """ "the camhs reception" is a service or team; "one of our consultants, by name" a member
    of staff. Words naming more than one ("two nurses on the ward") name none: they are kept as
    said."""
    said = text.lower()
    named = [value for value, words in _CRITICISED if words.search(said)]
    if len(named) != 1:
        return None
    return next((choice for choice in _CRITICISED_CHOICES if choice.value == named[0]), None)


def _criticism_intro(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        Reply(
            "Thanks for flagging it. Please don't reply to it yourself: the Communications Team will "
            "advise on the best response. Often the best route for the person is the Trust's formal "
            "channels, such as PALS or the complaints team. (Policy section 6.7)\n"
            "A few quick questions so they have what they need."
        ),
    )


def _crisis_intro(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        ctx.urgent_help.for_someone_online(),
        Reply("Then a few quick questions so the Communications Team can act on it. (Policy section 6.8)"),
    )


def _wellbeing(ctx: FlowContext) -> tuple[str, ...]:
    return (
        "Seeing distressing posts is hard. Look after yourself too: if it has affected you, talk to "
        f"{ctx.urgent_help.staff_support}.",
    )


def _breach_intro(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        Reply(
            "Thank you for raising it. The policy's route: tell your line manager first. If you can't, "
            "or you're uncomfortable doing so, go to the next in line, another senior manager, or the "
            "Freedom to Speak Up Guardian. Where patients, service users or visitors are involved, the "
            "safeguarding leads and the Caldicott Guardian should be involved too. (Policy section 7 and 5.2)"
        ),
    )


def _breach_intro_for_managers(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        Reply(
            "Thank you for raising it. The policy's route for line managers: seek HR advice and, where "
            "possible, resolve it informally and locally. Where patients, service users or visitors are "
            "involved, get advice from the safeguarding leads and the Caldicott Guardian if required. "
            "Escalate what can't be resolved locally; if the colleague isn't in your team, tell their "
            "line manager. (Policy section 7 and 5.1)"
        ),
    )


def _targeted_intro(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        Reply(
            "I'm sorry this is happening to you; you don't have to handle it alone. Speak to your line "
            "manager (or another senior manager, if it's your manager doing it) and the Communications "
            "Team, who can advise, may monitor it and can support you. "
            "Use the platform's own tools to report and block abusive accounts, and keep screenshots. "
            "If you're threatened or feel unsafe, call 999. (Policy section 7)"
        ),
    )


def _account_intro(ctx: FlowContext) -> tuple[Reply, ...]:
    return (
        Reply(
            "New team or service accounts need the Communications Team's agreement first. They'll want "
            "a written plan: the reason and objectives, how you'll run and monitor it (including leave "
            "cover), how you'll keep it secure (they must have the password) and how long it's expected "
            "to last. Often the Trust's main accounts are the better route. (Policy section 6.6.2 and "
            "Appendix 2)"
        ),
    )


THREATENED = "threatened"
"""The targeted report's slot for threats or personal details shared: yes makes it urgent, and so
does an answer in the user's own words ("not exactly threatened, he said people should come and
have a word with me at work")."""


def _urgent_if_threatened(answers: Answers) -> str:
    said = answers.get(THREATENED)
    told = isinstance(said, str) and said not in (NOT_GIVEN, UNSURE_ANSWER)
    return "urgent" if said is True or told else "normal"


def _of_whom(answers: Answers) -> str:
    """ " of a service or team", or nothing when who is criticised was not said or not known."""
    target = answers.get("target")
    return f" of {str(target).lower()}" if target and target not in (NOT_GIVEN, UNSURE_ANSWER) else ""


def _short(answers: Answers, slot: str, limit: int = 200) -> str:
    value = str(answers.get(slot, "")).replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


CRITICISM = FlowSpec(
    intent="report_criticism",
    kind="criticism",
    intro=_criticism_intro,
    steps=(
        Step(
            "seen",
            "Where is it? Paste a link, or describe where you saw it.",
            "where",
            hint="A link (starting https://) or a few words saying where it is, please.",
            label="Where",
        ),
        Step(
            "platform",
            "Which platform is it on (X, Facebook, Instagram, TikTok...)?",
            "platform",
            hint="Just the name of the site or app, please.",
            label="Platform",
        ),
        Step(
            "what",
            f"In a sentence, what does it say? {NO_NAMES}",
            hint="A short description, please.",
            label="What it says",
            quoted=True,
        ),
        Step(
            "target",
            "Who or what is being criticised?",
            "choice",
            label="About",
            choices=_CRITICISED_CHOICES,
            hint="Reply with a number from the list, or say who in a few words.",
            in_words=_criticised,
        ),
        Step(
            "spreading",
            "Is it spreading (lots of shares, replies, or people joining in)?",
            "yesno",
            hint="Yes, no, or not sure.",
            label="Spreading",
        ),
        Step("replied", "Have you replied to it yourself?", "yesno", hint="Yes or no.", label="You replied"),
    ),
    summary=lambda a: f"Criticism{_of_whom(a)} on {a.get('platform', 'social media')}: {_short(a, 'what')}",
    prefill_from_first_message=("what",),
)

CRISIS = FlowSpec(
    intent="report_crisis",
    kind="crisis",
    intro=_crisis_intro,
    steps=(
        Step(
            "where",
            "Where is it? A link to the post or message, or the account name.",
            "where",
            hint="A link (https://...) or the account's name, please.",
            label="Where",
        ),
        Step(
            "what",
            "What did they say, briefly?",
            hint="A few words are enough.",
            label="What was said",
            quoted=True,
        ),
        Step(
            "when",
            "When was it posted (roughly)?",
            "when",
            hint="For example: just now, this morning, yesterday.",
            label="When",
        ),
    ),
    summary=lambda a: (
        f"Someone online may be at risk ({a.get('where', 'location not given')}): {_short(a, 'what')}"
    ),
    severity=lambda _a: "urgent",
    confirm=False,
    closing=_wellbeing,
    record_at_once=True,
    prefill_from_first_message=("what",),
)

BREACH = FlowSpec(
    intent="report_breach",
    kind="breach",
    intro=_breach_intro,
    steps=(
        Step("record", "Would you also like me to record it for the Communications Team?", "gate"),
        Step(
            "what",
            f"What happened, briefly? {NO_NAMES}",
            hint="A short description, please.",
            label="What happened",
        ),
        Step(
            "where",
            "Where is it? A link, or the platform and account.",
            "where",
            hint="A link (https://...) or a few words saying where.",
            label="Where",
        ),
        Step(
            "anonymous",
            "Would you like to stay anonymous? If yes, your name won't be stored with it.",
            "yesno",
            yes_in_words=stays_anonymous,
            hint="Yes or no.",
            label="Anonymous",
        ),
    ),
    summary=lambda a: f"Possible breach of the policy: {_short(a, 'what')}",
    prefill_from_first_message=("what",),
    intro_for_managers=_breach_intro_for_managers,
    declined="OK, nothing has been recorded. The route above still stands: your line manager first.",
)

TARGETED = FlowSpec(
    intent="report_targeted",
    kind="targeted",
    intro=_targeted_intro,
    steps=(
        Step(
            "record",
            "Would you like me to let the Communications Team know, so they can advise and keep an "
            "eye on it?",
            "gate",
        ),
        Step(
            "what",
            "What's happening, briefly?",
            hint="A short description, please.",
            label="What's happening",
        ),
        Step(
            "where",
            "Where is it happening? A link, or the platform and account.",
            "where",
            hint="A link (https://...) or a few words saying where.",
            label="Where",
        ),
        Step(
            THREATENED,
            "Has anyone threatened you, or shared personal details such as your home address?",
            "yesno",
            hint="Yes or no.",
            label="Threats or personal details shared",
        ),
    ),
    summary=lambda a: f"Member of staff targeted online: {_short(a, 'what')}",
    severity=_urgent_if_threatened,
    prefill_from_first_message=("what",),
    declined="OK, nothing has been recorded. If it carries on or gets worse, tell me or your line manager.",
)

_TEAM = re.compile(
    r"\b(?:team|service|ward|clinic|unit|department|dept|camhs|gids|group|programme|project|library"
    r"|network|course|school|centre|center|hub)s?\b"
)


def _names_team_and_platform(text: str) -> bool:
    """ "i'd like to set up an instagram account for our eating disorders team": which team or
    service it is for, and on which platform, already said."""
    return find_platform(text) is not None and bool(_TEAM.search(text.lower()))


ACCOUNT = FlowSpec(
    intent="request_account",
    kind="account_request",
    intro=_account_intro,
    steps=(
        Step(
            "start",
            "Shall we put your written plan together now? A few short questions, then I'll send it to the "
            "Communications Team.",
            "gate",
        ),
        Step(
            "team",
            "Which team or service is it for, and on which platform?",
            hint="For example: “Perinatal team, Instagram”.",
            label="Team and platform",
        ),
        Step(
            "reason",
            "What's the reason for the account, and what do you want it to achieve?",
            hint="For example: sharing tips for new parents and promoting our groups.",
            label="Reason and objectives",
        ),
        Step(
            "running",
            "How will it be run and monitored day to day, including cover when people are on leave?",
            hint="For example: two named staff check it each weekday morning; a colleague covers leave.",
            label="Running and monitoring",
        ),
        Step(
            "security",
            "How will you keep it secure? (Don't send the password here: the Communications Team "
            "will arrange a secure way to share it.)",
            hint=(
                "For example: only the named staff have the login, two-step verification is on, and the "
                "Communications Team holds the password."
            ),
            label="Security",
        ),
        Step(
            "lifespan",
            "How long do you expect the account to run?",
            "how_long",
            hint="For example: ongoing, or six months for a campaign.",
            label="Expected life span",
        ),
    ),
    summary=lambda a: f"New account request: {_short(a, 'team', 120)}",
    prefill_from_first_message=("team",),
    says_enough=_names_team_and_platform,
    declined="OK. When you're ready, ask me again or talk to the Communications Team.",
)

FLOWS: dict[str, FlowSpec] = {spec.intent: spec for spec in (CRITICISM, CRISIS, BREACH, TARGETED, ACCOUNT)}
