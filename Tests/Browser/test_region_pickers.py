"""The 行政区划 picker (province → city → county) in the forms that used to take a typed six-digit
code: employer registration (its required mark and error), and the agreement form's 甲方 所在地,
which starts at the place stored and sends the code picked; at desktop and phone sizes."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser
from signing_helpers import SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class RegionPickerTest(SigningBrowserTest):
    def levels(self, picker):
        return [level for level in self.driver.find_elements(By.CSS_SELECTOR, f"{picker} select") if level.is_displayed()]

    def no_sideways_scroll(self):
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the page scrolls sideways")

    def registration_picker(self, size):
        self.driver.set_window_size(*size)
        self.open("#/register")
        picker = "#employer-form .region-picker:has([name='regionCode'])"
        self.find(picker)
        self.assertIn("所在地", self.find("#employer-form label:has([name='regionCode'])").text)
        self.assertIn("＊", self.find("#employer-form label:has([name='regionCode'])").text)
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#employer-form input[name='regionCode']:not([type='hidden'])"))
        self.button("提交注册")
        self.wait_text("#employer-form label:has([name='regionCode']) .field-error", "请选择所在地")
        self.shot("region-required")
        self.assertEqual(self.pick_region("regionCode", ["浙江省", "杭州市", "西湖区"]), "330106")
        self.assertEqual(len(self.levels(picker)), 3)
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#employer-form label:has([name='regionCode']) .field-error"))
        self.no_sideways_scroll()
        right = self.driver.execute_script(
            "return Math.max(...[...document.querySelectorAll(arguments[0] + ' select')].map((s) => s.getBoundingClientRect().right))", picker)
        self.assertLessEqual(right, self.driver.execute_script("return document.documentElement.clientWidth"))
        self.shot("region-picked")
        # Another province: the deeper levels go, and the province itself is the value until more is picked.
        Select(self.levels(picker)[0]).select_by_visible_text("北京市")
        self.wait.until(lambda driver: self.driver.find_element(By.CSS_SELECTOR, f"{picker} [name='regionCode']").get_attribute("value") == "110000")
        self.assertEqual(self.pick_region("regionCode", ["北京市", "海淀区"]), "110108")
        self.shot("region-changed")

    def test_desktop_registration_picks_a_place(self):
        self.registration_picker((1440, 900))

    def test_phone_registration_picks_a_place(self):
        self.registration_picker((390, 844))

    def amend_picks_a_place(self, size):
        school, password, code, rows = self.school_with_signing()
        agreement = self.effective_agreement(school, password, code, rows[0])
        self.driver.set_window_size(*size)
        self.staff_page(school, password, "在线签约管理")
        self.wait_text("#agreements", "签约审核通过")
        self.button("详细", within="#agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.button("修改", within=self.dialog())
        form = self.top_dialog()
        picker = f"{form} .region-picker:has([name='employer.regionCode'])"
        # It starts at the employer's place (110108): 北京市, 海淀区.
        self.wait.until(lambda driver: len(self.levels(picker)) == 2
                        and Select(self.levels(picker)[1]).first_selected_option.text == "海淀区")
        self.assertEqual(Select(self.levels(picker)[0]).first_selected_option.text, "北京市")
        self.no_sideways_scroll()
        self.shot("amend-region-shown")
        self.assertEqual(self.pick_region("employer.regionCode", ["浙江省", "杭州市", "西湖区"], within=form), "330106")
        self.shot("amend-region-picked")
        self.button("确定", within=form)
        self.result("修改：已完成")
        admin = browser.system.sign_in("staff", "admin", password, school)
        stored = browser.system.api("GET", f"/api/v1/agreements/{agreement['id']}", None, admin)
        self.assertEqual(stored["employer"]["regionCode"], "330106")

    def test_desktop_agreement_amend_picks_a_place(self):
        self.amend_picks_a_place((1440, 900))

    def test_phone_agreement_amend_picks_a_place(self):
        self.amend_picks_a_place((390, 844))


if __name__ == "__main__":
    unittest.main()
