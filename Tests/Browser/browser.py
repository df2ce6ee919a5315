"""What every browser test shares: the running system (one per test module), a headless
Chromium per test, screenshots of every page under test-output/browser/, and helpers."""
import csv
import io
import os
import pathlib
import random
import re
import tempfile
import unittest

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from system import ROOT, System, seed_demo

SCREENSHOTS = pathlib.Path(os.environ.get("GRADUATE_TEST_OUTPUT", ROOT / "test-output")) / "browser"
HEADER = ["院系", "专业", "学历", "考生号", "姓名", "身份证号", "学号", "性别", "届别", "毕业时间", "学制",
          "培养方式", "定向/委培单位", "生源所在地", "手机号"]

system = None

# A refusal of the API (4xx) is logged by Chromium as a failed resource load; the tests provoke
# many on purpose (wrong passwords, refused steps), and the console shows each one on the page.
# Every other SEVERE entry fails the test: a script error, a CSP violation, a missing file
# (404 of a script, the stylesheet, the icon) or a server fault (5xx) of the API.
API_REFUSAL = re.compile(r"/api/v1/\S* - Failed to load resource: the server responded with a status of 4\d\d")


def start_system():
    """Called by each test module's setUpModule: one system of real processes per module."""
    global system
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    system = System().start()


def stop_system():
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


def log_problems(entries, expected=()):
    """The entries of a browser log that must not be there (see API_REFUSAL)."""
    problems = []
    for entry in entries:
        text = entry["message"]
        bad = entry["level"] == "SEVERE" or "Content Security Policy" in text or "Refused to" in text or "Uncaught" in text
        if bad and not API_REFUSAL.search(text) and not any(re.search(pattern, text) for pattern in expected):
            problems.append(f"{entry['level']} {text}")
    return problems


class BrowserTest(unittest.TestCase):
    school_counter = 20000

    def setUp(self):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"]:
            options.add_argument(argument)
        self.downloads = tempfile.mkdtemp(prefix="downloads-")
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.wait = WebDriverWait(self.driver, 20)
        self.shot_number = 0
        self.log_entries = []
        # Log entries a test expects on purpose: regular expressions, by the test.
        self.expected_log = []

    def tearDown(self):
        self.shot("end")
        entries = self.browser_log()
        # The page's console (script errors, failed requests) next to the screenshots.
        with open(SCREENSHOTS / f"{self._testMethodName}-console.log", "w", encoding="utf-8") as log:
            for entry in entries:
                log.write(f"{entry['level']} {entry['message']}\n")
        self.driver.quit()
        problems = log_problems(entries, self.expected_log)
        self.assertEqual(problems, [], "the browser logged script errors, CSP violations or failed loads")

    def browser_log(self):
        """Every browser log entry of the test so far (Chromium hands each entry out once)."""
        self.log_entries.extend(self.driver.get_log("browser"))
        return self.log_entries

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

    def pick_region(self, name, places, within="body"):
        """Picks a place in the 行政区划 picker of field `name` (region-picker.js) level by level,
        by the names shown (["浙江省", "杭州市", "西湖区"]); answers the code the form will send."""
        picker = f"{within} .region-picker:has([name='{name}'])"
        for depth, place in enumerate(places):
            def offered(driver, depth=depth, place=place):
                levels = driver.find_elements(By.CSS_SELECTOR, f"{picker} select")
                return (len(levels) > depth and levels[depth].is_displayed()
                        and any(option.text == place for option in Select(levels[depth]).options))
            self.wait.until(offered)
            Select(self.driver.find_elements(By.CSS_SELECTOR, f"{picker} select")[depth]).select_by_visible_text(place)
        return self.driver.find_element(By.CSS_SELECTOR, f"{picker} [name='{name}']").get_attribute("value")

    def button(self, text, within="body"):
        """Clicks the first visible, enabled button named `text` in `within`; a list that
        re-renders meanwhile (a reload after a step) is looked at again."""
        xpath = f".//button[normalize-space()='{text}']"

        def click(_):
            try:
                scope = self.driver.find_element(By.CSS_SELECTOR, within)
                target = next((b for b in scope.find_elements(By.XPATH, xpath) if b.is_displayed() and b.is_enabled()), None)
                if target is None:
                    return False
                target.click()
                return True
            except (StaleElementReferenceException, NoSuchElementException):
                return False
        self.wait.until(click)

    def confirm(self, expect=None, shot=None):
        """Answers the confirmation a consequential action asks first (#confirm-dialog): checks
        that it names `expect`, optionally screenshots it, and presses its confirm button."""
        dialog = self.find("#confirm-dialog")
        if expect:
            self.assertIn(expect, dialog.text)
        if shot:
            self.shot(shot)
        dialog.find_element(By.CSS_SELECTOR, ".dialog-buttons button:first-child").click()
        self.wait.until(lambda driver: not driver.find_elements(By.ID, "confirm-dialog"))

    def result(self, text):
        """Waits for the result message of an action (#result-message, below the header)."""
        return self.wait_text("#result-message", text)

    def link(self, text):
        self.wait.until(EC.element_to_be_clickable((By.LINK_TEXT, text))).click()

    def dialog(self):
        return "dialog[open]"

    def new_school(self):
        """A school of its own for each test, made through the API by the platform operator."""
        BrowserTest.school_counter += 1
        code = str(BrowserTest.school_counter)
        created = system.api("POST", "/api/v1/schools", {"code": code, "name": f"浏览器测试大学{code}", "adminUsername": "admin"},
                             system.operator_token())
        return code, created["initialPassword"]

    def choose_kind(self, kind):
        """The sign-in page, on the tab of one kind of account (staff, graduate, …)."""
        self.open("#/signin")
        self.find(f".tabs button[data-kind='{kind}']").click()
        self.find(f".tabs button.active[data-kind='{kind}']")

    def sign_in_as(self, kind, identifier, password, school=None):
        self.choose_kind(kind)
        if school:
            self.fill("schoolCode", school)
        self.fill("identifier", identifier)
        self.fill("password", password)
        self.button("登录")

    def first_sign_in(self, school, username, initial, new_password):
        self.sign_in_as("staff", username, initial, school)
        self.wait_text("main h2", "修改密码")
        self.shot("change-password")
        self.fill("oldPassword", initial)
        self.fill("newPassword", new_password)
        self.fill("newPasswordAgain", new_password)
        self.button("修改密码")

    def upload_roster(self, text, name, confirm=True):
        """Chooses a roster file; the console previews it. With `confirm`, the preview
        dialog's 确认导入 is pressed (a file with errors shows them without a dialog)."""
        path = os.path.join(self.downloads, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        self.driver.find_element(By.ID, "roster-file").send_keys(path)
        if confirm:
            self.find("#import-preview")
            self.button("确认导入", within=self.dialog())

