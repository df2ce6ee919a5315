"""The web console in a real headless Chromium against the real accounts and gateway
processes. Every page a test visits is saved as a screenshot under test-output/browser/.
"""
import csv
import io
import os
import pathlib
import random
import shutil
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from system import ROOT, System, seed_demo

SCREENSHOTS = pathlib.Path(os.environ.get("GRADUATE_TEST_OUTPUT", ROOT / "test-output")) / "browser"
HEADER = ["院系", "专业", "学历", "考生号", "姓名", "身份证号", "学号", "性别", "届别", "毕业时间", "学制",
          "培养方式", "定向/委培单位", "生源所在地", "手机号"]

system = None


def setUpModule():
    global system
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    system = System().start()


def tearDownModule():
    if system:
        system.stop()


def roster_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def graduate_rows(count, departments, seed):
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        department = departments[index % len(departments)]
        rows.append([department, "软件工程" if department == "计算机学院" else "英语", "本科", f"25{seed:04d}{index:08d}",
                     f"测试{chr(0x4e00 + seed * 50 + index)}", seed_demo.id_number(rng, index), f"S{seed:04d}{index:06d}", "",
                     "2025", "202506", "4", "非定向", "", "110105", f"139{index:08d}"])
    return rows


class ConsoleTest(unittest.TestCase):
    school_counter = 20000

    def setUp(self):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"]:
            options.add_argument(argument)
        self.downloads = tempfile.mkdtemp(prefix="downloads-")
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False})
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.wait = WebDriverWait(self.driver, 20)
        self.shot_number = 0

    def tearDown(self):
        self.shot("end")
        self.driver.quit()

    # Helpers -----------------------------------------------------------------------------

    def shot(self, label):
        self.shot_number += 1
        self.driver.save_screenshot(str(SCREENSHOTS / f"{self._testMethodName}-{self.shot_number:02d}-{label}.png"))

    def open(self, fragment=""):
        self.driver.get(system.base + "/" + fragment)

    def find(self, css):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_text(self, css, text):
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def fill(self, name, value, within="body"):
        control = self.find(f"{within} [name='{name}']")
        control.clear()
        control.send_keys(value)

    def button(self, text, within="body"):
        xpath = f"//button[normalize-space()='{text}']"
        scope = self.driver.find_element(By.CSS_SELECTOR, within)
        self.wait.until(lambda _: any(b.is_displayed() and b.is_enabled() for b in scope.find_elements(By.XPATH, "." + xpath)))
        next(b for b in scope.find_elements(By.XPATH, "." + xpath) if b.is_displayed()).click()

    def link(self, text):
        self.wait.until(EC.element_to_be_clickable((By.LINK_TEXT, text))).click()

    def dialog(self):
        return "dialog[open]"

    def new_school(self):
        """A school of its own for each test, made through the API by the platform operator."""
        ConsoleTest.school_counter += 1
        code = str(ConsoleTest.school_counter)
        created = system.api("POST", "/api/v1/schools", {"code": code, "name": f"浏览器测试大学{code}", "adminUsername": "admin"},
                             system.operator_token())
        return code, created["initialPassword"]

    def sign_in_staff(self, school, username, password):
        self.open("#/signin")
        self.find(".tabs button[data-kind='staff']").click()
        self.fill("schoolCode", school)
        self.fill("identifier", username)
        self.fill("password", password)
        self.button("登录")

    def first_sign_in(self, school, username, initial, new_password):
        self.sign_in_staff(school, username, initial)
        self.wait_text("main h2", "修改密码")
        self.shot("change-password")
        self.fill("oldPassword", initial)
        self.fill("newPassword", new_password)
        self.fill("newPasswordAgain", new_password)
        self.button("修改密码")

    def upload_roster(self, text, name):
        path = os.path.join(self.downloads, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        self.driver.find_element(By.ID, "roster-file").send_keys(path)

    # Tests -------------------------------------------------------------------------------

    def test_school_admin_imports_a_roster_and_finds_a_graduate(self):
        school, initial = self.new_school()
        self.open()
        self.find("#sign-in-button")
        self.shot("sign-in")
        self.first_sign_in(school, "admin", initial, "Admin2025x")

        # 模块选择 shows every module a school admin has.
        modules = self.find(".modules")
        self.shot("modules")
        self.assertEqual(
            [a.text for a in modules.find_elements(By.TAG_NAME, "a")],
            ["毕业去向登记与网签", "档案/户口信息管理", "登记确认信息", "户档转递核验信息"],
        )
        self.assertIn(f"浏览器测试大学{school}", self.find("#header-school").text)
        self.find(".modules a[data-module='esigning']").click()
        self.wait_text("#roster-total", "0 人")
        self.shot("module-home")

        # 账号管理: two 院系 and a 院系管理员 for one of them.
        self.link("账号管理")
        for name in ["计算机学院", "外国语学院"]:
            self.fill("name", name, within="#department-form")
            self.button("新增院系", within="#department-form")
            self.wait_text("#accounts", name)
        self.button("新增账号")
        self.fill("username", "cs-admin", within=self.dialog())
        self.fill("displayName", "计院管理员", within=self.dialog())
        Select(self.find(f"{self.dialog()} [name='role']")).select_by_visible_text("院系管理员")
        Select(self.find(f"{self.dialog()} [name='departmentId']")).select_by_visible_text("计算机学院")
        self.shot("new-account")
        self.button("创建", within=self.dialog())
        department_password = self.find("#initial-password").text
        self.shot("initial-password")
        self.button("关闭", within=self.dialog())
        self.wait_text("#accounts", "计院管理员")

        # A roster with one bad row (a wrong 身份证号 check digit): the row and reason are
        # shown, and nothing is imported.
        self.link("学生名单管理")
        self.find("#import-button")
        rows = graduate_rows(12, ["计算机学院", "外国语学院"], seed=int(school) % 97)
        bad = [list(row) for row in rows]
        good_id = bad[4][5]
        bad[4][5] = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
        self.upload_roster(roster_csv(bad), "名单-有错误.csv")
        errors = self.wait_text("#import-result", "未导入任何数据")
        self.assertIn("6", errors.text)          # the bad row: header is row 1, so the 5th graduate is row 6
        self.assertIn("身份证号", errors.text)
        self.shot("import-errors")
        self.wait_text("#roster-results", "没有符合条件的毕业生")

        # The fixed file imports every row.
        self.upload_roster(roster_csv(rows), "名单.csv")
        self.wait_text("#import-result", "共导入 12 名毕业生")
        self.wait_text("#roster-results", "共 12 条")
        self.shot("imported")

        # Find one graduate by name, then by 身份证号 fragment.
        target = rows[7]
        self.fill("q", target[4], within="#roster-filters")
        self.button("查询", within="#roster-filters")
        self.wait_text("#roster-results", "共 1 条")
        self.assertIn(target[5], self.find("#roster-results").text)
        self.shot("found-by-name")
        self.fill("q", target[5][-6:], within="#roster-filters")
        self.button("查询", within="#roster-filters")
        self.wait_text("#roster-results", "共 1 条")

        # 修改培养方式 is recorded and listed.
        self.button("修改培养方式", within="#roster-results")
        Select(self.find(f"{self.dialog()} [name='trainingMode']")).select_by_visible_text("定向")
        self.button("确认修改", within=self.dialog())
        self.wait_text(f"{self.dialog()} .field-error", "")     # a 定向 unit is required: the field is marked
        self.shot("training-mode-error")
        self.fill("boundUnit", "某市教育局", within=self.dialog())
        self.fill("reason", "签订定向协议", within=self.dialog())
        self.button("确认修改", within=self.dialog())
        self.wait_text("#roster-results", "定向（某市教育局）")
        self.link("培养方式修改记录")
        self.wait_text("#training-mode-changes", "签订定向协议")
        self.shot("training-mode-changes")

        # Filter by 院系.
        self.link("学生名单管理")
        Select(self.find("#roster-filters [name='department']")).select_by_visible_text("外国语学院")
        self.button("查询", within="#roster-filters")
        self.wait_text("#roster-results", "共 6 条")

        # Template download.
        self.button("下载模板")
        self.wait.until(lambda _: any(name.endswith(".csv") for name in os.listdir(self.downloads) if "名单" not in name or "模板" in name))

        # The department admin sees only 计算机学院, and cannot import.
        self.button("退出")
        self.first_sign_in(school, "cs-admin", department_password, "CsAdmin2025")
        self.find(".modules a[data-module='esigning']").click()
        self.link("学生名单管理")
        self.wait_text("#roster-results", "共 6 条")
        self.assertNotIn("外国语学院", self.find("#roster-results").text)
        self.assertEqual(self.driver.find_elements(By.ID, "import-button"), [])
        self.assertEqual([a.text for a in self.driver.find_elements(By.LINK_TEXT, "账号管理")], [])
        self.shot("department-roster")

    def test_repeated_wrong_passwords_ask_for_a_captcha(self):
        school, initial = self.new_school()
        self.open("#/signin")
        self.find(".tabs button[data-kind='staff']").click()
        self.fill("schoolCode", school)
        self.fill("identifier", "admin")
        for attempt in range(6):
            self.fill("password", f"wrong-{attempt}")
            self.button("登录")
            self.wait_text("main .message.error", "")
            if self.driver.find_elements(By.ID, "captcha-image"):
                break
        image = self.find("#captcha-image")
        self.assertTrue(image.get_attribute("src").startswith("data:image/png;base64,"))
        self.assertIn("验证码", self.find("main .message.error").text)
        self.shot("captcha")
        # A wrong captcha answer with the right password is still refused.
        self.fill("password", initial)
        self.fill("captchaAnswer", "0000")
        self.button("登录")
        self.wait_text("main .message.error", "验证码")
        self.assertEqual(self.driver.current_url.split("#")[-1], "/signin")

    def test_graduate_activates_and_lands_on_the_graduate_home(self):
        school, initial = self.new_school()
        admin = system.sign_in("staff", "admin", initial, school)
        new_password = "Admin2025x"
        system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": new_password}, admin)
        admin = system.sign_in("staff", "admin", new_password, school)
        system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        rows = graduate_rows(3, ["计算机学院"], seed=int(school) % 89)
        system.api("POST", "/api/v1/graduates/imports", roster_csv(rows).encode(), admin, "text/csv")
        graduate = rows[1]

        self.open("#/signin")
        self.find(".tabs button[data-kind='graduate']").click()
        self.link("首次使用？激活毕业生账号")
        self.fill("schoolCode", school)
        self.fill("idNumber", graduate[5])
        self.fill("name", graduate[4])
        self.fill("candidateNumber", "000")
        self.fill("password", "Student2025")
        self.fill("passwordAgain", "Student2025")
        self.button("激活并登录")
        self.wait_text("main .message.error", "")
        self.shot("activation-refused")
        self.fill("candidateNumber", graduate[3])
        self.button("激活并登录")
        self.wait_text("main h2", f"{graduate[4]}，您好")
        self.assertIn("计算机学院", self.find("main .facts").text)
        self.assertIn("毕业生", self.find("#header-account").text)
        self.shot("graduate-home")
        # A graduate has no staff pages: the console sends them home.
        self.open("#/modules")
        self.wait_text("main h2", f"{graduate[4]}，您好")

    def test_employer_registers_and_the_operator_approves(self):
        code = seed_demo.credit_code("91110108MA01BRW" + f"{ConsoleTest.school_counter % 100:02d}")
        ConsoleTest.school_counter += 1
        licence = os.path.join(self.downloads, "营业执照.png")
        with open(licence, "wb") as file:
            file.write(seed_demo.licence_png(code))

        # Registration, with one mistake first: the 所在地 code is marked, nothing is stored.
        self.open("#/signin")
        self.find(".tabs button[data-kind='employer']").click()
        self.link("还没有账号？用人单位注册")
        self.fill("creditCode", code)
        self.fill("name", "北京浏览器测试科技有限公司")
        Select(self.find("[name='nature']")).select_by_visible_text("其他企业")
        Select(self.find("[name='industry']")).select_by_visible_text("信息传输、软件和信息技术服务业")
        self.fill("regionCode", "990000")
        self.fill("address", "北京市海淀区中关村大街1号")
        self.fill("contactName", "王经理")
        self.fill("contactPhone", "13812345678")
        self.fill("email", "hr@example.com")
        self.fill("password", "Employer2025")
        self.fill("passwordAgain", "Employer2025")
        self.driver.find_element(By.CSS_SELECTOR, "[name='licence']").send_keys(licence)
        self.shot("registration")
        self.button("提交注册")
        self.wait_text("main .message.error", "")
        self.assertIn("invalid", self.find("[name='regionCode']").get_attribute("class"))
        self.shot("registration-error")
        self.fill("regionCode", "110108")
        self.button("提交注册")
        status = self.wait_text("#employer-status", "待审核")
        self.shot("employer-pending")
        self.assertIn("北京浏览器测试科技有限公司", self.find("main .facts").text)
        self.button("退出")

        # The platform operator refuses without a reason (the field is marked), then approves.
        self.open("#/signin")
        self.find(".tabs button[data-kind='platformOperator']").click()
        self.fill("identifier", "operator")
        self.fill("password", "Operator2024")
        self.button("登录")
        self.find("#school-form")
        self.shot("operator-schools")
        self.link("用人单位审核")
        self.wait_text("#employers", "北京浏览器测试科技有限公司")
        row = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "#employers tbody tr") if code in r.text)
        row.find_element(By.XPATH, ".//button[normalize-space()='审核']").click()
        self.button("不通过", within=self.dialog())
        self.wait_text(f"{self.dialog()} .message.error", "")
        self.shot("review-needs-reason")
        self.button("通过", within=self.dialog())
        self.wait_text("main .message.ok", "已通过")
        self.shot("approved")
        self.button("退出")

        # The employer now sees 已通过.
        self.open("#/signin")
        self.find(".tabs button[data-kind='employer']").click()
        self.fill("identifier", code.lower())
        self.fill("password", "Employer2025")
        self.button("登录")
        self.wait_text("#employer-status", "已通过")
        self.shot("employer-approved")


if __name__ == "__main__":
    unittest.main()
