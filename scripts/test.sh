#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: set-up, lint, type checks, the
# import contract, then pytest on SQLite and on a real PostgreSQL server started here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ruff"
.venv/bin/ruff check bot knowledge adapters migrations tests bench
echo "== import contracts"
.venv/bin/lint-imports
echo "== mypy --strict (bot, knowledge)"
.venv/bin/mypy
echo "== PostgreSQL for the store tests"
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if pgdir=$(SIGNPOST_TEST_PG_PORT=$port bash scripts/postgres.sh start); then
  trap 'bash scripts/postgres.sh stop "$pgdir"' EXIT
  export SIGNPOST_TEST_POSTGRES_URL="postgresql+asyncpg://postgres@127.0.0.1:$port/signpost_test"
  echo "PostgreSQL on 127.0.0.1:$port"
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL could not be started; CI needs it" >&2; exit 1
else
  echo "PostgreSQL could not be started: its tests will be skipped" >&2
fi
echo "== pytest"
.venv/bin/pytest -q "$@"
