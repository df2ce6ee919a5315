#!/usr/bin/env bash
# Installs the system packages that building, running and testing need, on a fresh
# Debian machine (root, or sudo). Packages already present are left alone.
set -euo pipefail
packages=(
  libsqlite3-dev          # GRDB on the system SQLite
  zlib1g-dev              # ZIPFoundation (XLSX import)
  protobuf-c-compiler     # protoc-c, for the C interop client
  libprotobuf-c-dev       # libprotobuf-c, for the C interop client
  gcc                     # builds the C interop client
  python3                 # scripts/wire-dump.py, scripts/seed-demo.py
  docker-compose          # validates docker-compose.yml (no engine needed)
  python3-venv            # the browser tests' virtual environment (selenium from PyPI)
  chromium                # the browser tests' browser …
  chromium-driver         # … and its WebDriver
  fonts-noto-cjk          # Chinese glyphs in the browser tests' screenshots and the PDFs (embedded as subsets); captcha letters
  fonts-dejavu-core       # the accounts service's captcha letters (with Noto CJK's)
  libcairo2-dev           # DocumentKit: PDF drawing (agreements, transfer reports) and captcha images
  libpango1.0-dev         # DocumentKit: Chinese text layout on cairo (pangocairo)
  libqrencode-dev         # DocumentKit: QR codes of the verification links
  libxlsxwriter-dev       # DocumentKit: Excel exports of lists
  libgdk-pixbuf-2.0-dev   # DocumentKit: uploaded JPEG and PNG scans decoded before they are stored
  libpoppler-glib-dev     # DocumentKit: uploaded PDF scans parsed before they are stored
  poppler-utils           # DocumentKit tests: pdftotext, pdfinfo, pdffonts, pdftoppm
  zbar-tools              # DocumentKit tests: zbarimg reads the QR code back from the rendered page
)
missing=()
for package in "${packages[@]%% *}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
command -v swift >/dev/null || { echo "swift is not installed (expected at /opt/swift)" >&2; exit 1; }
