"""Physical buttons and LEDs through gpiozero, shared by the kiosk, the keypad and the rating box.

gpiozero runs press callbacks on its own threads; the panel turns them into a queue of button
names so the program handles presses one at a time, in one place. Pass ``pin_factory`` (e.g.
``gpiozero.pins.mock.MockFactory()``) to run anywhere; on a Pi the default factory is used.
"""
import queue

from gpiozero import LED, Button


class ButtonPanel:
    """Named buttons: ``ButtonPanel({"next": 17, "recall": 27})``; presses arrive via ``next_press``."""

    def __init__(self, pins: dict[str, int], pin_factory=None, bounce_time: float | None = 0.05):
        self.presses: "queue.Queue[str]" = queue.Queue()
        self.buttons: dict[str, Button] = {}
        for name, pin in pins.items():
            button = Button(pin, pull_up=True, bounce_time=bounce_time, pin_factory=pin_factory)
            button.when_pressed = lambda _device=None, name=name: self.presses.put(name)
            self.buttons[name] = button

    def next_press(self, timeout: float | None = None) -> str | None:
        """The name of the next button pressed, or None after ``timeout`` seconds."""
        try:
            return self.presses.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        for button in self.buttons.values():
            button.close()


class LedPanel:
    """Named LEDs: on, off, or blinking."""

    def __init__(self, pins: dict[str, int], pin_factory=None):
        self.leds = {name: LED(pin, pin_factory=pin_factory) for name, pin in pins.items()}

    def show(self, name: str, state: str) -> None:
        led = self.leds[name]
        if state == "on":
            led.on()
        elif state == "blink":
            led.blink(on_time=0.5, off_time=0.5)
        else:
            led.off()

    def all_off(self) -> None:
        for led in self.leds.values():
            led.off()

    def close(self) -> None:
        for led in self.leds.values():
            led.close()
