"""The README's first command: `scripts/run.sh --demo` starts the whole system and seeds a demo
school through the API, printing its accounts. Started here with the debug executables, the
accounts it prints are used: the school admin signs in and finds the roster, the signing records
and 档案/户口信息 in the states the seeder promises."""
import re
import unittest

from run_system import RunShTestCase
import run_system

seed_demo = run_system.seed_demo


class DemoTest(RunShTestCase):
    test_seconds = 300
    run_sh_arguments = ["--demo"]
    folder_prefix = "demo-test-"

    def test_demo_school_as_printed(self):
        self.start_system()
        self.wait_until(lambda: "demo graduates" in self.output_path.read_text(errors="replace"), 200,
                        "run.sh printed the demo accounts")
        output = self.output_path.read_text(errors="replace")
        password = re.search(r"学校管理员: username admin, password (\S+)", output).group(1)
        admin = seed_demo.sign_in(self.base, "staff", "admin", password, "10001")["accessToken"]

        roster = self.api("GET", f"/api/v1/graduates?cohort={seed_demo.COHORT}&pageSize=1", None, admin)
        self.assertEqual(roster["total"], 2000)
        agreements = self.api("GET", f"/api/v1/agreements?cohort={seed_demo.COHORT}", None, admin)
        self.assertIn("签约审核通过", [item["statusName"] for item in agreements["items"]])

        statistics = self.api("GET", f"/api/v1/archive-statistics?cohort={seed_demo.COHORT}", None, admin)
        total = statistics["rows"][0]
        self.assertEqual((total["label"], total["total"], total["registered"], total["underReview"]), ("总计", 2000, 2, 1))
        records = self.api("GET", f"/api/v1/archive-records?cohort={seed_demo.COHORT}&status=registered", None, admin)
        self.assertEqual(sorted(item["statusName"] for item in records["items"]), ["已登记", "已登记（变更审核中）"])
        refused = self.api("GET", "/api/v1/archive-applications?status=rejected", None, admin)
        self.assertEqual([item["statusName"] for item in refused["items"]], ["审核不通过"])

        # A graduate the output lists signs in with the printed password and sees the 同步 default.
        graduate = re.search(r"  \S+: 身份证号 (\S+), password (\S+)", output)
        token = seed_demo.sign_in(self.base, "graduate", graduate.group(1), graduate.group(2))["accessToken"]
        # The agreement's destination reaches archive through e-signing's outbox, on its own time.
        self.wait_until(lambda: self.api("GET", "/api/v1/archive-record", None, token).get("suggestion", {}).get("from", "").startswith("签约单位："),
                        30, "archive offers the effective agreement's employer as the receiving unit")
        self.passed = True


if __name__ == "__main__":
    unittest.main()
