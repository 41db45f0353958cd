"""Bot Framework authentication and Connector clients, built once and reused.

botbuilder builds a new Connector client (and a user-token client) for every turn, and
msrest's retry-policy set-up dominates the cost of a turn. Here each client is built once
per (app id, serviceUrl, audience) and shared: the clients hold no per-turn state and
their credentials cache their own tokens.

msrest sends each call with `requests` on an executor thread. Here the end of each
client's msrest pipeline is `AiohttpSender`: the call goes out on the event loop through
one aiohttp session that keeps its connections, with the credentials' bearer token. msrest
still builds the request and reads the answer, so the clients behave as before.

Replies inside a turn retry 429, 412 and 5xx answers (honouring Retry-After) a few times;
the delivery worker's clients do not retry, so a send always ends inside its claim.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import aiohttp
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.exceptions import ClientRequestError, SerializationError
from msrest.pipeline import AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.serialization import Model, Serializer
from msrest.universal_http.aiohttp import AioHttpClientResponse

RETRY_STATUSES = (412, 429, 500, 502, 503, 504)
LONGEST_WAIT = 10.0
"""A Retry-After longer than this is not waited for inside a turn: the error goes back."""


@dataclass(frozen=True)
class BotConfig:
    """What botbuilder's configuration-driven authentication reads."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None

    @classmethod
    def of(cls, app_id: str | None, password: str | None, tenant_id: str | None) -> BotConfig:
        # New multi-tenant bots cannot be created any more: a tenant id means SingleTenant.
        app_type = "SingleTenant" if tenant_id else "MultiTenant"
        return cls(APP_ID=app_id or None, APP_PASSWORD=password, APP_TYPE=app_type, APP_TENANTID=tenant_id)


class Transport:
    """The one aiohttp session every Connector client of this server sends through."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class _Loaded(AioHttpClientResponse):  # type: ignore[misc]
    """An answer whose body has been read (msrest's own raises on an empty one)."""

    def __init__(self, request: Any, response: aiohttp.ClientResponse, body: bytes) -> None:
        super().__init__(request, response)
        self._body = body

    def body(self) -> bytes:
        return self._body or b""


class AiohttpSender(AsyncHTTPSender):  # type: ignore[misc]
    """The end of a Connector client's msrest pipeline: the call, on the event loop."""

    def __init__(self, transport: Transport, credentials: Any, *, retries: int, timeout: float) -> None:
        self._transport = transport
        self._credentials = credentials
        self._retries = retries
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    def build_context(self) -> None:
        return None

    def _headers(self, request: Any) -> dict[str, str]:
        headers = dict(request.headers)
        credentials = self._credentials
        app_id = getattr(credentials, "microsoft_app_id", None)
        if app_id and app_id != AuthenticationConstants.ANONYMOUS_SKILL_APP_ID:
            # As botbuilder decides: no app id (the Emulator, tests) or an anonymous skill sends
            # no token. msal caches the token; a fetch on expiry blocks briefly, as in botbuilder.
            headers["Authorization"] = f"Bearer {credentials.get_access_token()}"
        return headers

    async def send(self, request: Request, **_config: Any) -> Response:
        http = request.http_request
        headers = self._headers(http)
        for attempt in range(self._retries + 1):
            last = attempt == self._retries
            try:
                async with self._transport.session().request(
                    http.method, http.url, headers=headers, data=http.data, timeout=self._timeout
                ) as answer:
                    body = await answer.read()
            except (aiohttp.ClientError, TimeoutError) as error:
                if last:
                    raise ClientRequestError(f"{type(error).__name__} calling the Connector") from None
                await asyncio.sleep(_backoff(attempt))
                continue
            wait = _retry_after(answer.headers.get("Retry-After"))
            if answer.status in RETRY_STATUSES and not last and (wait or 0) <= LONGEST_WAIT:
                await asyncio.sleep(wait if wait is not None else _backoff(attempt))
                continue
            return Response(request, _Loaded(http, answer, body))
        raise AssertionError("unreachable")


def _backoff(attempt: int) -> float:
    return float(min(LONGEST_WAIT, 0.5 * 2**attempt * random.uniform(0.5, 1.0)))


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class ModelBodies(Serializer):  # type: ignore[misc]
    """msrest's serializer, in one pass over a body that is already a tree of models.

    `Serializer.body` first copies the body into models (in case parts of it are plain dicts)
    and then validates it against the models' constraints, before serializing, and serializing
    asks of every field what kind of data it is. When every model-typed field already holds a
    model and no model in the tree has constraints, the copy and the checks change nothing: the
    tree is written out directly, field by field as msrest would (strings, numbers, models and
    lists of them here; anything else through msrest's own code). They cost about half of
    sending a reply. Any other body takes msrest's own path."""

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        if isinstance(data, Model) and not kwargs.get("is_xml"):
            written = self._plain(data, 0)
            if written is not None:
                return written
        return super().body(data, data_type, **kwargs)

    def _plain(self, model: Model, depth: int) -> dict[str, Any] | None:
        """`model` as msrest writes it, or None when it is not a plain tree of models."""
        fields = _fields_of(type(model))
        if fields is None or depth > 8:
            return None
        written: dict[str, Any] = {}
        for attr, key, kind, config in fields:
            value = getattr(model, attr, None)
            if value is None:
                continue
            if kind == "str":
                written[key] = value.value if isinstance(value, Enum) else str(value)
            elif kind in _NUMBERS:
                written[key] = _NUMBERS[kind](value)
            elif (inner := self._model_kind(kind.strip("[]"))) is not None:
                if kind[0] == "[":
                    if not isinstance(value, list):
                        return None
                    items = []
                    for item in value:
                        if item is None:
                            items.append(None)
                            continue
                        if not isinstance(item, inner) or (one := self._plain(item, depth + 1)) is None:
                            return None
                        items.append(one)
                    written[key] = items
                elif not isinstance(value, inner) or (one := self._plain(value, depth + 1)) is None:
                    return None
                else:
                    written[key] = one
            elif kind.strip("[]{}") in self.dependencies:
                return None  # a dict of models, or an enum: msrest's own path
            elif kind == "object" and _native(value, 0):
                written[key] = value  # JSON already (a card, channel data): msrest writes it as it is
            else:  # "[str]", "iso-8601", any other object…: as msrest writes them
                try:
                    written[key] = self.serialize_data(value, kind, is_xml=False, serialization_ctxt=config)
                except ValueError as exc:
                    if isinstance(exc, SerializationError):
                        raise
        return written

    def _model_kind(self, kind: str) -> type[Model] | None:
        found = self.dependencies.get(kind)
        return found if isinstance(found, type) and issubclass(found, Model) else None


def _native(value: Any, depth: int) -> bool:
    """`value` is JSON as Python holds it (dicts with string keys, lists, strings, numbers, booleans,
    None: those exact types), which msrest's `serialize_object` writes out unchanged."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return True
    if depth > 32:
        return False
    if kind is dict:
        return all(type(key) is str and _native(item, depth + 1) for key, item in value.items())
    if kind is list:
        return all(item is not None and _native(item, depth + 1) for item in value)
    return False


_NUMBERS: dict[str, Callable[[Any], Any]] = {"bool": bool, "int": int, "float": float}
_FIELDS: dict[type, tuple[tuple[str, str, str, dict[str, Any]], ...] | None] = {}


def _fields_of(model: type[Model]) -> tuple[tuple[str, str, str, dict[str, Any]], ...] | None:
    """A model's fields as (attribute, JSON key, kind, msrest's entry); None for a model with
    constraints, an XML model, or a key msrest writes nested or merges ("a.b", "")."""
    if model not in _FIELDS:
        plain = not getattr(model, "_validation", None) and not model.is_xml_model()
        fields = tuple(
            (attr, config["key"], config["type"], config) for attr, config in model._attribute_map.items()
        )
        if any(not key or "." in key for _, key, _, _ in fields):
            plain = False
        _FIELDS[model] = fields if plain else None
    return _FIELDS[model]


def tune(client: ConnectorClient, transport: Transport, *, retries: int, timeout: float) -> ConnectorClient:
    """The client sends through `transport` with these retries and this timeout, and
    serializes bodies that are already models directly (`ModelBodies`)."""
    client.conversations._serialize = ModelBodies(client._serialize.dependencies)
    config = client.config
    policies = [config.user_agent_policy, RawDeserializer(), config.http_logger_policy]
    sender = AiohttpSender(transport, config.credentials, retries=retries, timeout=timeout)
    config.pipeline = AsyncPipeline(policies, sender)
    return client


class _SharedConnectors(ConnectorFactory):
    """A ConnectorFactory that hands out one client per serviceUrl and audience."""

    def __init__(
        self,
        inner: ConnectorFactory,
        cache: dict[tuple[str, str, str], ConnectorClient],
        app: str,
        transport: Transport,
    ):
        self._inner = inner
        self._cache = cache
        self._app = app
        self._transport = transport

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (self._app, service_url, audience or "")
        client = self._cache.get(key)
        if client is None:
            client = await self._inner.create(service_url, audience)
            client = tune(client, self._transport, retries=3, timeout=10)
            self._cache[key] = client
        return client


class SharedClientsAuthentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's configuration authentication, with Connector and token clients reused."""

    def __init__(self, config: BotConfig) -> None:
        super().__init__(config)
        self._connectors: dict[tuple[str, str, str], ConnectorClient] = {}
        self._token_clients: dict[str, UserTokenClient] = {}
        self.transport = Transport()

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        claims = getattr(result.claims_identity, "claims", None)
        if claims and "exp" not in claims:
            # botbuilder checks `exp` only when a token has one; a token that never expires
            # could be replayed for ever. (With no app id, the identity has no claims at all.)
            raise PermissionError("the token has no expiry")
        if result.connector_factory is not None:
            result.connector_factory = _SharedConnectors(
                result.connector_factory, self._connectors, _app_of(result.claims_identity), self.transport
            )
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = super().create_connector_factory(claims_identity)
        return _SharedConnectors(inner, self._connectors, _app_of(claims_identity), self.transport)

    def own_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        """botbuilder's factory without sharing, for clients tuned differently (the worker's)."""
        return super().create_connector_factory(claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        app = _app_of(claims_identity)
        client = self._token_clients.get(app)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            self._token_clients[app] = client
        return client


def _app_of(identity: ClaimsIdentity | None) -> str:
    claims: dict[str, Any] = dict(getattr(identity, "claims", None) or {})
    return str(claims.get("aud") or claims.get("appid") or claims.get("azp") or "")
