"""Processes that die come back (issue 10): `scripts/run.sh` as people run it, with every
service a real process. Each service in turn is killed with SIGKILL; within RECOVERY_SECONDS
the gateway's /health must be 200 again, every write acknowledged before the kill must still
be readable, new writes must work, and run.sh's log must name the restart. SIGTERM to run.sh
then stops everything: exit status 0 and no process left.

The executables come from GRADUATE_BIN_DIR, or the debug build folder (as in Tests/Browser).
Standard library only: python3 -m unittest discover -s Tests/System -v
"""
import os
import pathlib
import random
import re
import signal
import sys
import time
import unittest

from run_system import SERVICES, RunShTestCase, running, seed_demo, status_of

RECOVERY_SECONDS = 20    # a killed service back and /health 200 again
SYNC_SECONDS = 20        # an event from accounts reaching esigning
STOP_SECONDS = 30        # run.sh gone after SIGTERM


class SupervisionTest(RunShTestCase):
    folder_prefix = "supervision-test-"

    def setUp(self):
        self.start_system()

    def service_pids(self):
        return {service: self.pid_of(service) for service in SERVICES}

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


if __name__ == "__main__":
    unittest.main()
