"""学生名单's 详细 in headless Chromium against the real processes: a graduate's roster fields,
业务 tags and whole history (签约 ended by a 强制解约, the 解约, a 去向登记), newest first, each
opening its own detail, and a step taken there followed by the history; a graduate without
records; an account without the signing module (no calls to the signing lists); at 1440×900
and 390×844."""
import unittest

from selenium.webdriver.common.by import By

import browser
from signing_helpers import COHORT, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


# What a page asked of the signing lists (the Resource Timing entries of its calls).
SIGNING_CALLS = """return performance.getEntriesByType('resource').map((entry) => entry.name)
  .filter((name) => /\\/api\\/v1\\/(agreements|terminations|destination-registrations|invalid-records)\\?/.test(name));"""


class RosterDetailTest(SigningBrowserTest):
    def graduate_with_history(self, school, password, code, graduate):
        """Through the API: an effective agreement ended by the school's 强制解约, then the
        graduate's own 升学 registration, waiting for the school."""
        system = browser.system
        admin, _, student = self.tokens(school, password, graduate=graduate)
        agreement = self.effective_agreement(school, password, code, graduate)
        system.api("POST", f"/api/v1/agreements/{agreement['id']}/forced-termination", {
            "reason": "单位长期不回应解约申请", "attachmentSha256": self.upload(admin, "解约证明.png")}, admin)
        system.when_synced("POST", "/api/v1/destination-registrations", {
            "category": "80", "fields": {"admittingSchool": "北京大学", "admittedMajor": "软件工程", "studyLevel": "11"},
            "attachmentSha256": self.upload(student, "录取通知书.png")}, student)

    def open_detail(self, graduate):
        """详细 of `graduate`'s row in 学生名单; waits until the history has loaded."""
        self.wait_text("#roster-results", graduate[4])
        self.driver.execute_script("performance.setResourceTimingBufferSize(1000)")
        self.driver.find_element(
            By.XPATH, f"//tr[td[normalize-space()='{graduate[4]}']]//button[normalize-space()='详细']").click()
        self.find("#graduate-detail")
        self.wait.until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, "#graduate-history .loading"))

    def history_rows(self):
        return [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "#graduate-history tbody tr")]

    def open_record(self, type_name):
        """详细 of the history's row of `type_name` (在线签约, 解约, 去向登记)."""
        self.driver.find_element(By.XPATH, f"//div[@id='graduate-history']//tr[td[span[normalize-space()='{type_name}']]]"
                                           "//button[normalize-space()='详细']").click()

    def close_top(self):
        """The top dialog's last button (取消 beside steps, 关闭 alone) closes it."""
        count = len(self.driver.find_elements(By.CSS_SELECTOR, "dialog[open]"))
        self.find(f"{self.top_dialog()} .dialog-buttons button:last-child").click()
        self.wait.until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "dialog[open]")) == count - 1)

    def assert_fits_the_phone(self):
        sizes = self.driver.execute_script("""
            const dialog = document.querySelector('#graduate-detail-dialog').getBoundingClientRect();
            const body = document.querySelector('#graduate-detail-dialog .dialog-body');
            return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                    dialog.left, dialog.right, document.documentElement.clientWidth, body.scrollWidth, body.clientWidth];""")
        page_width, viewport, left, right, inner, body_scroll, body_width = sizes
        self.assertLessEqual(page_width, viewport, "the page scrolls sideways")
        self.assertGreaterEqual(left, 0)
        self.assertLessEqual(right, inner, "the detail runs off the screen")
        self.assertLessEqual(body_scroll, body_width, "the detail scrolls sideways")

    def test_desktop_detail_shows_the_roster_the_tags_and_the_whole_history(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[0]
        self.graduate_with_history(school, password, code, graduate)
        self.driver.set_window_size(1440, 900)
        self.staff_page(school, password, "学生名单管理")
        self.open_detail(graduate)

        # Every roster field, as the roster has it.
        facts = self.find("#graduate-facts").text
        for value in [graduate[4], graduate[5], graduate[3], graduate[6], "计算机学院", "软件工程", "本科", f"{COHORT}届",
                      f"{COHORT}06", "4年", "非定向", "北京市朝阳区", graduate[14]]:
            self.assertIn(value, facts)
        tags = [tag.text for tag in self.driver.find_elements(By.CSS_SELECTOR, "#graduate-business .business-tag")]
        self.assertEqual(tags, ["在线签约", "解约", "去向登记"])

        # The history, newest first: the registration, the termination, the agreement it ended.
        history = self.history_rows()
        self.assertEqual(len(history), 3, history)
        self.assertIn("去向登记审核中，等待学校审核", history[0])
        self.assertIn("北京大学", history[0])
        self.assertIn("学校已强制解约", history[1])
        self.assertIn(f"北京签约测试{school}有限公司", history[1])
        self.assertIn("已解约", history[2])
        self.assertIn("单位发起线上签约", history[2])
        self.assertNotIn("null", self.find("#graduate-detail").text)
        self.assertNotIn("undefined", self.find("#graduate-detail").text)
        self.shot("graduate-detail")

        # Each record opens its own detail, over this one.
        self.open_record("在线签约")
        self.wait_text("#agreement-detail", "已解约")
        self.shot("agreement-from-history")
        self.close_top()
        self.open_record("解约")
        self.wait_text("#termination-detail", "单位长期不回应解约申请")
        self.close_top()

        # A step taken there: the history follows.
        self.open_record("去向登记")
        self.wait_text("#registration-detail", "北京大学")
        self.button("学校审核通过", within=self.top_dialog())
        self.confirm("通过后毕业去向登记生效")
        self.result("学校审核通过：已完成，当前状态：去向登记审核通过")
        self.wait_text("#graduate-history", "去向登记审核通过")
        self.assertEqual(len(self.history_rows()), 3)
        self.shot("history-after-a-step")
        self.close_top()

        # A graduate with no records: an empty history, and 无 among the tags.
        self.open_detail(rows[1])
        self.wait_text("#graduate-history", "暂无业务记录")
        self.assertEqual(self.find("#graduate-business").text, "业务：无")
        self.shot("no-records")

    def test_phone_detail_is_full_screen_and_opens_a_record(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[1]
        self.graduate_with_history(school, password, code, graduate)
        self.driver.set_window_size(390, 844)
        self.staff_page(school, password, "学生名单管理")
        self.open_detail(graduate)
        self.assertEqual(len(self.history_rows()), 3)
        # Full screen, nothing sideways; the history's rows are cards with their labels.
        dialog = self.find("#graduate-detail-dialog").rect
        self.assertEqual((dialog["x"], dialog["width"]), (0, self.driver.execute_script("return document.documentElement.clientWidth")))
        self.assert_fits_the_phone()
        self.shot("phone-detail")
        first = self.driver.find_element(By.CSS_SELECTOR, "#graduate-history tbody tr")
        self.driver.execute_script("arguments[0].scrollIntoView()", first)
        self.shot("phone-history")
        self.open_record("解约")
        self.wait_text("#termination-detail", "学校已强制解约")
        self.shot("phone-termination-from-history")
        self.close_top()
        self.find(f"{self.top_dialog()} .dialog-buttons button").click()   # 关闭
        self.wait.until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, "dialog[open]"))

    def test_an_account_without_the_signing_module_sees_the_roster_part_only(self):
        """The roster is shared by every module; an account of 档案/户口信息管理 alone sees the
        graduate's roster fields and is told the records are not available, with no call to
        the signing lists (each would only refuse)."""
        school, password, code, rows = self.school_with_signing()
        graduate = rows[2]
        self.effective_agreement(school, password, code, graduate)
        system = browser.system
        admin, _, _ = self.tokens(school, password)
        made = system.api("POST", "/api/v1/staff-accounts", {
            "username": "archive-op", "displayName": "档案操作员", "role": "schoolOperator", "modules": ["archive"]}, admin)
        first = system.sign_in("staff", "archive-op", made["initialPassword"], school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": made["initialPassword"], "newPassword": "Archive2025"}, first)

        for size in [(390, 844), (1440, 900)]:
            with self.subTest(size=size):
                self.driver.set_window_size(*size)
                self.sign_in_as("staff", "archive-op", "Archive2025", school)
                self.find(".modules a[data-module='archive']").click()
                self.link("学生名单管理")
                self.open_detail(graduate)
                self.wait_text("#graduate-history", "没有“毕业去向登记与网签”模块的权限")
                self.assertIn(graduate[5], self.find("#graduate-facts").text)
                self.assertEqual(self.find("#graduate-business").text, "业务：无法查看")
                self.assertEqual(self.driver.execute_script(SIGNING_CALLS), [])
                self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#graduate-detail .message.error"))
                self.shot(f"no-signing-module-{size[0]}")
                self.find(f"{self.dialog()} .dialog-buttons button").click()
                self.button("退出")


if __name__ == "__main__":
    unittest.main()
