"""`signpost serve` as a real process, for the tests that kill and restart it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


class ServeProcess:
    """One run of `signpost serve` on a port of its own choosing (PORT=0), read from its log,
    so two test runs on one machine can never answer each other's health checks."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": "0"}
        self.log = log
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _bound_port(self, offset: int) -> int:
        with self.log.open("rb") as log:
            log.seek(offset)
            for line in log.read().decode("utf-8", "replace").splitlines():
                if '"signpost serving"' in line:
                    return int(json.loads(line)["port"])
        return 0

    async def start(self, timeout: float = 60.0) -> None:
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "adapters.cli", "serve"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise AssertionError(f"signpost serve exited: {self.log.read_text()[-2000:]}")
                self.port = self.port or self._bound_port(offset)
                if self.port:
                    try:
                        async with session.get(self.url + "/healthz") as answer:
                            if answer.status == 200:
                                return
                    except aiohttp.ClientError:
                        pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"signpost serve did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def terminate(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)
