"""档案/户口信息管理 in the console (DOMAIN.md §5): the school admin's 登记设置; a graduate fills in and
submits their 档案/户口信息 (at desktop size and on a 390×844 phone), every problem shown beside
its field; the school sees the application with the changed fields highlighted and refuses it
with a reason; the graduate reads the reason, edits and resubmits; the school approves and the
record shows 已登记; 数据统计 shows the per-院系 table and the 已登记 chart, a bar opening its list.
The shared tearDown fails a test on any script error or CSP violation in the browser log."""
import time
import unittest

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import browser
from signing_helpers import COHORT, GRADUATE_PASSWORD, SigningBrowserTest

DESKTOP = (1440, 900)
PHONE = (390, 844)


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class ArchiveTest(SigningBrowserTest):
    # Helpers ---------------------------------------------------------------------------------

    def archive_page(self, school, password, title=None):
        """Signs in as the school admin and opens 档案/户口信息管理 (and one of its pages)."""
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='archive']").click()
        self.wait_text("nav.side .module-name", "档案/户口信息管理")
        if title:
            self.link(title)

    def no_sideways_scrolling(self, what):
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], f"{what} scrolls sideways")

    def graduate_form(self, graduate):
        """Signs the graduate in and waits for their 档案/户口信息 form (the roster reaches the
        archive service asynchronously: the page is loaded again until it is there)."""
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        deadline = time.monotonic() + 30
        while True:
            try:
                WebDriverWait(self.driver, 3).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#archive-form"))
                break
            except TimeoutException:
                self.assertLess(time.monotonic(), deadline, "the graduate's 档案/户口信息 form did not appear")
                self.driver.refresh()
        self.driver.find_element(By.ID, "archive-link").click()
        return self.find("#archive-form")

    def choose(self, name, text, within="#archive-form"):
        Select(self.find(f"{within} [name='{name}']")).select_by_visible_text(text)

    def fill_receiving_unit(self, unit, phone="13912345678", within="#archive-form", kind="单位接收"):
        self.choose("values.transferType", kind, within=within)
        self.fill("values.receivingUnitName", unit, within=within)
        self.pick_region("values.receivingUnitRegion", ["北京市", "海淀区"], within=within)
        self.fill("values.receivingUnitAddress", "北京市海淀区中关村大街1号", within=within)
        self.fill("values.receivingUnitPostcode", "100080", within=within)
        self.fill("values.receivingUnitContact", "王老师", within=within)
        self.fill("values.receivingUnitPhone", phone, within=within)
        self.choose("values.transferMethod", "EMS", within=within)
        self.choose("values.migratesHukou", "否", within=within)

    def submit_form(self, label, expect_status):
        self.button(label, within="#archive-form")
        dialog = self.find("#confirm-dialog")
        if self.driver.get_window_size()["width"] < 500:
            # On a phone the confirmation fills the screen and its buttons are in reach.
            self.assertGreaterEqual(dialog.rect["width"], self.driver.execute_script("return document.documentElement.clientWidth") - 1)
            for button in dialog.find_elements(By.CSS_SELECTOR, ".dialog-buttons button"):
                self.assertTrue(button.is_displayed())
                bottom, height = self.driver.execute_script(
                    "return [arguments[0].getBoundingClientRect().bottom, window.innerHeight]", button)
                self.assertLessEqual(bottom, height)
        self.confirm("审核通过后信息生效", shot="confirm-submit")
        self.result("已提交")
        self.wait_text("#archive-application-status", expect_status)

    def open_application(self, name):
        """申请记录 (the school admin is signed in): opens the application of graduate `name`."""
        self.link("申请记录")
        self.wait_text("#archive-applications", name)
        self.button("审核", within="#archive-applications")
        return self.find("#archive-application-detail")

    # The whole course ---------------------------------------------------------------------------

    def course(self, size):
        school, password, _code, rows = self.school_with_signing()
        graduate = rows[0]

        # 登记设置: the school admin opens registration, 仅学校审核, and saves (after confirming).
        self.archive_page(school, password, "登记设置")
        self.find("#archive-settings-form")
        self.choose("registrationOpen", "开启（毕业生可以提交档案/户口信息）", within="#archive-settings-form")
        self.choose("reviewMode", "仅学校审核", within="#archive-settings-form")
        self.shot("settings")
        self.button("保存设置", within="#archive-settings-form")
        self.confirm("开启登记", shot="settings-confirm")
        self.result(f"{COHORT}届档案/户口信息登记设置已保存")
        self.assertEqual(Select(self.find("#archive-settings-form [name='reviewMode']")).first_selected_option.text, "仅学校审核")
        self.shot("settings-saved")
        self.button("退出")

        # The graduate fills in the form: first with nothing, every problem beside its field.
        self.driver.set_window_size(*size)
        self.graduate_form(graduate)
        self.wait_text("#archive-status", "未登记")
        self.shot("graduate-form")
        self.button("提交申请", within="#archive-form")
        self.find("#archive-form .field-error")
        for name in ("values.transferType", "values.migratesHukou"):
            self.assertEqual(self.find(f"#archive-form [name='{name}']").get_attribute("aria-invalid"), "true")
        # 单位接收 needs the receiving unit (＊ shown), 保留原校 hides it and asks for 保留期限.
        self.choose("values.transferType", "保留原校")
        self.assertFalse(self.driver.find_element(By.CSS_SELECTOR, "#archive-form [name='values.receivingUnitName']").is_displayed())
        self.find("#archive-form [name='values.retentionDeadline']")
        self.choose("values.transferType", "单位接收")
        unit_label = self.find("#archive-form label:has([name='values.receivingUnitName'])")
        self.assertTrue(unit_label.find_element(By.CSS_SELECTOR, ".required-mark").is_displayed())
        # A phone number the server refuses: its message beside 联系电话.
        self.fill_receiving_unit("北京示范接收单位", phone="12345")
        self.button("提交申请", within="#archive-form")
        self.confirm("审核通过后信息生效")
        self.wait_text("#archive-form label:has([name='values.receivingUnitPhone']) .field-error", "电话")
        self.shot("graduate-server-refusal")
        self.fill("values.receivingUnitPhone", "13912345678", within="#archive-form")
        if size == PHONE:
            self.no_sideways_scrolling("the graduate's page")
        self.shot("graduate-filled")
        self.submit_form("提交申请", "等待学校审核")
        self.wait_text("#archive-status", "审核中")
        if size == PHONE:
            self.no_sideways_scrolling("the graduate's page under review")
        self.shot("graduate-submitted")
        self.button("退出")

        # The school sees the application, the changed fields highlighted, and refuses it.
        self.driver.set_window_size(*DESKTOP)
        self.archive_page(school, password)
        self.wait_text("#home-counters", "1")
        self.shot("home-counters")
        detail = self.open_application(graduate[4])
        changed = detail.find_elements(By.CSS_SELECTOR, "#archive-comparison tr.changed")
        self.assertGreaterEqual(len(changed), 8)
        fields = {row.get_attribute("data-field") for row in changed}
        self.assertTrue({"transferType", "receivingUnitName", "receivingUnitPhone", "migratesHukou"} <= fields, fields)
        self.assertIn("北京示范接收单位", detail.find_elements(By.CSS_SELECTOR, "#archive-comparison tr[data-field='receivingUnitName'] mark")[-1].text)
        self.assertIn("已变更", changed[0].text)
        self.shot("application-detail")
        self.button("学校审核不通过", within=self.dialog())
        reason_dialog = self.top_dialog()
        self.wait_text(reason_dialog, "原因告知毕业生")
        self.fill("reason", "接收单位名称与签约单位不一致", within=reason_dialog)
        self.shot("refuse-reason")
        self.button("确认学校审核不通过", within=reason_dialog)
        self.result("审核不通过")
        self.button("退出")

        # The graduate reads the reason, edits and resubmits.
        self.driver.set_window_size(*size)
        self.graduate_form(graduate)
        self.wait_text("#archive-application", "接收单位名称与签约单位不一致")
        self.wait_text("#archive-application-status", "审核不通过")
        self.assertEqual(self.find("#archive-form [name='values.receivingUnitName']").get_attribute("value"), "北京示范接收单位")
        self.shot("graduate-refused")
        self.fill("values.receivingUnitName", "北京示范软件有限公司", within="#archive-form")
        self.submit_form("修改后重新提交", "等待学校审核")
        if size == PHONE:
            self.no_sideways_scrolling("the graduate's page after resubmitting")
        self.shot("graduate-resubmitted")
        self.button("退出")

        # The school approves; the record is 已登记.
        self.driver.set_window_size(*DESKTOP)
        self.archive_page(school, password)
        detail = self.open_application(graduate[4])
        self.assertIn("北京示范软件有限公司", detail.text)
        self.button("学校审核通过", within=self.dialog())
        self.confirm("状态为“已登记”")
        self.result("审核通过")
        self.link("档案/户口信息")
        self.wait_text("#archive-records", graduate[4])
        self.select_filter("#archive-records-filters", "status", "已登记")
        self.wait_text("#archive-records", "共 1 条")
        self.wait_text("#archive-records", "北京示范软件有限公司")
        self.button("详细", within="#archive-records")
        self.wait_text("#archive-record-detail .record-status", "已登记")
        self.wait_text("#archive-record-values", "北京示范软件有限公司")
        self.shot("record-registered")
        self.button("取消", within=self.dialog())

        # 数据统计: the table with 总计 and the chart; a bar opens its 已登记 list.
        self.link("数据统计")
        table = self.find("#archive-statistics-table")
        total = table.find_element(By.CSS_SELECTOR, "tr.total")
        self.assertIn("总计", total.text)
        department = table.find_element(By.XPATH, ".//tr[td[1][normalize-space()='计算机学院']]")
        self.assertEqual([cell.text for cell in department.find_elements(By.TAG_NAME, "td")][:6], ["计算机学院", "3", "1", "0", "2", "1"])
        bars = self.find("#archive-registered-chart").find_elements(By.CSS_SELECTOR, "g.bar")
        self.assertEqual([bar.get_attribute("data-label") for bar in bars], ["计算机学院"])
        self.assertEqual(bars[0].find_element(By.CSS_SELECTOR, ".bar-value").text, "33.33%")
        self.shot("statistics")
        bars[0].click()
        self.wait_text("#archive-records", "共 1 条")
        self.assertEqual(self.driver.execute_script("return document.querySelector('#archive-records-filters [name=status]').value"), "registered")
        self.wait_text("#archive-records", "北京示范软件有限公司")
        self.shot("statistics-drill-down")

        # The graduate sees 已登记 and what is in force.
        self.button("退出")
        self.driver.set_window_size(*size)
        self.graduate_form(graduate)
        self.wait_text("#archive-status", "已登记")
        self.wait_text("#archive-my-values", "北京示范软件有限公司")
        self.shot("graduate-registered")

    def select_filter(self, filters, name, text):
        Select(self.find(f"{filters} [name='{name}']")).select_by_visible_text(text)
        self.button("查询", within=filters)

    def test_desktop_course(self):
        self.course(DESKTOP)

    def test_phone_course(self):
        self.course(PHONE)

    def test_phone_withdraw(self):
        """On a phone, the graduate withdraws an application under review (after confirming)."""
        school, password, _code, rows = self.school_with_signing()
        self.driver.set_window_size(*PHONE)
        self.graduate_form(rows[1])
        self.fill_receiving_unit("上海示范接收单位")
        self.submit_form("提交申请", "等待学校审核")
        self.button("撤回申请", within="#archive-application")
        self.confirm("撤回", shot="confirm-withdraw")
        self.result("已撤回")
        self.find("#archive-form")
        self.no_sideways_scrolling("the graduate's page after withdrawing")
        self.shot("withdrawn")

    def test_suggestion_and_the_schools_edit(self):
        """同步: the effective agreement's employer is offered, and used only when the graduate
        presses 使用建议; the school edits another graduate's record directly, with a reason."""
        school, password, code, rows = self.school_with_signing()
        agreement = self.effective_agreement(school, password, code, rows[0])
        employer = agreement["employer"]["name"]
        self.sign_in_as("graduate", rows[0][5], GRADUATE_PASSWORD)
        deadline = time.monotonic() + 30
        while not self.driver.find_elements(By.CSS_SELECTOR, "#archive-suggestion"):
            self.assertLess(time.monotonic(), deadline, "the 同步 suggestion did not reach the graduate")
            time.sleep(1)
            self.driver.refresh()
            self.find("#archive-section")
        suggestion = self.find("#archive-suggestion")
        self.assertIn(employer, suggestion.text)
        # Offered, not applied: the form is still empty.
        self.assertEqual(self.find("#archive-form [name='values.receivingUnitName']").get_attribute("value"), "")
        self.assertEqual(self.find("#archive-form [name='values.transferType']").get_attribute("value"), "")
        self.shot("suggestion-offered")
        self.button("使用建议", within="#archive-suggestion")
        self.result("已按同步建议填入")
        self.assertEqual(self.find("#archive-form [name='values.transferType']").get_attribute("value"), "01")
        self.assertEqual(self.find("#archive-form [name='values.receivingUnitName']").get_attribute("value"), employer)
        self.shot("suggestion-used")
        self.button("退出")

        # The school's direct edit of another graduate: the reason is required, the change confirmed.
        self.archive_page(school, password, "档案/户口信息")
        self.wait_text("#archive-records", rows[1][4])
        self.fill("q", rows[1][6], within="#archive-records-filters")
        self.button("查询", within="#archive-records-filters")
        self.wait_text("#archive-records", "共 1 条")
        self.button("详细", within="#archive-records")
        self.wait_text("#archive-record-detail .record-status", "未登记")
        self.button("修改", within=self.dialog())
        form = "#archive-edit-form"
        self.find(form)
        self.fill_receiving_unit("北京示范人才服务中心", within=form, kind="托管单位接收")
        self.button("保存修改", within=self.dialog())
        self.wait_text(f"{form} label:has([name='reason']) .field-error", "请填写修改原因")
        self.fill("reason", "毕业生档案由人才服务中心托管", within=form)
        self.shot("school-edit")
        self.button("保存修改", within=self.dialog())
        self.confirm("保存后立即生效", shot="school-edit-confirm")
        self.result("当前状态：已登记")
        self.wait_text("#archive-records", "北京示范人才服务中心")
        self.wait_text("#archive-records", "托管单位接收")
        self.shot("school-edited")

    def test_department_then_school(self):
        """院系审核+学校审核: the 院系's reviewer sees the application on its 首页 and in 申请记录,
        approves it (after confirming), and it then awaits the school."""
        system = browser.system
        school, password, _code, rows = self.school_with_signing()
        admin = system.sign_in("staff", "admin", password, school)
        department = next(d for d in system.api("GET", "/api/v1/departments", None, admin)["items"] if d["name"] == "计算机学院")
        made = system.api("POST", "/api/v1/staff-accounts", {
            "username": "cs-archive", "displayName": "计院档案审核", "role": "departmentAdmin", "departmentId": department["id"],
            "modules": ["archive"]}, admin)
        first = system.sign_in("staff", "cs-archive", made["initialPassword"], school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": made["initialPassword"], "newPassword": "CsArchive2025"}, first)
        system.api("PUT", f"/api/v1/departments/{department['id']}/reviewers/archive", {"accountId": made["account"]["id"]}, admin)
        system.when_synced("PUT", "/api/v1/archive-settings", {"cohort": COHORT, "registrationOpen": True, "reviewMode": "departmentThenSchool"}, admin)

        self.graduate_form(rows[2])
        self.fill_receiving_unit("广州示范接收单位")
        self.submit_form("提交申请", "等待院系审核")
        self.button("退出")

        self.sign_in_as("staff", "cs-archive", "CsArchive2025", school)
        self.find(".modules a[data-module='archive']").click()
        counters = self.wait_text("#home-counters", "待院系审核")
        self.shot("department-home")
        tile = next(t for t in counters.find_elements(By.CSS_SELECTOR, "a.counter") if t.get_attribute("data-key") == "pendingTotal")
        self.assertEqual(tile.find_element(By.CSS_SELECTOR, ".count").text, "1")
        tile.click()
        self.wait_text("#archive-applications", rows[2][4])
        self.wait_text("#archive-applications", "共 1 条")
        self.button("审核", within="#archive-applications")
        self.find("#archive-application-detail")
        self.assertFalse([b for b in self.driver.find_elements(By.XPATH, "//dialog//button[normalize-space()='学校审核通过']")])
        self.button("院系审核通过", within=self.dialog())
        self.confirm("通过后提交学校审核")
        self.result("当前状态：档案/户口信息审核中，等待学校审核")
        self.shot("department-approved")

    def test_staff_pages_at_768(self):
        """The staff pages work down to 768 px: no sideways scrolling of the page."""
        school, password, _code, _rows = self.school_with_signing()
        self.driver.set_window_size(768, 1000)
        self.archive_page(school, password)
        for title, ready in [("登记设置", "#archive-settings-form"), ("档案/户口信息", "#archive-records table"),
                             ("申请记录", "#archive-applications table"), ("失效信息管理", "#archive-invalid table"),
                             ("数据统计", "#archive-statistics-table")]:
            self.link(title)
            self.find(ready)
            self.no_sideways_scrolling(title)
            self.shot(f"768-{ready.split()[0][1:]}")


if __name__ == "__main__":
    unittest.main()
