"""The step machine every guided report runs on. Pure: state in, Outcome out."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.flows.spec import Answers, FlowContext, FlowSpec, Step
from bot.health import HEALTH_LEFT_OUT, without_health_details
from bot.messages import Choice, ConversationState, EscalationDraft, Outcome, Reply, detail_text
from bot.secrets import SECRET_WARNING, looks_like_secret
from bot.slots import (
    NO,
    PLATFORMS,
    URL,
    YES,
    denies_platform,
    find_link,
    find_platform,
    is_duration,
    is_time,
    is_unsure,
    pick,
    platforms_named,
    said_plainly,
    yes_no,
)

_GATE_HINT = "Yes to go on, or no to leave it there: nothing is recorded unless you say yes."
_NO_HINT = "Sorry, I didn't get that."
MAX_TRIES = 2
"""A bad answer is asked again with a hint at most this many times, then the flow moves on."""
MAX_ANSWER = 1000
CHOICE_IN_WORDS = 120
"""The longest answer to a choice kept in the user's own words."""
PLATFORM_WORDS = 6
"""A platform not in the list is taken by its name, up to this many words ("the trust's intranet")."""
NOT_GIVEN = "(not given)"
UNSURE_ANSWER = "not sure"
CONFIRM = "confirm"
YES_NO = (Choice("Yes", "yes"), Choice("No", "no"))
_MISTAKE = re.compile(
    r"\b(mistake|by accident|accidental|wrong (button|person|chat)|didn'?t mean|false alarm"
    r"|ignore (that|this|it)|misread|(it'?s|its|it was|it is) (just |only )?a (joke|song lyric|lyric|meme)"
    r"|song lyrics?|(not|isn'?t|wasn'?t) (actually |really )?(a crisis|an emergency))\b"
)
_TAKEN_BACK = re.compile(
    r"\b((delete|withdraw|scrap|take back|retract) (the|my|that|this) report"
    r"|wrong (trust|hospital|page|account))\b"
)
"""Taking a report back without saying it was a mistake: enough for one where nobody is at risk,
never for someone in crisis ("can you delete the report i dont want my name on it", "wrong
trust, it was the other nhs trust they tagged": the person may still be at risk)."""
_AS_A_MANAGER = re.compile(
    r"\b(?:i'?m|i am|as)\s+(?:a|the|their|his|her)\s+(?:line |ward |team |service |deputy )?manager\b"
    r"|\bone of my (?:team|staff|nurses|hcas?|reports|direct reports|band \d+s?)\b|\bi manage\b"
)
"""The writer is the line manager of the person concerned ("I'm a manager, one of my team…")."""
MIN_DESCRIPTION_WORDS = 12
MIN_DESCRIPTION_WORDS_AT_RISK = 6
"""A message already read as someone at risk counts as a description from six words."""
KEPT = ("ref", "answered")
"""What a report keeps from step to step besides its answers: the escalation's reference once
it is recorded, and the questions about the report already answered in it (`bot.router`)."""


def start(spec: FlowSpec, first_message: str, ctx: FlowContext, carried: Answers | None = None) -> Outcome:
    """`carried`: answers a report the user left for this one already had (`carry_over`)."""
    answers = _prefilled(spec, dict(carried or {}), first_message)
    enough = MIN_DESCRIPTION_WORDS_AT_RISK if spec.record_at_once else MIN_DESCRIPTION_WORDS
    said_enough = (
        spec.says_enough(first_message) if spec.says_enough else len(first_message.split()) >= enough
    )
    left_out = False
    if said_enough and not looks_like_secret(first_message):
        for slot in spec.prefill_from_first_message:
            said, left_out = _kept_words(spec, first_message.strip()[:MAX_ANSWER])
            answers.setdefault(slot, said)
    intro = spec.intro(ctx)
    if spec.intro_for_managers is not None and _AS_A_MANAGER.search(first_message.lower()):
        intro = spec.intro_for_managers(ctx)
    if left_out:
        intro = (*intro, Reply(HEALTH_LEFT_OUT))
    return _record_at_once(spec, {}, answers, _next(spec, answers, intro, ctx, {}), ctx)


def advance(spec: FlowSpec, state: ConversationState, text: str, ctx: FlowContext) -> Outcome:
    answers: Answers = dict(state.data.get("answers", {}))
    tries = int(state.data.get("tries", 0))
    kept = {k: state.data[k] for k in KEPT if k in state.data}
    if looks_like_secret(text):
        return _ask(spec, state.step, answers, (Reply(SECRET_WARNING),), tries, kept)
    if state.step == CONFIRM:
        decided = yes_no(text)
        if decided is None:
            return _confirm(spec, answers, (Reply("Please answer yes to send it, or no to stop."),), kept)
        said = said_plainly(text)
        if decided is False and said not in NO and not _echoed(said, "send it") and len(said.split()) > 3:
            # "no wait, one of those is wrong": a "no" that says more may be a change, not a stop.
            return _confirm(spec, answers, (Reply(NOT_SENT_YET),), kept)
        return _finish(spec, answers, ctx, kept) if decided else Outcome(replies=(Reply(spec.declined),))
    step = spec.step(state.step)
    if step is None:
        return _next(spec, answers, (), ctx, kept)
    link_only = _only_where(spec, step, text)
    value = None if link_only else _parse(step, text)
    if value is None:
        if tries < MAX_TRIES:
            kept_link = "Thanks, I've kept the link. " if link_only else ""
            said_again = step.hint or (_GATE_HINT if step.kind == "gate" else _NO_HINT)
            hint = (Reply(kept_link + said_again),)
            return _ask(spec, step.slot, _prefilled(spec, answers, text), hint, tries + 1, kept)
        value = NOT_GIVEN
    if step.kind == "gate" and value is not True:  # unclear twice: nothing is recorded
        return Outcome(replies=(Reply(spec.declined),))
    before = answers
    value, left_out = _kept_words(spec, value)
    answers = _prefilled(spec, {**answers, step.slot: value}, text)
    first = (Reply(HEALTH_LEFT_OUT),) if left_out else ()
    outcome = _record_at_once(spec, kept, answers, _next(spec, answers, first, ctx, kept), ctx)
    return _added_at_once(spec, kept, before, answers, outcome, ctx)


def _kept_words(spec: FlowSpec, value: Any) -> tuple[Any, bool]:
    """An answer as the report keeps it: in a report about something online, with any health
    detail left out (`bot.health`); and whether one was. An account plan names services
    ("Eating disorders team"): kept as said."""
    if spec.kind == "account_request" or not isinstance(value, str):
        return value, False
    kept = without_health_details(value)
    return kept, kept != value


def carry_over(spec: FlowSpec, state: ConversationState, to: FlowSpec) -> Answers:
    """What a report left for another (a criticism turning out to be a crisis) already knows
    and the other asks too: where it is, and the platform. Nothing anyone said is carried: the
    words that changed the report are its description."""
    answers: Answers = state.data.get("answers", {})
    given = {
        step.kind: answers[step.slot]
        for step in spec.steps
        if step.kind in ("where", "platform")
        and answers.get(step.slot) not in (None, NOT_GIVEN, UNSURE_ANSWER)
    }
    return {step.slot: given[step.kind] for step in to.steps if step.kind in given}


_TAKING_BACK = r"(?:actually|wait|sorry|oops|oh|hang on|hold on|no)\W+"
_CORRECTION = re.compile(
    rf"^\W*(?:{_TAKING_BACK})+(?:no|not|its|it'?s|it is|it was|thinking about it)\b"
    rf"|^\W*(?:{_TAKING_BACK})*(?:scratch that|my mistake|my bad|correction|ignore that|i got it wrong"
    r"|i was wrong|i meant|i mean)\b"
)
_ADDING = re.compile(r"\b(?:also|too|as well|another|and then|on top)\b")


def corrects(text: str) -> bool:
    """`text` opens by taking back what was said before ("actually no its my colleague who
    wrote it", "sorry i meant it's about me"), and adds nothing to it ("actually they're also
    saying the trust is rubbish")."""
    said = text.lower()
    return bool(_CORRECTION.search(said)) and not _ADDING.search(said)


PLATFORM_CORRECTION_WORDS = 12
_SWITCHING = re.compile(
    r"\b(?:instead|make (?:that|it)|change (?:that|it) to|switch(?:ed|ing)? (?:it )?to|rather than)\b"
    r"|^\W*actually\W+(?:\w+\W+){0,4}\w+\W*$"  # "actually it'll be on tiktok"
)
"""Words that put one platform in place of another: "make it facebook instead"."""
PLATFORM_CHANGED = "Thanks, I've changed the platform to {platform}."


def corrected_platform(spec: FlowSpec, state: ConversationState, text: str) -> Outcome | None:
    """ "actually it's on facebook not google", said after the platform was given (or read from
    a link): the platform changed, and the report's question again. Before, it was stored as
    the answer to whatever the report was asking."""
    answers: Answers = dict(state.data.get("answers", {}))
    step = next((s for s in spec.steps if s.kind == "platform" and s.slot in answers), None)
    in_words = step is None
    if in_words:  # an account plan's "Team and platform", in the user's words
        step = next((s for s in spec.steps if "platform" in s.label.lower() and s.slot in answers), None)
    if (
        step is None
        or state.step == step.slot
        or find_link(text)
        or len(text.split()) > PLATFORM_CORRECTION_WORDS
    ):
        return None
    named, before, said = find_platform(text), answers[step.slot], ""
    if in_words:
        said, before = before, find_platform(before) if isinstance(before, str) else None
        if before is None:
            return None
    if in_words and named is not None:  # "make it tiktok and youtube instead": both
        all_named = platforms_named(text)
        if before in all_named:
            return None  # "make it tiktok and instagram": one added (`added_platform`)
        named = " and ".join(all_named) or named
    if named is None or named == before:
        return None
    names_it = re.search(r"\bplatform\b", text.lower()) is not None  # "the platform is facebook"
    if (
        not corrects(text)
        and not names_it
        and not (_SWITCHING.search(text.lower()) and not _ADDING.search(text.lower()))
        and not (isinstance(before, str) and denies_platform(text, before))
    ):
        return None
    value = _platform_swapped(said, before, named) if in_words and isinstance(before, str) else named
    changed = replace(state, data={**state.data, "answers": {**answers, step.slot: value}})
    return Outcome(
        replies=(Reply(PLATFORM_CHANGED.format(platform=named)), current_question(spec, changed)),
        state=changed,
    )


def _platform_swapped(said: str, before: str, named: str) -> str:
    """ "our physio team want an instagram account", with TikTok for Instagram: "our physio team
    want a TikTok account". Named another way (a link), the new platform is added."""
    markers = "|".join(re.escape(m) for m in PLATFORMS.get(before, ()) if "." not in m)
    article = "an " if named[0].lower() in "aeiou" else "a "

    def swap(match: re.Match[str]) -> str:
        return (article if match[1] else "") + named

    swapped = re.sub(rf"\b(an?\s+)?(?:{markers})\b", swap, said, flags=re.IGNORECASE) if markers else said
    return swapped if swapped != said else f"{said} ({named})"


PLATFORM_ADDED = "Thanks, I've added {platforms} to the plan."
_ALSO = re.compile(r"\b(?:also|too|as well|aswell|both|plus|another|add|and|what about|how about)\b")
"""Words putting another platform beside the one given: "can we have it on tiktok as well"."""
_ABOUT_THE_PLATFORM = frozenset(
    re.findall(
        r"\S+",
        "a an the and also too as well aswell both plus another add what how about on it we us our i "
        "want wanted would d like have had can could do is be will ll should need it's its it'd make "
        "account accounts page pages channel channels profile one please actually oh wait sorry yes "
        "yeah ok okay maybe think so s lets let's go with put run same for we'd we're we'll i'd i'm",
    )
)
"""Words that leave a message about the platform alone. "two of us check tiktok daily as well"
says more: it is an answer."""


def added_platform(spec: FlowSpec, state: ConversationState, text: str) -> Outcome | None:
    """ "actually we want it on tiktok and instagram" in an account plan that named Instagram:
    TikTok beside it in the team and platform answer, and the question being asked again.
    Before, it was stored as the answer to that question."""
    answers: Answers = dict(state.data.get("answers", {}))
    step = next((s for s in spec.steps if "platform" in s.label.lower() and s.slot in answers), None)
    if spec.kind != "account_request" or step is None or state.step == step.slot or find_link(text):
        return None
    said, lowered = answers[step.slot], text.lower().replace("’", "'")
    if not isinstance(said, str) or not _ALSO.search(lowered) or not (given := platforms_named(said)):
        return None
    all_named = platforms_named(text)
    new = [name for name in all_named if name not in given]
    markers = {m for name in all_named for m in PLATFORMS[name]}
    others = [w for w in re.findall(r"[\w']+", lowered) if w not in markers and w not in _ABOUT_THE_PLATFORM]
    if not new or others:
        return None
    platforms = " and ".join(new)
    value = f"{said} (and {platforms})"
    changed = replace(state, data={**state.data, "answers": {**answers, step.slot: value}})
    return Outcome(
        replies=(Reply(PLATFORM_ADDED.format(platforms=platforms)), current_question(spec, changed)),
        state=changed,
    )


LINK_ADDED = "Thanks, I've added the link."
LINK_LATER_WORDS = 6


def link_given_later(spec: FlowSpec, state: ConversationState, text: str) -> Outcome | None:
    """A link pasted after "where is it?" was answered without one ("r/unitedkingdom i think"),
    at another question: where it is, with what was said before. Before, it was stored as the
    answer to that question ("About: https://reddit…")."""
    answers: Answers = dict(state.data.get("answers", {}))
    where = next((s for s in spec.steps if s.kind == "where" and s.slot in answers), None)
    link = find_link(text)
    if where is None or link is None or state.step == where.slot:
        return None
    if len(text.replace(link, " ").split()) > LINK_LATER_WORDS:
        return None
    before = answers[where.slot]
    if isinstance(before, str) and find_link(before):
        return None  # it has a link: a second one is for the team to see in what it says
    told = before not in (None, NOT_GIVEN, UNSURE_ANSWER) and str(before).strip()
    answers[where.slot] = f"{link} ({before})" if told else link
    answers = _prefilled(spec, answers, link)
    changed = replace(state, data={**state.data, "answers": answers})
    return Outcome(replies=(Reply(LINK_ADDED), current_question(spec, changed)), state=changed)


NOT_SENT_YET = (
    "Nothing's sent yet. Say “no” to stop this report, or tell me which answer to change "
    "(for example “the platform is Facebook”)."
)
SUMMARY_CHANGED = "Thanks, I've changed “{label}”."
_SAYS_WRONG = re.compile(
    r"\b(?:wrong|should be|should say|should have said|change|meant|mistake|actually|not right)\b"
)
_NEW_VALUE = re.compile(  # the words after "should be", "it says", "it's"...
    r"\b(?:should be|should say|should have said|change it to|it says|it said|says|said|it'?s|it is|is|to"
    r"|meant)\s+(.+?)\W*$"
)
_NEGATED_ANSWER = re.compile(r"\b(?:not|no|never|isn'?t|wasn'?t|hasn'?t|haven'?t|didn'?t|nt)\b")
_LABEL_NOT_A_TOPIC = frozenset(("you", "what", "it", "the", "a", "or", "and", "s", "was", "shared"))


def _stem(word: str) -> str:
    for ending, instead in (("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + instead
    return word


def corrected_answer(spec: FlowSpec, state: ConversationState, text: str) -> Outcome | None:
    """An earlier answer, named by its label, said to be wrong or changed: "wait the about bit is
    wrong it should be the trust", "actually it is spreading, 50 shares now", "actually its about
    a member of staff not the team" (a choice or a yes or no, at any later question), and at the
    summary, a written answer too ("no sorry, the what it says bit is wrong, it says we lost their
    referral"). That answer is changed, and the summary or the question comes again. Before, the
    first got a policy card, the second "Please answer yes to send it", the third started another
    report, and the fourth, read as "no", threw the report away."""
    if find_link(text):
        return None
    said = said_plainly(text)
    if (marker := _SAYS_WRONG.search(said)) is None:
        return None
    stems = {_stem(word) for word in said.split()}
    answers: Answers = dict(state.data.get("answers", {}))
    kinds = ("choice", "yesno", "text") if state.step == CONFIRM else ("choice", "yesno")
    named = [
        step
        for step in spec.steps
        if step.label
        and step.slot in answers
        and step.slot != state.step
        and step.kind in kinds
        and {_stem(w) for w in said_plainly(step.label).split()} - _LABEL_NOT_A_TOPIC & stems
    ]
    if len(named) != 1:
        return None
    step = named[0]
    tail = _NEW_VALUE.search(said[marker.start() :]) or _NEW_VALUE.search(said)
    told = tail.group(1).strip() if tail else ""
    value: Any = None
    if step.kind == "yesno":
        value = not _NEGATED_ANSWER.search(said)
    elif step.kind == "choice" and told:
        told = re.split(r"\bnot\b|\bnor\b", told.removeprefix("about ").strip())[0].strip()
        chosen = pick(told, step.choices) or (step.in_words(told) if step.in_words else None)
        value = chosen.label if chosen is not None else None
    elif step.kind == "text" and len(told.split()) >= YESNO_IN_WORDS - 2:
        value = told[:MAX_ANSWER]
    if value is None or value == answers[step.slot]:
        return None
    changed = {**answers, step.slot: value}
    first = Reply(SUMMARY_CHANGED.format(label=step.label))
    kept = {k: state.data[k] for k in KEPT if k in state.data}
    if state.step == CONFIRM:
        return _confirm(spec, changed, (first,), kept)
    moved = replace(state, data={**state.data, "answers": changed})
    return Outcome(replies=(first, current_question(spec, moved)), state=moved)


_NOT_A_MISTAKE = re.compile(r"(?:\bnot|n'?t|\bno|\bnever)\s+(?:a\s+|by\s+)?(?:mistake|accident)")


def is_mistake(text: str, *, at_risk: bool = True) -> bool:
    """The reporter says it was reported by mistake ("it was a mistake sorry", "wrong chat"),
    and not that it was none ("it wasn't a mistake"); for a report where nobody is at risk
    (`at_risk` false), taking it back will do too ("can you delete the report")."""
    said = text.lower()
    said_so = _MISTAKE.search(said) or (not at_risk and _TAKEN_BACK.search(said))
    return bool(said_so) and not _NOT_A_MISTAKE.search(said)


def withdrawal(ref: str, kind: str) -> Outcome:
    """The report recorded as `ref` withdrawn as a mistake, said after the questions stopped."""
    draft = EscalationDraft(kind=kind, severity="", summary="", details={}, ref=ref, withdrawn=True)
    return Outcome(replies=(), escalation=draft)


def cancel(spec: FlowSpec, state: ConversationState, text: str, ctx: FlowContext) -> Outcome:
    answers: Answers = dict(state.data.get("answers", {}))
    ref = state.data.get("ref")
    mistake = is_mistake(text)
    if ref:
        draft = _draft(spec, answers, ctx, abandoned=not mistake)
        return Outcome(replies=(), escalation=replace(draft, ref=str(ref), withdrawn=mistake, closing=()))
    return Outcome(replies=(Reply("OK, I've stopped that report. Nothing has been recorded."),))


def _described(spec: FlowSpec, answers: Answers) -> bool:
    return any(
        value != NOT_GIVEN
        for slot, value in answers.items()
        if (step := spec.step(slot)) is not None and step.kind != "gate"
    )


def _record_at_once(
    spec: FlowSpec, kept: dict[str, Any], answers: Answers, outcome: Outcome, ctx: FlowContext
) -> Outcome:
    """A report that must not wait is recorded the moment anything is described."""
    if not spec.record_at_once or "ref" in kept or outcome.escalation or not _described(spec, answers):
        return outcome
    return replace(outcome, escalation=replace(_draft(spec, answers, ctx), closing=()))


def _added_at_once(
    spec: FlowSpec,
    kept: dict[str, Any],
    before: Answers,
    answers: Answers,
    outcome: Outcome,
    ctx: FlowContext,
) -> Outcome:
    """An answer to a report recorded at once joins the escalation the moment it is given: a
    reporter who leaves at the next question has still passed on the link."""
    ref = kept.get("ref")
    if not spec.record_at_once or ref is None or outcome.escalation is not None:
        return outcome
    told = {slot: value for slot, value in answers.items() if before.get(slot) != value}
    if all(value in (NOT_GIVEN, UNSURE_ANSWER) for value in told.values()):
        return outcome
    draft = replace(_draft(spec, answers, ctx), ref=str(ref), closing=(), partial=True)
    return replace(outcome, escalation=draft)


def current_question(spec: FlowSpec, state: ConversationState) -> Reply:
    answers: Answers = dict(state.data.get("answers", {}))
    if state.step == CONFIRM:
        return _confirm(spec, answers, (), {}).replies[-1]
    step = spec.step(state.step)
    return _question(step) if step else Reply("Let's carry on.")


def expects_free_text(spec: FlowSpec, state: ConversationState) -> bool:
    step = spec.step(state.step)
    return step is not None and step.kind in ("text", "where", "when", "how_long")


def expects_quote(spec: FlowSpec, state: ConversationState) -> bool:
    step = spec.step(state.step)
    return step is not None and step.quoted


def _only_where(spec: FlowSpec, step: Step, text: str) -> bool:
    """A link alone, given where the report asks what happened: it says where, not what. It is
    kept for the question about where, and the question asked again."""
    return (
        step.kind == "text"
        and find_link(text) is not None
        and not URL.sub("", text).strip(" .,;:!?()'\"")
        and any(s.kind == "where" for s in spec.steps)
    )


def _prefilled(spec: FlowSpec, answers: Answers, text: str) -> Answers:
    """Unanswered slots that `text` already answers (a link, the platform named by it)."""
    filled = dict(answers)
    for step in spec.steps:
        if step.slot not in filled and (value := _prefill(step, text)) is not None:
            filled[step.slot] = value
    return filled


def _prefill(step: Step, text: str) -> Any:
    if step.kind == "where":
        return find_link(text)
    if step.kind == "platform":
        return find_platform(text)
    return None


YESNO_IN_WORDS = 5
"""An answer to a yes-or-no question that is neither, of at least this many words and not a
question, is kept in the user's words."""


def _says_more_than_yes_or_no(clean: str) -> bool:
    return len(clean.split()) >= YESNO_IN_WORDS and "?" not in clean


def taken_only_in_words(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """The question waiting has a set answer (yes or no, an option, a platform) and `text` would
    be kept only as the user's own words, being none of them ("can i post about the strike",
    where the report asks who is criticised)."""
    step = spec.step(state.step)
    clean = text.strip()
    if step is None or state.step == CONFIRM or is_unsure(clean):
        return False
    if step.kind == "yesno":
        named = yes_no(clean) if step.yes_in_words is None else (yes_no(clean) or step.yes_in_words(clean))
        return named is None and _says_more_than_yes_or_no(clean)
    if step.kind == "choice":
        chosen = pick(clean, step.choices) or (step.in_words(clean) if step.in_words else None)
        return chosen is None and _parse(step, text) is not None
    return step.kind == "platform" and find_platform(clean) is None and _parse(step, text) is not None


def _parse(step: Step, text: str) -> Any:
    clean = text.strip()
    if step.kind in ("text", "where", "when", "how_long", "platform") and is_unsure(clean):
        return UNSURE_ANSWER
    if step.kind in ("yesno", "gate"):
        decided = yes_no(clean)
        if decided is None and step.yes_in_words is not None:
            decided = step.yes_in_words(clean)
        if decided is None and step.kind == "yesno" and is_unsure(clean):
            return UNSURE_ANSWER
        if decided is None and step.kind == "yesno" and _says_more_than_yes_or_no(clean):
            # "not exactly threatened, he said people should come and have a word with me at
            # work": kept as said, where before it was asked again and lost as "not sure".
            return clean[:CHOICE_IN_WORDS]
        return decided
    if step.kind == "choice":
        chosen = pick(clean, step.choices) or (step.in_words(clean) if step.in_words else None)
        if chosen is not None:
            return chosen.label
        if step.in_words is None or said_plainly(clean) in YES | NO or "?" in clean or len(clean) < 2:
            return None  # "yes" names no one: asked again with the hint
        return UNSURE_ANSWER if is_unsure(clean) else clean[:CHOICE_IN_WORDS]
    if step.kind in ("where", "platform") and said_plainly(clean) in YES | NO:
        return None  # "yes" is not a place: asked again with the hint
    if step.kind == "platform":
        named = find_platform(clean)
        if named is not None:
            return named
        # A site's name is a few words; a question or a story is not one ("random q but...?").
        return (
            clean[:80]
            if len(clean) >= 2 and len(clean.split()) <= PLATFORM_WORDS and "?" not in clean
            else None
        )
    if step.kind == "where":
        link = find_link(clean)
        if link:
            return link
        broken_link = "://" in clean or clean.lower().startswith(("http", "htp", "www"))
        return clean[:MAX_ANSWER] if len(clean) >= 2 and not broken_link else None
    if _NO_WORDS.fullmatch(clean):
        return None  # "2" where a description was asked for (a number from an earlier list)
    if said_plainly(clean) in YES | NO:
        # "no" where the report asks what it says or when: stored as the answer before, and the
        # real answer that came next was taken for the question after. Asked again with the hint.
        return None
    return clean[:MAX_ANSWER] if clean else None


_NO_WORDS = re.compile(r"[\d\s.,;:!?()#*+/-]*")
"""Digits and punctuation only: no description. Emoji are words someone may have posted."""


def _next(
    spec: FlowSpec, answers: Answers, replies: tuple[Reply, ...], ctx: FlowContext, kept: dict[str, Any]
) -> Outcome:
    for step in spec.steps:
        if step.slot not in answers:
            return _ask(spec, step.slot, answers, replies, 0, kept)
    if spec.confirm:
        return _confirm(spec, answers, replies, kept)
    return _finish(spec, answers, ctx, kept, replies)


def _ask(
    spec: FlowSpec,
    slot: str | None,
    answers: Answers,
    replies: tuple[Reply, ...],
    tries: int,
    kept: dict[str, Any],
) -> Outcome:
    state = ConversationState(flow=spec.intent, step=slot, data={"answers": answers, "tries": tries, **kept})
    step = spec.step(slot)
    question = _question(step) if step else _confirm(spec, answers, (), kept).replies[-1]
    return Outcome(replies=(*replies, question), state=state)


def _question(step: Step) -> Reply:
    choices = step.choices or (YES_NO if step.kind in ("yesno", "gate") else ())
    listed = "\n".join(f"{i}. {c.label}" for i, c in enumerate(step.choices, start=1))
    return Reply(text=f"{step.ask}\n{listed}".strip(), choices=choices)


def _confirm(spec: FlowSpec, answers: Answers, replies: tuple[Reply, ...], kept: dict[str, Any]) -> Outcome:
    lines = [
        f"• {s.label}: {detail_text(answers[s.slot])}" for s in spec.steps if s.label and s.slot in answers
    ]
    text = (
        "Here's what I'll send to the Communications Team:\n" + "\n".join(lines) + "\n\nSend it? (yes / no)"
    )
    state = ConversationState(flow=spec.intent, step=CONFIRM, data={"answers": answers, "tries": 0, **kept})
    return Outcome(replies=(*replies, Reply(text=text, choices=YES_NO)), state=state)


def _finish(
    spec: FlowSpec, answers: Answers, ctx: FlowContext, kept: dict[str, Any], replies: tuple[Reply, ...] = ()
) -> Outcome:
    draft = _draft(spec, answers, ctx)
    ref = kept.get("ref")
    return Outcome(replies=replies, escalation=replace(draft, ref=str(ref)) if ref else draft)


def _draft(spec: FlowSpec, answers: Answers, ctx: FlowContext, *, abandoned: bool = False) -> EscalationDraft:
    details = {
        s.label or s.slot: answers[s.slot] for s in spec.steps if s.slot in answers and s.kind != "gate"
    }
    where = details.get("Where")
    if "Platform" not in details and isinstance(where, str) and find_link(where):
        platform = find_platform(where)  # the crisis report asks only where: a link names it
        if platform:
            details["Platform"] = platform
    anonymous = answers.get("anonymous") is True
    return EscalationDraft(
        kind=spec.kind,
        severity=spec.severity(answers),
        summary=spec.summary(answers)[:1000],
        details=details,
        anonymous=anonymous,
        abandoned=abandoned,
        closing=spec.closing(ctx),
    )


def is_plain_answer(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """A bare "yes", "no", "not sure" (or "sorry, i don't know"), a listed option or, asked
    when, a time ("last night i think"), or asked how long, a length of time ("ongoing, no end
    date"): nothing else can hide in it."""
    said = said_plainly(text)
    if is_unsure(text):
        return True
    if state.step == CONFIRM:
        return said in YES | NO or _echoed(said, "send it")
    step = spec.step(state.step)
    if step is None:
        return False
    if step.kind in ("yesno", "gate"):
        return said in YES | NO or _echoed(said, step.ask)
    if step.kind == "when":
        return is_time(text)
    if step.kind == "how_long":
        return is_duration(text)
    return step.kind == "choice" and len(said.split()) <= 4 and pick(text, step.choices) is not None


_SAID_WITH_AN_ANSWER = frozenset((
    "i", "im", "i'm", "it", "its", "it's", "they", "he", "she", "we", "have", "havent", "haven't", "has",
    "hasnt", "hasn't", "did", "didnt", "didn't", "do", "dont", "don't", "is", "isnt", "isn't", "was",
    "wasnt", "wasn't", "am", "not", "yet", "and", "will", "wont", "won't", "would", "wouldnt",
    "wouldn't", "want", "to", "please", "thanks", "really", "at", "all", "so", "think", "just", "that",
    "them", "him", "her", "me", "myself", "a", "lot", "lots", "of",
))  # fmt: skip
"""Words said around a yes or no with the question's own words: "no i havent replied"."""


def _echoed(said: str, asked: str) -> bool:
    """A yes or no said with nothing but the question's own words and the words that go with
    an answer ("no i havent replied", "no i dont want to record it", "no, and i won't"):
    nothing else can hide in it. "no i want to die" is not one."""
    words = said.split()
    if not words or words[0] not in YES | NO or len(words) > 10:
        return False
    echo = set(said_plainly(asked).split()) | _SAID_WITH_AN_ANSWER
    return all(word in echo for word in words[1:])


def accepts(spec: FlowSpec, state: ConversationState, text: str) -> bool:
    """Whether `text` is a valid answer to the question the report is waiting on."""
    if state.step == CONFIRM:
        return yes_no(text) is not None
    step = spec.step(state.step)
    return step is not None and _parse(step, text) is not None
