"""导入名单's progress and its preview on a phone, in headless Chromium against the real
processes: the upload's bar and percentage, then 正在检查…, the preview's counts, the import's
own upload and 正在写入…, and 已写入 N 名; a double click imports once (one preview, one import,
counted in the page's Resource Timing); and at 390×844 a preview with every kind of change (new
graduates, old → new values, a 姓名 change, a 院系 the school lacks) keeps to the screen with
its buttons in reach, and imports. Uploads are throttled (DevTools network emulation) so that
the progress is there to be seen on a loopback connection."""
import os
import re
import unittest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

import browser
from browser import BrowserTest, graduate_rows, roster_csv

ADMIN_PASSWORD = "Admin2025x"

# Every text the import's progress and result show, in order (a MutationObserver, so that a
# phase shown for a moment is seen too), with the bar's value (null while it only moves).
WATCH_PROGRESS = """
performance.setResourceTimingBufferSize(1000);
window.importPhases = [];
const note = () => {
  for (const node of document.querySelectorAll('.import-progress, #import-result > .message')) {
    const bar = node.querySelector('progress');
    const seen = [node.querySelector('.import-phase')?.textContent ?? node.textContent,
                  bar ? (bar.hasAttribute('value') ? bar.value : null) : 'none'];
    const last = window.importPhases[window.importPhases.length - 1];
    if (!last || last[0] !== seen[0] || last[1] !== seen[1]) window.importPhases.push(seen);
  }
};
new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
"""

CALLS = "return performance.getEntriesByType('resource').filter((entry) => entry.name.includes(arguments[0])).length;"


def setUpModule():
    browser.start_system()


def tearDownModule():
    browser.stop_system()


class RosterImportTest(BrowserTest):
    def school(self):
        """A school whose admin has chosen a password, with 计算机学院; answers its code."""
        system = browser.system
        school, initial = self.new_school()
        token = system.sign_in("staff", "admin", initial, school)
        system.api("POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": ADMIN_PASSWORD}, token)
        admin = system.sign_in("staff", "admin", ADMIN_PASSWORD, school)
        system.api("POST", "/api/v1/departments", {"name": "计算机学院"}, admin)
        return school, admin

    def open_roster(self, school):
        self.sign_in_as("staff", "admin", ADMIN_PASSWORD, school)
        self.find(".modules a[data-module='esigning']").click()
        self.link("学生名单管理")
        self.find("#import-button")
        self.driver.execute_script(WATCH_PROGRESS)

    def throttle_uploads(self, bytes_per_second):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": bytes_per_second})

    def choose_file(self, text, name):
        path = os.path.join(self.downloads, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        self.driver.find_element(By.ID, "roster-file").send_keys(path)

    def phases(self):
        return self.driver.execute_script("return window.importPhases")

    def calls(self, path):
        return self.driver.execute_script(CALLS, "/api/v1/graduates/" + path)

    def wait_uploading(self, within):
        """Until the bar in `within` is part-way: the upload under way, with its percentage."""
        def part_way(driver):
            bars = driver.find_elements(By.CSS_SELECTOR, f"{within} .import-progress progress[value]")
            return bars and 0 < float(bars[0].get_attribute("value")) < 100
        self.wait.until(part_way)
        self.assertRegex(self.find(f"{within} .import-phase").text, r"^正在上传“.+”…（\d{1,2}%）$")

    def assert_progress_in_order(self, file_name, count):
        """The phases seen: the preview's upload rising, 正在检查, the counts; the import's upload,
        正在写入, 已写入."""
        texts = [text for text, _ in self.phases()]
        uploading = re.compile(rf"^正在上传“{re.escape(file_name)}”…（(\d+)%）$")

        def percentages(start, end):
            return [int(uploading.match(text).group(1)) for text in texts[start:end] if uploading.match(text)]
        checking = texts.index(f"正在检查“{file_name}”…")
        counted = next(i for i, text in enumerate(texts) if text.startswith(f"检查完成：将新增 {count} 名"))
        writing = texts.index(f"正在写入 {count} 名毕业生…")
        written = next(i for i, text in enumerate(texts) if text.startswith(f"导入成功：已写入 {count} 名毕业生"))
        self.assertLess(checking, counted)
        self.assertLess(counted, writing)
        self.assertLess(writing, written)
        for shown in (percentages(0, checking), percentages(counted, writing)):
            self.assertTrue(any(0 < p < 100 for p in shown), f"no upload part-way among {shown}")
            self.assertEqual(shown, sorted(shown), "the upload's percentage went back")
        # While the server works the bar has no value (it only moves).
        self.assertIn([f"正在检查“{file_name}”…", None], self.phases())
        self.assertIn([f"正在写入 {count} 名毕业生…", None], self.phases())

    def assert_fits(self, dialog_css):
        """The page does not scroll sideways, the dialog keeps to the screen and does not scroll
        sideways itself, and each of its buttons is on screen and the element at its centre."""
        page, viewport = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(page, viewport, "the page scrolls sideways")
        box = self.find(dialog_css).rect
        height = self.driver.execute_script("return window.innerHeight")
        self.assertGreaterEqual(box["x"], 0)
        self.assertLessEqual(box["x"] + box["width"], viewport, "the dialog is wider than the screen")
        self.assertLessEqual(box["y"] + box["height"], height, "the dialog is taller than the screen")
        body_scroll, body_width = self.driver.execute_script(
            "const body = document.querySelector(arguments[0] + ' .dialog-body'); return [body.scrollWidth, body.clientWidth];",
            dialog_css)
        self.assertLessEqual(body_scroll, body_width, "the dialog scrolls sideways")
        buttons = self.driver.find_elements(By.CSS_SELECTOR, f"{dialog_css} .dialog-buttons button")
        self.assertGreaterEqual(len(buttons), 2)
        for button in buttons:
            self.assertTrue(button.is_displayed(), button.text)
            rect = button.rect
            self.assertGreaterEqual(rect["x"], 0, button.text)
            self.assertLessEqual(rect["x"] + rect["width"], viewport, button.text)
            self.assertLessEqual(rect["y"] + rect["height"], height, f"{button.text} is below the screen")
            self.assertTrue(self.driver.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                "return hit === arguments[0] || arguments[0].contains(hit);", button), f"{button.text} is covered")

    def test_desktop_import_shows_its_progress_and_a_double_click_imports_once(self):
        school, _ = self.school()
        rows = graduate_rows(1000, ["计算机学院"], seed=int(school) % 89)
        text = roster_csv(rows)
        self.driver.set_window_size(1440, 900)
        self.open_roster(school)
        self.throttle_uploads(64 * 1024)

        # The file chosen, then 导入名单 clicked again and another file chosen while the first
        # is being sent: only the first is previewed.
        self.choose_file(text, "名单-1000.csv")
        import_button = self.find("#import-button")
        self.assertFalse(import_button.is_enabled())
        import_button.click()
        self.choose_file(text, "名单-又一次.csv")
        self.wait_uploading("#import-result")
        self.shot("uploading")
        self.wait_text("#import-preview", "将新增 1000 名")
        self.assertIn("检查完成：将新增 1000 名", self.find("#import-result").text)
        self.assertEqual(self.calls("import-previews"), 1)
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "dialog[open]")), 1)
        self.assertEqual(self.find("#import-preview .plan-section h3").text, "新增的毕业生（1000 名）")
        self.shot("preview")

        # 确认导入 double-clicked: one import; while it runs nothing in the dialog can be pressed.
        confirm = next(b for b in self.driver.find_elements(By.CSS_SELECTOR, f"{self.dialog()} .dialog-buttons button")
                       if b.text == "确认导入")
        ActionChains(self.driver).double_click(confirm).perform()
        self.wait_uploading("#import-apply-status")
        self.assertEqual([b.is_enabled() for b in self.driver.find_elements(By.CSS_SELECTOR, f"{self.dialog()} .dialog-buttons button")],
                         [False, False])
        self.shot("importing")
        self.wait_text("#import-result", "导入成功：已写入 1000 名毕业生（新增 1000 名）")
        self.wait_text("#roster-results", "共 1000 条")
        self.assertEqual(self.calls("imports"), 1)
        self.assertEqual(self.calls("import-previews"), 1)
        self.assert_progress_in_order("名单-1000.csv", 1000)
        self.shot("imported")

    def test_phone_import_shows_its_progress_on_the_screen(self):
        school, _ = self.school()
        rows = graduate_rows(400, ["计算机学院"], seed=int(school) % 89)
        self.driver.set_window_size(390, 844)
        self.open_roster(school)
        self.throttle_uploads(32 * 1024)
        self.choose_file(roster_csv(rows), "名单-手机.csv")
        self.wait_uploading("#import-result")
        bar = self.find("#import-result .import-progress").rect
        viewport = self.driver.execute_script("return document.documentElement.clientWidth")
        self.assertGreaterEqual(bar["x"], 0)
        self.assertLessEqual(bar["x"] + bar["width"], viewport, "the progress runs off the screen")
        self.shot("phone-uploading")
        self.find("#import-preview")
        self.button("确认导入", within=self.dialog())
        # The import's progress stays in sight above the buttons, however far the preview scrolls.
        self.wait_uploading("#import-apply-status")
        status = self.find("#import-apply-status").rect
        self.assertLessEqual(status["y"] + status["height"], self.driver.execute_script("return window.innerHeight"))
        self.shot("phone-importing")
        self.wait_text("#import-result", "导入成功：已写入 400 名毕业生")
        self.assert_progress_in_order("名单-手机.csv", 400)
        self.shot("phone-imported")

    def test_phone_preview_with_every_kind_of_change_fits_the_screen(self):
        school, admin = self.school()
        rows = graduate_rows(3, ["计算机学院"], seed=int(school) % 83)
        browser.system.api("POST", "/api/v1/graduates/imports", roster_csv(rows).encode(), admin, "text/csv")
        updated = [list(row) for row in rows]
        updated[0][1] = "人工智能"                          # 专业: old → new
        updated[0][14] = "13700000000"                      # 手机号 too: two changes in one row
        updated[1][4] = updated[1][4] + "新"                # 姓名: an identity change
        updated[2][3] = updated[2][3][:-1] + "9"            # 考生号: another
        extra = graduate_rows(6, ["外国语学院"], seed=int(school) % 83)[3:6]   # a 院系 the school lacks
        self.driver.set_window_size(390, 844)
        self.open_roster(school)
        self.wait_text("#roster-results", "共 3 条")
        self.choose_file(roster_csv(updated + extra), "名单-手机预览.csv")

        self.wait_text("#new-departments", "外国语学院")
        self.assert_fits(self.dialog())
        self.shot("phone-new-departments")
        self.button("创建这些院系并继续", within=self.dialog())

        preview = self.wait_text("#import-preview", "新增 3 名")
        self.assertIn("更新 3 名", preview.text)
        self.assertIn("专业：软件工程 → 人工智能", preview.text)
        self.assertIn(f"手机号：{rows[0][14]} → 13700000000", preview.text)
        self.assertIn(f"姓名：{rows[1][4]} → {updated[1][4]}", preview.text)
        self.assertIn(f"考生号：{rows[2][3]} → {updated[2][3]}", preview.text)
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#import-preview .identity-change")), 2)
        # The two whose 姓名/考生号 change are shown with their signing business (none yet).
        business = self.driver.find_elements(By.CSS_SELECTOR, "#import-preview .plan-business")
        self.assertEqual([cell.text for cell in business], ["无", "无"])
        self.assert_fits(self.dialog())
        self.shot("phone-preview")
        # The changes' cards, and the tick at the end, scrolled to.
        changed = self.driver.find_elements(By.CSS_SELECTOR, "#import-preview .plan-section")[1]
        self.driver.execute_script("arguments[0].scrollIntoView()", changed)
        self.shot("phone-preview-changes")
        # Without the tick: refused above the buttons, in sight however far the preview scrolls.
        self.button("确认导入", within=self.dialog())
        refusal = self.wait_text("#import-apply-status", "请先勾选确认姓名或考生号的变更").rect
        self.assertLessEqual(refusal["y"] + refusal["height"], self.driver.execute_script("return window.innerHeight"))
        self.assert_fits(self.dialog())
        self.shot("phone-preview-needs-the-tick")
        tick = self.find("#import-preview [name='confirmIdentityChanges']")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", tick)
        tick.click()
        self.assert_fits(self.dialog())
        self.shot("phone-preview-ticked")
        self.button("确认导入", within=self.dialog())
        self.wait_text("#import-result", "导入成功：已写入 6 名毕业生（新增 3 名，更新 3 名）")
        self.wait_text("#roster-results", "共 6 条")
        self.assertIn("人工智能", self.find("#roster-results").text)
        sizes = self.driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        self.assertLessEqual(sizes[0], sizes[1], "the roster scrolls sideways on a phone")
        self.shot("phone-imported")


if __name__ == "__main__":
    unittest.main()
