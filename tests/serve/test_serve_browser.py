"""The page in headless Chromium (Debian's chromium + chromium-driver, driven
through selenium): type a line and write it; draw a style on the pad with
synthetic pointer events and write in it; the same on a phone-sized screen
with a finger (touch pointer events).
Usage: test_serve_browser.py SEQGEN_BINARY [SCREENSHOT_DIR]"""
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from serve_helper import Server

BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else "seqgen"
SHOTS = sys.argv.pop(1) if len(sys.argv) > 1 else ""

# Ink pixels of a canvas (anything clearly darker than the white page).
INK = """const c = document.getElementById(arguments[0]);
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) ++n; return n;"""


def chromedriver_start():
    """chromedriver on a free loopback port, reached by address: selenium's own
    service reaches it by the name localhost, which a bare root may not resolve."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("chromedriver did not start")


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY)
        cls.profile = tempfile.TemporaryDirectory()
        o = webdriver.ChromeOptions()
        o.binary_location = "/usr/bin/chromium"
        for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--remote-debugging-pipe",
                  f"--user-data-dir={cls.profile.name}", "--window-size=900,1100"]:
            o.add_argument(a)
        # Chromium talks to chromedriver over a pipe, not a DevTools port that
        # chromedriver would reach by the name localhost (unresolvable in a bare root).
        cls.driver, url = chromedriver_start()
        cls.d = webdriver.Remote(command_executor=url, options=o)
        cls.d.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        cls.d.quit()
        cls.driver.terminate()
        cls.driver.wait(10)
        cls.server.stop()
        cls.profile.cleanup()

    def shot(self, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            self.d.save_screenshot(os.path.join(SHOTS, name))

    def open(self):
        self.d.get(self.server.url + "/")
        WebDriverWait(self.d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#style option")) > 2)

    def text_set(self, text):
        t = self.d.find_element(By.ID, "text")
        t.clear()
        t.send_keys(text)

    def written(self):
        """Waits for the answer, returns the points the page draws."""
        WebDriverWait(self.d, 60).until(lambda d: d.find_element(By.ID, "page").get_attribute("data-points")
                                        or "error" in d.find_element(By.ID, "status").get_attribute("class"))
        status = self.d.find_element(By.ID, "status")
        self.assertNotIn("error", status.get_attribute("class"), status.text)
        return int(self.d.find_element(By.ID, "page").get_attribute("data-points"))

    def test_type_and_write(self):
        self.open()
        self.text_set("Hello from the browser")
        self.d.find_element(By.ID, "write").click()
        points = self.written()
        self.assertGreater(points, 100)
        # Mid-animation: part of the pen's path drawn, not all of it.
        WebDriverWait(self.d, 20).until(lambda d: int(d.find_element(By.ID, "page").get_attribute("data-drawn")) > points // 3)
        self.shot("page-mid-animation.png")
        self.d.find_element(By.ID, "skip").click()
        WebDriverWait(self.d, 10).until(lambda d: d.find_element(By.ID, "page").get_attribute("data-done") == "1")
        self.assertEqual(int(self.d.find_element(By.ID, "page").get_attribute("data-drawn")), points)
        self.assertGreater(self.d.execute_script(INK, "page"), 500)

    def test_keyboard_only(self):
        self.open()
        self.d.find_element(By.ID, "text").click()
        self.text_set("keys")
        self.d.find_element(By.ID, "text").send_keys("\t")  # focus moves on to the controls, in order
        self.assertEqual(self.d.switch_to.active_element.get_attribute("id"), "bias")
        self.d.find_element(By.ID, "write").send_keys("\n")
        self.assertGreater(self.written(), 20)

    def test_draw_own_style(self):
        self.open()
        pad = self.d.find_element(By.ID, "pad")
        self.d.execute_script("arguments[0].scrollIntoView()", pad)
        w, h = pad.size["width"], pad.size["height"]
        # Three loopy strokes of "mmm"-like scrawl, from the pad's centre.
        a = ActionChains(self.d, duration=10)
        for k in range(3):
            x0 = -w // 3 + k * (w // 4)
            a.move_to_element_with_offset(pad, x0, 0).click_and_hold()
            for i in range(1, 40):
                t = i / 39 * 3 * math.pi
                a.move_to_element_with_offset(pad, int(x0 + i * 3), int(-25 * abs(math.sin(t))) + 20)
            a.release()
        a.perform()
        self.assertTrue(all(len(p) == 3 for s in self.d.execute_script("return padStrokes") for p in s))
        self.write_in_own_hand(3, "mmm", "written in my hand", "page-own-style.png", 300)

    def write_in_own_hand(self, strokes, says, text, shot, ink):
        """After `strokes` strokes drawn on the pad: says what they say, writes `text` in that hand."""
        self.assertEqual(self.d.execute_script("return padStrokes.length"), strokes)
        self.assertEqual(self.d.find_element(By.ID, "style").get_attribute("value"), "mine")
        self.d.find_element(By.ID, "pad-text").send_keys(says)
        self.text_set(text)
        self.d.find_element(By.ID, "write").click()
        self.assertGreater(self.written(), 50)
        self.d.find_element(By.ID, "skip").click()
        self.d.execute_script("window.scrollTo(0, 0)")
        self.shot(shot)
        self.assertGreater(self.d.execute_script(INK, "page"), ink)

    def test_phone(self):
        """A phone-sized screen: nothing wider than it, and a style drawn with a finger."""
        self.d.set_window_size(390, 844)
        try:
            self.open()
            inner = self.d.execute_script("return window.innerWidth")
            self.assertLessEqual(inner, 400)
            self.assertLessEqual(self.d.execute_script("return document.documentElement.scrollWidth"), inner)
            for id in ["text", "write", "page", "pad", "pad-text"]:
                r = self.d.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]",
                                          self.d.find_element(By.ID, id))
                self.assertGreaterEqual(r[0], 0, id)
                self.assertLessEqual(r[1], inner, id)
            pad = self.d.find_element(By.ID, "pad")
            self.d.execute_script("arguments[0].scrollIntoView()", pad)
            w = pad.size["width"]
            finger = ActionBuilder(self.d, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"), duration=10)
            for k in range(2):  # two strokes, each a zigzag ("ww")
                x0 = -w // 3 + k * (w // 3)
                finger.pointer_action.move_to(pad, x0, 0).pointer_down()
                for i in range(1, 30):
                    finger.pointer_action.move_to(pad, x0 + i * 3, 20 - 30 * (i // 5 % 2))
                finger.pointer_action.pointer_up()
            finger.perform()
            self.write_in_own_hand(2, "ww", "by hand on a phone", "page-phone.png", 200)
        finally:
            self.d.set_window_size(900, 1100)


if __name__ == "__main__":
    unittest.main(verbosity=2)
