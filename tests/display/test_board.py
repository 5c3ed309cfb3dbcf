"""The hall board in Debian's chromium against a real server: calls, voice queue, restart, gaps."""
import io
import sqlite3
import time
import wave
from urllib.parse import unquote

import requests

SITE = "/api/v1/sites/demo"


def issue(server, sector):
    return requests.post(server.url(f"{SITE}/tickets"), json={"sector": sector},
                         headers=server.headers(server.credentials["kiosk_token"]), timeout=5).json()


def call(server, counter):
    return requests.post(server.url(f"{SITE}/counters/{counter}/next"),
                         headers=server.headers(server.counter(counter)["keypad_token"]), timeout=5)


def open_board(tv, server):
    tv.goto(server.url("/board/demo"))
    tv.click("#enable-sound")  # the one-time tap that browsers require before sound
    tv.wait_for_function("window.snapshotFetches >= 1")


def test_a_call_appears_and_its_vietnamese_announcement_exists(tv, server, artifacts_dir):
    open_board(tv, server)
    ticket = issue(server, "dat-dai")
    started = time.monotonic()
    assert call(server, 2).status_code == 200
    tv.wait_for_function(f"document.getElementById('latest-number').textContent === '{ticket['number']}'")
    print(f"call → board: {1000 * (time.monotonic() - started):.0f} ms")
    assert tv.inner_text("#latest-counter") == "→ Quầy 2"
    tv.wait_for_function("window.announcements.length >= 1")
    audio = requests.get(server.url(f"/display/announcement/demo.wav?number={ticket['number']}&counter=2"), timeout=30)
    assert audio.status_code == 200 and audio.headers["Content-Type"] == "audio/wav"
    assert unquote(audio.headers["X-Announcement-Text"]) == (
        "Xin mời công dân có số thứ tự một nghìn không trăm linh một đến quầy số hai")
    with wave.open(io.BytesIO(audio.content)) as sound:
        assert sound.getnframes() / sound.getframerate() > 5  # chime + the sentence twice
    tv.screenshot(path=str(artifacts_dir / "hall-board-1920x1080.png"))


def test_announcement_audio_only_for_real_calls(server):
    assert requests.get(server.url("/display/announcement/demo.wav?number=9999&counter=1"), timeout=5).status_code == 404
    bad = requests.get(server.url("/display/announcement/demo.wav?number=hello%20world&counter=1"), timeout=5)
    assert bad.status_code == 400 and bad.json()["error"] == "bad_announcement"


def test_three_quick_calls_are_announced_in_order_without_overlap(tv, server):
    open_board(tv, server)
    tv.evaluate("window.announcements.length = 0")
    tickets = [issue(server, sector) for sector in ("ho-tich", "chung-thuc", "thue")]
    for counter in (4, 7, 8):
        assert call(server, counter).status_code == 200
    tv.wait_for_function("window.announcements.length === 3 && window.announcements.every(a => a.end)", timeout=90000)
    log = tv.evaluate("window.announcements")
    assert [(a["number"], a["counter"]) for a in log] == [(t["number"], c) for t, c in zip(tickets, (4, 7, 8))]
    assert all(a["ok"] for a in log), log  # each played to its end
    for before, after in zip(log, log[1:]):
        assert after["start"] >= before["end"]


def test_the_board_recovers_after_a_server_restart_and_after_a_gap(tv, server):
    open_board(tv, server)
    server.restart()
    tv.wait_for_function("!document.getElementById('offline').classList.contains('show')", timeout=30000)
    ticket = issue(server, "xay-dung")
    assert call(server, 6).status_code == 200
    tv.wait_for_function(f"document.getElementById('latest-number').textContent === '{ticket['number']}'",
                         timeout=15000)
    fetches = tv.evaluate("window.snapshotFetches")
    with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE sites SET event_seq = event_seq + 5")  # five events this board never saw
    ticket = issue(server, "xay-dung")
    tv.wait_for_function(f"window.snapshotFetches > {fetches}")
    assert call(server, 6).status_code == 200
    tv.wait_for_function(f"document.getElementById('latest-number').textContent === '{ticket['number']}'")


def test_board_has_no_personal_data_and_english(tv, server):
    tv.goto(server.url("/board/demo?lang=en&sound=off"))
    tv.wait_for_function("window.snapshotFetches >= 1")
    assert tv.is_hidden("#sound")
    html = tv.content()
    assert "Recent calls" in html
    for counter in server.credentials["counters"]:
        assert counter["officer"]["username"] not in html
