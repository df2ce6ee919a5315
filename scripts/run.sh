#!/usr/bin/env bash
# Builds and starts every service and the gateway on loopback, with SQLite files under
# one data folder; Ctrl-C (or SIGTERM) stops them all gracefully.
# Usage: scripts/run.sh [--demo] [--data-dir DIR] [--port 8080]
#   --demo   seeds a demo school through the API on first start and prints its accounts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=install-deps.sh
source scripts/install-deps.sh

data_dir="$root/data"
demo=0
gateway_port=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --data-dir) data_dir="$2"; shift ;;
    --port) gateway_port="$2"; shift ;;
    *) echo "unknown argument: $1 (usage: scripts/run.sh [--demo] [--data-dir DIR] [--port 8080])" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"

for product in accounts esigning gateway; do swift build -c release --product "$product"; done
bin="$(swift build -c release --show-bin-path)"

# The platform operator's password is made once and kept with the data.
if [ ! -f "$data_dir/operator-password" ]; then
  (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12 > "$data_dir/operator-password")
fi
operator_password="$(cat "$data_dir/operator-password")"

pids=()
stop() {
  trap - INT TERM
  echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop INT TERM

wait_for_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

mkdir -p "$data_dir/accounts" "$data_dir/esigning"
"$bin/accounts" --data-dir "$data_dir/accounts" --port 7101 --esigning-address 127.0.0.1:7102 \
  --operator-password "$operator_password" 2>>"$data_dir/accounts.log" &
pids+=($!)
wait_for_port 7101
"$bin/esigning" --data-dir "$data_dir/esigning" --port 7102 --accounts-address 127.0.0.1:7101 \
  --public-url "http://127.0.0.1:$gateway_port" 2>>"$data_dir/esigning.log" &
pids+=($!)
wait_for_port 7102
"$bin/gateway" --port "$gateway_port" --accounts-address 127.0.0.1:7101 --esigning-address 127.0.0.1:7102 \
  2>>"$data_dir/gateway.log" &
pids+=($!)
wait_for_port "$gateway_port"

echo "gateway: http://127.0.0.1:$gateway_port   (logs and databases in $data_dir)"
echo "platform operator: username operator, password $operator_password"
if [ "$demo" -eq 1 ]; then
  python3 scripts/seed-demo.py --gateway "http://127.0.0.1:$gateway_port" --operator-password "$operator_password" --state "$data_dir/demo-accounts.txt"
fi
wait
