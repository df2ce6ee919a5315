"""解约 and 预警单位 in headless Chromium against the real processes: an online termination the
employer refuses and then one the graduate agrees to and the school approves (→ 已解约); the
school's 强制解约 with a proof and a reason; an offline termination with its 解约函, refused and
resubmitted; and a warning employer whose offer shows the graduate a banner."""
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser
from browser import seed_demo
from signing_helpers import GRADUATE_PASSWORD, EMPLOYER_PASSWORD, JOB, SigningBrowserTest


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class TerminationTest(SigningBrowserTest):
    def apply_in_agreement_detail(self, within, reason, proof=None):
        """Opens the agreement's 详细 in `within`, 申请解约 with `reason` (and a 解约函)."""
        self.button("详细", within=within)
        self.wait_text("#agreement-detail", "签约审核通过" if proof is None else "补登审核通过")
        self.button("申请解约", within=self.dialog())
        if proof:
            self.choose_file(self.top_dialog(), proof)
        self.fill("reason", reason, within=self.top_dialog())
        self.shot("apply-termination")
        self.button("确定", within=self.top_dialog())

    def answer_termination(self, answer, reason=None):
        self.button("查看并回应", within="#my-terminations")
        self.wait_text("#termination-detail", "等待")
        self.shot("termination-request")
        self.button(answer, within=self.dialog())
        if answer == "同意解约":
            self.confirm("同意后提交学校审核")
        if reason:
            self.fill("reason", reason, within=self.top_dialog())
            self.button("确定", within=self.top_dialog())

    def test_online_termination_refused_by_the_employer_then_agreed_and_approved(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[0]
        self.effective_agreement(school, password, code, graduate)

        # The graduate applies; a reason is required.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-agreements", "签约审核通过")
        self.button("详细", within="#my-agreements")
        self.button("申请解约", within=self.dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text(f"{self.top_dialog()} .message.error", "原因")
        self.shot("termination-needs-reason")
        self.fill("reason", "个人原因，准备升学", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#my-terminations", "毕业生申请解约，等待单位确认")
        self.shot("graduate-applied")
        # While it is open, the agreement's detail leads to it instead of a second application.
        self.button("详细", within="#my-agreements")
        self.button("查看解约", within=self.dialog())
        self.wait_text("#termination-detail", "个人原因，准备升学")
        self.assertEqual(self.driver.find_elements(By.XPATH, "//dialog//button[normalize-space()='申请解约']"), [])
        self.button("关闭", within=self.dialog())   # nothing for the applicant to do while the employer answers
        self.button("退出")

        # The employer does not agree: the agreement stays effective.
        self.sign_in_as("employer", code, EMPLOYER_PASSWORD)
        self.wait_text("#my-terminations", "有 1 个解约申请等待您确认")
        self.answer_termination("不同意解约", "双方已约定服务期")
        self.wait_text("#my-terminations", "对方不同意解约")
        self.wait_text("#employer-agreements", "签约审核通过")
        self.shot("employer-disagreed")

        # Then the employer applies itself.
        self.apply_in_agreement_detail("#employer-agreements", "岗位调整，无法录用")
        self.wait_text("#my-terminations", "单位申请解约，等待毕业生确认")
        self.button("退出")

        # The graduate agrees: the school reviews it.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.answer_termination("同意解约")
        self.wait_text("#my-terminations", "解约审核中，等待学校审核")
        self.shot("graduate-agreed")
        self.button("退出")

        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.wait_text("#home-counters", "解约审核中 等待学校审核")
        self.shot("home-counters")
        self.link("解约管理")
        self.wait_text("#terminations", "共 2 条")
        Select(self.find("#terminations-filters [name='status']")).select_by_visible_text("解约审核中，等待学校审核")
        self.button("查询", within="#terminations-filters")
        self.wait_text("#terminations", "共 1 条")
        self.shot("terminations-list")
        self.button("详细", within="#terminations")
        self.wait_text("#termination-detail", "岗位调整，无法录用")
        self.shot("termination-review")
        self.button("学校审核通过", within=self.dialog())
        self.confirm("确认学校审核通过")
        self.wait_text("#terminations", "共 0 条")
        Select(self.find("#terminations-filters [name='status']")).select_by_visible_text("全部状态")
        self.button("查询", within="#terminations-filters")
        self.wait_text("#terminations", "解约审核通过")
        self.wait_text("#terminations", "对方不同意解约")
        self.link("在线签约管理")
        self.wait_text("#agreements", "已解约")
        self.shot("terminated")

        # Excel export of the list.
        self.link("解约管理")
        self.find("#export-terminations").click()
        self.wait.until(lambda _: any(name.endswith(".xlsx") for name in os.listdir(self.downloads)))

    def test_school_forces_a_termination_with_a_proof_and_a_reason(self):
        school, password, code, rows = self.school_with_signing()
        self.effective_agreement(school, password, code, rows[1])
        self.sign_in_as("staff", "admin", password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link("在线签约管理")
        self.wait_text("#agreements", "签约审核通过")
        self.button("详细", within="#agreements")
        self.wait_text("#agreement-detail", "乙方 毕业生")
        self.button("强制解约", within=self.dialog())
        # Without the proof: refused in the form; without the reason: refused by the service.
        self.button("确定", within=self.top_dialog())
        self.wait_text(f"{self.top_dialog()} .field-error", "解约证明材料")
        self.choose_file(self.top_dialog(), "解约证明.png")
        self.button("确定", within=self.top_dialog())
        self.wait_text(f"{self.top_dialog()} .message.error", "原因")
        self.shot("force-needs-reason")
        self.fill("reason", "单位长期不回应解约申请，毕业生已提交解约证明", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#agreements", "已解约")
        self.shot("forced")

        self.link("解约管理")
        self.wait_text("#terminations", "学校已强制解约")
        self.button("详细", within="#terminations")
        self.wait_text("#termination-detail", "单位长期不回应解约申请")
        self.wait_text("#termination-detail", "解约证明材料")
        self.shot("forced-detail")

    def test_offline_termination_needs_a_letter_is_refused_and_resubmitted(self):
        school, password, code, rows = self.school_with_signing()
        graduate = rows[2]
        system = browser.system
        admin, _, student = self.tokens(school, password, graduate=graduate)
        employer = {"name": "杭州示范网络科技有限公司", "creditCode": seed_demo.credit_code("91330106MA2CDEMA6"), "nature": "39",
                    "industry": "I", "regionCode": "330106", "address": "杭州市西湖区示范路8号", "contactName": "刘经理",
                    "contactPhone": "13911112222"}
        scan = self.upload(student, "纸质协议.png")
        record = system.when_synced("POST", "/api/v1/back-registrations", {"employer": employer, "job": JOB, "attachmentSha256": scan}, student)
        system.api("POST", f"/api/v1/agreements/{record['id']}/school-approve", {}, admin)

        # Offline: the 解约函 is required.
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-agreements", "补登审核通过")
        self.button("详细", within="#my-agreements")
        self.button("申请解约", within=self.dialog())
        self.fill("reason", "已与单位协商一致解约", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text(f"{self.top_dialog()} .field-error", "解约函")
        self.shot("offline-needs-letter")
        self.choose_file(self.top_dialog(), "解约函.png")
        self.button("确定", within=self.top_dialog())
        self.wait_text("#my-terminations", "线下解约审核中，等待学校审核")
        self.button("退出")

        self.staff_page(school, password, "解约管理")
        self.wait_text("#terminations", "线下解约审核中，等待学校审核")
        self.button("详细", within="#terminations")
        self.wait_text("#termination-detail", "解约证明材料")
        self.button("学校审核不通过", within=self.dialog())
        self.fill("reason", "解约函未盖单位公章", within=self.top_dialog())
        self.button("确定", within=self.top_dialog())
        self.wait_text("#terminations", "解约审核不通过")
        self.button("退出")

        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-terminations", "解约审核不通过")
        self.button("详细", within="#my-terminations")
        self.wait_text("#termination-detail", "解约函未盖单位公章")
        self.button("修改后重新提交", within=self.dialog())
        self.choose_file(self.top_dialog(), "解约函-盖章.png")
        self.button("确定", within=self.top_dialog())
        self.wait_text("#my-terminations", "线下解约审核中，等待学校审核")
        self.shot("resubmitted")
        self.button("退出")

        self.staff_page(school, password, "解约管理")
        self.wait_text("#terminations", "线下解约审核中，等待学校审核")
        self.button("详细", within="#terminations")
        self.button("学校审核通过", within=self.dialog())
        self.confirm("确认学校审核通过")
        self.wait_text("#terminations", "解约审核通过")
        self.link("补登管理")
        self.wait_text("#agreements", "已解约")
        self.shot("offline-terminated")

    def test_department_reviews_a_termination_first_and_cannot_list_warning_employers(self):
        school, password, code, rows = self.school_with_signing()
        system = browser.system
        reviewer = self.department_review(school, password)
        admin, employer, student = self.tokens(school, password, code, rows[0])
        offer = system.when_synced("POST", "/api/v1/offers", {
            "graduateIdNumber": rows[0][5], "graduateName": rows[0][4], "respondWithinDays": 7, "job": JOB}, employer)
        system.api("POST", f"/api/v1/agreements/{offer['id']}/accept", {}, student)
        system.api("POST", f"/api/v1/agreements/{offer['id']}/department-approve", {}, reviewer)
        system.api("POST", f"/api/v1/agreements/{offer['id']}/school-approve", {}, admin)
        termination = system.api("POST", f"/api/v1/agreements/{offer['id']}/terminations", {"reason": "个人原因"}, student)
        system.api("POST", f"/api/v1/terminations/{termination['id']}/agree", {}, employer)

        self.sign_in_as("staff", "cs-admin", "CsAdmin2025", school)
        self.find(".modules a[data-module='esigning']").click()
        self.wait_text("#home-counters", "解约审核中 等待院系审核")
        self.link("解约管理")
        self.wait_text("#terminations", "解约审核中，等待院系审核")
        self.button("详细", within="#terminations")
        self.wait_text("#termination-detail", "个人原因")
        self.assertEqual(self.driver.find_elements(By.XPATH, "//dialog//button[normalize-space()='学校审核通过']"), [])
        self.button("院系审核通过", within=self.dialog())
        self.confirm("确认院系审核通过")
        self.wait_text("#terminations", "解约审核中，等待学校审核")
        self.shot("department-approved")

        # 院系 accounts see the warning list but do not change it.
        # (Other tests' national warning employers show to every school: the list need not be empty.)
        self.link("预警单位管理")
        self.wait_text("#warning-employers", "共")
        self.assertEqual(self.driver.find_elements(By.ID, "add-warning-employer"), [])

    def test_warning_employer_is_added_and_the_graduate_sees_the_banner(self):
        school, password, code, rows = self.school_with_signing()
        name = f"北京签约测试{school}有限公司"
        self.staff_page(school, password, "预警单位管理")
        self.wait_text("#warning-employers", "共")
        self.assertNotIn(name, self.find("#warning-employers").text)
        self.button("添加预警单位")
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        self.fill("creditCode", wrong, within=self.dialog())
        self.fill("employerName", f"北京签约测试{school}有限公司", within=self.dialog())
        self.button("虚假宣传", within=self.dialog())
        self.button("添加", within=self.dialog())
        self.wait_text(f"{self.dialog()} .field-error", "")
        self.assertIn("invalid", self.find(f"{self.dialog()} [name='creditCode']").get_attribute("class"))
        self.shot("warning-bad-code")
        self.fill("creditCode", code, within=self.dialog())
        self.button("添加", within=self.dialog())
        self.wait_text("#warning-employers", f"北京签约测试{school}有限公司")
        self.wait_text("#warning-employers", "本校预警")
        self.wait_text("#warning-employers", "虚假宣传")
        self.shot("warning-added")
        self.button("退出")

        # The employer's offer shows the graduate the banner.
        system = browser.system
        _, employer, _ = self.tokens(school, password, code)
        system.when_synced("POST", "/api/v1/offers", {"graduateIdNumber": rows[0][5], "graduateName": rows[0][4],
                                                     "respondWithinDays": 7, "job": JOB}, employer)
        self.sign_in_as("graduate", rows[0][5], GRADUATE_PASSWORD)
        self.wait_text("#my-agreements", "预警单位")
        self.button("查看并回应", within="#my-agreements")
        banner = self.wait_text("#warning-banner", "虚假宣传")
        self.assertIn("预警单位", banner.text)
        self.shot("graduate-warning-banner")
        self.button("取消", within=self.dialog())
        self.button("退出")

        # Taken off the list, after a confirmation.
        self.staff_page(school, password, "预警单位管理")
        self.wait_text("#warning-employers", "本校预警")
        self.button("移除", within="#warning-employers")
        self.wait_text(self.dialog(), "确定将")
        self.button("确认移除", within=self.dialog())
        self.wait_text("#warning-notice", "移出预警单位名单")
        self.wait.until(lambda _: name not in self.find("#warning-employers").text)
        self.shot("warning-removed")

    def test_an_employer_listed_by_five_schools_is_a_national_warning_employer(self):
        school, password, code, rows = self.school_with_signing()
        system = browser.system
        name = f"北京签约测试{school}有限公司"
        for _ in range(5):
            other, initial = self.new_school()
            token = system.sign_in("staff", "admin", initial, other)
            system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": "Admin2025x"}, token)
            token = system.sign_in("staff", "admin", "Admin2025x", other)
            system.api("POST", "/api/v1/warning-employers", {"creditCode": code, "employerName": name, "reason": "恶意解约"}, token)

        # This school has not listed it, yet sees it as national, and cannot take it off.
        self.staff_page(school, password, "预警单位管理")
        listed = self.wait_text("#warning-employers", "全国预警")
        self.assertIn("5所学校", listed.text)
        self.assertNotIn("本校预警", listed.text)
        self.assertEqual(self.driver.find_elements(By.XPATH, "//*[@id='warning-employers']//button[normalize-space()='移除']"), [])
        self.shot("national-warning")
        self.button("退出")

        _, employer, _ = self.tokens(school, password, code)
        system.when_synced("POST", "/api/v1/offers", {"graduateIdNumber": rows[1][5], "graduateName": rows[1][4],
                                                     "respondWithinDays": 7, "job": JOB}, employer)
        self.sign_in_as("graduate", rows[1][5], GRADUATE_PASSWORD)
        self.wait_text("#my-agreements", "全国预警")
        self.button("查看并回应", within="#my-agreements")
        self.wait_text("#warning-banner", "全国预警单位（已有5所学校列为预警单位）")
        self.shot("graduate-national-banner")


if __name__ == "__main__":
    unittest.main()
