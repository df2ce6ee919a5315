"""毕业去向登记, 失效信息管理 and 数据统计 in headless Chromium against the real processes: the
graduate registers 升学 with its fields and proof, the school refuses, the graduate resubmits,
the school approves, a second registration is refused, and the graduate asks to void it; the
school's 代为登记; a graduate removed from the roster and uploaded again; the statistics table
with the numbers of the records the test made, and its Excel export."""
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser
from browser import roster_csv, seed_demo
from signing_helpers import GRADUATE_PASSWORD, SigningBrowserTest

STATISTICS_HEADER = ["院系", "总数", "已签约", "签约未审核", "签约未通过", "已解约", "解约未审核", "解约未通过", "补登", "补登未审核",
                     "补登未通过", "去向登记", "去向未审核", "去向未通过", "落实率"]


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class DestinationTest(SigningBrowserTest):
    form = "#destination-form"

    def choose_category(self, within, name):
        Select(self.find(f"{within} [name='category']")).select_by_visible_text(name)

    def review_registration(self, school, password, waiting, step, reason=None):
        self.staff_page(school, password, "去向登记管理")
        self.wait_text("#registrations", waiting)
        self.button("详细", within="#registrations")
        self.wait_text("#registration-detail", "录取学校")
        self.shot("registration-review")
        self.button(step, within=self.dialog())
        if step.endswith("审核通过"):
            self.confirm("确认")
        if reason:
            self.fill("reason", reason, within=self.top_dialog())
            self.button("确定", within=self.top_dialog())

    def test_further_study_refused_resubmitted_approved_and_voided(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[0]
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.find(self.form)
        self.choose_category(self.form, "升学")
        self.fill("admittingSchool", "北京大学", within=self.form)
        self.fill("admittedMajor", "计算机科学与技术", within=self.form)
        Select(self.find(f"{self.form} [name='studyLevel']")).select_by_visible_text("硕士研究生")
        # The category's proof is required.
        self.button("提交登记", within=self.form)
        self.wait_text(f"{self.form} .field-error", "录取通知书")
        self.shot("registration-needs-proof")
        self.choose_file(self.form, "录取通知书.png")
        self.button("提交登记", within=self.form)
        self.wait_text("#my-registrations", "去向登记审核中，等待学校审核")
        self.shot("registration-submitted")
        self.button("退出")

        self.review_registration(school, password, "去向登记审核中，等待学校审核", "学校审核不通过", "录取通知书不清晰，请重新上传")
        self.wait_text("#registrations", "去向登记审核不通过")
        self.shot("registration-refused")
        self.button("退出")

        # The graduate corrects it and submits again.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-registrations", "去向登记审核不通过")
        self.button("详细", within="#my-registrations")
        self.wait_text("#registration-detail", "录取通知书不清晰")
        self.button("修改后重新提交", within=self.dialog())
        self.fill("admittedMajor", "软件工程", within=self.top_dialog())
        self.choose_file(self.top_dialog(), "录取通知书-清晰.png")
        self.shot("registration-resubmit")
        self.button("确定", within=self.top_dialog())
        self.wait_text("#my-registrations", "去向登记审核中，等待学校审核")
        self.button("退出")

        self.review_registration(school, password, "去向登记审核中，等待学校审核", "学校审核通过")
        self.wait_text("#registrations", "去向登记审核通过")
        self.button("详细", within="#registrations")
        detail = self.wait_text("#destination-facts", "软件工程")
        self.assertIn("学历层次", detail.text)
        self.assertIn("硕士研究生", detail.text)
        self.shot("registration-approved")
        self.button("取消", within=self.dialog())
        self.button("退出")

        # A second destination while one is effective is refused.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-registrations", "去向登记审核通过")
        self.choose_category(self.form, "出国、出境")
        self.fill("country", "英国", within=self.form)
        self.fill("schoolOrUnit", "伦敦大学学院", within=self.form)
        self.choose_file(self.form, "offer.png")
        self.button("提交登记", within=self.form)
        self.wait_text("#destination-section .message.error", "已有生效的毕业去向")
        self.shot("second-destination-refused")

        # 申请作废: reviewed by the school like the registration.
        self.button("详细", within="#my-registrations")
        self.button("申请作废", within=self.dialog())
        self.fill("reason", "改为出国留学", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#my-registrations", "原有毕业去向作废申请，等待学校审核")
        self.shot("void-requested")

    def test_school_registers_a_destination_for_a_graduate(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[1]
        self.staff_page(school, password, "去向登记管理")
        self.wait_text("#registrations", "没有符合条件的毕业去向登记")
        self.button("代为登记")
        dialog = self.dialog()
        self.choose_category(dialog, "自主创业")
        self.fill("enterpriseName", "北京创新科技有限公司", within=dialog)
        good = seed_demo.credit_code("91110108MA01ABCDE")
        self.fill("creditCode", good[:-1] + ("0" if good[-1] != "0" else "1"), within=dialog)
        self.assertEqual(self.pick_region("unitRegion", ["北京市", "海淀区"], within=dialog), "110108")
        # Refused: no graduate chosen yet.
        self.button("确定", within=dialog)
        self.wait_text(f"{dialog} .field-error", "请先查找并选择毕业生")
        self.fill("graduateQuery", graduate[4], within=dialog)
        self.button("查找毕业生", within=dialog)
        self.wait_text("#graduate-matches", graduate[5])
        # Refused by the service: the credit code's check character.
        self.button("确定", within=dialog)
        self.wait.until(lambda _: "invalid" in self.find(f"{dialog} [name='creditCode']").get_attribute("class"))
        self.shot("register-for-graduate-error")
        self.fill("creditCode", good, within=dialog)
        self.button("确定", within=dialog)
        self.wait_text("#registrations", "学校代为登记")
        self.wait_text("#registrations", "去向登记审核通过")
        self.wait_text("#registrations", "北京创新科技有限公司")
        self.shot("registered-for-graduate")

        # The school corrects it, then voids it (a reason is required).
        self.button("详细", within="#registrations")
        self.wait_text("#registration-detail", "学校代为登记")
        self.button("修改", within=self.dialog())
        self.fill("enterpriseName", "北京创新智能科技有限公司", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#registrations", "北京创新智能科技有限公司")
        self.button("详细", within="#registrations")
        self.button("作废", within=self.dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text(f"{self.top_dialog()} .message.error", "原因")
        self.fill("reason", "毕业生已改为升学", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#registrations", "学校已作废")
        self.shot("registration-voided")
        self.button("退出")

        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-registrations", "学校代为登记")
        self.wait_text("#my-registrations", "学校已作废")

    def test_statistics_count_the_records_and_export(self):
        school, password, code, rows = self.school_with_signing()
        system = browser.system
        self.effective_agreement(school, password, code, rows[0])
        _, _, student = self.tokens(school, password, graduate=rows[1])
        proof = self.upload(student, "录取通知书.png")
        system.when_synced("POST", "/api/v1/destination-registrations", {
            "category": "80", "fields": {"admittingSchool": "清华大学", "admittedMajor": "软件工程", "studyLevel": "11"},
            "attachmentSha256": proof}, student)

        self.staff_page(school, password, "数据统计")
        table = self.find("#statistics table")
        headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        self.assertEqual(headers, STATISTICS_HEADER)
        self.shot("statistics")
        cells = {row.find_elements(By.TAG_NAME, "td")[0].text: [td.text for td in row.find_elements(By.TAG_NAME, "td")]
                 for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
        expected = ["3", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "33.33%"]
        self.assertEqual(cells["计算机学院"][1:], expected)
        self.assertEqual(cells["总计"][1:], expected)

        self.find("#export-statistics").click()
        self.wait.until(lambda _: any(name.endswith(".xlsx") for name in os.listdir(self.downloads)))
        workbook = next(name for name in os.listdir(self.downloads) if name.endswith(".xlsx"))
        with open(os.path.join(self.downloads, workbook), "rb") as file:
            self.assertEqual(file.read(2), b"PK")

        # A number opens its list, filtered the same way.
        first_row = table.find_elements(By.CSS_SELECTOR, "tbody tr")[0]
        first_row.find_elements(By.TAG_NAME, "td")[2].find_element(By.TAG_NAME, "button").click()
        self.wait_text("#agreements", "共 1 条")
        self.wait_text("#agreements", "签约审核通过")
        self.shot("statistics-drill-down")

    def test_invalid_records_follow_the_roster(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[2]
        self.effective_agreement(school, password, code, graduate)
        self.staff_page(school, password, "失效信息管理")
        self.wait_text("#invalid-records", "没有失效的记录")

        # Removed from the roster: the agreement becomes invalid.
        self.link("学生名单管理")
        self.wait_text("#roster-results", graduate[4])
        self.driver.find_element(By.XPATH, f"//tr[td[normalize-space()='{graduate[4]}']]//button[normalize-space()='移除']").click()
        self.fill("reason", "退学", within=self.dialog())
        self.button("确认移除", within=self.dialog())
        self.wait_text("#roster-results", "共 2 条")
        self.link("失效信息管理")
        listed = self.query_until("#invalid-records-filters", "#invalid-records", graduate[4])
        self.assertIn("签约", listed.text)
        self.assertIn("签约审核通过", listed.text)
        self.shot("invalid-record")
        # Its detail says why and offers no steps.
        self.button("详细", within="#invalid-records")
        self.wait_text("#agreement-detail", "此记录已失效")
        self.assertEqual(self.driver.find_elements(By.XPATH, "//dialog//button[normalize-space()='强制解约']"), [])
        self.shot("invalid-detail")
        self.button("关闭", within=self.dialog())

        # Uploaded again: the record is valid again.
        self.link("学生名单管理")
        self.find("#import-button")
        self.upload_roster(roster_csv([graduate]), "名单-恢复.csv")
        self.wait_text("#import-result", "导入成功")
        self.link("失效信息管理")
        self.query_until("#invalid-records-filters", "#invalid-records", "没有失效的记录")
        self.shot("invalid-record-restored")


if __name__ == "__main__":
    unittest.main()
