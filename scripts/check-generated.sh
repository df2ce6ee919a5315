#!/usr/bin/env bash
# Fails when proto/ changed after Shared/Generated was last generated, or the gateway's API
# contract after its generated files were (both are committed; scripts/generate-proto.sh and
# scripts/generate-openapi.sh regenerate them and record the fingerprints).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
expected="$(cat Shared/Generated/PROTO_SHA256)"
actual="$(find proto -name '*.proto' | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
if [ "$expected" != "$actual" ]; then
  echo "proto/ changed since Shared/Generated was generated: run scripts/generate-proto.sh" >&2
  exit 1
fi
contract="$(cat Services/Gateway/API/openapi.yaml Services/Gateway/API/openapi-generator-config.yaml | sha256sum | cut -d' ' -f1)"
generated="$(cat Services/Gateway/Sources/Generated/*.swift Services/Gateway/Sources/Contract/openapi.json | sha256sum | cut -d' ' -f1)"
if [ "$contract" != "$(sed -n 1p Services/Gateway/API/GENERATED_FROM_SHA256)" ]; then
  echo "Services/Gateway/API/openapi.yaml or its generator settings changed since the gateway's generated files: run scripts/generate-openapi.sh" >&2
  exit 1
fi
if [ "$generated" != "$(sed -n 2p Services/Gateway/API/GENERATED_FROM_SHA256)" ]; then
  echo "the gateway's generated files (Sources/Generated, Sources/Contract) were edited by hand: run scripts/generate-openapi.sh" >&2
  exit 1
fi
