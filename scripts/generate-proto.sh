#!/usr/bin/env bash
# Regenerates every Swift file in Shared/Generated from proto/: swift-protobuf messages
# and grpc-swift-2 stubs. The output is committed, so an ordinary build never needs the
# plugins; run this after changing a .proto file. Needs protoc (Debian: protobuf-compiler).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/.build-protoc"
out="$root/Shared/Generated"

command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }

# The plugins come from the same package versions the main package builds against.
for plugin in protoc-gen-swift protoc-gen-grpc-swift-2; do
  if [ ! -x "$scratch/release/$plugin" ]; then
    (cd "$root/scripts/protoc-plugins" && swift build -c release --scratch-path "$scratch" --product "$plugin")
  fi
done

rm -rf "$out"
mkdir -p "$out"
mapfile -t protos < <(cd "$root/proto" && find . -name '*.proto' | sed 's|^\./||' | sort)

protoc --proto_path="$root/proto" \
  --plugin=protoc-gen-swift="$scratch/release/protoc-gen-swift" \
  --swift_out="$out" \
  --swift_opt=Visibility=Public,UseAccessLevelOnImports=true \
  --plugin=protoc-gen-grpc-swift="$scratch/release/protoc-gen-grpc-swift-2" \
  --grpc-swift_out="$out" \
  --grpc-swift_opt=Visibility=Public,UseAccessLevelOnImports=true,Client=true,Server=true \
  "${protos[@]}"

# A proto without services yields an empty stub file; drop those.
grep -L "ServiceDescriptor" $(find "$out" -name "*.grpc.swift") | xargs -r rm
(cd "$root" && find proto -name '*.proto' | sort | xargs sha256sum | sha256sum | cut -d' ' -f1) > "$out/PROTO_SHA256"
echo "generated $(find "$out" -name '*.swift' | wc -l) files in Shared/Generated from ${#protos[@]} protos"
