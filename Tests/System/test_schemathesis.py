"""The HTTP API against its own OpenAPI document (issue 11): schemathesis (PyPI) reads
`GET /api/v1/openapi.json` from the real system — `scripts/run.sh` with every service a real
process, as in test_supervision.py — and sends generated requests, valid and invalid, to every
operation, twice: with a school admin's token and without any token. The run fails on

  - any 5xx (not_a_server_error),
  - a status the document does not list for the operation (status_code_conformance),
  - a Content-Type, header or body the document does not describe (content_type_conformance,
    response_headers_conformance, response_schema_conformance),
  - a request the document says is invalid that the server accepts (negative_data_rejection),
  - a crash: a process that run.sh had to restart, or a crash in a service's log;

and prints schemathesis' report. Before it, a school is set up through the API like the demo
(院系, graduates, employers, agreements in several states, a 去向登记, a 预警单位, an API key, and
档案/户口信息 registered, changed, refused and edited by the school) so that lists and details have
real content to check against the document.

schemathesis runs from a virtual environment under .build-venv-schemathesis (made here, or by
scripts/test.sh, with the pinned version below); its JUnit and NDJSON reports go to
test-output/schemathesis/. The executables come from GRADUATE_BIN_DIR or the debug build folder.
Environment: SCHEMATHESIS_SECONDS (default 75) each run's time budget, SCHEMATHESIS_SEED
(default 11) the generation seed, SCHEMATHESIS_WORKERS (default 1: Hypothesis, which
schemathesis generates with, is not thread-safe — with 2 workers a CI run once failed in the
examples phase on a KeyError from a cache the threads share, a FlakyFailure of the tool, not a
finding about the API; one worker also makes a run with a given seed repeatable).
Run alone: python3 -m unittest discover -s Tests/System -p test_schemathesis.py -v
"""
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unittest

from run_system import ROOT, RunShTestCase, seed_demo, status_of

VENV = ROOT / ".build-venv-schemathesis"
REPORTS = ROOT / "test-output" / "schemathesis"   # each run's JUnit and NDJSON reports
SCHEMATHESIS_VERSION = "4.32.5"
RUN_SECONDS = int(os.environ.get("SCHEMATHESIS_SECONDS") or 75)    # each of the two runs
SEED = int(os.environ.get("SCHEMATHESIS_SEED") or 11)
WORKERS = os.environ.get("SCHEMATHESIS_WORKERS") or "1"
SYNC_SECONDS = 30        # accounts' events reaching esigning and archive
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    # A request the document calls invalid must be refused: the document is no stricter than
    # the server (null for an optional field, an empty query parameter, "" for an optional
    # graduationDate were taken). The other direction, positive_data_acceptance, is left out:
    # 身份证号 and credit-code check digits, passwords with letters and digits, a 院系 account's
    # 院系 and a destination's fields per category are checks no JSON Schema states.
    "negative_data_rejection",
])
CRASH = re.compile(r"Fatal error|Assertion failed|Precondition failed|Program crashed|Segmentation fault"
                   r"|Illegal instruction|Stack dump|Backtrace|Aborted", re.IGNORECASE)


def schemathesis_executable():
    """The pinned schemathesis in its virtual environment, installed from PyPI if missing."""
    executable = VENV / "bin" / "schemathesis"
    try:
        version = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60).stdout
    except OSError:
        version = ""
    if SCHEMATHESIS_VERSION not in version:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                        f"schemathesis=={SCHEMATHESIS_VERSION}"], check=True)
    return executable


class SchemathesisTest(RunShTestCase):
    test_seconds = 2 * RUN_SECONDS + 240
    folder_prefix = "schemathesis-test-"

    def setUp(self):
        self.schemathesis = schemathesis_executable()
        self.start_system()

    def pids(self):
        return {service: self.pid_of(service) for service in ("accounts", "esigning", "archive", "gateway")}

    def set_up_school(self):
        """School 10001 with its admin (password changed at first sign-in, as it must be), two
        院系, five graduates on the roster and the demo's employers and signing records."""
        operator_password = (self.data / "operator-password").read_text().strip()
        operator = seed_demo.sign_in(self.base, "platformOperator", "operator", operator_password)["accessToken"]
        created = self.api("POST", "/api/v1/schools", {
            "code": "10001", "name": "示范大学", "adminUsername": "admin", "adminDisplayName": "张主任"}, operator)
        password = seed_demo.first_sign_in(self.base, "10001", "admin", created["initialPassword"])
        admin = seed_demo.sign_in(self.base, "staff", "admin", password, "10001")["accessToken"]
        for name in ("计算机学院", "外国语学院"):
            self.api("POST", "/api/v1/departments", {"name": name}, admin)
        self.api("POST", "/api/v1/staff-accounts", {
            "username": "operator1", "displayName": "学校操作员", "role": "schoolOperator", "modules": ["esigning"]}, admin)
        rng = random.Random(11)
        graduates = []
        for index in range(5):
            graduate = {"name": "测试" + "一二三四五"[index], "idNumber": seed_demo.id_number(rng, index),
                        "candidateNumber": f"24{index:012d}"}
            self.api("POST", "/api/v1/graduates", {
                "department": "计算机学院", "major": "软件工程", "educationLevel": "31",
                "candidateNumber": graduate["candidateNumber"], "name": graduate["name"], "idNumber": graduate["idNumber"],
                "studentNumber": f"S{index}", "cohort": seed_demo.COHORT, "trainingMode": "1"}, admin)
            graduates.append(graduate)
        employers = seed_demo.seed_employers(self.base, operator)
        # The school must have reached esigning before its 签约设置 can be saved (seed_signing
        # saves them again, and waits for the graduates itself).
        self.api("PUT", "/api/v1/signing-settings", {
            "cohort": seed_demo.COHORT, "agreementType": "threeParty", "signingOpen": True, "reviewMode": "schoolOnly",
            "maxResponseDays": 7,
            "schoolInfo": {"schoolName": "示范大学", "employmentOffice": "学生就业指导中心", "contactName": "李老师",
                           "contactPhone": "010-62751234", "address": "北京市海淀区示范路1号", "postcode": "100871",
                           "opinion": "同意该生到贵单位就业。"},
        }, admin, wait_for_sync=SYNC_SECONDS)
        graduate_password, _ = seed_demo.seed_signing(self.base, admin, employers, graduates)
        self.api("POST", "/api/v1/api-keys", {"name": "就业管理系统"}, admin)
        seed_demo.seed_archive(self.base, admin, graduates, graduate_password, sync_seconds=SYNC_SECONDS)
        return admin

    def run_schemathesis(self, name, token):
        """One schemathesis run; (exit status, its output).

        Every operation is tested, the state-changing ones too: none can take the run's token
        away. Its session ends only by signing out or refreshing with its refresh token (which
        schemathesis never sees), by a password change (which wants the current password), or
        by disabling or resetting the account itself (refused with 409 for one's own); resetting
        or disabling others ends their sessions, not this one; and it is no API key. Failed
        sign-ins may lock 127.0.0.1 out of signing in (429, documented), but every sign-in this
        test needs is done before."""
        reports = REPORTS / name
        shutil.rmtree(reports, ignore_errors=True)
        command = [
            str(self.schemathesis), "run", self.base + "/api/v1/openapi.json",
            "--checks", CHECKS,
            "--max-time", str(RUN_SECONDS),
            "--seed", str(SEED),
            "--workers", WORKERS,
            "--request-timeout", "30",
            "--suppress-health-check", "all",
            "--generation-database", "none",
            "--no-color",
            "--report", "junit,ndjson", "--report-dir", str(reports),
        ]
        if token:
            command += ["--header", f"Authorization: Bearer {token}"]
        began = time.monotonic()
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=RUN_SECONDS + 120, cwd=self.folder)
        output = result.stdout + result.stderr
        print(f"\n  schemathesis {name}: exit {result.returncode} after {time.monotonic() - began:.0f} s",
              file=sys.stderr)
        return result.returncode, output

    def crashes(self):
        """Restarts run.sh made and crash lines in the services' logs."""
        found = []
        run_log = self.data / "run.log"
        if run_log.exists():
            found += [line for line in run_log.read_text(errors="replace").splitlines() if "died (" in line]
        for service in ("accounts", "esigning", "archive", "gateway"):
            log = self.data / f"{service}.log"
            if log.exists():
                found += [f"{service}: {line}" for line in log.read_text(errors="replace").splitlines() if CRASH.search(line)]
        return found

    def test_api_conforms_to_its_openapi_document(self):
        admin = self.set_up_school()
        started = self.pids()
        failures = []
        for name, token in (("school-admin", admin), ("no-token", None)):
            status, output = self.run_schemathesis(name, token)
            if status != 0:
                failures.append(f"schemathesis with {name} exited {status}:\n{output}")
            else:
                print(output[-1500:], file=sys.stderr)
        self.assertEqual(status_of(self.base + "/health"), 200, "the system is still healthy")
        self.assertEqual(self.pids(), started, "no process was restarted")
        crashes = self.crashes()
        if crashes:
            failures.append("crashes:\n" + "\n".join(crashes))
        if failures:
            self.fail("\n\n".join(failures))
        self.passed = True


if __name__ == "__main__":
    unittest.main()
