"""Adaptive Cards (schema 1.5, what Teams renders): replies with buttons, the report form,
the Communications Team card and the welcome card.

User text is always escaped (`adapters.teams.text.escape`) so it cannot create links or
formatting; our own links are OpenUrl buttons. Sizes stay well inside Teams' 28 KB limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from botbuilder.schema import Attachment

from adapters.teams.text import escape, escape_within, truncate
from bot.comms import HISTORY_ACTIONS, KIND_LABELS, STATUS_LABELS, WITHDRAWN, EscalationView
from bot.forms import KINDS, PLATFORM_CHOICES, ReportForm, platform_for
from bot.messages import Reply, detail_text

Card = dict[str, Any]
CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
REPORT_SUBMIT = "report_submit"
COMMS_ACK = "comms_ack"
COMMS_RESOLVE = "comms_resolve"


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> Card:
    content: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body}
    if actions:
        content["actions"] = actions
    content["msteams"] = {"width": "Full"}
    return content


def attachment(content: Card) -> Attachment:
    return Attachment(content_type=CARD, content=content)


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def execute(title: str, verb: str, data: dict[str, Any], *, style: str | None = None) -> dict[str, Any]:
    """An Action.Execute button (an `adaptiveCard/action` invoke), with an Action.Submit
    fallback for clients without Universal Actions."""
    action: dict[str, Any] = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": {"signpost": verb, **data},
        "fallback": {"type": "Action.Submit", "title": title, "data": {"signpost": verb, **data}},
    }
    if style:
        action["style"] = style
    return action


def open_url(title: str, url: str) -> dict[str, Any]:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


# ---------------------------------------------------------------- replies to staff


def reply_card(reply: Reply, *, urgent_help_url: str) -> Card | None:
    """The buttons under a reply (its choices, the urgent-help link), or None. The words stay
    in the message text, which is complete on its own, so nothing shows twice."""
    if not reply.choices and not reply.urgent:
        return None
    actions: list[dict[str, Any]] = []
    if reply.urgent:
        actions.append(open_url("Need urgent help?", urgent_help_url))
    for choice in reply.choices[:6]:
        actions.append(choice_button(choice.label, choice.value))
    return card([], actions)


def choice_button(label: str, value: str) -> dict[str, Any]:
    """Sends `value` as if typed, and shows the label in the chat."""
    return {
        "type": "Action.Submit",
        "title": truncate(label, 60),
        "data": {
            "signpost": "choice",
            "value": value,
            "msteams": {"type": "messageBack", "displayText": truncate(label, 200), "text": value},
        },
    }


# ---------------------------------------------------------------- the welcome card


def welcome_card(*, urgent_help_url: str) -> Card:
    body = [
        text_block("Signpost: social media at work", size="Large", weight="Bolder"),
        text_block(
            "I answer questions about the Trust's Staff Use of Social Media Policy, in plain words with "
            "the policy's own text, and I pass reports to the Communications Team."
        ),
        text_block(
            "- Ask me anything here, e.g. *can I accept a friend request from a former patient?*\n"
            "- Seen criticism of the Trust online, or someone who seems to be in crisis? Tell me, use "
            "**Report something** below, or choose *Report to Communications* on a message."
        ),
        text_block(
            "**Someone online in crisis?** Share the *Need urgent help?* page with them. "
            "If a life is at immediate risk, call 999."
        ),
    ]
    actions = [
        open_url("Need urgent help?", urgent_help_url),
        {"type": "Action.Submit", "title": "Report something", "data": {"signpost": "open_form"}},
    ]
    return card(body, actions)


# ---------------------------------------------------------------- the report form


def report_card(
    *,
    urgent_help_url: str,
    form: ReportForm | None = None,
    problems: dict[str, str] | None = None,
    dialog: bool = False,
) -> Card:
    """The report form. In a dialog (the message action) it submits with Action.Submit;
    in chat, with Action.Execute so the card can be replaced by the result."""
    form = form or ReportForm()
    problems = problems or {}
    body: list[dict[str, Any]] = [
        text_block("Report to the Communications Team", size="Medium", weight="Bolder"),
        {
            "type": "Container",
            "style": "attention" if form.kind == "crisis" else "emphasis",
            "id": "urgent_help",
            "items": [
                text_block(
                    "**Need urgent help?** If the person seems to be in crisis, share the Trust's "
                    "*Need urgent help?* page with them now (the button below). If anyone's life is at "
                    "immediate risk, call **999** with what you know. Reply briefly and kindly; don't "
                    "counsel, argue or share details."
                )
            ],
        },
    ]
    if problems:
        body.append(
            text_block("Please check: " + " ".join(problems.values()), color="Attention", weight="Bolder")
        )

    def problem(field: str) -> None:
        if field in problems:
            body.append(text_block(problems[field], color="Attention", size="Small", spacing="None"))

    body.append(
        {
            "type": "Input.ChoiceSet",
            "id": "kind",
            "label": "What kind of mention is it?",
            "style": "expanded",
            "isRequired": True,
            "errorMessage": "Please choose what kind of mention it is.",
            "choices": [{"title": label, "value": value} for value, (_, label) in KINDS.items()],
            **({"value": form.kind} if form.kind in KINDS else {}),
        }
    )
    problem("kind")
    body.append(
        {
            "type": "Input.Text",
            "id": "link",
            "label": "Link to the post",
            "placeholder": "https://...",
            "style": "Url",
            "maxLength": 2048,
            "value": form.link[:2048],
        }
    )
    problem("link")
    chosen = form.platform or (platform_for(form.link) if form.link else None)
    body.append(
        {
            "type": "Input.ChoiceSet",
            "id": "platform",
            "label": "Platform",
            "style": "compact",
            "placeholder": "Choose a platform",
            "choices": [{"title": name, "value": name} for name in PLATFORM_CHOICES],
            **({"value": chosen} if chosen in PLATFORM_CHOICES else {}),
        }
    )
    problem("platform")
    body.append(
        {
            "type": "Input.Text",
            "id": "what_said",
            "label": "What was said?",
            "placeholder": "Briefly, in your words. Please don't include patients' names.",
            "isMultiline": True,
            "isRequired": True,
            "errorMessage": "Please say briefly what was said.",
            "maxLength": 3000,
            "value": form.what_said[:3000],
        }
    )
    problem("what_said")
    replied = {True: "yes", False: "no"}.get(form.replied) if form.replied is not None else None
    body.append(
        {
            "type": "Input.ChoiceSet",
            "id": "replied",
            "label": "Have you replied to it yourself?",
            "style": "expanded",
            "choices": [{"title": "Yes", "value": "yes"}, {"title": "No", "value": "no"}],
            **({"value": replied} if replied else {}),
        }
    )
    body.append(
        {
            "type": "Input.Toggle",
            "id": "anonymous",
            "title": "Report anonymously (your name isn't stored; no updates)",
            "valueOn": "yes",
            "valueOff": "no",
            "value": "yes" if form.anonymous else "no",
        }
    )
    submit: dict[str, Any]
    if dialog:
        submit = {"type": "Action.Submit", "title": "Send report", "data": {"signpost": REPORT_SUBMIT}}
    else:
        submit = execute("Send report", REPORT_SUBMIT, {}, style="positive")
    return card(body, [open_url("Need urgent help?", urgent_help_url), submit])


def read_form(data: dict[str, Any]) -> ReportForm:
    """Submitted card inputs as a form; anything missing or odd reads as empty."""

    def text(name: str) -> str:
        value = data.get(name)
        return value if isinstance(value, str) else ""

    kind = text("kind") or None
    platform = text("platform") or None
    replied = text("replied")
    return ReportForm(
        kind=kind,
        link=text("link"),
        platform=platform,
        what_said=text("what_said"),
        replied=None if replied not in ("yes", "no") else replied == "yes",
        anonymous=text("anonymous").lower() in ("yes", "true"),
    )


def done_card(title: str, replies: tuple[Reply, ...], *, urgent_help_url: str, urgent: bool) -> Card:
    body = [text_block(title, size="Medium", weight="Bolder")]
    body.extend(text_block(escape_within(reply.text, 4000)) for reply in replies)
    actions = [open_url("Need urgent help?", urgent_help_url)] if urgent else []
    return card(body, actions)


# ---------------------------------------------------------------- the Communications Team


def who_did(actor: str | None, names: Mapping[str, str] | None = None) -> str:
    """The person's Teams display name when it is known, else their id."""
    if not actor or actor == "anonymous":
        return "Anonymous"
    return escape(truncate((names or {}).get(actor) or actor, 80))


def _via(channel: str) -> str:
    return "" if channel == "teams" else f" ({escape(channel)})"


def when(at: dt.datetime) -> str:
    """A Teams date: each reader sees it in their own time zone."""
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def comms_card(
    view: EscalationView, *, notice: str | None = None, names: Mapping[str, str] | None = None
) -> Card:
    kind = KIND_LABELS.get(view.kind, view.kind)
    urgent = view.severity == "urgent"
    title = f"{'🚨 URGENT · ' if urgent else ''}{kind} · {view.ref}"
    body: list[dict[str, Any]] = [
        text_block(title, size="Medium", weight="Bolder", color="Attention" if urgent else "Default")
    ]
    if notice:
        body.append(text_block(notice, weight="Bolder"))
    if view.kind == "crisis":
        body.append(text_block("**Content warning:** this report may describe suicide or self-harm."))
    details = dict(view.details)
    where = str(details.pop("Where", "") or "Not given")
    platform = str(details.pop("Platform", "") or "Not given")
    facts = [
        ("Status", STATUS_LABELS.get(view.status, escape(view.status))),
        ("Severity", "Urgent" if urgent else "Normal"),
        ("Platform", escape_within(platform, 200)),
        ("Where", escape_within(where, 500)),
        ("Reported", when(view.created_at)),
        ("By", who_did(view.reporter_id, names) + _via(view.channel)),
    ]
    body.append({"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]})
    body.append(text_block("**Summary**"))
    body.append(text_block(escape_within(view.summary, 1500), spacing="None"))
    lines = [
        f"**{escape(str(label))}:** {escape_within(detail_text(value), 400)}"
        for label, value in details.items()
    ]
    if lines:
        body.append(text_block("\n\n".join(lines)[:6000]))
    if view.abandoned:
        body.append(text_block("The reporter stopped before answering every question.", isSubtle=True))
    for entry in [e for e in view.history if e.action in HISTORY_ACTIONS][-5:]:
        line = f"{HISTORY_ACTIONS[entry.action]} by {who_did(entry.actor, names)} {when(entry.at)}"
        if entry.note:
            line += ": " + escape_within(entry.note, 300)
        body.append(text_block(line, isSubtle=True, size="Small"))
    actions: list[dict[str, Any]] = []
    if view.status == "open":
        actions.append(execute("Acknowledge", COMMS_ACK, {"ref": view.ref}, style="positive"))
    if view.status != "resolved":
        note = {
            "type": "Input.Text",
            "id": "note",
            "label": "What was done?",
            "isMultiline": True,
            "maxLength": 2000,
            "placeholder": "e.g. Replied from the Trust account; PALS contacted.",
        }
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": "Resolve",
                "card": {
                    "type": "AdaptiveCard",
                    "body": [note],
                    "actions": [execute("Resolve", COMMS_RESOLVE, {"ref": view.ref})],
                },
            }
        )
    return card(body, actions)


def oncall_notice(purpose: str) -> str:
    if purpose == "oncall_ping":
        return "Out of hours: the Communications Team is not monitoring now, so this comes to you."
    return "Not yet acknowledged after 30 minutes: please pick this up."


def reminder_text(view: EscalationView) -> str:
    urgent = "urgent " if view.severity == "urgent" else ""
    return f"Reminder: this {urgent}report ({view.ref}) has not been acknowledged yet."


def update_text(view: EscalationView) -> str:
    return f"More details were added to {view.ref}: the card above now shows them."


def withdrawn_text(view: EscalationView) -> str:
    return WITHDRAWN.format(ref=view.ref, where="card")
