"""``motcua rating-keypad``: a 3-button satisfaction box with LEDs at a counter (gpiozero).

It holds the counter's rating-device token. It follows the counter room over Socket.IO; while the
server says a rating is awaited, the LEDs light and a press sends it. A press when nothing is
awaited sends nothing. Presses are queued by the button panel and handled one at a time.
"""
import argparse
import logging
import threading
import time

import requests
import socketio

from hardware.panel import ButtonPanel, LedPanel

log = logging.getLogger(__name__)
# Button name → score on the default 3-level scale (3 = Rất hài lòng … 1 = Không hài lòng).
BUTTON_SCORES = {"very_satisfied": 3, "satisfied": 2, "dissatisfied": 1}
DEFAULT_BUTTON_PINS = {"very_satisfied": 5, "satisfied": 6, "dissatisfied": 13}
DEFAULT_LED_PINS = {"very_satisfied": 19, "satisfied": 26, "dissatisfied": 21}


class RatingKeypad:
    def __init__(self, server: str, token: str, site: str, counter: int, leds: LedPanel, timeout: float = 5.0):
        self.server = server.rstrip("/")
        self.site, self.counter = site, counter
        self.url = f"{self.server}/api/v1/sites/{site}/counters/{counter}"
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {token}"})
        self.token = token
        self.leds = leds
        self.timeout = timeout
        self.awaited: int | None = None
        self.deadline = 0.0
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Ask the server whether a rating is awaited, and light the LEDs accordingly."""
        try:
            snapshot = self.http.get(f"{self.url}/display", timeout=self.timeout).json()
        except (requests.RequestException, ValueError) as error:
            log.warning("rating keypad: cannot reach the server (%s)", type(error).__name__)
            return
        pending = snapshot.get("awaiting_rating")
        with self.lock:
            self.awaited = pending["ticket_id"] if pending else None
            self.deadline = time.monotonic() + pending["seconds_left"] if pending else 0.0
        self._show()

    def _show(self) -> None:
        for name in self.leds.leds:
            self.leds.show(name, "on" if self.awaited else "off")

    def press(self, button: str) -> bool:
        """Send the rating for ``button`` if one is awaited; True when the server stored it."""
        with self.lock:
            if self.awaited is None or time.monotonic() > self.deadline:
                return False
            ticket_id, self.awaited = self.awaited, None  # one press, one rating
        self._show()
        response = self.http.post(f"{self.url}/rating", json={"ticket_id": ticket_id,
                                                               "score": BUTTON_SCORES[button]}, timeout=self.timeout)
        if response.status_code != 201:
            log.warning("rating refused: %s", response.text)
        return response.status_code == 201

    def expire(self) -> None:
        with self.lock:
            if self.awaited is not None and time.monotonic() > self.deadline:
                self.awaited = None
        self._show()

    def follow(self) -> socketio.Client:
        """Join the counter room and refresh on every change there (and after reconnects)."""
        client = socketio.Client(reconnection=True, reconnection_delay_max=10)
        for event in ("ticket_changed", "ticket_called", "rating_received", "counter_changed"):
            client.on(event, lambda data=None: self.refresh())

        @client.on("connect")
        def _joined():
            client.emit("join_counter", {"site": self.site, "counter": self.counter, "token": self.token})
            self.refresh()

        client.connect(self.server, transports=["websocket"], wait_timeout=10)
        return client

    def run(self, panel: ButtonPanel, stop_after: float | None = None) -> None:
        deadline = None if stop_after is None else time.monotonic() + stop_after
        while deadline is None or time.monotonic() < deadline:
            button = panel.next_press(timeout=0.5)
            if button:
                self.press(button)
            self.expire()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="motcua rating-keypad", description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True, help="the counter's rating-device token")
    parser.add_argument("--site", required=True)
    parser.add_argument("--counter", type=int, required=True)
    parser.add_argument("--buttons", default="5,6,13", help="pins: very satisfied, satisfied, dissatisfied")
    parser.add_argument("--leds", default="19,26,21", help="LED pins in the same order")
    parser.add_argument("--mock-pins", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    factory = None
    if args.mock_pins:
        from gpiozero.pins.mock import MockFactory
        factory = MockFactory()
    names = list(BUTTON_SCORES)
    panel = ButtonPanel(dict(zip(names, map(int, args.buttons.split(",")))), pin_factory=factory)
    leds = LedPanel(dict(zip(names, map(int, args.leds.split(",")))), pin_factory=factory)
    keypad = RatingKeypad(args.server, args.token, args.site, args.counter, leds)
    client = keypad.follow()
    try:
        keypad.run(panel)
    except KeyboardInterrupt:
        pass
    finally:
        client.disconnect()
        panel.close()
        leds.close()
