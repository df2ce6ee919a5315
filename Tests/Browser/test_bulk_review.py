"""批量审核 in 在线签约管理: only the records the account may review have a checkbox; 全选本页,
批量通过 and 批量不通过 (one reason for all) ask first naming the count, and each record's
own result is shown (a record reviewed meanwhile fails alone), at desktop and phone sizes."""
import unittest

from selenium.webdriver.common.by import By

import browser
from signing_helpers import JOB, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class BulkReviewTest(SigningBrowserTest):
    def accepted_offers(self, school, password, code, graduates):
        """Through the API: offers accepted by `graduates` (学生已同意签约，等待学校审核)."""
        system = browser.system
        admin, employer, _ = self.tokens(school, password, code)
        offers = []
        for graduate in graduates:
            offer = system.when_synced("POST", "/api/v1/offers", {
                "graduateIdNumber": graduate[5], "graduateName": graduate[4], "respondWithinDays": 7, "job": JOB}, employer)
            student = system.sign_in("graduate", graduate[5], "Student2025")
            system.api("POST", f"/api/v1/agreements/{offer['id']}/accept", {}, student)
            offers.append(offer)
        return admin, employer, offers

    def open_list(self, school, password):
        self.staff_page(school, password, "在线签约管理")
        self.wait_text("#agreements", "学生已同意签约，等待学校审核")

    def checkboxes(self):
        return self.driver.find_elements(By.CSS_SELECTOR, "#agreements input.row-select")

    def test_desktop_bulk_approve_shows_each_record_and_a_summary(self):
        school, password, code, rows = self.school_with_signing()
        admin, employer, offers = self.accepted_offers(school, password, code, rows[:2])
        # The third only offered: not for the school to review, so without a checkbox.
        browser.system.when_synced("POST", "/api/v1/offers", {
            "graduateIdNumber": rows[2][5], "graduateName": rows[2][4], "respondWithinDays": 7, "job": JOB}, employer)
        self.driver.set_window_size(1440, 900)
        self.open_list(school, password)
        self.wait_text("#agreements", "共 3 条")
        self.assertEqual(len(self.checkboxes()), 2)
        self.assertNotIn("null", self.find("#agreements").text)
        self.assertEqual(self.find("#agreements-bulk .selected-count").text, "已选 0 条")
        self.assertFalse(self.find("#bulk-approve").is_enabled())
        self.find("#agreements-select-all").click()
        self.assertEqual(self.find("#agreements-bulk .selected-count").text, "已选 2 条")
        self.shot("selected-all")
        # One of the two is approved elsewhere meanwhile: it fails alone.
        browser.system.api("POST", f"/api/v1/agreements/{offers[0]['id']}/school-approve", {}, admin)
        self.button("批量通过", within="#agreements-bulk")
        self.confirm("所选的 2 条签约记录批量审核通过", shot="confirm-approve")
        self.result("批量通过：1 条成功，1 条失败")
        results = self.wait_text("#bulk-results", "批量通过结果：成功 1 条，失败 1 条")
        lines = results.find_elements(By.CSS_SELECTOR, "tbody tr")
        self.assertEqual(len(lines), 2)
        by_name = {line.find_element(By.CSS_SELECTOR, "td").text: line.text for line in lines}
        self.assertIn("成功", by_name[rows[1][4]])
        self.assertNotIn("成功", by_name[rows[0][4]])
        self.assertTrue(results.find_elements(By.CSS_SELECTOR, ".bulk-failed")[0].text)
        # The list reloaded: both effective now, nothing left to review.
        self.wait.until(lambda driver: not self.checkboxes())
        self.assertFalse(self.driver.find_elements(By.ID, "agreements-bulk"))
        self.shot("approved")

    def test_phone_bulk_reject_with_one_reason(self):
        school, password, code, rows = self.school_with_signing()
        self.accepted_offers(school, password, code, rows)
        self.driver.set_window_size(390, 844)
        self.open_list(school, password)
        self.wait_text("#agreements", "共 3 条")
        boxes = self.checkboxes()
        self.assertEqual(len(boxes), 3)
        boxes[0].click()
        boxes[1].click()
        self.assertEqual(self.find("#agreements-bulk .selected-count").text, "已选 2 条")
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the list scrolls sideways on a phone")
        self.shot("phone-selected")
        self.button("批量不通过", within="#agreements-bulk")
        form = "#bulk-reject-form"
        self.find(form)
        # The reason is required: refused on the client first.
        self.button("批量不通过", within=self.dialog())
        self.wait_text(f"{form} .field-error", "请填写不通过原因")
        self.fill("reason", "协议内容不完整", within=form)
        self.shot("phone-reason")
        self.button("批量不通过", within=self.dialog())
        self.confirm("所选的 2 条签约记录批量审核不通过", shot="phone-confirm-reject")
        self.result("批量不通过：2 条全部成功")
        results = self.wait_text("#bulk-results", "成功 2 条，失败 0 条")
        self.assertEqual(len(results.find_elements(By.CSS_SELECTOR, ".bulk-ok")), 2)
        self.wait.until(lambda driver: len(self.checkboxes()) == 1)
        self.shot("phone-rejected")


if __name__ == "__main__":
    unittest.main()
