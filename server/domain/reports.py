"""Report statistics from ticket histories, in plain Python so they can be checked independently.

A ticket's *wait* is issue → first call; its *service* is (start, or the call) → finish. Both are
derived from the append-only events, never stored separately.
"""
import math
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean, median

DEFAULT_TARGET_MINUTES = 20


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class TicketHistory:
    """What a report needs of one ticket, rebuilt from its events."""

    ticket_id: int
    sector: str
    issued_at: datetime
    day: str
    first_called_at: datetime | None = None
    last_called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None
    officer: str | None = None
    final: str = "waiting"  # status after the last event
    no_show: bool = False


@dataclass
class Figures:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    expired: int = 0
    waits: list[float] = field(default_factory=list)      # minutes
    services: list[float] = field(default_factory=list)   # minutes
    ratings: dict[int, int] = field(default_factory=dict)  # score → count
    scale: int = 3

    def as_row(self, target_minutes: float = DEFAULT_TARGET_MINUTES) -> dict:
        rated = sum(self.ratings.values())
        satisfied = sum(n for score, n in self.ratings.items() if score >= satisfied_from(self.scale))
        within = sum(1 for w in self.waits if w <= target_minutes)
        return {
            "issued": self.issued, "served": self.served, "no_show": self.no_show,
            "cancelled": self.cancelled, "expired": self.expired,
            "wait_avg": _round(mean(self.waits)) if self.waits else None,
            "wait_median": _round(median(self.waits)) if self.waits else None,
            "wait_p90": _round(percentile(self.waits, 90)),
            "service_avg": _round(mean(self.services)) if self.services else None,
            "service_median": _round(median(self.services)) if self.services else None,
            "service_p90": _round(percentile(self.services, 90)),
            "within_target": _round(100 * within / len(self.waits)) if self.waits else None,
            "ratings": rated,
            **{f"rating_{score}": self.ratings.get(score, 0) for score in range(1, self.scale + 1)},
            "satisfaction_rate": _round(100 * satisfied / rated) if rated else None,
        }


def satisfied_from(scale: int) -> int:
    """The lowest score that counts as satisfied: 2 of 3, 3 of 4, 4 of 5."""
    return {3: 2, 4: 3, 5: 4}[scale]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def add_ticket(figures: Figures, ticket: TicketHistory) -> None:
    """Count one ticket into a group: issued always; wait once called; service once finished."""
    figures.issued += 1
    if ticket.first_called_at:
        figures.waits.append((ticket.first_called_at - ticket.issued_at).total_seconds() / 60)
    if ticket.final == "done" and ticket.finished_at:
        figures.served += 1
        begin = ticket.started_at or ticket.first_called_at
        figures.services.append((ticket.finished_at - begin).total_seconds() / 60)
    if ticket.final == "no_show":
        figures.no_show += 1
    elif ticket.final == "cancelled":
        figures.cancelled += 1
    elif ticket.final == "expired":
        figures.expired += 1
