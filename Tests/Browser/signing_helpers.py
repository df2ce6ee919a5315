"""What the signing browser tests share: a school with 网签 open (through the API), the offer and
its acceptance in the browser, and API shortcuts for the records a test is not about (an
effective agreement, an uploaded proof, a registration)."""
import datetime
import os
import time

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from browser import BrowserTest, graduate_rows, roster_csv, seed_demo


def current_cohort():
    """The 届别 the console starts with: after August, next year's."""
    today = datetime.date.today()
    return today.year + 1 if today.month >= 9 else today.year


COHORT = current_cohort()
GRADUATE_PASSWORD = "Student2025"
EMPLOYER_PASSWORD = "Employer2025"


def approved_employer(code, name, address):
    """An employer registered through the API (with a licence scan) and approved by the platform operator."""
    system = browser.system
    content_type, body = seed_demo.multipart({
        "creditCode": code, "name": name, "nature": "39", "industry": "I", "regionCode": "110108",
        "address": address, "contactName": "王经理", "contactPhone": "13812345678", "email": "hr@example.com",
        "password": EMPLOYER_PASSWORD,
    }, {"licence": ("营业执照.png", "image/png", seed_demo.licence_png(code))})
    employer = system.api("POST", "/api/v1/employers", body, None, content_type)
    system.api("POST", f"/api/v1/employers/{employer['id']}/approve", None, system.operator_token())
    return employer
JOB = {"jobTitle": "软件开发工程师", "workLocation": "北京市海淀区", "monthlySalaryYuan": 15000, "probationMonths": 3,
       "contractTerm": "3年", "otherTerms": ""}


class SigningBrowserTest(BrowserTest):
    def school_with_signing(self, review_mode="schoolOnly"):
        """Through the API: a school with a 院系, a roster of 3, an approved employer, 网签 open,
        and the graduates' accounts activated. Answers what the test needs to sign in."""
        system = browser.system
        school, initial = self.new_school()
        admin_password = "Admin2025x"
        token = system.sign_in("staff", "admin", initial, school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": admin_password}, token)
        admin = system.sign_in("staff", "admin", admin_password, school)
        system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        rows = graduate_rows(3, ["计算机学院"], seed=int(school) % 83)
        for row in rows:
            row[8] = str(COHORT)
            row[9] = f"{COHORT}06"
        system.api("POST", "/api/v1/graduates/imports?createDepartments=true", roster_csv(rows).encode(), admin, "text/csv")
        code = seed_demo.credit_code("91110108MA0X" + school)
        approved_employer(code, f"北京签约测试{school}有限公司", "北京市海淀区示范路1号")
        system.when_synced("PUT", "/api/v1/signing-settings", self.settings(school, review_mode), admin)
        for row in rows:
            system.api("POST", "/api/v1/graduate-activations", {"schoolCode": school, "idNumber": row[5], "name": row[4],
                                                                "candidateNumber": row[3], "password": GRADUATE_PASSWORD})
        return school, admin_password, code, rows

    @staticmethod
    def settings(school, review_mode):
        return {
            "cohort": COHORT, "agreementType": "threeParty", "signingOpen": True, "reviewMode": review_mode, "maxResponseDays": 7,
            "schoolInfo": {"schoolName": f"浏览器测试大学{school}", "employmentOffice": "就业指导中心", "contactName": "李老师",
                           "contactPhone": "010-62751234", "address": "北京市海淀区颐和园路5号", "postcode": "100871", "opinion": "同意"},
        }

    def department_review(self, school, admin_password, username="cs-admin", password="CsAdmin2025"):
        """Through the API: a 院系管理员 of 计算机学院 as its 网签 reviewer, and 院系审核+学校审核.
        Answers the reviewer's token."""
        system = browser.system
        admin = system.sign_in("staff", "admin", admin_password, school)
        department = next(d for d in system.api("GET", "/api/v1/departments", None, admin)["items"] if d["name"] == "计算机学院")
        made = system.api("POST", "/api/v1/staff-accounts", {
            "username": username, "displayName": "计院管理员", "role": "departmentAdmin", "departmentId": department["id"],
            "modules": ["esigning"]}, admin)
        first = system.sign_in("staff", username, made["initialPassword"], school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": made["initialPassword"], "newPassword": password}, first)
        system.api("PUT", f"/api/v1/departments/{department['id']}/reviewers/esigning", {"accountId": made["account"]["id"]}, admin)
        system.when_synced("PUT", "/api/v1/signing-settings", self.settings(school, "departmentThenSchool"), admin)
        return system.sign_in("staff", username, password, school)

    # In the browser ------------------------------------------------------------------------

    def send_offer(self, code, graduate):
        self.sign_in_as("employer", code, EMPLOYER_PASSWORD)
        self.find("#offer-form")
        self.fill("graduateIdNumber", graduate[5], within="#offer-form")
        self.fill("graduateName", graduate[4], within="#offer-form")
        self.fill("job.jobTitle", "软件开发工程师", within="#offer-form")
        self.fill("job.workLocation", "北京市海淀区", within="#offer-form")
        self.fill("job.monthlySalaryYuan", "15000", within="#offer-form")
        self.fill("job.probationMonths", "3", within="#offer-form")
        self.fill("job.contractTerm", "3年", within="#offer-form")
        self.shot("offer-form")
        self.button("发起签约", within="#offer-form")
        self.wait_text("#employer-notice", "已向")
        self.wait_text("#employer-agreements", "单位已发起，等待毕业生回应")
        self.shot("offer-sent")
        self.button("退出")

    def graduate_accepts(self, graduate):
        self.sign_in_as("graduate", graduate[5], GRADUATE_PASSWORD)
        self.wait_text("#my-agreements", "单位已发起，等待毕业生回应")
        self.shot("graduate-offers")
        self.button("查看并回应", within="#my-agreements")
        self.wait_text("#agreement-detail", "单位已发起，等待毕业生回应")
        self.shot("offer-detail")
        self.button("同意签约", within=self.dialog())
        self.confirm("同意后协议提交学校审核")
        self.wait_text("#my-agreements", "学生已同意签约，等待学校审核")
        self.button("退出")

    def scan(self, name):
        """A small PNG to upload as a scan or proof."""
        path = os.path.join(self.downloads, name)
        with open(path, "wb") as file:
            file.write(seed_demo.licence_png(name))
        return path

    def top_dialog(self):
        return "dialog[open]:last-of-type"

    def choose_file(self, within, name):
        self.driver.find_element(By.CSS_SELECTOR, f"{within} [name='file']").send_keys(self.scan(name))

    def staff_page(self, school, password, title, username="admin"):
        """Signs in as staff and opens a page of 毕业去向登记与网签."""
        self.sign_in_as("staff", username, password, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link(title)

    def query_until(self, filters, results, text, seconds=30):
        """Clicks 查询 until `text` shows in the list (records reach esigning asynchronously)."""
        deadline = time.monotonic() + seconds
        while True:
            self.button("查询", within=filters)
            try:
                WebDriverWait(self.driver, 2).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, results), text))
                return self.driver.find_element(By.CSS_SELECTOR, results)
            except TimeoutException:
                if time.monotonic() > deadline:
                    raise

    # Through the API -----------------------------------------------------------------------

    def tokens(self, school, admin_password, code=None, graduate=None):
        system = browser.system
        admin = system.sign_in("staff", "admin", admin_password, school)
        employer = system.sign_in("employer", code, EMPLOYER_PASSWORD) if code else None
        student = system.sign_in("graduate", graduate[5], GRADUATE_PASSWORD) if graduate else None
        return admin, employer, student

    def effective_agreement(self, school, admin_password, code, graduate):
        """An offer accepted by the graduate and approved by the school (签约审核通过)."""
        system = browser.system
        admin, employer, student = self.tokens(school, admin_password, code, graduate)
        offer = system.when_synced("POST", "/api/v1/offers", {
            "graduateIdNumber": graduate[5], "graduateName": graduate[4], "respondWithinDays": 7, "job": JOB}, employer)
        system.api("POST", f"/api/v1/agreements/{offer['id']}/accept", {}, student)
        return system.api("POST", f"/api/v1/agreements/{offer['id']}/school-approve", {}, admin)

    def upload(self, token, name):
        """POST /attachments of a small PNG; answers its sha256."""
        content_type, body = seed_demo.multipart({}, {"file": (name, "image/png", seed_demo.licence_png(name))})
        return browser.system.api("POST", "/api/v1/attachments", body, token, content_type)["sha256"]
