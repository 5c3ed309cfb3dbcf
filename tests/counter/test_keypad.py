"""The keypad program on gpiozero's mock pins drives a real server, and the officer's page follows."""
import threading

import pytest
import requests
from gpiozero.pins.mock import MockFactory

from counter.keypad import DEFAULT_PINS, Keypad, parse_pins
from counter.now_serving import LedOutput, LogOutput
from hardware.panel import ButtonPanel, LedPanel
from tests.counter.conftest import sign_in

SITE = "/api/v1/sites/demo"


def press(factory, pin):
    factory.pin(pin).drive_low()
    factory.pin(pin).drive_high()


def test_presses_call_the_api_and_the_officers_page_follows(page, server):
    sign_in(page, server, 4)  # civil status primary, certification backup
    ticket = requests.post(server.url(f"{SITE}/tickets"), json={"sector": "ho-tich"},
                           headers=server.headers(server.credentials["kiosk_token"]), timeout=5).json()
    factory = MockFactory()
    panel = ButtonPanel(DEFAULT_PINS, pin_factory=factory, bounce_time=None)
    leds = LedPanel({"busy": 5, "error": 6}, pin_factory=factory)
    output = LedOutput(leds)
    keypad = Keypad(server.base_url, server.counter(4)["keypad_token"], "demo", 4, output)
    worker = threading.Thread(target=keypad.run, args=(panel,), kwargs={"stop_after": 8})
    worker.start()
    try:
        press(factory, DEFAULT_PINS["next"])
        page.wait_for_function(f"document.getElementById('number').textContent === '{ticket['number']}'")
        assert factory.pin(5).state == 1  # the busy LED is on while a ticket is served
        press(factory, DEFAULT_PINS["recall"])
        page.wait_for_selector("#recalls:has-text('1/3')")
        press(factory, DEFAULT_PINS["finish"])
        page.wait_for_selector("#current-none:visible")
        page.wait_for_selector("#served:has-text('1')")
    finally:
        worker.join()
        panel.close()
        leds.close()
    assert output.shown == [ticket["number"], ticket["number"], ""]
    assert output.errors == []


def test_a_keypad_token_for_another_counter_is_refused(server):
    output = LogOutput()
    keypad = Keypad(server.base_url, server.counter(4)["keypad_token"], "demo", 3, output)
    assert keypad.press("next") is None
    assert output.errors == ["Thiết bị này không thuộc quầy số 3."]


def test_pin_settings_are_parsed_and_checked():
    assert parse_pins("next=5,recall=6", DEFAULT_PINS) == {**DEFAULT_PINS, "next": 5, "recall": 6}
    with pytest.raises(SystemExit):
        parse_pins("jump=4", DEFAULT_PINS)
