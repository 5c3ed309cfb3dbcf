"""Fakes of equal standing to the real parts: a clock the test moves by hand."""
from datetime import datetime, timedelta, timezone


class FakeClock:
    def __init__(self, start: datetime | None = None):
        # 09:00 in Hanoi on a Monday by default: inside any issuing hours of the demo.
        self.current = start or datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when
