"""Forgotten passwords: the graduate's 忘记密码 (the roster's 身份证号 + 姓名 + 考生号, a new password
twice and the captcha every time) from the sign-in page's 毕业生 tab, and the platform operator's
重置密码 of an employer, whose new initial password is shown once; at desktop and phone sizes.

The graduate's form is sent to the real server throughout: refused for a wrong captcha, then
accepted once the test has set the answer of the captcha it was shown (System.answer_captcha: a
person reads the image, the test rewrites its stored answer); the new password then signs in
through the console and the old one is refused."""
import unittest

from selenium.webdriver.common.by import By

import browser
from browser import graduate_rows, roster_csv, seed_demo
from signing_helpers import EMPLOYER_PASSWORD, approved_employer
from system import CAPTCHA_ANSWER, OPERATOR_PASSWORD

GRADUATE_PASSWORD = "Student2025"
NEW_GRADUATE_PASSWORD = "NewStudent2026"
employer_counter = 0


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class PasswordTest(browser.BrowserTest):
    def activated_graduate(self):
        """Through the API: a school, a roster of 2 and the first graduate's account activated."""
        system = browser.system
        school, initial = self.new_school()
        token = system.sign_in("staff", "admin", initial, school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": "Admin2025x"}, token)
        admin = system.sign_in("staff", "admin", "Admin2025x", school)
        rows = graduate_rows(2, ["计算机学院"], seed=int(school) % 71)
        system.api("POST", "/api/v1/graduates/imports?createDepartments=true", roster_csv(rows).encode(), admin, "text/csv")
        graduate = rows[0]
        system.api("POST", "/api/v1/graduate-activations", {"schoolCode": school, "idNumber": graduate[5], "name": graduate[4],
                                                            "candidateNumber": graduate[3], "password": GRADUATE_PASSWORD})
        return school, graduate

    def no_sideways_scroll(self):
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the page scrolls sideways")

    def graduate_resets(self, size):
        school, graduate = self.activated_graduate()
        self.driver.set_window_size(*size)
        self.choose_kind("graduate")
        self.shot("graduate-tab")
        self.link("忘记密码")
        self.wait_text("main h2", "忘记密码")
        form = "#password-reset-form"
        # The captcha is there from the start: every attempt needs one.
        first_image = self.find("#captcha-image").get_attribute("src")
        self.assertTrue(first_image.startswith("data:image/png;base64,"))
        # Nothing filled: every required field is marked at once.
        self.button("重新设置密码", within=form)
        self.wait_text("main .message.error", "项需要修改")
        self.assertGreaterEqual(len(self.driver.find_elements(By.CSS_SELECTOR, f"{form} .field-error")), 7)
        self.no_sideways_scroll()
        self.shot("empty-refused")
        self.fill("schoolCode", school, within=form)
        self.fill("idNumber", graduate[5], within=form)
        self.fill("name", graduate[4], within=form)
        self.fill("candidateNumber", graduate[3], within=form)
        self.fill("password", NEW_GRADUATE_PASSWORD, within=form)
        self.fill("passwordAgain", "NewStudent2027", within=form)
        self.fill("captchaAnswer", "0000", within=form)
        self.button("重新设置密码", within=form)
        self.wait_text(f"{form} .field-error", "两次输入的密码不一致")
        # The real server refuses the wrong captcha answer, and a fresh captcha is shown.
        self.fill("passwordAgain", NEW_GRADUATE_PASSWORD, within=form)
        captchas_before = browser.system.captcha_ids()
        self.button("重新设置密码", within=form)
        self.wait_text("main .message.error", "验证码")
        self.wait.until(lambda driver: driver.find_element(By.ID, "captcha-image").get_attribute("src") != first_image)
        self.shot("captcha-refused")
        browser.system.sign_in("graduate", graduate[5], GRADUATE_PASSWORD)     # unchanged
        # Answered (the fresh captcha's stored answer set by the test): the real server resets
        # the password, and the page returns to 登录 with the result.
        browser.system.answer_captcha(captchas_before)
        self.fill("captchaAnswer", CAPTCHA_ANSWER, within=form)
        self.button("重新设置密码", within=form)
        self.result("密码已重新设置")
        self.wait_text("main h2", "用户登录")
        self.assertTrue(self.driver.current_url.endswith("#/signin"))
        self.no_sideways_scroll()
        self.shot("back-to-sign-in")
        # The old password is refused and the new one signs in, through the console.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("main .message.error", "用户名或密码错误")
        self.shot("old-password-refused")
        self.sign_in_as("graduate", graduate[5], NEW_GRADUATE_PASSWORD)
        self.wait_text("main h2", f"{graduate[4]}，您好")
        self.assertIn("毕业生", self.find("#header-account").text)
        self.no_sideways_scroll()
        self.shot("signed-in-with-new-password")

    def test_desktop_graduate_forgot_password(self):
        self.graduate_resets((1440, 900))

    def test_phone_graduate_forgot_password(self):
        self.graduate_resets((390, 844))

    def new_employer(self):
        global employer_counter
        employer_counter += 1
        code = seed_demo.credit_code(f"91110108MA1R{employer_counter:05d}")
        return approved_employer(code, f"重置密码测试{employer_counter}有限公司", "北京市海淀区示范路2号")

    def operator_resets(self, size):
        employer = self.new_employer()
        self.driver.set_window_size(*size)
        self.sign_in_as("platformOperator", "operator", OPERATOR_PASSWORD)
        self.link("用人单位审核")
        self.find("#employers")
        self.driver.find_element(By.CSS_SELECTOR, "select[name='status'] option[value='approved']").click()
        self.fill("q", employer["creditCode"])
        self.button("查询")
        self.wait_text("#employers", employer["name"])
        self.wait.until(lambda driver: "共 1 条" in driver.find_element(By.ID, "employers").text)
        self.no_sideways_scroll()
        self.shot("employers")
        self.button("重置密码", within="#employers")
        self.confirm(f"确认重置{employer['name']}", shot="confirm-reset")
        self.wait_text("#reset-password-result", "只显示这一次")
        password = self.find("#new-initial-password").text.strip()
        self.assertGreaterEqual(len(password), 8)
        self.result(f"{employer['name']}的密码已重置")
        self.shot("new-password")
        # The old password is gone; the new one signs in and must be changed.
        with self.assertRaises(SystemExit):
            browser.system.sign_in("employer", employer["creditCode"], EMPLOYER_PASSWORD)
        self.button("关闭", within=self.dialog())
        self.button("退出")
        self.sign_in_as("employer", employer["creditCode"], password)
        self.wait_text("main h2", "修改密码")
        self.shot("employer-must-change")

    def test_desktop_operator_resets_an_employer_password(self):
        self.operator_resets((1440, 900))

    def test_phone_operator_resets_an_employer_password(self):
        self.operator_resets((390, 844))


if __name__ == "__main__":
    unittest.main()
