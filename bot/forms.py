"""The report form (a Slack modal, a Teams card): the same questions as the chat flows,
checked field by field, turned into the same escalation draft.

Nothing here knows a platform: adapters read their form into a `ReportForm` and show
`problems()` next to the fields they name.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import EscalationDraft, clean_text
from bot.secrets import looks_like_secret
from bot.slots import PLATFORMS, find_link, find_platform, split_url
from bot.understanding import Understander
from knowledge.models import CRISIS_INTENTS

KINDS: dict[str, tuple[str, str]] = {
    "criticism_trust": ("criticism", "Criticism of the Trust"),
    "criticism_service": ("criticism", "Criticism of a service"),
    "criticism_colleague": ("criticism", "Criticism of a colleague"),
    "crisis": ("crisis", "Someone who seems to be in crisis"),
    "other": ("mention", "Something else"),
}
"""Form choice -> (escalation kind, label)."""
PLATFORM_CHOICES: tuple[str, ...] = (*PLATFORMS, "Other")
MAX_LINK = 2048
MAX_SAID = 3000
FORM_SECRET_WARNING = (
    "Please take out the password or other secret: it mustn't be stored or sent on. Tell the "
    "Communications Team through a secure route (in person, by phone, or the Trust's password manager)."
)
SUMMARY_SAID = 300


@dataclass(frozen=True)
class ReportForm:
    """One submitted form, as typed: every field may be missing or wrong."""

    kind: str | None = None
    link: str = ""
    platform: str | None = None
    what_said: str = ""
    replied: bool | None = None
    anonymous: bool = False

    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with it, in words for the reporter. Empty: all fine."""
        problems: dict[str, str] = {}
        if self.kind not in KINDS:
            problems["kind"] = "Please choose what kind of mention it is."
        link = self.link.strip()
        if link:
            parts = split_url(link)
            if len(link) > MAX_LINK:
                problems["link"] = f"That link is too long (over {MAX_LINK} characters)."
            elif parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in link:
                problems["link"] = "Please paste the full link, starting with https://"
        if self.platform is not None and self.platform not in PLATFORM_CHOICES:
            problems["platform"] = "Please choose a platform from the list."
        said = self.what_said.strip()
        if not said:
            problems["what_said"] = "Please say briefly what was said (no patients' names)."
        elif len(said) > MAX_SAID:
            problems["what_said"] = f"Please keep it under {MAX_SAID} characters."
        elif looks_like_secret(said):
            problems["what_said"] = FORM_SECRET_WARNING
        return problems

    def draft(self, understander: Understander) -> EscalationDraft:
        """The escalation this form asks for. Crisis words in what was said make it a crisis
        report, whatever kind was chosen: missing a crisis is the worst mistake."""
        assert not self.problems(), "draft() needs a valid form"
        said = clean_text(self.what_said.strip())
        choice = self.kind or "other"
        kind, label = KINDS[choice]
        if kind != "crisis" and understander.understand(said).intent in CRISIS_INTENTS:
            kind, label = "crisis", KINDS["crisis"][1] + " (read from what was said)"
        link = self.link.strip() or find_link(said) or ""
        platform = self.platform or find_platform(link or said)
        details: dict[str, str] = {
            "About": label,
            "Where": link or "Not given",
            "Platform": platform or "Not given",
        }
        details["What was said"] = said
        if self.replied is not None:
            details["You replied"] = "Yes" if self.replied else "No"
        short = said if len(said) <= SUMMARY_SAID else said[: SUMMARY_SAID - 1] + "…"
        return EscalationDraft(
            kind=kind,
            severity="urgent" if kind == "crisis" else "normal",
            summary=f"{label}{f' on {platform}' if platform else ''}: {short}"[:1000],
            details=details,
            anonymous=self.anonymous,
        )


def platform_for(link: str) -> str | None:
    """The platform a link points at, to pre-select it in the form."""
    return find_platform(link) if find_link(link) else None
