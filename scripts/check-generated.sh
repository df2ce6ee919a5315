#!/usr/bin/env bash
# Fails when proto/ changed after Shared/Generated was last generated (the generated code
# is committed; scripts/generate-proto.sh regenerates it and records the fingerprint).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
expected="$(cat Shared/Generated/PROTO_SHA256)"
actual="$(find proto -name '*.proto' | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
if [ "$expected" != "$actual" ]; then
  echo "proto/ changed since Shared/Generated was generated: run scripts/generate-proto.sh" >&2
  exit 1
fi
