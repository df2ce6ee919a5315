#!/usr/bin/env bash
# Builds the C interop client into OUT (default: ./build): protoc-c generates the message
# code from the same proto/ files the Swift services use, then cc links libprotobuf-c.
# Needs Debian's protobuf-c-compiler and libprotobuf-c-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="${1:-$here/build}"
mkdir -p "$out/gen"
protos=(graduate/rpc/v1/frame.proto graduate/rpc/v1/health.proto graduate/testing/v1/echo.proto)
protoc-c --proto_path="$root/proto" --c_out="$out/gen" "${protos[@]}"
sources=()
for proto in "${protos[@]}"; do sources+=("$out/gen/${proto%.proto}.pb-c.c"); done
cc -std=c11 -Wall -Wextra -Werror -O1 -I"$out/gen" -o "$out/health-client" "$here/health_client.c" "${sources[@]}" -lprotobuf-c
echo "$out/health-client"
