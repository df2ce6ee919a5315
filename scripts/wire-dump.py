#!/usr/bin/env python3
"""Makes one real unary call (grpc.health.v1.Health/Check) to a running service with
nothing but the standard library, and prints a hex dump of every byte sent and received.
It is how the dump in docs/PROTOCOL.md was produced, and a second peer written from that
page alone. Usage: scripts/wire-dump.py [HOST] [PORT]"""
import socket
import struct
import sys


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, wire_type, payload):
    """A length-delimited (wire type 2) or varint (wire type 0) protobuf field."""
    key = varint(number << 3 | wire_type)
    if wire_type == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload


def frame(stream_id, part_number, part_bytes):
    body = field(1, 0, stream_id) + field(part_number, 2, part_bytes)
    return struct.pack(">I", len(body)) + body


def parse(buffer):
    """Fields of one protobuf message as (number, wire_type, value) tuples."""
    fields, i = [], 0
    while i < len(buffer):
        key, i = read_varint(buffer, i)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, i = read_varint(buffer, i)
        elif wire_type == 2:
            length, i = read_varint(buffer, i)
            value, i = buffer[i:i + length], i + length
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
        fields.append((number, wire_type, value))
    return fields


def read_varint(buffer, i):
    shift = result = 0
    while True:
        byte = buffer[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def hexdump(label, data):
    print(f"{label} ({len(data)} bytes)")
    for offset in range(0, len(data), 16):
        chunk = data[offset:offset + 16]
        hexes = " ".join(f"{b:02x}" for b in chunk)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        print(f"  {offset:04x}  {hexes:<47}  {text}")


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 7101
    entry = field(1, 2, b"x-request-id") + field(2, 2, b"doc-1")
    headers = field(1, 2, b"grpc.health.v1.Health/Check") + field(2, 2, entry)
    request = (
        frame(1, 2, headers)      # request_headers
        + frame(1, 3, b"")        # message: an empty HealthCheckRequest (service "")
        + frame(1, 4, b"")        # end_of_stream
    )
    hexdump("request: request_headers, message, end_of_stream", request)
    with socket.create_connection((host, port)) as connection:
        connection.sendall(request)
        received = b""
        status = None
        while status is None:
            # Read more, then walk the complete frames received so far (the answer may come
            # in several reads, split anywhere).
            chunk = connection.recv(65536)
            if not chunk:
                raise SystemExit("connection closed before the status")
            received += chunk
            offset = 0
            while offset + 4 <= len(received):
                (length,) = struct.unpack(">I", received[offset:offset + 4])
                if offset + 4 + length > len(received):
                    break
                for number, _, value in parse(received[offset + 4:offset + 4 + length]):
                    if number == 6:
                        status = parse(value)
                offset += 4 + length
    hexdump("response: response_headers, message, status", received)
    code = next((v for n, _, v in status if n == 1), 0)
    print(f"status code {code}")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
