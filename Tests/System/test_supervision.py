"""Processes that die come back (issue 10): `scripts/run.sh` as people run it, with every
service a real process. Each service in turn is killed with SIGKILL; within RECOVERY_SECONDS
the gateway's /health must be 200 again, every write acknowledged before the kill must still
be readable, new writes must work, and run.sh's log must name the restart. SIGTERM to run.sh
then stops everything: exit status 0 and no process left.

The executables come from GRADUATE_BIN_DIR, or the debug build folder (as in Tests/Browser).
Standard library only: python3 -m unittest discover -s Tests/System -v
"""
import importlib.util
import os
import pathlib
import random
import re
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
SERVICES = ("accounts", "esigning", "gateway")
START_SECONDS = 90       # run.sh up and the gateway's /health 200 (debug executables)
RECOVERY_SECONDS = 20    # a killed service back and /health 200 again
SYNC_SECONDS = 20        # an event from accounts reaching esigning
STOP_SECONDS = 30        # run.sh gone after SIGTERM
TEST_SECONDS = 240       # the whole test, whatever hangs (scripts/test.sh allows 300)

# The demo seeder's API helpers (call, sign_in, first_sign_in, id_number, credit_code).
_spec = importlib.util.spec_from_file_location("seed_demo", ROOT / "scripts" / "seed-demo.py")
seed_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed_demo)

# run.sh runs in its own process group; if this test is stopped (scripts/test.sh's timeout
# sends SIGTERM), that group goes too, so no service outlives the test.
_groups = set()


def _stop_group(process, seconds=10):
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


def _stop_on_sigterm(signum, frame):
    for process in list(_groups):
        _stop_group(process)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _time_is_up(signum, frame):
    raise TimeoutError(f"the test took more than {TEST_SECONDS} s")


def free_ports():
    """A base port with the next one free too (accounts, esigning) and a gateway port, all
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
        if gateway not in (base, base + 1) and free(base) and free(base + 1) and free(gateway):
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


class SupervisionTest(unittest.TestCase):
    def setUp(self):
        signal.signal(signal.SIGALRM, _time_is_up)
        signal.alarm(TEST_SECONDS)
        self.addCleanup(signal.alarm, 0)
        self.passed = False
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="supervision-test-"))
        self.data = self.folder / "data"
        self.base_port, self.gateway_port = free_ports()
        self.base = f"http://127.0.0.1:{self.gateway_port}"
        self.output_path = self.folder / "run.sh-output.txt"
        output = open(self.output_path, "wb")
        self.addCleanup(output.close)
        # The test signs in more often than the gateway's default limit allows per minute.
        environment = dict(os.environ, GATEWAY_SIGN_IN_PER_MINUTE="10000")
        self.run_sh = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh"), "--bin-dir", str(BIN_DIR), "--data-dir", str(self.data),
             "--base-port", str(self.base_port), "--port", str(self.gateway_port)],
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=environment,
            start_new_session=True,
        )
        _groups.add(self.run_sh)
        self.addCleanup(self.clean_up)
        self.wait_until(lambda: status_of(self.base + "/health") == 200, START_SECONDS, "the gateway's /health is 200")

    def clean_up(self):
        _stop_group(self.run_sh)
        if self.passed:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            print(f"\nrun.sh's output and the data folder are kept in {self.folder}; run.sh said:\n"
                  + self.output_path.read_text(errors="replace")[-4000:], file=sys.stderr)

    # Helpers --------------------------------------------------------------------------------

    def wait_until(self, condition, seconds, what):
        deadline = time.monotonic() + seconds
        while True:
            if self.run_sh.poll() is not None:
                self.fail(f"run.sh exited ({self.run_sh.returncode}) while waiting until {what}")
            if condition():
                return
            if time.monotonic() > deadline:
                self.fail(f"not within {seconds} s: {what}")
            time.sleep(0.1)

    def api(self, method, path, body=None, token=None, wait_for_sync=0):
        return seed_demo.call(self.base, method, path, body, token, wait_for_sync=wait_for_sync)

    def pid_of(self, service):
        try:
            return int((self.data / f"{service}.pid").read_text())
        except (FileNotFoundError, ValueError):
            return None

    def service_pids(self):
        return {service: self.pid_of(service) for service in SERVICES}

    def run_log(self):
        path = self.data / "run.log"
        return path.read_text() if path.exists() else ""

    # The writes ---------------------------------------------------------------------------

    def set_up_school(self):
        """The platform operator makes a school; its admin sets a password at first sign-in."""
        operator_password = (self.data / "operator-password").read_text().strip()
        self.operator = seed_demo.sign_in(self.base, "platformOperator", "operator", operator_password)["accessToken"]
        self.school = "10001"
        created = self.api("POST", "/api/v1/schools", {
            "code": self.school, "name": "守护大学", "adminUsername": "admin", "adminDisplayName": "张主任"}, self.operator)
        self.admin_password = seed_demo.first_sign_in(self.base, self.school, "admin", created["initialPassword"])
        self.admin = seed_demo.sign_in(self.base, "staff", "admin", self.admin_password, self.school)["accessToken"]
        self.departments, self.staff, self.graduates, self.warned = [], [], [], []
        self.rng = random.Random(10)
        self.response_days = None

    def write(self, round_):
        """One of each kind of write, all acknowledged: in accounts a 院系, a staff account and
        a graduate on the roster (whose event esigning copies); in esigning the 签约设置 and a
        预警单位."""
        department = f"第{round_}学院"
        self.assertEqual(self.api("POST", "/api/v1/departments", {"name": department}, self.admin)["name"], department)
        self.departments.append(department)
        username = f"staff-{round_}"
        self.api("POST", "/api/v1/staff-accounts", {
            "username": username, "displayName": f"操作员{round_}", "role": "schoolOperator", "modules": ["esigning"]}, self.admin)
        self.staff.append(username)
        graduate = self.api("POST", "/api/v1/graduates", {
            "department": department, "major": "软件工程", "educationLevel": "31", "candidateNumber": f"24{round_:012d}",
            "name": "守护" + "一二三四五六七八九"[round_ % 9], "idNumber": seed_demo.id_number(self.rng, round_),
            "studentNumber": f"S{round_}", "cohort": seed_demo.COHORT, "trainingMode": "1"}, self.admin)
        self.graduates.append(graduate["id"])
        self.response_days = round_ + 3
        settings = self.api("PUT", "/api/v1/signing-settings", {
            "cohort": seed_demo.COHORT, "agreementType": "threeParty", "signingOpen": True, "reviewMode": "schoolOnly",
            "maxResponseDays": self.response_days,
            "schoolInfo": {"schoolName": "守护大学", "employmentOffice": "学生就业指导中心", "contactName": "李老师",
                           "contactPhone": "010-62751234", "address": "北京市海淀区示范路1号", "postcode": "100871",
                           "opinion": "同意该生到贵单位就业。"},
        }, self.admin, wait_for_sync=SYNC_SECONDS)  # the school must have reached esigning first
        self.assertEqual(settings["maxResponseDays"], self.response_days)
        code = seed_demo.credit_code(f"91330106MA2CDEM{round_:02d}")
        self.api("POST", "/api/v1/warning-employers", {"creditCode": code, "employerName": f"预警公司{round_}", "reason": "虚假宣传"}, self.admin)
        self.warned.append(code)

    def check_every_write(self):
        """Every write acknowledged so far reads back, and esigning has the whole roster."""
        schools = [school["code"] for school in self.api("GET", "/api/v1/schools", None, self.operator)["items"]]
        self.assertIn(self.school, schools)
        # The password set at first sign-in still signs in.
        seed_demo.sign_in(self.base, "staff", "admin", self.admin_password, self.school)
        names = [item["name"] for item in self.api("GET", "/api/v1/departments", None, self.admin)["items"]]
        self.assertEqual(sorted(names), sorted(self.departments))
        usernames = [item["username"] for item in self.api("GET", "/api/v1/staff-accounts", None, self.admin)["items"]]
        self.assertEqual(sorted(usernames), sorted(["admin"] + self.staff))
        roster = self.api("GET", "/api/v1/graduates?pageSize=100", None, self.admin)
        self.assertEqual(sorted(item["id"] for item in roster["items"]), sorted(self.graduates))
        settings = self.api("GET", f"/api/v1/signing-settings?cohort={seed_demo.COHORT}", None, self.admin)
        self.assertEqual(settings["maxResponseDays"], self.response_days)
        codes = [item["creditCode"] for item in self.api("GET", "/api/v1/warning-employers", None, self.admin)["items"]]
        self.assertEqual(sorted(codes), sorted(self.warned))
        # esigning's copy of the roster (from accounts' events) counts every graduate.
        statistics = f"/api/v1/signing-statistics?cohort={seed_demo.COHORT}"
        self.wait_until(lambda: self.api("GET", statistics, None, self.admin)["total"]["total"] == len(self.graduates),
                        SYNC_SECONDS, f"esigning's statistics count {len(self.graduates)} graduates")

    # The test -------------------------------------------------------------------------------

    def test_each_killed_service_comes_back_and_sigterm_stops_everything(self):
        started = self.service_pids()
        self.assertTrue(all(started.values()), f"run.sh writes each service's pid file: {started}")
        self.set_up_school()
        self.write(0)
        self.check_every_write()

        for round_, service in enumerate(SERVICES, start=1):
            killed = self.pid_of(service)
            command = pathlib.Path(f"/proc/{killed}/cmdline").read_bytes().split(b"\0")
            self.assertEqual(os.path.basename(command[0]), service.encode(), f"{service}.pid names the {service} process")
            os.kill(killed, signal.SIGKILL)
            began = time.monotonic()
            self.wait_until(
                lambda: self.pid_of(service) not in (None, killed) and status_of(self.base + "/health") == 200,
                RECOVERY_SECONDS, f"{service} is restarted and /health is 200 again")
            print(f"\n  {service} back after {time.monotonic() - began:.1f} s", file=sys.stderr, end="")
            self.assertFalse(running(killed), f"the killed {service} (pid {killed}) is gone, not a zombie")
            self.check_every_write()
            self.write(round_)
            self.check_every_write()
            line = f"{service} (pid {killed}) died (killed by SIGKILL)"
            self.assertRegex(self.run_log(), re.escape(line) + r" after \d+ s; restart 1 in 0\.5 s")
            self.assertIn(line, self.output_path.read_text(), "run.sh says it on stderr too")

        # The others were never restarted: exactly one restart per service.
        self.assertEqual(len(re.findall(r"died \(", self.run_log())), len(SERVICES), self.run_log())
        last = self.service_pids()
        os.kill(self.run_sh.pid, signal.SIGTERM)
        began = time.monotonic()
        # Polled, not Popen.wait (which holds a lock): the SIGTERM handler above must be able to poll too.
        while self.run_sh.poll() is None:
            self.assertLess(time.monotonic() - began, STOP_SECONDS, "run.sh stops within that long of SIGTERM")
            time.sleep(0.1)
        print(f"\n  run.sh stopped {time.monotonic() - began:.1f} s after SIGTERM", file=sys.stderr)
        self.assertEqual(self.run_sh.returncode, 0)
        self.assertIn("stopping...", self.output_path.read_text())
        self.assertEqual(len(re.findall(r"died \(", self.run_log())), len(SERVICES), "no restart while stopping")
        with self.assertRaises(ProcessLookupError, msg="nothing is left in run.sh's process group"):
            os.killpg(self.run_sh.pid, 0)
        self.assertEqual([service for service, pid in last.items() if running(pid)], [])
        self.assertEqual(sorted(path.name for path in self.data.glob("*.pid")), [], "the pid files are removed")
        self.passed = True


signal.signal(signal.SIGTERM, _stop_on_sigterm)

if __name__ == "__main__":
    unittest.main()
