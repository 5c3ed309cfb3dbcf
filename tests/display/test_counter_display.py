"""The citizen-facing counter display and the rating keypad, against a real server."""
import sqlite3
import threading

import requests
from gpiozero.pins.mock import MockFactory

from display.rating_keypad import DEFAULT_BUTTON_PINS, DEFAULT_LED_PINS, RatingKeypad
from hardware.panel import ButtonPanel, LedPanel

SITE = "/api/v1/sites/demo"


def serve_one(server, counter, sector):
    requests.post(server.url(f"{SITE}/tickets"), json={"sector": sector},
                  headers=server.headers(server.credentials["kiosk_token"]), timeout=5)
    keypad = server.headers(server.counter(counter)["keypad_token"])
    ticket = requests.post(server.url(f"{SITE}/counters/{counter}/next"), headers=keypad, timeout=5).json()
    return ticket, keypad


def ratings(server):
    with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as db:
        return db.execute("SELECT r.ticket_id, r.score, u.username, r.reason_code FROM ratings r "
                          "JOIN users u ON u.id = r.officer_id ORDER BY r.id").fetchall()


def test_after_finish_the_buttons_appear_and_one_tap_stores_one_rating(tv, server, artifacts_dir):
    counter = server.counter(5)
    tv.goto(server.url(f"/display/counter/demo/5?token={counter['display_token']}"))
    tv.wait_for_selector("#officer:has-text('Hoàng Văn Em')")  # the officer's name, from the snapshot
    assert tv.is_visible("#idle")
    ticket, keypad = serve_one(server, 5, "ldtbxh")
    tv.wait_for_function(f"document.getElementById('number').textContent === '{ticket['number']}'")
    requests.post(server.url(f"{SITE}/counters/5/finish"), headers=keypad, timeout=5)
    tv.wait_for_selector("#levels button[data-score='3']")
    tv.screenshot(path=str(artifacts_dir / "counter-display-1920x1080.png"))
    before = len(ratings(server))
    tv.click("#levels button[data-score='1']")
    tv.click("#reasons button[data-reason='wait_long']")
    tv.wait_for_selector("#thanks:visible")
    # a second tap through the API is refused, and nothing more is stored
    again = requests.post(server.url(f"{SITE}/counters/5/rating"), json={"ticket_id": ticket["id"], "score": 3},
                          headers=server.headers(counter["display_token"]), timeout=5)
    assert again.status_code == 409
    assert ratings(server)[before:] == [(ticket["id"], 1, "canbo5", "wait_long")]
    tv.wait_for_selector("#idle:visible", timeout=10000)


def test_rating_keypad_stores_a_rating_only_when_one_is_awaited(server):
    factory = MockFactory()
    panel = ButtonPanel(DEFAULT_BUTTON_PINS, pin_factory=factory, bounce_time=None)
    leds = LedPanel(DEFAULT_LED_PINS, pin_factory=factory)
    keypad = RatingKeypad(server.base_url, server.counter(3)["display_token"], "demo", 3, leds)
    client = keypad.follow()
    worker = threading.Thread(target=keypad.run, args=(panel,), kwargs={"stop_after": 6})
    worker.start()
    try:
        before = len(ratings(server))
        press = lambda name: (factory.pin(DEFAULT_BUTTON_PINS[name]).drive_low(),
                              factory.pin(DEFAULT_BUTTON_PINS[name]).drive_high())
        press("satisfied")  # nothing awaited: nothing sent
        ticket, keypad_headers = serve_one(server, 3, "kinh-doanh")
        requests.post(server.url(f"{SITE}/counters/3/finish"), headers=keypad_headers, timeout=5)
        for _ in range(50):
            if factory.pin(DEFAULT_LED_PINS["satisfied"]).state == 1:
                break
            threading.Event().wait(0.1)
        assert all(factory.pin(p).state == 1 for p in DEFAULT_LED_PINS.values())  # lit while awaited
        press("very_satisfied")
        press("dissatisfied")  # a second press: the rating is no longer awaited
        for _ in range(50):
            if len(ratings(server)) > before:
                break
            threading.Event().wait(0.1)
        threading.Event().wait(0.5)
        assert ratings(server)[before:] == [(ticket["id"], 3, "canbo3", None)]
        assert all(factory.pin(p).state == 0 for p in DEFAULT_LED_PINS.values())
    finally:
        worker.join()
        client.disconnect()
        panel.close()
        leds.close()
