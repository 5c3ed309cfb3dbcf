"""Satisfaction ratings: the scale, the reasons, and when a rating may be accepted.

A rating is honest only if it comes from the counter that served the ticket, for the ticket it
just finished, within a short window, once. Every other attempt is refused with a reason.
"""
from dataclasses import dataclass
from datetime import datetime

from .errors import Conflict, InvalidInput

SCALES = {
    3: [("Không hài lòng", "Dissatisfied"), ("Hài lòng", "Satisfied"), ("Rất hài lòng", "Very satisfied")],
    4: [("Không hài lòng", "Dissatisfied"), ("Bình thường", "Neutral"), ("Hài lòng", "Satisfied"),
        ("Rất hài lòng", "Very satisfied")],
    5: [("Rất không hài lòng", "Very dissatisfied"), ("Không hài lòng", "Dissatisfied"), ("Bình thường", "Neutral"),
        ("Hài lòng", "Satisfied"), ("Rất hài lòng", "Very satisfied")],
}
DEFAULT_REASONS = [
    ("wait_long", "Thời gian chờ lâu", "Waited too long"),
    ("attitude", "Thái độ phục vụ chưa tốt", "Unfriendly service"),
    ("unclear", "Hướng dẫn chưa rõ ràng", "Unclear guidance"),
    ("slow", "Giải quyết hồ sơ chậm", "Slow processing"),
]
DEFAULT_WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RatingConfig:
    scale: int = 3
    window_seconds: int = DEFAULT_WINDOW_SECONDS
    reasons: tuple[tuple[str, str, str], ...] = tuple(DEFAULT_REASONS)

    @classmethod
    def from_settings(cls, settings: dict) -> "RatingConfig":
        scale = int(settings.get("rating_scale", 3))
        if scale not in SCALES:
            scale = 3
        reasons = tuple(tuple(r) for r in settings.get("rating_reasons", DEFAULT_REASONS))
        return cls(scale, int(settings.get("rating_window_seconds", DEFAULT_WINDOW_SECONDS)), reasons)

    def as_dict(self) -> dict:
        return {"scale": self.scale, "window_seconds": self.window_seconds,
                "levels": [{"score": i + 1, "vi": vi, "en": en} for i, (vi, en) in enumerate(SCALES[self.scale])],
                "reasons": [{"code": c, "vi": vi, "en": en} for c, vi, en in self.reasons]}


class RatingRefused(Conflict):
    """A refused rating; ``reason`` is what the rejection log records."""

    def __init__(self, reason: str, vi: str, en: str):
        super().__init__(f"rating_{reason}", vi, en)
        self.reason = reason


def check_rating(config: RatingConfig, score: int, reason_code: str | None, finished_ticket_id: int | None,
                 ticket_id: int, finished_at: datetime | None, now: datetime, already_rated: bool) -> None:
    """Raise unless this rating may be stored now."""
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= config.scale:
        raise InvalidInput("bad_score", f"Mức đánh giá phải từ 1 đến {config.scale}.",
                           f"The score must be between 1 and {config.scale}.")
    if reason_code is not None and reason_code not in {r[0] for r in config.reasons}:
        raise InvalidInput("bad_reason", "Lý do không có trong danh sách.", "Unknown reason.")
    if finished_ticket_id != ticket_id or finished_at is None:
        raise RatingRefused("not_finished_here", "Vé này không phải vé quầy vừa phục vụ xong.",
                            "This is not the ticket this counter just finished.")
    if already_rated:
        raise RatingRefused("already_rated", "Vé này đã được đánh giá. Xin cảm ơn!",
                            "This ticket has already been rated. Thank you!")
    if (now - finished_at).total_seconds() > config.window_seconds:
        raise RatingRefused("window_closed", "Đã hết thời gian đánh giá cho lượt phục vụ này.",
                            "The time to rate this service has passed.")


def awaiting_rating(finished_at: datetime | None, now: datetime, already_rated: bool, config: RatingConfig) -> float:
    """Seconds left to rate the counter's last finished ticket (0 when none is awaited)."""
    if finished_at is None or already_rated:
        return 0.0
    return max(0.0, config.window_seconds - (now - finished_at).total_seconds())
