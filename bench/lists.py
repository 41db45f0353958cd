"""The benches' message lists (`bench/data/*.txt`): one message a line; blank lines and lines
starting with # are left out."""

from __future__ import annotations

from pathlib import Path


def listed(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
