"""Scripted terminal conversations through `signpost chat`'s loop, on a real SQLite store."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.console import chat
from bot.messages import IncomingMessage
from bot.replies import OWN_SUPPORT
from bot.store.models import AdviceLogRow, ConversationStateRow, EscalationRow
from bot.turn import Turns

from .conftest import URGENT_URL, Clock


async def converse(turns: Turns, *lines: str) -> str:
    out = io.StringIO()
    await chat(turns, stdin=io.StringIO("".join(line + "\n" for line in lines)), stdout=out)
    return out.getvalue()


def replies_to(transcript: str, said: str) -> str:
    """The bot's words between what the user said and the user's next line."""
    after = transcript.split("you> " + said + "\n", 1)[1]
    return after.split("you> ", 1)[0]


async def test_friend_request_gets_a_plain_no_with_quote_citation_and_next_step(turns: Turns) -> None:
    said = "a former patient sent me a friend request, can I accept?"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> No")
    assert "“If you receive a friendship request from a current or former patient" in reply
    assert "(Staff Use of Social Media Policy v1.0, section 6.1)" in reply
    assert "Next step:" in reply
    assert "was due for review in October 2023" in reply


async def test_social_media_on_a_break_is_a_yes_and_during_work_a_no(turns: Turns) -> None:
    """Before, "can i post a tiktok on my break" got "No, not during working time"."""
    said = "can i post a tiktok on my break"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> Only on your agreed breaks (such as lunch), not during working time.")
    assert "section 6.6.3" in reply


async def test_following_patients_is_answered_from_the_patients_rule_not_the_students(turns: Turns) -> None:
    said = "can i follow patients on instagram"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> No: please don't accept friend or follow requests")
    assert "don't send them any" in reply and "trainees" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "can i reply to them from my own account",
        "people are slating our ward on facebook, can i reply to them from my own account?",
        "is it alright to defend my team from my personal insta when people post rubbish about us",
    ],
)
async def test_replying_to_criticism_yourself_is_answered_from_6_7(turns: Turns, said: str) -> None:
    """Before, "can i reply to them from my own account" got "Yes, within reason", from the rule on
    professional use of personal accounts (6.6.3)."""
    reply = replies_to(await converse(turns, said), said)
    assert "section 6.7" in reply and "Communications Team" in reply
    assert "Yes, within reason" not in reply


async def test_suggesting_a_story_for_the_trust_account_is_about_the_trusts_channels(turns: Turns) -> None:
    """Before, it offered to plan a new team account."""
    said = "i want to suggest a story for the trust account"
    transcript = await converse(turns, said, "1")
    asked = replies_to(transcript, said)
    assert "1. getting content on the Trust's channels" in asked or "written plan" not in asked
    reply = replies_to(transcript, "1") if "1. getting" in asked else asked
    assert "section 6.6.1" in reply and "communications@tavi-port.nhs.uk" in reply
    assert "written plan" not in reply


async def test_a_question_about_criticism_cites_6_7(turns: Turns) -> None:
    said = "what should I do if I see someone slagging off the trust on twitter?"
    reply = replies_to(await converse(turns, said), said)
    assert "section 6.7" in reply
    assert "Communications Team" in reply


async def test_out_of_scope_is_honest_and_points_to_people(turns: Turns) -> None:
    said = "how do I claim back my mileage expenses?"
    reply = replies_to(await converse(turns, said), said)
    assert "isn't something the Staff Use of Social Media Policy covers" in reply
    assert "Communications Team" in reply and "line manager" in reply
    assert "section" not in reply


async def test_asking_for_an_accounts_password_is_refused_and_points_to_comms(turns: Turns) -> None:
    """Before, "what's the password for..." got the card on team passwords, as if a question about
    the policy. Signpost never gives out a login; the staff room's wifi is simply not covered."""
    said = "whats the login for the trust's tiktok? got a video that needs to go up asap"
    reply = replies_to(await converse(turns, said), said)
    assert "can't give out passwords or logins" in reply and "Communications Team" in reply
    said = "what's the wifi password in the staff room"
    reply = replies_to(await converse(turns, said), said)
    assert "isn't something the Staff Use of Social Media Policy covers" in reply
    assert "can't give out passwords" not in reply


async def test_personal_crisis_gets_help_at_once_and_no_questions(turns: Turns) -> None:
    said = "I can't cope anymore, I don't want to be here"
    reply = replies_to(await converse(turns, said), said)
    first_lines = reply.splitlines()[:8]
    for number in ("999", "111", "116 123", "85258"):
        assert any(number in line for line in first_lines), number
    assert "Staff support" in reply
    assert "keep talking" in reply
    assert "?" not in reply
    assert "someone else" not in reply


async def test_crisis_words_quoted_from_a_trust_account_start_the_report_with_the_users_help_too(
    turns: Turns,
) -> None:
    """Quoted from a post but read by the intent model as the user's own: the frame ("our
    tiktok:") makes it a report, with the link first and the user's own help before any
    question (before, the user got only their own help and a report one reply away)."""
    said = "our tiktok: 'not gonna be around much longer so whatever'"
    lines = replies_to(await converse(turns, said), said).splitlines()
    assert (
        lines[0] == f"signpost> Need urgent help? Share this page with them on the platform now: {URGENT_URL}"
    )
    own = next(i for i, line in enumerate(lines) if "If it's you who feels this way" in line)
    assert "999" in lines[own]
    assert own < next(i for i, line in enumerate(lines) if "?" in line and i > 0), "before any question"


async def test_asking_for_help_with_ones_own_goodbye_post_gets_the_users_own_help_first(
    turns: Turns,
) -> None:
    """The user's own goodbye post: their own help, and no report about someone else. (Before,
    it was read as someone else's post: a crisis report, the user's own help second.)"""
    said = "help me write a goodbye post for my fb so my mum understands"
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "call 999" in reply and "116 123" in reply
    assert "Share this page" not in reply and "Communications Team can act" not in reply


@pytest.mark.parametrize("said", ["i need to talk to someone", "need to speak to someone asap"])
async def test_someone_to_talk_to_is_the_users_own_crisis_not_a_report(turns: Turns, said: str) -> None:
    """ "i need to talk to someone" names no post and nobody else: the writer's own crisis. (Before,
    "someone" made it a report of someone else's: the link "to share with them" and "Where is
    it? A link to the post", with no help of the user's own.)"""
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "call 999" in reply and "116 123" in reply
    assert "Share this page with them" not in reply and "Where is it?" not in reply


@pytest.mark.parametrize(
    "said", ["is there anyone i can talk to", "who can i speak to?", "can i speak to someone"]
)
async def test_asking_only_for_someone_to_talk_to_gets_the_users_help_then_what_signpost_does(
    turns: Turns, said: str
) -> None:
    """No topic, no post, nobody else: it may be the first thing someone in distress types.
    (Before, "is there anyone i can talk to" was asked whether it meant "sending analytics to
    Comms" or "what managers must do", and "can i speak to someone" was told to report a
    colleague.)"""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> First, in case any of this is about you")
    assert "999" in reply and "116 123" in reply
    assert "I can help with the Trust's Staff Use of Social Media Policy" in reply
    assert "I want to get this right" not in reply and "analytics" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "sorting out who gets my cat. is there a number for someone to talk to",
        "been giving my things away this week. who can i talk to",
    ],
)
async def test_a_worrying_sentence_beside_asking_for_someone_to_talk_to_is_the_users_crisis(
    turns: Turns, said: str
) -> None:
    """A sentence that may be the writer's crisis, beside one that only asks for someone to talk
    to: the writer's own help in full, not a card after it. (Before, the first got the "in case"
    note and then the card on sending analytics to Comms, read from "a number".)"""
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "999" in reply and "116 123" in reply
    assert "analytics" not in reply and "What the policy says" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "whats the samaritans number i need it now please",
        "is there a crisis line i can ring",
        "sorting my things out. whats the samaritans number",
    ],
)
async def test_asking_for_a_crisis_line_gets_the_users_help_first(turns: Turns, said: str) -> None:
    """Asking for a crisis line, and nothing else, may be someone in crisis: the writer's own
    help in full, the numbers first. (Before, the first got "that isn't something the policy
    covers", with the number in a note after it.)"""
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "116 123" in reply and "85258" in reply
    assert "isn't something the Staff Use of Social Media Policy covers" not in reply


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("can we put the samaritans number on our team page", ("What the policy says", "team accounts")),
        ("whats the helpline number for IT", ("isn't something the Staff Use of Social Media Policy",)),
    ],
)
async def test_a_crisis_line_asked_about_for_a_page_or_another_helpline_is_not_the_users_crisis(
    turns: Turns, said: str, answer: tuple[str, ...]
) -> None:
    """Sharing a crisis line on a page is a question about the policy (its answer, or a choice of
    topics about team accounts), and the IT helpline is not a crisis line: no help of the user's
    own in full."""
    reply = replies_to(await converse(turns, said), said)
    assert "I'm really glad you told me" not in reply
    assert any(words in reply for words in answer), reply[:300]


@pytest.mark.parametrize(
    "said",
    [
        "brill thank you. off on hols tomorrow so wont be around for a fortnight, have a good one",
        "last ever shift today after 31 years here, just wanted to say thanks to whoever set this up x",
        "im leaving the trust in june, how do i hand in my notice and who needs to know",
    ],
)
async def test_away_for_an_everyday_reason_gets_a_reply_with_the_note_in_case(
    turns: Turns, said: str
) -> None:
    """Being away or leaving, with an everyday reason or a set time: the "in case" note first,
    then a reply to what was said, not the help for someone in crisis in full. (Before, each
    got "I'm really glad you told me" and the crisis lines, and nothing else.)"""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> First, in case any of this is about you")
    assert "116 123" in reply
    assert "I'm really glad you told me" not in reply
    assert "I'm sorry this is happening to you" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "i wont be needing my annual leave next year",
        "last shift today. and not just at work. i've made my mind up",
        "off on leave from friday. sorted my will and left notes for everyone",
        # the writer's own care away, and not safe: the help in full, not what Signpost does
        "My therapist is on leave and I don't feel safe tonight. I know this is the social media bot but "
        "I don't know where else to type this",
        "my care coordinator is off for 2 weeks and im scared of what ill do",
    ],
)
async def test_away_told_as_a_goodbye_is_still_the_users_crisis(turns: Turns, said: str) -> None:
    """Leave or a last shift told with a goodbye for good, a will or notes: the writer's own
    help in full, as before."""
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )


@pytest.mark.parametrize("said", ["help me please", "please help me", "someone help me", "pls help"])
async def test_a_plea_for_help_gets_the_users_own_help_first(turns: Turns, said: str) -> None:
    """A plea with nothing to help with may be the first thing someone in distress types.
    (Before, "help me please" and "please help me" got what Signpost does, the support lines
    last, and "someone help me" was a report of someone else's crisis.)"""
    reply = replies_to(await converse(turns, said), said)
    first = reply.splitlines()[0]
    assert first in (
        "signpost> First, in case any of this is about you: you don't have to deal with it on your own. "
        "If you might act on it now, call 999 or go to A&E; NHS 111 option 2 or Samaritans on 116 123, "
        "any time; staff support: the Trust's staff wellbeing service and Employee Assistance Programme "
        "(details on the staff intranet), or your line manager.",
        "signpost> I'm really glad you told me. You don't have to deal with this on your own.",
    )
    assert "999" in reply and "116 123" in reply
    assert "Share this page with them" not in reply


@pytest.mark.parametrize(
    "said", ["theres no hope left", "i have no hope", "there is no hope left for me", "no hope left x"]
)
async def test_hope_given_up_gets_the_users_own_help_at_once(turns: Turns, said: str) -> None:
    """Before, "theres no hope left" and "i have no hope" read as greetings (0.96, 0.99), as
    "hope" is learned from "hope you're well", and got "Hi" with no help at all."""
    reply = replies_to(await converse(turns, said), said)
    first_lines = reply.splitlines()[:8]
    for number in ("999", "116 123"):
        assert any(number in line for line in first_lines), number
    assert "Staff support" in reply
    assert "?" not in reply


@pytest.mark.parametrize(
    "said",
    ["no hope of getting my rota sorted before xmas", "no hope for this trust lol", "hope you're well"],
)
async def test_hope_of_something_is_not_a_crisis(turns: Turns, said: str) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert "999" not in reply and "116 123" not in reply


async def test_a_statement_read_as_a_crisis_by_its_shape_gets_the_help_and_a_way_to_say_otherwise(
    turns: Turns,
) -> None:
    """ "im a physio" reads as the user's crisis, as short messages in the first person mostly
    are in the examples. Before, it got "I'm really glad you told me" and the helplines. The
    helplines still come first, without telling the user what they feel, and the way back."""
    said = "im a physio"
    reply = replies_to(await converse(turns, said), said)
    first_lines = reply.splitlines()[:8]
    for number in ("999", "116 123"):
        assert any(number in line for line in first_lines), number
    assert "Staff support" in reply
    assert "If I've read you wrong and you meant something else" in reply
    assert "glad you told me" not in reply and "these thoughts" not in reply


@pytest.mark.parametrize("said", ["i want to die", "ive had enough", "i have a plan for tonight"])
async def test_a_short_crisis_gets_the_help_as_it_is(turns: Turns, said: str) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> I'm really glad you told me.")
    assert "might act on these thoughts, call 999" in reply
    assert "read you wrong" not in reply


@pytest.mark.parametrize("said", ["help", "help me", "can you help me"])
async def test_asking_for_help_without_a_plea_gets_what_signpost_does(turns: Turns, said: str) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> I can help with the Trust's Staff Use of Social Media Policy")
    assert "in case any of this is about you" not in reply


async def test_asking_who_to_talk_to_about_a_topic_is_still_a_question(turns: Turns) -> None:
    said = "who do i contact about starting a team instagram"
    reply = replies_to(await converse(turns, said), said)
    assert "in case any of this is about you" not in reply
    assert "Communications Team" in reply


@pytest.mark.parametrize(
    "said", ["my friend wants to die", "my best mate keeps telling me he's going to end it"]
)
async def test_someone_elses_crisis_told_in_the_third_person_gets_help_and_the_report_offered(
    turns: Turns, said: str
) -> None:
    """Read as the user's own crisis, with nothing for the friend: before, "my friend wants to
    die" got only "I'm really glad you told me" and no way to report it."""
    transcript = await converse(turns, said, "1")
    first = replies_to(transcript, said)
    assert "999" in first and "116 123" in first
    assert first.index("116 123") < first.index("someone else's words")
    assert "Need urgent help? Share this page with them" in replies_to(transcript, "1")


async def test_a_crisis_with_only_the_writer_in_it_gets_their_own_help_first(turns: Turns) -> None:
    """No post, no page, nobody else: the writer's own crisis, with the report offered after.
    (Before, it read as someone else's: "Share this page with them" came first.)"""
    said = "left my keys and my notes on the desk. tonight's my last shift for good"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> I'm really glad you told me.")
    assert reply.index("116 123") < reply.index("someone else's words")
    assert "Share this page with them" not in reply


async def test_a_crisis_that_names_family_is_still_only_the_users_own(turns: Turns) -> None:
    said = "my family would be better off without me"
    reply = replies_to(await converse(turns, said), said)
    assert "I'm really glad you told me" in reply
    assert "someone else's words" not in reply


async def test_a_crisis_report_that_may_be_the_users_own_crisis_also_gives_their_own_help(
    turns: Turns,
) -> None:
    said = "can you help me word a goodbye post on insta so people understand"
    reply = replies_to(await converse(turns, said), said)
    lines = reply.splitlines()
    assert lines[0].startswith("signpost> Need urgent help?")
    own = next(i for i, line in enumerate(lines) if "If it's you who feels this way" in line)
    assert "999" in lines[own] and "116 123" in lines[own]
    assert own < next(i for i, line in enumerate(lines) if "?" in line and i > 0), "before any question"


async def test_the_users_own_crisis_post_gets_their_help_first_not_a_report_form(turns: Turns) -> None:
    """The writer posted the words: read as someone else's post before, the user was asked
    where they had seen it and got no help of their own."""
    said = "I posted 'i want to die' on my insta last night"
    transcript = await converse(turns, said, "1")
    first = replies_to(transcript, said)
    assert "999" in first.splitlines()[2] and "Samaritans" in first
    assert first.index("Samaritans") < first.index("someone else's words")
    assert replies_to(transcript, "1").startswith("signpost> Need urgent help? Share this page")


async def test_crisis_words_quoted_from_a_message_to_a_trust_page_start_a_report_with_both_helps(
    turns: Turns,
) -> None:
    """The quoted words read as the user's own; the frame says a message came to a Trust page.
    Before, the user got their own help and nothing reached the Communications Team."""
    said = (
        "message just came in on our ward facebook page: \"i don't want to be here anymore, you were "
        'my last hope"'
    )
    lines = replies_to(await converse(turns, said), said).splitlines()
    assert (
        lines[0] == f"signpost> Need urgent help? Share this page with them on the platform now: {URGENT_URL}"
    )
    own = next(i for i, line in enumerate(lines) if "If it's you who feels this way" in line)
    assert own < next(i for i, line in enumerate(lines) if "?" in line and i > 0), "before any question"


async def test_reporting_someone_in_crisis_gives_the_urgent_help_link_first(turns: Turns) -> None:
    said = "someone replied to our team's post saying they're going to end it all tonight"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith(
        f"signpost> Need urgent help? Share this page with them on the platform now: {URGENT_URL}"
    )
    assert "999" in reply.splitlines()[1]
    assert "If it's you" not in reply


async def test_a_question_beside_words_that_may_be_a_crisis_gets_urgent_help_then_its_answer(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Read whole as a policy question; one sentence clears only `WORRY_BARS`."""
    said = "can I accept a friend request from a former patient? been stockpiling my meds"
    outcome = await turns.handle(make_message(said))
    first, answer = outcome.replies
    assert first.urgent and "116 123" in first.text and "999" in first.text
    assert first.text.startswith("First, in case any of this is about you")
    assert not answer.urgent and answer.text.startswith("No")
    assert "section 6.1" in answer.text
    assert outcome.escalation is None and outcome.private


async def test_a_question_beside_words_that_may_be_someone_elses_crisis_offers_the_report(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    said = (
        "can I post photos of my ward on instagram? one of our followers wrote that tonight feels different"
    )
    outcome = await turns.handle(make_message(said))
    first, answer, offer = outcome.replies
    assert first.urgent
    assert first.text.startswith("First, in case someone online is in crisis. Need urgent help?")
    assert URGENT_URL in first.text
    assert "section" in answer.text and not answer.urgent
    assert [choice.value for choice in offer.choices] == ["intent:report_crisis"]
    started = await turns.handle(make_message("1"))
    assert started.state.flow == "report_crisis"
    assert started.replies[0].text.startswith("Need urgent help?")


async def test_what_to_do_should_someone_be_in_crisis_is_answered_not_made_a_report(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """A question about the crisis procedure gets the page first, the procedure's answer,
    and the report offered in case it is happening: not a report form asking where the post is."""
    said = "what would we do if someone ever messaged our page saying they wanted to end their life?"
    outcome = await turns.handle(make_message(said))
    first, answer, offer = outcome.replies
    assert first.urgent and URGENT_URL in first.text
    assert first.text.startswith("First, in case someone online is in crisis. Need urgent help?")
    assert "section 6.8" in answer.text and "Where is it?" not in answer.text
    assert outcome.escalation is None
    assert [choice.value for choice in offer.choices] == ["intent:report_crisis"]
    started = await turns.handle(make_message("1"))
    assert started.state.flow == "report_crisis"


async def test_a_threat_to_the_user_starts_the_targeted_report(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Not someone in crisis to answer kindly: the user is the target, told to call 999 if unsafe."""
    said = "a patient's dad has been threatening me on facebook saying he'll hurt me"
    outcome = await turns.handle(make_message(said))
    assert outcome.state.flow == "report_targeted"
    first, intro, *_ = outcome.replies
    assert first.urgent and first.text.startswith("First, in case someone online is in crisis")
    assert intro.text.startswith("I'm sorry this is happening to you")
    assert "If you're threatened or feel unsafe, call 999" in intro.text
    assert not any("Reply briefly and kindly" in reply.text for reply in outcome.replies)
    assert outcome.escalation is None


async def test_a_question_with_an_ordinary_aside_gets_no_urgent_help(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    for said in (
        "can I post photos of my ward on instagram? asking for a friend",
        "can I post photos of my ward on instagram? my manager said it's fine",
        "what's the policy on whatsapp groups? we have one for the ward. is that ok",
    ):
        outcome = await turns.handle(make_message(said, conversation=said[-12:]))
        assert not any(reply.urgent for reply in outcome.replies), said
        assert "section" in outcome.replies[0].text, said


async def test_small_talk_that_may_be_distress_gets_urgent_help_before_its_reply(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Read as a request for help or as out of scope, with some of the crisis reading in it
    (`SMALL_TALK_WORRY`): urgent help first, then the reply, without its own support line
    twice. Before, "nobody can help me now" got only the list of what Signpost does (it now
    reads as the user's own crisis)."""
    outcome = await turns.handle(make_message("panic attack", conversation="panic attack"))
    first, reply = outcome.replies
    assert first.urgent and first.text.startswith("First, in case any of this is about you")
    assert "116 123" in first.text and "999" in first.text
    assert reply.text.startswith("Sorry, that isn't something") and "116 123" not in reply.text
    assert outcome.escalation is None and outcome.state.flow is None


async def test_help_and_not_covered_end_with_where_to_turn_and_plain_small_talk_gets_no_alarm(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """The help and "not covered" replies always say where the user can turn; ordinary small
    talk and plain replies get no urgent help first. "tonight feels different" reads as out of
    scope with no crisis in it to the models; as a warning sign (`text.warning_sign_told`) it gets
    urgent help first (with the Samaritans' number), then the "not covered" reply."""
    for said in ("help", "how do I claim back my mileage expenses?"):
        outcome = await turns.handle(make_message(said, conversation=said))
        (reply,) = outcome.replies
        assert not reply.urgent, said
        assert reply.text.endswith(OWN_SUPPORT) and "116 123" in reply.text, said
    veiled = await turns.handle(make_message("tonight feels different", conversation="veiled"))
    assert veiled.replies[0].urgent and veiled.escalation is None
    assert "116 123" in veiled.replies[0].text
    assert "isn't something the Staff Use of Social Media Policy covers" in veiled.replies[-1].text
    for said in ("hiya", "thanks", "i dont know", "im fine", "what can you do?", "payslip"):
        outcome = await turns.handle(make_message(said, conversation=said))
        assert len(outcome.replies) == 1 and not outcome.replies[0].urgent, said


async def test_someone_said_to_be_fine_again_starts_no_report_and_files_nothing(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Before, "shes ok now" read as someone else's crisis and started the crisis report, and
    a puzzled "what" was taken as its answer and filed an urgent report."""
    for said in ("shes ok now", "hes fine", "sorry", "done"):
        first = await turns.handle(make_message(said, conversation=said))
        assert first.state.flow is None and first.escalation is None, said
        assert not any(reply.urgent for reply in first.replies), said
        then = await turns.handle(make_message("what", conversation=said))
        assert then.escalation is None and then.state.flow is None, said


async def test_greeting_and_help_say_what_signpost_does(turns: Turns) -> None:
    transcript = await converse(turns, "hiya", "what can you do?")
    assert "Hello!" in replies_to(transcript, "hiya")
    assert "someone who seems to be in crisis" in replies_to(transcript, "what can you do?")


async def test_empty_and_odd_input_get_a_clear_answer(turns: Turns) -> None:
    transcript = await converse(turns, "", "   ", "\x1b[31m", "🙂" * 3000)
    assert transcript.count("I didn't catch anything there") == 2
    assert "error" not in transcript.lower()


async def test_a_vague_message_asks_one_clarifying_question_and_the_choice_is_answered(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    outcome = await turns.handle(make_message("twitter"))
    (reply,) = outcome.replies
    assert len(reply.choices) == 2
    assert "Reply with a number" in reply.text
    picked = await turns.handle(make_message("2"))
    assert picked.replies[0].text != reply.text
    assert picked.replies[0].choices == ()


async def test_one_word_is_not_taken_as_a_report_but_offers_the_report_and_the_guidance(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    for word in ("posting", "patient", "photo"):
        outcome = await turns.handle(make_message(word, conversation=f"D-{word}"))
        (reply,) = outcome.replies
        assert outcome.escalation is None and len(reply.choices) == 2, word
        assert reply.text.startswith("I want to get this right"), word
        assert any(c.value.startswith("intent:report_") for c in reply.choices), word
    # Picking the report starts it; the crisis words and a bare link are never held back.
    asked = await turns.handle(make_message("posting", conversation="D-pick"))
    number = 1 + [c.value for c in asked.replies[0].choices].index("intent:report_breach")
    started = await turns.handle(make_message(str(number), conversation="D-pick"))
    assert started.state.flow == "report_breach"
    crisis = await turns.handle(make_message("suicidal", conversation="D-crisis"))
    assert crisis.replies[0].urgent and "Samaritans" in crisis.replies[0].text
    link = await turns.handle(make_message("https://x.com/someone/status/17", conversation="D-link"))
    assert link.state.flow == "report_criticism"


async def test_two_topics_offered_for_words_a_crisis_may_use_say_where_to_turn(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """ "i have a plan" offers two topics; as it may be a plan to end one's life, the offer ends
    with where to turn. A topic named alone ("posting") gets the offer without it."""
    planned = await turns.handle(make_message("i have a plan", conversation="D-plan"))
    (reply,) = planned.replies
    assert reply.text.startswith("I want to get this right") and len(reply.choices) == 2
    assert "Samaritans on 116 123" in reply.text and not reply.urgent
    posting = await turns.handle(make_message("posting", conversation="D-posting"))
    (offer,) = posting.replies
    assert offer.text.startswith("I want to get this right") and "Samaritans" not in offer.text


async def test_a_platform_or_topic_named_alone_gets_its_guidance_offered_not_a_greeting(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    asked = await turns.handle(make_message("blog", conversation="D-blog"))
    (reply,) = asked.replies
    assert reply.text.startswith("I want to get this right") and "Hello!" not in reply.text
    titles = [c.label for c in reply.choices]
    assert "starting your own professional blog, podcast or channel" in titles, titles
    number = 1 + titles.index("starting your own professional blog, podcast or channel")
    answered = await turns.handle(make_message(str(number), conversation="D-blog"))
    card = turns.router.knowledge.card("own-professional-channel")
    assert answered.replies[0].text.startswith(card.answer)


async def test_the_clarifying_question_survives_a_restart(
    turns: Turns, make_message: Callable[..., IncomingMessage], clock: Clock
) -> None:
    asked = await turns.handle(make_message("twitter"))
    second = asked.replies[0].choices[1].value
    restarted = Turns(
        router=turns.router, engine=turns.engine, confirmations=turns.confirmations, clock=clock
    )
    answer = await restarted.handle(make_message("2"))
    assert answer.replies[0].choices == ()
    assert "I want to get this right" not in answer.replies[0].text
    if second.startswith("card:"):
        card = turns.router.knowledge.card(second.removeprefix("card:"))
        assert answer.replies[0].text.startswith(card.answer)


async def test_questions_are_logged_without_their_text(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    secret = "can I accept a friend request from my patient Jane Doe-Smithson?"
    await turns.handle(make_message(secret))
    async with turns.sessions() as session:
        rows = (await session.execute(select(AdviceLogRow))).scalars().all()
        states = (await session.execute(select(ConversationStateRow))).scalars().all()
    assert [(r.intent, r.cited_section, r.policy_version) for r in rows] == [
        ("policy_question", "6.1", "1.0")
    ]
    stored = " ".join(str(v) for r in rows for v in vars(r).values())
    stored += " ".join(str(s.data) for s in states)
    assert "Jane" not in stored and "Smithson" not in stored


@pytest.mark.parametrize("leave", ["quit", "/quit", "EXIT", "/exit"])
async def test_the_terminal_leaves_on_quit_with_or_without_a_slash(turns: Turns, leave: str) -> None:
    """Before, "/quit" was read as an unknown command and answered with the help."""
    out = io.StringIO()
    await chat(turns, io.StringIO(f"{leave}\nhello\n"), out)
    assert out.getvalue().rstrip().endswith("Bye. Take care.")
    assert "you>" not in out.getvalue() and "What the policy says" not in out.getvalue()


def test_signpost_chat_runs_end_to_end_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "chat"],
        input="hello\ncan i accept a friend request from a former patient?\nquit\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{db}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "section 6.1" in done.stdout
    assert done.stdout.rstrip().endswith("Bye. Take care.")
    assert db.is_file()


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("thanks x", "You're welcome."),
        ("brilliant, thank you so much", "You're welcome."),
        ("cheers", "You're welcome."),
        ("ok thanks bye", "Bye for now."),
        ("bye", "Bye for now."),
    ],
)
async def test_a_thank_you_or_goodbye_gets_a_word_back_not_the_whole_hello(
    turns: Turns, said: str, answer: str
) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith(f"signpost> {answer}") and "Hello!" not in reply
    assert URGENT_URL not in reply and "116 123" not in reply


@pytest.mark.parametrize("said", ["thanks for everything", "goodbye", "bye everyone"])
async def test_a_parting_that_may_be_a_crisis_is_not_answered_lightly(turns: Turns, said: str) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert "116 123" in reply and "Bye for now" not in reply and "You're welcome" not in reply


@pytest.mark.parametrize("said", ["im safe", "thanks. im safe.", "im safe now thanks", "yes im safe"])
async def test_saying_you_are_safe_gets_a_word_back_not_the_crisis_help_again(
    turns: Turns, said: str
) -> None:
    """Before, "im safe" read as the user's crisis (1.00) and got the same helplines again; with
    nothing else in it, it is a reply."""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> OK. I'm here whenever you need me")
    assert "116 123" not in reply and "section" not in reply


@pytest.mark.parametrize("said", ["im not safe", "i dont feel safe", "no im not safe", "not safe"])
async def test_saying_you_are_not_safe_still_gets_urgent_help(turns: Turns, said: str) -> None:
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> I'm really glad you told me") and "116 123" in reply


async def test_safe_now_and_a_question_after_crisis_help_gets_the_answer(turns: Turns) -> None:
    transcript = await converse(
        turns, "i cant cope anymore", "thanks. im safe. can i ask about whatsapp groups at work"
    )
    first = replies_to(transcript, "i cant cope anymore")
    assert "116 123" in first
    then = replies_to(transcript, "thanks. im safe. can i ask about whatsapp groups at work")
    assert "group chats" in then and "116 123" not in then


@pytest.mark.parametrize(
    ("said", "title", "cited"),
    [
        (
            "what's section 6.8 about",
            "Section 6.8 of the policy is “Responding to social media users in crisis”",
            "section 6.8",
        ),
        (
            "explain 6.6.2 to me",
            "Section 6.6.2 of the policy is “Department/service-level social media channels”",
            "section 6.6.2",
        ),
        (
            "whats in appendix 2",
            "Appendix 2 of the policy is “Social media – common dos and don'ts”",
            "Appendix 2",
        ),
    ],
)
async def test_a_section_asked_for_by_its_number_is_summed_up_from_its_own_words(
    turns: Turns, said: str, title: str, cited: str
) -> None:
    """Before, "what's section 6.8 about" got "isn't something the policy covers", and "what
    does section 6.3 say" the crisis procedure's card."""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith(f"signpost> {title}")
    assert f"(Staff Use of Social Media Policy v1.0, {cited})" in reply


@pytest.mark.parametrize("said", ["cancel", "stop", "nevermind"])
async def test_cancel_with_no_report_under_way_says_so(turns: Turns, said: str) -> None:
    """Before, "cancel" got "isn't something the policy covers" with the Samaritans line."""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> There's no report under way, so there's nothing to cancel.")
    assert "116 123" not in reply


async def test_saying_only_that_one_is_struggling_gets_support_not_a_policy_card(turns: Turns) -> None:
    """Before, "i'm struggling a bit if i'm honest" was answered with the policy card on
    employer review sites."""
    said = "i'm struggling a bit if i'm honest"
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "staff wellbeing service" in reply and "116 123" in reply
    assert "review" not in reply.lower()


async def test_saying_everyone_hates_them_gets_support_not_the_advice_on_online_abuse(turns: Turns) -> None:
    """Before, "everyone hates me" got the advice for staff targeted online (section 7) and an
    offer to tell the Communications Team."""
    said = "everyone hates me"
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "staff wellbeing service" in reply and "116 123" in reply
    assert "section 7" not in reply and "Communications Team know" not in reply


async def test_a_first_person_question_gets_its_answer_after_the_help(turns: Turns) -> None:
    """Before, the question was read as the user's crisis: the helplines came alone, "I'm really
    glad you told me", and the question about the team account was never answered."""
    said = (
        "i'm leaving the team next month and i'm the only one with the password for our service fb. "
        "what do i do with it?"
    )
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> First, in case any of this is about you"), reply[:120]
    assert "116 123" in reply
    assert "The Communications Team must have the username and current password" in reply
    assert "section 6.6.2" in reply
    assert "glad you told me" not in reply


@pytest.mark.parametrize(
    ("said", "opening"),
    [
        ("what should i do if a former patient sends me a friend request", "signpost> Please don't accept"),
        (
            "how often do we have to check our team twitter account?",
            "signpost> Check your team account every day",
        ),
        ("a former patient sent me a friend request, can i accept?", "signpost> No: please don't accept"),
        ("is there a process for opening a team account?", "signpost> Yes, there is a process"),
    ],
)
async def test_an_open_question_is_not_answered_yes_or_no(turns: Turns, said: str, opening: str) -> None:
    """ "what should I do…" asks what, not whether: before, it was answered "No: please don't
    accept…". A question asking whether keeps its "Yes" or "No"."""
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith(opening), reply[:120]


async def _escalation_count(turns: Turns) -> int:
    async with turns.sessions() as session:
        return len((await session.execute(select(EscalationRow))).scalars().all())


async def test_a_follow_up_to_an_answer_is_read_with_its_topic_not_as_a_crisis_report(turns: Turns) -> None:
    """Before, "what if she's not a patient anymore" (crisis 0.51, detector +0.24) started a
    crisis report and recorded an urgent escalation, paging the on-call contact."""
    first, then = "pt's mum added me on fb shud i accept", "what if she's not a patient anymore"
    reply = replies_to(await converse(turns, first, then), then)
    assert "Please don't accept friend or follow requests" in reply
    assert URGENT_URL in reply.split("Please don't accept")[0], "the link to share comes first, in case"
    assert "Where is it?" not in reply
    assert await _escalation_count(turns) == 0


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (
            "can I add a colleague as a friend on facebook",
            "what about my manager",
            "Connecting with colleagues",
        ),
        ("can i share a news article on my facebook", "I haven't read all of it", "as long as you've read"),
    ],
)
async def test_a_short_follow_up_gets_the_answer_of_its_topic(
    turns: Turns, first: str, then: str, expected: str
) -> None:
    """Before, "what about my manager" was "not something the policy covers", and "I haven't
    read all of it" got the full crisis help (0.90) with nothing about the article."""
    reply = replies_to(await converse(turns, first, then), then)
    assert expected in reply
    assert "glad you told me" not in reply


@pytest.mark.parametrize(
    "then", ["what if i just ended it all tonight", "what about if i want to kill myself"]
)
async def test_a_crisis_said_as_a_follow_up_is_still_a_crisis(turns: Turns, then: str) -> None:
    first = "pt's mum added me on fb shud i accept"
    reply = replies_to(await converse(turns, first, then), then)
    assert reply.startswith("signpost> I'm really glad you told me.")
    assert "116 123" in reply and "Please don't accept" not in reply


@pytest.mark.parametrize(
    "said",
    [
        "I want to report something",
        "i need to report a post",
        "can i flag something",
        "i want to report somthing",
    ],
)
async def test_a_wish_to_report_with_nothing_about_what_asks_which_report(turns: Turns, said: str) -> None:
    """Before, "I want to report something" started the criticism report, and "i want to report
    somthing" (read weakly as the user's crisis for the misspelling) got their help in full."""
    transcript = await converse(turns, said, "1")
    reply = replies_to(transcript, said)
    assert reply.startswith("signpost> What would you like to report?")
    assert "1. Someone online who seems to be in crisis" in reply and "Where is it?" not in reply
    assert replies_to(transcript, "1").startswith("signpost> Need urgent help?")


@pytest.mark.parametrize(
    "said",
    [
        "is this policy still current?",
        "who wrote this policy and when was it approved",
        "what version of the policy is this",
    ],
)
async def test_a_question_about_the_document_gets_its_version_author_and_review(
    turns: Turns, said: str
) -> None:
    """Before, "is this policy still current?" got "No, it isn't part of your employment
    contract…", and "who wrote this policy" the equality impact assessment."""
    reply = replies_to(await converse(turns, said), said)
    assert "version 1.0" in reply and "14 September 2021" in reply and "Mike Smith" in reply
    assert "due for review in October 2023" in reply


async def test_a_new_link_after_an_answer_is_read_as_it_is(turns: Turns) -> None:
    """A follow-up with a link says something is there now: it is not read with the answer's
    topic."""
    first = "pt's mum added me on fb shud i accept"
    then = "what about this one https://x.com/someone/status/1 saying they want to end it all tonight"
    reply = replies_to(await converse(turns, first, then), then)
    assert reply.startswith("signpost> Need urgent help?")


async def test_a_misspelt_question_gets_its_answer_not_the_reply_for_another_language(
    turns: Turns,
) -> None:
    """Before, "can i acept a frend reqest frm a patiant" got the link to share, the user's own
    help and "I can only read English"."""
    said = "can i acept a frend reqest frm a patiant"
    reply = replies_to(await converse(turns, said), said)
    assert reply.startswith("signpost> No") and "section 6.1" in reply
    assert "English" not in reply and "116 123" not in reply


async def test_despair_asked_as_a_question_gets_the_helplines_not_a_policy_card(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Before, "how do i make the pain stop?" got "not something I cover" and "why should i
    bother anymore?" a policy card, with no help at all."""
    for text in ("how do i make the pain stop?", "why should i bother anymore?"):
        outcome = await turns.handle(make_message(text, conversation=f"D-{text}"))
        assert outcome.replies[0].urgent and "Samaritans" in outcome.replies[0].text, text
        assert outcome.escalation is None
        assert not any("Staff Use of Social Media Policy" in reply.text for reply in outcome.replies), text


async def test_a_quoted_tweet_naming_suicide_gets_the_link_first_and_the_report_offered(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    text = 'tweet tagging us "ur staff laughed when i said i was suicidal. fine ill do it properly this time"'
    outcome = await turns.handle(make_message(text, conversation="D-tweet"))
    first = outcome.replies[0]
    assert first.urgent and "Need urgent help? Share this page with them" in first.text


async def test_a_complaint_about_our_care_starts_a_criticism_report_after_the_link(
    turns: Turns, make_message: Callable[..., IncomingMessage]
) -> None:
    """Before, "a mum on tiktok says our camhs team never called her back and she's tagged us"
    read weakly as someone else's crisis and recorded an urgent crisis report at once."""
    text = "a mum on tiktok says our camhs team never called her back and she's tagged us"
    outcome = await turns.handle(make_message(text, conversation="D-complaint"))
    first = outcome.replies[0]
    assert first.urgent and "Need urgent help? Share this page with them" in first.text
    assert outcome.escalation is None and outcome.state.flow == "report_criticism"
    assert "Where is it?" in outcome.replies[-1].text


@pytest.mark.parametrize(
    "text",
    [
        'threads: "gave my dog to my neighbour today. thanks tavistock for nothing" - is this something?',
        'google review "staff were rude, I left feeling worse than when I came in. last time ill ask '
        'anyone for help"',
        "Pasting this from a reply to the trust's tweet: \"been on your waiting list since march. gave my "
        "cat to my sister today, she'll look after her better than I can. ur service failed me\" - I think "
        "this might be serious?",
    ],
)
async def test_a_complaint_telling_someone_elses_warning_sign_starts_the_crisis_report(
    turns: Turns, make_message: Callable[..., IncomingMessage], text: str
) -> None:
    """Before, these started a criticism report (or got "not something I cover") after the link:
    a pet given away or "the last time i'll ask anyone for help", told of someone who mentioned
    us, is a crisis report even when it complains."""
    outcome = await turns.handle(make_message(text, conversation="D-warning"))
    assert outcome.replies[0].urgent and outcome.replies[0].text.startswith("Need urgent help?")
    assert outcome.state.flow == "report_crisis"


async def test_the_writers_own_riddle_gets_their_own_help_and_nothing_about_the_policy(turns: Turns) -> None:
    """Before, "if i dont post tmrw u know why" got someone else's crisis link, then "that isn't
    something the Staff Use of Social Media Policy covers"."""
    said = "if i dont post tmrw u know why"
    reply = replies_to(await converse(turns, said), said)
    assert reply.splitlines()[0] == (
        "signpost> I'm really glad you told me. You don't have to deal with this on your own."
    )
    assert "116 123" in reply and "isn't something" not in reply and "Share this page" not in reply
