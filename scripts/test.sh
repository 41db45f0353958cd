#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: set-up, lint, type checks,
# the import contract, then pytest (SQLite, and PostgreSQL when a server can be started).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ruff"
.venv/bin/ruff check bot knowledge adapters migrations tests bench
echo "== import contracts"
.venv/bin/lint-imports
echo "== mypy --strict (bot, knowledge)"
.venv/bin/mypy
echo "== pytest"
exec .venv/bin/pytest -q "$@"
