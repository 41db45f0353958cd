"""What to do when something has gone wrong online: the route the policy sets out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import Reply
from bot.signposting import UrgentHelp


@dataclass(frozen=True)
class ReportRoutes:
    comms_contact: str
    urgent_help: UrgentHelp

    def crisis(self) -> tuple[Reply, ...]:
        follow_up = Reply(
            text="Then please tell the Communications Team now so they can act on it: "
            f"{self.comms_contact}. Include where it was posted (a link or the account), what was said "
            "and when. You can also use the platform's own reporting tool for self-harm or suicide content. "
            "(Policy section 6.8)\n\nSeeing distressing posts is hard: look after yourself too, and talk "
            "to your line manager or staff support if it has affected you."
        )
        return (self.urgent_help.for_someone_online(), follow_up)

    def criticism(self) -> Reply:
        return Reply(
            text="Thanks for flagging it. Please don't reply to it yourself: report it to the "
            f"Communications Team, who will advise on the best response: {self.comms_contact}. Send the "
            "link (or a screenshot), the platform, and whether it is spreading. Often the best route for "
            "the person is the Trust's formal channels, such as PALS or complaints. (Policy section 6.7)"
        )

    def breach(self) -> Reply:
        return Reply(
            text="Thank you for raising it. The policy's route: tell your line manager first. If you can't, "
            "or you're uncomfortable doing so, go to the next in line, another senior manager, or the "
            "Freedom to Speak Up Guardian. Where patients, service users or visitors are involved, the "
            "manager will involve the safeguarding leads and the Caldicott Guardian. "
            "(Policy section 7 and 5.2)"
        )

    def targeted(self) -> Reply:
        return Reply(
            text="I'm sorry this is happening to you. You don't have to handle it alone: speak to your line "
            f"manager and the Communications Team ({self.comms_contact}), who can advise, may monitor it "
            "and can support you. Use the platform's own tools to report and block abusive accounts, and "
            "keep screenshots. If you are threatened or feel unsafe, call 999. (Policy section 7)"
        )

    def account(self) -> Reply:
        return Reply(
            text="Before setting up a new team or service account, talk to the Communications Team "
            f"({self.comms_contact}). If they agree it might be right, send them a written plan: the reason "
            "and objectives, how you'll run and monitor it (including leave cover), how you'll keep it "
            "secure (the Communications Team must have the password) and how long it's expected to last. "
            "They make the final decision. (Policy section 6.6.2 and Appendix 2)"
        )
