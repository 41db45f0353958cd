"""Configuration from the environment (or a `.env` file), validated once at start-up."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.office_hours import OfficeHours

DEFAULT_URGENT_HELP_URL = "https://tavistockandportman.nhs.uk/care-and-treatment/need-urgent-help/"
DEFAULT_STAFF_SUPPORT = (
    "the Trust's staff wellbeing service and Employee Assistance Programme "
    "(details on the staff intranet), or your line manager"
)


class Settings(BaseSettings):
    """Every setting in CONTRACT.md, with its default. Secrets never print."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    database_url: str = "sqlite+aiosqlite:///signpost.db"
    host: str = "0.0.0.0"
    port: int = Field(default=3978, ge=0, le=65535)
    """0: any free port (the log says which)."""

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_comms_channel: str | None = None
    slack_comms_members: str | None = None
    slack_oncall_channel: str | None = None

    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_tenant_id: str | None = None
    teams_comms_members: str | None = None

    office_hours: str = "Mon-Fri 09:00-17:00 Europe/London"
    urgent_help_url: str = DEFAULT_URGENT_HELP_URL
    staff_support: str = DEFAULT_STAFF_SUPPORT
    comms_contact: str = "the Communications Team (communications@tavi-port.nhs.uk)"
    log_level: str = "INFO"
    delivery_lease_seconds: float = Field(default=60.0, ge=1, le=3600)
    """How long a claimed message is reserved for the worker sending it; a worker that dies
    holding it delays that message by at most this long."""

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @model_validator(mode="after")
    def _slack_pair(self) -> Settings:
        if (self.slack_bot_token is None) != (self.slack_signing_secret is None):
            missing = "SLACK_SIGNING_SECRET" if self.slack_signing_secret is None else "SLACK_BOT_TOKEN"
            raise ValueError(
                f"Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: {missing} is not set"
            )
        return self

    @field_validator("urgent_help_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("URGENT_HELP_URL must start with https:// or http://")
        return value

    @field_validator("office_hours")
    @classmethod
    def _office_hours(cls, value: str) -> str:
        OfficeHours.parse(value)
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "DATABASE_URL must use an async driver: sqlite+aiosqlite:///FILE "
                "or postgresql+asyncpg://USER:PASSWORD@HOST/DB"
            )
        return value
