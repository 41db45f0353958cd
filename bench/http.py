"""HTTP benchmark: Signpost's Slack and Teams endpoints against reference servers, in one run.

    python bench/http.py [--messages N] [--postgres URL [--replicas K]] [--rates 200,1000]
                          [--only slack|teams]

Starts `signpost serve` (SQLite by default; PostgreSQL with --postgres) with a local fake
Slack Web API and a fake Bot Connector (both in this process), plus three reference
servers (bench/baselines.py): a bare aiohttp handler, a minimal Bolt app and botbuilder's
stock echo bot. Each is driven with signed Slack events or Teams activities at
concurrency 1 and 50, and Signpost also at fixed arrival rates. Printed per run:
throughput, ack latency p50/p90/p99/max, for Slack the time until the reply reaches the
fake Slack (p50/p99), server CPU per message (from /proc), and peak memory (VmHWM).
Compare ratios within one run: the noise between runs on a shared machine is large.
Every Signpost message is a full question turn: verify, dedupe, understand, answer,
store the advice record, and send the reply. It also prints when the answers reached
the fake Slack or Bot Connector, how many arrived and how many came twice. With
--replicas K, K `signpost serve` processes share the PostgreSQL store and the messages
are spread over them in turn.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/http.py: keep its folder off the path so `import http` finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_connector import FakeConnector
from tests.fakes.slack_api import BOT_USER, FakeSlack

SECRET = "bench-signing-secret"
TOKEN = "xoxb-test-token"  # the token the fake Slack accepts
QUESTIONS = [
    "a former patient sent me a friend request on facebook, can I accept?",
    "can I post photos from the ward on instagram?",
    "is it ok to say where I work on my linkedin profile?",
    "can I criticise the trust on my personal twitter?",
    "my team wants its own facebook page, who do I ask?",
    "can I share a news story about the trust?",
    "what should I do if a journalist contacts me on twitter?",
    "can I use whatsapp to message colleagues about shifts?",
]
TICKS = os.sysconf("SC_CLK_TCK")
_ids = itertools.count(1)


# ---------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def url_for(self, n: int) -> str:
        return self.url

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Replicas:
    """Several `signpost serve` processes on one PostgreSQL, each on its own port; the driver
    spreads the messages over them in turn, as a load balancer would."""

    servers: list[Server]

    def url_for(self, n: int) -> str:
        return self.servers[n % len(self.servers)].url

    def cpu(self) -> float:
        return sum(server.cpu() for server in self.servers)

    def peak_mb(self) -> float:
        return sum(server.peak_mb() for server in self.servers)


async def start_signpost(env: dict[str, str], log: Path) -> Server:
    full = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": "0", "LOG_LEVEL": "INFO"}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "serve"], cwd=ROOT, env=full, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"signpost serve exited: {log.read_text()[-2000:]}")
        for line in log.read_text(errors="replace").splitlines():
            if '"signpost serving"' in line:
                port = int(json.loads(line)["port"])
                server = Server("signpost", process, port)
                if await _healthy(server):
                    return server
        await asyncio.sleep(0.2)
    raise SystemExit("signpost serve did not start")


async def start_baseline(kind: str, env: dict[str, str]) -> Server:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "baselines.py"), kind],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.to_thread(process.stdout.readline)
    if not line.startswith(b"PORT"):
        raise SystemExit(f"baseline {kind} did not start")
    return Server(kind, process, int(line.split()[1]))


async def _healthy(server: Server) -> bool:
    try:
        async with aiohttp.ClientSession() as session, session.get(server.url + "/healthz") as answer:
            return answer.status == 200
    except aiohttp.ClientError:
        return False


# ---------------------------------------------------------------- requests


def slack_request(n: int) -> tuple[str, bytes, dict[str, str], str]:
    user = f"U{n:09d}"
    event = {
        "type": "message",
        "channel": "D" + user[1:],
        "channel_type": "im",
        "user": user,
        "text": QUESTIONS[n % len(QUESTIONS)],
        "ts": f"{time.time():.6f}",
    }
    body = json.dumps(
        {
            "token": "legacy",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{n:010d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
        }
    )
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }
    return "/slack/events", body.encode(), headers, "D" + user[1:]


USERS = 500
"""Messages come from a pool of staff, as in real use (each new person costs one more write)."""


def teams_request(n: int, service_url: str) -> tuple[str, bytes, dict[str, str], str]:
    user = f"29:bench-{n % USERS}"
    body = {
        "type": "message",
        "id": f"{n}",
        "timestamp": "2026-11-22T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": "Bench", "aadObjectId": f"aad-{n % USERS}"},
        "recipient": {"id": "28:signpost-bot", "name": "Signpost"},
        "conversation": {"conversationType": "personal", "tenantId": "t1", "id": f"a:bench-{n % USERS}"},
        "channelData": {"tenant": {"id": "t1"}},
        "text": QUESTIONS[n % len(QUESTIONS)],
        "locale": "en-GB",
    }
    return "/api/messages", json.dumps(body).encode(), {"Content-Type": "application/json"}, f"teams:{n}"


@dataclass
class Result:
    label: str
    sent: int
    ok: int
    seconds: float
    acks: list[float]
    replies: list[float]
    cpu: float
    peak_mb: float
    answered: int | None = None
    """Messages whose answer reached the fake Slack or Connector, and answers sent more than once."""
    duplicates: int = 0
    turns_per_s: float | None = None
    """Answers landed a second, from the first send to the last answer."""

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        acks = sorted(self.acks) or [0.0]
        reply = ""
        if self.replies:
            replies = sorted(self.replies)
            reply = f" reply p50 {_ms(_pct(replies, 50))} p99 {_ms(_pct(replies, 99))}"
        if self.answered is not None:
            reply += f"  answered {self.answered}/{self.sent}, twice {self.duplicates}"
        if self.turns_per_s is not None:
            reply += f", {self.turns_per_s:.0f} turns/s"
        return (
            f"{self.label:<34} {self.rate:8.0f} msg/s  ok {self.ok}/{self.sent}  "
            f"ack p50 {_ms(_pct(acks, 50))} "
            f"p90 {_ms(_pct(acks, 90))} p99 {_ms(_pct(acks, 99))} max {_ms(acks[-1])}{reply}  "
            f"cpu {self.cpu / max(1, self.ok) * 1000:.2f} ms/msg  peak {self.peak_mb:.0f} MB"
        )


def _pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def drive(
    server: Server | Replicas,
    make: Any,
    *,
    count: int,
    concurrency: int | None = None,
    rate: float | None = None,
    label: str,
    reply_times: dict[str, float] | None = None,
    posts: ReplyClock | TeamsReplyClock | None = None,
) -> Result:
    """Closed loop at `concurrency`, or open loop at `rate` messages per second (latency
    counted from the scheduled send time, so queueing shows)."""
    numbers = [next(_ids) for _ in range(count)]
    acks: list[float] = []
    sent_at: dict[str, float] = {}
    ok = 0
    connector = aiohttp.TCPConnector(limit=concurrency or 200)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(n: int, scheduled: float) -> None:
            nonlocal ok
            path, body, headers, key = make(n)
            sent_at[key] = scheduled
            try:
                async with session.post(server.url_for(n) + path, data=body, headers=headers) as answer:
                    await answer.read()
                    if answer.status < 300:
                        ok += 1
            except aiohttp.ClientError:
                return
            acks.append(time.perf_counter() - scheduled)

        cpu_before = server.cpu()
        started = time.perf_counter()
        if rate is None:
            queue = iter(numbers)

            async def worker() -> None:
                for n in queue:
                    await one(n, time.perf_counter())

            await asyncio.gather(*(worker() for _ in range(concurrency or 1)))
        else:
            tasks = []
            for i, n in enumerate(numbers):
                scheduled = started + i / rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(n, scheduled)))
            await asyncio.gather(*tasks)
        seconds = time.perf_counter() - started
        if reply_times is not None:  # replies sent after the ack: wait for them to land
            deadline = time.monotonic() + 30
            while sum(1 for key in sent_at if key in reply_times) < ok and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        cpu = server.cpu() - cpu_before
    replies = [reply_times[key] - at for key, at in sent_at.items() if reply_times and key in reply_times]
    result = Result(label, count, ok, seconds, acks, replies, cpu, server.peak_mb())
    if posts is not None:
        result.answered = sum(1 for key in sent_at if posts.posts[key])
        result.duplicates = sum(n - 1 for (key, _), n in posts.texts.items() if key in sent_at and n > 1)
    if reply_times and (landed := [reply_times[key] for key in sent_at if key in reply_times]):
        result.turns_per_s = len(landed) / max(1e-9, max(landed) - started)
    return result


# ---------------------------------------------------------------- main


class ReplyClock:
    """Records when the first reply for each DM channel reaches the fake Slack."""

    def __init__(self, fake: FakeSlack) -> None:
        self.times: dict[str, float] = {}
        self.posts: Counter[str] = Counter()
        self.texts: Counter[tuple[str, str]] = Counter()
        """Posts by channel, and by channel and text: an answer of two messages is not a repeat."""
        original = fake.m_chat_postMessage

        def post(args: dict[str, Any]) -> dict[str, Any]:
            self.times.setdefault(str(args.get("channel")), time.perf_counter())
            self.posts[str(args.get("channel"))] += 1
            self.texts[(str(args.get("channel")), str(args.get("text")))] += 1
            return original(args)

        fake.m_chat_postMessage = post  # type: ignore[method-assign]


class TeamsReplyClock:
    """Records when the first reply to each Teams message (by the activity it replies to)
    reaches the fake Bot Connector, and how many replies and repeats each got."""

    def __init__(self, connector: FakeConnector) -> None:
        self.times: dict[str, float] = {}
        self.posts: Counter[str] = Counter()
        self.texts: Counter[tuple[str, str]] = Counter()
        original = connector._record

        async def record(method: str, request: Any, activity_id: str | None) -> dict[str, Any]:
            body = await original(method, request, activity_id)
            if method == "reply" and activity_id and body.get("type") == "message":  # not "typing"
                key = f"teams:{activity_id}"
                self.times.setdefault(key, time.perf_counter())
                self.posts[key] += 1
                self.texts[(key, str(body.get("text")))] += 1
            return body

        connector._record = record  # type: ignore[method-assign]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000, help="messages per run at concurrency 50")
    parser.add_argument("--postgres", help="postgresql+asyncpg:// URL of an empty database")
    parser.add_argument("--rates", default="200,500,1000", help="fixed arrival rates for Signpost (msg/s)")
    parser.add_argument("--only", choices=("slack", "teams"))
    parser.add_argument(
        "--replicas", type=int, default=1, help="signpost serve processes sharing the store (PostgreSQL only)"
    )
    args = parser.parse_args()
    if args.replicas > 1 and not args.postgres:
        parser.error("--replicas needs --postgres: on SQLite one server writes the store")
    count = args.messages
    rates = [float(r) for r in args.rates.split(",") if r]

    slack_fake, connector = FakeSlack(), FakeConnector()
    await slack_fake.start()
    await connector.start()
    slack_fake.calls.clear()
    clock = ReplyClock(slack_fake)
    teams_clock = TeamsReplyClock(connector)
    tmp = Path(tempfile.mkdtemp(prefix="signpost-bench-"))
    database = args.postgres or f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    env = {
        "DATABASE_URL": database,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_fake.url,
    }
    print(
        f"signpost bench: {os.cpu_count()} cores, store {'PostgreSQL' if args.postgres else 'SQLite'}, "
        f"{count} messages per concurrent run, {args.replicas} signpost serve process(es)"
    )
    results: list[Result] = []
    servers: list[Server] = []
    try:
        first = await start_signpost(env, tmp / "serve.log")
        servers.append(first)
        signpost: Server | Replicas = first
        if args.replicas > 1:
            more = [await start_signpost(env, tmp / f"serve{i}.log") for i in range(1, args.replicas)]
            servers.extend(more)
            signpost = Replicas([first, *more])
        bare = await start_baseline("aiohttp", env)
        servers.append(bare)
        service_url = connector.url

        def teams(n: int) -> tuple[str, bytes, dict[str, str], str]:
            return teams_request(n, service_url)

        # Warm up every server (imports, first-request set-up, caches).
        for server in servers:
            await drive(server, slack_request, count=50, concurrency=5, label="warm-up")
        if args.only != "teams":
            bolt = await start_baseline("bolt", env)
            servers.append(bolt)
            await drive(bolt, slack_request, count=50, concurrency=5, label="warm-up")
            print("\n== Slack events (a DM question)")
            for server, label in ((bare, "bare aiohttp"), (bolt, "minimal Bolt app")):
                results.append(
                    await drive(server, slack_request, count=count, concurrency=50, label=f"{label} c=50")
                )
                print(results[-1].line())
            clock.times.clear()
            for concurrency, n in ((1, max(100, count // 10)), (50, count)):
                results.append(
                    await drive(
                        signpost,
                        slack_request,
                        count=n,
                        concurrency=concurrency,
                        label=f"signpost slack c={concurrency}",
                        reply_times=clock.times,
                        posts=clock,
                    )
                )
                print(results[-1].line())
            for rate in rates:
                results.append(
                    await drive(
                        signpost,
                        slack_request,
                        count=int(rate * 5),
                        rate=rate,
                        label=f"signpost slack {rate:.0f}/s",
                        reply_times=clock.times,
                        posts=clock,
                    )
                )
                print(results[-1].line())
            bolt_rate = next(r.rate for r in results if r.label == "minimal Bolt app c=50")
            ours = next(r.rate for r in results if r.label == "signpost slack c=50")
            print(
                f"   ratio: signpost slack / minimal Bolt at c=50 = {ours / bolt_rate:.2f} (target >= 0.50)"
            )
        if args.only != "slack":
            echo = await start_baseline("echo", env)
            servers.append(echo)
            await drive(echo, teams, count=50, concurrency=5, label="warm-up")
            await drive(signpost, teams, count=50, concurrency=5, label="warm-up")
            print(
                "\n== Teams activities (a personal-chat question; Signpost's reply is sent after the "
                "answer, the echo bot's before)"
            )
            pairs = []
            for concurrency, n in ((1, max(100, count // 10)), (50, count)):
                mine = await drive(
                    signpost,
                    teams,
                    count=n,
                    concurrency=concurrency,
                    label=f"signpost teams c={concurrency}",
                    reply_times=teams_clock.times,
                    posts=teams_clock,
                )
                stock = await drive(
                    echo,
                    teams,
                    count=n,
                    concurrency=concurrency,
                    label=f"stock echo bot c={concurrency}",
                    reply_times=teams_clock.times,
                )
                pairs.append((mine, stock))
                print(mine.line())
                print(stock.line())
            for mine, stock in pairs:
                cpu_ratio = (stock.cpu / max(1, stock.ok)) / max(1e-9, mine.cpu / max(1, mine.ok))
                turns = (mine.turns_per_s or 0.0) / max(1e-9, stock.turns_per_s or stock.rate)
                print(
                    f"   ratio at {mine.label.split()[-1]}: "
                    f"throughput {mine.rate / max(1e-9, stock.rate):.2f}x, answers {turns:.2f}x, "
                    f"CPU per message {cpu_ratio:.2f}x less than the stock echo bot (target >= 2)"
                )
    finally:
        for server in servers:
            server.stop()
        await slack_fake.close()
        await connector.close()
        shutil.rmtree(tmp, ignore_errors=True)  # the run's database and server logs


if __name__ == "__main__":
    asyncio.run(main())
