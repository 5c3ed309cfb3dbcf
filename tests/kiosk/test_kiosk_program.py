"""The real ``motcua kiosk`` program, started before the central server (as ``make run`` does), then
the printed ticket's QR code followed to the public lookup page in chromium."""
import shutil
import subprocess
import sys

import pytest
import requests

from kiosk.state import wait_for
from tests.support.live_server import ROOT, free_port


def kiosk_state(url):
    try:
        return requests.get(url + "/api/state", timeout=2).json()
    except requests.RequestException:
        return None


@pytest.fixture(scope="module")
def printed_ticket(server, tmp_path_factory):
    """Server down, kiosk program up; then the server comes up and a touch is made (twice, same touch id)."""
    folder = tmp_path_factory.mktemp("printed")
    port = free_port()
    server.stop()
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "kiosk", "--server", server.base_url, "--site", "demo",
         "--token", server.credentials["kiosk_token"], "--port", str(port), "--printer", f"png:{folder}",
         "--paper-mm", "58"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: kiosk_state(url) is not None, 15), "the kiosk program did not start"
        offline = kiosk_state(url)
        server.start()
        assert wait_for(lambda: (kiosk_state(url) or {}).get("online"), 20), "the kiosk never reached the server"
        touch = {"sector": "ho-tich", "touch_id": "program-test-1"}
        first = requests.post(url + "/api/issue", json=touch, timeout=30).json()
        again = requests.post(url + "/api/issue", json=touch, timeout=30).json()
        yield {"offline": offline, "first": first, "again": again, "folder": folder, "url": url}
    finally:
        kiosk.terminate()
        kiosk.wait(10)


def test_the_kiosk_waits_for_a_server_that_is_not_up_yet(printed_ticket):
    assert printed_ticket["offline"]["online"] is False
    assert printed_ticket["offline"]["sectors"] == []


def test_one_touch_sent_twice_is_one_ticket_and_one_print(printed_ticket, server):
    first, again = printed_ticket["first"], printed_ticket["again"]
    assert first["ok"] and first["printed"]
    assert again["ticket"]["id"] == first["ticket"]["id"]
    board = requests.get(server.url("/api/v1/sites/demo/board"), timeout=5).json()
    assert next(s["issued_today"] for s in board["sectors"] if s["code"] == "ho-tich") == 1
    [png] = printed_ticket["folder"].glob("*.png")
    assert png.name.endswith(f"-{first['ticket']['number']}.png")


def test_the_bad_touches_are_refused_with_a_vietnamese_message(printed_ticket):
    response = requests.post(printed_ticket["url"] + "/api/issue", data="not json", timeout=5)
    assert response.status_code == 400 and response.json()["message_vi"] == "Yêu cầu không hợp lệ."
    response = requests.post(printed_ticket["url"] + "/api/issue", json={"sector": "khong-co"}, timeout=10)
    assert response.status_code == 409 and response.json()["message_vi"]


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed (make system-deps)")
def test_the_printed_qr_code_opens_the_lookup_page(printed_ticket, page, server, artifacts_dir):
    [png] = printed_ticket["folder"].glob("*.png")
    url = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert url == f"{server.base_url}/lookup/{printed_ticket['first']['ticket']['lookup_code']}"
    page.set_viewport_size({"width": 412, "height": 860})  # a citizen's phone
    page.goto(url)
    number = printed_ticket["first"]["ticket"]["number"]
    page.wait_for_selector(f"#number:has-text('{number}')")
    assert page.inner_text("#status") == "Đang chờ"
    assert "Người chờ trước: 0" in page.inner_text("#detail")
    page.screenshot(path=str(artifacts_dir / "lookup-page-phone.png"))
    page.click("#lang")
    page.wait_for_selector("#status:has-text('Waiting')")
    page.goto(server.url("/lookup/ZZZZ2222"))
    page.wait_for_selector("#error:has-text('Không tìm thấy vé với mã này.')")


def test_the_lookup_page_follows_the_ticket_when_it_is_called(printed_ticket, page, server):
    counter = next(c for c in server.credentials["counters"] if "ho-tich" in c["sectors"])
    token = requests.post(server.url("/api/v1/auth/login"), json=counter["officer"], timeout=5).json()["token"]
    response = requests.post(server.url(f"/api/v1/sites/demo/counters/{counter['number']}/next"),
                             headers=server.headers(token), timeout=5)
    assert response.status_code == 200, response.text
    [png] = printed_ticket["folder"].glob("*.png")
    url = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True,
                         check=True).stdout.strip()
    page.goto(url)
    page.wait_for_selector(f"#status:has-text('Mời quý vị đến quầy {counter['number']}')")


def test_the_touch_page_gets_the_ticket_font_from_the_kiosk_program(printed_ticket, page):
    response = requests.get(printed_ticket["url"] + "/fonts/DejaVuSans-Bold.ttf", timeout=5)
    assert response.status_code == 200 and response.content[:4] == b"\x00\x01\x00\x00"  # a TrueType file
    page.goto(printed_ticket["url"])
    page.wait_for_selector("button.sector")
    loaded = page.evaluate("document.fonts.ready.then(() => [...document.fonts]"
                           ".filter((f) => f.status === 'loaded').map((f) => f.family + ' ' + f.weight))")
    assert {"Motcua Sans normal", "Motcua Sans bold"} <= set(loaded), loaded
    assert requests.get(printed_ticket["url"] + "/fonts/..%2Fconfig.py", timeout=5).status_code == 404
