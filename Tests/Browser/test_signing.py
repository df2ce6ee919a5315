"""The signing pages in headless Chromium against the real accounts, esigning and gateway
processes: the employer's offer, the graduate's answer, the school's review (pass and
refusal), 签约设置, and the graduate's e-agreement application. Screenshots of every page
go to test-output/browser/."""
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser
from browser import seed_demo
from signing_helpers import COHORT, EMPLOYER_PASSWORD, JOB, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class SigningTest(SigningBrowserTest):
    def open_first_agreement_as_admin(self, school, password):
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.wait_text("#home-counters", "在线签约管理待审核总数")
        self.shot("module-home-counters")
        self.link("在线签约管理")
        self.wait_text("#agreements", "学生已同意签约，等待学校审核")
        self.shot("signing-list")
        self.button("详细", within="#agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.shot("review-detail")

    # Sizes of the walk-through: a desktop, a tablet (staff down to 768 px), a phone.
    IN_VIEWPORT = (
        "const nodes = [...document.querySelectorAll(arguments[0])];"
        "return nodes.length > 0 && nodes.every((node) => { const r = node.getBoundingClientRect();"
        " const view = document.documentElement;"
        " return r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= view.clientWidth && r.bottom <= view.clientHeight; });")

    def offer_to(self, school, password, code, graduate, accept=False):
        """Through the API: an offer to `graduate`, accepted by them with `accept`."""
        admin, employer, student = self.tokens(school, password, code, graduate)
        offer = browser.system.when_synced("POST", "/api/v1/offers", {
            "graduateIdNumber": graduate[5], "graduateName": graduate[4], "respondWithinDays": 7, "job": JOB}, employer)
        if accept:
            browser.system.api("POST", f"/api/v1/agreements/{offer['id']}/accept", {}, student)
        return offer

    def test_phone_graduate_answers_an_offer_in_a_full_screen_dialog(self):
        school, password, code, rows = self.school_with_signing()
        offer = self.offer_to(school, password, code, rows[0])
        self.driver.set_window_size(390, 844)
        self.sign_in_as("graduate", rows[0][5], "Student2025")
        self.wait_text("#my-agreements", "单位已发起，等待毕业生回应")
        self.assertLessEqual(self.find("header#top").rect["height"], 64, "the header is not compact on a phone")
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the graduate's home scrolls sideways on a phone")
        self.shot("phone-graduate-home")
        self.button("查看并回应", within="#my-agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.assertTrue(self.driver.execute_script(self.IN_VIEWPORT, "dialog[open] .dialog-buttons button"),
                        "a button of the detail is off the phone's screen")
        self.assertTrue(self.driver.execute_script(self.IN_VIEWPORT, "dialog[open]"))
        self.shot("phone-offer-detail")
        self.button("同意签约", within=self.dialog())
        self.find("#confirm-dialog")
        self.assertTrue(self.driver.execute_script(self.IN_VIEWPORT, "#confirm-dialog .dialog-buttons button"))
        self.confirm(f"确认同意与 {offer['employer']['name']} 签约？同意后协议提交学校审核。", shot="phone-confirm-accept")
        self.result("同意签约：已完成，当前状态：学生已同意签约，等待学校审核")
        self.wait_text("#my-agreements", "学生已同意签约，等待学校审核")
        self.shot("phone-accepted")
        # The employer's pages on the same phone: nothing runs off the screen.
        self.button("退出")
        self.sign_in_as("employer", code, EMPLOYER_PASSWORD)
        self.wait_text("#employer-agreements", "学生已同意签约，等待学校审核")
        self.assertFalse(self.driver.find_elements(By.ID, "result-message"), "the graduate's result is shown to the next account")
        self.assertLessEqual(self.find("header#top").rect["height"], 64)
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the employer's home scrolls sideways on a phone")
        self.shot("phone-employer-home")
        self.button("详细", within="#employer-agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.assertTrue(self.driver.execute_script(self.IN_VIEWPORT, "dialog[open] .dialog-buttons button"))
        self.shot("phone-employer-detail")

    def test_signing_list_fits_its_card_with_labelled_filters(self):
        school, password, code, rows = self.school_with_signing()
        self.offer_to(school, password, code, rows[2], accept=True)
        self.driver.set_window_size(1440, 900)
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link("在线签约管理")
        self.wait_text("#agreements", "学生已同意签约，等待学校审核")
        fits = self.driver.execute_script(
            "const card = document.getElementById('agreements').closest('.card').getBoundingClientRect();"
            "const table = document.querySelector('#agreements table').getBoundingClientRect();"
            "const detail = document.querySelector('#agreements td.actions button').getBoundingClientRect();"
            "const cells = [...document.querySelectorAll('#agreements td')].every((td) => td.scrollWidth <= td.clientWidth + 1);"
            "return [table.right <= card.right, detail.right <= card.right && detail.width > 0, cells];")
        self.assertEqual(fits, [True, True, True], "the list is wider than its card, or a cell is cut")
        labels = [span.text for span in self.driver.find_elements(By.CSS_SELECTOR, "#agreements-filters label.filter > span")]
        for label in ["届别", "院系", "专业", "学历", "状态", "从", "到"]:
            self.assertIn(label, labels)
        self.shot("signing-list-1440")
        self.button("详细", within="#agreements")
        self.button("学校审核通过", within=self.dialog())
        self.confirm("通过后协议生效", shot="confirm-school-approve")
        self.result("学校审核通过：已完成，当前状态：签约审核通过")
        self.wait_text("#agreements", "签约审核通过")
        self.shot("school-approved-result")
        # A tablet: the side nav is a bar on top and the 详细 of each row stays in reach.
        self.driver.set_window_size(768, 900)
        self.assertLessEqual(self.find("nav.side").rect["height"], 60)
        self.assertTrue(self.driver.execute_script(
            "const r = document.querySelector('#agreements td.actions button').getBoundingClientRect();"
            "return r.width > 0 && r.right <= document.documentElement.clientWidth;"))
        self.shot("signing-list-768")

    def test_offer_accepted_and_approved_by_the_school(self):
        school, password, code, rows = self.school_with_signing()
        self.send_offer(code, rows[0])
        self.graduate_accepts(rows[0])
        self.open_first_agreement_as_admin(school, password)
        self.button("学校审核通过", within=self.dialog())
        self.confirm("确认学校审核通过")
        self.wait_text("#agreements", "签约审核通过")
        number = f"{COHORT}4{school}000000001"
        self.wait_text("#agreements", number)
        self.shot("approved")
        # The PDF downloads from the detail.
        self.button("详细", within="#agreements")
        self.find("#download-pdf").click()
        self.wait.until(lambda _: any(name.endswith(".pdf") for name in os.listdir(self.downloads)))
        pdf = next(name for name in os.listdir(self.downloads) if name.endswith(".pdf"))
        with open(os.path.join(self.downloads, pdf), "rb") as file:
            self.assertEqual(file.read(4), b"%PDF")
        # 学生名单's 业务 column shows the graduate's 在线签约 (from e-signing), the others 无.
        # The dialog's last button closes it (取消 beside actions, 关闭 alone).
        self.find(f"{self.dialog()} .dialog-buttons button:last-child").click()
        self.wait.until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, "dialog[open]"))
        self.link("学生名单管理")
        self.wait_text("#roster-results", "在线签约")
        self.wait_text("#roster-results", "无")
        self.shot("roster-business-tags")
        # And on a phone, where the list's rows stack as cards, each tag still beside its 业务 label.
        self.driver.set_window_size(390, 844)
        self.wait_text("#roster-results", "在线签约")
        self.shot("roster-business-tags-phone")

    def test_school_refusal_needs_a_reason(self):
        school, password, code, rows = self.school_with_signing()
        self.send_offer(code, rows[1])
        self.graduate_accepts(rows[1])
        self.open_first_agreement_as_admin(school, password)
        self.button("学校审核不通过", within=self.dialog())
        self.button("确定", within="dialog[open]:last-of-type")
        self.wait_text("dialog[open]:last-of-type .message.error", "原因")
        self.shot("refusal-needs-reason")
        self.fill("reason", "单位信息与营业执照不符", within="dialog[open]:last-of-type")
        self.button("确定", within="dialog[open]:last-of-type")
        self.wait_text("#agreements", "签约审核不通过（学校审核不通过）")
        self.shot("refused")

    def test_signing_settings_and_an_e_agreement_application(self):
        school, password, code, rows = self.school_with_signing()
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link("签约设置")
        self.find("#settings-form")
        self.fill("maxResponseDays", "40", within="#settings-form")
        self.button("保存设置")
        self.wait_text("#signing-settings .message.error", "应约有效期")
        self.shot("settings-error")
        self.fill("maxResponseDays", "10", within="#settings-form")
        self.button("保存设置")
        self.wait_text("#signing-settings .message.ok", "已保存")
        # The refusal shown before no longer applies: it is gone.
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "#signing-settings .message.error"))
        self.shot("settings-saved")
        self.button("退出")

        graduate = rows[2]
        self.sign_in_as("graduate", graduate[5], "Student2025")
        form = "#application-form"
        self.fill_agreement_form(form, phone="1391111")
        self.button("提交申请", within=form)
        self.wait_text(f"{form} .field-error", "")
        self.assertIn("invalid", self.find(f"{form} [name='employer.contactPhone']").get_attribute("class"))
        self.shot("application-error")
        self.fill("employer.contactPhone", "13911112222", within=form)
        self.button("提交申请", within=form)
        self.wait_text("#my-agreements", "就业协议审核中，等待学校审核")
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, "main .api-error"), "a stale refusal is still shown")
        self.shot("application-submitted")

    def fill_agreement_form(self, form, phone="13911112222"):
        self.find(form)
        self.fill("employer.name", "杭州示范网络科技有限公司", within=form)
        self.fill("employer.creditCode", seed_demo.credit_code("91330106MA2CDEMA6"), within=form)
        Select(self.find(f"{form} [name='employer.nature']")).select_by_visible_text("其他企业")
        Select(self.find(f"{form} [name='employer.industry']")).select_by_visible_text("信息传输、软件和信息技术服务业")
        self.assertEqual(self.pick_region("employer.regionCode", ["浙江省", "杭州市", "西湖区"], within=form), "330106")
        self.fill("employer.address", "杭州市西湖区示范路8号", within=form)
        self.fill("employer.contactName", "刘经理", within=form)
        self.fill("employer.contactPhone", phone, within=form)
        self.fill("job.jobTitle", "测试工程师", within=form)
        self.fill("job.workLocation", "杭州", within=form)
        self.fill("job.monthlySalaryYuan", "12000", within=form)
        self.fill("job.contractTerm", "3年", within=form)

    def admin_approves(self, school, password, page, waiting, approved):
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link(page)
        self.wait_text("#agreements", waiting)
        self.button("详细", within="#agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.shot("review")
        self.button("学校审核通过", within=self.dialog())
        self.confirm("确认学校审核通过")
        self.wait_text("#agreements", approved)
        self.shot("reviewed")
        self.button("退出")

    def test_e_agreement_applied_approved_signed_on_paper_and_approved(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[0]
        self.sign_in_as("graduate", graduate[5], "Student2025")
        self.fill_agreement_form("#application-form")
        self.button("提交申请", within="#application-form")
        self.wait_text("#my-agreements", "就业协议审核中，等待学校审核")
        self.button("退出")
        self.admin_approves(school, password, "在线签约管理", "就业协议审核中，等待学校审核", "就业协议审核通过，待上传已签协议")

        # The graduate prints the e-agreement, has it signed on paper, and uploads the scan.
        self.sign_in_as("graduate", graduate[5], "Student2025")
        self.wait_text("#my-agreements", "就业协议审核通过，待上传已签协议")
        self.button("详细", within="#my-agreements")
        self.find("#download-pdf").click()
        self.wait.until(lambda _: any(name.endswith(".pdf") for name in os.listdir(self.downloads)))
        self.button("上传已签协议", within=self.dialog())
        upload = "dialog[open]:last-of-type"
        self.driver.find_element(By.CSS_SELECTOR, f"{upload} [name='file']").send_keys(self.scan("已签协议.png"))
        self.shot("upload-signed")
        self.button("确定", within=upload)
        self.wait_text("#my-agreements", "签约审核中，等待学校审核")
        self.button("退出")
        self.admin_approves(school, password, "在线签约管理", "签约审核中，等待学校审核", f"{COHORT}1{school}000000001")

        self.sign_in_as("graduate", graduate[5], "Student2025")
        self.wait_text("#my-agreements", "签约审核通过")
        self.shot("graduate-effective")

    def test_back_registration_submitted_and_approved(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[1]
        self.sign_in_as("graduate", graduate[5], "Student2025")
        form = "#back-registration-form"
        self.fill_agreement_form(form)
        self.button("提交补登", within=form)
        self.wait_text(f"{form} .field-error", "扫描件")
        self.shot("back-registration-needs-scan")
        self.driver.find_element(By.CSS_SELECTOR, f"{form} [name='file']").send_keys(self.scan("纸质协议.png"))
        self.button("提交补登", within=form)
        self.wait_text("#my-agreements", "补登审核中，等待学校审核")
        self.shot("back-registration-submitted")
        self.button("退出")
        self.admin_approves(school, password, "补登管理", "补登审核中，等待学校审核", "补登审核通过")


if __name__ == "__main__":
    unittest.main()
