#!/usr/bin/env bash
# Runs every test: unit, service, end-to-end with real processes on loopback, the C
# interop client, the web console in headless Chromium, scripts/run.sh's supervision, the RPC
# wire under fuzzing and schemathesis against the gateway's OpenAPI document.
# Installs what it needs first.
# Usage: scripts/test.sh [swift test args]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=install-deps.sh
source scripts/install-deps.sh

scripts/check-generated.sh
# The compose file must stay valid (the images are built elsewhere; no engine runs here).
ACCOUNTS_OPERATOR_PASSWORD=validate GRADUATE_SERVICE_SECRET=validate-validate-validate-validate docker-compose config -q

swift build --build-tests
# The end-to-end tests start the executables, so build those too before testing.
for product in echo-test-server accounts esigning archive gateway health-probe; do swift build --product "$product"; done
# A hang must fail the run, not use up CI's time: the whole suite takes well under a minute.
# The wire's load tests (a never-reading client, SIGTERM under 64 clients) run on their own
# afterwards: they take both cores for seconds, and other suites' timeouts should not pay.
# A crash prints only the crashed thread, without registers and images, so the frames that
# matter are not lost among fifty idle threads; a failed run ends with a digest of what failed.
export SWIFT_BACKTRACE="enable=yes,interactive=no,threads=crashed,registers=none,images=none,limit=150,top=80"
mkdir -p test-output
swift_suite() {
    local log="test-output/$1.log"; shift
    if ! timeout --kill-after=30 "$@" 2>&1 | tee "$log"; then
        echo "=== failed: $log — the crash and the failed tests ==="
        grep -n -E -A90 "Program crashed|Fatal error" "$log" | head -120 || true
        grep -E "✘|error:" "$log" | head -40 || true
        return 1
    fi
}
swift_suite unit-tests 1200 swift test --skip-build --skip WireProcessTests "$@"
swift_suite wire-process-tests 600 swift test --skip-build --filter WireProcessTests
# The web console in a real browser against real processes (screenshots in test-output/browser).
timeout --kill-after=30 900 scripts/browser-tests.sh
# schemathesis (PyPI, pinned in Tests/System/test_schemathesis.py) in its own virtual
# environment under .build-venv-schemathesis, for the API-against-its-document test below.
python3 -c "import sys; sys.path.insert(0, 'Tests/System'); import test_schemathesis; test_schemathesis.schemathesis_executable()"
# Real processes, with the debug executables (or GRADUATE_BIN_DIR): scripts/run.sh restarts
# what dies (each process killed in turn, about 10 s), the RPC wire under fuzzing, and
# schemathesis against the gateway's OpenAPI document with and without a token (about 3 min).
timeout --kill-after=30 900 python3 -m unittest discover -s Tests/System -p 'test_*.py' -v
