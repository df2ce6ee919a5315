#!/usr/bin/env bash
# Regenerates what the gateway compiles from its API contract, Services/Gateway/API/openapi.yaml,
# into Services/Gateway/Sources/Generated/: the types and server protocol of swift-openapi-
# generator (Types.swift, Server.swift; settings in openapi-generator-config.yaml), the
# document it serves at /api/v1/openapi.json (Sources/Contract/openapi.json, the same content as JSON),
# and the fingerprint that scripts/check-generated.sh compares. The output is committed; run
# this after editing the contract. Needs python3 with PyYAML (Debian: python3-yaml); builds the
# generator once (a few minutes) under .build-openapi-generator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
contract="$root/Services/Gateway/API/openapi.yaml"
out="$root/Services/Gateway/Sources/Generated"
scratch="$root/.build-openapi-generator"
mkdir -p "$out" "$root/Services/Gateway/Sources/Contract"

generator="$scratch/release/swift-openapi-generator"
if [ ! -x "$generator" ]; then
  (cd "$root/scripts/openapi-generator" && swift build -c release --scratch-path "$scratch" --product swift-openapi-generator)
fi
rm -f "$out"/Types*.swift "$out/Server.swift"
log="$(mktemp)"
"$generator" generate --config "$root/Services/Gateway/API/openapi-generator-config.yaml" \
  --output-directory "$out" "$contract" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$log"

python3 - "$contract" "$root/Services/Gateway/Sources/Contract/openapi.json" <<'PY'
import json, sys
try:
    import yaml
except ImportError:
    sys.exit("PyYAML is missing: apt-get install python3-yaml")
contract, target = sys.argv[1], sys.argv[2]
with open(contract, encoding="utf-8") as file:
    document = yaml.safe_load(file)
with open(target, "w", encoding="utf-8") as file:
    json.dump(document, file, ensure_ascii=False, indent=1)
    file.write("\n")
PY

# The contract and the generator's settings, and what was generated from them, as
# scripts/check-generated.sh fingerprints them: an edit to either side alone fails the tests.
{
  cat "$contract" "$root/Services/Gateway/API/openapi-generator-config.yaml" | sha256sum | cut -d" " -f1
  (cd "$root" && cat Services/Gateway/Sources/Generated/*.swift Services/Gateway/Sources/Contract/openapi.json | sha256sum | cut -d" " -f1)
} > "$root/Services/Gateway/API/GENERATED_FROM_SHA256"
echo "generated $out and the served contract from $(grep -c 'operationId:' "$contract") operations"
