"""Where a keypad shows the number it serves: a small interface with a log and an LED output.

A 7-segment or LCD module plugs in by implementing ``show`` and ``clear``.
"""
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class NowServingOutput(Protocol):
    def show(self, number: str) -> None: ...
    def clear(self) -> None: ...
    def error(self, message: str) -> None: ...


class LogOutput:
    """Prints to the journal; also the fake the tests read."""

    def __init__(self):
        self.shown: list[str] = []
        self.errors: list[str] = []

    def show(self, number: str) -> None:
        self.shown.append(number)
        log.info("now serving %s", number)

    def clear(self) -> None:
        self.shown.append("")

    def error(self, message: str) -> None:
        self.errors.append(message)
        log.warning("keypad: %s", message)


class LedOutput(LogOutput):
    """A busy LED (on while a ticket is served) and an error LED that blinks after a refusal."""

    def __init__(self, leds):
        super().__init__()
        self.leds = leds  # hardware.panel.LedPanel with "busy" and "error"

    def show(self, number: str) -> None:
        super().show(number)
        self.leds.show("busy", "on")
        self.leds.show("error", "off")

    def clear(self) -> None:
        super().clear()
        self.leds.show("busy", "off")

    def error(self, message: str) -> None:
        super().error(message)
        self.leds.show("error", "blink")
