"""Engine and session factory; SQLite gets WAL, a busy timeout and foreign keys.

On SQLite each statement runs on the event loop itself. aiosqlite's own connection hands
every call to a worker thread and back; SQLAlchemy makes three or four such calls per
statement, and those hops cost more than the statements (a question turn's store work went
from about 3.3 ms of CPU to under 1 ms; `bench/http.py` measures it). A local SQLite
statement takes tens of microseconds, and no transaction here waits on anything but the
database between BEGIN and COMMIT. The process keeps one SQLite connection: a second
transaction waits (without blocking the loop) until the first has committed, so two
transactions of this process never contend for SQLite's lock on the loop. SQLite has one
writer at a time anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

T = TypeVar("T")
BUSY_TIMEOUT_S = 0.25
"""How long a statement waits for another process's lock (a CLI command, a backup). It waits
on the loop, so it is short; a turn that still finds the store locked is retried, then
answered with an apology."""
CLI_BUSY_TIMEOUT_S = 10.0
"""A command-line tool has nobody else on its loop: it waits for the server's lock longer."""
POOL_TIMEOUT_S = 15


class _InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection with calls run in place: it opens and closes on its thread,
    and everything in between runs on the caller's event loop."""

    async def _execute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def _inline_creator(url: str, busy_timeout: float) -> Callable[[], Any]:
    cargs, cparams = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))
    params = {**cparams, "timeout": busy_timeout, "check_same_thread": False}

    async def connect() -> aiosqlite.Connection:
        return await _InlineConnection(partial(sqlite3.connect, *cargs, **params), 64)

    return connect


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, Any], None]:
    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return apply


def make_engine(url: str, *, busy_timeout: float = BUSY_TIMEOUT_S) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            async_creator=_inline_creator(url, busy_timeout),
            poolclass=AsyncAdaptedQueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=POOL_TIMEOUT_S,
            hide_parameters=True,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas(busy_timeout))
        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


def fair_gate(engine: AsyncEngine) -> contextlib.AbstractAsyncContextManager[Any]:
    """Where transactions wait for SQLite's one connection, so they get it in the order they
    asked. Left to the pool's asyncio queue, a transaction could be overtaken again and again:
    with 50 Slack messages at a time (`bench/http.py`) the slowest 1% were answered in 1.45 s
    against a median of 0.17 s; in order, 0.24 s against 0.20 s, at the same throughput.
    PostgreSQL has a connection per transaction and needs no gate."""
    if engine.dialect.name == "sqlite":
        return asyncio.Lock()
    return contextlib.nullcontext()


def make_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
