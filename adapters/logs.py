"""Logs as JSON lines (one object per line: timestamp, level, logger, event, fields).

Log calls pass fields with `extra={...}` and never interpolate user text, so a log line
cannot be forged from a message. Report text and secrets are never logged; tracebacks
(which could hold them) only at DEBUG.
"""

from __future__ import annotations

import logging
import sys

import structlog

RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _extras(_logger: object, _name: str, event: structlog.typing.EventDict) -> structlog.typing.EventDict:
    record = event.get("_record")
    if isinstance(record, logging.LogRecord):
        for key, value in vars(record).items():
            if key not in RESERVED and not key.startswith("_") and key not in event:
                event[key] = value
    return event


def configure(level: str = "INFO", *, json: bool = True) -> None:
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _extras,
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # slack_sdk's Web API client tests its own logger's `level`, not the level it inherits,
    # and with none set built a debug line of every request (about 0.1 ms each): named here.
    for noisy in ("aiohttp.access", "slack_bolt", "slack_sdk", "slack_sdk.web.async_base_client", "asyncio"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
