#!/usr/bin/env bash
# Sets up Signpost on this machine: a virtual environment in .venv with the project and
# its dev tools installed, and the database migrated. Safe to run again: it only
# reinstalls when pyproject.toml has changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || {
    echo "setup: Signpost needs Python 3.11 or newer (python3.11 was not found)." >&2
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "setup: installing python3 and python3-venv with apt-get..." >&2
      apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null
      python=$(find_python) || { echo "setup: no Python 3.11+ available." >&2; exit 1; }
    else
      exit 1
    fi
  }
  echo "setup: creating .venv with $("$python" --version)"
  "$python" -m venv .venv || {
    echo "setup: 'python -m venv' failed; on Debian/Ubuntu install python3-venv first." >&2; exit 1; }
fi

stamp=.venv/.signpost-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Signpost and its dependencies (first run takes a minute or two)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi

.venv/bin/signpost db upgrade

# Learn the understanding models now (cached by the knowledge files' fingerprint), so the
# assistant starts in a fraction of a second.
.venv/bin/signpost classify </dev/null
