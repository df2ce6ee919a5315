"""The gateway's multipart/form-data routes under fuzzing (issue 11: one part header name with
a byte >= 0x80 made the old parser trap and took the gateway down). `scripts/run.sh` starts
the real system, as in test_supervision.py, and every multipart route gets random and mutated
bodies:

  POST /api/v1/agreement-verifications  anyone (its own per-address limit: see SOURCES below)
  POST /api/v1/employers                anyone (registration; the sign-in limit)
  POST /api/v1/employer/resubmission    a rejected employer's token (registered, rejected and
                                        signed in through the API first)
  POST /api/v1/attachments              a school admin's token (staff)
  POST /api/v1/archive-import-previews  the same token (批量导入's preview: it writes nothing)

First a fixed corpus goes to each route one request at a time (the known crash body, header
names and values with bytes >= 0x80, NULs, CR/LF injection, odd boundaries, bodies at and over
the size limit, floods a slow parser would choke on, every truncation of a small form and
every byte of it replaced, each route's valid form and one with a name of NULs), then, for
MULTIPART_FUZZ_SECONDS, several threads send seeded random cases: valid forms mutated
structurally (header names and values, boundaries long, quoted, empty or with spaces, the
boundary inside a part, truncation, no closing delimiter, thousands of parts, huge header
blocks, nested multipart, preamble and epilogue, odd field values and file contents for the
services behind) or byte by byte (bit flips, insertions, deletions, duplications), random
bytes, and wrong Content-Types; sometimes chunked, sometimes without or with a bad token.
Meanwhile the operator rejects the employer again and again, so that its resubmissions reach
the accounts service rather than stopping at "already pending".

The oracle: every answer has a status below 500 (a 5xx, a reset or closed connection, a
refused connection or a timeout is a failure; only a body over the upload limit may be cut
off by an early close), and at the end the gateway is the process it was at the start (same
pid in <data>/gateway.pid, alive, no "died" line in run.log for any process), /health is 200
and no process log shows a crash ("Fatal error" …). When the gateway dies during the threaded
phase, the fuzzing pauses, waits for run.sh to restart it, and replays the requests that were
in flight one at a time to name the one that kills it. Every failure prints the seed, the
case id, the route and the body (hex, truncated); MULTIPART_FUZZ_ONLY=<case id> with the same
seed sends just that case.

Environment: MULTIPART_FUZZ_SECONDS (default 6) how long the threaded phase runs,
MULTIPART_FUZZ_SEED to replay a run (printed first), MULTIPART_FUZZ_ONLY (a case id),
MULTIPART_FUZZ_WORKERS (default 6) requests at once, MULTIPART_FUZZ_TIMEOUT (default 20 s per
request, plus 3 s per MiB of body), MULTIPART_FUZZ_MAX_CRASHES (default 2: crashes after which
the fuzzing stops), MULTIPART_FUZZ_FIXED=0 to skip the fixed corpus (to see what the random
phase finds alone).
The executables come from GRADUATE_BIN_DIR or the debug build folder; starting and stopping
run.sh is run_system.py's, as for every test here.
Standard library only: python3 -m unittest discover -s Tests/System -v
"""
import http.client
import json
import os
import random
import re
import socket
import sys
import threading
import time
import unittest
import urllib.request

from run_system import BIN_DIR, SERVICES, RunShTestCase, running, seed_demo, status_of

FUZZ_SECONDS = float(os.environ.get("MULTIPART_FUZZ_SECONDS") or 6)
WORKERS = int(os.environ.get("MULTIPART_FUZZ_WORKERS") or 6)
REQUEST_TIMEOUT = float(os.environ.get("MULTIPART_FUZZ_TIMEOUT") or 20)
MAX_CRASHES = int(os.environ.get("MULTIPART_FUZZ_MAX_CRASHES") or 2)
ONLY = os.environ.get("MULTIPART_FUZZ_ONLY")
FIXED = os.environ.get("MULTIPART_FUZZ_FIXED", "1") != "0"
RECOVERY_SECONDS = 45     # a crashed gateway back (run.sh's back-off, the crash backtrace)

UPLOAD_LIMIT = 10 * 1024 * 1024 + 256 * 1024   # GatewayContext.maxUploadSize + MultipartForm.fieldAllowance
CRASH = re.compile(r"Fatal error|Assertion failed|Precondition failed|Program crashed|Segmentation fault"
                   r"|Illegal instruction|Stack dump|Backtrace", re.IGNORECASE)
KNOWN_CRASH = b"--B\r\n\xf8x: y\r\n\r\nz\r\n--B--\r\n"   # issue 11


# Where requests come from -----------------------------------------------------------------
# The verification route has a fixed per-address limit (20 at once, then 60 a minute; the
# gateway has no setting for it), and registration shares sign-in's. All of 127.0.0.0/8 is
# loopback on Linux, so each request leaves from its own address and is never limited (429
# would still pass the oracle, but would not reach the parser).

def _loopback_sources_work():
    try:
        with socket.socket() as probe:
            probe.bind(("127.3.5.7", 0))
        return True
    except OSError:
        return False


SOURCES = _loopback_sources_work()


def source_address(rng):
    if not SOURCES:
        return None
    return (f"127.{rng.randint(1, 254)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", 0)


# Valid forms, as lists of parts ----------------------------------------------------------

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


class Part:
    def __init__(self, headers, content):
        self.headers = list(headers)    # [(name bytes, value bytes)]
        self.content = content

    def copy(self):
        return Part(self.headers, self.content)


def field(name, value):
    if isinstance(name, str):
        name = name.encode()
    if isinstance(value, str):
        value = value.encode()
    return Part([(b"Content-Disposition", b'form-data; name="' + name + b'"')], value)


def file_part(name, file_name, content_type, content):
    return Part([(b"Content-Disposition", f'form-data; name="{name}"; filename="{file_name}"'.encode()),
                 (b"Content-Type", content_type.encode())], content)


def employer_fields(rng, with_account):
    tag = rng.randrange(10 ** 6)
    parts = []
    if with_account:
        first17 = "91" + "".join(rng.choice(seed_demo.CREDIT_ALPHABET) for _ in range(15))
        parts.append(field("creditCode", seed_demo.credit_code(first17)))
    parts += [field("name", f"模糊测试科技有限公司{tag}"), field("nature", "39"), field("industry", "I"),
              field("regionCode", "110108"), field("address", f"北京市海淀区测试路{tag % 100}号"), field("contactName", "人事部"),
              field("contactPhone", f"139{tag:08d}"), field("email", f"hr{tag}@example.com")]
    if with_account:
        parts.append(field("password", f"Fuzz{tag}abc1"))
    return parts


ARCHIVE_HEADER = ("身份证号,姓名,档案转递类型,档案接收单位名称,接收单位所在地,接收单位地址,邮编,联系人,联系电话,转递方式,"
                  "转递单号,保留期限,档案转递说明,是否迁移户口,户口迁移类型,户口迁入地区,户口迁入详细地址,接收派出所")


def valid_form(route, rng):
    if route == "archive-import":
        # The template's header and a row naming nobody on the roster: a preview that answers its row's errors.
        row = f"11010520040501{rng.randint(0, 999):03d}X,张三,01,上海示范科技有限公司,310115,世纪大道100号,200120,李老师,13800138000,02,,,,0,,,,"
        return [file_part("file", "档案.csv", "text/csv", ("\ufeff" + ARCHIVE_HEADER + "\r\n" + row + "\r\n").encode())]
    if route == "verification":
        return [file_part("file", "协议.pdf", "application/pdf", PDF)]
    if route == "attachments":
        kind = rng.random()
        if kind < 0.5:
            return [file_part("file", "证明.png", "image/png", seed_demo.licence_png(str(rng.random())))]
        return [file_part("file", "proof.pdf", "application/pdf", PDF + str(rng.random()).encode())]
    parts = employer_fields(rng, route == "registration")
    if route == "registration" or rng.random() < 0.7:
        parts.append(file_part("licence", "营业执照.png", "image/png", seed_demo.licence_png(str(rng.random()))))
    rng.shuffle(parts)
    return parts


def serialize(parts, boundary, eol=b"\r\n", preamble=b"", epilogue=b"", close=True):
    out = bytearray(preamble)
    for part in parts:
        out += b"--" + boundary + eol
        for name, value in part.headers:
            out += name + b": " + value + eol
        out += eol + part.content + eol
    if close:
        out += b"--" + boundary + b"--" + eol
    out += epilogue
    return bytes(out)


def content_type(boundary):
    return b"multipart/form-data; boundary=" + boundary


# The cases ----------------------------------------------------------------------------------

class Case:
    """One request: the route, the Content-Type (None: no header), the body, how it is sent."""

    def __init__(self, id_, route, kind, content_type_, body, chunks=None, auth="token"):
        self.id, self.route, self.kind = id_, route, kind
        self.content_type, self.body, self.chunks, self.auth = content_type_, body, chunks, auth

    def describe(self, limit=400):
        head = self.body[:limit]
        text = (f"case {self.id} → {self.route} ({self.kind}); Content-Type: {self.content_type!r}; "
                f"{len(self.body)} bytes{', chunked' if self.chunks else ''}; auth {self.auth}\n"
                f"      body (hex, first {len(head)} bytes): {head.hex()}")
        if len(self.body) > limit:
            text += f"\n      … last 48 bytes: {self.body[-48:].hex()}"
        return text


HIGH = bytes(range(0x80, 0x100))
INVALID_UTF8 = [b"\xf8", b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe4\xb8", b"\x80", b"\xfe\xff", b"\xf4\x90\x80\x80"]
ODD_BOUNDARIES = [b"", b" ", b"a b", b"  B  ", b"x" * 70, b"x" * 71, b"y" * 200, b"z" * 5000, b"\xf8\xff", b"B\x00B",
                  b"--", b"-", b"B;", b"B,C", b"=", b'"', b"'B'", "边界".encode(), b"B\tB", b"\\B"]


def high_bytes(rng, low=1, high=8):
    if rng.random() < 0.5:
        return rng.choice(INVALID_UTF8) * rng.randint(1, 3)
    return bytes(rng.choice(HIGH) for _ in range(rng.randint(low, high)))


def odd_header_name(rng):
    choice = rng.randrange(9)
    if choice == 0:
        return high_bytes(rng)
    if choice == 1:
        return b"X-" + high_bytes(rng) + b"-Y"
    if choice == 2:
        return b"Content-Disposition" + high_bytes(rng, 1, 2)
    if choice == 3:
        return b"Con\x00tent-Disposition" if rng.random() < 0.5 else b"\x00"
    if choice == 4:
        return b""
    if choice == 5:
        return b"Content Disposition"
    if choice == 6:
        return b"Content-Disposition " if rng.random() < 0.5 else b" Content-Disposition"
    if choice == 7:
        return "名字".encode()
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 12))).replace(b":", b"").replace(b"\r", b"").replace(b"\n", b"")


def odd_header_value(rng, part_name=b"file"):
    choice = rng.randrange(11)
    if choice == 0:
        return b'form-data; name="' + high_bytes(rng) + b'"'
    if choice == 1:
        return b'form-data; name="' + part_name + b'"; filename="' + high_bytes(rng) + b'.png"'
    if choice == 2:
        return b'form-data; name="' + part_name + b'\x00"'
    if choice == 3:
        return b'form-data; name="' + part_name + b'"\r\nX-Injected: 1'
    if choice == 4:
        return b'form-data; name="' + part_name + b'"\r\n\r\n'
    if choice == 5:
        return b'form-data; name="' + part_name + b'"\n folded: on'
    if choice == 6:
        return b"form-data; name=" + part_name + b"; name=" + part_name
    if choice == 7:
        return b'form-data; name="' + part_name + b"; filename*=UTF-8''%E8%AF%81.png"
    if choice == 8:
        return rng.choice([b"", b";", b"form-data", b"form-data;", b"form-data; name", b"form-data; name=", b'form-data; name="',
                           b'form-data; name=""', b"; ; ;=;==", b'form-data; name="a\\"b"'])
    if choice == 9:
        return high_bytes(rng, 1, 40)
    return b'form-data; name="' + part_name + b'"' + b"; x" * rng.randint(100, 3000)


def mutate_parts(rng, parts, boundary):
    """Structural mutations of a valid form; returns (kind, parts, boundary, serialize keyword arguments)."""
    options = {}
    kind = rng.choice(["header-name", "header-value", "extra-header", "drop-header", "crlf", "boundary-in-body",
                       "many-parts", "huge-headers", "nested", "preamble", "no-close", "duplicate-parts", "empty-parts",
                       "bare-lf", "no-headers", "high-content", "field-value", "field-value", "file-content", "file-content"])
    parts = [part.copy() for part in parts]
    target = rng.choice(parts) if parts else None
    if target is None:
        return "no-parts", parts, boundary, options
    found = re.search(rb'name="([^"]*)"', target.headers[0][1]) if target.headers else None
    name = found.group(1) if found else b"file"
    if kind == "header-name":
        index = rng.randrange(len(target.headers) + 1)
        if index < len(target.headers) and rng.random() < 0.5:
            target.headers[index] = (odd_header_name(rng), target.headers[index][1])
        else:
            target.headers.insert(index, (odd_header_name(rng), rng.choice([b"y", b"", high_bytes(rng)])))
    elif kind == "header-value":
        if target.headers:
            target.headers[0] = (target.headers[0][0], odd_header_value(rng, name))
    elif kind == "extra-header":
        target.headers.append(rng.choice([(b"Content-Type", high_bytes(rng)), (b"Content-Type", b"multipart/mixed"),
                                          (b"Content-Disposition", b'form-data; name="other"'), (b"X", b"\x00" * 8),
                                          (b"Content-Transfer-Encoding", b"base64"), (b"Content-Length", b"-1"),
                                          (b"Content-Length", b"99999999999999999999")]))
    elif kind == "drop-header":
        if target.headers:
            del target.headers[rng.randrange(len(target.headers))]
    elif kind == "crlf":
        index = rng.randrange(len(target.headers)) if target.headers else None
        if index is not None:
            header_name, value = target.headers[index]
            cut = rng.randrange(len(value) + 1)
            target.headers[index] = (header_name, value[:cut] + rng.choice([b"\r", b"\n", b"\r\n", b"\r\n\r\n", b"\n\n", b"\r\r"]) + value[cut:])
    elif kind == "boundary-in-body":
        pieces = [b"--" + boundary, b"\r\n--" + boundary, b"\r\n--" + boundary + b"--", b"\r\n--" + boundary[:-1],
                  b"\r\n--" + boundary + b"\r\n", b"--" + boundary + b"--\r\n", b"\r\n-", b"\r\n--", b"\r"]
        cut = rng.randrange(len(target.content) + 1)
        target.content = target.content[:cut] + rng.choice(pieces) + target.content[cut:]
    elif kind == "many-parts":
        count = rng.choice([100, 1000, 5000, 20000])
        parts += [field(rng.choice([name, b"x", b""]), b"v") for _ in range(count)]
    elif kind == "huge-headers":
        if rng.random() < 0.5:
            target.headers.append((b"X-Big", b"v" * rng.choice([8 * 1024, 64 * 1024, 1024 * 1024])))
        else:
            target.headers += [(b"X-H%d" % i, b"v") for i in range(rng.choice([100, 1000, 10000]))]
    elif kind == "nested":
        inner = b"inner" + bytes([rng.randrange(97, 123)])
        inner_parts = [part.copy() for part in parts] if rng.random() < 0.5 else [field("x", "y")]
        nested_boundary = rng.choice([inner, boundary])
        body = serialize(inner_parts, nested_boundary, close=rng.random() < 0.7)
        target.headers = [(b"Content-Disposition", b'form-data; name="' + name + b'"'),
                          (b"Content-Type", b"multipart/mixed; boundary=" + nested_boundary)]
        target.content = body
    elif kind == "preamble":
        options["preamble"] = rng.choice([b"\r\n", b"junk\r\n", b"--" + boundary[:-1] + b"\r\n", high_bytes(rng) + b"\r\n", b"--",
                                          b"--" + boundary + b"--\r\n"])
        options["epilogue"] = rng.choice([b"", b"trailing", b"--" + boundary + b"\r\n", b"\r\n\r\n", high_bytes(rng)])
    elif kind == "no-close":
        options["close"] = False
        options["epilogue"] = rng.choice([b"", b"--" + boundary, b"--" + boundary + b"-", b"--" + boundary + b"--",
                                          b"--" + boundary + b"\r\n"])
    elif kind == "duplicate-parts":
        parts += [target.copy() for _ in range(rng.randint(1, 5))]
    elif kind == "empty-parts":
        parts.insert(rng.randrange(len(parts) + 1), Part([], b""))
    elif kind == "bare-lf":
        options["eol"] = rng.choice([b"\n", b"\r", b"\n\r"])
    elif kind == "no-headers":
        target.headers = []
    elif kind == "high-content":
        target.content = high_bytes(rng, 1, 200) + target.content
    elif kind == "field-value":
        # What the services get once the form parses: odd field values.
        target.content = rng.choice([b"", b" ", b"\x00" * rng.randint(1, 64), high_bytes(rng, 1, 64), "字".encode() * rng.choice([10, 1000, 60000]),
                                     b"a" * rng.choice([100, 5000, 300 * 1024]), "😀\u200b\ufeff".encode(), b"\r\n", b"\t", b"'; --", b"%s%n",
                                     b"-1", b"99999999999999999999", b"1e309", b"null", b'{"a":1}', b"<script>", b"\\", b"\xef\xbf\xbd",
                                     rng.randbytes(rng.randint(1, 256))])
    elif kind == "file-content":
        # What the type sniffing (ScanType) and the services get: magic numbers with junk, empty, tiny, huge.
        magic = rng.choice([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\xff\xd8\xff\xe0", b"%PDF-", b"%PDF-1.7\n", b"\x89PNG", b"%PD", b"GIF89a",
                            b"PK\x03\x04", b""])
        # (Rarely megabytes: they take the gateway and the service seconds each in a debug build.)
        size = rng.choices([0, 1, 100, 4096, 100000, 1024 * 1024, 10 * 1024 * 1024 + 1], [10, 10, 20, 20, 10, 3, 1])[0]
        filler = rng.choice([b"0", b"\x00", b"\xff"]) * size if size > 4096 else rng.randbytes(size)
        target.content = magic + filler
    return kind, parts, boundary, options


def mutate_bytes(rng, body, boundary):
    body = bytearray(body)
    tokens = [b"\r\n", b"\r", b"\n", b"--", b"--" + boundary, b"\r\n--" + boundary, b":", b"\x00", b"\xff", b"\xf8", b'"',
              b";", b"=", b"\r\n\r\n", b"Content-Disposition: form-data; name=\"file\"\r\n"]
    for _ in range(rng.choice([1, 1, 2, 3, 8, 32])):
        operation = rng.randrange(6)
        position = rng.randrange(len(body) + 1)
        if operation == 0 and body:
            index = min(position, len(body) - 1)
            body[index] ^= 1 << rng.randrange(8)
        elif operation == 1:
            body[position:position] = rng.choice(tokens)
        elif operation == 2:
            body[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif operation == 3:
            del body[position:position + rng.randint(1, 64)]
        elif operation == 4:
            body[position:position] = body[max(0, position - rng.randint(1, 200)):position] * rng.randint(1, 4)
        else:
            body[position:position] = bytes([0x80 | rng.randrange(128)])
    return bytes(body)


def wrong_content_type(rng, boundary):
    return rng.choice([None, b"application/json", b"text/plain", b"application/x-www-form-urlencoded", b"multipart/mixed; boundary=" + boundary,
                       b"multipart/form-data", b"multipart/form-data;", b"multipart/form-data; boundary", b"multipart/form-data; boundary=",
                       b"multipart/form-data; charset=utf-8", b"Multipart/Form-Data; BOUNDARY=" + boundary,
                       b"multipart/form-data; boundary = " + boundary, b'multipart/form-data; boundary="' + boundary + b'"',
                       b"multipart/form-data; boundary=" + boundary + b"; boundary=other", b"multipart/form-data; boundary=" + high_bytes(rng),
                       b"multipart/form-data; boundary=" + boundary + b"; charset=" + high_bytes(rng),
                       b"multipart/form-data" + high_bytes(rng) + b"; boundary=" + boundary, b"multipart/form-datax; boundary=" + boundary,
                       b"application/pdf", b"image/png", b"image/jpeg", high_bytes(rng)])


def random_case(id_, rng, routes):
    """A seeded random case: mostly a mutated valid form, sometimes random bytes or a wrong type."""
    route = rng.choice(routes)
    boundary = rng.choice([b"----fuzz" + str(rng.randrange(10 ** 9)).encode(), b"B", b"x" * rng.randint(1, 70),
                           rng.choice(ODD_BOUNDARIES)])
    form = valid_form(route, rng)
    choice = rng.random()
    header = content_type(boundary)
    if choice < 0.05:
        kind, body = "valid", serialize(form, boundary)
    elif choice < 0.45:
        kind, parts, boundary, options = mutate_parts(rng, form, boundary)
        body = serialize(parts, boundary, **options)
        if rng.random() < 0.2:
            body = mutate_bytes(rng, body, boundary)
            kind += "+bytes"
    elif choice < 0.75:
        kind, body = "bytes", mutate_bytes(rng, serialize(form, boundary), boundary)
    elif choice < 0.82:
        kind, body = "truncated", serialize(form, boundary)
        body = body[:rng.randrange(len(body))]
    elif choice < 0.9:
        size = rng.choice([0, 1, 16, 256, 4096, 65536])
        kind, body = "random", (b"--" + boundary + b"\r\n" if rng.random() < 0.5 else b"") + rng.randbytes(size)
    else:
        kind, body = "content-type", serialize(form, boundary)
        header = wrong_content_type(rng, boundary)
        if rng.random() < 0.3:
            body = rng.choice([PDF, seed_demo.licence_png("x"), b"", rng.randbytes(100)])
    chunks = None
    if rng.random() < 0.15 and body:
        chunks = sorted(rng.sample(range(1, len(body) + 1), min(len(body), rng.randint(1, 8))))
    auth = rng.choices(["token", "none", "bad"], [85, 10, 5])[0]
    return Case(id_, route, kind, header, body, chunks, auth)


def fixed_cases(routes):
    """The hand-picked corpus: each entry goes to every route (ids fixed-N-route)."""
    b = b"fixedB"
    ok = [field("name", "测试"), file_part("file", "a.pdf", "application/pdf", PDF)]
    licence = [file_part("licence", "l.png", "image/png", seed_demo.licence_png("l"))]
    entries = [
        ("known-crash", content_type(b"B"), KNOWN_CRASH),
        ("high-name-first", content_type(b), b"--" + b + b"\r\n\xff: y\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nz\r\n--" + b + b"--\r\n"),
        ("high-name-after", content_type(b), serialize([Part([(b"Content-Disposition", b'form-data; name="file"'), (b"\xe4\xb8\xad", b"v")], PDF)], b)),
        ("high-name-mixed", content_type(b), serialize([Part([(b"Content-\xc3\xa9isposition", b'form-data; name="file"')], PDF)], b)),
        ("invalid-utf8-name", content_type(b), serialize([Part([(b"\xc0\x80", b"v"), (b"Content-Disposition", b'form-data; name="file"')], PDF)], b)),
        ("high-value", content_type(b), serialize([Part([(b"Content-Disposition", b'form-data; name="\xff\xfe"; filename="\xf8.pdf"')], PDF)], b)),
        ("high-field-names", content_type(b), serialize([field(b"\xf8\xf8", b"\xff")] + ok, b)),
        ("nul-name", content_type(b), serialize([Part([(b"\x00", b"v"), (b"Content-Disposition", b'form-data; name="file"')], PDF)], b)),
        ("nul-value", content_type(b), serialize([Part([(b"Content-Disposition", b'form-data; name="fi\x00le"')], PDF)], b)),
        ("crlf-in-value", content_type(b), serialize([Part([(b"Content-Disposition", b'form-data; name="file"\r\nContent-Type: text/html')], PDF)], b)),
        ("bare-lf", content_type(b), serialize(ok, b, eol=b"\n")),
        ("bare-cr", content_type(b), serialize(ok, b, eol=b"\r")),
        ("folded-header", content_type(b), b"--" + b + b"\r\nContent-Disposition: form-data;\r\n name=\"file\"\r\n\r\nz\r\n--" + b + b"--\r\n"),
        ("no-colon", content_type(b), b"--" + b + b"\r\nContent-Disposition form-data\r\n\r\nz\r\n--" + b + b"--\r\n"),
        ("empty-name", content_type(b), b"--" + b + b"\r\n: v\r\n\r\nz\r\n--" + b + b"--\r\n"),
        ("colon-only-lines", content_type(b), b"--" + b + b"\r\n:\r\n::\r\n\r\nz\r\n--" + b + b"--\r\n"),
        ("empty-body", content_type(b), b""),
        ("close-only", content_type(b), b"--" + b + b"--\r\n"),
        ("open-only", content_type(b), b"--" + b + b"\r\n"),
        ("headers-unterminated", content_type(b), b"--" + b + b"\r\nContent-Disposition: form-data; name=\"file\""),
        ("no-close", content_type(b), serialize(ok, b, close=False)),
        ("close-no-crlf", content_type(b), serialize(ok, b)[:-2]),
        ("close-dash", content_type(b), serialize(ok, b, close=False) + b"--" + b + b"-"),
        ("boundary-in-body", content_type(b), serialize([field("file", b"a\r\n--" + b + b"b")], b)),
        ("boundary-prefix-in-body", content_type(b), serialize([field("file", b"a\r\n--" + b[:-1] + b"\r\n--" + b[:3])], b)),
        ("preamble-epilogue", content_type(b), serialize(ok, b, preamble=b"preamble\r\n", epilogue=b"epilogue\xff")),
        ("first-boundary-late", content_type(b), b"xx--" + b + b"\r\n" + serialize(ok, b)),
        ("long-boundary", content_type(b"L" * 5000), serialize(ok, b"L" * 5000)),
        ("boundary-71", content_type(b"M" * 71), serialize(ok, b"M" * 71)),
        ("quoted-boundary", b'multipart/form-data; boundary="a b c"', serialize(ok, b"a b c")),
        ("quoted-empty-boundary", b'multipart/form-data; boundary=""', serialize(ok, b"")),
        ("empty-boundary", b"multipart/form-data; boundary=", serialize(ok, b"")),
        ("space-boundary", b"multipart/form-data; boundary= ", serialize(ok, b" ")),
        ("high-boundary", b"multipart/form-data; boundary=\xf8\xff", serialize(ok, b"\xf8\xff")),
        ("no-boundary", b"multipart/form-data", serialize(ok, b)),
        ("other-boundary", content_type(b"other"), serialize(ok, b)),
        ("nested", content_type(b), serialize([Part([(b"Content-Disposition", b'form-data; name="file"'),
                                                    (b"Content-Type", b"multipart/mixed; boundary=inner")],
                                                   serialize([file_part("file", "a.pdf", "application/pdf", PDF)], b"inner"))], b)),
        ("nested-same-boundary", content_type(b), serialize([Part([(b"Content-Type", b"multipart/mixed; boundary=" + b)], serialize(ok, b))], b)),
        ("many-parts", content_type(b), serialize([field("x", "v") for _ in range(20000)] + ok, b)),
        ("many-headers", content_type(b), serialize([Part([(b"X-%d" % i, b"v") for i in range(10000)] + ok[1].headers, PDF)], b)),
        ("huge-header", content_type(b), serialize([Part([(b"X-Big", b"v" * (2 * 1024 * 1024))] + ok[1].headers, PDF)], b)),
        ("huge-header-name", content_type(b), serialize([Part([(b"N" * (1024 * 1024), b"v")] + ok[1].headers, PDF)], b)),
        ("json-type", b"application/json", serialize(ok, b)),
        ("no-type", None, serialize(ok, b)),
        ("form-with-licence", content_type(b), serialize(ok + licence, b)),
        ("over-limit", content_type(b), serialize([file_part("file", "big.pdf", "application/pdf", PDF + b"0" * UPLOAD_LIMIT)], b)),
        ("at-limit", content_type(b), at_limit(b)),
        # Work a parser might do per byte times the boundary's length: near-misses of a long boundary, floods of dashes and line ends.
        ("near-boundary-flood", content_type(b"N" * 70), serialize([field("file", (b"\r\n--" + b"N" * 69) * 50000)], b"N" * 70)),
        ("dash-flood", content_type(b), serialize([field("file", b"-" * (4 * 1024 * 1024))], b)),
        ("crlf-flood", content_type(b), serialize([field("file", b"\r\n" * (2 * 1024 * 1024))], b)),
        ("endless-headers", content_type(b), b"--" + b + b"\r\n" + b"X-A: b\r\n" * (1024 * 1024)),
        ("endless-header-line", content_type(b), b"--" + b + b"\r\nX-A: " + b"b" * (8 * 1024 * 1024)),
        ("boundary-flood", content_type(b), (b"--" + b + b"\r\n") * 200000 + b"--" + b + b"--\r\n"),
    ]
    # The big ones (a megabyte or more) go to one route each, in turn: the routes share the parser.
    cases = [Case(f"fixed-{index}-{route}", route, kind, header, body)
             for index, (kind, header, body) in enumerate(entries)
             for route in (routes if len(body) < 1024 * 1024 else [routes[index % len(routes)]])]
    # Every way to cut a small form short, and every byte of it replaced by one that a parser
    # might trip on; one route each (they share the parser), in turn.
    small = serialize([file_part("file", "a.pdf", "application/pdf", b"%PDF-z")], b"B")
    sweep = [("cut", small[:length]) for length in range(len(small))]
    sweep += [(f"byte{value:02x}", small[:position] + bytes([value]) + small[position + 1:])
              for value in (0x00, 0x0A, 0x0D, 0x80, 0xF8, 0xFF) for position in range(len(small))]
    for index, (kind, body) in enumerate(sweep):
        cases.append(Case(f"sweep-{index}", routes[index % len(routes)], kind, content_type(b"B"), body))
    # Each route's valid form, and the employer's with a name of NULs (the form parses; the
    # services must refuse it, not fail), before the valid one changes the employer's status.
    for route in routes:
        form = valid_form(route, random.Random("fixed-" + route))
        if any(b'name="name"' in part.headers[0][1] for part in form):
            nul = [part.copy() for part in form]
            for part in nul:
                if b'name="name"' in part.headers[0][1]:
                    part.content = b"\x00" * 8
            cases.append(Case(f"form-nul-name-{route}", route, "nul-name", content_type(b), serialize(nul, b)))
        cases.append(Case(f"form-valid-{route}", route, "valid", content_type(b), serialize(form, b)))
    # A text field of 6 MB of invalid UTF-8: three times that once decoded (U+FFFD), more than
    # one RPC frame may carry.
    form = valid_form("registration", random.Random("fixed-big-field"))
    for part in form:
        if b'name="contactPhone"' in part.headers[0][1]:
            part.content = b"\xff" * (6 * 1024 * 1024)
    cases.append(Case("form-huge-invalid-utf8-field-registration", "registration", "huge-field", content_type(b), serialize(form, b)))
    return cases


def at_limit(boundary):
    """A form exactly as long as the gateway takes (one more byte and it is too large)."""
    empty = serialize([file_part("file", "big.pdf", "application/pdf", b"")], boundary)
    return serialize([file_part("file", "big.pdf", "application/pdf", PDF + b"0" * (UPLOAD_LIMIT - len(empty) - len(PDF)))], boundary)


ROUTES = {
    "verification": "/api/v1/agreement-verifications",
    "registration": "/api/v1/employers",
    "resubmission": "/api/v1/employer/resubmission",
    "attachments": "/api/v1/attachments",
    "archive-import": "/api/v1/archive-import-previews",
}


# Sending ----------------------------------------------------------------------------------

class Outcome:
    def __init__(self, status=None, body=b"", error=None, refused=False, cut_off=False):
        self.status, self.body, self.error, self.refused, self.cut_off = status, body, error, refused, cut_off
        self.seconds = 0.0

    @property
    def failed(self):
        return self.error is not None or (self.status is not None and self.status >= 500)

    def describe(self):
        if self.error is not None:
            return f"no answer: {self.error}"
        return f"HTTP {self.status}: {self.body[:600].decode(errors='replace')}"


def send(port, case, token, rng):
    """One request on a new connection; the answer, or what went wrong, and how long it took."""
    began = time.monotonic()
    outcome = _send(port, case, token, rng)
    outcome.seconds = time.monotonic() - began
    return outcome


def _send(port, case, token, rng):
    # A body of megabytes gets longer: a debug build on a busy machine moves 10 MiB through
    # the gateway and a service in seconds. A hang still shows.
    timeout = REQUEST_TIMEOUT + 3 * len(case.body) / (1024 * 1024)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=source_address(rng))
    try:
        try:
            connection.connect()
        except OSError as error:
            return Outcome(error=f"connect: {error!r}", refused=True)
        connection.putrequest("POST", ROUTES[case.route], skip_accept_encoding=True)
        if case.content_type is not None:
            connection.putheader("Content-Type", case.content_type)
        if case.auth == "token" and token:
            connection.putheader("Authorization", "Bearer " + token)
        elif case.auth == "bad":
            connection.putheader("Authorization", "Bearer not.a.token")
        if case.chunks:
            connection.putheader("Transfer-Encoding", "chunked")
        else:
            connection.putheader("Content-Length", str(len(case.body)))
        connection.endheaders()
        send_error = None
        try:
            if case.chunks:
                start = 0
                for end in case.chunks + [len(case.body)]:
                    if end > start:
                        piece = case.body[start:end]
                        connection.send(b"%x\r\n" % len(piece) + piece + b"\r\n")
                        start = end
                connection.send(b"0\r\n\r\n")
            else:
                connection.send(case.body)
        except (BrokenPipeError, ConnectionResetError) as error:
            send_error = error     # perhaps an early answer (a body over the limit): read it
        try:
            response = connection.getresponse()
            body = response.read()
            return Outcome(status=response.status, body=body)
        except (OSError, http.client.HTTPException) as error:
            if send_error is not None and len(case.body) > UPLOAD_LIMIT:
                return Outcome(cut_off=True)    # the gateway may stop reading a body over the limit
            return Outcome(error=f"{'sending: ' + repr(send_error) + '; ' if send_error else ''}reading: {error!r}")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(error=repr(error))
    finally:
        connection.close()


# The test ------------------------------------------------------------------------------------

def is_api_error(outcome):
    """The API's error body: {"error": {"code", "message", …}} with a Chinese message."""
    try:
        error = json.loads(outcome.body)["error"]
        return isinstance(error["code"], str) and re.search(r"[\u4e00-\u9fff]", error["message"]) is not None
    except (ValueError, KeyError, TypeError):
        return False


class MultipartFuzzTest(RunShTestCase):
    test_seconds = FUZZ_SECONDS + 150   # the whole test, whatever hangs
    folder_prefix = "multipart-fuzz-"

    def environment(self):
        # A crash's backtrace: only the crashing thread (symbolicating every thread of a debug
        # build can take longer than a request's timeout).
        environment = super().environment()
        environment.setdefault("SWIFT_BACKTRACE", "threads=crashed,images=none,registers=none")
        return environment

    def setUp(self):
        self.seed = int(os.environ.get("MULTIPART_FUZZ_SEED") or random.randrange(1 << 32))
        print(f"\n  MULTIPART_FUZZ_SEED={self.seed} ({BIN_DIR})", file=sys.stderr)
        self.start_system()

    def gateway_pid(self):
        return self.pid_of("gateway")

    def gateway_changed(self):
        """True once the gateway the test started with is gone (run.sh's pid file or its log says so)."""
        pid = self.gateway_pid()
        return pid != self.first_pid or not running(self.first_pid) or "died" in self.run_log()

    def recovered(self):
        """Waits until a (restarted) gateway answers /health; then it is the one to watch."""
        back = self.poll_until(lambda: self.gateway_pid() is not None and status_of(self.base + "/health") == 200,
                               RECOVERY_SECONDS, "the gateway is back")
        self.current_pid = self.gateway_pid()
        return back

    def crash_lines(self):
        path = self.data / "gateway.log"
        return len(CRASH.findall(path.read_text(errors="replace"))) if path.exists() else 0

    def settle(self):
        """After a request that got no answer: True once the gateway has died and run.sh's next
        one answers /health, False if it answers /alive and no crash was logged meanwhile. A
        crashing Swift process writes its backtrace first (seconds for a debug build), so a
        logged crash is waited out."""
        deadline = time.monotonic() + RECOVERY_SECONDS
        while time.monotonic() < deadline:
            if self.current_gateway_died():
                if not self.recovered():
                    self.fail(f"the gateway did not come back within {RECOVERY_SECONDS} s")
                self.logged_crashes = self.crash_lines()
                return True
            if self.crash_lines() == self.logged_crashes and status_of(self.base + "/alive", 1) == 200:
                return False
            time.sleep(0.2)
        self.fail(f"the gateway (pid {self.current_pid}) neither answers /alive nor dies within {RECOVERY_SECONDS} s")

    def current_gateway_died(self):
        pid = self.gateway_pid()
        return pid != self.current_pid or not running(self.current_pid)

    # Set-up: tokens ---------------------------------------------------------------------------

    def tokens(self):
        """A school admin (staff) for attachments and a rejected employer for resubmission."""
        operator_password = (self.data / "operator-password").read_text().strip()
        operator = seed_demo.sign_in(self.base, "platformOperator", "operator", operator_password)["accessToken"]
        created = seed_demo.call(self.base, "POST", "/api/v1/schools", {
            "code": "10001", "name": "模糊测试大学", "adminUsername": "admin", "adminDisplayName": "张主任"}, operator)
        password = seed_demo.first_sign_in(self.base, "10001", "admin", created["initialPassword"])
        staff = seed_demo.sign_in(self.base, "staff", "admin", password, "10001")["accessToken"]
        code = seed_demo.credit_code("91110108MA01FUXX1")
        employer_password = "Fuzz2024abc1"
        header, body = seed_demo.multipart({
            "creditCode": code, "name": "模糊测试用人单位有限公司", "nature": "39", "industry": "I", "regionCode": "110108",
            "address": "北京市海淀区测试路1号", "contactName": "人事部", "contactPhone": "13910000000", "email": "hr@example.com",
            "password": employer_password}, {"licence": ("营业执照.png", "image/png", seed_demo.licence_png(code))})
        employer = seed_demo.call(self.base, "POST", "/api/v1/employers", body, None, header)
        seed_demo.call(self.base, "POST", f"/api/v1/employers/{employer['id']}/reject", {"reason": "营业执照不清晰"}, operator)
        employer_token = seed_demo.sign_in(self.base, "employer", code, employer_password)["accessToken"]
        self.operator, self.employer_id = operator, employer["id"]
        return {"verification": None, "registration": None, "resubmission": employer_token, "attachments": staff,
                "archive-import": staff}

    # The fuzzing -----------------------------------------------------------------------------

    def record(self, case, outcome, counts, failures, notes):
        with self.lock:
            self.slowest = sorted(self.slowest + [(outcome.seconds, case.id, case.kind, case.route, len(case.body))], reverse=True)[:3]
            key = (case.route, "cut off" if outcome.cut_off else outcome.status if outcome.status is not None else "error")
            counts[key] = counts.get(key, 0) + 1
            if outcome.failed:
                failures.append((case, outcome))
            elif (outcome.status is not None and outcome.status >= 400 and not is_api_error(outcome) and len(notes) < 5
                  and not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", case.content_type or b"")):   # (the HTTP parser's own 400)
                notes.append((case, outcome))

    def sequential(self, cases, tokens, counts, failures, notes, crashes):
        """Each case on its own; a case that kills the gateway is not sent to the other routes."""
        killers = set()
        sent = 0
        for case in cases:
            kind = case.id.rsplit("-", 1)[0] if case.id.startswith("fixed-") else case.id
            if kind in killers or len(crashes) >= MAX_CRASHES:
                continue
            outcome = send(self.gateway_port, case, tokens[case.route], random.Random(case.id))
            sent += 1
            self.record(case, outcome, counts, failures, notes)
            if (outcome.error is not None or self.current_gateway_died()) and self.settle():
                crashes.append(case)
                killers.add(kind)
        return sent

    def threaded(self, tokens, routes, counts, failures, notes, crashes):
        """Workers send random cases until the time is up; a crash pauses them, and the cases
        that were in flight are replayed one at a time to find the one that kills the gateway."""
        deadline = time.monotonic() + FUZZ_SECONDS
        going = threading.Event()
        going.set()
        stop = threading.Event()
        in_flight = {}
        suspects = []
        sent = [0]

        def work(worker):
            index = 0
            while not stop.is_set() and time.monotonic() < deadline:
                going.wait()
                if stop.is_set():
                    break
                case_id = f"{worker}.{index}"
                rng = random.Random(f"{self.seed}/{case_id}")
                index += 1
                case = random_case(case_id, rng, routes)
                with self.lock:
                    in_flight[worker] = case
                outcome = send(self.gateway_port, case, tokens[case.route], rng)
                with self.lock:
                    del in_flight[worker]
                    sent[0] += 1
                self.record(case, outcome, counts, failures, notes)
                if outcome.error is not None and not outcome.refused:
                    with self.lock:
                        suspects.append(case)
                        going.clear()

        def reject_again():
            """The employer back to 未通过 (it may resubmit only then); 409 when it already is."""
            while not stop.is_set() and time.monotonic() < deadline:
                request = urllib.request.Request(
                    f"{self.base}/api/v1/employers/{self.employer_id}/reject", data=json.dumps({"reason": "请重新上传营业执照"}).encode(), method="POST",
                    headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.operator})
                try:
                    urllib.request.urlopen(request, timeout=5).close()
                except OSError:
                    pass
                time.sleep(0.3)

        threads = [threading.Thread(target=work, args=(worker,), daemon=True) for worker in range(WORKERS)]
        threads.append(threading.Thread(target=reject_again, daemon=True))
        for thread in threads:
            thread.start()
        try:
            while any(thread.is_alive() for thread in threads):
                time.sleep(0.05)
                if going.is_set():
                    continue
                # A request got no answer: let the others in flight finish (they time out at worst).
                while True:
                    with self.lock:
                        if not in_flight:
                            break
                    time.sleep(0.05)
                with self.lock:
                    candidates, suspects[:] = list(suspects), []
                if self.settle():
                    for case in candidates:
                        outcome = send(self.gateway_port, case, tokens[case.route], random.Random(case.id))
                        if (outcome.error is not None or self.current_gateway_died()) and self.settle():
                            crashes.append(case)    # one killer per crash is enough
                            break
                    else:
                        crashes.append(None)    # not reproduced one at a time
                if len(crashes) >= MAX_CRASHES:
                    stop.set()
                going.set()
        finally:
            stop.set()
            going.set()
            for thread in threads:
                thread.join()
        return sent[0]

    def test_no_multipart_body_answers_5xx_or_kills_the_gateway(self):
        self.lock = threading.Lock()
        self.slowest = []
        self.first_pid = self.current_pid = self.gateway_pid()
        self.logged_crashes = self.crash_lines()
        self.assertIsNotNone(self.first_pid, "run.sh writes gateway.pid")
        began = time.monotonic()
        tokens = self.tokens()
        routes = list(ROUTES)
        counts, failures, notes, crashes = {}, [], [], []
        fixed = fixed_cases(routes)
        if ONLY:
            cases = [case for case in fixed if case.id == ONLY]
            if not cases:
                cases = [random_case(ONLY, random.Random(f"{self.seed}/{ONLY}"), routes)]
            sent = self.sequential(cases, tokens, counts, failures, notes, crashes)
        else:
            fixed_sent = self.sequential(fixed, tokens, counts, failures, notes, crashes) if FIXED else 0
            fixed_done = time.monotonic()
            print(f"  fixed corpus: {fixed_sent} of {len(fixed)} requests in {fixed_done - began:.1f} s (with set-up)", file=sys.stderr)
            sent = 0
            if len(crashes) < MAX_CRASHES:
                sent = self.threaded(tokens, routes, counts, failures, notes, crashes)
            print(f"  random cases: {sent} requests in {time.monotonic() - fixed_done:.1f} s, {WORKERS} at once"
                  f"{'' if SOURCES else ' (one source address: expect 429s)'}", file=sys.stderr)
        summary = ", ".join(f"{route} {status}×{count}" for (route, status), count in sorted(counts.items(), key=str))
        print(f"  answers: {summary}", file=sys.stderr)
        print("  slowest: " + ", ".join(f"{seconds:.2f} s {id_} ({kind} → {route}, {size} bytes)"
                                        for seconds, id_, kind, route, size in self.slowest), file=sys.stderr)
        for case, outcome in notes:
            print(f"  note: a 4xx that is not the API's error body with a Chinese message: {outcome.describe()}\n    {case.describe(80)}",
                  file=sys.stderr)

        problems = []
        for case in crashes:
            problems.append("the gateway died on " + (case.describe() if case else "cases sent at once (not reproduced one at a time)"))
        shown = 0
        # 5xx answers first, then connections that broke, then refused ones (the gateway was down).
        failures.sort(key=lambda failure: (failure[1].error is not None, failure[1].refused))
        for case, outcome in failures:
            if shown < 12:
                problems.append(f"{outcome.describe()}\n    {case.describe()}")
            shown += 1
        if shown > 12:
            problems.append(f"… {shown - 12} more failed requests")
        time.sleep(0.5)
        if self.gateway_changed():
            problems.append(f"the gateway is not the process it was (pid {self.first_pid} at the start, now {self.gateway_pid()})")
        died = [line for line in self.run_log().splitlines() if "died" in line]
        if died:
            problems.append("run.log: " + " | ".join(died[:6]))
        if status_of(self.base + "/health", seconds=5) != 200:
            problems.append("/health is not 200 at the end")
        for service in SERVICES:
            path = self.data / f"{service}.log"
            text = path.read_text(errors="replace") if path.exists() else ""
            match = CRASH.search(text)
            if match:
                start = text.rfind("\n", 0, max(0, match.start() - 200)) + 1
                problems.append(f"{service}.log shows a crash:\n" + text[start:match.end() + 1500])
        if problems:
            self.fail(f"MULTIPART_FUZZ_SEED={self.seed}: {len(failures)} failed requests, {len(crashes)} crash(es)\n  - "
                      + "\n  - ".join(problems))
        print(f"  no 5xx, no crash; the gateway (pid {self.first_pid}) ran throughout; {time.monotonic() - began:.1f} s", file=sys.stderr)
        self.passed = True


if __name__ == "__main__":
    unittest.main()
