"""Drives bosund's web UI in headless Chromium (Debian's chromium and chromium-driver, through
Selenium) and fails on the first thing that is not as it should be.

Usage: python3 webui_browser.py http://127.0.0.1:PORT/ USER PASSWORD SCREENSHOT_DIR ODD_NAME

The daemon runs the WebUITests config: `sleeper` (writes `<b>tick N</b> & "q"` to stdout and
`<i>err N</i>` to stderr), `consumer` (depends_on sleeper, ready_check log:ready), the group
`feeds` (md1 running, md2 not started) and a program named ODD_NAME (markup characters).
Prints one line per step; exits 1 with the reason when a step fails.
"""
import base64
import os
import sys
import time
import xmlrpc.client

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

URL, USER, PASSWORD, SHOTS, ODD_NAME = sys.argv[1:6]


class Failure(Exception):
    pass


def step(text):
    print("ok:", text, flush=True)


def wait(what, condition, timeout=30):
    """Polls `condition` until it holds; a page still loading (no such element yet, or one
    just replaced) counts as not yet."""
    deadline = time.time() + timeout
    while True:
        try:
            value = condition()
        except WebDriverException:
            value = None
        if value:
            return value
        if time.time() > deadline:
            raise Failure("timed out waiting for " + what)
        time.sleep(0.1)


def browser(script=True):
    options = webdriver.ChromeOptions()
    if not script:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Basic auth on every request the pages make, as a browser that was given the password.
    credentials = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + credentials}})
    return driver


def in_row(driver, name, expression):
    """`expression` over the row of process `name` (`row`), in one script: a live page replaces
    rows as they change, so no reference to one is kept between calls."""
    return driver.execute_script(
        "const row = [...document.querySelectorAll('#rows tr')].find((r) => r.dataset.name === arguments[0]);"
        "return row ? (%s) : null" % expression, name)


def row_state(driver, name):
    return in_row(driver, name, "row.dataset.state")


def press(driver, value):
    button = driver.execute_script("return [...document.querySelectorAll('button')].find((b) => b.value === arguments[0]) || null", value)
    if button is None:
        raise Failure("no button " + value)
    button.click()


def status_page(driver, rpc):
    driver.get(URL)
    wait("the live stream", lambda: driver.find_element(By.ID, "live").text == "live")
    driver.execute_script("window.notReloaded = true")
    step("status page loaded and live")

    name = "row.querySelector('td.name a').textContent"
    wait("the row of %r showing its name as text" % ODD_NAME, lambda: in_row(driver, ODD_NAME, name) == ODD_NAME, 10)
    if driver.execute_script("return document.querySelectorAll('#rows b, #rows i, #rows script').length"):
        raise Failure("markup from a name became elements")
    step("a name with markup characters is shown as text")

    def shows_readiness():
        consumer = in_row(driver, "consumer", "row.textContent") or ""
        return "ready: log:ready" in consumer and "after: sleeper" in consumer
    wait("readiness and dependencies in consumer's row", shows_readiness, 10)
    step("readiness and dependencies shown")

    press(driver, "stop:sleeper")
    wait("sleeper stopped on the page", lambda: row_state(driver, "sleeper") == "stopped")
    wait("the action's message", lambda: "Process sleeper stopped" in driver.find_element(By.ID, "msg").text)
    press(driver, "start:sleeper")
    wait("sleeper running on the page", lambda: row_state(driver, "sleeper") == "running")
    if rpc.supervisor.getProcessInfo("sleeper")["statename"] != "RUNNING":
        raise Failure("the daemon does not have sleeper running")
    step("stop and start by the buttons, the table follows")

    rpc.supervisor.stopProcess("feeds:md1")
    wait("a change made elsewhere", lambda: row_state(driver, "feeds:md1") == "stopped")
    step("a stop made through XML-RPC reaches the page by itself")

    press(driver, "startgroup:feeds")
    wait("the group started", lambda: row_state(driver, "feeds:md1") == "running" and row_state(driver, "feeds:md2") == "running")
    step("a group started by its button")

    filter_box = driver.find_element(By.ID, "filter")
    filter_box.send_keys("md")
    shown = driver.execute_script("return [...document.querySelectorAll('#rows tr')].filter((r) => !r.hidden).map((r) => r.dataset.key)")
    if shown != ["g:feeds", "p:feeds:md1", "p:feeds:md2"]:
        raise Failure("the filter shows %r" % shown)
    filter_box.clear()
    filter_box.send_keys(" ")
    step("the filter shows the group and its members")

    counts = driver.find_element(By.ID, "counts").text
    if "running" not in counts:
        raise Failure("no counts: %r" % counts)
    uptime = "row.querySelector('td.desc').textContent"
    before = in_row(driver, "sleeper", uptime)
    wait("the uptime to tick", lambda: in_row(driver, "sleeper", uptime) != before, 10)
    step("counts by state (%s) and a ticking uptime" % counts.replace("\n", " "))

    if not driver.execute_script("return window.notReloaded === true"):
        raise Failure("the page was reloaded")
    step("no reload through all of it")
    driver.save_screenshot(os.path.join(SHOTS, "webui-status.png"))
    driver.set_window_size(390, 844)
    driver.save_screenshot(os.path.join(SHOTS, "webui-phone.png"))
    driver.set_window_size(1280, 800)


def without_live_stream(driver):
    """An action's answer carries its rows: with the stream blocked, the table still follows."""
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*ui/events*"]})
    try:
        driver.get(URL)
        wait("the stream to fail", lambda: "reconnecting" in driver.find_element(By.ID, "live").text)
        press(driver, "stop:feeds:md2")
        wait("the answer's row", lambda: row_state(driver, "feeds:md2") == "stopped")
        press(driver, "start:feeds:md2")
        wait("the answer's row", lambda: row_state(driver, "feeds:md2") == "running")
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    step("with no live stream, an action's answer updates its row")


def without_script():
    """The page works with scripts off: a button posts the form, the page comes back with the
    message and the new state."""
    driver = browser(script=False)
    try:
        driver.get(URL)
        press(driver, "stop:feeds:md2")
        wait("the message", lambda: "Process feeds:md2 stopped" in driver.find_element(By.ID, "msg").text)
        if row_state(driver, "feeds:md2") != "stopped":
            raise Failure("the page after a stop does not show it stopped")
        press(driver, "start:feeds:md2")
        wait("the message", lambda: "Process feeds:md2 started" in driver.find_element(By.ID, "msg").text)
        step("with scripts off, the buttons work by reloads")
    finally:
        driver.quit()


def tail_page(driver):
    driver.get(URL + "tail.html?processname=sleeper")
    wait("the tail to follow", lambda: driver.find_element(By.ID, "live").text == "following")
    pre = driver.find_element(By.ID, "tail")
    first = pre.get_attribute("textContent").count("</b>")
    wait("new lines in the page", lambda: pre.get_attribute("textContent").count("</b>") >= first + 3, 20)
    if '<b>tick' not in pre.get_attribute("textContent") or driver.execute_script("return document.querySelectorAll('#tail *').length"):
        raise Failure("log lines with markup are not shown as text")
    step("stdout followed live, its markup shown as text")
    driver.save_screenshot(os.path.join(SHOTS, "webui-tail.png"))

    driver.get(URL + "tail.html?processname=sleeper&channel=stderr")
    wait("stderr", lambda: "<i>err" in driver.find_element(By.ID, "tail").get_attribute("textContent"))
    step("stderr shown")


def main():
    host = URL.split("//", 1)[1]
    rpc = xmlrpc.client.ServerProxy("http://%s:%s@%sRPC2" % (USER, PASSWORD, host))
    driver = browser()
    try:
        status_page(driver, rpc)
        without_live_stream(driver)
        without_script()
        tail_page(driver)
        problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        if problems:
            raise Failure("errors in the browser's console: %r" % problems)
        step("no errors in the console (no script error, no Content-Security-Policy violation)")
    except Failure as failure:
        print("FAILED:", failure, flush=True)
        print("page:", driver.current_url, repr(driver.execute_script("return document.body ? document.body.innerText : ''")[:3000]))
        print("console:", driver.get_log("browser"), flush=True)
        driver.save_screenshot(os.path.join(SHOTS, "failure.png"))
        sys.exit(1)
    finally:
        driver.quit()


main()
