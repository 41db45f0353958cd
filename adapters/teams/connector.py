"""Bot Framework authentication and Connector clients, built once and reused.

botbuilder builds a new Connector client (and a user-token client) for every turn, and
msrest's retry-policy set-up dominates the cost of a turn. Here each client is built once
per (app id, serviceUrl, audience) and shared: the clients hold no per-turn state, their
credentials cache their own tokens, and their HTTP sessions (one per executor thread)
keep connections open between turns.

Replies inside a turn retry 429, 412 and 5xx answers (honouring Retry-After) a few times;
the delivery worker's clients do not retry, so a send always ends inside its claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)

RETRY_STATUSES = (412, 429, 500, 502, 503, 504)


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


def tune(client: ConnectorClient, *, retries: int, timeout: float) -> ConnectorClient:
    policy = client.config.retry_policy
    policy.retries = retries
    policy.policy.status_forcelist = list(RETRY_STATUSES)
    policy.policy.respect_retry_after_header = True
    policy.max_backoff = 10
    client.config.connection.timeout = timeout
    return client


class _SharedConnectors(ConnectorFactory):
    """A ConnectorFactory that hands out one client per serviceUrl and audience."""

    def __init__(self, inner: ConnectorFactory, cache: dict[tuple[str, str, str], ConnectorClient], app: str):
        self._inner = inner
        self._cache = cache
        self._app = app

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (self._app, service_url, audience or "")
        client = self._cache.get(key)
        if client is None:
            client = tune(await self._inner.create(service_url, audience), retries=3, timeout=10)
            self._cache[key] = client
        return client


class SharedClientsAuthentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's configuration authentication, with Connector and token clients reused."""

    def __init__(self, config: BotConfig) -> None:
        super().__init__(config)
        self._connectors: dict[tuple[str, str, str], ConnectorClient] = {}
        self._token_clients: dict[str, UserTokenClient] = {}

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _SharedConnectors(
                result.connector_factory, self._connectors, _app_of(result.claims_identity)
            )
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = super().create_connector_factory(claims_identity)
        return _SharedConnectors(inner, self._connectors, _app_of(claims_identity))

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
