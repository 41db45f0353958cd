"""The composition root: settings -> knowledge -> understanding -> router -> store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.flows.catalogue import FLOWS
from bot.flows.spec import FlowContext
from bot.office_hours import OfficeHours
from bot.replies import FixedReplies
from bot.reports import Confirmations
from bot.router import Router
from bot.settings import Settings
from bot.signposting import UrgentHelp
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.turn import Turns
from bot.understanding import Understander, build_understander
from knowledge.loader import load_knowledge
from knowledge.models import Knowledge


@dataclass(frozen=True)
class Assistant:
    settings: Settings
    knowledge: Knowledge
    understander: Understander
    router: Router
    engine: AsyncEngine
    turns: Turns


def build_understanding(knowledge: Knowledge | None = None) -> Understander:
    return build_understander(knowledge or load_knowledge())


def build_router(settings: Settings, knowledge: Knowledge, understander: Understander) -> Router:
    urgent = urgent_help(settings)
    return Router(
        knowledge=knowledge,
        understander=understander,
        urgent_help=urgent,
        fixed=FixedReplies(comms_contact=settings.comms_contact),
        flows=FLOWS,
        flow_context=FlowContext(
            urgent_help=urgent,
            comms_contact=settings.comms_contact,
            office_hours=OfficeHours.parse(settings.office_hours).describe(),
        ),
    )


def urgent_help(settings: Settings) -> UrgentHelp:
    return UrgentHelp(url=settings.urgent_help_url, staff_support=settings.staff_support)


def build_confirmations(settings: Settings) -> Confirmations:
    return Confirmations(
        office_hours=OfficeHours.parse(settings.office_hours),
        urgent_help=urgent_help(settings),
        comms_contact=settings.comms_contact,
        slack_on_call=bool(settings.slack_oncall_channel and settings.slack_bot_token),
    )


async def build_assistant(settings: Settings, *, migrate: bool = True) -> Assistant:
    knowledge = load_knowledge()
    understander = build_understander(knowledge)
    router = build_router(settings, knowledge, understander)
    engine = make_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    turns = Turns(
        router=router,
        engine=engine,
        confirmations=build_confirmations(settings),
        urgent_hold=dt.timedelta(seconds=settings.delivery_lease_seconds),
    )
    return Assistant(settings, knowledge, understander, router, engine, turns)
