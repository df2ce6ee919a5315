"""The web console shell in a real headless Chromium against the real processes: sign-in,
模块选择, 账号管理, 学生名单管理 (import with the row errors, search), captcha, graduate
activation, employer registration and the operator's review."""
import os
import urllib.request
import unittest

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser
from browser import BrowserTest, graduate_rows, roster_csv, seed_demo


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class ConsoleTest(BrowserTest):
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
        # 停用 asks first, names the account, and ends with a result; 启用 likewise.
        for action, result in [("停用", "已停用"), ("启用", "已启用")]:
            row = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "#accounts tbody tr") if "cs-admin" in r.text)
            row.find_element(By.XPATH, f".//button[normalize-space()='{action}']").click()
            self.confirm("cs-admin", shot=f"confirm-{action}")
            self.wait_text("main .message.ok", f"账号 cs-admin {result}")
            self.shot(f"account-{action}")

        # A roster with one bad row (a wrong 身份证号 check digit): the row and reason are
        # shown, and nothing is imported.
        self.link("学生名单管理")
        self.find("#import-button")
        rows = graduate_rows(12, ["计算机学院", "外国语学院"], seed=int(school) % 97)
        bad = [list(row) for row in rows]
        good_id = bad[4][5]
        bad[4][5] = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
        self.upload_roster(roster_csv(bad), "名单-有错误.csv", confirm=False)
        errors = self.wait_text("#import-result", "未导入任何数据")
        self.assertIn("6", errors.text)          # the bad row: header is row 1, so the 5th graduate is row 6
        self.assertIn("身份证号", errors.text)
        self.shot("import-errors")
        self.wait_text("#roster-results", "没有符合条件的毕业生")

        # The fixed file imports every row.
        self.upload_roster(roster_csv(rows), "名单.csv")
        self.wait_text("#import-result", "已写入 12 名毕业生")
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

    def sign_in_wrongly_until_a_captcha(self, school, identifier):
        """Wrong staff passwords for `identifier` until the page shows a captcha (at most 6)."""
        self.choose_kind("staff")
        self.fill("schoolCode", school)
        self.fill("identifier", identifier)
        for attempt in range(6):
            self.fill("password", f"wrong-{attempt}")
            self.button("登录")
            self.wait_text("main .message.error", "")
            # The button is enabled again once the answer (and a captcha it asked for) is in.
            self.wait.until(lambda driver: driver.find_element(By.ID, "sign-in-button").is_enabled())
            if self.driver.find_elements(By.ID, "captcha-image"):
                break

    def test_repeated_wrong_passwords_ask_for_a_captcha(self):
        school, initial = self.new_school()
        self.sign_in_wrongly_until_a_captcha(school, "admin")
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

    def test_school_admin_reimports_the_updated_roster_after_a_preview(self):
        """导入名单 is a sync: the updated roster is previewed (new 院系 offered, fields old →
        new, a 姓名 change held until ticked) and applied only when confirmed."""
        school, initial = self.new_school()
        self.open()
        self.first_sign_in(school, "admin", initial, "Admin2025x")
        self.find(".modules")        # the new password is saved
        admin = browser.system.sign_in("staff", "admin", "Admin2025x", school)
        browser.system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        rows = graduate_rows(3, ["计算机学院"], seed=int(school) % 83)
        browser.system.api("POST", "/api/v1/graduates/imports", roster_csv(rows).encode(), admin, "text/csv")
        self.find(".modules a[data-module='esigning']").click()
        self.link("学生名单管理")
        self.wait_text("#roster-results", "共 3 条")

        updated = [list(row) for row in rows]
        updated[0][1] = "人工智能"                         # 专业
        updated[1][4] = updated[1][4] + "新"               # 姓名: an identity change
        extra = graduate_rows(5, ["外国语学院"], seed=int(school) % 83)[3:5]
        self.upload_roster(roster_csv(updated + extra), "名单-更新.csv", confirm=False)
        # The file names a 院系 the school lacks: created with the import when asked.
        self.wait_text("#new-departments", "外国语学院")
        self.shot("new-departments")
        self.button("创建这些院系并继续", within=self.dialog())
        preview = self.wait_text("#import-preview", "新增 2 名")
        self.assertIn("更新 2 名", preview.text)
        self.assertIn("1 名没有变化", preview.text)
        self.assertIn("专业：软件工程 → 人工智能", preview.text)
        self.assertIn(f"姓名：{rows[1][4]} → {updated[1][4]}", preview.text)
        self.shot("preview")
        # Nothing is written before the confirmation, and a 姓名 change needs its tick.
        self.assertIn("共 3 条", self.find("#roster-results").text)
        self.button("确认导入", within=self.dialog())
        self.wait_text(self.dialog(), "请先勾选确认姓名或考生号的变更")
        self.find("#import-preview [name='confirmIdentityChanges']").click()
        self.button("确认导入", within=self.dialog())
        self.wait_text("#import-result", "导入成功：已写入 4 名毕业生")
        self.wait_text("#roster-results", "共 5 条")
        self.assertIn("人工智能", self.find("#roster-results").text)
        self.shot("reimported")

        # The same file again: nothing to do, and nothing is asked.
        self.upload_roster(roster_csv(updated + extra), "名单-更新.csv", confirm=False)
        self.wait_text("#import-result", "名单没有变化")

    def test_staff_pick_the_origin_region_by_name(self):
        """生源所在地 is picked province → district (GB/T 2260), saved as its code, shown again
        when the graduate is edited; the save shows its result."""
        school, initial = self.new_school()
        self.open()
        self.first_sign_in(school, "admin", initial, "Admin2025x")
        self.find(".modules")
        admin = browser.system.sign_in("staff", "admin", "Admin2025x", school)
        browser.system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        graduate = graduate_rows(1, ["计算机学院"], seed=int(school) % 79)[0]
        self.find(".modules a[data-module='esigning']").click()
        self.link("学生名单管理")
        self.button("新增毕业生")
        dialog = self.dialog()
        Select(self.find(f"{dialog} [name='department']")).select_by_visible_text("计算机学院")
        for name, value in [("major", "软件工程"), ("cohort", "2025"), ("name", graduate[4]), ("idNumber", graduate[5]),
                            ("candidateNumber", graduate[3]), ("studentNumber", graduate[6])]:
            self.fill(name, value, within=dialog)
        levels = f"{dialog} .region-picker select"
        self.wait.until(lambda driver: len(Select(driver.find_elements(By.CSS_SELECTOR, levels)[0]).options) > 30)
        Select(self.driver.find_elements(By.CSS_SELECTOR, levels)[0]).select_by_visible_text("上海市")
        self.wait.until(lambda driver: driver.find_elements(By.CSS_SELECTOR, levels)[1].is_displayed()
                        and len(Select(driver.find_elements(By.CSS_SELECTOR, levels)[1]).options) > 5)
        Select(self.driver.find_elements(By.CSS_SELECTOR, levels)[1]).select_by_visible_text("浦东新区")
        self.shot("region-picked")
        self.button("保存", within=dialog)
        self.wait_text("#import-result", f"已新增毕业生“{graduate[4]}”")
        stored = browser.system.api("GET", "/api/v1/graduates", None, admin)["items"][0]
        self.assertEqual(stored["originRegion"], "310115")
        self.assertEqual(stored["originRegionName"], "上海市浦东新区")
        # Editing shows the place picked, by name.
        self.button("编辑", within="#roster-results")
        self.wait.until(lambda driver: Select(driver.find_elements(By.CSS_SELECTOR, levels)[1]).first_selected_option.text == "浦东新区")
        self.assertEqual(Select(self.driver.find_elements(By.CSS_SELECTOR, levels)[0]).first_selected_option.text, "上海市")
        self.shot("region-shown")
        self.button("取消", within=dialog)

    def test_graduate_activates_and_lands_on_the_graduate_home(self):
        school, initial = self.new_school()
        admin = browser.system.sign_in("staff", "admin", initial, school)
        new_password = "Admin2025x"
        browser.system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": new_password}, admin)
        admin = browser.system.sign_in("staff", "admin", new_password, school)
        browser.system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        rows = graduate_rows(3, ["计算机学院"], seed=int(school) % 89)
        browser.system.api("POST", "/api/v1/graduates/imports?createDepartments=true", roster_csv(rows).encode(), admin, "text/csv")
        graduate = rows[1]

        self.choose_kind("graduate")
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

    def test_password_change_activation_and_captchas_work_on_a_phone(self):
        """The pages this session changed, at 390×844: the first password change, activation
        with its captcha, and the sign-in captcha; no script error or CSP violation."""
        self.driver.set_window_size(390, 844)
        school, initial = self.new_school()
        self.first_sign_in(school, "admin", initial, "Admin2025x")
        self.wait.until(lambda driver: "修改密码" not in driver.find_element(By.CSS_SELECTOR, "main h2").text)
        self.shot("phone-after-password-change")
        admin = browser.system.sign_in("staff", "admin", "Admin2025x", school)
        browser.system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        rows = graduate_rows(2, ["计算机学院"], seed=int(school) % 89)
        browser.system.api("POST", "/api/v1/graduates/imports?createDepartments=true", roster_csv(rows).encode(), admin, "text/csv")
        self.button("退出")

        def captcha_fits():
            # The field renews its image (and may re-render it) after each failure: wait for a
            # loaded one, found afresh each time, then measure it in one script so that it
            # cannot be replaced between the reads (CI once caught a stale element here).
            def loaded(driver):
                try:
                    src = driver.find_element(By.ID, "captcha-image").get_attribute("src") or ""
                    return src.startswith("data:image/png;base64,")
                except (NoSuchElementException, StaleElementReferenceException):
                    return False
            self.wait.until(loaded)
            fits = self.driver.execute_script(
                "const width = document.documentElement.clientWidth;"
                "const image = document.getElementById('captcha-image').getBoundingClientRect();"
                "const answer = document.querySelector(\"input[name='captchaAnswer']\").getBoundingClientRect();"
                "return [image.right <= width, answer.right <= width];")
            self.assertEqual(fits, [True, True], "the captcha or its answer field runs off a 390 px screen")

        # Activation: wrong 考生号 until the captcha appears, then it must fit the screen.
        self.choose_kind("graduate")
        self.link("首次使用？激活毕业生账号")
        graduate = rows[0]
        self.fill("schoolCode", school)
        self.fill("idNumber", graduate[5])
        self.fill("name", graduate[4])
        self.fill("password", "Student2025")
        self.fill("passwordAgain", "Student2025")
        for attempt in range(6):
            self.fill("candidateNumber", f"00{attempt}")
            self.button("激活并登录")
            self.wait_text("main .message.error", "")
            if self.driver.find_elements(By.ID, "captcha-image"):
                break
        captcha_fits()
        self.shot("phone-activation-captcha")

        # Sign-in: an account with repeated failures is asked for a captcha too.
        self.sign_in_wrongly_until_a_captcha(school, "nobody")
        captcha_fits()
        self.shot("phone-sign-in-captcha")

        self.assertEqual(browser.log_problems(self.browser_log()), [])

    def test_sign_in_tabs_and_the_registration_form_at_desktop_and_phone(self):
        """Every sign-in tab starts with its first field (no stray "null"), required fields are
        marked, the registration form keeps to its card at 1440 px and to the screen at 390 px,
        and an empty submission marks every required field at once; the icon is served."""
        self.driver.set_window_size(1440, 900)
        self.open("#/signin")
        for kind in ["staff", "graduate", "employer", "platformOperator"]:
            self.find(f".tabs button[data-kind='{kind}']").click()
            self.find(f".tabs button.active[data-kind='{kind}']")
            form = self.find("main form")
            self.assertNotIn("null", form.text)
            first = self.driver.execute_script("return document.querySelector('main form').firstElementChild.tagName")
            self.assertEqual(first, "LABEL", f"the {kind} tab does not start with a field")
            self.assertTrue(form.find_elements(By.CSS_SELECTOR, "label.required .required-mark"))
            self.assertEqual(form.find_element(By.NAME, "password").get_attribute("aria-required"), "true")
            self.shot(f"sign-in-{kind}")
        self.find(".tabs button[data-kind='employer']").click()
        self.link("还没有账号？用人单位注册")
        card = self.find(".card.register")
        self.assertLessEqual(card.rect["width"], 760)
        self.assertLessEqual(self.find("#employer-form").rect["width"], 760)
        self.button("提交注册")
        self.wait_text("main .message.error", "项需要修改")
        marked = self.driver.find_elements(By.CSS_SELECTOR, "#employer-form .invalid")
        self.assertEqual(len(marked), 12, [m.get_attribute("name") for m in marked])
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#employer-form .field-error")), 12)
        self.assertIn("请上传营业执照扫描件", self.find("#employer-form label:has([name='licence'])").text)
        self.shot("registration-all-errors")
        self.driver.set_window_size(390, 844)
        widths = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " document.getElementById('employer-form').getBoundingClientRect().right];")
        self.assertLessEqual(widths[0], widths[1], "the registration page scrolls sideways on a phone")
        self.assertLessEqual(widths[2], widths[1])
        self.shot("phone-registration")
        with urllib.request.urlopen(browser.system.base + "/favicon.ico") as response:
            self.assertEqual(response.status, 200)
            self.assertIn("svg", response.headers["Content-Type"])

    def test_employer_registers_and_the_operator_approves(self):
        code = seed_demo.credit_code("91110108MA01BRW" + f"{BrowserTest.school_counter % 100:02d}")
        BrowserTest.school_counter += 1
        licence = os.path.join(self.downloads, "营业执照.png")
        with open(licence, "wb") as file:
            file.write(seed_demo.licence_png(code))

        # Registration, with two mistakes first: 所在地 not picked (the client marks it, nothing
        # is sent), then a credit code whose check character is wrong (the server's refusal).
        wrong_code = code[:-1] + ("0" if code[-1] != "0" else "1")
        self.choose_kind("employer")
        self.link("还没有账号？用人单位注册")
        self.fill("creditCode", wrong_code)
        self.fill("name", "北京浏览器测试科技有限公司")
        Select(self.find("[name='nature']")).select_by_visible_text("其他企业")
        Select(self.find("[name='industry']")).select_by_visible_text("信息传输、软件和信息技术服务业")
        self.fill("address", "北京市海淀区中关村大街1号")
        self.fill("contactName", "王经理")
        self.fill("contactPhone", "13812345678")
        self.fill("email", "hr@example.com")
        self.fill("password", "Employer2025")
        self.fill("passwordAgain", "Employer2025")
        self.driver.find_element(By.CSS_SELECTOR, "[name='licence']").send_keys(licence)
        self.shot("registration")
        self.button("提交注册")
        self.wait_text("#employer-form label:has([name='regionCode']) .field-error", "请选择所在地")
        self.assertIn("invalid", self.driver.find_element(By.CSS_SELECTOR, "[name='regionCode']").get_attribute("class"))
        # The picker's first level has the focus, to pick from.
        self.assertTrue(self.driver.execute_script("return document.activeElement.matches('.region-picker select')"))
        self.shot("registration-region-missing")
        self.assertEqual(self.pick_region("regionCode", ["北京市", "海淀区"]), "110108")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#employer-form label:has([name='regionCode']) .field-error"))
        self.button("提交注册")
        self.wait_text("main .message.error", "")
        # The server's error is shown beside its field, and the chosen licence stays chosen.
        self.wait.until(lambda driver: "invalid" in driver.find_element(By.CSS_SELECTOR, "[name='creditCode']").get_attribute("class"))
        self.assertTrue(self.find("#employer-form label:has([name='creditCode']) .field-error").text)
        self.assertEqual(self.driver.execute_script("return document.querySelector(\"[name='licence']\").files.length"), 1)
        self.shot("registration-error")
        self.fill("creditCode", code)
        self.button("提交注册")
        status = self.wait_text("#employer-status", "待审核")
        self.shot("employer-pending")
        self.assertIn("北京浏览器测试科技有限公司", self.find("main .facts").text)
        self.button("退出")

        # The platform operator refuses without a reason (the field is marked), then approves.
        self.sign_in_as("platformOperator", "operator", "Operator2024")
        self.find("#school-form")
        self.shot("operator-schools")
        self.link("用人单位审核")
        self.wait_text("#employers", "北京浏览器测试科技有限公司")
        # The operator's two tabs are apart (their padding comes from the stylesheet now).
        tabs = self.driver.find_elements(By.CSS_SELECTOR, ".tabs a")
        self.assertGreaterEqual(tabs[1].rect["x"] - (tabs[0].rect["x"] + tabs[0].rect["width"]), 0)
        self.assertEqual(tabs[0].value_of_css_property("padding-left"), "12px")
        row = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "#employers tbody tr") if code in r.text)
        row.find_element(By.XPATH, ".//button[normalize-space()='审核']").click()
        self.button("不通过", within=self.dialog())
        self.wait_text(f"{self.dialog()} .message.error", "")
        self.shot("review-needs-reason")
        self.button("通过", within=self.dialog())
        self.confirm("通过后该单位可以向毕业生发起网签", shot="approve-confirmation")
        self.wait_text("main .message.ok", "已通过")
        self.shot("approved")
        self.button("退出")

        # The employer now sees 已通过.
        self.sign_in_as("employer", code.lower(), "Employer2025")
        self.wait_text("#employer-status", "已通过")
        self.shot("employer-approved")


if __name__ == "__main__":
    unittest.main()
