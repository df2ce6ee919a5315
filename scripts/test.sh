#!/usr/bin/env bash
# Runs every test: unit, service, end-to-end with real processes on loopback, the C
# interop client, the web console in headless Chromium, and scripts/run.sh's supervision.
# Installs what it needs first.
# Usage: scripts/test.sh [swift test args]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=install-deps.sh
source scripts/install-deps.sh

scripts/check-generated.sh
# The compose file must stay valid (the images are built elsewhere; no engine runs here).
ACCOUNTS_OPERATOR_PASSWORD=validate docker-compose config -q

swift build --build-tests
# The end-to-end tests start the executables, so build those too before testing.
for product in echo-test-server accounts esigning gateway health-probe; do swift build --product "$product"; done
# A hang must fail the run, not use up CI's time: the whole suite takes well under a minute.
# The wire's load tests (a never-reading client, SIGTERM under 64 clients) run on their own
# afterwards: they take both cores for seconds, and other suites' timeouts should not pay.
timeout --kill-after=30 1200 swift test --skip-build --skip WireProcessTests "$@"
timeout --kill-after=30 600 swift test --skip-build --filter WireProcessTests
# The web console in a real browser against real processes (screenshots in test-output/browser).
timeout --kill-after=30 900 scripts/browser-tests.sh
# scripts/run.sh restarts what dies: each process killed in turn, with the debug executables
# (or GRADUATE_BIN_DIR). Standard library only; about 10 s.
timeout --kill-after=30 300 python3 -m unittest discover -s Tests/System -p 'test_*.py' -v
