"""Sectors (lĩnh vực): number patterns, issuing hours and the daily quota."""
import re
from dataclasses import dataclass
from datetime import time

from .calendar import Span, next_opening
from .errors import Conflict, InvalidInput

_PREFIX = re.compile(r"^[A-Z0-9]{0,4}$")


@dataclass(frozen=True)
class NumberPattern:
    """``prefix`` + the sequence number padded to ``width``, counting from ``first``.

    ``NumberPattern("", 4, 1001)`` gives 1001, 1002…; ``NumberPattern("A", 3, 1)`` gives A001.
    Numbers past the width grow longer rather than wrap: a number is never reused in a day.
    """

    prefix: str = ""
    width: int = 3
    first: int = 1

    def __post_init__(self):
        if not _PREFIX.match(self.prefix):
            raise InvalidInput(
                "bad_pattern", "Tiền tố số chỉ gồm tối đa 4 chữ in hoa hoặc chữ số.",
                "The number prefix is at most 4 capital letters or digits.")
        if not 1 <= self.width <= 6 or not 0 <= self.first < 10 ** self.width:
            raise InvalidInput(
                "bad_pattern", "Độ dài số phải từ 1 đến 6 và số đầu tiên phải vừa độ dài đó.",
                "Width must be 1 to 6 and the first number must fit in it.")

    def format(self, sequence: int) -> str:
        """The printed number of the ``sequence``-th ticket of the day (1-based)."""
        if sequence < 1:
            raise ValueError("sequence starts at 1")
        return f"{self.prefix}{self.first + sequence - 1:0{self.width}d}"


@dataclass(frozen=True)
class IssuingRule:
    hours: tuple[Span, ...] = ()
    daily_quota: int | None = None
    enabled: bool = True


@dataclass(frozen=True)
class Availability:
    """Whether a kiosk may issue in a sector now, and if not, why (in both languages)."""

    open: bool
    reason: str | None = None
    vi: str | None = None
    en: str | None = None
    opens_at: time | None = None

    def raise_if_closed(self) -> None:
        if not self.open:
            raise Conflict(f"sector_{self.reason}", self.vi, self.en, reason=self.reason)


def availability(rule: IssuingRule, local_now: time, issued_today: int) -> Availability:
    if not rule.enabled:
        return Availability(False, "disabled", "Lĩnh vực này tạm ngừng cấp số.",
                            "This sector is not issuing numbers at the moment.")
    if rule.daily_quota is not None and issued_today >= rule.daily_quota:
        return Availability(False, "quota_reached",
                            f"Đã hết số trong ngày ({rule.daily_quota} số). Mời quay lại vào ngày làm việc tiếp theo.",
                            f"Today's {rule.daily_quota} numbers are all taken. Please come back on the next working day.")
    if rule.hours and not any(span.contains(local_now) for span in rule.hours):
        hours = ", ".join(str(s) for s in rule.hours)
        opens = next_opening(rule.hours, local_now)
        if opens:
            vi = f"Ngoài giờ cấp số. Cấp số lại lúc {opens:%H:%M} (giờ cấp số: {hours})."
            en = f"Outside issuing hours. Issuing resumes at {opens:%H:%M} (hours: {hours})."
        else:
            vi = f"Đã hết giờ cấp số hôm nay (giờ cấp số: {hours})."
            en = f"Issuing has ended for today (hours: {hours})."
        return Availability(False, "outside_hours", vi, en, opens)
    return Availability(True)
