"""Urgent-help signposting: the words that must reach someone at risk first, with no delay."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import Reply


@dataclass(frozen=True)
class UrgentHelp:
    """Where people in crisis are sent; configured once (URGENT_HELP_URL, staff support)."""

    url: str
    staff_support: str

    def for_the_user(self, *, tentative: bool = False) -> Reply:
        """The user's own help. `tentative`: the crisis was read from how a short message is
        said, not from what it says ("i'm bank staff"); the same help, worded so that someone
        who meant something else can say so, without telling them what they feel."""
        if tentative:
            opening = "If you're having a hard time, you don't have to deal with it on your own."
            danger = "• If you're in immediate danger, call 999 or go to A&E now."
            closing = (
                "If I've read you wrong and you meant something else, tell me a bit more, or ask me "
                "anything about social media at work."
            )
        else:
            opening = "I'm really glad you told me. You don't have to deal with this on your own."
            danger = (
                "• If you're in immediate danger or might act on these thoughts, call 999 or go to A&E now."
            )
            closing = "I'm here if you want to keep talking, and you can come back to anything else later."
        text = "\n".join(
            [
                opening,
                "",
                danger,
                "• NHS 111, option 2: urgent mental health support, any time, day or night.",
                "• Samaritans: call 116 123, free, 24/7.",
                "• Shout: text SHOUT to 85258, free, 24/7.",
                f"• Staff support: {self.staff_support}.",
                "",
                closing,
            ]
        )
        return Reply(text=text, urgent=True)

    def in_case_it_is_the_user(self) -> Reply:
        """After a crisis report's urgent help, when the words may be the user's own."""
        text = (
            "If it's you who feels this way, not someone else: call 999 or go to A&E if you might "
            "act on it now; NHS 111 option 2 or Samaritans on 116 123 any time; "
            f"staff support: {self.staff_support}. You don't have to fill in anything."
        )
        return Reply(text=text, urgent=True)

    def for_someone_online(self) -> Reply:
        text = "\n".join(
            [
                f"Need urgent help? Share this page with them on the platform now: {self.url}",
                "If anyone's life is at immediate risk, call 999 with what you know.",
                "Reply briefly and kindly; don't counsel, argue or share details.",
            ]
        )
        return Reply(text=text, urgent=True)

    def before_the_answer(self, kind: str) -> Reply:
        """First, when a message read as something else has a sentence that may be a crisis
        (`Understanding.worry`): the answer follows."""
        if kind == "report_crisis":
            text = (
                f"First, in case someone online is in crisis. Need urgent help? Share this page with them: "
                f"{self.url} If anyone's life is at immediate risk, call 999 with what you know."
            )
        else:
            text = (
                "First, in case any of this is about you: you don't have to deal with it on your own. "
                "If you might act on it now, call 999 or go to A&E; NHS 111 option 2 or Samaritans on "
                f"116 123, any time; staff support: {self.staff_support}."
            )
        return Reply(text=text, urgent=True)
