"""Admin and supervisor pages in Debian's chromium against a real server; changes apply without a restart."""
import sqlite3

import requests

from tests.admin.conftest import sign_in

SITE = "/api/v1/sites/demo"


def kiosk_issue(server, sector):
    return requests.post(server.url(f"{SITE}/tickets"), json={"sector": sector},
                         headers=server.headers(server.credentials["kiosk_token"]), timeout=5)


def count(server, sql):
    with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchone()[0]


def test_admin_creates_a_sector_and_a_counter_and_the_kiosk_uses_them_at_once(page, server, artifacts_dir):
    sign_in(page, server, server.credentials["admin"])
    page.goto(server.url("/admin/demo/"))
    page.click("#new-sector")
    page.fill("#code", "tu-phap")
    page.fill("#name_vi", "Tư pháp – Hộ tịch liên thông")
    page.fill("#name_en", "Justice")
    page.fill("#prefix", "TP")
    page.fill("#width", "3")
    page.fill("#first_number", "1")
    page.click("button.primary")
    page.wait_for_selector("td:has-text('tu-phap')")
    page.click("#new-counter")
    page.fill("#number", "9")
    page.fill("#name", "Quầy 9")
    page.select_option("#primary", ["tu-phap"])
    page.click("button.primary")
    page.wait_for_selector("td:has-text('Quầy 9')")
    page.screenshot(path=str(artifacts_dir / "admin-site.png"), full_page=True)
    issued = kiosk_issue(server, "tu-phap")
    assert issued.status_code == 201 and issued.json()["number"] == "TP001"
    assert count(server, "SELECT count(*) FROM audit_log WHERE entity IN ('sector', 'counter')") >= 2


def test_a_supervisor_moves_a_counter_and_its_next_call_follows(page, server):
    sign_in(page, server, server.credentials["supervisor"])
    page.goto(server.url("/admin/demo/supervise"))
    page.click("tr[data-counter='2'] a")
    page.select_option("#primary", ["ho-tich"])
    page.select_option("#backup", [])
    page.click("button.primary")
    page.wait_for_selector("tr[data-counter='2'] td:has-text('ho-tich')")
    ticket = kiosk_issue(server, "ho-tich").json()
    called = requests.post(server.url(f"{SITE}/counters/2/next"),
                           headers=server.headers(server.counter(2)["keypad_token"]), timeout=5).json()
    assert called["number"] == ticket["number"]


def test_non_admins_are_refused_with_a_clear_page(page, server):
    sign_in(page, server, server.counter(1)["officer"])
    response = page.goto(server.url("/admin/demo/"))
    assert response.status == 403
    assert "Bạn không có quyền vào trang này." in page.content()
    sign_in(page, server, server.credentials["supervisor"])
    assert page.goto(server.url("/admin/demo/sectors/new")).status == 403


def test_a_form_without_csrf_token_is_refused_and_changes_nothing(server):
    http = requests.Session()
    login = http.post(server.url("/api/v1/auth/login"), json=server.credentials["admin"], timeout=5)
    assert login.status_code == 200
    before = count(server, "SELECT count(*) FROM sectors")
    response = http.post(server.url("/admin/demo/sectors/new"), data={
        "code": "csrf-test", "name_vi": "Thử", "width": 3, "first_number": 1, "default_service_minutes": 10}, timeout=5)
    assert response.status_code == 400 and "CSRF" in response.text
    assert count(server, "SELECT count(*) FROM sectors") == before


def test_invalid_pattern_or_hours_are_explained_and_nothing_is_saved(page, server):
    sign_in(page, server, server.credentials["admin"])
    before = count(server, "SELECT count(*) FROM sectors")
    for field, value, message in [("#hours", "7h-11h", "Giờ cấp số không hợp lệ"),
                                  ("#prefix", "A-B", "Tiền tố số chỉ gồm")]:
        page.goto(server.url("/admin/demo/sectors/new"))
        page.fill("#code", "sai")
        page.fill("#name_vi", "Sai")
        page.fill(field, value)
        page.click("button.primary")
        page.wait_for_selector(f".flash.error:has-text('{message}')")
    assert count(server, "SELECT count(*) FROM sectors") == before


def test_deleting_a_sector_while_tickets_wait_is_refused_and_nothing_is_lost(page, server):
    kiosk_issue(server, "thue")
    waiting = count(server, "SELECT count(*) FROM tickets WHERE status = 'waiting'")
    sign_in(page, server, server.credentials["admin"])
    page.goto(server.url("/admin/demo/"))
    page.click("button[data-delete='thue']")
    page.wait_for_selector(".flash.error:has-text('Không thể xóa')")
    assert count(server, "SELECT count(*) FROM sectors WHERE code = 'thue' AND enabled = 1") == 1
    assert count(server, "SELECT count(*) FROM tickets WHERE status = 'waiting'") == waiting


def test_reports_page_with_chart_and_downloads(page, server):
    sign_in(page, server, server.credentials["supervisor"])
    page.goto(server.url("/admin/demo/reports?group=sector"))
    page.wait_for_selector("#report td:has-text('Tổng')")
    assert page.evaluate("!!Chart.getChart(document.getElementById('chart'))")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    csv = requests.get(server.url("/admin/demo/reports.csv?group=sector"), cookies=cookies, timeout=5)
    xlsx = requests.get(server.url("/admin/demo/reports.xlsx?group=sector"), cookies=cookies, timeout=5)
    assert csv.status_code == 200 and "Đã cấp" in csv.content.decode("utf-8-sig")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_supervision_page_follows_live_events(page, server):
    sign_in(page, server, server.credentials["supervisor"])
    page.goto(server.url("/admin/demo/supervise"))
    page.wait_for_function("typeof MotcuaLive === 'function'")
    ticket = kiosk_issue(server, "kinh-doanh").json()
    page.wait_for_selector(f"td:has-text('{ticket['number']}')", timeout=15000)  # redrawn without a manual reload


def test_the_supervision_page_shows_what_changed_before_it_joined_the_room(page, server):
    """A ticket issued after the page was drawn but before its live connection joined is not lost."""
    sign_in(page, server, server.credentials["supervisor"])
    issued = []

    def issue_then_load(route):
        issued.append(kiosk_issue(server, "kinh-doanh").json())
        route.continue_()

    page.route("**/static/vendor/socket.io-*.js", issue_then_load)
    page.goto(server.url("/admin/demo/supervise"))
    assert issued and page.locator(f"td:has-text('{issued[0]['number']}')").count() == 0  # not in the drawn page
    page.wait_for_selector(f"td:has-text('{issued[0]['number']}')", timeout=15000)
