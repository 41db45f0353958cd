"""Block Kit layouts: replies, the Communications Team message, the report modal, App Home.

Every piece of user text is escaped (`&`, `<`, `>`) or sent as plain_text or rich text,
and every field is kept inside Slack's limits (section text 3,000, header 150, button 75,
fields 10, blocks 50 per message and 100 per view). What a reporter typed reaches the
Communications Team as rich text: mrkdwn has no way to show `*`, `_` or `~` as typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from adapters.slack.text import defuse, escape, escape_within, truncate
from bot.comms import HISTORY_ACTIONS, KIND_LABELS, STATUS_LABELS, WITHDRAWN, EscalationView
from bot.forms import KINDS, PLATFORM_CHOICES, ReportForm, platform_for
from bot.messages import Reply, detail_text

Block = dict[str, Any]
SECTION_LIMIT = 3000
DETAILS_LIMIT = 2800
"""Characters of labelled details shown in a Communications message; the full record has the rest."""
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{6,}$")
REPORT_CALLBACK = "report_form"
RESOLVE_CALLBACK = "resolve_note"


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit, "…"), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def typed(text: str, limit: int) -> dict[str, Any]:
    """A rich-text element showing user text exactly as typed: no formatting, no mention,
    no link. Slack reads these literally; `defuse` makes sure of it anyway."""
    return {"type": "text", "text": defuse(truncate(text, limit, "…")) or " "}


def styled(text: str, **style: bool) -> dict[str, Any]:
    """Signpost's own words in rich text: `styled("Where: ", bold=True)`."""
    return {"type": "text", "text": text, "style": style}


def bold(text: str) -> dict[str, Any]:
    return styled(text, bold=True)


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*)?")


def typed_link(text: str, limit: int) -> dict[str, Any]:
    """A typed web address stays clickable, showing exactly where it goes; anything else
    (or an address Slack might refuse) is shown as typed."""
    if len(text) <= limit and _PLAIN_URL.fullmatch(text):
        return {"type": "link", "url": text, "text": text}
    return typed(text, limit)


def rich_text(elements: list[dict[str, Any]]) -> Block:
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(label, 75),
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element


def chunks(text: str, limit: int = SECTION_LIMIT - 100) -> list[str]:
    """Escaped text in section-sized pieces, split at a space or line end where possible."""
    pieces: list[str] = []
    start, end = 0, len(text)
    while start < end:
        size, i, space = 0, start, -1
        while i < end:
            width = 5 if text[i] == "&" else 4 if text[i] in "<>" else 1
            if size + width > limit:
                break
            size += width
            if text[i] in " \n":
                space = i
            i += 1
        if i < end and space > start:
            i = space + 1
        pieces.append(escape(text[start:i]).strip() or " ")
        start = i
    return pieces or [" "]


# ---------------------------------------------------------------- replies to staff


def reply_message(reply: Reply) -> dict[str, Any]:
    """chat.postMessage arguments (text + blocks) for one of Signpost's replies."""
    blocks: list[Block] = []
    answer = reply.policy_answer
    if answer is not None:
        blocks.append(section("*" + escape(answer.answer) + "*"))
        if answer.why:
            blocks.append(section(escape(answer.why)))
        for quote, citation in answer.quotes:
            blocks.append(section(f"> “{escape(quote)}”\n_{escape(citation.reference)}_"))
        blocks.append(section("*Next step:* " + escape(answer.next_step)))
        if answer.notice:
            blocks.append(context(escape(answer.notice)))
    else:
        blocks.extend(section(piece) for piece in chunks(reply.text))
    if reply.choices:
        buttons = [button(c.label, f"choice_{i}", c.value) for i, c in enumerate(reply.choices[:25])]
        blocks.append({"type": "actions", "block_id": "choices", "elements": buttons})
    return {"text": escape_within(reply.text, 3900), "blocks": blocks[:MESSAGE_BLOCKS]}


def pointer_message(urgent: tuple[Reply, ...]) -> dict[str, Any]:
    """In a shared channel: where the private part of the conversation went."""
    note = "I've sent you a direct message about this, so the details stay private."
    blocks = [section(piece) for reply in urgent for piece in chunks(reply.text)]
    blocks.append(section(note))
    text = "\n\n".join([*(r.text for r in urgent), note])
    return {"text": escape_within(text, 3900), "blocks": blocks[:MESSAGE_BLOCKS]}


# ---------------------------------------------------------------- the Communications Team


def who_did(actor: str | None, channel: str = "slack") -> str:
    if not actor or actor == "anonymous":
        return "Anonymous"
    if _SLACK_USER.match(actor):
        return f"<@{actor}>"
    return escape(truncate(actor, 80, "…")) + ("" if channel == "slack" else f" ({escape(channel)})")


def when(at: dt.datetime) -> str:
    """A Slack date token: shown in each reader's own time zone."""
    fallback = at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def comms_message(view: EscalationView, *, notice: str | None = None) -> dict[str, Any]:
    """The escalation as the Communications Team sees it, with its buttons."""
    kind = KIND_LABELS.get(view.kind, view.kind)
    urgent = view.severity == "urgent"
    title = f"{'🚨 URGENT · ' if urgent else ''}{kind} · {view.ref}"
    blocks: list[Block] = [{"type": "header", "text": plain(title, 150)}]
    if notice:
        blocks.append(section(notice))
    if view.kind == "crisis":
        blocks.append(context("*Content warning:* this report may describe suicide or self-harm."))
    details = dict(view.details)
    where = str(details.pop("Where", "") or "Not given")
    platform = str(details.pop("Platform", "") or "Not given")
    fields = [
        f"*Status*\n{STATUS_LABELS.get(view.status, escape(view.status))}",
        f"*Severity*\n{'*Urgent*' if urgent else 'Normal'}",
        f"*Reported*\n{when(view.created_at)}",
        f"*By*\n{who_did(view.reporter_id, view.channel)}",
    ]
    blocks.append({"type": "section", "fields": [mrkdwn(field) for field in fields]})
    report: list[dict[str, Any]] = [
        bold("Platform: "),
        typed(platform, 200),
        bold("\nWhere: "),
        typed_link(where, 500),
        bold("\n\nSummary\n"),
        typed(view.summary, 1500),
    ]
    blocks.append(rich_text(report))
    answers: list[dict[str, Any]] = []  # a block of their own, each block within a section's size
    room = DETAILS_LIMIT
    for label, value in details.items():
        line = [bold(f"{truncate(str(label), 100, '…')}: "), typed(detail_text(value), 400)]
        if answers:
            line[0]["text"] = "\n" + line[0]["text"]
        room -= sum(len(element["text"]) for element in line)
        if room < 0:
            command = f"signpost escalations show {view.ref}"
            more = styled("\n(more in the full record: ", italic=True)
            answers += [more, styled(command, code=True), styled(")", italic=True)]
            break
        answers.extend(line)
    if answers:
        blocks.append(rich_text(answers))
    if view.abandoned:
        blocks.append(context("The reporter stopped before answering every question."))
    history = [entry for entry in view.history if entry.action in HISTORY_ACTIONS][-5:]
    for entry in history:
        line = f"{HISTORY_ACTIONS[entry.action]} by {who_did(entry.actor)} {when(entry.at)}"
        if entry.note:  # the team's own words, shown as typed
            note = plain(defuse(entry.note), 300)
            blocks.append({"type": "context", "elements": [mrkdwn(line + ":"), note]})
        else:
            blocks.append(context(line))
    buttons = []
    if view.status == "open":
        buttons.append(button("Acknowledge", "comms_ack", view.ref, "primary"))
    if view.status != "resolved":
        buttons.append(button("Resolve", "comms_resolve", view.ref))
    if buttons:
        blocks.append({"type": "actions", "block_id": "comms_actions", "elements": buttons})
    text = f"{'URGENT: ' if urgent else ''}{kind} reported ({view.ref}), {STATUS_LABELS.get(view.status, '')}"
    return {"text": text, "blocks": blocks[:MESSAGE_BLOCKS]}


def oncall_notice(purpose: str) -> str:
    if purpose == "oncall_ping":
        return "*Out of hours:* the Communications Team is not monitoring now, so this comes to you."
    return "*Not yet acknowledged after 30 minutes:* please pick this up."


def reminder_notice(view: EscalationView) -> str:
    return f"*Reminder:* {view.ref} has not been acknowledged yet."


def reminder(view: EscalationView) -> dict[str, Any]:
    urgent = "urgent " if view.severity == "urgent" else ""
    text = f"Reminder: this {urgent}report ({view.ref}) has not been acknowledged yet."
    return {"text": text, "blocks": [section(text)]}


def update_notice(view: EscalationView) -> dict[str, Any]:
    text = f"More details were added to {view.ref}: the message above now shows them."
    return {"text": text, "blocks": [section(text)]}


def withdrawn_notice(view: EscalationView) -> dict[str, Any]:
    text = WITHDRAWN.format(ref=view.ref, where="message")
    return {"text": text, "blocks": [section(text)]}


def resolve_modal(ref: str, channel: str, ts: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": RESOLVE_CALLBACK,
        "private_metadata": json.dumps({"ref": ref, "channel": channel, "ts": ts}),
        "title": plain("Resolve " + ref, 24),
        "submit": plain("Resolve", 24),
        "close": plain("Cancel", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": "note",
                "label": plain("What was done?"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "note",
                    "multiline": True,
                    "max_length": 2000,
                    "placeholder": plain("e.g. Replied from the Trust account; PALS contacted."),
                },
            }
        ],
    }


# ---------------------------------------------------------------- the report form


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value}


def report_modal(
    *,
    urgent_help_url: str,
    link: str = "",
    what_said: str = "",
    kind: str | None = None,
    source: str = "command",
) -> dict[str, Any]:
    """The report form. `kind` "crisis" adds the urgent-help link at the top."""
    kind_element: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": "kind",
        "options": [_option(value, label) for value, (_, label) in KINDS.items()],
    }
    if kind in KINDS:
        kind_element["initial_option"] = _option(kind, KINDS[kind][1])
    blocks: list[Block] = []
    if kind == "crisis":
        blocks.append(
            section(
                f"*Need urgent help?* Share this page with the person on the platform now: "
                f"{escape(urgent_help_url)}\n"
                "If anyone's life is at immediate risk, call *999* with what you know. "
                "Reply briefly and kindly; don't counsel, argue or share details."
            )
        )
        blocks[-1]["block_id"] = "urgent_help"
    blocks.append(
        {
            "type": "input",
            "block_id": "kind",
            "dispatch_action": True,
            "label": plain("What kind of mention is it?"),
            "element": kind_element,
        }
    )
    link_element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "link",
        "max_length": 2048,
        "placeholder": plain("https://..."),
    }
    if link:
        link_element["initial_value"] = link[:2048]
    blocks.append(
        {
            "type": "input",
            "block_id": "link",
            "optional": True,
            "label": plain("Link to the post"),
            "element": link_element,
        }
    )
    platform_element: dict[str, Any] = {
        "type": "static_select",
        "action_id": "platform",
        "placeholder": plain("Choose a platform"),
        "options": [_option(name, name) for name in PLATFORM_CHOICES],
    }
    chosen = platform_for(link) if link else None
    if chosen:
        platform_element["initial_option"] = _option(chosen, chosen)
    blocks.append(
        {
            "type": "input",
            "block_id": "platform",
            "optional": True,
            "label": plain("Platform"),
            "element": platform_element,
        }
    )
    said_element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "what_said",
        "multiline": True,
        "max_length": 3000,
        "placeholder": plain("Briefly, in your words. Please don't include patients' names."),
    }
    if what_said:
        said_element["initial_value"] = what_said[:3000]
    blocks.append(
        {"type": "input", "block_id": "what_said", "label": plain("What was said?"), "element": said_element}
    )
    blocks.append(
        {
            "type": "input",
            "block_id": "replied",
            "optional": True,
            "label": plain("Have you replied to it yourself?"),
            "element": {
                "type": "radio_buttons",
                "action_id": "replied",
                "options": [_option("yes", "Yes"), _option("no", "No")],
            },
        }
    )
    blocks.append(
        {
            "type": "input",
            "block_id": "anonymous",
            "optional": True,
            "label": plain("Anonymity"),
            "element": {
                "type": "checkboxes",
                "action_id": "anonymous",
                "options": [_option("yes", "Report anonymously (your name isn't stored; no updates)")],
            },
        }
    )
    return {
        "type": "modal",
        "callback_id": REPORT_CALLBACK,
        "private_metadata": json.dumps({"source": source}),
        "title": plain("Report to Comms", 24),
        "submit": plain("Send report", 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
    }


def read_report(values: dict[str, dict[str, Any]]) -> ReportForm:
    """A submitted report modal's `view.state.values` as a form; anything odd reads as empty."""

    def element(block: str, action: str) -> dict[str, Any]:
        found = values.get(block, {}).get(action, {})
        return found if isinstance(found, dict) else {}

    def text(block: str) -> str:
        value = element(block, block).get("value")
        return value if isinstance(value, str) else ""

    def selected(block: str) -> str | None:
        option = element(block, block).get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        return value if isinstance(value, str) else None

    replied = selected("replied")
    boxes = element("anonymous", "anonymous").get("selected_options") or []
    anonymous = any(isinstance(o, dict) and o.get("value") == "yes" for o in boxes)
    return ReportForm(
        kind=selected("kind"),
        link=text("link"),
        platform=selected("platform"),
        what_said=text("what_said"),
        replied=None if replied is None else replied == "yes",
        anonymous=anonymous,
    )


def done_view(title: str, replies: tuple[Reply, ...]) -> dict[str, Any]:
    """What the modal turns into once the report is recorded: the reference and next steps."""
    blocks = [section(piece) for reply in replies for piece in chunks(reply.text)]
    return {
        "type": "modal",
        "title": plain(title, 24),
        "close": plain("Close", 24),
        "blocks": blocks[:VIEW_BLOCKS],
    }


# ---------------------------------------------------------------- App Home


def home_view(reports: list[EscalationView], *, urgent_help_url: str) -> dict[str, Any]:
    blocks: list[Block] = [
        {"type": "header", "text": plain("Signpost: social media at work")},
        section(
            "I answer questions about the Trust's Staff Use of Social Media Policy, in plain words with the "
            "policy's own text, and I pass reports to the Communications Team.\n"
            "• Ask me anything in *Messages*, or use `/ask-policy` anywhere (only you see the answer).\n"
            "• Seen criticism of the Trust, or someone online who seems to be in crisis? Use "
            "`/report-mention` or the button below."
        ),
        section(
            f"*Need urgent help?* For someone online in crisis, share {escape(urgent_help_url)}. "
            "If a life is at immediate risk, call 999."
        ),
        {
            "type": "actions",
            "block_id": "home_actions",
            "elements": [
                button("Report something", "home_report", "report", "primary"),
                button("Ask a question", "home_ask", "ask"),
            ],
        },
        {"type": "divider"},
        {"type": "header", "text": plain("Your recent reports")},
    ]
    if not reports:
        blocks.append(context("You haven't reported anything yet."))
    for view in reports[:20]:
        kind = KIND_LABELS.get(view.kind, view.kind)
        status = STATUS_LABELS.get(view.status, escape(view.status))
        blocks.append(section(f"*{view.ref}* · {kind} · {status}\nSent {when(view.created_at)}"))
    return {"type": "home", "blocks": blocks[:VIEW_BLOCKS]}
