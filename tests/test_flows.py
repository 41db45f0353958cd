"""Scripted report conversations on SQLite and PostgreSQL: every flow end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.flows.catalogue import stays_anonymous
from bot.reminders import REMINDERS
from bot.slots import find_platform
from bot.store.escalations import audit_trail, list_escalations, outbox_for
from bot.store.models import ConversationStateRow, EscalationRow
from bot.turn import Turns

from .conftest import URGENT_URL, Clock, Conversation

CRITICISM = (
    "someone tweeted https://x.com/angrydad/status/1789 saying our camhs waiting list is a total scandal"
)


async def escalations(turns: Turns) -> list[EscalationRow]:
    async with turns.sessions() as session:
        return await list_escalations(session)


async def summary_after_where(talk: Conversation, where: str) -> str:
    """The rest of a criticism report from "Where is it?": `where`, then the summary."""
    assert "In a sentence, what does it say?" in await talk.say(where)
    return await summary_after_what(talk)


async def summary_after_what(talk: Conversation) -> str:
    """The rest of a criticism report from "In a sentence, what does it say?"."""
    await talk.say("they say the ward is filthy")
    await talk.say("2")
    await talk.say("no")
    return await talk.say("no")


async def link_first(talk: Conversation, said: str) -> str:
    """The reply to `said`, which must start with the link to share, in case."""
    reply = await talk.say(said)
    assert reply.startswith("First, in case someone online is in crisis. Need urgent help?"), reply[:80]
    assert URGENT_URL in reply
    return reply


async def test_criticism_uses_the_first_message_and_records_a_normal_escalation(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    first = await talk.say(CRITICISM)
    assert "Please don't reply to it yourself" in first and "PALS" in first
    assert "Where is it?" not in first and "Which platform" not in first
    assert "Who or what is being criticised?" in first
    assert "Is it spreading" in await talk.say("2")
    assert "Have you replied" in await talk.say("yes")
    summary = await talk.say("no")
    assert "Platform: X (Twitter)" in summary and "About: A service or team" in summary
    assert "https://x.com/angrydad/status/1789" in summary
    assert "Spreading: Yes" in summary and "You replied: No" in summary  # as said, not True/False
    assert "True" not in summary and "False" not in summary
    done = await talk.say("yes")
    assert "Your reference is SP-2026-0001" in done
    assert "weekdays 9:00-17:00" in done
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity, row.status, row.reporter_id) == ("criticism", "normal", "open", "U1")
    assert row.details["Where"] == "https://x.com/angrydad/status/1789"
    async with store_turns.sessions() as session:
        assert [
            o.purpose for o in await outbox_for(session, escalation_id=row.id) if o.purpose not in REMINDERS
        ] == ["comms_ping"]


async def test_a_question_typed_where_the_report_asks_for_the_platform_is_answered_not_stored(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off the ward online")
    assert "Which platform" in await talk.say("https://example.org/forum/1")
    answered = await talk.say("hi sorry got called away. random q but can i wear my lanyard in photos?")
    assert "section 6.3" in answered and "say “continue”" in answered
    assert "Which platform" in await talk.say("continue")
    assert "what does it say?" in await talk.say("some local forum")
    summary = await summary_after_what(talk)
    assert "Platform: some local forum" in summary and "lanyard" not in summary


async def test_a_google_review_link_names_its_platform(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("theres a nasty review of the eating disorders service")
    asked = await talk.say("https://g.co/kgs/abc")
    assert "Which platform" not in asked and "what does it say?" in asked


async def test_bad_answers_are_asked_again_twice_then_the_flow_moves_on(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    assert "Paste a link, or describe where" in talk.last.replies[-1].text  # type: ignore[union-attr]
    assert "A link (starting https://)" in await talk.say("htp:/broken")
    assert "A link (starting https://)" in await talk.say("")
    assert "Which platform" in await talk.say("x")
    await talk.say("facebook")
    await talk.say("they say the ward is filthy")
    assert "Reply with a number" in await talk.say("yes")  # names no one
    assert "Reply with a number" in await talk.say("no")
    assert "Is it spreading" in await talk.say("yes")
    await talk.say("not sure")
    summary = await talk.say("no")
    assert (
        "Where: (not given)" in summary
        and "About: (not given)" in summary
        and "Spreading: not sure" in summary
    )


async def test_cancel_records_nothing(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    assert "Nothing has been recorded" in await talk.say("cancel")
    assert await escalations(store_turns) == []
    assert "Hello!" in await talk.say("hello")


async def test_a_question_mid_report_is_answered_and_the_report_resumes(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    answer = await talk.say("can I accept a friend request from a former patient?")
    assert "section 6.1" in answer and "say “continue”" in answer
    assert "Paste a link, or describe where" in await talk.say("continue")
    assert "In a sentence, what does it say?" in await talk.say("https://facebook.com/groups/1/posts/2")
    assert await escalations(store_turns) == []


@pytest.mark.parametrize(
    "question",
    [
        "how do i get the link",
        "is it ok if i just say facebook?",
        "do you need the link?",
        "sorry where do i find it",
    ],
)
async def test_a_question_about_where_it_is_gets_help_and_is_not_stored_as_the_answer(
    store_turns: Turns, question: str
) -> None:
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    helped = await talk.say(question)
    assert "Copy link" in helped and "No link is fine too" in helped
    assert helped.endswith("Where is it? Paste a link, or describe where you saw it.")
    where = "on the trust's facebook page, under the xmas post"
    summary = await summary_after_where(talk, where)
    assert f"Where: {where}" in summary
    assert question not in summary


async def test_where_it_is_said_like_a_question_twice_is_the_answer(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    where = "who knows, some facebook group for parents"
    assert "Copy link" in await talk.say(where)
    assert "In a sentence, what does it say?" in await talk.say(where)
    await talk.say("they say the ward is filthy")
    await talk.say("2")
    await talk.say("no")
    assert f"Where: {where}" in await talk.say("no")


async def test_a_question_without_a_question_mark_mid_report_is_answered_not_stored(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a colleague breaking the policy")
    assert "What happened, briefly?" in await talk.say("yes")
    answer = await talk.say("can i accept a friend request from a former patient")
    assert "section 6.1" in answer and "say “continue”" in answer
    assert "What happened, briefly?" in await talk.say("continue")


async def test_a_question_without_a_question_mark_where_the_report_asks_for_a_choice_is_not_stored(
    store_turns: Turns,
) -> None:
    """Before, "can i post about the strike" where the report asks who is criticised was stored
    as "About: can i post about the strike", and "what does the policy say about whatsapp
    groups" as "Spreading: ..."; an answer in the user's own words still is one."""
    talk = Conversation(store_turns)
    await talk.say("report criticism")
    await talk.say("https://x.com/a/status/1")
    assert "Who or what is being criticised?" in await talk.say("they say our a&e waits are a disgrace")
    answer = await talk.say("can i post about the strike")
    assert "section 6.4" in answer and "say “continue”" in answer
    await talk.say("continue")
    assert "Is it spreading" in await talk.say("do they mean the trust or the ward i cant tell")
    answer = await talk.say("what does the policy say about whatsapp groups")
    assert "section 4" in answer and "say “continue”" in answer
    await talk.say("continue")
    await talk.say("no")
    summary = await talk.say("no")
    assert "About: do they mean the trust or the ward i cant tell" in summary
    assert "Spreading: No" in summary and "strike" not in summary and "whatsapp" not in summary


async def test_a_bare_no_where_the_report_asks_what_it_says_or_when_is_asked_again(
    store_turns: Turns,
) -> None:
    """Before, "no" to "what does it say?" and to "when was it posted?" was stored as the
    answer, and the real answer that came next was taken for the question after it."""
    talk = Conversation(store_turns)
    await talk.say("report criticism")
    await talk.say("https://x.com/a/status/1")
    again = await talk.say("no")
    assert again.startswith("A short description, please.") and again.endswith(
        "In a sentence, what does it say? Please don't include patients' or service users' names."
    )
    assert "Who or what is being criticised?" in await talk.say("they say the ward is filthy")
    await talk.say("1")
    await talk.say("no")
    summary = await talk.say("no")
    assert "What it says: they say the ward is filthy" in summary and "About: The Trust" in summary
    crisis = Conversation(store_turns, user="U2", conversation="D2")
    await crisis.say("someone replied to our tweet saying they want to end their life")
    assert "When was it posted" in await crisis.say("https://twitter.com/a/status/9")
    assert "When was it posted" in await crisis.say("no")
    assert "reference is SP-2026-0001" in await crisis.say("last night")
    (row,) = await escalations(store_turns)
    assert row.details["When"] == "last night"


async def test_yes_to_carry_on_after_a_question_asks_the_reports_question_again_and_stores_nothing(
    store_turns: Turns,
) -> None:
    """Before, "yes" said to "say continue to carry on" was taken as the answer to "Have you
    replied to it yourself?", and the summary said "You replied: Yes"."""
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    await talk.say("2")
    assert "Have you replied" in await talk.say("not sure")
    assert "say “continue”" in await talk.say("can i accept a friend request from a former patient?")
    assert "say “continue”" in await talk.say("no")  # to carry on, or to stop? The report waits.
    assert (await talk.say("yes")).strip() == "Have you replied to it yourself?"
    summary = await talk.say("no")
    assert "You replied: No" in summary and "Spreading: not sure" in summary


async def test_quoted_words_that_are_a_question_are_still_the_answer(store_turns: Turns) -> None:
    """Words the report asked for as a quote may be a question: only a question mark makes
    them one, as before."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/1")
    assert "Who or what is being criticised?" in await talk.say("why do you lot never answer the phone")
    await talk.say("1")
    await talk.say("no")
    assert "What it says: why do you lot never answer the phone" in await talk.say("no")


REPORTS = {
    "criticism": ("I need to report criticism of our team on facebook", ()),
    "crisis": ("someone commented on our page saying they want to end it all tonight", ()),
    "breach": ("I want to report a colleague breaking the policy", ("yes",)),
    "targeted": ("someone keeps sending me abusive messages on instagram", ("yes",)),
    "account": ("we'd like to open an instagram account for our ward", ("yes",)),
}


@pytest.mark.parametrize(
    ("report", "question", "answered"),
    [
        ("criticism", "should i screenshot it", "A screenshot is worth taking"),
        ("criticism", "will they know it was me?", "I don't tell the person who posted it anything"),
        ("criticism", "should i report it to facebook too", "criticism on its own isn't something to report"),
        ("crisis", "what happens now?", "goes to the Communications Team as urgent as soon as I know where"),
        ("crisis", "should i report it to instagram as well", "report self-harm or suicide content too"),
        ("breach", "is this anonymous?", "I'll ask whether you'd like to stay anonymous"),
        ("targeted", "should i block them", "report and block abusive accounts"),
        ("targeted", "does my manager see this?", "I don't send it to your manager"),
        ("targeted", "should i tell my manager as well?", "speak with your line manager and the"),
        ("breach", "do i need to tell my line manager too", "a duty to report it to their line manager"),
        ("criticism", "should i let my manager know", "Only if it's about your own team or service"),
        ("account", "who gets this?", "Your plan goes to the Communications Team"),
        ("account", "how long will comms take to get back to me", "They monitor weekdays 9:00-17:00"),
    ],
)
async def test_a_question_about_the_report_itself_is_answered_for_that_report_and_not_stored(
    store_turns: Turns, report: str, question: str, answered: str
) -> None:
    """Questions about the report (screenshots, who sees it, what happens next, reporting
    it to the platform) get the report's own answer, not a policy card, then the same
    question again; nothing is stored."""
    talk = Conversation(store_turns)
    opening, gate = REPORTS[report]
    await talk.say(opening)
    for said in gate:
        await talk.say(said)
    asked = talk.last.replies[-1].text  # type: ignore[union-attr]
    before = (await stored_state(store_turns), len(await escalations(store_turns)))
    reply = await talk.say(question)
    assert answered in reply
    assert "What the policy says" not in reply
    assert reply.endswith(asked)
    assert (await stored_state(store_turns), len(await escalations(store_turns))) == before


async def test_words_asked_for_that_read_as_a_question_about_the_report_are_the_answer_when_said_again(
    store_turns: Turns,
) -> None:
    """Each question about the report is answered once a report: someone else's words may
    read as one, and said again they are stored as the answer, so nothing is lost."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/1")
    quote = "will anyone from the trust actually answer?"
    first = await talk.say(quote)
    assert "I'll tell you here when someone picks it up" in first
    assert first.endswith(
        "In a sentence, what does it say? Please don't include patients' or service users' names."
    )
    assert "Who or what is being criticised?" in await talk.say(quote)
    await talk.say("1")
    await talk.say("no")
    assert f"What it says: {quote}" in await talk.say("no")


async def test_a_question_about_the_report_while_it_waits_and_at_its_summary(store_turns: Turns) -> None:
    """Paused after a policy question, the answer says how to carry on; at the summary, the
    summary comes again and "yes" sends it."""
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    assert "section 6.1" in await talk.say("can I accept a friend request from a former patient?")
    waiting = await talk.say("can i skip some of the questions")
    assert "say “not sure” to any question" in waiting and waiting.endswith("“cancel” to stop it.")
    assert "Paste a link, or describe where" in await talk.say("continue")
    assert "In a sentence, what does it say?" in await talk.say("not sure")
    await talk.say("they say the ward is filthy")
    await talk.say("1")
    await talk.say("no")
    summary = await talk.say("no")
    again = await talk.say("will i hear back?")
    assert "I'll tell you here when someone picks it up" in again and again.endswith(summary)
    assert await escalations(store_turns) == []
    assert "Your reference is SP-2026-0001" in await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "not sure" and "hear back" not in str(row.details)


async def test_a_question_about_the_report_that_reads_as_distress_gets_the_users_help_first(
    store_turns: Turns,
) -> None:
    """Short first-person questions can read as distress ("what if i don't know"): the user's
    own help comes first all the same, then the question's answer and the report's question."""
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    reply = await talk.say("what if i don't know")
    assert reply.startswith("I'm really glad you told me.") and "116 123" in reply
    assert "say “not sure” to any question" in reply
    assert reply.endswith("Where is it? Paste a link, or describe where you saw it.")
    assert (await stored_state(store_turns))[1:] == ("seen", {"platform": "Facebook"})


@pytest.mark.parametrize(
    ("question", "who_sees"),
    [
        ("is my name going to be on the report", "I don't tell the colleague anything"),
        # the report question model is less sure of it (0.62): help first, the answer, then on
        ("will anyone find out i flagged it", "I don't tell the colleague anything"),
    ],
)
async def test_a_question_about_the_report_read_as_distress_by_the_detector_alone_keeps_the_report(
    store_turns: Turns, question: str, who_sees: str
) -> None:
    """ "is my name going to be on the report" reads as the user's crisis to the crisis detector
    only (the intent model gives it 0.03): the user's help comes first if so, then who sees the
    report and the report's question again. Before, the report waited ("say continue"). Read as a
    crisis by the crisis detector alone, not by the one that learned ordinary remarks too, the help
    is a note in case ("First, in case any of this is about you")."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a colleague breaking the policy")
    asked = await talk.say("yes")
    reply = await talk.say(question)
    assert talk.last is not None
    assert who_sees in reply
    if talk.last.replies[0].urgent:
        assert reply.startswith(("I'm really glad you told me.", "First, in case any of this is about you"))
        assert "116 123" in reply
    assert "continue" not in reply
    assert reply.endswith(asked.rsplit("\n\n", 1)[-1])
    assert (await stored_state(store_turns))[0] == "report_breach"
    assert await escalations(store_turns) == []


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # Short, and its second reading says it may be an answer.
        ("how soon will someone look at this?", "I'll tell you here when someone picks it up"),
        # Longer, so read once only: the report question model is sure of it.
        ("will they tell the person i reported", "I don't tell the colleague anything"),
    ],
)
async def test_a_question_about_the_report_read_as_someone_elses_crisis_keeps_the_report(
    store_turns: Turns, question: str, answered: str
) -> None:
    """Questions about the report can read as someone else's crisis: the link to share comes
    first, in case, with how to report a crisis, then the answer and the same question. The
    report is not dropped for a crisis report and no urgent escalation is recorded from the
    question; said as offered, the crisis report starts and records one."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a colleague breaking the policy")
    asked = await talk.say("yes")
    before = await stored_state(store_turns)
    reply = await talk.say(question)
    assert talk.last is not None and talk.last.replies[0].urgent
    assert reply.startswith("First, in case someone online is in crisis. Need urgent help?")
    assert "say “report someone in crisis”" in talk.last.replies[0].text
    assert answered in reply
    assert reply.endswith(asked.rsplit("\n\n", 1)[-1])
    assert await stored_state(store_turns) == before
    assert await escalations(store_turns) == []
    assert "Where is it?" in await talk.say("report someone in crisis")
    await talk.say("https://x.com/someone/status/2")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("crisis", "urgent")


@pytest.mark.parametrize(
    "crisis",
    [
        "who will see this when i'm gone",
        "how long will it take for the pills to work",
        "will i hear from anyone before tonight, i can't do this much longer",
        "is it ok if i just end it",
        "will someone come if i call",
        "will it hurt",
    ],
)
async def test_a_crisis_asked_like_a_question_about_the_report_gets_urgent_help_first(
    store_turns: Turns, crisis: str
) -> None:
    """The report question model reads these as questions about the report (what happens next,
    who sees it, skipping); the crisis reading comes first, and no answer about the report
    comes before the help."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a colleague breaking the policy")
    await talk.say("yes")
    reply = await talk.say(crisis)
    assert talk.last is not None and talk.last.replies[0].urgent
    assert "999" in talk.last.replies[0].text
    for question in store_turns.router.knowledge.report_questions:
        assert question.answer_for("breach")[:40] not in reply


async def stored_state(turns: Turns) -> tuple[str | None, str | None, dict[str, object]]:
    """The one conversation's report, step and answers as stored."""
    async with turns.sessions() as session:
        row = await session.scalar(select(ConversationStateRow))
        assert row is not None
        return row.flow, row.step, dict(row.data.get("answers", {}))


async def test_help_mid_report_explains_the_question_and_is_not_stored_as_the_answer(
    store_turns: Turns,
) -> None:
    """Before, "help" typed at "Where is it?" was kept as where the post was."""
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    helped = await talk.say("help")
    assert helped.startswith("You're in the middle of a report.") and "“cancel”" in helped
    assert helped.endswith("Where is it? Paste a link, or describe where you saw it.")
    where = "under the trust's xmas post"
    summary = await summary_after_where(talk, where)
    assert f"Where: {where}" in summary
    assert "Where: help" not in summary


@pytest.mark.parametrize("plea", ["help me please", "someone help me", "is there anyone i can talk to"])
async def test_a_plea_for_help_mid_report_gets_the_users_help_and_the_report_waits(
    store_turns: Turns, plea: str
) -> None:
    """Before, "help me please" was kept as where the post was (with urgent help first), and
    "is there anyone i can talk to" was told how to copy a link."""
    talk = Conversation(store_turns)
    await talk.say("I need to report criticism of our team on facebook")
    help_now = await talk.say(plea)
    assert help_now.startswith("I'm really glad you told me.")
    assert "116 123" in help_now and "999" in help_now
    assert help_now.endswith("say “continue” to carry on with your report, or “cancel” to stop it.")
    assert "Copy link" not in help_now
    assert "Where is it?" in await talk.say("continue")


async def test_personal_crisis_interrupts_a_report_which_can_resume(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    help_now = await talk.say("honestly reading all this i just want to end my life")
    assert "116 123" in help_now and "85258" in help_now and "999" in help_now
    assert "Who or what is being criticised?" in await talk.say("continue")


async def test_a_new_process_picks_up_the_same_step(store_turns: Turns, clock: Clock) -> None:
    await Conversation(store_turns).say(CRITICISM)
    restarted = Turns(
        router=store_turns.router,
        engine=store_turns.engine,
        confirmations=store_turns.confirmations,
        clock=clock,
    )
    assert "Is it spreading" in await Conversation(restarted).say("1")


async def test_idle_reports_expire_after_a_day_recording_nothing(store_turns: Turns, clock: Clock) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    clock.now += dt.timedelta(hours=25)
    assert "Hello!" in await talk.say("hi")
    assert await escalations(store_turns) == []


async def test_crisis_gives_the_urgent_help_link_before_any_question(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    first = await talk.say("someone replied to our instagram post saying tonight is the night they end it")
    replies = talk.last.replies  # type: ignore[union-attr]
    assert replies[0].text.startswith(
        f"Need urgent help? Share this page with them on the platform now: {URGENT_URL}"
    )
    assert "?" not in replies[0].text.split(URGENT_URL)[1].split("\n", 1)[1].replace("Need urgent help?", "")
    assert "999" in replies[0].text
    assert "Where is it?" in first
    assert "When was it posted" in await talk.say("https://www.instagram.com/p/Cxyz/")
    done = await talk.say("about ten minutes ago")
    assert "Your reference is SP-2026-0001" in done and "Seeing distressing posts is hard" in done
    wellbeing = done[done.index("Seeing distressing posts is hard") :]
    assert wellbeing.count("line manager") == 1  # named once, not twice in one sentence
    assert "I've already passed this to the Communications Team as urgent" in first
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity, row.abandoned) == ("crisis", "urgent", False)


async def test_a_crisis_report_asks_again_for_where_after_a_bare_yes_and_names_the_platform(
    store_turns: Turns,
) -> None:
    """Before, "yes" was stored as where the post is, and the team's message said "Platform:
    Not given" beside a facebook.com link."""
    talk = Conversation(store_turns)
    await talk.say("someone on our facebook page says they want to die")
    again = await talk.say("yes")
    assert "A link (https://...) or the account's name, please." in again
    assert "When was it posted" not in again
    assert "When was it posted" in await talk.say("https://www.facebook.com/trustpage/posts/123")
    await talk.say("just now")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "https://www.facebook.com/trustpage/posts/123"
    assert row.details["Platform"] == "Facebook"


async def test_a_described_crisis_reaches_comms_at_once_even_if_the_reporter_walks_away(
    store_turns: Turns, clock: Clock
) -> None:
    talk = Conversation(store_turns)
    first = await talk.say("someone on our facebook page says they want to die")
    assert first.startswith("Need urgent help?")
    assert "I've already passed this to the Communications Team as urgent (reference SP-2026-0001)" in first
    assert first.rstrip().endswith("A link to the post or message, or the account name.")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity, row.status) == ("crisis", "urgent", "open")
    clock.now += dt.timedelta(hours=30)
    assert "Hello!" in await talk.say("hello")
    assert len(await escalations(store_turns)) == 1


async def test_answers_after_an_early_record_are_added_to_the_same_escalation(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("a young person messaged our account saying tonight is the night")
    await talk.say("https://www.instagram.com/direct/t/1")
    done = await talk.say("twenty minutes ago")
    assert "I've added this to your report" in done and "SP-2026-0001" in done
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "https://www.instagram.com/direct/t/1"
    assert row.details["When"] == "twenty minutes ago"
    async with store_turns.sessions() as session:
        purposes = [
            o.purpose for o in await outbox_for(session, escalation_id=row.id) if o.purpose not in REMINDERS
        ]
    assert purposes == ["comms_ping", "comms_update", "comms_update"]  # the link, then the time


async def test_each_answer_to_a_crisis_report_reaches_comms_as_it_is_given(
    store_turns: Turns, clock: Clock
) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone posted on our facebook page saying they want to end it all")
    asked = await talk.say("https://www.facebook.com/trustpage/posts/77")
    assert asked.strip() == "When was it posted (roughly)?"  # no confirmation until the end
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "https://www.facebook.com/trustpage/posts/77"
    assert row.details["Platform"] == "Facebook"
    assert "(https://www.facebook.com/trustpage/posts/77)" in row.summary
    assert "location not given" not in row.summary
    clock.now += dt.timedelta(hours=30)  # the reporter never answers "when"
    assert "Hello!" in await talk.say("hello")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "https://www.facebook.com/trustpage/posts/77"
    async with store_turns.sessions() as session:
        purposes = [
            o.purpose for o in await outbox_for(session, escalation_id=row.id) if o.purpose not in REMINDERS
        ]
    assert purposes.count("comms_update") == 1


async def test_a_crisis_answer_that_says_nothing_new_is_not_passed_on(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone posted on our facebook page saying they want to end it all")
    assert "When was it posted" in await talk.say("not sure")
    (row,) = await escalations(store_turns)
    async with store_turns.sessions() as session:
        purposes = [o.purpose for o in await outbox_for(session, escalation_id=row.id)]
    assert "comms_update" not in purposes


@pytest.mark.parametrize(
    "when",
    ["last night i think", "yesterday i think", "i think this morning", "about 2 hours ago", "yday 3pm ish"],
)
async def test_a_time_said_with_a_hedge_answers_when_it_was_posted(store_turns: Turns, when: str) -> None:
    """Alone, "last night i think" reads as the user's own crisis; asked when a post went up,
    it is the answer, and the report ends without a pause or the user's crisis help."""
    talk = Conversation(store_turns)
    await talk.say("someone posted on our facebook page saying they want to end it all")
    await talk.say("https://www.facebook.com/trustpage/posts/78")
    done = await talk.say(when)
    assert done.startswith("Thank you. I've added this to your report"), done[:80]
    assert "Samaritans" not in done and "continue" not in done
    (row,) = await escalations(store_turns)
    assert row.details["When"] == when


async def test_a_criticism_report_that_turns_into_a_crisis_keeps_the_link_given(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off the ward on facebook")
    assert "In a sentence, what does it say?" in await talk.say("https://facebook.com/groups/local/posts/9")
    switched = await talk.say("they now say they are going to kill themselves tonight")
    assert switched.startswith("Need urgent help?")
    assert "Where is it?" not in switched
    assert switched.rstrip().endswith("When was it posted (roughly)?")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("crisis", "urgent")
    assert row.details["Where"] == "https://facebook.com/groups/local/posts/9"
    assert row.details["What was said"] == "they now say they are going to kill themselves tonight"


async def test_cancelling_a_described_crisis_still_tells_comms_unless_a_mistake(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("a kid commented on our tiktok that they have taken all their tablets")
    stopped = await talk.say("cancel")
    assert "what you told me is with the Communications Team (reference SP-2026-0001)" in stopped
    (row,) = await escalations(store_turns)
    assert (row.severity, row.abandoned, row.status) == ("urgent", True, "open")
    async with store_turns.sessions() as session:
        trail = await audit_trail(session, escalation_id=row.id)
    assert [entry.action for entry in trail] == ["opened", "stopped by the reporter"]

    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("someone on facebook posted that they don't want to wake up tomorrow and tagged us")
    assert "SP-2026-0002 was reported by mistake" in await other.say("cancel, it was a mistake")
    statuses = {row.ref: row.status for row in await escalations(store_turns)}
    assert statuses == {"SP-2026-0001": "open", "SP-2026-0002": "resolved"}


async def test_a_mistake_said_just_after_cancelling_a_crisis_report_withdraws_it(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("a kid commented on our tiktok that they have taken all their tablets")
    assert "If it was reported by mistake, say so" in await talk.say("cancel")
    assert "SP-2026-0001 was reported by mistake" in await talk.say("it was a mistake sorry")
    (row,) = await escalations(store_turns)
    assert row.status == "resolved"
    async with store_turns.sessions() as session:
        purposes = [o.purpose for o in await outbox_for(session, escalation_id=row.id)]
    assert purposes.count("comms_withdrawn") == 1


@pytest.mark.parametrize(
    "said", ["it wasn't a mistake", "can i post a photo of my ward?", "no its real, she's still posting"]
)
async def test_anything_but_a_mistake_after_cancelling_leaves_the_crisis_report_open(
    store_turns: Turns, said: str
) -> None:
    talk = Conversation(store_turns)
    await talk.say("a kid commented on our tiktok that they have taken all their tablets")
    await talk.say("cancel")
    assert "reported by mistake" not in await talk.say(said)
    statuses = {row.ref: row.status for row in await escalations(store_turns)}
    assert statuses["SP-2026-0001"] == "open"


async def test_cancelling_before_anything_is_described_records_nothing(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("report someone in crisis")
    assert "Nothing has been recorded" in await talk.say("cancel")
    assert await escalations(store_turns) == []


async def test_a_paused_crisis_report_is_never_lost_to_another_report(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet that they're saying goodbye to everyone tonight")
    await talk.say("i can't cope with any of this, i want to die too")
    await talk.say("I also want to report a post criticising the trust")
    await talk.say("cancel")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("crisis", "urgent")


async def test_a_breach_can_be_recorded_anonymously(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    first = await talk.say(
        "my colleague has been posting photos of patients' artwork with their names on instagram"
    )
    assert "line manager first" in first and "Freedom to Speak Up Guardian" in first and "Caldicott" in first
    await talk.say("yes")
    await talk.say("photos of patient artwork with first names visible")
    await talk.say("https://instagram.com/someone")
    await talk.say("yes")
    assert "Your reference is" in await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.reporter_id, row.conversation_id) == ("breach", None, None)


async def test_declining_to_record_a_breach_records_nothing(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("one of the nurses keeps posting nasty memes about a patient on her tiktok")
    assert "nothing has been recorded" in (await talk.say("no")).lower()
    assert await escalations(store_turns) == []


async def test_threats_make_a_targeted_report_urgent(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    first = await talk.say("a service user's brother keeps messaging me abuse on facebook")
    assert "you don't have to handle it alone" in first
    await talk.say("yes")
    await talk.say("abusive messages every day")
    await talk.say("facebook messenger")
    assert "Send it?" in await talk.say("yes, he posted my home address")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("targeted", "urgent")


async def test_a_threat_told_in_the_first_message_is_not_asked_again_and_makes_it_urgent(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("a patient's dad has been threatening me on facebook saying he'll hurt me, what do i do")
    asked = await talk.say("yes")
    assert "Where is it happening?" in asked and "What's happening" not in asked
    summary = await talk.say("https://facebook.com/messages/t/55")
    assert "Has anyone threatened you" not in summary
    assert "What's happening: a patient's dad has been threatening me" in summary
    assert "Threats or personal details shared: Yes" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("targeted", "urgent")
    assert row.details["Where"] == "https://facebook.com/messages/t/55"


async def test_a_link_given_for_what_is_happening_is_kept_as_where_and_the_question_asked_again(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone keeps sending me abuse on insta")
    await talk.say("yes")
    again = await talk.say("https://instagram.com/direct/t/9")
    assert "I've kept the link" in again and again.rstrip().endswith("What's happening, briefly?")
    asked = await talk.say("he calls me useless every day")
    assert "Has anyone threatened you" in asked and "Where is it happening?" not in asked
    summary = await talk.say("no")
    assert "What's happening: he calls me useless every day" in summary
    assert "Where: https://instagram.com/direct/t/9" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.severity == "normal"


async def test_a_threat_told_in_reported_speech_is_the_targeted_reports_answer(store_turns: Turns) -> None:
    """Before, "he said he knows where i live" read as the user's own crisis: the report paused
    and the user got the mental health helplines instead of the next question."""
    talk = Conversation(store_turns)
    first = await talk.say("my manager keeps harassing me on facebook")
    assert "another senior manager, if it's your manager" in first
    await talk.say("yes")
    then = await talk.say("he said he knows where i live")
    assert "Where is it happening?" in then and "continue" not in then  # taken, not paused
    assert URGENT_URL not in then
    await talk.say("facebook messenger")
    assert "What's happening: he said he knows where i live" in await talk.say("yes")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("targeted", "urgent")


async def test_someone_elses_crisis_told_in_the_targeted_report_gets_the_link_and_the_report_goes_on(
    store_turns: Turns,
) -> None:
    """Before, the report of being targeted was dropped for a crisis report, and threats to the
    user ("they'll be waiting outside my house") often read as someone else's crisis."""
    talk = Conversation(store_turns)
    await talk.say("a service user's brother keeps messaging me abuse on facebook")
    await talk.say("yes")
    reply = await link_first(talk, "he keeps messaging me, now he says he'll kill himself if i block him")
    assert "Where is it happening?" in reply
    await talk.say("facebook messenger")
    await talk.say("no")
    assert "Your reference is SP-2026-0001" in await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "targeted" and "kill himself" in row.summary


async def test_the_users_own_crisis_in_the_targeted_report_still_pauses_it_with_their_help(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("people keep sending me abuse on instagram")
    await talk.say("yes")
    reply = await talk.say("i cant take this anymore, i want to die")
    assert reply.startswith("I'm really glad you told me") and "116 123" in reply
    assert "continue" in reply and "Where is it happening?" not in reply


@pytest.mark.parametrize("lifespan", ["it's ongoing, no end date", "indefinitely", "forever hopefully"])
async def test_how_long_an_account_will_run_is_an_answer_not_a_crisis(
    store_turns: Turns, lifespan: str
) -> None:
    """Before, "it's ongoing, no end date" (crisis 0.74, detector +0.58) left the plan for an
    urgent crisis report, and the plan was lost."""
    talk = Conversation(store_turns)
    await talk.say("the family therapy team would like its own account, how do we get that?")
    for said in (
        "yes",
        "Family therapy team, Instagram",
        "To share events and resources with families",
        "Two named staff check it daily; the deputy covers leave",
        "Two-factor login, password shared with comms through the password manager",
    ):
        await talk.say(said)
    summary = await talk.say(lifespan)
    assert URGENT_URL not in summary and "116 123" not in summary
    assert f"Expected life span: {lifespan}" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("account_request", "normal")


async def test_an_account_request_collects_the_written_plan(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    first = await talk.say("the family therapy team would like its own account, how do we get that?")
    assert "written plan" in first
    await talk.say("yes")
    await talk.say("Family therapy team, Instagram")
    await talk.say("To share events and resources with families")
    await talk.say("Two named staff check it daily; the deputy covers leave")
    assert "Don't send the password here" in talk.last.replies[-1].text  # type: ignore[union-attr]
    warning = await talk.say("the password is Summer2026!")
    assert "haven't stored or passed on that message" in warning
    await talk.say("Two-factor login, password shared with comms through the password manager")
    await talk.say("Two years, then review")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "account_request"
    assert row.details["Expected life span"] == "Two years, then review"
    assert "Summer2026" not in str(row.details)
    async with store_turns.sessions() as session:
        states = (await session.execute(select(ConversationStateRow))).scalars().all()
        assert all("Summer2026" not in str(s.data) for s in states)


async def test_out_of_hours_the_reporter_is_told_what_to_do_meanwhile(
    store_turns: Turns, clock: Clock
) -> None:
    clock.now = dt.datetime(2026, 11, 28, 22, 30, tzinfo=dt.UTC)  # a Saturday night
    talk = Conversation(store_turns)
    await talk.say("someone posted on reddit that they're saying goodbye and tagged our trust account")
    await talk.say("https://reddit.com/r/x/comments/1")
    done = await talk.say("an hour ago")
    assert "it's out of hours now" in done
    assert f"“Need urgent help?” link ({URGENT_URL})" in done and "call 999" in done


async def test_each_report_gets_its_own_reference(store_turns: Turns) -> None:
    for user in ("U1", "U2", "U3"):
        talk = Conversation(store_turns, user=user, conversation=f"D-{user}")
        await talk.say("someone posted on facebook that they're going to take all their pills tonight")
        await talk.say("https://facebook.com/x")
        await talk.say("just now")
    async with store_turns.sessions() as session:
        refs = (await session.execute(select(EscalationRow.ref).order_by(EscalationRow.ref))).scalars().all()
        assert refs == ["SP-2026-0001", "SP-2026-0002", "SP-2026-0003"]
        assert (await session.execute(select(func.count()).select_from(EscalationRow))).scalar_one() == 3


FIRST_MESSAGES = {
    "criticism": "a local paper's facebook post says our eating disorder service is failing young people",
    "crisis": "someone messaged our team account saying they have a plan to kill themselves this weekend",
    "breach": "a colleague posted screenshots of our internal rota emails on twitter mocking the manager",
    "targeted": "people in a parents group keep posting my photo and calling me incompetent",
    "account_request": "our psychology team want to start an instagram account, what do we need to do?",
}
KIND_OF_INTENT = {
    "report_criticism": "criticism",
    "report_crisis": "crisis",
    "report_breach": "breach",
    "report_targeted": "targeted",
    "request_account": "account_request",
}


@pytest.mark.parametrize("kind", sorted(FIRST_MESSAGES))
async def test_every_flow_pauses_for_a_personal_crisis_and_resumes_after_a_restart(
    store_turns: Turns, clock: Clock, kind: str
) -> None:
    talk = Conversation(store_turns)
    await talk.say(FIRST_MESSAGES[kind])
    assert talk.last is not None
    question = talk.last.replies[-1].text
    async with store_turns.sessions() as session:
        (state,) = (await session.execute(select(ConversationStateRow))).scalars().all()
    assert KIND_OF_INTENT[state.flow] == kind
    help_now = await talk.say("i can't cope any more, i keep thinking about killing myself")
    assert "116 123" in help_now and "say “continue”" in help_now
    restarted = Turns(
        router=store_turns.router,
        engine=store_turns.engine,
        confirmations=store_turns.confirmations,
        clock=clock,
    )
    assert await Conversation(restarted).say("continue") == question


@pytest.mark.parametrize("kind", sorted(set(FIRST_MESSAGES) - {"crisis"}))
async def test_every_flow_can_be_cancelled_leaving_nothing(store_turns: Turns, kind: str) -> None:
    talk = Conversation(store_turns)
    await talk.say(FIRST_MESSAGES[kind])
    assert "Nothing has been recorded" in await talk.say("stop")
    assert await escalations(store_turns) == []


@pytest.mark.parametrize("kind", sorted(FIRST_MESSAGES))
async def test_every_flow_records_its_kind_severity_and_comms_ping(store_turns: Turns, kind: str) -> None:
    talk = Conversation(store_turns)
    await talk.say(FIRST_MESSAGES[kind])
    for _ in range(12):
        assert talk.last is not None
        if talk.last.escalation is not None:
            break
        asked = talk.last.replies[-1]
        if [c.value for c in asked.choices] == ["yes", "no"]:
            await talk.say("no" if "anonymous" in asked.text or "threatened" in asked.text else "yes")
        elif asked.choices:
            await talk.say("1")
        else:
            await talk.say("https://example.org/post/1 they said something about us yesterday")
    (row,) = await escalations(store_turns)
    assert row.kind == kind
    assert row.severity == ("urgent" if kind == "crisis" else "normal")
    async with store_turns.sessions() as session:
        assert [
            o.purpose for o in await outbox_for(session, escalation_id=row.id) if o.purpose not in REMINDERS
        ] == ["comms_ping"]


async def test_a_repeated_message_id_is_answered_once(store_turns: Turns) -> None:
    from bot.messages import IncomingMessage

    msg = IncomingMessage(
        platform="slack",
        conversation_id="D9",
        user_id="U9",
        text="someone posted on x that they're going to end it tonight and tagged our account",
        message_id="Ev0001",
    )
    first = await store_turns.handle(msg)
    again = await store_turns.handle(msg)
    assert first.replies and first.replies[0].text.startswith("Need urgent help?")
    assert again.replies == ()


async def test_crisis_is_read_before_anything_that_looks_like_a_password(store_turns: Turns) -> None:
    reply = await Conversation(store_turns).say("i have login issues and honestly i want to kill myself")
    assert "116 123" in reply and "password" not in reply.lower()


async def test_crisis_inside_a_short_structured_answer_is_not_swallowed(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    await talk.say("2")
    await talk.say("yes")
    reply = await talk.say("no, and honestly I want to end my life tonight")
    assert "116 123" in reply and "Send it?" not in reply


async def test_distress_quoted_in_a_criticism_report_becomes_a_crisis_report(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    reply = await talk.say("I'm going to end it all tonight, nobody at that hospital helped me")
    assert reply.startswith(f"Need urgent help? Share this page with them on the platform now: {URGENT_URL}")


async def test_distress_given_as_the_quote_also_gets_the_users_own_help(store_turns: Turns) -> None:
    """Read as the user's own words, given where a quote was asked for: the crisis report
    starts, with the link to share first and the user's own help before any question."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    reply = await talk.say("they called the ward useless and honestly i've been stockpiling my meds")
    assert reply.startswith(f"Need urgent help? Share this page with them on the platform now: {URGENT_URL}")
    assert "116 123" in reply
    assert reply.index("116 123") < reply.index("?", len("Need urgent help?"))
    assert talk.last is not None and talk.last.state.flow == "report_crisis"


async def test_an_answer_with_a_sentence_that_may_be_a_crisis_gets_urgent_help_then_the_next_question(
    store_turns: Turns,
) -> None:
    """Read as a breach, one sentence clears only the bars of a message alone: the help comes
    first and the report goes on, nothing lost."""
    talk = Conversation(store_turns)
    await talk.say("I need to report a colleague breaking the social media policy")
    await talk.say("yes")
    reply = await talk.say("my colleague posted a patient photo. been stockpiling my meds")
    assert reply.startswith("First, in case any of this is about you") and "116 123" in reply
    assert reply.rstrip().endswith("Where is it? A link, or the platform and account.")
    assert talk.last is not None and talk.last.state.flow == "report_breach"
    await talk.say("https://facebook.com/someone/posts/3")
    await talk.say("no")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "breach" and "patient photo" in row.details["What happened"]


@pytest.mark.parametrize(
    ("answer", "helped"),
    [("put the dog in kennels and written the notes", True), ("didnt save it sorry", False)],
)
async def test_an_answer_read_as_small_talk_that_may_be_a_crisis_gets_help_as_outside_a_report(
    store_turns: Turns, answer: str, helped: bool
) -> None:
    """What gets urgent help outside a report gets it as a report's answer too, unless the
    model learned with a report's answers reads it as an ordinary answer: the help first, the
    answer kept, the next question."""
    talk = Conversation(store_turns)
    outside = await talk.say(answer)
    assert outside.startswith("First, in case any of this is about you") and "116 123" in outside
    await talk.say("I need to report a colleague breaking the social media policy")
    await talk.say("yes")
    reply = await talk.say(answer)
    assert reply.startswith("First, in case any of this is about you") is helped
    assert ("116 123" in reply) is helped
    assert reply.rstrip().endswith("Where is it? A link, or the platform and account.")
    await talk.say("https://facebook.com/someone/posts/3")
    await talk.say("no")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "breach" and row.details["What happened"] == answer


async def test_the_writers_own_despair_as_a_reports_answer_gets_their_help_and_keeps_the_report(
    store_turns: Turns,
) -> None:
    """ "my whole life is over" was small talk with the help first; it is the writer's own despair."""
    talk = Conversation(store_turns)
    await talk.say("I need to report a colleague breaking the social media policy")
    await talk.say("yes")
    reply = await talk.say("my whole life is over")
    assert reply.startswith("I'm really glad you told me") and "116 123" in reply
    assert "continue" in reply
    assert await escalations(store_turns) == []


async def test_someone_elses_worrying_words_in_a_criticism_report_get_the_link_first(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    said = "a post saying the nurses are lazy. one of the replies said tonight feels different"
    reply = await link_first(talk, said)
    assert "Who or what is being criticised?" in reply


async def test_an_ordinary_answer_in_a_report_gets_no_urgent_help(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    reply = await talk.say("they say the ward is filthy and the staff don't care")
    assert reply.startswith("Who or what is being criticised?")
    assert talk.last is not None and not any(r.urgent for r in talk.last.replies)


async def test_dont_know_is_an_answer_in_a_report_not_a_crisis(store_turns: Turns) -> None:
    """A reporter who can't say where or when answers "i don't know": the report goes on and
    is recorded with "not sure" (before, each read as a crisis and paused the report)."""
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off our ward on facebook")
    for said in ("i dont know", "sorry, I can't remember", "im not sure tbh"):
        reply = await talk.say(said)
        assert talk.last is not None and not any(r.urgent for r in talk.last.replies), said
        assert "116 123" not in reply and "continue" not in reply, said
    assert "Is it spreading" in reply  # who is criticised: not sure either
    assert "Have you replied" in await talk.say("dunno")
    summary = await talk.say("no")
    assert "Where: not sure" in summary and "What it says: not sure" in summary
    assert "About: not sure" in summary and "Spreading: not sure" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "criticism" and row.details["Where"] == "not sure"
    assert row.summary.startswith("Criticism on Facebook: ")


async def test_dont_know_with_more_in_it_is_still_read_for_a_crisis(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off our ward on facebook")
    reply = await talk.say("i dont know anymore, i cant go on")
    assert "116 123" in reply and "continue" in reply


@pytest.mark.parametrize("said", ["i dont have the link", "i cant find the link", "sorry no link"])
async def test_saying_there_is_no_link_gets_how_to_get_one_not_crisis_help(
    store_turns: Turns, said: str
) -> None:
    """Before, "i dont have the link" where the report asks where it is got the user's own
    crisis help in full ("I'm really glad you told me"; read as their crisis, 0.93). Said
    again, it is the answer; with a word of distress, it is read as it is."""
    talk = Conversation(store_turns)
    await talk.say("report criticism")
    helped = await talk.say(said)
    assert helped.startswith("To get a link:") and "No link is fine too" in helped
    assert helped.endswith("Where is it? Paste a link, or describe where you saw it.")
    assert "116 123" not in helped
    assert "Which platform" in await talk.say(said)
    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("report criticism")
    assert "116 123" in await other.say("i cant find the link and i cant take it anymore")


async def test_an_answer_about_the_post_gets_urgent_help_then_the_question_again(store_turns: Turns) -> None:
    """ "i dont have a screenshot" reads as distress. Urgent help comes first all the same; then
    the same question, and the report goes on with the next answer (before, it paused until
    "continue")."""
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off our ward on facebook")
    for said in ("i dont have a screenshot", "cant open it"):
        reply = await talk.say(said)
        assert talk.last is not None
        first = talk.last.replies[0]
        assert first.urgent and "116 123" in first.text, said
        assert "report is still open" in reply and "Where is it?" in reply, said
        assert "continue" not in reply, said
    assert "what does it say?" in await talk.say("a local mums group on facebook")
    assert "Who or what is being criticised?" in await talk.say("that the ward is dirty")
    assert "Is it spreading" in await talk.say("2")
    assert "Have you replied" in await talk.say("no")
    assert "Where: a local mums group on facebook" in await talk.say("no")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "a local mums group on facebook"


@pytest.mark.parametrize(
    "said", ["i cant go on", "nobody would miss me", "i cant find the link. i want to die"]
)
async def test_a_crisis_given_as_an_answer_still_pauses_the_report(store_turns: Turns, said: str) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off our ward on facebook")
    reply = await talk.say(said)
    assert talk.last is not None and talk.last.replies[0].urgent
    assert "continue" in reply and "report is still open" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "cancel that, i don't want to report it after all",
        "actually I've changed my mind, please don't send anything",
        "sorry, can I cancel this? I was wrong about which page it was",
        "I don't want to report this any more",
        "no dont record it",
    ],
)
async def test_a_cancel_with_a_reason_ends_the_report_and_is_not_taken_as_the_answer(
    store_turns: Turns, said: str
) -> None:
    """Before, a cancel of more than six words where the report waited for words of the user's
    own was stored as the answer, and the report asked its next question."""
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    assert "Nothing has been recorded" in await talk.say(said)
    assert talk.last is not None and talk.last.state.flow is None
    assert await escalations(store_turns) == []


async def test_an_answer_starting_with_stop_is_an_answer_not_a_cancel(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a post criticising the trust")
    await talk.say("https://x.com/someone/status/5")
    reply = await talk.say(
        "Stop lying about waiting times, the Trust is an absolute disgrace and everyone knows it"
    )
    assert "Who or what is being criticised?" in reply


async def test_an_account_handle_is_a_valid_where(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone we follow keeps posting that they want to die and tags the trust")
    assert "When was it posted" in await talk.say("@sadgirl99")


async def test_control_characters_never_break_a_report(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone posted\x00 on facebook that they'll take\x07 all their pills tonight, tagging us")
    await talk.say("facebook.com/x\x00")
    done = await talk.say("just now\x1b[2J")
    assert "Your reference is SP-2026-0001" in done
    (row,) = await escalations(store_turns)
    assert "\x00" not in row.summary and "\x00" not in str(row.details)


async def test_a_finished_anonymous_report_leaves_no_conversation_behind(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("my colleague has been posting photos of patients' artwork with their names on instagram")
    for answer in ("yes", "artwork photos with names", "https://instagram.com/someone", "yes", "yes"):
        await talk.say(answer)
    async with store_turns.sessions() as session:
        assert (
            await session.execute(select(func.count()).select_from(ConversationStateRow))
        ).scalar_one() == 0
    (row,) = await escalations(store_turns)
    assert row.reporter_id is None


async def test_a_paused_report_gives_urgent_help_first_to_small_talk_that_may_be_distress(
    store_turns: Turns,
) -> None:
    """After a crisis paused the report, "anyone around to talk" reads as out of scope with
    some crisis in it: urgent help comes before the "not covered" reply, and the report still
    waits."""
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off our ward on facebook")
    await talk.say("i cant go on")
    reply = await talk.say("anyone around to talk")
    assert talk.last is not None
    first, *rest = talk.last.replies
    assert first.urgent and first.text.startswith("First, in case any of this is about you")
    assert rest and "isn't something the Staff Use of Social Media Policy covers" in rest[0].text
    assert "116 123" in reply
    assert talk.last.state.flow == "report_criticism" and talk.last.state.data.get("paused")
    assert "Paste a link, or describe where" in await talk.say("continue")


RISK_ON_REDDIT = (
    "there's a reddit post naming our clinic where someone says they're planning to end their life "
    "this weekend"
)


async def test_where_a_crisis_is_said_in_words_that_read_as_distress_is_kept(store_turns: Turns) -> None:
    """Before, "its on r/ukpolitics i think, cant find the link now" got the user's own help and
    the report waited: the urgent escalation kept "(location not given)"."""
    talk = Conversation(store_turns)
    await talk.say(RISK_ON_REDDIT)
    reply = await talk.say("its on r/ukpolitics i think, cant find the link now")
    assert "116 123" in reply and "continue" not in reply
    assert reply.rstrip().endswith("When was it posted (roughly)?")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "its on r/ukpolitics i think, cant find the link now"
    assert "r/ukpolitics" in row.summary


async def test_should_i_call_999_in_a_crisis_report_is_answered(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say(RISK_ON_REDDIT)
    reply = await talk.say("should i call 999?")
    assert reply.startswith("Yes, if their life may be at immediate risk: call 999 now")
    assert reply.rstrip().endswith("Where is it? A link to the post or message, or the account name.")


async def test_someone_in_crisis_said_again_in_a_waiting_crisis_report_starts_no_second_one(
    store_turns: Turns,
) -> None:
    """Before, "i already dm'd them the link…" said while the report waited opened a second urgent
    escalation whose "What was said" was that sentence."""
    talk = Conversation(store_turns)
    await talk.say(RISK_ON_REDDIT)
    assert "say “continue”" in await talk.say("i cant cope with this")
    assert "say “continue”" in await talk.say("i already dm'd them the link to the urgent help page")
    assert "Where is it?" in await talk.say("continue")
    assert [row.ref for row in await escalations(store_turns)] == ["SP-2026-0001"]


async def test_an_answer_that_reads_a_little_like_a_crisis_keeps_its_report(store_turns: Turns) -> None:
    """Before, the breach report's "it was posted last night on her story, the patient is on bay
    3" (crisis 0.72, detector -0.04) started an urgent crisis report and the breach was lost."""
    talk = Conversation(store_turns)
    await talk.say("I need to report a colleague on my ward")
    await talk.say("yes")
    reply = await link_first(talk, "it was posted last night on her story, the patient is on bay 3")
    assert "report someone in crisis" in reply
    assert reply.rstrip().endswith("Where is it? A link, or the platform and account.")
    await talk.say("snapchat")
    summary = await talk.say("no")
    assert "What happened: it was posted last night on her story" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("breach", "normal")


async def test_personal_details_posted_are_a_threat_to_the_user_not_a_crisis(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is posting abuse about me on twitter because im a nurse at the gender service")
    await talk.say("yes")
    await talk.say("https://twitter.com/hater123")
    summary = await talk.say("yes they posted where i live")
    assert URGENT_URL not in summary and "Share this page" not in summary
    assert "Threats or personal details shared: Yes" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("targeted", "urgent")


async def test_a_yes_or_no_said_with_the_questions_own_words_is_the_answer(store_turns: Turns) -> None:
    """Before, "no i havent replied" and "no i dont want to record it" read as the user's crisis:
    the helplines, and the question again or a pause."""
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    await talk.say("2")
    await talk.say("no")
    summary = await talk.say("no i havent replied")
    assert "116 123" not in summary and "You replied: No" in summary

    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("I want to report a colleague breaking the policy")
    declined = await other.say("no i dont want to record it")
    assert "116 123" not in declined and "nothing has been recorded" in declined


async def test_a_yes_or_no_with_distress_beside_it_still_gets_help(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    await talk.say("2")
    await talk.say("no")
    reply = await talk.say("no i havent, i dont want to die")
    assert "116 123" in reply and "You replied" not in reply


async def test_after_a_question_mid_report_an_answer_to_the_reports_question_carries_on(
    store_turns: Turns,
) -> None:
    """Before, the report waited for "continue": "Eating disorders service, TikTok" got a policy
    card about stigma, and "dunno, some local group" the out-of-scope reply."""
    talk = Conversation(store_turns)
    await talk.say("We'd like to set up a new account for our family therapy service")
    assert "Which team or service" in await talk.say("yes")
    assert "say “continue”" in await talk.say("can we post patient artwork on it?")
    assert "What's the reason for the account" in await talk.say("Eating disorders service, TikTok")

    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("someone is slagging off the ward online")
    await other.say("https://example.org/forum/1")
    assert "say “continue”" in await other.say("hi sorry. random q but can i wear my lanyard in photos?")
    assert "what does it say?" in await other.say("dunno, some local group")
    summary = await summary_after_what(other)
    assert "Platform: dunno, some local group" in summary


async def test_after_a_question_mid_report_distress_still_gets_help_and_the_report_waits(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone is slagging off the ward online")
    await talk.say("https://example.org/forum/1")
    await talk.say("hi sorry. random q but can i wear my lanyard in photos?")
    reply = await talk.say("i want to die")
    assert "116 123" in reply and "what does it say?" not in reply


async def test_a_manager_reporting_a_breach_gets_the_line_managers_route(store_turns: Turns) -> None:
    """Before, a manager was told "tell your line manager first"; section 7 gives line managers
    their own route."""
    talk = Conversation(store_turns)
    first = await talk.say(
        "I'm a manager, one of my team told me a colleague is posting about patients on tiktok. what do I do?"
    )
    assert "The policy's route for line managers: seek HR advice" in first
    assert "safeguarding leads and the Caldicott Guardian" in first
    assert "tell your line manager first" not in first

    staff = Conversation(store_turns, user="U2", conversation="D2")
    assert "tell your line manager first" in await staff.say(
        "I want to report a colleague breaking the policy"
    )


async def test_a_criticism_summary_leaves_out_who_is_criticised_when_it_was_not_said(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say(CRITICISM)
    await talk.say("yes")
    await talk.say("no")
    await talk.say("yes")  # names no one: asked twice, then left as not given
    await talk.say("no")
    await talk.say("no")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.summary.startswith("Criticism on X (Twitter): ")
    assert "(not given)" not in row.summary


@pytest.mark.parametrize(
    ("said", "about"),
    [
        ("the camhs reception", "A service or team"),
        ("one of our consultants, by name", "A member of staff"),
        ("the tavi in general", "The Trust"),
        ("the people running the parents group", "the people running the parents group"),
        ("two nurses on the ward", "two nurses on the ward"),
    ],
)
async def test_who_is_criticised_can_be_said_in_the_users_own_words(
    store_turns: Turns, said: str, about: str
) -> None:
    """Before, only 1-4 were taken: "the camhs reception" was asked again twice and the
    report went to the team with "About: (not given)". Words that name exactly one of the
    choices are that choice; others are kept as said."""
    talk = Conversation(store_turns)
    assert "Who or what is being criticised?" in await talk.say(CRITICISM)
    assert "Is it spreading" in await talk.say(said)
    await talk.say("no")
    assert f"About: {about}" in await talk.say("no")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["About"] == about
    assert row.summary.startswith(f"Criticism of {about.lower()} on X (Twitter): ")


async def test_a_breach_told_in_full_is_not_asked_what_happened_again(store_turns: Turns) -> None:
    """Before, a first message saying what happened was followed by "What happened, briefly?",
    and what was said first was left out of the report."""
    said = "one of the nurses on my ward posted a photo of a patient on her instagram story last night"
    talk = Conversation(store_turns)
    assert "record it for the Communications Team?" in await talk.say(said)
    reply = await talk.say("yes")
    assert "What happened" not in reply and "Where is it?" in reply
    await talk.say("her instagram story")
    summary = await talk.say("no")
    assert f"What happened: {said}" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "breach" and row.summary == f"Possible breach of the policy: {said}"


async def test_a_crisis_said_where_the_account_plan_asks_how_long_still_gets_help(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("the family therapy team would like its own account, how do we get that?")
    for said in ("yes", "Family therapy team, Instagram", "events", "two staff daily", "two-factor login"):
        await talk.say(said)
    reply = await talk.say("there's no end to this, i can't go on anymore")
    assert "116 123" in reply and "Expected life span" not in reply


async def test_a_correction_mid_report_to_another_kind_starts_that_report_instead(store_turns: Turns) -> None:
    """Before, "actually no its my colleague who wrote it…" was stored as what the criticism
    says, and the report went to the team as criticism."""
    talk = Conversation(store_turns)
    await talk.say("someone on facebook is slagging off our ward")
    await talk.say("https://facebook.com/groups/x/posts/1")
    reply = await talk.say("actually no its my colleague who wrote it, she's a nurse on our ward")
    assert reply.startswith("Thanks, that's a different kind of report: I've stopped the first one")
    assert "tell your line manager first" in reply
    assert reply.rstrip().endswith("record it for the Communications Team?")
    assert "Would you like to stay anonymous?" in await talk.say("yes")  # where it is: kept
    summary = await talk.say("no")
    assert "Where: https://facebook.com/groups/x/posts/1" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.kind == "breach" and row.details["Where"] == "https://facebook.com/groups/x/posts/1"


@pytest.mark.parametrize(
    "said",
    [
        "actually the post says the ward is dirty and the staff are lazy",
        "they're also saying our nurse is useless",
    ],
)
async def test_more_of_the_same_report_mid_report_is_its_answer(store_turns: Turns, said: str) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone on facebook is slagging off our ward")
    await talk.say("https://facebook.com/groups/x/posts/1")
    assert "Who or what is being criticised?" in await talk.say(said)


async def test_a_correction_in_a_crisis_report_already_recorded_keeps_it(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone commented on our page saying they want to end their life")
    await talk.say("https://facebook.com/ourpage/posts/9")
    reply = await talk.say("actually no it's my colleague who posted it on her own account")
    assert "different kind of report" not in reply
    (row,) = await escalations(store_turns)
    assert (row.kind, row.severity) == ("crisis", "urgent")


async def test_a_cancel_with_a_reason_that_reads_weakly_as_distress_stops_the_report(
    store_turns: Turns,
) -> None:
    """Before, "actually no, I don't want to report her, cancel" (read as the user's crisis,
    0.50) got the full crisis help and the report waited for "continue"."""
    talk = Conversation(store_turns)
    await talk.say("my colleague posted a patient's details in a whatsapp group")
    await talk.say("yes")
    await talk.say("shared a patient's name and diagnosis in the ward whatsapp")
    reply = await talk.say("actually no, I don't want to report her, cancel")
    assert "I've stopped that report. Nothing has been recorded." in reply
    assert "116 123" in reply, "the user's help first all the same"
    assert await escalations(store_turns) == []


async def test_a_crisis_with_cancel_in_it_still_pauses_the_report_with_help(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("my colleague posted a patient's details in a whatsapp group")
    await talk.say("yes")
    reply = await talk.say("i dont want to report him, i want to kill myself, cancel")
    assert "glad you told me" in reply and "continue" in reply


async def test_should_i_reply_in_a_crisis_report_gets_the_crisis_answer(store_turns: Turns) -> None:
    """Before, "should i reply to them?" in a crisis report got the card on replying to
    criticism ("report it to the Communications Team first… Use /report-mention")."""
    talk = Conversation(store_turns)
    await talk.say("someone commented on our facebook post saying they don't want to live anymore")
    reply = await talk.say("should i reply to them?")
    assert reply.startswith('Yes, briefly and kindly: share the "Need urgent help?" page')
    assert reply.rstrip().endswith("Where is it? A link to the post or message, or the account name.")
    assert "criticism" not in reply


async def test_a_link_after_a_question_mid_report_is_where_it_is_not_a_new_report(store_turns: Turns) -> None:
    """Before, the link after a question answered mid-report started a criticism report, and
    the urgent crisis report never got it."""
    talk = Conversation(store_turns)
    await talk.say("someone commented on our facebook post saying they don't want to live anymore")
    assert "continue" in await talk.say("can i share the trust's posts on my linkedin?")
    assert "When was it posted" in await talk.say("https://facebook.com/trust/posts/77")
    await talk.say("20 minutes ago")
    (row,) = await escalations(store_turns)
    assert row.kind == "crisis" and row.details["Where"] == "https://facebook.com/trust/posts/77"
    assert row.details["When"] == "20 minutes ago"


async def test_a_question_typed_where_the_report_asks_what_happened_is_answered_not_stored(
    store_turns: Turns,
) -> None:
    """Before, "can she be sacked for this?" (a policy question at 0.76, its card at 0.96) was
    sent to the team as what happened."""
    talk = Conversation(store_turns)
    await talk.say("a colleague is posting photos from the ward on snapchat")
    await talk.say("yes")
    reply = await talk.say("can she be sacked for this?")
    assert "formal action" in reply and "continue" in reply
    assert "What happened, briefly?" in await talk.say("continue")
    await talk.say("photos of the ward with patients in the background")
    await talk.say("her snapchat story")
    summary = await talk.say("no")
    assert "sacked" not in summary and "What happened: photos of the ward" in summary


async def test_an_answer_after_a_question_in_the_account_plan_carries_it_on(store_turns: Turns) -> None:
    """Before, "Eating disorders team, Instagram" after a question mid-plan started the plan
    again from the beginning, and every later answer landed under the wrong question."""
    talk = Conversation(store_turns)
    await talk.say("i'd like to set up a new account for our team")
    await talk.say("yes")
    assert "continue" in await talk.say("wait do we have to give comms the password?")
    assert "What's the reason for the account" in await talk.say("Eating disorders team, Instagram")
    assert "How will it be run" in await talk.say("to share news and visiting info")


async def test_everyday_ways_of_saying_yes_and_not_sure_are_understood(store_turns: Turns) -> None:
    """Before, "ok yes" to "record it?" was not understood and, after two unclear replies, the
    report was declined for the user; "no idea" was stored as "No"."""
    talk = Conversation(store_turns)
    await talk.say("I think a patient is trolling me on twitter")
    assert "nothing is recorded unless you say yes" in await talk.say("maybe")
    assert "What's happening" in await talk.say("ok yes")
    talk = Conversation(store_turns, user="U2", conversation="D2")
    await talk.say(CRITICISM)
    await talk.say("2")
    await talk.say("no idea")
    summary = await talk.say("no")
    assert "Spreading: not sure" in summary


async def test_a_mistake_said_after_a_crisis_report_or_in_the_middle_of_it_withdraws_it(
    store_turns: Turns,
) -> None:
    """Before, "sorry, it was reported by mistake, it was a song lyric" after the report's last
    answer was "not something the policy covers", and "oh wait sorry, I misread it, it's a joke"
    in the middle of it was stored as when it was posted: the urgent report stayed open."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    said = "sorry, it was reported by mistake, it was a song lyric"
    assert "SP-2026-0001 was reported by mistake" in await talk.say(said)
    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("someone replied to our tweet saying they want to end their life")
    await other.say("https://twitter.com/a/status/10")
    assert "SP-2026-0002 was reported by mistake" in await other.say(
        "oh wait sorry, I misread it, it's a joke"
    )
    rows = {row.ref: row for row in await escalations(store_turns)}
    assert {ref: row.status for ref, row in rows.items()} == {
        "SP-2026-0001": "resolved",
        "SP-2026-0002": "resolved",
    }
    assert "When" not in rows["SP-2026-0002"].details


@pytest.mark.parametrize(
    "said",
    [
        "oh wait sorry i misread it its a song lyric",
        "my bad i got it wrong its just a lyric",
        "sorry i pressed the wrong button",
    ],
)
async def test_a_mistake_said_without_punctuation_withdraws_the_crisis_report(
    store_turns: Turns, said: str
) -> None:
    """Before, "oh wait sorry i misread it its a song lyric" (no commas or apostrophes) read as
    the user's own crisis for "i": their help in full, and the urgent report stayed open. The
    writer is in it only as the one who misread."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our instagram post saying they are going to kill themselves tonight")
    reply = await talk.say(said)
    assert "SP-2026-0001 was reported by mistake" in reply
    (row,) = await escalations(store_turns)
    assert row.status == "resolved"


@pytest.mark.parametrize(
    "said",
    [
        "sorry i misread it its me who wants to die",
        "my mistake, its not them, im the one who feels like ending it all",
        "i misread it but i cant cope anymore",
    ],
)
async def test_a_mistake_with_the_writer_in_distress_withdraws_nothing(store_turns: Turns, said: str) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone replied to our instagram post saying they are going to kill themselves tonight")
    reply = await talk.say(said)
    assert "reported by mistake" not in reply and "116 123" in reply
    (row,) = await escalations(store_turns)
    assert row.status == "open"


@pytest.mark.parametrize("said", ["it wasn't a joke, she means it", "no its real, she's still posting"])
async def test_anything_but_a_mistake_after_a_crisis_report_leaves_it_open(
    store_turns: Turns, said: str
) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    assert "reported by mistake" not in await talk.say(said)
    statuses = {row.ref: row.status for row in await escalations(store_turns)}
    assert statuses["SP-2026-0001"] == "open"


async def test_more_about_someone_in_crisis_just_after_the_report_joins_it(store_turns: Turns) -> None:
    """Before, "no its real, she's still posting about ending it" after the report's last answer
    opened a second urgent escalation and paged the on-call contact again."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    reply = await talk.say("no its real, she's still posting about ending it")
    assert reply.startswith("Need urgent help?") and "I've added this to SP-2026-0001" in reply
    (row,) = await escalations(store_turns)
    assert row.details["Reporter added"] == "no its real, she's still posting about ending it"
    assert row.summary.startswith("Someone online may be at risk (https://twitter.com/a/status/9)")
    async with store_turns.sessions() as session:
        purposes = [o.purpose for o in await outbox_for(session, escalation_id=row.id)]
    assert purposes.count("comms_ping") == 1 and purposes.count("comms_update") >= 1
    await talk.say("she's posted again saying tonight is the night")
    (row,) = await escalations(store_turns)
    assert row.details["Reporter added"] == "no its real, she's still posting about ending it"
    assert row.details["Reporter added (2)"] == "she's posted again saying tonight is the night"
    another = "someone else just commented https://twitter.com/b/status/10 saying they want to die tonight"
    assert "Where is it?" not in await talk.say(another)
    assert len(await escalations(store_turns)) == 2, "a new link is a new report"


async def test_what_else_to_do_after_a_crisis_report_gets_the_crisis_procedure(store_turns: Turns) -> None:
    """Before, "what else should i do?" after a crisis report got the route for reporting a
    colleague's breach (line manager, Freedom to Speak Up Guardian)."""
    talk = Conversation(store_turns)
    await talk.say("URGENT someone on our instagram says they've taken pills")
    await talk.say("@sadgirl_2009 on insta")
    await talk.say("10 mins ago")
    reply = await talk.say("what else should i do?")
    assert "section 6.8" in reply and "Freedom to Speak Up" not in reply


async def test_an_account_request_naming_the_team_and_platform_is_not_asked_them_again(
    store_turns: Turns,
) -> None:
    """Before, "…an instagram account for our eating disorders team", then "yes", was asked
    "Which team or service is it for, and on which platform?"."""
    said = "i'd like to set up an instagram account for our eating disorders team"
    talk = Conversation(store_turns)
    await talk.say(said)
    assert "What's the reason for the account" in await talk.say("yes")
    for answer in ("to share news and visiting info", "two staff check it daily", "two-factor login"):
        await talk.say(answer)
    assert f"Team and platform: {said}" in await talk.say("a year, then review")


@pytest.mark.parametrize(
    "asked",
    [
        "can the stroke unit have an insta account",
        "can the camhs team get a tiktok?",
        "can the pharmacy team have a twitter account",
        "is the ward allowed a tiktok account?",
        "hi, could the dietetics service please have its own youtube channel",
    ],
)
async def test_a_team_asking_for_an_account_of_its_own_is_offered_the_plan(
    store_turns: Turns, asked: str
) -> None:
    """Before, these got the card on the Trust's corporate accounts ("Yes, the Trust has its own
    corporate accounts…") and no way to ask for one."""
    talk = Conversation(store_turns)
    reply = await talk.say(asked)
    assert reply.startswith("New team or service accounts need the Communications Team's agreement first.")
    assert "Shall we put your written plan together now?" in reply
    assert "What's the reason for the account" in await talk.say("yes")


@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        ("can the ward have a whatsapp group", "What the policy says"),
        ("can the stroke unit have a whatsapp group chat", "What the policy says"),
        ("can I have a personal instagram account", "What the policy says"),
    ],
)
async def test_a_staff_chat_or_a_post_on_a_platform_is_not_a_request_for_an_account(
    store_turns: Turns, asked: str, answered: str
) -> None:
    reply = await Conversation(store_turns).say(asked)
    assert answered in reply and "written plan together" not in reply


@pytest.mark.parametrize(
    ("first", "again", "recorded"),
    [
        ("someone posted a nasty comment about our ward, can I delete it?", "report criticism", 0),
        ("someone in crisis commented on our page what do i do", "report someone in crisis", 1),
    ],
)
async def test_asking_for_the_same_report_mid_report_is_not_taken_as_where_it_is(
    store_turns: Turns, first: str, again: str, recorded: int
) -> None:
    """Answers in Teams and the terminal say "Say “report criticism” here"; said mid-report,
    before, it was stored as where the post is."""
    talk = Conversation(store_turns)
    assert "Where is it?" in await talk.say(first)
    reply = await talk.say(again)
    assert reply.startswith("You're already reporting this") and "Where is it?" in reply
    assert len(await escalations(store_turns)) == recorded
    assert "Where is it?" not in await talk.say("https://facebook.com/trust/posts/77")
    rows = await escalations(store_turns)
    if recorded:
        assert rows[0].details["Where"] == "https://facebook.com/trust/posts/77"


async def test_a_platform_corrected_mid_report_changes_it_and_is_not_taken_as_an_answer(
    store_turns: Turns,
) -> None:
    """Before, "actually its on facebook not google" was stored as what the review says, and
    the platform stayed Google."""
    talk = Conversation(store_turns)
    await talk.say("someone left a horrible google review about our clinic")
    assert "what does it say?" in await talk.say("https://g.co/kgs/abc")
    reply = await talk.say("actually its on facebook not google")
    assert reply.startswith("Thanks, I've changed the platform to Facebook.") and "what does it say?" in reply
    said = "they said we're not on twitter enough and our google page is rubbish"
    assert "changed the platform" not in await talk.say(said)
    await talk.say("the trust")
    await talk.say("no")
    summary = await talk.say("no")
    assert "Platform: Facebook" in summary and f"What it says: {said}" in summary
    at_the_summary = await talk.say("it's on instagram, not facebook")
    assert at_the_summary.startswith("Thanks, I've changed the platform to Instagram.")
    assert "Platform: Instagram" in at_the_summary and "Send it?" in at_the_summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["Platform"] == "Instagram" and row.details["What it says"] == said


@pytest.mark.parametrize(
    ("first", "correction", "team"),
    [
        (
            "our physio team want an instagram account",
            "no wait, make that tiktok not instagram",
            "our physio team want a TikTok account",
        ),
        ("the perinatal team would like a facebook page", "actually we'd rather use youtube", None),
        ("the stroke unit wants an insta account", "make it facebook instead", None),
    ],
)
async def test_a_platform_changed_in_an_account_plan_changes_it_and_the_answers_stay_put(
    store_turns: Turns, first: str, correction: str, team: str | None
) -> None:
    """Before, the change was stored as how the account will be run, and every later answer
    went under the question before it."""
    talk = Conversation(store_turns)
    await talk.say(first)
    await talk.say("yes")
    asked = await talk.say("Exercise videos for patients after discharge")
    assert "run and monitored" in asked
    reply = await talk.say(correction)
    named = find_platform(correction)
    assert reply.startswith(f"Thanks, I've changed the platform to {named}.") and "run and monitored" in reply
    await talk.say("Two physios post, the band 7 checks")
    await talk.say("two factor on, password held by comms")
    summary = await talk.say("one year then review")
    assert "Running and monitoring: Two physios post, the band 7 checks" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["Security"] == "two factor on, password held by comms"
    assert named is not None and named in row.details["Team and platform"]
    assert find_platform(row.details["Team and platform"]) == named
    if team:
        assert row.details["Team and platform"] == team


async def _an_account_plan_started(talk: Conversation) -> None:
    """An account plan for the physio team's Instagram begun, up to "How will it be run and
    monitored…?"."""
    await talk.say("our physio team want an instagram account")
    await talk.say("yes")
    assert "run and monitored" in await talk.say("Exercise videos for patients after discharge")


async def test_a_platform_named_while_answering_an_account_plan_is_an_answer(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await _an_account_plan_started(talk)
    said = "actually two of us will check the tiktok every day as well as instagram"
    assert "keep it secure" in await talk.say(said)


@pytest.mark.parametrize(
    ("added", "platforms"),
    [
        ("actually we want it on tiktok and instagram", "TikTok"),
        ("can we have it on youtube as well", "YouTube"),
        ("we’d like a facebook page too please", "Facebook"),
        ("and tiktok and youtube too", "TikTok and YouTube"),
    ],
)
async def test_a_platform_added_in_an_account_plan_joins_the_first_and_the_answers_stay_put(
    store_turns: Turns, added: str, platforms: str
) -> None:
    """Before, "actually we want it on tiktok and instagram" was stored as how the account
    will be run, and "can we have it on youtube as well" got a policy answer."""
    talk = Conversation(store_turns)
    await _an_account_plan_started(talk)
    team = f"our physio team want an instagram account (and {platforms})"
    reply = await talk.say(added)
    assert reply.startswith(f"Thanks, I've added {platforms} to the plan.") and "run and monitored" in reply
    await talk.say("Two physios post, the band 7 checks")
    await talk.say("two factor on, password held by comms")
    summary = await talk.say("one year then review")
    assert f"Team and platform: {team}" in summary
    assert "Running and monitoring: Two physios post, the band 7 checks" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["Team and platform"] == team
    assert row.details["Security"] == "two factor on, password held by comms"


async def test_a_platform_added_at_the_summary_shows_the_summary_again(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    for said in ("the stroke unit wants a facebook page", "yes", "Rehab tips", "Two of us", "2FA on"):
        await talk.say(said)
    assert "Send it?" in await talk.say("ongoing")
    reply = await talk.say("can we add tiktok too")
    assert reply.startswith("Thanks, I've added TikTok to the plan.")
    assert "Team and platform: the stroke unit wants a facebook page (and TikTok)" in reply
    assert "Send it?" in reply


@pytest.mark.parametrize(
    "said", ["two of us check tiktok daily as well", "the band 6 and band 7 check instagram and tiktok too"]
)
async def test_an_answer_naming_another_platform_beside_other_words_is_an_answer(
    store_turns: Turns, said: str
) -> None:
    talk = Conversation(store_turns)
    await _an_account_plan_started(talk)
    assert "keep it secure" in await talk.say(said)
    for answer in ("2FA on", "ongoing"):
        summary = await talk.say(answer)
    assert f"Running and monitoring: {said}" in summary
    assert "Team and platform: our physio team want an instagram account\n" in summary


async def test_a_platform_and_another_named_in_place_of_the_first_replace_it(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await _an_account_plan_started(talk)
    reply = await talk.say("make it tiktok and youtube instead")
    assert reply.startswith("Thanks, I've changed the platform to TikTok and YouTube.")
    for answer in ("Two of us", "2FA on"):
        await talk.say(answer)
    assert "Team and platform: our physio team want a TikTok and YouTube account" in await talk.say("ongoing")


CRITICISM_STARTED = ("someone left a horrible google review about our clinic", "https://g.co/kgs/abc")
"""A report of criticism begun, up to "In a sentence, what does it say?"."""


async def _a_criticism_report_started(talk: Conversation) -> str:
    for said in CRITICISM_STARTED:
        reply = await talk.say(said)
    return reply


async def _a_criticism_report_sent(talk: Conversation) -> str:
    """A report of criticism answered to the end and sent: its confirmation."""
    await _a_criticism_report_started(talk)
    for said in ("they say we are useless", "the trust", "no", "no"):
        await talk.say(said)
    return await talk.say("yes")


async def test_a_question_about_the_case_just_after_a_criticism_report_is_answered_about_it(
    store_turns: Turns,
) -> None:
    """Before, "can i reply to them to say sorry?" just after a report of criticism got the
    card on posting during breaks."""
    talk = Conversation(store_turns)
    assert "SP-2026-0001" in await _a_criticism_report_sent(talk)
    reply = await talk.say("can i reply to them to say sorry?")
    assert "section 6.7" in reply and "breaks" not in reply
    assert "Next step: You've reported it" in reply and "report criticism" not in reply
    assert "Next step: You've reported it" in await talk.say("what else should i do?")
    other = await talk.say("can i post photos of my ward on instagram?")
    assert "section 6.7" not in other and "You've reported it" not in other
    assert len(await escalations(store_turns)) == 1


async def test_messaging_the_person_just_after_a_crisis_report_gets_the_crisis_procedure(
    store_turns: Turns,
) -> None:
    """Before, "should I message them privately?" just after a crisis report got the card on
    messaging service users (sections 6.5, 6.1)."""
    talk = Conversation(store_turns)
    for said in ("URGENT someone on our instagram says theyve taken pills", "@sadgirl_2009 on insta"):
        await talk.say(said)
    await talk.say("10 mins ago")
    reply = await talk.say("should I message them privately?")
    assert "section 6.8" in reply and "Next step: If you haven't yet, share" in reply
    assert not reply.startswith(("Yes", "No")), "a card's Yes answers whether to report, which is done"
    assert len(await escalations(store_turns)) == 1


@pytest.mark.parametrize(
    "said",
    [
        "someone commented on our facebook post",
        "there is a comment on the trust facebook page i am worried about",
        "hi, someone has left a comment on our ward's instagram",
    ],
)
async def test_saying_only_that_someone_posted_asks_what_it_is_about(store_turns: Turns, said: str) -> None:
    """Before, "someone commented on our facebook post" read as someone in crisis (1.00) and
    recorded an urgent escalation; the second got the card on corporate accounts."""
    talk = Conversation(store_turns)
    reply = await talk.say(said)
    assert reply.startswith("Thanks for telling me. What is it about?\n1. Someone online who seems to be in")
    assert await escalations(store_turns) == []
    then = await talk.say("they said they're going to end it all tonight")
    assert then.startswith("Need urgent help?") and "Where is it?" in then


async def test_saying_it_is_not_a_crisis_after_a_crisis_report_withdraws_it(store_turns: Turns) -> None:
    """Before, "its not a crisis, they were just asking about parking" (read as the user's
    crisis, 0.50, for the word) got the user's crisis help and the urgent report stayed open."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    reply = await talk.say("its not a crisis, they were just asking about parking")
    assert "SP-2026-0001 was reported by mistake" in reply
    (row,) = await escalations(store_turns)
    assert row.status == "resolved"


async def test_a_mistake_said_with_the_writers_own_crisis_withdraws_nothing(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    reply = await talk.say("not a crisis, its me who wants to die")
    assert "reported by mistake" not in reply and "999" in reply
    (row,) = await escalations(store_turns)
    assert row.status == "open"


@pytest.mark.parametrize(
    "said",
    [
        "alguien en facebook dice que se quiere morir y etiquetó a la trust",
        "ktoś na facebooku pisze że chce umrzeć",
        "Je veux mourir",
        "ya no puedo mas, me quiero matar",
        "ya no quiero vivir",
        "ktoś na facebooku pisze że chce się zabić i oznaczył nasz szpital",
        "quiero morir",
    ],
)
async def test_a_message_not_in_english_gets_urgent_help_first_and_says_so(
    store_turns: Turns, said: str
) -> None:
    """Before, the Spanish crisis got the card on the Trust's corporate accounts, with no help."""
    talk = Conversation(store_turns)
    reply = await talk.say(said)
    assert reply.startswith("Need urgent help?") and "116 123" in reply
    assert reply.endswith(
        "Sorry, I can only read English at the moment. Please write to me in English, or "
        "contact the Communications Team directly."
    )
    assert talk.last is not None and talk.last.replies[0].urgent
    assert "Need urgent help?" not in await talk.say("can i accept a friend request from a former patient?")


async def test_losing_the_post_mid_crisis_report_is_asked_again_not_paused(store_turns: Turns) -> None:
    """Before, "cant remember which account, ive lost it now" (read as the user's crisis, 0.92)
    made the report wait for "continue", and later answers went astray."""
    talk = Conversation(store_turns)
    await talk.say("a lad on our facebook page says he's on the bridge now")
    reply = await talk.say("cant remember which account, ive lost it now")
    assert "116 123" in reply and "Where is it?" in reply and "“continue”" not in reply
    assert "When was it posted" in await talk.say("not sure")


async def test_while_a_report_waits_every_reply_says_how_to_carry_on(store_turns: Turns) -> None:
    """Before, "actually can you tell comms after all" while the report waited got only "that
    isn't something the policy covers"."""
    talk = Conversation(store_turns)
    await talk.say(
        "people in a tiktok comment section are calling me a groomer because i work at the gender clinic"
    )
    assert "“continue”" in await talk.say("no i dont want a fuss")
    assert "say “continue” to carry on with your report" in await talk.say(
        "actually can you tell comms after all"
    )
    assert "Would you like me to let the Communications Team know" in await talk.say("continue")


async def test_dont_cancel_just_after_stopping_a_crisis_report_keeps_it(store_turns: Turns) -> None:
    """Before, "no wait dont cancel its real" got the user's own crisis help, and the urgent
    report stayed marked as abandoned."""
    talk = Conversation(store_turns)
    await talk.say("a lad on our facebook page says hes on the bridge now")
    await talk.say("cancel")
    (row,) = await escalations(store_turns)
    assert row.abandoned
    reply = await talk.say("no wait dont cancel its real")
    assert reply.startswith("It's still with the Communications Team as urgent (SP-2026-0001)")
    (row,) = await escalations(store_turns)
    assert not row.abandoned and row.status == "open"
    assert row.details["Reporter added"] == "no wait dont cancel its real"
    assert "was reported by mistake" in await talk.say("sorry it was a mistake after all")


async def test_something_forgotten_just_after_a_report_is_added_to_it(store_turns: Turns) -> None:
    """Before, "i forgot to say they named one of the receptionists, sarah" after a report of
    criticism started a report of a colleague's breach, and nothing reached the first."""
    talk = Conversation(store_turns)
    assert "SP-2026-0001" in await _a_criticism_report_sent(talk)
    reply = await talk.say("i forgot to say they named one of the receptionists, sarah")
    assert reply == "Thanks, I've added that to SP-2026-0001 for the Communications Team."
    await talk.say("also it's been shared 40 times now")
    (row,) = await escalations(store_turns)
    assert row.details["Reporter added"] == "i forgot to say they named one of the receptionists, sarah"
    assert row.details["Reporter added (2)"] == "also it's been shared 40 times now"
    other = await talk.say("also can i post photos of my ward on my break")
    assert "I've added that" not in other and "section" in other
    later = await talk.say("i forgot to say the review has 3 stars")
    assert later == "Thanks, I've added that to SP-2026-0001 for the Communications Team."
    weak = await talk.say("i forgot to say they tagged the ceo as well")
    assert weak.startswith("First, in case someone online is in crisis") and "I've added that" in weak
    (row,) = await escalations(store_turns)
    assert row.details["Reporter added (4)"] == "i forgot to say they tagged the ceo as well"
    crisis = await talk.say("oh and one more thing, the person said they want to die")
    assert crisis.startswith("Need urgent help?")
    assert len(await escalations(store_turns)) == 2, "someone at risk is a report of its own"


@pytest.mark.parametrize(
    ("asked", "not_opening"),
    [
        ("do i have to say i work for the trust on my socials", "Yes"),
        ("i changed our team twitter password, what do i do now", "Yes"),
        ("do i need comms permission to tweet about my own research paper from my personal account", "Yes"),
    ],
)
async def test_a_question_whether_something_is_required_gets_no_bare_yes_or_no(
    store_turns: Turns, asked: str, not_opening: str
) -> None:
    """Before, "do i have to say i work for the trust" was answered "Yes, you can say where you
    work…": a "Yes" about being allowed read as "you have to"."""
    reply = await Conversation(store_turns).say(asked)
    assert "section" in reply and not reply.startswith(not_opening)


async def test_writing_about_clients_with_names_changed_gets_the_confidentiality_answer(
    store_turns: Turns,
) -> None:
    """Before, it got the answer on friend requests from patients."""
    reply = await Conversation(store_turns).say(
        "can i write about my clients on my blog if i change their names"
    )
    assert "section 6.3" in reply and "friend" not in reply.split("\n")[0]


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("what happens next?", "I'll tell you here when someone picks it up and again when it's resolved"),
        ("will they contact me?", "I'll tell you here when someone picks it up"),
        ("who will see this?", "I haven't told the person who posted it anything"),
        ("should i report it to google too?", "criticism on its own isn't something to report"),
        ("should i keep a screenshot?", "keep a screenshot in case it's taken down"),
        ("how do i check on it?", "there's nothing you need to chase"),
        ("can i chase it up later?", "there's nothing you need to chase"),
    ],
)
async def test_a_question_about_the_report_just_sent_is_answered_with_its_reference(
    store_turns: Turns, said: str, answer: str
) -> None:
    """Before, "what happens next?" just after a report got the list of what Signpost does,
    "will they contact me?" a choice of policy topics, and "should i keep a screenshot?" the
    card on sharing internal documents."""
    talk = Conversation(store_turns)
    await _a_criticism_report_sent(talk)
    reply = await talk.say(said)
    assert answer in reply and "SP-2026-0001" in reply
    assert URGENT_URL not in reply and "Samaritans" not in reply and "section" not in reply
    assert len(await escalations(store_turns)) == 1
    assert "SP-2026-0001" in await talk.say("how long will it take?"), "asked again, answered again"


async def _a_breach_report_sent(talk: Conversation) -> str:
    """A report of a colleague's breach, not anonymous, answered to the end and sent: its
    confirmation."""
    for said in ("I want to report a colleague breaking the policy", "yes"):
        await talk.say(said)
    for said in ("she posted a photo of a patient on instagram", "instagram", "no"):
        await talk.say(said)
    return await talk.say("yes")


async def test_what_to_do_after_reporting_a_colleague_says_it_is_reported(store_turns: Turns) -> None:
    """Before, "what should i do now?" just after a report of a colleague's breach got "You should
    report it: tell your line manager first…"."""
    talk = Conversation(store_turns)
    assert "SP-2026-0001" in await _a_breach_report_sent(talk)
    reply = await talk.say("what should i do now?")
    assert reply.startswith("You've reported it to the Communications Team") and "section 7" in reply
    assert (
        "You should report it" not in reply and "Next step: If you can, tell your line manager too" in reply
    )
    alone = await Conversation(store_turns, user="U2", conversation="D2").say(
        "who do i report a colleague's social media to"
    )
    assert "You've reported it" not in alone, "a question on its own keeps the card's answer"
    assert alone.startswith("You should report it: tell your line manager first")


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("should i tell my manager as well?", "a duty to report it to their line manager"),
        ("do i still need to let my band 7 know", "Freedom to Speak Up Guardian"),
        ("does this go to my manager?", "I haven't told your colleague anything"),
    ],
)
async def test_whether_to_tell_a_manager_after_reporting_a_colleague_is_answered_for_that_report(
    store_turns: Turns, said: str, answer: str
) -> None:
    """Before, "should i tell my manager as well?" just after a report of a colleague's breach got
    the card for staff who are the target of abuse online. Telling the manager (the policy's duty)
    and whether the report goes to the manager (it does not) are two questions."""
    talk = Conversation(store_turns)
    assert "SP-2026-0001" in await _a_breach_report_sent(talk)
    reply = await talk.say(said)
    assert answer in reply and "SP-2026-0001" in reply
    assert "target of complaints or abuse" not in reply and "What the policy says" not in reply
    assert len(await escalations(store_turns)) == 1


@pytest.mark.parametrize(
    ("said", "means"),
    [
        ("anonymous please", True),
        ("i dont want my name on it", True),
        ("can i be anonymous?", True),
        ("i don't want to be anonymous", False),
        ("not anonymous, that's fine", False),
        ("happy to be named", False),
        ("whatever you think", None),
    ],
)
def test_an_answer_in_words_about_staying_anonymous_is_read(said: str, means: bool | None) -> None:
    assert stays_anonymous(said) is means


@pytest.mark.parametrize(
    ("anonymity", "anonymous"),
    [("keep me anonymous", True), ("leave my name off it please", True), ("you can use my name", False)],
)
async def test_asking_to_stay_anonymous_is_answered_not_stored_as_what_happened(
    store_turns: Turns, anonymity: str, anonymous: bool
) -> None:
    """Before, "anonymous" where the breach report asks what happened was stored as what
    happened, "2" there too, and "keep me anonymous" at the question about it got "Yes or no."."""
    talk = Conversation(store_turns)
    for said in ("I want to report a colleague breaking the policy", "yes"):
        await talk.say(said)
    reply = await talk.say("anonymous")
    assert "I'll ask whether you'd like to stay anonymous" in reply and reply.endswith(
        "What happened, briefly? Please don't include patients' or service users' names."
    )
    assert "What happened, briefly?" in await talk.say("2")
    for said in ("she posted a photo of a patient on instagram", "instagram"):
        await talk.say(said)
    summary = await talk.say(anonymity)
    assert f"Anonymous: {'Yes' if anonymous else 'No'}" in summary
    assert "What happened: she posted a photo of a patient" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["What happened"] == "she posted a photo of a patient on instagram"
    assert (row.reporter_id is None) is anonymous


async def test_what_happens_next_after_a_crisis_report_says_to_share_the_link(store_turns: Turns) -> None:
    talk = Conversation(store_turns)
    for said in ("URGENT someone on our instagram says they've taken pills", "@sadgirl_2009 on insta"):
        await talk.say(said)
    await talk.say("10 mins ago")
    reply = await talk.say("what happens now?")
    assert "SP-2026-0001 is with the Communications Team as urgent" in reply
    assert "Need urgent help?" in reply and "call 999" in reply
    (row,) = await escalations(store_turns)
    assert "Reporter added" not in row.details


@pytest.mark.parametrize(
    ("said", "answered"),
    [
        ("will i hear back", True),  # read as the user's crisis (0.77); surely about the report (0.99)
        ("will anyone miss me", True),  # weakly the user's crisis: their help in full first
        ("how long will it take to die", False),  # about the report (0.98), and clearly a crisis
    ],
)
async def test_a_question_after_a_report_that_may_be_a_crisis_gets_the_help_first(
    store_turns: Turns, said: str, answered: bool
) -> None:
    talk = Conversation(store_turns)
    await _a_criticism_report_sent(talk)
    reply = await talk.say(said)
    assert reply.startswith("I'm really glad you told me") and "Samaritans: call 116 123" in reply
    assert ("SP-2026-0001 is with the Communications Team" in reply) is answered
    assert len(await escalations(store_turns)) == 1


@pytest.mark.parametrize("said", ["it was a mistake, wrong trust", "can you delete the report"])
async def test_a_finished_report_can_be_withdrawn_just_after(store_turns: Turns, said: str) -> None:
    """Before, only a crisis report could be withdrawn: "it was a mistake, wrong trust" after a
    report of criticism got a choice of policy topics, and the report stayed open."""
    talk = Conversation(store_turns)
    await _a_criticism_report_sent(talk)
    assert "SP-2026-0001 was reported by mistake" in await talk.say(said)
    (row,) = await escalations(store_turns)
    assert row.status == "resolved"


async def test_an_answer_said_to_be_wrong_at_the_summary_is_changed(store_turns: Turns) -> None:
    """Before, "wait the about bit is wrong it should be the trust" got a policy card, and
    "actually it is spreading, 50 shares now" "Please answer yes to send it"."""
    talk = Conversation(store_turns)
    await _a_criticism_report_started(talk)
    for said in ("they say we are useless", "a member of staff", "no"):
        await talk.say(said)
    assert "About: A member of staff" in await talk.say("no")
    changed = await talk.say("wait the about bit is wrong it should be the trust")
    assert changed.startswith("Thanks, I've changed “About”.") and "About: The Trust" in changed
    spreading = await talk.say("actually it is spreading, 50 shares now")
    assert "Spreading: Yes" in spreading and "Send it?" in spreading
    assert "You replied: Yes" in await talk.say("actually i did reply")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["About"] == "The Trust" and row.details["Spreading"] is True


@pytest.mark.parametrize(
    ("number", "starts"),
    [
        ("1", "Need urgent help?"),
        ("2", "Thanks for flagging it."),
        ("3", "Thank you for raising it."),
        ("4", "I'm sorry this is happening to you"),
        ("the third", "Thank you for raising it."),
    ],
)
async def test_every_report_in_the_menu_can_be_picked_by_its_number(
    store_turns: Turns, number: str, starts: str
) -> None:
    """Before, only options 1 and 2 could be picked: "3" after "so should i report it" got
    "that isn't something the policy covers"."""
    talk = Conversation(store_turns)
    assert "What would you like to report?" in await talk.say("so should i report it")
    assert (await talk.say(number)).startswith(starts)


async def test_a_hedged_threat_is_kept_in_the_users_words_and_made_urgent(store_turns: Turns) -> None:
    """Before, it was answered "Yes or no." twice and recorded as "not sure", severity normal."""
    talk = Conversation(store_turns)
    await talk.say(
        "people in a tiktok comment section are calling me a groomer because i work at the gender clinic"
    )
    await talk.say("yes")
    await talk.say("tiktok, under a video by @angryparent99")
    said = "not exactly threatened, he said people should come and have a word with me at work"
    summary = await talk.say(said)
    assert f"Threats or personal details shared: {said}" in summary
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.severity == "urgent" and row.details["Threats or personal details shared"] == said


async def test_asking_what_a_report_question_means_gets_an_example_not_stored(store_turns: Turns) -> None:
    """Before, "not sure what you mean" was stored as the account plan's security."""
    talk = Conversation(store_turns)
    await talk.say("we want to set up an instagram for the perinatal team")
    for said in ("yes", "to share tips for new parents", "two of us check it every morning"):
        await talk.say(said)
    reply = await talk.say("not sure what you mean")
    assert reply.startswith("For example: only the named staff have the login")
    assert "How will you keep it secure?" in reply
    assert "How long do you expect" in await talk.say("only us two have the login")


async def test_a_link_pasted_at_a_later_question_is_where_it_is(store_turns: Turns) -> None:
    """Before, it was stored as "About: https://reddit…", and Where stayed "r/unitedkingdom"."""
    talk = Conversation(store_turns)
    await talk.say("theres a reddit thread slating the gender clinic")
    await talk.say("on r/unitedkingdom")
    await talk.say("people saying the staff are incompetent and should be struck off")
    reply = await talk.say("https://reddit.com/r/unitedkingdom/comments/xyz")
    assert reply.startswith("Thanks, I've added the link.") and "Who or what is being criticised?" in reply
    await talk.say("the whole clinic")
    await talk.say("no")
    summary = await talk.say("no")
    assert "Where: https://reddit.com/r/unitedkingdom/comments/xyz (on r/unitedkingdom)" in summary
    assert "About: https" not in summary


@pytest.mark.parametrize(
    "said",
    [
        "can you delete the report i dont want my name on it",
        "oh no sorry wrong trust, it was the other nhs trust",
    ],
)
async def test_taking_back_a_crisis_report_without_calling_it_a_mistake_withdraws_nothing(
    store_turns: Turns, said: str
) -> None:
    """Before, both withdrew an urgent crisis report as "reported by mistake": the person may
    still be at risk. For a report where nobody is, they withdraw it."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    await talk.say("https://twitter.com/a/status/9")
    await talk.say("just now")
    assert "reported by mistake" not in await talk.say(said)
    rows = await escalations(store_turns)
    assert rows[-1].ref == "SP-2026-0001" and rows[-1].status == "open"


@pytest.mark.parametrize(
    "said", ["sum1 on tiktok sed there gonna kms tonite", "pls hlp sum1 on tiktok sed there gonna kms tonite"]
)
async def test_a_crisis_in_text_speak_gets_the_link_first(store_turns: Turns, said: str) -> None:
    """Before, "kms" (kill myself) was no word the models knew: the first got a choice of topics,
    the second "criticism or crisis?" with no link. The second may be the writer's own: their help
    first, with the crisis report offered."""
    talk = Conversation(store_turns)
    reply = await talk.say(said)
    assert talk.last is not None and talk.last.replies[0].urgent
    assert reply.startswith("Need urgent help?") or "someone else's words" in reply


async def test_asking_whether_to_call_999_is_answered_outside_and_inside_a_report(store_turns: Turns) -> None:
    """Before, "should i call 999?" on its own got "is your question about old posts or mistakes?",
    and "do i need to ring the police" in a crisis report the card on related policies."""
    talk = Conversation(store_turns)
    alone = await talk.say("should i call 999?")
    assert alone.startswith("If anyone's life is at immediate risk, yes: call 999 now")
    assert talk.last is not None and talk.last.replies[0].urgent
    await talk.say("URGENT someone on our instagram says theyve taken pills")
    asked = await talk.say("do i need to ring the police")
    assert asked.startswith("Yes, if their life may be at immediate risk: call 999 now")
    assert asked.endswith("Where is it? A link to the post or message, or the account name.")


@pytest.mark.parametrize(
    ("said", "starts"),
    [
        ("crisis", "Need urgent help?"),
        ("the second one", "Thanks for flagging it."),
        ("number 2", "Thanks for flagging it."),
        ("option 3", "Thank you for raising it."),
        ("abuse", "I'm sorry this is happening to you"),
        ("no just asking", "OK, nothing to report then."),
    ],
)
async def test_the_report_menu_takes_a_pick_in_words(store_turns: Turns, said: str, starts: str) -> None:
    """Before, "the second one" and "number 2" got "isn't something the policy covers", "crisis"
    the procedure card with no report, and "no just asking" an urgent crisis report."""
    talk = Conversation(store_turns)
    await talk.say("so should i report it")
    assert (await talk.say(said)).startswith(starts)
    if said != "crisis":
        assert await escalations(store_turns) == []


async def test_a_written_answer_corrected_at_the_summary_is_changed_not_taken_as_no(
    store_turns: Turns,
) -> None:
    """Before, "no sorry, the what it says bit is wrong, it says we lost their referral" read as
    "no" and the report was thrown away; "actually its about a member of staff not the team"
    mid-report started a breach report."""
    talk = Conversation(store_turns)
    await _a_criticism_report_started(talk)
    await talk.say("they say we are useless")
    await talk.say("the team")
    changed = await talk.say("actually its about a member of staff not the team")
    assert changed.startswith("Thanks, I've changed “About”.") and "Is it spreading" in changed
    await talk.say("no")
    assert "About: A member of staff" in await talk.say("no")
    fixed = await talk.say("no sorry, the what it says bit is wrong, it says we lost their referral")
    assert "What it says: we lost their referral" in fixed and "Send it?" in fixed
    waiting = await talk.say("no wait i need to check something first")
    assert waiting.startswith("Nothing's sent yet.") and "Send it?" in waiting
    assert "Platform: Facebook" in await talk.say("the platform is facebook")
    await talk.say("yes")
    (row,) = await escalations(store_turns)
    assert row.details["What it says"] == "we lost their referral" and row.details["Platform"] == "Facebook"


async def test_another_kind_of_report_asked_for_mid_report_waits(store_turns: Turns) -> None:
    """Before, "report criticism" in a crisis report was stored as where the post is."""
    talk = Conversation(store_turns)
    await talk.say("someone replied to our tweet saying they want to end their life")
    reply = await talk.say("report criticism")
    assert reply.startswith("One report at a time") and "Where is it?" in reply
    await talk.say("https://twitter.com/a/status/9")
    (row,) = await escalations(store_turns)
    assert row.details["Where"] == "https://twitter.com/a/status/9"


@pytest.mark.parametrize("said", ["what do u mean by that", "whats the difference between 1 and 2"])
async def test_asking_about_the_choices_is_not_stored_as_one(store_turns: Turns, said: str) -> None:
    """Before, both were kept as who is criticised, in the user's own words."""
    talk = Conversation(store_turns)
    await _a_criticism_report_started(talk)
    await talk.say("they say we are useless")
    reply = await talk.say(said)
    assert "Who or what is being criticised?" in reply
    assert "Is it spreading" in await talk.say("2")


@pytest.mark.parametrize(
    "said",
    [
        "a patients dad posted my home address on facebook last night and said hes coming round",
        "an ex patient keeps messaging me on insta saying hes going to find me after my shift",
    ],
)
async def test_a_threat_to_the_user_starts_the_targeted_report_not_a_crisis_report(
    store_turns: Turns, said: str
) -> None:
    """Before, "last night" read as words of someone harming themself, and "he's going to" was no
    threat: both started an urgent crisis report, telling the user to reply kindly to the man."""
    talk = Conversation(store_turns)
    reply = await talk.say(said)
    assert "Reply briefly and kindly" not in reply and "I'm sorry this is happening to you" in reply
    assert await escalations(store_turns) == [] or all(
        r.kind != "crisis" for r in await escalations(store_turns)
    )


async def test_a_threat_added_just_after_a_targeted_report_makes_it_urgent(store_turns: Turns) -> None:
    """Before, it opened an urgent crisis report, and the targeted report stayed "Threats…: No"."""
    talk = Conversation(store_turns)
    await talk.say(
        "people in a tiktok comment section are calling me a groomer because i work at the gender clinic"
    )
    for said in ("yes", "tiktok, under a video by @angryparent99", "no", "yes"):
        await talk.say(said)
    (row,) = await escalations(store_turns)
    assert row.severity == "normal"
    reply = await talk.say("i forgot to say he posted my home address last night and said hes coming round")
    assert "marked it urgent" in reply and "call 999" in reply
    (row,) = await escalations(store_turns)
    assert row.severity == "urgent" and "home address" in row.details["Reporter added"]


@pytest.mark.parametrize(("hour", "paged_now"), [(10, False), (19, True)])
async def test_a_threat_that_makes_a_report_urgent_pages_on_call_out_of_hours(
    store_turns: Turns, clock: Clock, hour: int, paged_now: bool
) -> None:
    """Before, the report became urgent but kept a normal report's follow-ups: out of hours the
    on-call contact was never paged, and in hours nobody was reminded after 15 minutes."""
    clock.now = clock.now.replace(hour=hour)
    talk = Conversation(store_turns)
    await talk.say("people on tiktok are calling me a groomer because i work at the gender clinic")
    for said in ("yes", "tiktok, under a video by @angryparent99", "no", "yes"):
        await talk.say(said)
    (row,) = await escalations(store_turns)
    async with store_turns.sessions() as session:
        before = {(o.purpose, o.target) for o in await outbox_for(session, escalation_id=row.id)}
    assert ("oncall_ping", "oncall") not in before and row.severity == "normal"
    await talk.say("i forgot to say he posted my home address last night and said hes coming round")
    async with store_turns.sessions() as session:
        after = await outbox_for(session, escalation_id=row.id)
    on_call = [o for o in after if (o.purpose, o.target) == ("oncall_ping", "oncall")]
    assert bool(on_call) is paged_now
    if paged_now:
        assert len(on_call) == 1 and on_call[0].next_attempt_at.replace(tzinfo=dt.UTC) <= clock.now
    else:
        assert ("reminder", "oncall") in {(o.purpose, o.target) for o in after}
    await talk.say("also he said it again in another comment, coming round tonight")
    async with store_turns.sessions() as session:
        again = await outbox_for(session, escalation_id=row.id)
    assert sum(o.purpose == "oncall_ping" for o in again) == len(on_call), "paged once, not per addition"


async def test_health_details_in_a_report_are_left_out_of_what_is_stored(store_turns: Turns) -> None:
    """Before, "he posted that im on sertraline and have bipolar" was stored word for word, and
    shown in the summary, the list and the export: health information nobody needs to act on."""
    talk = Conversation(store_turns)
    await talk.say("a patient's dad has been posting about me on facebook")
    await talk.say("yes")
    told = await talk.say(
        "he posted that im on sertraline and have bipolar and said im not fit to be a nurse"
    )
    assert "left the health details (a diagnosis or a medicine) out of the report" in told
    await talk.say("no")
    summary = await talk.say("https://facebook.com/x/posts/1")
    for _ in range(3):
        if "Send it?" in summary:
            break
        summary = await talk.say("no")
    assert "he posted that im on [medicine] and have [health condition]" in summary
    await talk.say("yes")
    await talk.say("i forgot to say he also said i was sectioned last year and take lithium")
    (row,) = await escalations(store_turns)
    stored = f"{row.summary} {row.details}".lower()
    assert "[medicine]" in stored and "[detained]" in stored
    for detail in ("sertraline", "bipolar", "sectioned", "lithium"):
        assert detail not in stored
    async with store_turns.sessions() as session:
        states = (await session.execute(select(ConversationStateRow))).scalars().all()
        assert all("sertraline" not in str(s.data) for s in states)


async def test_a_service_named_for_a_condition_is_kept_in_a_report_and_an_account_plan(
    store_turns: Turns,
) -> None:
    talk = Conversation(store_turns)
    await talk.say("report criticism")
    await talk.say("https://x.com/a/status/1")
    assert "left the health" not in await talk.say(
        "they say our dementia ward and the eating disorder service are useless"
    )
    other = Conversation(store_turns, user="U2", conversation="D2")
    await other.say("the family therapy team would like its own account, how do we get that?")
    await other.say("yes")
    await other.say("Bipolar peer support group, Instagram")
    for said in ("To share events", "Two named staff check it daily", "Two-factor login", "Two years", "yes"):
        await other.say(said)
    account = next(row for row in await escalations(store_turns) if row.kind == "account_request")
    assert "Bipolar peer support group" in str(account.details)


@pytest.mark.parametrize(
    "asked", ["do patients also use tiktok", "what about a private facebook group for staff"]
)
async def test_a_question_without_its_question_mark_mid_plan_is_not_stored_as_the_plan(
    store_turns: Turns, asked: str
) -> None:
    """Before, both were stored as the reason for the account, and the plan asked how it would
    be run."""
    talk = Conversation(store_turns)
    await talk.say("we'd like to open an instagram account for our ward")
    assert "What's the reason for the account" in await talk.say("yes")
    aside = await talk.say(asked)
    assert "What the policy says" in aside or "I want to get this right" in aside
    assert "say “continue”" in aside and "How will it be run" not in aside
    assert "What's the reason for the account" in await talk.say("continue")
    assert "How will it be run" in await talk.say("to share news and events with families")


@pytest.mark.parametrize(
    "asked",
    [
        "whats the rule on adding a patient's relatives on facebook",
        "does snapchat count as social media under the policy",
        "if i put views my own in my bio am i covered",
    ],
)
async def test_a_question_that_does_not_open_as_one_mid_plan_is_answered_not_stored(
    store_turns: Turns, asked: str
) -> None:
    """Only a question's opening at the start counted: these were stored as the account's
    reason, and the plan asked how it would be run."""
    talk = Conversation(store_turns)
    await talk.say("we'd like to open an instagram account for our ward")
    assert "What's the reason for the account" in await talk.say("yes")
    aside = await talk.say(asked)
    assert "What the policy says" in aside and "say “continue”" in aside
    assert "How will it be run" not in aside
    assert "What's the reason for the account" in await talk.say("continue")


@pytest.mark.parametrize(
    "answer",
    [
        "what he wrote was that the ward is a disgrace and the staff are lazy",
        "was posted on her public story last night with the patient's room in the background",
    ],
)
async def test_an_answer_with_a_question_word_in_it_is_still_the_answer(
    store_turns: Turns, answer: str
) -> None:
    talk = Conversation(store_turns)
    await talk.say("I want to report a colleague breaking the policy")
    assert "What happened" in await talk.say("yes")
    assert "Where is it?" in await talk.say(answer)


async def test_a_question_mid_plan_the_answers_are_unsure_of_offers_two_and_the_plan_waits(
    store_turns: Turns,
) -> None:
    """Outside a report, "what about a private facebook group for staff" (its likeliest card
    0.18) offers two topics; in the middle of a plan it got the card on grievances. Now the
    same two, a pick answers it, and the plan goes on with nothing of the aside stored."""
    talk = Conversation(store_turns)
    await talk.say("we'd like to open an instagram account for our ward")
    assert "What's the reason for the account" in await talk.say("yes")
    offer = await talk.say("what about a private facebook group for staff")
    assert "I want to get this right" in offer and "privacy settings and locked accounts" in offer
    assert "What the policy says" not in offer and "say “continue”" in offer
    picked = await talk.say("2")
    assert "section 6.5" in picked and "section 7)" not in picked and "say “continue”" in picked
    # The offer lasts one message: "2" again is not a pick, and nothing is stored.
    assert "section 6.5" not in await talk.say("2")
    assert "What's the reason for the account" in await talk.say("continue")
    for said in ("To share events", "Two named staff check it daily", "Two-factor login", "Two years", "yes"):
        await talk.say(said)
    (account,) = [row for row in await escalations(store_turns) if row.kind == "account_request"]
    stored = f"{account.summary} {account.details}".lower()
    assert "to share events" in stored
    assert "facebook group" not in stored and "privacy" not in stored


async def test_an_answer_after_a_question_answered_mid_plan_is_taken_though_it_reads_as_a_question(
    store_turns: Turns,
) -> None:
    """ "to share rota changes with the team" (a policy question to the model) got the card on
    team account passwords, and the plan still waited; typed as a question, it is answered."""
    talk = Conversation(store_turns)
    await talk.say("we'd like to open an instagram account for our ward")
    await talk.say("yes")
    assert "say “continue”" in await talk.say("can i accept a friend request from a former patient?")
    asked = await talk.say("does snapchat count as social media under the policy")
    assert "What the policy says" in asked and "How will it be run" not in asked
    assert "How will it be run" in await talk.say("to share rota changes with the team")
    for said in ("Two named staff check it daily", "Two-factor login", "Two years", "yes"):
        await talk.say(said)
    (account,) = [row for row in await escalations(store_turns) if row.kind == "account_request"]
    stored = f"{account.summary} {account.details}".lower()
    assert "to share rota changes with the team" in stored and "snapchat" not in stored


async def test_an_offer_made_mid_report_is_not_taken_once_the_report_goes_on(store_turns: Turns) -> None:
    """After the two topics, "continue": the report's own question is asked again, and a number
    typed then is its answer, not a pick of the topics offered before."""
    talk = Conversation(store_turns)
    await talk.say("we'd like to open an instagram account for our ward")
    await talk.say("yes")
    assert "I want to get this right" in await talk.say("what about a private facebook group for staff")
    assert "What's the reason for the account" in await talk.say("continue")
    again = await talk.say("1")
    assert "What the policy says" not in again and "What's the reason for the account" in again
