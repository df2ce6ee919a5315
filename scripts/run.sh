#!/usr/bin/env bash
# Builds and starts every service that exists, and the gateway, on loopback, with SQLite
# files under one data folder; Ctrl-C (or SIGTERM) stops them all gracefully.
# Usage: scripts/run.sh [--demo] [--data-dir DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=install-deps.sh
source scripts/install-deps.sh

data_dir="$root/data"
demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=1 ;;
    --data-dir) data_dir="$2"; shift ;;
    *) echo "unknown argument: $1 (usage: scripts/run.sh [--demo] [--data-dir DIR])" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$data_dir"
export GRADUATE_DATA_DIR="$data_dir"

# name:port of each service executable, in start order. Services are added here as they
# are built (issue order: accounts and gateway next).
services=()
if [ ${#services[@]} -eq 0 ]; then
  echo "no services exist yet: this checkout has the transport and service kits only" >&2
  exit 1
fi

products=()
for entry in "${services[@]}"; do products+=(--product "${entry%%:*}"); done
for product in "${products[@]}"; do [ "$product" = "--product" ] || swift build -c release --product "$product"; done
bin="$(swift build -c release --show-bin-path)"

pids=()
stop() {
  trap - INT TERM
  echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM
for entry in "${services[@]}"; do
  name="${entry%%:*}"
  "$bin/$name" --port "${entry##*:}" &
  pids+=($!)
done
[ "$demo" -eq 1 ] && echo "demo data: not available yet"
wait
