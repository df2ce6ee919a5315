#!/usr/bin/env bash
# The web console's tests in headless Chromium (Debian's chromium + chromium-driver), driven
# by selenium from PyPI in a virtual environment under .build-venv. Needs the debug build of
# the executables (scripts/test.sh builds them) or GRADUATE_BIN_DIR.
# Screenshots of every page visited go to test-output/browser/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="$root/.build-venv"
selenium_version="4.51.0"
if ! "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$selenium_version')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==$selenium_version"
fi
rm -rf test-output/browser
exec "$venv/bin/python" -m unittest discover -s Tests/Browser -p 'test_*.py' -v "$@"
