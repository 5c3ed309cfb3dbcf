"""Estimated wait, shown as a range rather than a promise.

people ahead × recent service time of the sector ÷ counters serving it. The recent service
time is learnt from the day's finished tickets and falls back to the sector's default.
"""
import math
from dataclasses import dataclass
from statistics import median

MIN_SAMPLES = 3
RECENT_SAMPLES = 20


@dataclass(frozen=True)
class WaitRange:
    min_minutes: int
    max_minutes: int

    def as_dict(self) -> dict:
        return {"min_minutes": self.min_minutes, "max_minutes": self.max_minutes}


def typical_service_seconds(recent: list[float], default_seconds: float) -> float:
    """Median of the latest finished services, once there are enough of them."""
    recent = [s for s in recent[-RECENT_SAMPLES:] if s > 0]
    if len(recent) < MIN_SAMPLES:
        return default_seconds
    return median(recent)


def estimate_wait(people_ahead: int, service_seconds: float, counters_serving: float) -> WaitRange:
    """A range around the point estimate: −25 % / +25 %, in whole minutes.

    With no counter open the estimate assumes one, so a citizen arriving before opening
    still sees something honest rather than nothing.
    """
    if people_ahead <= 0:
        return WaitRange(0, 0)
    counters = max(counters_serving, 1.0)
    point = people_ahead * service_seconds / counters / 60
    low = max(0, math.floor(point * 0.75))
    high = max(low + 1, math.ceil(point * 1.25))
    return WaitRange(low, high)


def estimate_for_place(sector_estimate: WaitRange, waiting: int, ahead: int) -> WaitRange:
    """A ticket's own estimate: the sector's (for everyone waiting) scaled to the people ahead of it."""
    if ahead == waiting:
        return sector_estimate
    if waiting == 0 or ahead == 0:
        return WaitRange(0, 0)
    return WaitRange(sector_estimate.min_minutes * ahead // waiting,
                     max(1, -(-sector_estimate.max_minutes * ahead // waiting)))
