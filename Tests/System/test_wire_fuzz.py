"""The RPC wire under fuzzing (docs/PROTOCOL.md): the real echo test server, with a 1 s read
timeout and a 1 s idle timeout, gets many concurrent connections for a bounded time. Each one
sends a random mix of valid calls (all five Echo methods and Health/Check, with and without
end_of_stream and grpc-timeout, with odd metadata), garbage bytes, truncated frames, frames
mutated at the byte level, valid-looking frames with wrong parts, and absurd length prefixes,
then reads what the server answers until it closes or a few seconds pass.

The oracle, per connection:
  1. the server's bytes always parse as frames, and when the server closes the connection
     (not after the client's own half-close) a GoAway came first;
  2. no stream gets two statuses and nothing comes for a stream after its status (a reused id
     starts afresh), and nothing comes for a stream the client never opened;
  3. when a GoAway with code 13 or 4 comes, every stream the server accepted up to its
     last_stream_id has a status before it (the client's cancelled streams excepted);
and, because the client also decodes its own bytes as the server does (SwiftProtobuf's rules
and ServerConnection's), it predicts and checks: which protocol error ends the connection (the
GoAway's reason), a read timeout for a frame left incomplete, the status of every call it can
foresee (refused metadata, unknown methods, deadlines, echoed content), and that the idle
GoAway never comes while a call is open. At the end the server must still be running and
answer Health/Check, and its log must show no crash.

Environment: WIRE_FUZZ_SECONDS (default 8) how long new connections are started,
WIRE_FUZZ_SEED to replay a run (the seed is printed first), WIRE_FUZZ_ONLY=N to run only
connection N of that seed, WIRE_FUZZ_WORKERS (default 12) connections at once. The executable
comes from GRADUATE_BIN_DIR or the debug build folder, as in test_supervision.py.
Standard library only: python3 -m unittest discover -s Tests/System -v
"""
import os
import pathlib
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN_DIR = pathlib.Path(os.path.abspath(os.environ.get("GRADUATE_BIN_DIR") or ROOT / ".build" / "debug"))
FUZZ_SECONDS = float(os.environ.get("WIRE_FUZZ_SECONDS") or 8)
WORKERS = int(os.environ.get("WIRE_FUZZ_WORKERS") or 12)
ONLY = os.environ.get("WIRE_FUZZ_ONLY")
TEST_SECONDS = FUZZ_SECONDS + 90     # the whole test, whatever hangs

MAX_FRAME = 16 * 1024 * 1024         # TransportLimits.maximumFrameSize
MAX_METADATA = 16 * 1024             # TransportLimits.maximumMetadataSize
READ_TIMEOUT = 1.0                   # --rpc-read-timeout
IDLE_TIMEOUT = 1.0                   # --rpc-idle-timeout
GRACE = 5.0                          # TransportLimits.closeGracePeriod
READ_BOUND = 3.5                     # how long a connection reads after sending
SLACK = 1.5                          # latency allowed on top of any deadline (debug build, under load)
CRASH = re.compile(r"Fatal error|Assertion failed|Precondition failed|Program crashed|Segmentation fault"
                   r"|Illegal instruction|Stack dump|Backtrace|Aborted", re.IGNORECASE)


# The protobuf wire format ------------------------------------------------------------------

def varint(n):
    n &= (1 << 64) - 1      # a negative int32 is sent as ten bytes, as protobuf does
    out = bytearray()
    while True:
        if n < 0x80:
            out.append(n)
            return bytes(out)
        out.append(n & 0x7F | 0x80)
        n >>= 7


def tag(number, wire_type):
    return varint(number << 3 | wire_type)


def vfield(number, value):
    return tag(number, 0) + varint(value)


def lfield(number, payload):
    return tag(number, 2) + varint(len(payload)) + payload


def prefixed(body):
    return struct.pack(">I", len(body)) + body


# Message schemas: field number -> (name, kind, schema of a message field, "repeated" or the oneof's name).
METADATA_ENTRY = {1: ("key", "string", None, None), 2: ("text", "string", None, "value"),
                  3: ("binary", "bytes", None, "value")}
REQUEST_HEADERS = {1: ("method", "string", None, None), 2: ("metadata", "message", METADATA_ENTRY, "repeated")}
RESPONSE_HEADERS = {1: ("metadata", "message", METADATA_ENTRY, "repeated")}
STATUS = {1: ("code", "int32", None, None), 2: ("message", "string", None, None),
          3: ("trailers", "message", METADATA_ENTRY, "repeated")}
GO_AWAY = {1: ("last_stream_id", "uint32", None, None), 2: ("code", "int32", None, None),
           3: ("message", "string", None, None)}
EMPTY = {}
FRAME = {1: ("stream_id", "uint32", None, None), 2: ("request_headers", "message", REQUEST_HEADERS, "part"),
         3: ("message", "bytes", None, "part"), 4: ("end_of_stream", "message", EMPTY, "part"),
         5: ("response_headers", "message", RESPONSE_HEADERS, "part"), 6: ("status", "message", STATUS, "part"),
         7: ("cancel", "message", EMPTY, "part"), 8: ("go_away", "message", GO_AWAY, "part")}
ECHO_REQUEST = {1: ("text", "string", None, None), 2: ("payload", "bytes", None, None),
                3: ("delay_ms", "uint32", None, None)}
ECHO_RESPONSE = {1: ("text", "string", None, None), 2: ("payload", "bytes", None, None),
                 3: ("request_id", "string", None, None)}
HEALTH_REQUEST = {1: ("service", "string", None, None)}
WIRE_OF_KIND = {"uint32": 0, "int32": 0, "string": 2, "bytes": 2, "message": 2}


class Undecodable(Exception):
    pass


def read_varint(buf, i):
    """SwiftProtobuf's decodeVarint: at most ten bytes, the value cut to 64 bits."""
    value = shift = 0
    while True:
        if i >= len(buf) or shift > 63:
            raise Undecodable("malformed varint")
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value & ((1 << 64) - 1), i
        shift += 7


def read_field_tag(buf, i):
    """SwiftProtobuf's nextFieldNumber: a tag of at most five bytes, wire types 0-5, field > 0;
    an end-group tag is malformed outside a group (no schema here has groups)."""
    wire = buf[i] & 7
    if wire > 5:
        raise Undecodable("wire type 6 or 7")
    number, shift = 0, 0
    for k in range(5):
        if i + k >= len(buf):
            raise Undecodable("truncated tag")
        byte = buf[i + k]
        if k == 4 and byte > 15:
            raise Undecodable("tag too long")
        number |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    number >>= 3
    if number == 0 or wire == 4:
        raise Undecodable("field 0 or a stray end-group")
    return number, wire, i + k + 1


def skip_field(buf, start, depth):
    """SwiftProtobuf's skip of an unknown field (or a known one with the wrong wire type)."""
    tag_value, i = read_varint(buf, start)
    return skip_value(buf, i, tag_value, depth)


def skip_value(buf, i, tag_value, depth):
    if tag_value >= 0xFFFFFFFF or tag_value >> 3 == 0 or tag_value & 7 > 5:
        raise Undecodable("bad tag")
    number, wire = tag_value >> 3, tag_value & 7
    if wire == 0:
        return read_varint(buf, i)[1]
    if wire in (1, 5):
        size = 8 if wire == 1 else 4
        if i + size > len(buf):
            raise Undecodable("truncated fixed")
        return i + size
    if wire == 2:
        length, i = read_varint(buf, i)
        if length > len(buf) - i:
            raise Undecodable("truncated bytes")
        return i + length
    if wire == 3:
        if depth + 1 > 100:                 # BinaryDecodingOptions.messageDepthLimit
            raise Undecodable("too deep")
        while True:
            if i >= len(buf):
                raise Undecodable("unterminated group")
            inner, i = read_varint(buf, i)
            if inner >= 0xFFFFFFFF or inner >> 3 == 0 or inner & 7 > 5:
                raise Undecodable("bad tag in group")
            if inner & 7 == 4:
                if inner >> 3 != number:
                    raise Undecodable("wrong end-group")
                return i
            i = skip_value(buf, i, inner, depth + 1)
    raise Undecodable("end-group")


def decode(buf, schema, depth=1, into=None):
    """One message as SwiftProtobuf decodes it: a dict by field name; a oneof is stored under
    its name as (member, value); a field with the wrong wire type is skipped like an unknown
    one; a repeated singular field keeps the last value, a repeated message field merges."""
    if depth > 100:
        raise Undecodable("too deep")
    message = {} if into is None else into
    i = 0
    while i < len(buf):
        start = i
        number, wire, i = read_field_tag(buf, i)
        known = schema.get(number)
        if known is None or WIRE_OF_KIND[known[1]] != wire:
            i = skip_field(buf, start, depth)
            continue
        name, kind, sub, how = known
        if wire == 0:
            raw, i = read_varint(buf, i)
            value = raw & 0xFFFFFFFF
            if kind == "int32" and value >= 1 << 31:
                value -= 1 << 32
        else:
            length, i = read_varint(buf, i)
            if length >= 0x7FFFFFFF or length > len(buf) - i:
                raise Undecodable("bad length")
            value, i = bytes(buf[i:i + length]), i + length
            if kind == "string":
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError:
                    raise Undecodable("invalid UTF-8") from None
            elif kind == "message":
                if how == "repeated":
                    value = decode(value, sub, depth + 1)
                else:
                    current = message.get(how, (None, None)) if how else (name, message.get(name))
                    existing = current[1] if current[0] == name else None
                    value = decode(value, sub, depth + 1, dict(existing) if existing is not None else None)
        if how == "repeated":
            message.setdefault(name, []).append(value)
        elif how:
            message[how] = (name, value)
        else:
            message[name] = value
    return message


def raw_fields(buf):
    """Strict: the (number, wire type, value) fields of a message a correct encoder wrote."""
    fields, i = [], 0
    while i < len(buf):
        key, i = read_varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(buf, i)
        elif wire == 2:
            length, i = read_varint(buf, i)
            if length > len(buf) - i:
                raise Undecodable("truncated field")
            value, i = buf[i:i + length], i + length
        else:
            raise Undecodable(f"wire type {wire}")
        fields.append((number, wire, value))
    return fields


def decode_server_frame(body):
    """A frame the server wrote: a stream id at most once and exactly one part."""
    fields = raw_fields(body)
    parts = [number for number, _, _ in fields if number != 1]
    if len(parts) != 1 or parts[0] not in range(2, 9) or [n for n, _, _ in fields].count(1) > 1:
        raise Undecodable(f"fields {[n for n, _, _ in fields]}: not one stream id and one part")
    if any(wire != (0 if number == 1 else 2) for number, wire, _ in fields):
        raise Undecodable("wrong wire type")
    frame = decode(body, FRAME)
    return frame.get("stream_id", 0), frame["part"][0], frame["part"][1]


# What the server makes of the client's bytes -----------------------------------------------

ECHO = "graduate.testing.v1.Echo/"
HEALTH_CHECK = "grpc.health.v1.Health/Check"
METHODS = {ECHO + "Echo": "unary", ECHO + "Sleep": "unary", ECHO + "Fail": "unary",
           ECHO + "Expand": "server-streaming", ECHO + "Collect": "client-streaming", HEALTH_CHECK: "unary"}
KEY_BYTES = set(b"abcdefghijklmnopqrstuvwxyz0123456789-_.")


def grpc_timeout(text):
    """GRPCTimeout.parse: 1-8 digits and a unit; seconds, or None if malformed."""
    data = text.encode("utf-8")
    if not 2 <= len(data) <= 9 or not all(48 <= b <= 57 for b in data[:-1]):
        return None
    unit = {"H": 3600, "M": 60, "S": 1, "m": 1e-3, "u": 1e-6, "n": 1e-9}.get(chr(data[-1]))
    return None if unit is None else int(data[:-1]) * unit


def check_metadata(entries):
    """PeerMetadata: (problem status code or None, timeout seconds or None, lower-cased entries)."""
    size, timeout_text, checked = 0, None, []
    for entry in entries:
        key = entry.get("key", "").encode("utf-8")
        if not key or len(key) > 256:
            return 3, None, checked
        key = bytes(b + 32 if 65 <= b <= 90 else b for b in key)
        if any(b not in KEY_BYTES for b in key):
            return 3, None, checked
        key = key.decode()
        kind, value = entry.get("value", (None, None))
        if kind == "binary":
            if not key.endswith("-bin"):
                return 3, None, checked
            size += len(key) + len(value)
        elif kind == "text":
            size += len(key) + len(value.encode("utf-8"))
            if key == "grpc-timeout":
                if timeout_text is not None:
                    return 3, None, checked
                timeout_text = value
                continue        # as in PeerMetadata: this entry's size is checked with the next one
        else:
            size += len(key)
        checked.append((key, kind, value))
        if size > MAX_METADATA:
            return 8, None, checked
    timeout = None
    if timeout_text is not None:
        timeout = grpc_timeout(timeout_text)
        if timeout is None:
            return 3, None, checked
    return None, timeout, checked


def method_is_well_formed(name):
    """MethodDescriptor(wireName:): "service/method", one slash, neither side empty."""
    slash = name.rfind("/")
    return slash > 0 and slash < len(name) - 1 and "/" not in name[:slash]


class Call:
    """One request_headers frame the server read, and what the client sent on it afterwards."""

    def __init__(self, stream_id, headers, sent_at, certain):
        self.stream_id, self.sent_at, self.certain = stream_id, sent_at, certain
        self.method = headers.get("method", "")
        self.problem, self.timeout, self.metadata = check_metadata(headers.get("metadata", []))
        self.messages, self.eos, self.cancelled, self.flooded = [], False, False, False

    def refusal(self):
        """The status the transport or GRPCCore refuses the call with, or None if it runs."""
        if self.problem is not None:
            return self.problem
        if not self.method.isascii():
            return "unknown"        # Swift compares grapheme clusters; do not guess
        if not method_is_well_formed(self.method) or self.method not in METHODS:
            return 12
        return None

    def refused_by_transport(self):
        """Refused before it became a stream (so its id may be used again at once)."""
        return self.problem is not None or (self.method.isascii() and not method_is_well_formed(self.method))

    def surely_open(self):
        """Its handler is certainly still waiting for requests."""
        return (self.refusal() is None and not self.eos and not self.cancelled and not self.messages
                and (self.timeout is None or self.timeout > 60))

    def request_id(self):
        return next((value or "" for key, kind, value in self.metadata
                     if key == "x-request-id" and kind != "binary"), "")

    def outlook(self):
        """(status codes allowed or "nonzero" or None for any, seconds after sending by which
        the status must have come or None, a check of the response with the code it applies
        to, or None)."""
        refusal = self.refusal()
        if refusal == "unknown":
            return None, None, None
        if refusal is not None:
            if not self.refused_by_transport() and self.timeout is not None and self.timeout < SLACK:
                return {refusal, 4}, SLACK, None    # GRPCCore's refusal races the transport's deadline
            return {refusal}, SLACK, None
        codes, by, content = self._outlook()
        return codes, by, (None if content is None or codes is None or codes == "nonzero"
                           else (content, min(codes)))

    def _outlook(self):
        kind, requests = METHODS[self.method], []
        for payload in self.messages:
            try:
                requests.append(decode(payload, HEALTH_REQUEST if self.method == HEALTH_CHECK else ECHO_REQUEST))
            except Undecodable:
                requests.append(None)
        codes, duration, content = None, None, None
        if not self.eos:
            # A handler still waiting for requests is ended by the deadline only; one that got
            # more than it takes (or a request it cannot decode) may fail at once.
            blocked = not requests if kind != "client-streaming" else None not in requests
            if self.timeout is not None:
                return ({4} if blocked and not self.flooded else None), self.timeout + SLACK, None
            return None, None, None
        if self.flooded:
            codes, duration = None, None
        elif kind != "client-streaming" and (len(requests) != 1 or requests[0] is None):
            codes, duration = "nonzero", 0
        elif kind == "client-streaming":
            codes, duration = ({0}, 0) if None not in requests else ("nonzero", 0)
            texts = " ".join(r.get("text", "") for r in requests if r is not None)
            content = lambda rx: expect_messages(rx, [{"text": texts} if texts else {}])
        else:
            request = requests[0]
            if self.method == HEALTH_CHECK:
                codes, duration = (None, 0) if request.get("service") else ({0}, 0)
                content = lambda rx: expect_raw_messages(rx, [b"\x08\x01"])
            elif self.method == ECHO + "Fail":
                codes, duration = {2}, 0
                content = lambda rx: "SECRET" in rx["status"][1] and "the status shows the internal error"
            else:
                reply = {k: v for k, v in (("text", request.get("text", "")), ("payload", request.get("payload", b"")),
                                           ("request_id", self.request_id())) if v}
                if self.method == ECHO + "Expand":
                    text = request.get("text", "")
                    replies = [{"text": word} for word in text.split(" ") if word] if text.isascii() else None
                    content = (lambda rx: expect_messages(rx, replies)) if replies is not None else None
                else:
                    content = lambda rx: expect_messages(rx, [reply])
                codes = {0}
                duration = request.get("delay_ms", 0) / 1000 if self.method == ECHO + "Sleep" else 0
        if self.timeout is not None:
            if duration is None or duration > self.timeout + 1:
                return {4}, self.timeout + SLACK, None
            if duration + 1 >= self.timeout:
                codes = None if codes in (None, "nonzero") else codes | {4}
                content = None if codes is None else content
            duration = min(duration, self.timeout)
        return codes, (None if duration is None else duration + SLACK), content


def expect_messages(rx, replies):
    messages = []
    for payload in rx["messages"]:
        try:
            messages.append(decode(payload, ECHO_RESPONSE))
        except Undecodable:
            return f"response message {payload[:40].hex()} is not an EchoResponse"
    return None if messages == replies else f"responses {messages!r:.300} instead of {replies!r:.300}"


def expect_raw_messages(rx, payloads):
    return None if rx["messages"] == payloads else f"responses {rx['messages']!r:.200} instead of {payloads!r}"


class ServerView:
    """Reads the client's bytes as the server does: the length prefixes, each Frame as
    SwiftProtobuf decodes it, and ServerConnection's rules (docs/PROTOCOL.md §5). It knows
    where the server must stop with a protocol error, the calls it opened, and where timing
    could make the server decide otherwise (then `uncertain` says why)."""

    def __init__(self):
        self.buffer = bytearray()
        self.fatal = None           # (reason the GoAway must name, send time)
        self.uncertain = None
        self.calls = []
        self.by_id = {}
        self.cancelled = set()
        self.partial_since = None   # send time at which the frame now incomplete began
        self.last_frame_at = None
        self.highest = 0

    def feed(self, data, now):
        if self.fatal:
            return
        self.buffer += data
        while not self.fatal and len(self.buffer) >= 4:
            length = struct.unpack(">I", self.buffer[:4])[0]
            if length > MAX_FRAME:
                self.fatal = (f"frame of {length} bytes exceeds the maximum of {MAX_FRAME} bytes", now)
                break
            if len(self.buffer) < 4 + length:
                break
            if self.partial_since is not None and now - self.partial_since > READ_TIMEOUT * 0.6:
                self.uncertain = self.uncertain or "a frame took long to arrive (read timeout race)"
            self.partial_since, self.last_frame_at = None, now
            body = bytes(self.buffer[4:4 + length])
            del self.buffer[:4 + length]
            self.apply(body, now)
        if self.buffer and self.partial_since is None and not self.fatal:
            self.partial_since = now

    def apply(self, body, now):
        try:
            frame = decode(body, FRAME)
        except Undecodable:
            self.fatal = ("frame is not a valid graduate.rpc.v1.Frame", now)
            return
        stream_id = frame.get("stream_id", 0)
        part, value = frame.get("part", (None, None))
        calls = self.by_id.get(stream_id, [])
        last = calls[-1] if calls else None
        if part is None:
            self.fatal = (f"frame without a part (stream {stream_id})", now)
        elif part in ("response_headers", "status", "go_away"):
            self.fatal = (f"a client must not send response frames (stream {stream_id})", now)
        elif part == "request_headers":
            if stream_id == 0:
                self.fatal = ("stream id 0 is reserved for the connection", now)
                return
            if last is not None:
                if last.surely_open():
                    self.fatal = (f"stream id {stream_id} is already open", now)
                    return
                if not last.refused_by_transport():
                    # The earlier call may or may not have finished on the server by now.
                    self.uncertain = self.uncertain or f"stream id {stream_id} reused while it may be open"
            self.highest = max(self.highest, stream_id)
            call = Call(stream_id, value, now, certain=self.uncertain is None)
            self.calls.append(call)
            self.by_id.setdefault(stream_id, []).append(call)
        elif last is None or last.cancelled:
            pass                    # frames for streams the server does not know are ignored
        elif part == "cancel":      # a cancel applies after end_of_stream too
            last.cancelled = True
            self.cancelled.add(stream_id)
        elif last.eos:
            pass
        elif part == "message":
            last.messages.append(value)
            if len(last.messages) > 1000:
                last.flooded = True
        elif part == "end_of_stream":
            last.eos = True


# What a fuzz connection sends --------------------------------------------------------------

WORDS = ["alpha", "beta", "", "x", "  ", "签约", "naïve", "\u0000", "a b", "emoji😀", "tab\tend", "long" * 50]
TIMEOUTS = ["0m", "1m", "50m", "200m", "500m", "800m", "1S", "2S", "100000u", "300000000n", "99999999H", "5M", "1H"]
BAD_TIMEOUTS = ["-1S", "1.5S", "", "S", "5", "5s", "123456789S", "+5S", " 5S", "\u0663S", "5SS", "1x"]
GOOD_KEYS = ["x-request-id", "X-Request-ID", "authorization", "idempotency-key", "grpc-status", "te", "content-type",
             "trace.id_1", "k" * 256]
ODD_KEYS = GOOD_KEYS + ["a-bin", "k" * 257, "", "bad key", "ключ", "a:b", "nul\x00", "grpc-timeout"]


class Script:
    """The actions of one connection: a list of (label, bytes), and the client's own idea of
    its streams, which the actions use to pick ids."""

    def __init__(self, rng):
        self.rng, self.actions, self.next_id, self.streams, self.forever = rng, [], 1, [], []

    def add(self, label, data):
        self.actions.append((label, data))

    def new_id(self):
        rng = self.rng
        choice = rng.random()
        if choice < 0.85:
            stream_id = self.next_id
            self.next_id += rng.choice((1, 1, 1, 2, 7))
        elif choice < 0.93:
            stream_id = rng.choice((2**31 - 1, 2**31, 2**32 - 1, 2**32 + self.next_id, 2**35 + 3, 2**64 - 1))
        else:
            stream_id = rng.choice(self.streams) if self.streams else 0
        return stream_id

    def metadata(self):
        """Entries a server takes, mostly; or odd keys, binary values without -bin, repeated or
        malformed grpc-timeout, entries without a value, values too big."""
        rng, entries = self.rng, []
        if rng.random() < 0.65:
            for _ in range(rng.choice((0, 0, 1, 2, 3))):
                if rng.random() < 0.8:
                    entries.append(lfield(1, rng.choice(GOOD_KEYS).encode()) + lfield(2, rng.choice(WORDS).encode()))
                else:
                    entries.append(lfield(1, b"data-bin") + lfield(3, rng.randbytes(rng.randint(0, 20))))
            return entries
        for _ in range(rng.choice((1, 2, 3, 8))):
            key = rng.choice(ODD_KEYS) if rng.random() < 0.8 else "".join(rng.choice("abcXYZ-_.09/ é") for _ in range(rng.randint(1, 9)))
            value = rng.random()
            if key == "grpc-timeout":
                entries.append(lfield(1, key.encode()) + lfield(2, rng.choice(BAD_TIMEOUTS + TIMEOUTS).encode()))
            elif value < 0.6:
                entries.append(lfield(1, key.encode()) + lfield(2, rng.choice(WORDS).encode()))
            elif value < 0.8:
                binary_key = key if rng.random() < 0.3 else key + "-bin"
                entries.append(lfield(1, binary_key.encode()) + lfield(3, rng.randbytes(rng.randint(0, 20))))
            elif value < 0.9:
                entries.append(lfield(1, key.encode()))        # no value at all
            else:
                entries.append(lfield(1, key.encode()) + lfield(2, b"v" * rng.choice((100, 8000, 17000))))
        rng.shuffle(entries)
        return entries

    def request(self, method):
        rng = self.rng
        if method == HEALTH_CHECK:
            return b"" if rng.random() < 0.8 else lfield(1, b"nope")
        if rng.random() < 0.08:
            return rng.randbytes(rng.randint(1, 12))           # not an EchoRequest, mostly
        text = " ".join(rng.choice(["hello", "world", "", "a", "签约"]) for _ in range(rng.randint(0, 6)))
        body = lfield(1, text.encode()) if text else b""
        if rng.random() < 0.3:
            body += lfield(2, rng.randbytes(rng.randint(0, 40)))
        if method == ECHO + "Sleep":
            body += vfield(3, rng.choice((0, 10, 100, 300, 900, 1500, 2500, 60000)))
        return body

    def call(self):
        rng = self.rng
        method = rng.choice(list(METHODS)) if rng.random() < 0.9 else rng.choice(
            [ECHO + "Nope", ECHO, "/Echo", "Echo", "", "a/b/c", ECHO + "Echo/", "graduate.testing.v1.ECHO/Echo",
             "x" * 300 + "/y", ECHO + "Echo\u00e9"])
        stream_id = self.new_id()
        entries = self.metadata()
        timeout = None
        if rng.random() < 0.4:
            timeout = rng.choice(TIMEOUTS) if rng.random() < 0.85 else rng.choice(BAD_TIMEOUTS)
            entries.insert(rng.randint(0, len(entries)), lfield(1, b"grpc-timeout") + lfield(2, timeout.encode()))
        headers = lfield(1, method.encode()) + b"".join(lfield(2, e) for e in entries)
        data = prefixed(vfield(1, stream_id) + lfield(2, headers))
        count = 1 if METHODS.get(method) != "client-streaming" else rng.randint(0, 4)
        count = rng.choice((count, count, count, count, 0, 2))
        for _ in range(count):
            data += prefixed(vfield(1, stream_id) + lfield(3, self.request(method)))
        eos = rng.random() < 0.8
        if eos:
            data += prefixed(vfield(1, stream_id) + lfield(4, b""))
        self.streams.append(stream_id)
        if method == ECHO + "Collect" and count == 0 and not eos and timeout is None and stream_id < 2**32:
            self.forever.append(stream_id)
        self.add(f"call {method[-30:]} stream {stream_id} messages {count}{' eos' if eos else ''}"
                 f"{' timeout ' + timeout if timeout is not None else ''} metadata {len(entries)}", data)

    def follow_up(self):
        rng = self.rng
        stream_id = rng.choice(self.streams) if self.streams and rng.random() < 0.8 else rng.randint(0, 2**32 - 1)
        part = rng.choice(("message", "end_of_stream", "cancel"))
        payload = lfield(1, b"later") if part == "message" else b""
        self.add(f"{part} on stream {stream_id}",
                 prefixed(vfield(1, stream_id) + lfield({"message": 3, "end_of_stream": 4, "cancel": 7}[part], payload)))

    def some_frame(self):
        """A valid encoding of some frame, as material for mutations and truncations."""
        rng = self.rng
        stream_id = rng.choice(self.streams) if self.streams else 1
        part = rng.choice((2, 2, 3, 4, 5, 6, 7, 8))
        payload = {2: lfield(1, (ECHO + "Echo").encode()) + lfield(2, lfield(1, b"x-request-id") + lfield(2, b"m")),
                   3: lfield(1, b"hello"), 5: lfield(1, lfield(1, b"k")), 6: vfield(1, 5) + lfield(2, b"no"),
                   8: vfield(1, 3) + vfield(2, 13)}.get(part, b"")
        return prefixed(vfield(1, stream_id) + lfield(part, payload))

    def mutate(self, data):
        rng, data = self.rng, bytearray(data)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(data) + 1)
            operation = rng.choice(("flip", "flip", "insert", "delete", "set"))
            if operation == "flip" and position < len(data):
                data[position] ^= 1 << rng.randrange(8)
            elif operation == "insert":
                data[position:position] = rng.randbytes(rng.randint(1, 3))
            elif operation == "delete" and position < len(data):
                del data[position:position + rng.randint(1, 3)]
            elif position < len(data):
                data[position] = rng.choice((0x00, 0x80, 0xFF, 0x7F, rng.randrange(256)))
        return bytes(data)

    def garbage(self):
        rng = self.rng
        if rng.random() < 0.5:
            self.add("garbage bytes", rng.randbytes(rng.randint(1, 40)))
        else:
            self.add("garbage frame body", prefixed(rng.randbytes(rng.randint(0, 40))))

    def truncated(self):
        frame = self.some_frame()
        self.add("truncated frame", frame[:self.rng.randrange(1, len(frame))])

    def mutated(self):
        frame = self.some_frame()
        if self.rng.random() < 0.7:
            self.add("mutated frame body", prefixed(self.mutate(frame[4:])))
        else:
            self.add("mutated frame", self.mutate(frame))

    def wrong_part(self):
        rng = self.rng
        stream_id = rng.choice(self.streams) if self.streams else 1
        echo = lfield(1, (ECHO + "Echo").encode())
        choices = {
            "response_headers from the client": vfield(1, stream_id) + lfield(5, b""),
            "status from the client": vfield(1, stream_id) + lfield(6, vfield(1, 0)),
            "go_away from the client": lfield(8, vfield(2, 13)),
            "cancel for an unknown stream": vfield(1, 999_999) + lfield(7, b""),
            "end_of_stream on stream 0": lfield(4, b""),
            "message on stream 0": lfield(3, b"x"),
            "request_headers on stream 0": vfield(1, 0) + lfield(2, echo),
            "request_headers, no stream id": lfield(2, echo),
            "stream id as bytes": lfield(1, b"\x05") + lfield(3, b""),
            "request_headers as a varint": vfield(1, stream_id) + vfield(2, 7),
            "method as a varint": vfield(1, self.new_id()) + lfield(2, vfield(1, 3)),
            "metadata entry as a varint": vfield(1, self.new_id()) + lfield(2, echo + vfield(2, 1)),
            "entry with text and binary": vfield(1, self.new_id()) + lfield(2, echo + lfield(2, lfield(1, b"k") + lfield(2, b"t") + lfield(3, b"b"))),
            "part as fixed32": vfield(1, stream_id) + tag(3, 5) + b"abcd",
            "part as fixed64": vfield(1, stream_id) + tag(7, 1) + b"abcdefgh",
            "two parts (headers, then message)": vfield(1, self.new_id()) + lfield(2, echo) + lfield(3, b""),
            "two parts (message, then headers)": vfield(1, self.new_id()) + lfield(3, b"") + lfield(2, echo),
            "headers twice in one frame": vfield(1, self.new_id()) + lfield(2, echo) + lfield(2, lfield(2, lfield(1, b"x-request-id") + lfield(2, b"2"))),
            "garbage request_headers": vfield(1, self.new_id()) + lfield(2, rng.randbytes(rng.randint(1, 20))),
            "garbage metadata entry": vfield(1, self.new_id()) + lfield(2, echo + lfield(2, rng.randbytes(rng.randint(1, 12)))),
            "invalid UTF-8 method": vfield(1, self.new_id()) + lfield(2, lfield(1, b"\xff\xfe/x")),
            "unknown fields": vfield(1, stream_id) + vfield(99, 1) + tag(100, 5) + b"1234" + lfield(4, lfield(9, b"z")),
            "groups 99 deep": tag(9, 3) * 99 + tag(9, 4) * 99 + vfield(1, stream_id) + lfield(4, b""),
            "groups 100 deep": tag(9, 3) * 100 + tag(9, 4) * 100 + vfield(1, stream_id) + lfield(4, b""),
            "unterminated group": vfield(1, stream_id) + tag(9, 3) + lfield(4, b""),
            "stray end-group": tag(9, 4) + vfield(1, stream_id) + lfield(4, b""),
            "overlong stream id varint": b"\x08" + b"\x81\x80\x80\x80\x80\x80\x80\x80\x80\x00" + lfield(4, b""),
            "eleven-byte varint": b"\x08" + b"\x81" * 10 + b"\x00" + lfield(4, b""),
            "huge length inside the frame": vfield(1, stream_id) + tag(3, 2) + varint(2**40),
            "field number 0": b"\x00\x00" + lfield(4, b""),
            "wire type 7": vfield(1, stream_id) + b"\x0f" + lfield(4, b""),
            "five-byte tag": vfield(1, stream_id) + b"\xa2\x80\x80\x80\x00" + b"\x00",
        }
        if self.forever and rng.random() < 0.5:
            label, body = "request_headers for an open stream", vfield(1, rng.choice(self.forever)) + lfield(2, lfield(1, (ECHO + "Collect").encode()))
        else:
            label = rng.choice(sorted(choices))
            body = choices[label]
        self.add(label, prefixed(body))

    def absurd_length(self):
        length = self.rng.choice((0xFFFFFFFF, MAX_FRAME + 1, 0x7FFFFFFF, 0, MAX_FRAME, 5000))
        self.add(f"length prefix {length}", struct.pack(">I", length))

    def flood(self):
        stream_id = self.new_id()
        data = prefixed(vfield(1, stream_id) + lfield(2, lfield(1, (ECHO + "Collect").encode())))
        data += prefixed(vfield(1, stream_id) + lfield(3, lfield(1, b"f"))) * 1100
        self.streams.append(stream_id)
        self.add(f"1100 messages on Collect stream {stream_id}", data)

    def build(self):
        """Calls and follow-ups only, the same and then one bad frame, or everything mixed."""
        rng = self.rng
        calls = [(self.call, 40), (self.follow_up, 10), (lambda: self.add("pause", b""), 5)]
        bad = [(self.garbage, 6), (self.truncated, 4), (self.mutated, 12), (self.wrong_part, 12),
               (self.absurd_length, 3), (self.flood, 1)]
        profile = rng.choice(("calls", "calls, then one bad", "mixed", "mixed"))
        functions, weights = zip(*(calls if profile.startswith("calls") else calls + bad))
        for _ in range(rng.choice((1, 2, 4, 6, 8, 12))):
            rng.choices(functions, weights)[0]()
        if profile == "calls, then one bad":
            functions, weights = zip(*bad)
            rng.choices(functions, weights)[0]()
        return self


# One connection ---------------------------------------------------------------------------

class Connection:
    """Runs one script against the server and keeps what happened for the oracle."""

    def __init__(self, index, seed, port):
        self.index, self.port = index, port
        self.rng = random.Random(f"{seed}:{index}")
        self.kind = "idle" if index == 0 and FUZZ_SECONDS >= 7 else "fuzz"
        self.end_mode = self.rng.choice(("wait", "wait", "wait", "answered", "answered", "half-close", "abort"))
        self.view = ServerView()
        self.sent = bytearray()
        self.labels = []
        self.received = []        # (time, stream id, part, value)
        self.inbound = bytearray()
        self.ended = None         # how the reading ended: eof, reset, bound, client-closed
        self.ended_at = None
        self.half_closed = False
        self.problems = []

    # sending and receiving

    def send(self, data):
        try:
            self.socket.sendall(data)
        except (BrokenPipeError, ConnectionResetError, socket.timeout) as error:
            self.labels.append(f"(sending failed: {error!r})")
            return False
        now = time.monotonic()
        self.sent += data
        self.view.feed(data, now)
        return True

    def pump(self, seconds):
        """Reads what has arrived, waiting up to `seconds`; False once the server has closed."""
        if self.ended:
            return False
        readable, _, _ = select.select([self.socket], [], [], max(0.0, seconds))
        if not readable:
            return True
        try:
            chunk = self.socket.recv(65536)
        except ConnectionResetError:
            chunk, self.ended = b"", "reset"
        now = time.monotonic()
        if not chunk:
            self.ended, self.ended_at = self.ended or "eof", now
            return False
        self.inbound += chunk
        while len(self.inbound) >= 4:
            length = struct.unpack(">I", self.inbound[:4])[0]
            if length > MAX_FRAME:
                raise Undecodable(f"server sent a length prefix of {length}")
            if len(self.inbound) < 4 + length:
                break
            body = bytes(self.inbound[4:4 + length])
            del self.inbound[:4 + length]
            try:
                stream_id, part, value = decode_server_frame(body)
            except Undecodable as error:
                raise Undecodable(f"server frame {body[:60].hex()} does not parse: {error}") from None
            self.received.append((now, stream_id, part, value))
        return True

    def read_until(self, deadline, done=lambda: False):
        """Reads until the server closes, `deadline` passes or `done()`."""
        while time.monotonic() < deadline and not done():
            if not self.pump(min(0.05, deadline - time.monotonic())):
                return

    def run(self):
        self.socket = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.socket.settimeout(2)
        try:
            if self.kind == "idle":
                self.run_idle()
            else:
                self.run_fuzz()
            if self.inbound and self.ended in ("eof", "reset"):
                self.problems.append(f"the server closed inside a frame of its own ({len(self.inbound)} bytes)")
        except Undecodable as error:
            self.problems.append(str(error))
        finally:
            self.socket.close()
        if self.ended is None:
            self.ended, self.ended_at = "bound", time.monotonic()
        self.problems += Oracle(self).problems()
        return self

    def run_fuzz(self):
        rng, script = self.rng, Script(self.rng).build()
        for label, data in script.actions:
            self.labels.append(label)
            if label == "pause":
                self.pump(rng.uniform(0.01, 0.15))
                continue
            if rng.random() < 0.3:
                pieces = []
                while data:
                    cut = rng.randint(1, 64)
                    pieces.append(data[:cut])
                    data = data[cut:]
            else:
                pieces = [data]
            for piece in pieces:
                if not self.send(piece):
                    break
                self.pump(0 if rng.random() < 0.8 else 0.005)
        if self.end_mode == "abort":
            self.read_until(time.monotonic() + rng.uniform(0, 0.2))
            if rng.random() < 0.5:
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            if not self.ended:
                self.ended, self.ended_at = "client-closed", time.monotonic()
            return
        if self.end_mode == "half-close":
            self.socket.shutdown(socket.SHUT_WR)
            self.half_closed = True
        done = self.answered if self.end_mode == "answered" else (lambda: False)
        self.read_until(time.monotonic() + READ_BOUND, done)

    def answered(self):
        """Every call the client can foresee the end of has its status, and no close is due."""
        if self.view.fatal or (self.view.buffer and not self.half_closed):
            return False
        statuses = {}
        for _, stream_id, part, _ in self.received:
            if part == "status":
                statuses[stream_id] = statuses.get(stream_id, 0) + 1
        for stream_id, calls in self.view.by_id.items():
            due = sum(1 for call in calls if not call.cancelled and call.outlook()[1] is not None)
            if statuses.get(stream_id, 0) < due:
                return False
        return True

    def run_idle(self):
        """A call, then silence: an idle GoAway (code 0) after IDLE_TIMEOUT, a call that crosses
        it is still served, and the server closes GRACE after the last activity."""
        self.end_mode = "idle"
        self.labels.append("Echo call, then silence")
        echo = lambda stream_id: (prefixed(vfield(1, stream_id) + lfield(2, lfield(1, (ECHO + "Echo").encode())))
                                  + prefixed(vfield(1, stream_id) + lfield(3, lfield(1, b"idle")))
                                  + prefixed(vfield(1, stream_id) + lfield(4, b"")))
        self.send(echo(1))
        self.read_until(time.monotonic() + IDLE_TIMEOUT + 2, lambda: any(p == "go_away" for _, _, p, _ in self.received))
        statuses = [t for t, _, part, _ in self.received if part == "status"]
        away = [(t, v) for t, _, part, v in self.received if part == "go_away"]
        if not statuses or not away:
            self.problems.append(f"no status and idle GoAway within {IDLE_TIMEOUT + 2} s: {self.describe_received()}")
            return
        quiet = away[0][0] - statuses[0]
        if away[0][1].get("code", 0) != 0 or not IDLE_TIMEOUT * 0.9 <= quiet <= IDLE_TIMEOUT + SLACK:
            self.problems.append(f"idle GoAway {away[0][1]} came {quiet:.2f} s after the last status")
        self.labels.append("Echo call after the idle GoAway")
        self.send(echo(3))
        self.read_until(time.monotonic() + 2, lambda: sum(1 for *_, p, _ in self.received if p == "status") >= 2)
        last_status = [t for t, sid, part, _ in self.received if part == "status" and sid == 3]
        if not last_status:
            self.problems.append("the call that crossed the idle GoAway got no status")
            return
        self.read_until(time.monotonic() + GRACE + 3)
        waited = (self.ended_at or time.monotonic()) - last_status[0]
        self.ended = self.ended or "bound"
        if self.ended not in ("eof", "reset") or not GRACE - 1 <= waited <= GRACE + SLACK:
            self.problems.append(f"after the idle GoAway the server ended the connection ({self.ended}) "
                                 f"{waited:.2f} s after the last call, not about {GRACE} s")

    # reporting

    def describe_received(self, limit=40):
        lines = []
        for t, stream_id, part, value in self.received[:limit]:
            lines.append(f"    +{t - self.started:.3f}s stream {stream_id} {part} {value!r:.160}")
        if len(self.received) > limit:
            lines.append(f"    ... {len(self.received) - limit} more frames")
        return "\n".join(lines) or "    (nothing)"

    def report(self, seed):
        hex_sent = self.sent[:768].hex(" ")
        return (f"connection {self.index} (seed {seed}; replay: WIRE_FUZZ_SEED={seed} WIRE_FUZZ_ONLY={self.index}),"
                f" {self.kind}, end {self.end_mode}, reading ended by {self.ended}"
                f"\n  problems:\n    " + "\n    ".join(self.problems)
                + "\n  actions: " + "; ".join(self.labels)
                + (f"\n  server view: uncertain ({self.view.uncertain})" if self.view.uncertain else "")
                + (f"\n  predicted protocol error: {self.view.fatal[0]}" if self.view.fatal else "")
                + f"\n  sent {len(self.sent)} bytes: {hex_sent}{' ...' if len(self.sent) > 768 else ''}"
                + f"\n  received:\n{self.describe_received()}")


class Oracle:
    """The checks on one finished connection."""

    def __init__(self, connection):
        self.c, self.view, self.found = connection, connection.view, []
        self.frames = connection.received

    def problem(self, text):
        self.found.append(text)

    def problems(self):
        self.check_close()
        incarnations = self.check_streams()
        self.check_error_go_away(incarnations)
        if self.c.kind == "fuzz":       # the idle connection checks its own timing
            self.check_go_aways()
            self.check_prediction()
            self.check_calls(incarnations)
        return self.found

    def error_go_away(self):
        return next(((i, t, v) for i, (t, sid, part, v) in enumerate(self.frames)
                     if part == "go_away" and v.get("code", 0) != 0), None)

    def check_close(self):
        # (1) the server closed the connection: a GoAway came first.
        if self.c.ended in ("eof", "reset") and not self.c.half_closed:
            if not any(part == "go_away" for _, _, part, _ in self.frames):
                self.problem(f"the server closed the connection ({self.c.ended}) without a GoAway")

    def check_go_aways(self):
        error = self.error_go_away()
        for i, (t, stream_id, part, value) in enumerate(self.frames):
            if part == "go_away" and stream_id != 0:
                self.problem(f"GoAway on stream {stream_id}")
            if part != "go_away" and stream_id == 0:
                self.problem(f"{part} on stream 0")
            if part == "go_away" and value.get("code", 0) == 0:
                quiet_since = self.view.last_frame_at or self.c.started
                if t < quiet_since + IDLE_TIMEOUT * 0.95:
                    self.problem(f"idle GoAway {t - quiet_since:.3f} s after the client's last frame")
            if error and i > error[0]:
                self.problem(f"{part} on stream {stream_id} after the GoAway with code {error[2].get('code')}")

    def check_streams(self):
        """(2) per stream: [response_headers] message* status, once per request_headers the
        server read on that id. Returns each stream's incarnations as the server answered them."""
        incarnations = {}
        for t, stream_id, part, value in self.frames:
            if stream_id == 0:
                continue
            calls = self.view.by_id.get(stream_id, [])
            runs = incarnations.setdefault(stream_id, [])
            if not calls:
                self.problem(f"{part} for stream {stream_id}, which the client never opened")
                continue
            reused_and_cancelled = len(calls) > 1 and any(call.cancelled for call in calls)
            current = runs[-1] if runs and runs[-1]["status"] is None else None
            if current is None:
                if runs and part == "message":
                    self.problem(f"message on stream {stream_id} after its status")
                current = {"headers": False, "messages": [], "status": None, "first": t}
                runs.append(current)
                if len(runs) > len(calls) and not reused_and_cancelled:
                    self.problem(f"{part} on stream {stream_id} after its status"
                                 f" (the client opened it {len(calls)} time(s))")
            if part == "response_headers":
                if (current["headers"] or current["messages"]) and not reused_and_cancelled:
                    self.problem(f"second response_headers on stream {stream_id}")
                current["headers"] = True
            elif part == "message":
                if not current["headers"]:
                    self.problem(f"message before response_headers on stream {stream_id}")
                current["messages"].append(value)
            elif part == "status":
                current["status"] = (value.get("code", 0), value.get("message", ""), t)
            else:
                self.problem(f"{part} on stream {stream_id}")
        for stream_id, runs in incarnations.items():
            statuses = sum(1 for run in runs if run["status"] is not None)
            if statuses > len(self.view.by_id.get(stream_id, [])):
                self.problem(f"{statuses} statuses on stream {stream_id}, opened {len(self.view.by_id[stream_id])} time(s)")
        return incarnations

    def check_error_go_away(self, incarnations):
        """(3) a GoAway for an error or a timeout comes after a status for every stream open."""
        error = self.error_go_away()
        if not error:
            return
        index, at, go_away = error
        last = go_away.get("last_stream_id", 0)
        before = [f for f in self.frames[:index] if f[1] != 0]
        for _, stream_id, part, _ in before:
            if stream_id > last:
                self.problem(f"{part} on stream {stream_id}, above the GoAway's last_stream_id {last}")
                break
        for stream_id, runs in incarnations.items():
            for run in runs:
                if run["first"] <= at and (run["headers"] or run["messages"]) and (
                        run["status"] is None or run["status"][2] > at) and stream_id not in self.view.cancelled:
                    self.problem(f"stream {stream_id} was accepted but has no status before the GoAway {go_away}")
        # Stronger, where the client knows what the server read: every call it opened.
        if self.view.uncertain is None:
            if self.view.highest != last:
                self.problem(f"GoAway last_stream_id {last}, but the highest stream opened is {self.view.highest}")
            for stream_id, calls in self.view.by_id.items():
                due = sum(1 for call in calls if call.certain and not call.cancelled)
                got = sum(1 for run in incarnations.get(stream_id, []) if run["status"] and run["status"][2] <= at)
                if got < due and stream_id not in self.view.cancelled:
                    self.problem(f"stream {stream_id}: {got} status(es) before the GoAway {go_away}, {due} call(s) open")

    def check_prediction(self):
        """The protocol error or read timeout the client's bytes must cause, and no other."""
        error = self.error_go_away()
        view, c = self.view, self.c
        reading_until = c.ended_at
        if view.uncertain is not None:
            return
        if view.fatal:
            reason, at = view.fatal
            if error:
                if reason not in error[2].get("message", "") or error[2].get("code") != 13:
                    self.problem(f"GoAway {error[2]}, but the client expected code 13 for '{reason}'")
            elif reading_until > at + 3 and c.ended not in ("client-closed",):
                self.problem(f"no GoAway within 3 s of the protocol error '{reason}'")
        elif view.buffer and c.half_closed:
            if error and "connection closed inside a frame" not in error[2].get("message", ""):
                self.problem(f"GoAway {error[2]}, but the client expected a truncated frame at its half-close")
        elif view.buffer:
            since = view.partial_since
            if error:
                message = error[2].get("message", "")
                if error[2].get("code") != 4 or not message.startswith("read timeout"):
                    self.problem(f"GoAway {error[2]}, but the client expected a read timeout")
                elif error[1] < since + READ_TIMEOUT * 0.9:
                    self.problem(f"read timeout GoAway {error[1] - since:.2f} s after the incomplete frame began")
            elif reading_until > since + READ_TIMEOUT + SLACK + 0.5 and c.ended != "client-closed":
                self.problem(f"no read-timeout GoAway {reading_until - since:.1f} s after an incomplete frame began"
                             f" ({len(view.buffer)} bytes of it sent)")
        elif error:
            self.problem(f"GoAway {error[2]}, but the client sent nothing wrong")

    def check_calls(self, incarnations):
        """Each call the client can foresee: its status code, its deadline, its response."""
        error = self.error_go_away()
        closed_at = error[1] if error else None
        if self.c.ended in ("eof", "reset") and closed_at is None:
            closed_at = self.c.ended_at
        idle = next((t for t, _, part, v in self.frames if part == "go_away" and v.get("code", 0) == 0), None)
        # The server reads in order: an answer on a stream shows it had read every call sent up
        # to that stream's (under load it may not have read the client's bytes for a while).
        read_up_to = max((self.view.by_id[sid][0].sent_at for t, sid, _, _ in self.frames
                          if idle is not None and t < idle and sid in self.view.by_id), default=None)
        for stream_id, calls in self.view.by_id.items():
            if any(call.cancelled for call in calls):
                continue
            runs = incarnations.get(stream_id, [])
            for k, call in enumerate(calls):
                if not call.certain:
                    break
                run = runs[k] if k < len(runs) else None
                codes, by, content = call.outlook()
                status = run["status"] if run else None
                where = f"stream {stream_id} ({call.method[-40:]!r}"
                where += f", grpc-timeout {call.timeout} s)" if call.timeout is not None else ")"
                if read_up_to is not None and call.sent_at <= read_up_to and (status is None or status[2] > idle) \
                        and call.refusal() is None:
                    self.problem(f"{where}: idle GoAway while the call was open")
                if status is None:
                    if by is not None and self.c.ended_at > call.sent_at + by and (
                            closed_at is None or closed_at > call.sent_at + by) and not self.c.half_closed:
                        self.problem(f"{where}: no status {by:.1f} s after the call")
                    continue
                code, message, at = status
                closed_before = closed_at is not None and at >= closed_at - 0.2
                if codes is not None and not (closed_before and code == 14):
                    if codes == "nonzero" and code == 0 or codes != "nonzero" and code not in codes:
                        self.problem(f"{where}: status {code} {message!r:.120}, expected {codes}")
                        continue
                if by is not None and at > call.sent_at + by:
                    self.problem(f"{where}: status {code} came {at - call.sent_at:.2f} s after the call, allowed {by:.1f} s")
                if call.refusal() is not None and (run["headers"] or run["messages"]):
                    self.problem(f"{where}: refused with {code} but got response_headers or messages")
                if content and code == content[1]:
                    trouble = content[0]({"messages": run["messages"], "status": status})
                    if trouble:
                        self.problem(f"{where}: {trouble}")


# The test ---------------------------------------------------------------------------------

def _time_is_up(signum, frame):
    raise TimeoutError(f"the test took more than {TEST_SECONDS} s")


def free_port():
    while True:
        port = random.randrange(20000, 30000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                pass


def health_check(port):
    """A normal Health/Check on a new connection; returns the frames or raises."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(prefixed(vfield(1, 1) + lfield(2, lfield(1, HEALTH_CHECK.encode())))
                           + prefixed(vfield(1, 1) + lfield(3, b"")) + prefixed(vfield(1, 1) + lfield(4, b"")))
        received, frames = b"", []
        while not any(part == "status" for _, part, _ in frames):
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
            while len(received) >= 4 and len(received) >= 4 + struct.unpack(">I", received[:4])[0]:
                length = struct.unpack(">I", received[:4])[0]
                frames.append(decode_server_frame(received[4:4 + length]))
                received = received[4 + length:]
        return frames


class WireFuzzTest(unittest.TestCase):
    def setUp(self):
        signal.signal(signal.SIGALRM, _time_is_up)
        signal.alarm(int(TEST_SECONDS))
        self.addCleanup(signal.alarm, 0)
        executable = BIN_DIR / "echo-test-server"
        self.assertTrue(executable.exists(), f"{executable} is missing: swift build --product echo-test-server")
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="wire-fuzz-"))
        self.port = free_port()
        self.stdout_path, self.stderr_path = self.folder / "stdout.log", self.folder / "stderr.log"
        stdout, stderr = open(self.stdout_path, "wb"), open(self.stderr_path, "wb")
        self.addCleanup(stdout.close)
        self.addCleanup(stderr.close)
        self.server = subprocess.Popen(
            [str(executable), "--port", str(self.port), "--rpc-read-timeout", str(READ_TIMEOUT),
             "--rpc-idle-timeout", str(IDLE_TIMEOUT)],
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.addCleanup(self.stop_server)
        deadline = time.monotonic() + 60
        while True:
            self.assertIsNone(self.server.poll(), f"echo-test-server exited: {self.log_tail()}")
            try:
                if any(part == "status" and value.get("code", 0) == 0 for _, part, value in health_check(self.port)):
                    break
            except OSError:
                pass
            self.assertLess(time.monotonic(), deadline, "echo-test-server did not answer within 60 s")
            time.sleep(0.1)

    def stop_server(self):
        if self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if getattr(self, "passed", False):
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            print(f"\nthe server's logs are kept in {self.folder}", file=sys.stderr)

    def log_tail(self):
        return (self.stdout_path.read_text(errors="replace")[-2000:] + self.stderr_path.read_text(errors="replace")[-2000:])

    def test_fuzzed_connections(self):
        seed = int(os.environ.get("WIRE_FUZZ_SEED") or random.SystemRandom().randrange(10**9))
        print(f"\nwire fuzz: seed {seed}, {FUZZ_SECONDS:g} s, {WORKERS} connections at once"
              f" (replay: WIRE_FUZZ_SEED={seed})", file=sys.stderr, flush=True)
        started = time.monotonic()
        stop_at = started + FUZZ_SECONDS
        lock, results, counter = threading.Lock(), [], iter(range(10**9))
        if ONLY is not None:
            indexes = iter([int(ONLY)])
        else:
            indexes = counter

        def worker():
            while time.monotonic() < stop_at and self.server.poll() is None:
                with lock:
                    index = next(indexes, None)
                if index is None:
                    return
                connection = Connection(index, seed, self.port)
                connection.started = time.monotonic()
                try:
                    connection.run()
                except OSError as error:
                    connection.problems.append(f"connection failed: {error!r}")
                with lock:
                    results.append(connection)

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(1 if ONLY else WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        failures = [c for c in sorted(results, key=lambda c: c.index) if c.problems]
        for connection in failures[:20]:
            print("\n" + connection.report(seed), file=sys.stderr)
        outcomes = {}
        for c in results:
            codes = [v.get("code", 0) for _, _, part, v in c.received if part == "go_away"]
            key = f"GoAway {codes[-1]}" if codes else "no GoAway"
            outcomes[key] = outcomes.get(key, 0) + 1
        calls = sum(len(c.view.calls) for c in results)
        uncertain = sum(1 for c in results if c.view.uncertain)
        codes = {}
        for c in results:
            for _, _, part, value in c.received:
                if part == "status":
                    codes[value.get("code", 0)] = codes.get(value.get("code", 0), 0) + 1
        print(f"wire fuzz: {len(results)} connections, {calls} calls, {sum(len(c.sent) for c in results)} bytes sent"
              f" in {time.monotonic() - started:.1f} s; connections ended with {dict(sorted(outcomes.items()))};"
              f" statuses by code {dict(sorted(codes.items()))}; {uncertain} connections with timing-dependent parts",
              file=sys.stderr)

        # (4) the server is alive and answers, (5) and did not crash on the way.
        self.assertIsNone(self.server.poll(), f"echo-test-server died (seed {seed}): {self.log_tail()}")
        frames = health_check(self.port)
        self.assertIn((1, "message", b"\x08\x01"), frames, f"Health/Check after fuzzing: {frames}")
        self.assertTrue(any(part == "status" and value.get("code", 0) == 0 for _, part, value in frames), frames)
        for path in (self.stdout_path, self.stderr_path):
            crash = CRASH.search(path.read_text(errors="replace"))
            self.assertIsNone(crash, f"{path.name} of echo-test-server shows a crash (seed {seed}): {self.log_tail()}")
        self.assertEqual(failures, [], f"{len(failures)} of {len(results)} connections broke the oracle"
                                       f" (seed {seed}, details above)")
        self.passed = True


if __name__ == "__main__":
    unittest.main()
