# Shared by the benchmark scripts: a temp database with an organisation and an API key, a
# real `nazar serve` on a free loopback port, wrk runs that print one JSON line, cleanup.
# Source it after setting NAZAR (the binary); it defines $work, $db, $port, $key (SQLite).
# `use_postgres` switches $db and $key to a fresh PostgreSQL server of the run's own.
set -euo pipefail
export NAZAR_BENCH_DIR=$PWD
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}

work=$(mktemp -d)
chmod 755 "$work"
server_pid=""
pg_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  # runuser does not pass signals on: stop the postmaster itself (fast shutdown).
  if [[ -f "$work/pg/data/postmaster.pid" ]]; then
    kill -INT "$(head -1 "$work/pg/data/postmaster.pid")" 2>/dev/null || true
    wait "$pg_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# setup_db URL: migrates it, makes the organisation's owner and an API key ($key).
setup_db() {
  db=$1
  "$NAZAR" migrate --db "$db" >/dev/null
  NAZAR_PASSWORD=bench-password "$NAZAR" user create --db "$db" --email bench@example.com \
    --name Bench --org "Bench Org" >/dev/null
  key=$("$NAZAR" apikey create --db "$db" --org 1 --name bench --role "${BENCH_KEY_ROLE:-admin}" 2>/dev/null)
}
setup_db "sqlite:$work/nazar.db"

# use_postgres: a PostgreSQL server in $work (as the postgres user when run as root), as the
# tests start one; $db and $key then point at it. BENCH_PG_OPTIONS adds server settings
# ("-c auto_explain.log_min_duration=50ms …") when a run is being diagnosed.
use_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local pg="$work/pg" as=()
  mkdir -p "$pg"
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$pg"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$pg/data" -U nazar --auth=trust -E UTF8 --locale=C >/dev/null
  local pg_port
  pg_port=$(free_port)
  "${as[@]}" "$bin/postgres" -D "$pg/data" -p "$pg_port" -k "$pg" -c listen_addresses=127.0.0.1 \
    -c synchronous_commit=on -c max_connections=200 ${BENCH_PG_OPTIONS:-} >"$work/postgres.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 100); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
    sleep 0.1
  done
  "${as[@]}" "$bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U nazar -d postgres -c "CREATE DATABASE bench"
  setup_db "postgresql://nazar@127.0.0.1:$pg_port/bench"
}

start_server() {
  port=$(free_port)
  (cd "$work" && exec "$NAZAR" serve --db "$db" --listen "127.0.0.1:$port" --no-access-log) \
    2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.1; done
  echo "bench: the server did not start" >&2
  cat "$work/server.log" >&2
  exit 1
}

# bench_survey_link: on the running server, an NPS survey published with an unlimited public
# link; sets the caller's locals base (the organisation's API), auth (curl's headers), survey
# and url (the link's submit endpoint).
bench_survey_link() {
  base="http://127.0.0.1:$port/api/v1/orgs/1"
  auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
  survey=$(curl -sf "${auth[@]}" -d '{"name":"bench","template":"relationship_nps","languages":["en"]}' \
    "$base/surveys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf "${auth[@]}" -X POST "$base/surveys/$survey/publish" >/dev/null
  local token
  token=$(curl -sf "${auth[@]}" -d '{"name":"bench","rate_limit_per_hour":1000000}' \
    "$base/surveys/$survey/links" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  url="http://127.0.0.1:$port/api/v1/links/$token/responses"
}

# run_wrk NAME [wrk args...]: one JSON line of throughput and latency percentiles.
run_wrk() {
  local name=$1; shift
  echo "bench: $name ($DURATION, $CONNECTIONS connections)" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tail -1
}
