#!/usr/bin/env bash
# Builds and starts every service and the gateway on loopback, with SQLite files under
# one data folder, and restarts any of them that dies; Ctrl-C (or SIGTERM) stops them all gracefully.
# Usage: scripts/run.sh [--demo] [--data-dir DIR] [--port 8080] [--base-port 7101] [--bin-dir DIR]
#   --demo       seeds a demo school through the API on first start and prints its accounts.
#   --port       the gateway's HTTP port.
#   --base-port  accounts listens on N, esigning on N+1, archive on N+2.
#   --bin-dir    runs the executables already built in DIR (e.g. .build/debug) instead of a release build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=install-deps.sh
source scripts/install-deps.sh

usage="usage: scripts/run.sh [--demo] [--data-dir DIR] [--port 8080] [--base-port 7101] [--bin-dir DIR]"
data_dir="$root/data"
demo=0
gateway_port=8080
base_port=7101
bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --data-dir) data_dir="${2:?$usage}"; shift ;;
    --port) gateway_port="${2:?$usage}"; shift ;;
    --base-port) base_port="${2:?$usage}"; shift ;;
    --bin-dir) bin="${2:?$usage}"; shift ;;
    *) echo "unknown argument: $1 ($usage)" >&2; exit 2 ;;
  esac
  shift
done
for port in "$gateway_port" "$base_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] || { echo "not a port: $port ($usage)" >&2; exit 2; }
done
accounts_port="$base_port"
esigning_port=$((base_port + 1))
archive_port=$((base_port + 2))
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"

if [ -z "$bin" ]; then
  for product in accounts esigning archive gateway; do swift build -c release --product "$product"; done
  bin="$(swift build -c release --show-bin-path)"
fi
bin="$(cd "$bin" 2>/dev/null && pwd)" || { echo "no folder $bin ($usage)" >&2; exit 2; }
for product in accounts esigning archive gateway; do
  [ -x "$bin/$product" ] || { echo "no executable $bin/$product" >&2; exit 2; }
done

# The platform operator's password is made once and kept with the data.
if [ ! -f "$data_dir/operator-password" ]; then
  (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12 > "$data_dir/operator-password")
fi
operator_password="$(cat "$data_dir/operator-password")"
# The services' shared secret, exchanged with accounts for service tokens (esigning → archive).
if [ ! -f "$data_dir/service-secret" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '/+=\n' > "$data_dir/service-secret")
fi

# What run.sh itself has to say about the processes: on its stderr and in data/run.log.
note() {
  local line
  line="$(date '+%Y-%m-%d %H:%M:%S') run.sh: $*"
  echo "$line" >&2
  echo "$line" >>"$data_dir/run.log"
}

# supervise NAME COMMAND...: runs COMMAND (stderr to data/NAME.log, its pid in data/NAME.pid)
# and starts it again whenever it exits unexpectedly — a non-zero status or a signal —
# after 0.5 s, then 1 s, 2 s … at most 30 s; the wait is back to 0.5 s once it has stayed up
# 60 s. A clean exit (status 0) is not restarted. SIGTERM stops the process and the supervisor.
# Runs in the background (`supervise … &`), one per service.
supervise() {
  local name="$1"; shift
  local child="" stopping=0 backoff_ms=500 restarts=0 started up status how signal wait_for
  trap 'stopping=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true' TERM
  while :; do
    started=$SECONDS
    "$@" 2>>"$data_dir/$name.log" &
    child=$!
    echo "$child" >"$data_dir/$name.pid"
    [ "$stopping" -eq 0 ] || kill -TERM "$child" 2>/dev/null || true
    status=0
    wait "$child" 2>/dev/null || status=$?  # (bash would print "Killed" itself)
    if [ "$stopping" -eq 1 ]; then
      # SIGTERM interrupted `wait`: let the service finish its graceful stop.
      while kill -0 "$child" 2>/dev/null; do wait "$child" 2>/dev/null || true; done
    fi
    rm -f "$data_dir/$name.pid"
    [ "$stopping" -eq 0 ] || exit 0
    if [ "$status" -eq 0 ]; then
      note "$name (pid $child) exited with status 0; not restarting it"
      exit 0
    fi
    how="exit status $status"
    if [ "$status" -gt 128 ] && signal="$(kill -l $((status - 128)) 2>/dev/null)"; then how="killed by SIG$signal"; fi
    up=$((SECONDS - started))
    if [ "$up" -ge 60 ]; then backoff_ms=500; fi
    wait_for="$((backoff_ms / 1000)).$((backoff_ms % 1000 / 100))"
    restarts=$((restarts + 1))
    note "$name (pid $child) died ($how) after $up s; restart $restarts in $wait_for s"
    # The wait runs in the background as `child`, so that SIGTERM ends it at once.
    sleep "$wait_for" &
    child=$!
    [ "$stopping" -eq 0 ] || kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
    [ "$stopping" -eq 0 ] || exit 0
    backoff_ms=$((backoff_ms * 2 > 30000 ? 30000 : backoff_ms * 2))
  done
}

supervisors=()
stop() {
  trap - INT TERM
  echo "stopping..."
  for pid in "${supervisors[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap 'stop; exit 0' INT TERM

wait_for_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1 (see the logs in $data_dir)" >&2
  stop
  exit 1
}

mkdir -p "$data_dir/accounts" "$data_dir/esigning" "$data_dir/archive"
secret=(--service-secret-file "$data_dir/service-secret")
supervise accounts "$bin/accounts" --data-dir "$data_dir/accounts" --port "$accounts_port" "${secret[@]}" \
  --esigning-address "127.0.0.1:$esigning_port" --archive-address "127.0.0.1:$archive_port" --operator-password "$operator_password" &
supervisors+=($!)
wait_for_port "$accounts_port"
supervise esigning "$bin/esigning" --data-dir "$data_dir/esigning" --port "$esigning_port" "${secret[@]}" \
  --accounts-address "127.0.0.1:$accounts_port" --archive-address "127.0.0.1:$archive_port" --public-url "http://127.0.0.1:$gateway_port" &
supervisors+=($!)
wait_for_port "$esigning_port"
supervise archive "$bin/archive" --data-dir "$data_dir/archive" --port "$archive_port" "${secret[@]}" \
  --accounts-address "127.0.0.1:$accounts_port" &
supervisors+=($!)
wait_for_port "$archive_port"
supervise gateway "$bin/gateway" --port "$gateway_port" --accounts-address "127.0.0.1:$accounts_port" \
  --esigning-address "127.0.0.1:$esigning_port" --archive-address "127.0.0.1:$archive_port" &
supervisors+=($!)
wait_for_port "$gateway_port"

echo "gateway: http://127.0.0.1:$gateway_port   (logs and databases in $data_dir)"
echo "platform operator: username operator, password $operator_password"
if [ "$demo" -eq 1 ]; then
  python3 scripts/seed-demo.py --gateway "http://127.0.0.1:$gateway_port" --operator-password "$operator_password" --state "$data_dir/demo-accounts.txt" \
    || { echo "seeding the demo school failed" >&2; stop; exit 1; }
fi
wait
