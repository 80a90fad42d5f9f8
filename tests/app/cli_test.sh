#!/usr/bin/env bash
# The nazar command end to end: version, config precedence (flag > NAZAR_* > default),
# exit codes and field-naming errors, user/apikey creation, serve, and a graceful SIGTERM.
# Usage: cli_test.sh path/to/nazar
set -uo pipefail
NAZAR=$1
work=$(mktemp -d)
server_pid=""
trap '[[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
passed=0; failed=0
check() {  # description, command...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}

out=$("$NAZAR" version); check "version prints the version" grep -q '^nazar [0-9]' <<<"$out"
"$NAZAR" --help >/dev/null; check "--help exits 0" test $? -eq 0

# Environment gives the database; a flag overrides it.
NAZAR_DB="sqlite:$work/env.db" "$NAZAR" migrate >/dev/null
check "NAZAR_DB is honoured" test -f "$work/env.db"
NAZAR_DB="sqlite:$work/env.db" "$NAZAR" migrate --db "sqlite:$work/flag.db" >/dev/null
check "--db wins over NAZAR_DB" test -f "$work/flag.db"
export NAZAR_DB="sqlite:$work/nazar.db"

err=$("$NAZAR" migrate --db "mysql://nope" 2>&1); rc=$?
check "unknown database URL exits 2" test $rc -eq 2
check "and names the db field" grep -q "field: db" <<<"$err"

err=$(NAZAR_PASSWORD=long-enough "$NAZAR" user create --email not-an-email --name X 2>&1); rc=$?
check "bad email exits 2" test $rc -eq 2
check "and names the email field" grep -q "field: email" <<<"$err"
err=$(echo short | "$NAZAR" user create --email a@example.com --name A --password-stdin 2>&1); rc=$?
check "short password is refused naming the field" grep -q "field: password" <<<"$err"

out=$(echo 'a-long-password' | "$NAZAR" user create --email Ada@Example.com --name Ada \
  --org "Ada's shop" --password-stdin); rc=$?
check "user create succeeds" test $rc -eq 0
check "and creates the organisation" grep -q 'created organisation 1' <<<"$out"
err=$(echo 'a-long-password' | "$NAZAR" user create --email ada@example.com --name Ada2 --password-stdin 2>&1); rc=$?
check "duplicate email exits non-zero" test $rc -ne 0
check "and says it exists" grep -q "already_exists" <<<"$err"

key=$("$NAZAR" apikey create --org 1 --name ci --role analyst 2>/dev/null)
check "apikey create prints a key" grep -q '^nzk_' <<<"$key"
err=$("$NAZAR" apikey create --org 1 --name ci --role root 2>&1); rc=$?
check "bad role exits 2 naming the field" grep -q "field: role" <<<"$err"
err=$("$NAZAR" apikey create --org 999 --name ci 2>&1); rc=$?
check "unknown organisation is not_found" grep -q "not_found" <<<"$err"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NAZAR_LISTEN="127.0.0.1:$port" "$NAZAR" serve >"$work/access.log" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
check "serve listens on NAZAR_LISTEN" curl -sf "http://127.0.0.1:$port/readyz" -o /dev/null
body=$(curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/orgs/1")
check "the key reads its organisation" grep -q "Ada's shop" <<<"$body"
login=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"email":"ada@example.com","password":"a-long-password"}' "http://127.0.0.1:$port/api/v1/session")
check "the user signs in" grep -q '"csrf_token"' <<<"$login"
check "the sign-in page is served" curl -sf "http://127.0.0.1:$port/" -o /dev/null
check "access log is JSON lines" python3 -c "import json,sys; [json.loads(l) for l in open('$work/access.log')]"

kill -TERM "$server_pid"
for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
wait "$server_pid"; rc=$?; server_pid=""
check "SIGTERM stops the server with exit 0" test $rc -eq 0
check "and it says so" grep -q "stopped" "$work/server.log"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
