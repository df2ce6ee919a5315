"""The module home's counters (DOMAIN.md §13, issue 13): each is the count of the list it opens,
with that filter applied, and 在线签约管理待审核总数 is the sum of the three beside it."""
import unittest

from selenium.webdriver.common.by import By

import browser
from signing_helpers import JOB, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class HomeCounterTest(SigningBrowserTest):
    def tile(self, label):
        tiles = self.find("#home-counters").find_elements(By.CSS_SELECTOR, "a.counter")
        return next(tile for tile in tiles if tile.text.endswith(label))

    def test_each_counter_opens_its_list_filtered_to_the_same_number(self):
        school, password, code, rows = self.school_with_signing()
        system = browser.system
        admin, employer, _ = self.tokens(school, password, code)
        # Two offers accepted (waiting for the school) and one still waiting for its graduate.
        for graduate in rows[:2]:
            offer = system.when_synced("POST", "/api/v1/offers", {
                "graduateIdNumber": graduate[5], "graduateName": graduate[4], "respondWithinDays": 7, "job": JOB}, employer)
            student = system.sign_in("graduate", graduate[5], "Student2025")
            system.api("POST", f"/api/v1/agreements/{offer['id']}/accept", {}, student)
        system.when_synced("POST", "/api/v1/offers", {
            "graduateIdNumber": rows[2][5], "graduateName": rows[2][4], "respondWithinDays": 7, "job": JOB}, employer)

        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.wait_text("#home-counters", "在线签约管理待审核总数")
        self.shot("home-counters")
        accepted = self.tile("学生已同意签约 等待学校审核")
        self.assertEqual(accepted.find_element(By.CSS_SELECTOR, ".count").text, "2")
        parts = [int(self.tile(label).find_element(By.CSS_SELECTOR, ".count").text)
                 for label in ["就业协议审核中 等待学校审核", "签约审核中 等待学校审核", "学生已同意签约 等待学校审核"]]
        total = self.tile("在线签约管理待审核总数")
        self.assertEqual(int(total.find_element(By.CSS_SELECTOR, ".count").text), sum(parts))

        # The total opens 在线签约管理 filtered to the three kinds: the same 2, not the offer.
        total.click()
        self.wait_text("#agreements", "共 2 条")
        self.assertNotIn("单位已发起，等待毕业生回应", self.find("#agreements").text)
        self.shot("total-opened")
        self.link("首页")
        self.wait_text("#home-counters", "学生已同意签约 等待学校审核")
        self.tile("学生已同意签约 等待学校审核").click()
        self.wait_text("#agreements", "共 2 条")
        self.assertIn("学生已同意签约，等待学校审核", self.find("#agreements").text)
        self.shot("accepted-opened")


if __name__ == "__main__":
    unittest.main()
