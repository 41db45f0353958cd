#!/usr/bin/env bash
# Runs the docker compose deployment for real, in a throwaway copy of this working tree, and
# checks what the README promises of it:
#   1. `up -d --build`: PostgreSQL becomes healthy, then Signpost starts, migrated, and answers
#      /healthz on port 3978;
#   2. `up -d --scale signpost=2`: the second replica answers on 3979;
#   3. a report made through replica 1's terminal assistant is listed by replica 2 (one shared
#      store), and the migrations were applied once;
#   4. `stop`: each replica exits cleanly (code 0) on SIGTERM;
#   5. from an empty database, two replicas started at once both come up, migrating it once;
#   6. `down -v` removes everything it made, also when a check fails.
# Needs a Docker engine with Compose (v2 `docker compose`, or v1 `docker-compose`) and the host
# ports 3978-3979 free. Usage: bash scripts/compose-check.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
project="signpost-check-$$"
if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi

run() { (cd "$work" && "${compose[@]}" -p "$project" "$@"); }
cleanup() {
    run down -v --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAILED: $*" >&2
    run logs --no-color --tail 40 >&2 || true
    exit 1
}

# The tracked and new files of this tree (never .env, databases or the virtualenv).
(cd "$here" && git ls-files -co --exclude-standard -z | tar --null -T - -c) | tar -x -C "$work"
printf 'POSTGRES_PASSWORD=%s\n' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$work/.env"

healthy() { # PORT: wait up to 5 minutes for {"status": "ok"} on /healthz
    python3 - "$1" <<'EOF'
import json, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            if json.load(answer).get("status") == "ok":
                sys.exit(0)
    except Exception:
        pass
    time.sleep(2)
sys.exit(1)
EOF
}

echo "== docker compose up -d --build (${compose[*]})"
run up -d --build
healthy 3978 || fail "Signpost did not answer /healthz on 3978"
echo "ok: PostgreSQL healthy, Signpost migrated and healthy on 3978"

echo "== docker compose up -d --scale signpost=2"
run up -d --scale signpost=2
healthy 3979 || fail "the second replica did not answer /healthz on 3979"
healthy 3978 || fail "the first replica stopped answering"
echo "ok: two replicas healthy on 3978 and 3979"

echo "== a report through replica 1, read from replica 2"
printf '%s\n' \
    "Someone posted on Facebook that our ward is filthy https://www.facebook.com/groups/1/posts/2" \
    "Says the ward is dirty" "2" "no" "no" "yes" |
    run exec -T --index=1 signpost signpost chat >"$work/chat.out"
grep -q "Your reference is SP-" "$work/chat.out" || fail "the report was not recorded: $(cat "$work/chat.out")"
ref=$(grep -o "SP-[0-9]*-[0-9]*" "$work/chat.out" | head -1)
run exec -T --index=2 signpost signpost escalations list --json | grep -q "\"ref\": \"$ref\"" ||
    fail "replica 2 does not see $ref"
versions=$(run exec -T db sh -c 'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "SELECT count(*) FROM alembic_version"')
[ "$(echo "$versions" | tr -d '[:space:]')" = "1" ] || fail "alembic_version has $versions rows"
echo "ok: $ref recorded by replica 1 and listed by replica 2; migrated once"

echo "== docker compose stop signpost (SIGTERM)"
run stop signpost
for id in $(run ps -q signpost); do
    code=$(docker inspect -f '{{.State.ExitCode}}' "$id")
    [ "$code" = "0" ] || fail "a replica exited with $code on SIGTERM"
done
echo "ok: both replicas stopped cleanly"

echo "== down -v, then two replicas at once on an empty database"
run down -v
run up -d --scale signpost=2
healthy 3978 && healthy 3979 || fail "two replicas started together did not both come up"
versions=$(run exec -T db sh -c 'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "SELECT count(*) FROM alembic_version"')
[ "$(echo "$versions" | tr -d '[:space:]')" = "1" ] || fail "alembic_version has $versions rows"
echo "ok: both replicas healthy, the database migrated once"
echo "compose check passed"
