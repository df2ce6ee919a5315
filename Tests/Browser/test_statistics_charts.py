"""数据统计's charts above its table: 落实率 by 院系 (or 学历, or 专业) as SVG bars, each printed as
a percentage and as long as its share, opening that row's 已签约 list like the table's number;
and the season's line of placed graduates; at desktop and phone sizes, with no sideways
scrolling."""
import random
import time
import unittest

from selenium.webdriver.common.by import By

import browser
from browser import seed_demo
from signing_helpers import COHORT, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class StatisticsChartTest(SigningBrowserTest):
    def second_department(self, school, password):
        """Through the API: 外国语学院 with one graduate, nobody placed."""
        system = browser.system
        admin = system.sign_in("staff", "admin", password, school)
        system.api("POST", "/api/v1/departments", {"name": "外国语学院"}, admin)
        system.api("POST", "/api/v1/graduates", {
            "department": "外国语学院", "major": "英语", "educationLevel": "31", "candidateNumber": f"26{school}000099",
            "name": "测试英", "idNumber": seed_demo.id_number(random.Random(int(school)), 99), "studentNumber": f"F{school}99",
            "cohort": COHORT, "graduationDate": f"{COHORT}06", "trainingMode": "1"}, admin)

    def chart_opens_the_list(self, size, two_departments=False):
        school, password, code, rows = self.school_with_signing()
        self.effective_agreement(school, password, code, rows[0])
        if two_departments:
            self.second_department(school, password)
        self.driver.set_window_size(*size)
        self.staff_page(school, password, "数据统计")
        if two_departments:
            # The roster reaches the statistics asynchronously: 统计 again until it shows.
            deadline = time.monotonic() + 30
            while "外国语学院" not in self.find("#placement-chart").text:
                self.assertLess(time.monotonic(), deadline, "外国语学院 did not reach the statistics")
                time.sleep(0.5)
                self.button("统计", within="#statistics-filters")
            bars = self.find("#placement-chart").find_elements(By.CSS_SELECTOR, "g.bar")
            values = {bar.get_attribute("data-label"): bar.find_element(By.CSS_SELECTOR, ".bar-value").text for bar in bars}
            self.assertEqual(values, {"计算机学院": "33.33%", "外国语学院": "0.00%", "总计": "25.00%"})
            self.shot("chart-departments")
            total = next(bar for bar in bars if bar.get_attribute("data-label") == "总计")
            total.click()
            self.wait_text("#agreements", "共 1 条")
            self.shot("chart-total-drill-down")
            return
        chart = self.find("#placement-chart")
        self.find("#statistics table")          # the table stays, below the chart
        self.assertTrue(self.driver.execute_script(
            "return document.getElementById('placement-chart').compareDocumentPosition(document.querySelector('#statistics table'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING"))
        self.assertIn("落实率", chart.find_element(By.TAG_NAME, "figcaption").text)
        bars = chart.find_elements(By.CSS_SELECTOR, "g.bar")
        self.assertEqual([bar.get_attribute("data-label") for bar in bars], ["计算机学院"])
        self.assertEqual(bars[0].find_element(By.CSS_SELECTOR, ".bar-value").text, "33.33%")
        track = bars[0].find_element(By.CSS_SELECTOR, ".track").rect["width"]
        fill = bars[0].find_element(By.CSS_SELECTOR, ".fill").rect["width"]
        self.assertAlmostEqual(fill / track, 1 / 3, delta=0.01)
        # Readable: the text keeps its size on a phone, and nothing scrolls sideways.
        size_px = self.driver.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector('#placement-chart .bar-label')).fontSize)")
        self.assertGreaterEqual(size_px, 12)
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the statistics page scrolls sideways")
        self.assertLessEqual(chart.rect["x"] + chart.rect["width"], sizes[1])
        self.shot("chart")
        bars[0].click()
        self.wait_text("#agreements", "共 1 条")
        self.wait_text("#agreements", "签约审核通过")
        self.assertIn("已签约", self.find("main .message.info").text)
        self.shot("chart-drill-down")

    def groupings_and_the_season(self, size):
        school, password, code, rows = self.school_with_signing()
        self.effective_agreement(school, password, code, rows[0])
        self.driver.set_window_size(*size)
        self.staff_page(school, password, "数据统计")
        # The season's line: one day with one placed graduate.
        season = self.find("#season-chart")
        self.assertIn("落实人数走势", season.find_element(By.TAG_NAME, "figcaption").text)
        self.assertIn("共 1 人", season.find_element(By.TAG_NAME, "figcaption").text)
        self.assertEqual(len(season.find_elements(By.CSS_SELECTOR, "rect.point")), 1)
        # By 学历: the table's first column and the bars follow; a bar opens the list of that 学历.
        self.driver.find_element(By.CSS_SELECTOR, "#statistics-filters select[name=groupBy] option[value=educationLevel]").click()
        self.wait_text("#statistics table thead", "学历")
        bars = self.find("#placement-chart").find_elements(By.CSS_SELECTOR, "g.bar")
        self.assertEqual([bar.get_attribute("data-label") for bar in bars], ["本科"])
        self.assertIn("各学历落实率", self.find("#placement-chart figcaption").text)
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the statistics page scrolls sideways")
        self.shot("chart-education-levels")
        bars[0].click()
        self.wait_text("#agreements", "共 1 条")
        self.assertEqual(self.driver.execute_script("return document.querySelector('#f-educationLevel').value"), "31")
        self.shot("chart-education-drill-down")
        # By 专业: the rows are 院系 and 专业.
        self.driver.back()
        self.wait_text("#statistics", "落实率")
        self.driver.find_element(By.CSS_SELECTOR, "#statistics-filters select[name=groupBy] option[value=major]").click()
        self.wait_text("#statistics table thead", "专业")
        labels = [bar.get_attribute("data-label") for bar in self.find("#placement-chart").find_elements(By.CSS_SELECTOR, "g.bar")]
        self.assertTrue(labels and all(label.startswith("计算机学院 ") for label in labels), labels)
        self.shot("chart-majors")

    def test_desktop_groupings_and_the_season(self):
        self.groupings_and_the_season((1440, 900))

    def test_phone_groupings_and_the_season(self):
        self.groupings_and_the_season((390, 844))

    def test_desktop_placement_chart(self):
        self.chart_opens_the_list((1440, 900))

    def test_desktop_placement_chart_of_two_departments_and_the_total(self):
        self.chart_opens_the_list((1440, 900), two_departments=True)

    def test_phone_placement_chart(self):
        self.chart_opens_the_list((390, 844))


if __name__ == "__main__":
    unittest.main()
