#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the test suite and prints its URL.
#   scripts/postgres.sh start   -> prints postgresql+asyncpg://... on stdout
#   scripts/postgres.sh stop DIR
# Installs PostgreSQL with apt-get when it is missing and we are root. The server runs
# as the 'postgres' user when we are root (PostgreSQL refuses to run as root), listens
# on 127.0.0.1 only, and lives in a temporary folder that `stop` removes.
set -euo pipefail

PORT=${SIGNPOST_TEST_PG_PORT:-55432}

find_bin() {
  for dir in "$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")")" \
             /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  bin=$(find_bin) || {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "postgres: installing PostgreSQL with apt-get..." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
      bin=$(find_bin) || { echo "postgres: PostgreSQL did not install" >&2; exit 1; }
    else
      echo "postgres: PostgreSQL is not installed (and cannot be installed without root)" >&2; exit 1
    fi
  }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql postgres >&2
  fi
  dir=$(mktemp -d /tmp/signpost-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $dir -c fsync=off -c max_connections=200" start >/dev/null
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres signpost_test
  echo "$dir"
}

stop() {
  dir=$1
  bin=$(find_bin) || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
