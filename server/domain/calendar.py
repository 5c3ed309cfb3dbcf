"""Service days and issuing hours, in each site's own time zone.

Time is stored in UTC; the day a ticket belongs to is the site's local date.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidInput

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("bad_timezone", f"Múi giờ không hợp lệ: {name}.", f"Unknown time zone: {name}.") from None


def local_time(now_utc: datetime, tz_name: str) -> datetime:
    return now_utc.astimezone(zone(tz_name))


def service_day(now_utc: datetime, tz_name: str) -> date:
    """The site's local date at ``now_utc``: numbering restarts when it changes."""
    return local_time(now_utc, tz_name).date()


def day_bounds_utc(day: date, tz_name: str) -> tuple[datetime, datetime]:
    """UTC instants of the start and end of ``day`` in the site's zone."""
    tz = zone(tz_name)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


@dataclass(frozen=True)
class Span:
    start: time
    end: time

    def contains(self, t: time) -> bool:
        return self.start <= t < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_hours(text: str | None) -> tuple[Span, ...]:
    """Parse ``"07:00-11:15, 13:00-16:30"``. Empty means open all day."""
    if not text or not text.strip():
        return ()
    spans = []
    for part in text.split(","):
        m = _SPAN.match(part)
        if not m:
            raise _bad_hours(text)
        h1, m1, h2, m2 = map(int, m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise _bad_hours(text)
        start = time(h1, m1)
        end = time.max if h2 == 24 else time(h2, m2)
        if end <= start:
            raise _bad_hours(text)
        spans.append(Span(start, end))
    spans.sort(key=lambda s: s.start)
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end:
            raise _bad_hours(text)
    return tuple(spans)


def _bad_hours(text: str) -> InvalidInput:
    return InvalidInput(
        "bad_hours",
        f"Giờ cấp số không hợp lệ: «{text}». Ví dụ đúng: 07:00-11:15, 13:00-16:30.",
        f"Invalid issuing hours: '{text}'. Example: 07:00-11:15, 13:00-16:30.",
    )


def next_opening(spans: tuple[Span, ...], t: time) -> time | None:
    """The start of the next span later today, if any."""
    return next((s.start for s in spans if s.start > t), None)
