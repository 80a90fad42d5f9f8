# Shared by the benchmark scripts: a temp database with an organisation and an API key, a
# real `nazar serve` on a free loopback port, wrk runs that print one JSON line, cleanup.
# Source it after setting NAZAR (the binary); it defines $work, $db, $port, $key.
set -euo pipefail
export NAZAR_BENCH_DIR=$PWD
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/nazar.db"
"$NAZAR" migrate --db "$db" >/dev/null
NAZAR_PASSWORD=bench-password "$NAZAR" user create --db "$db" --email bench@example.com \
  --name Bench --org "Bench Org" >/dev/null
key=$("$NAZAR" apikey create --db "$db" --org 1 --name bench --role "${BENCH_KEY_ROLE:-admin}" 2>/dev/null)

start_server() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$NAZAR" serve --db "$db" --listen "127.0.0.1:$port" --no-access-log 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.1; done
  echo "bench: the server did not start" >&2
  cat "$work/server.log" >&2
  exit 1
}

# run_wrk NAME [wrk args...]: one JSON line of throughput and latency percentiles.
run_wrk() {
  local name=$1; shift
  echo "bench: $name ($DURATION, $CONNECTIONS connections)" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tail -1
}
