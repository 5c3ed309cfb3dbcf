"""The officer's page in Debian's chromium against a real server."""
import sqlite3

import requests

from tests.counter.conftest import sign_in

SITE = "/api/v1/sites/demo"


def issue(server, sector, priority=None):
    response = requests.post(server.url(f"{SITE}/tickets"), json={"sector": sector, "priority": priority},
                             headers=server.headers(server.credentials["kiosk_token"]), timeout=5)
    assert response.status_code == 201, response.text
    return response.json()


def snapshot(server, number):
    return requests.get(server.url(f"{SITE}/counters/{number}"),
                        headers=server.headers(server.counter(number)["keypad_token"]), timeout=5).json()


def expect_number(page, number):
    """The number is shown as the counter's current ticket (not left over from an earlier one)."""
    page.wait_for_function(f"!document.getElementById('current').hidden && "
                           f"document.getElementById('number').textContent === '{number}'", timeout=5000)


def test_wrong_password_is_refused_with_a_clear_message(page, server):
    page.goto(server.url("/counter/"))
    page.fill("#username", "canbo2")
    page.fill("#password", "khong-dung")
    page.click("button[type=submit]")
    page.wait_for_selector("#message:has-text('Sai tên đăng nhập hoặc mật khẩu.')")
    assert page.url.endswith("/counter/")


def test_a_day_at_the_counter_with_buttons_and_keys(page, server, artifacts_dir):
    sign_in(page, server, 2)  # counter 2 serves land (đất đai) only
    other = issue(server, "ho-tich")
    first = issue(server, "dat-dai")
    page.wait_for_selector(f"#waiting td.num:has-text('{first['number']}')")  # live, no reload
    assert page.locator(f"#waiting td.num:has-text('{other['number']}')").count() == 0  # not this counter's
    page.click("button[data-action=next]")
    expect_number(page, first["number"])
    page.keyboard.press("r")
    page.wait_for_selector("#recalls:has-text('1/3')")
    page.keyboard.press("s")
    page.wait_for_selector("#status:has-text('đang phục vụ')")
    assert page.is_disabled("button[data-action=recall]") and page.is_disabled("button[data-action=no-show]")
    page.keyboard.press("f")
    page.wait_for_selector("#current-none:visible")
    page.wait_for_selector("#served:has-text('1')")
    page.screenshot(path=str(artifacts_dir / "counter-page-1366x768.png"))

    # hold and return
    held = issue(server, "dat-dai")
    page.keyboard.press("n")
    expect_number(page, held["number"])
    page.keyboard.press("h")
    page.wait_for_selector(f"#aside td.num:has-text('{held['number']}')")
    page.click(f"#aside button[data-ticket='{held['id']}']")
    page.wait_for_selector(f"#waiting td.num:has-text('{held['number']}')")

    # no-show and reinstate
    page.keyboard.press("n")
    expect_number(page, held["number"])
    page.keyboard.press("v")
    page.wait_for_selector("#aside button[data-ticket-action=reinstate]")
    page.click(f"#aside button[data-ticket='{held['id']}']")
    page.wait_for_selector(f"#waiting td.num:has-text('{held['number']}')")

    # transfer to tax (thuế): the ticket keeps its number and shows up in counter 8's queue
    page.keyboard.press("n")
    expect_number(page, held["number"])
    page.keyboard.press("t")
    page.select_option("#transfer-sector", "thue")
    page.click("#transfer-ok")
    page.wait_for_selector("#current-none:visible")
    queue8 = snapshot(server, 8)["waiting"]
    assert [(t["number"], t["sector"], t["status"]) for t in queue8] == [(held["number"], "thue", "transferred")]
    page.wait_for_selector("#noshows:has-text('1')")


def test_an_action_the_server_refuses_is_explained_and_the_page_resyncs(page, server):
    sign_in(page, server, 5)
    ticket = issue(server, "ldtbxh")
    page.keyboard.press("n")
    expect_number(page, ticket["number"])
    # the keypad of counter 5 finishes the ticket behind the page's back
    requests.post(server.url(f"{SITE}/counters/5/finish"), headers=server.headers(server.counter(5)["keypad_token"]),
                  timeout=5)
    page.wait_for_selector("#current-none:visible")  # the page followed the event
    page.evaluate("document.querySelector('button[data-action=finish]').disabled = false")
    page.click("button[data-action=finish]")  # a stale click still reaches the server
    page.wait_for_selector("#message:has-text('chưa gọi vé nào')")


def test_expired_session_sends_the_officer_back_to_sign_in(page, server):
    sign_in(page, server, 7)
    database = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE auth_sessions SET expires_at = '2000-01-01 00:00:00.000000'")
    page.keyboard.press("n")
    page.wait_for_url("**/counter/?reason=*")
    page.wait_for_selector("#message:has-text('Phiên đăng nhập đã hết hạn')")


def test_english_is_available(page, server):
    sign_in(page, server, 3)
    page.click("#lang")
    page.wait_for_selector("button[data-action=next]:has-text('Next')")
    page.wait_for_selector("#state:has-text('Open')")
    page.click("#lang")
    page.wait_for_selector("button[data-action=next]:has-text('Gọi số tiếp')")
