import pytest
from gpiozero.pins.mock import MockFactory

from hardware.panel import ButtonPanel, LedPanel


@pytest.fixture
def factory():
    f = MockFactory()
    yield f
    f.reset()


def test_presses_arrive_in_order_by_name(factory):
    panel = ButtonPanel({"next": 17, "recall": 27}, pin_factory=factory, bounce_time=None)
    for pin in (17, 27, 17):
        factory.pin(pin).drive_low()
        factory.pin(pin).drive_high()
    assert [panel.next_press(1) for _ in range(3)] == ["next", "recall", "next"]
    assert panel.next_press(0.01) is None
    panel.close()


def test_leds_follow_the_state(factory):
    leds = LedPanel({"ok": 5, "fault": 6}, pin_factory=factory)
    leds.show("ok", "on")
    assert factory.pin(5).state == 1 and factory.pin(6).state == 0
    leds.all_off()
    assert factory.pin(5).state == 0
    leds.close()
