"""One way to record an unexpected failure: a short error id the user is shown, the error's
type in the log with that id, and the traceback (which could hold user text) only at DEBUG."""

from __future__ import annotations

import logging
import uuid
from typing import Any


def log_failure(logger: logging.Logger, event: str, exc: BaseException, **fields: Any) -> str:
    """Logs `event` with the error's type and a new error id, and returns the id."""
    error_id = uuid.uuid4().hex[:8]
    logger.error(event, extra={**fields, "error": type(exc).__name__, "error_id": error_id})
    logger.debug(f"{event}: traceback", extra={"error_id": error_id}, exc_info=True)
    return error_id
