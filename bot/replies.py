"""Signpost's fixed replies: hello, help, honest "not covered", and where to report."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import Choice, Reply
from bot.slots import farewell, is_plain_reply

CAPABILITIES = "\n".join(
    [
        "I can help with the Trust's Staff Use of Social Media Policy:",
        "• Ask me anything about it in your own words, e.g. “a former patient sent me a friend "
        "request, can I accept?”. I'll answer plainly and quote the section.",
        "• Tell me if you've seen criticism of the Trust online, someone who seems to be in crisis, "
        "a colleague breaking the policy, or if you're being targeted online: I'll tell you what to do "
        "and who to tell.",
        "• Ask about opening a new team or service account.",
    ]
)
OWN_SUPPORT = (
    "If it's you who's having a hard time, you don't have to deal with it alone: Samaritans on "
    "116 123 or NHS 111 option 2, any time; 999 if you're in danger."
)
"""The last line of the help and "not covered" replies, for the user themself."""


@dataclass(frozen=True)
class FixedReplies:
    comms_contact: str

    def greeting(self, said: str = "") -> Reply:
        """Hello, with what Signpost does; a thank-you or a goodbye gets a word back, not all that."""
        parting = farewell(said)
        if parting == "thanks":
            return Reply(
                text="You're welcome. Ask me any time, or tell me about anything online that worries you."
            )
        if parting == "bye":
            return Reply(text="Bye for now. I'm here whenever you need me.")
        if is_plain_reply(said):  # "im safe now", "i don't know", "ok": nothing was asked
            return Reply(
                text="OK. I'm here whenever you need me: ask about the social media policy, or tell me "
                "about anything online that worries you."
            )
        return Reply(text="Hello! " + CAPABILITIES + "\n\nWhat would you like to know?")

    def help(self, support: bool = True) -> Reply:
        """What Signpost does; with `support`, where to turn if it is the user who is struggling
        ("help me please" is usually about Signpost, but not always)."""
        text = (
            CAPABILITIES
            + "\n\nIf someone online seems to be in crisis, tell me straight away and I'll give you the "
            "“Need urgent help?” link to pass on. Type “cancel” at any time to start again."
        )
        return Reply(text=text + (f"\n{OWN_SUPPORT}" if support else ""))

    def out_of_scope(self, support: bool = True) -> Reply:
        """Not covered; with `support`, where to turn if it is the user who is struggling: "not
        a good day" reads as out of scope."""
        text = (
            "Sorry, that isn't something the Staff Use of Social Media Policy covers, so I can't answer "
            "it and I won't guess. For social media questions the policy doesn't answer, ask "
            f"{self.comms_contact}; for anything else, your line manager is the best first step."
        )
        return Reply(text=text + (f"\n\n{OWN_SUPPORT}" if support else ""))

    def no_logins(self, support: bool = True) -> Reply:
        """Asked for an account's password or login: never given out here. The policy has team and
        service account passwords shared with the Communications Team and no one else (A2)."""
        text = (
            "Sorry, I can't give out passwords or logins for any account. The policy says team and "
            "service account passwords are shared with the Communications Team and no one else, so "
            f"for access to a Trust or team account, ask {self.comms_contact}."
        )
        return Reply(text=text + (f"\n\n{OWN_SUPPORT}" if support else ""))

    def empty(self) -> Reply:
        return Reply(
            text="I didn't catch anything there. Ask me a question about social media at work, "
            "or type “help”."
        )

    def clarify(self, topics: tuple[Choice, ...], support: bool = False) -> Reply:
        """Two topics to choose from; with `support`, where to turn if it is the user who is
        struggling, as after help and "not covered" ("i have a plan" offers two topics)."""
        options = " or ".join(f"“{c.label}”" for c in topics)
        numbered = "\n".join(f"{i}. {c.label}" for i, c in enumerate(topics, start=1))
        return Reply(
            text=f"I want to get this right: is your question about {options}?\n{numbered}\n"
            "Reply with a number, or tell me a bit more." + (f"\n\n{OWN_SUPPORT}" if support else ""),
            choices=topics,
        )
