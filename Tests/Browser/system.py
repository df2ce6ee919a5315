"""Starts the real system for the browser tests: the accounts and gateway executables on
free loopback ports with a fresh data folder, and stops them afterwards.

The executables come from GRADUATE_BIN_DIR, or the debug build folder.
"""
import hashlib
import importlib.util
import os
import pathlib
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPERATOR_PASSWORD = "Operator2024"
# What a test types into a captcha it was shown, once answer_captcha has made it the answer.
CAPTCHA_ANSWER = "ABCDE"

# The demo seeder's API helpers (call, sign_in, id_number): one copy for scripts and tests.
_spec = importlib.util.spec_from_file_location("seed_demo", ROOT / "scripts" / "seed-demo.py")
seed_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed_demo)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class System:
    """accounts + esigning + archive + gateway, as separate processes talking over TCP."""

    def __init__(self):
        bin_dir = os.environ.get("GRADUATE_BIN_DIR") or str(ROOT / ".build" / "debug")
        self.bin = pathlib.Path(bin_dir)
        self.data = tempfile.mkdtemp(prefix="browser-tests-")
        self.accounts_port = free_port()
        self.esigning_port = free_port()
        self.archive_port = free_port()
        self.gateway_port = free_port()
        self.base = f"http://127.0.0.1:{self.gateway_port}"
        self.processes = []

    def start(self):
        for service in ("accounts", "esigning", "archive"):
            os.makedirs(os.path.join(self.data, service), exist_ok=True)
        # The services' shared secret for their service tokens (esigning's deliveries to archive).
        secret = os.path.join(self.data, "service-secret")
        with open(secret, "w") as file:
            file.write(os.urandom(24).hex())
        secret_flag = ["--service-secret-file", secret]
        self._spawn("accounts", ["--data-dir", os.path.join(self.data, "accounts"), "--port", str(self.accounts_port),
                                 "--esigning-address", f"127.0.0.1:{self.esigning_port}",
                                 "--archive-address", f"127.0.0.1:{self.archive_port}",
                                 "--operator-password", OPERATOR_PASSWORD, *secret_flag])
        self._spawn("esigning", ["--data-dir", os.path.join(self.data, "esigning"), "--port", str(self.esigning_port),
                                 "--accounts-address", f"127.0.0.1:{self.accounts_port}", "--public-url", self.base,
                                 "--archive-address", f"127.0.0.1:{self.archive_port}", *secret_flag])
        self._spawn("archive", ["--data-dir", os.path.join(self.data, "archive"), "--port", str(self.archive_port),
                                "--accounts-address", f"127.0.0.1:{self.accounts_port}", *secret_flag])
        # The tests sign in often from one address: a generous limit keeps them from a 429.
        self._spawn("gateway", ["--port", str(self.gateway_port), "--accounts-address", f"127.0.0.1:{self.accounts_port}",
                                "--esigning-address", f"127.0.0.1:{self.esigning_port}",
                                "--archive-address", f"127.0.0.1:{self.archive_port}", "--sign-in-per-minute", "10000"])
        wait_for(self.base + "/health")
        return self

    def _spawn(self, name, arguments):
        with open(os.path.join(self.data, name + ".log"), "wb") as log:
            self.processes.append(subprocess.Popen([str(self.bin / name), *arguments], stdout=log, stderr=log))

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    # API shortcuts for setting up what a test is not about.
    def api(self, method, path, body=None, token=None, content_type="application/json"):
        return seed_demo.call(self.base, method, path, body, token, content_type)

    def sign_in(self, kind, identifier, password, school=None):
        return seed_demo.sign_in(self.base, kind, identifier, password, school)["accessToken"]

    def when_synced(self, method, path, body, token, seconds=20):
        """A call that needs accounts' data to have reached esigning (events are asynchronous)."""
        return seed_demo.call(self.base, method, path, body, token, wait_for_sync=seconds)

    def operator_token(self):
        return self.sign_in("platformOperator", "operator", OPERATOR_PASSWORD)

    # Captchas. A person reads the image; a test cannot, and the executables have no fixed
    # answer. So the test rewrites the stored answer of the very captcha its page was shown
    # (accounts keeps captcha (id, answer_hash, expires_at_ms) in its SQLite database, the hash
    # being SHA-256 of the answer trimmed and upper-cased: Accounts+SignIn.swift, captchaHash),
    # and the real server then checks the typed answer as it would a person's:
    #
    #     before = system.captcha_ids()
    #     ... the page fetches and shows a captcha (wait for its image) ...
    #     system.answer_captcha(before)          # then type CAPTCHA_ANSWER into the form
    #
    # Only accounts creates captcha rows, and a module's tests run one at a time, so the one
    # row new since `before` is the page's; more than one (or none) fails the test.

    def accounts_database(self):
        """A connection to the running accounts service's database (WAL: a short write while it
        runs is fine; the busy timeout waits out a write of its own)."""
        database = sqlite3.connect(os.path.join(self.data, "accounts", "accounts.sqlite"), timeout=10)
        database.execute("PRAGMA busy_timeout = 10000")
        return database

    def captcha_ids(self):
        """The ids of the captchas stored now (taken before the page fetches the one to answer)."""
        database = self.accounts_database()
        try:
            return {row[0] for row in database.execute("SELECT id FROM captcha")}
        finally:
            database.close()

    def answer_captcha(self, before, answer=CAPTCHA_ANSWER, seconds=10):
        """Makes `answer` the answer of the one unexpired captcha created since `before` (a set of
        captcha_ids()); answers its id."""
        deadline = time.monotonic() + seconds
        database = self.accounts_database()
        try:
            while True:
                now_ms = int(time.time() * 1000)
                rows = database.execute("SELECT id FROM captcha WHERE expires_at_ms > ? ORDER BY expires_at_ms DESC",
                                        (now_ms,)).fetchall()
                new = [row[0] for row in rows if row[0] not in before]
                if new or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            if len(new) != 1:
                raise AssertionError(f"expected one captcha created since the page loaded, found {len(new)}")
            digest = hashlib.sha256(answer.strip().upper().encode("utf-8")).digest()
            with database:
                changed = database.execute("UPDATE captcha SET answer_hash = ? WHERE id = ?", (digest, new[0])).rowcount
            if changed != 1:
                raise AssertionError("the captcha was used up before its answer could be set")
            return new[0]
        finally:
            database.close()
