"""Benchmark of the understanding: start-up time, time per message, peak memory.

    python bench/understanding.py [--messages FILE] [--repeat N]

Start-up is measured in fresh interpreters (imports, loading and validating the knowledge
files, then learning the models or loading them from the cache), as `signpost classify`
pays it: once with an empty cache (the first start after the knowledge changes) and then
with the cache the first run wrote. Per-message time is over the
messages of FILE (JSON lines with "text"; default: the shared dev set, else bench/data),
repeated N times. Peak memory is the fresh interpreter's maximum resident set size.
Targets: start-up under 2.5 s, under 2 ms per message, under 350 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = (ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "bench" / "data" / "holdout.jsonl")

CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
from knowledge.loader import load_knowledge
from bot.understanding import build_understander
understander = build_understander(load_knowledge())
startup = time.perf_counter() - started
texts = json.loads(sys.stdin.read())
repeat = int(sys.argv[1])
understander.understand("warm up")
times = []
for _ in range(repeat):
    for text in texts:
        t = time.perf_counter()
        understander.understand(text)
        times.append(time.perf_counter() - t)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"startup": startup, "times": times, "peak_mb": peak_mb}))
"""


def _texts(path: Path | None) -> tuple[list[str], str]:
    paths = [path] if path else [p for p in DEFAULT_SETS if p.is_file()]
    texts = [
        json.loads(line)["text"]
        for p in paths
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return texts, ", ".join(
        str(p.relative_to(ROOT.parent)) if ROOT.parent in p.parents else str(p) for p in paths
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--runs", type=int, default=3, help="fresh interpreters to start (start-up is the median)"
    )
    args = parser.parse_args()
    texts, source = _texts(args.messages)
    runs = []
    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "SIGNPOST_CACHE_DIR": cache_dir}
        for _ in range(args.runs + 1):
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.repeat)],
                input=json.dumps(texts),
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env=env,
            )
            runs.append(json.loads(done.stdout))
    cold, runs = runs[0], runs[1:]
    times_ms = sorted(t * 1000 for run in runs for t in run["times"])
    startup = statistics.median(run["startup"] for run in runs)
    peak = max(run["peak_mb"] for run in (cold, *runs))
    p99 = times_ms[int(len(times_ms) * 0.99) - 1]
    print(
        f"messages        {len(texts)} from {source}, "
        f"x{args.repeat} in each of {args.runs} fresh interpreters"
    )
    print(f"start-up        {startup:.2f} s with the learned models cached (median; target < 2.5 s)")
    print(f"                {cold['startup']:.2f} s learning them from the knowledge files (first start)")
    print(
        f"per message     mean {statistics.fmean(times_ms):.2f} ms, "
        f"p50 {statistics.median(times_ms):.2f} ms, "
        f"p99 {p99:.2f} ms, max {times_ms[-1]:.2f} ms (target < 2 ms)"
    )
    print(f"peak memory     {peak:.0f} MB (target < 350 MB)")


if __name__ == "__main__":
    main()
