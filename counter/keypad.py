"""``motcua keypad``: physical buttons at a counter (next / recall / finish / no-show).

The keypad holds a device token bound to one counter; the server attributes its actions to the
officer signed in at that counter and refuses them when nobody is. Presses are queued by the
button panel and sent one at a time; a refused or failed press lights the error output.
"""
import argparse
import logging
import time

import requests

from hardware.panel import ButtonPanel, LedPanel

from .now_serving import LedOutput, LogOutput, NowServingOutput

log = logging.getLogger(__name__)
ACTIONS = ("next", "recall", "finish", "no-show")
DEFAULT_PINS = {"next": 17, "recall": 27, "finish": 22, "no-show": 23}


class Keypad:
    def __init__(self, server: str, token: str, site: str, counter: int, output: NowServingOutput,
                 timeout: float = 5.0):
        self.url = f"{server.rstrip('/')}/api/v1/sites/{site}/counters/{counter}"
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "vi"})
        self.output = output
        self.timeout = timeout

    def press(self, action: str) -> dict | None:
        """Send one press; returns the ticket the server answered with, if any."""
        if action not in ACTIONS:
            raise ValueError(f"unknown keypad action {action}")
        try:
            response = self.session.post(f"{self.url}/{action}", json={}, timeout=self.timeout)
        except requests.RequestException as error:
            self.output.error(f"Không kết nối được máy chủ ({type(error).__name__})")
            return None
        if response.status_code == 204:
            self.output.clear()
            return None
        body = response.json()
        if response.status_code >= 400:
            self.output.error(body.get("message", f"HTTP {response.status_code}"))
            return None
        if body["status"] in ("called", "serving"):
            self.output.show(body["number"])
        else:
            self.output.clear()
        return body

    def run(self, panel: ButtonPanel, stop_after: float | None = None) -> None:
        """Handle presses until interrupted (or for ``stop_after`` seconds, for tests)."""
        deadline = None if stop_after is None else time.monotonic() + stop_after
        while deadline is None or time.monotonic() < deadline:
            action = panel.next_press(timeout=0.2)
            if action:
                self.press(action)


def parse_pins(text: str | None, defaults: dict[str, int]) -> dict[str, int]:
    """``next=17,recall=27`` → {"next": 17, "recall": 27}; unnamed actions keep their defaults."""
    pins = dict(defaults)
    for part in filter(None, (text or "").split(",")):
        name, _, pin = part.partition("=")
        if name.strip() not in defaults or not pin.strip().isdigit():
            raise SystemExit(f"motcua keypad: bad pin setting '{part}' (use e.g. next=17,recall=27)")
        pins[name.strip()] = int(pin)
    return pins


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="motcua keypad", description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="central server URL")
    parser.add_argument("--token", required=True, help="the keypad's device token")
    parser.add_argument("--site", required=True)
    parser.add_argument("--counter", type=int, required=True)
    parser.add_argument("--pins", help="next=17,recall=27,finish=22,no-show=23 (BCM numbering)")
    parser.add_argument("--led-busy", type=int, help="pin of the 'serving' LED")
    parser.add_argument("--led-error", type=int, help="pin of the error LED")
    parser.add_argument("--mock-pins", action="store_true", help="use gpiozero's mock pins (no hardware)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    factory = None
    if args.mock_pins:
        from gpiozero.pins.mock import MockFactory
        factory = MockFactory()
    panel = ButtonPanel(parse_pins(args.pins, DEFAULT_PINS), pin_factory=factory)
    output: NowServingOutput = LogOutput()
    if args.led_busy is not None and args.led_error is not None:
        output = LedOutput(LedPanel({"busy": args.led_busy, "error": args.led_error}, pin_factory=factory))
    log.info("keypad for counter %s of %s ready", args.counter, args.site)
    try:
        Keypad(args.server, args.token, args.site, args.counter, output).run(panel)
    except KeyboardInterrupt:
        pass
    finally:
        panel.close()
