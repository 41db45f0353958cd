"""Helpers for `tests/test_resilience.py`: one real server with both platforms configured,
a census of every row in the store, and checks of what was posted for markup that could
ping people, make links or break a layout."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.server import make_web_app
from bot.settings import Settings
from bot.understanding import Understander
from knowledge.models import Knowledge
from tests.assistants import inboxes_looked, migrated_assistant
from tests.fakes.bot_connector import FakeConnector
from tests.fakes.slack_api import FakeSlack
from tests.slack_harness import COMMS, COMMS_MEMBER, SECRET, TOKEN, SlackHarness
from tests.teams_harness import COMMS_AAD, TeamsHarness

# ------------------------------------------------------------------ one server, both platforms


@dataclass
class Both:
    """The real server with Slack and Teams both configured, and the store behind it."""

    slack: SlackHarness
    teams: TeamsHarness
    engine: AsyncEngine

    async def close(self) -> None:
        await self.slack.client.close()
        await self.engine.dispose()


async def start_both(
    settings: Settings,
    fake_slack: FakeSlack,
    connector: FakeConnector,
    knowledge: Knowledge,
    understander: Understander,
    **overrides: Any,
) -> Both:
    configured = settings.model_copy(
        update={
            "slack_bot_token": SecretStr(TOKEN),
            "slack_signing_secret": SecretStr(SECRET),
            "slack_api_url": fake_slack.url,
            "slack_comms_channel": COMMS,
            "slack_comms_members": COMMS_MEMBER,
            "teams_comms_members": COMMS_AAD,
            **overrides,
        }
    )
    assistant = await migrated_assistant(configured, knowledge, understander)
    engine = assistant.engine
    client: TestClient[Any, Any] = TestClient(TestServer(make_web_app(assistant, poll=0.05)))
    await client.start_server()
    await inboxes_looked(client)
    return Both(
        slack=SlackHarness(client=client, fake=fake_slack, assistant=assistant),
        teams=TeamsHarness(client=client, connector=connector, assistant=assistant),
        engine=engine,
    )


# ------------------------------------------------------------------ the store, every table


async def _tables(connection: AsyncConnection) -> list[str]:
    """Every table the migrations created (read from the database, not from the models, so a
    new table cannot be missed)."""
    names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return sorted(name for name in names if name != "alembic_version")


async def row_counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows per table. One connection throughout (the SQLite pool holds one)."""
    counts: dict[str, int] = {}
    async with engine.connect() as connection:
        for name in await _tables(connection):
            counts[name] = int(
                (await connection.execute(text(f'SELECT count(*) FROM "{name}"'))).scalar_one()
            )
    return counts


async def stored_values(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null value of every row of every table."""
    found: list[tuple[str, str, str]] = []
    async with engine.connect() as connection:
        for name in await _tables(connection):
            result = await connection.execute(text(f'SELECT * FROM "{name}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes):
                        shown = value.decode("utf-8", "replace")
                    elif isinstance(value, dict | list):
                        shown = json.dumps(value, ensure_ascii=False)
                    else:
                        shown = str(value)
                    found.append((name, column, shown))
    return found


# ------------------------------------------------------------------ what was posted


def strings(node: Any) -> Iterator[str]:
    """Every string anywhere in a JSON-like value (texts, block texts, card texts, urls)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


_SLACK_TOKEN = re.compile(r"<(?=[!@#A-Za-z])[^<>]*>")
"""What Slack reads as a token: `<!...>`, `<@...>`, `<#...>` or `<scheme:...>`. Signpost puts
a word joiner after a typed `<` that could start one."""
_OWN_TOKENS = re.compile(r"<!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^<>|]*>")
_TYPED_BROADCAST = re.compile(r"(?<![\w\u2060])@(channel|here|everyone)\b", re.IGNORECASE)


def slack_markup_problems(payload: dict[str, Any], *, own_users: frozenset[str] = frozenset()) -> list[str]:
    """Slack markup in a posted message that user text could have produced: broadcasts
    (`<!channel>`, `<!here>`, `<!everyone>`, a typed `@channel`), user or group mentions,
    and `<url|label>` links. Signpost's own date tokens and its mention of a known reporter
    (`<@U...>`) are allowed."""
    problems: list[str] = []
    allowed = {f"<@{user}>" for user in own_users}
    for value in strings(payload):
        for token in _SLACK_TOKEN.findall(_OWN_TOKENS.sub("", value)):
            if token not in allowed:
                problems.append(token)
        problems.extend(match.group(0) for match in _TYPED_BROADCAST.finditer(value))
    return problems


def dicts(node: Any) -> Iterator[dict[str, Any]]:
    """Every object anywhere in a JSON-like value, outermost first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from dicts(item)


def mrkdwn_texts(payload: Any) -> Iterator[str]:
    """The strings Slack reads as mrkdwn: every mrkdwn text object (section texts, fields,
    context elements)."""
    for found in dicts(payload):
        if found.get("type") == "mrkdwn" and isinstance(found.get("text"), str):
            yield found["text"]


def rich_texts(payload: Any) -> Iterator[dict[str, Any]]:
    """Every element inside a rich_text block (text, link, user, broadcast...)."""
    for block in dicts(payload):
        if block.get("type") == "rich_text":
            for section in block.get("elements") or []:
                yield from section.get("elements") or []


_MARKDOWN_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?!\s)")
_CARD_TEXT_KEYS = ("text", "title", "value")


def card_texts(card: Any) -> Iterator[str]:
    """The texts Teams renders as Markdown in an Adaptive Card (TextBlocks, facts, titles)."""
    if isinstance(card, dict):
        rendered = card.get("type") in ("TextBlock", None) or "title" in card
        for key in _CARD_TEXT_KEYS:
            if rendered and isinstance(card.get(key), str):
                yield card[key]
        for value in card.values():
            yield from card_texts(value)
    elif isinstance(card, list):
        for item in card:
            yield from card_texts(item)


def teams_markup_problems(body: dict[str, Any]) -> list[str]:
    """What in a posted Teams activity could ping people or make a link out of user text:
    `<at>` mentions, mention entities, rich text, an unescaped `[label](url)` in a card, or
    a card that is not one of Signpost's own."""
    problems: list[str] = []
    if body.get("text") and body.get("textFormat") not in ("plain", None):
        problems.append(f"textFormat {body.get('textFormat')}")
    if body.get("text") and body.get("textFormat") is None:
        problems.append("text without textFormat plain")
    for entity in body.get("entities") or []:
        if isinstance(entity, dict) and entity.get("type") == "mention":
            problems.append("mention entity")
    if "<at>" in str(body.get("text") or "").lower():
        problems.append("<at> in text")
    for attachment in body.get("attachments") or []:
        content = attachment.get("content") if isinstance(attachment, dict) else None
        if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
            problems.append(f"attachment {attachment.get('contentType')}")
            continue
        if not isinstance(content, dict) or content.get("$schema") != (
            "http://adaptivecards.io/schemas/adaptive-card.json"
        ):
            problems.append("a card that is not Signpost's")
            continue
        for value in card_texts(content):
            problems.extend(match.group(0) for match in _MARKDOWN_LINK.finditer(value))
            if "<at>" in value.lower():
                problems.append("<at> in a card")
    return problems


# ------------------------------------------------------------------ a local OpenID provider


class LocalOpenId:
    """OpenID metadata and a JWKS served from a thread on loopback: botbuilder fetches them
    with blocking `requests`, so they cannot be served from the test's own event loop."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks = jwks
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests += 1
                if self.path == "/.well-known/openidconfiguration":
                    body = {"issuer": "https://api.botframework.com", "jwks_uri": owner.url("/keys")}
                elif self.path == "/keys":
                    body = owner.jwks
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, name="local openid", daemon=True
        )

    def url(self, path: str = "/.well-known/openidconfiguration") -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> LocalOpenId:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def now_seconds() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp())


class CommitThenDrop:
    """The next turn's commit goes through, then its connection drops before the store says so:
    the turn sees an OperationalError and runs again, and its message id is then seen before.
    Armed by the turn's own keeping of its replies (`Inbox.answered`), which still runs."""

    def __init__(self, engine: AsyncEngine, inbox: Any) -> None:
        self.armed = False
        self.dropped = 0
        answered = inbox.answered

        async def arming(connection: AsyncConnection, event_id: str, payload: dict[str, Any]) -> None:
            await answered(connection, event_id, payload)
            self.armed = self.dropped == 0

        inbox.answered = arming
        event.listen(engine.sync_engine, "commit", self._commit)

    def _commit(self, connection: Any) -> None:
        if not self.armed:
            return
        self.armed = False
        self.dropped += 1
        connection.connection.dbapi_connection.commit()  # it went through...
        raise OperationalError("COMMIT", {}, ConnectionResetError("connection dropped"))  # ...unheard
