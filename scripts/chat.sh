#!/usr/bin/env bash
# One command from a fresh clone to talking to Signpost in the terminal (SQLite, no credentials).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/signpost chat
