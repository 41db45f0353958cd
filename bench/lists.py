"""The benches' message lists (`bench/data/*.txt`): one message a line; blank lines and lines
starting with # are left out. And the labelled sets (`labelled_messages`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
DEV_SET = DATA.parent.parent.parent / "shared" / "eval" / "dev.jsonl"
"""The labelled dev set, beside the checkout when there is one."""


def listed(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def labelled_messages() -> list[dict[str, Any]]:
    """Every labelled message (`{"id", "text", "intent", "sections"}`): the dev set when it is
    beside the checkout, then `bench/data/*.jsonl`."""
    paths = [DEV_SET, *sorted(DATA.glob("*.jsonl"))]
    return [json.loads(line) for path in paths if path.is_file() for line in listed(path)]
