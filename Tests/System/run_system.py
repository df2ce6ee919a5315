"""What the tests that run the whole system through `scripts/run.sh` share: the executables,
the demo seeder's API helpers, free ports, and a test case that starts run.sh in its own
process group with its own data folder and stops it afterwards — also when the test is
stopped (SIGTERM from scripts/test.sh's timeout) or the interpreter exits without the test's
clean-up (stderr a closed pipe makes unittest's own report raise out of TestCase.run).

Not a test module itself (its name does not match test_*.py). Standard library only.
"""
import atexit
import importlib.util
import os
import pathlib
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN_DIR = pathlib.Path(os.path.abspath(os.environ.get("GRADUATE_BIN_DIR") or ROOT / ".build" / "debug"))
SERVICES = ("accounts", "esigning", "archive", "gateway")

# The demo seeder's API helpers (call, sign_in, first_sign_in, id_number, credit_code, …).
_spec = importlib.util.spec_from_file_location("seed_demo", ROOT / "scripts" / "seed-demo.py")
seed_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed_demo)

# Every run.sh started here, so that none outlives the test.
_groups = set()


def stop_group(process, seconds=10):
    """SIGTERM to run.sh's whole process group, then SIGKILL to whatever is left after `seconds`."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + seconds
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _groups.discard(process)


def _stop_all():
    for process in list(_groups):
        stop_group(process)


def _stop_on_sigterm(signum, frame):
    _stop_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


signal.signal(signal.SIGTERM, _stop_on_sigterm)
atexit.register(_stop_all)


def free_ports():
    """A base port with the next two free too (accounts, esigning, archive) and a gateway port, all
    below the ephemeral range so that nothing else grabs them before the services bind."""
    def free(port):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return True
            except OSError:
                return False
    while True:
        base, gateway = random.randrange(20000, 30000), random.randrange(20000, 30000)
        if gateway not in (base, base + 1, base + 2) and free(base) and free(base + 1) and free(base + 2) and free(gateway):
            return base, gateway


def status_of(url, seconds=2):
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def running(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class RunShTestCase(unittest.TestCase):
    """A test of the system as `scripts/run.sh --bin-dir …` starts it. `start_system()` (from
    setUp) starts it and waits for the gateway's /health; it is stopped at clean-up, and its
    output and data folder are kept (and the end of its output printed) when the test did not
    set `self.passed`."""
    test_seconds = 240      # the whole test, whatever hangs
    start_seconds = 90      # run.sh up and the gateway's /health 200 (debug executables)
    folder_prefix = "system-test-"
    run_sh_arguments = []   # more of run.sh's options (e.g. --demo)

    def environment(self):
        # The tests sign in (and register employers) far more often than the gateway's default
        # per-address limit allows.
        return dict(os.environ, GATEWAY_SIGN_IN_PER_MINUTE="10000")

    def start_system(self):
        signal.signal(signal.SIGALRM, self._time_is_up)
        signal.alarm(int(self.test_seconds))
        self.addCleanup(signal.alarm, 0)
        self.passed = False
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix=self.folder_prefix))
        self.data = self.folder / "data"
        self.base_port, self.gateway_port = free_ports()
        self.base = f"http://127.0.0.1:{self.gateway_port}"
        self.output_path = self.folder / "run.sh-output.txt"
        output = open(self.output_path, "wb")
        self.addCleanup(output.close)
        self.run_sh = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh"), "--bin-dir", str(BIN_DIR), "--data-dir", str(self.data),
             "--base-port", str(self.base_port), "--port", str(self.gateway_port)] + self.run_sh_arguments,
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=self.environment(),
            start_new_session=True,
        )
        _groups.add(self.run_sh)
        self.addCleanup(self.clean_up)
        self.wait_until(lambda: status_of(self.base + "/health") == 200, self.start_seconds, "the gateway's /health is 200")

    def _time_is_up(self, signum, frame):
        raise TimeoutError(f"the test took more than {self.test_seconds:.0f} s")

    def clean_up(self):
        stop_group(self.run_sh)
        if self.passed:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            print(f"\nrun.sh's output and the data folder are kept in {self.folder}; run.sh said:\n"
                  + self.output_path.read_text(errors="replace")[-4000:], file=sys.stderr)

    def poll_until(self, condition, seconds, what):
        """True once `condition` holds, False after `seconds`; fails if run.sh exits meanwhile."""
        deadline = time.monotonic() + seconds
        while True:
            if self.run_sh.poll() is not None:
                self.fail(f"run.sh exited ({self.run_sh.returncode}) while waiting until {what}")
            if condition():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)

    def wait_until(self, condition, seconds, what):
        if not self.poll_until(condition, seconds, what):
            self.fail(f"not within {seconds} s: {what}")

    def api(self, method, path, body=None, token=None, content_type="application/json", wait_for_sync=0):
        return seed_demo.call(self.base, method, path, body, token, content_type, wait_for_sync=wait_for_sync)

    def pid_of(self, service):
        """The service's current pid, from the pid file run.sh keeps; None while there is none."""
        try:
            return int((self.data / f"{service}.pid").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def run_log(self):
        path = self.data / "run.log"
        return path.read_text(errors="replace") if path.exists() else ""
