"""Kiosk GPIO: physical buttons mapped to sectors, and a status LED (ok / paper low / fault).

For citizens who cannot use the touch screen. Presses are queued by the panel and handled on one
thread; the LED is steady when all is well, blinks slowly when paper is low, fast on a fault.
"""
import threading

from gpiozero import LED

from .panel import ButtonPanel

LED_PATTERNS = {"ok": None, "paper_low": (1.0, 1.0), "fault": (0.15, 0.15)}


def led_state(printer_state: str, last_error: str | None) -> str:
    if printer_state in ("paper_out", "offline") or (last_error and printer_state != "online"):
        return "fault"
    if printer_state == "paper_low":
        return "paper_low"
    return "ok"


class StatusLed:
    def __init__(self, pin: int, pin_factory=None):
        self.led = LED(pin, pin_factory=pin_factory)
        self.state = None
        self.show("ok")

    def show(self, state: str) -> None:
        if state == self.state:
            return
        self.state = state
        pattern = LED_PATTERNS[state]
        if pattern is None:
            self.led.on()
        else:
            self.led.blink(on_time=pattern[0], off_time=pattern[1])

    def close(self) -> None:
        self.led.close()


class SectorButtons:
    """``SectorButtons({"dat-dai": 17}, issue=desk.issue)``: a press issues a ticket for its sector."""

    def __init__(self, pins: dict[str, int], issue, pin_factory=None):
        self.panel = ButtonPanel(pins, pin_factory=pin_factory)
        self.issue = issue
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True, name="sector-buttons")
        self.thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            sector = self.panel.next_press(timeout=0.2)
            if sector:
                self.issue(sector)

    def close(self) -> None:
        self._stop.set()
        self.thread.join(2)
        self.panel.close()
