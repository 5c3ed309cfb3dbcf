"""Choosing the next ticket a counter calls.

Order, as the brief states it: priority tickets first, then tickets of the counter's primary
sectors before its backup sectors, then the oldest issue time (a transferred, returned or
reinstated ticket keeps its original issue time, so it goes back near the head).
The ticket id breaks ties so the choice is always deterministic.
"""
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Role(str, Enum):
    PRIMARY = "primary"
    BACKUP = "backup"


@dataclass(frozen=True)
class Assignment:
    sector: str
    role: Role = Role.PRIMARY


@dataclass(frozen=True)
class Candidate:
    ticket_id: int
    sector: str
    priority: bool
    issued_at: datetime


def tiers(assignments: list[Assignment]) -> dict[str, int]:
    """0 for primary sectors, 1 for backup; a sector listed twice counts as its best role."""
    result: dict[str, int] = {}
    for a in assignments:
        tier = 0 if a.role is Role.PRIMARY else 1
        result[a.sector] = min(tier, result.get(a.sector, tier))
    return result


def sort_key(candidate: Candidate, tier_of: dict[str, int]) -> tuple:
    return (not candidate.priority, tier_of[candidate.sector], candidate.issued_at, candidate.ticket_id)


def choose_next(candidates: list[Candidate], assignments: list[Assignment]) -> Candidate | None:
    """The ticket to call, among waiting ``candidates``, or None if the counter may serve none."""
    tier_of = tiers(assignments)
    eligible = [c for c in candidates if c.sector in tier_of]
    return min(eligible, key=lambda c: sort_key(c, tier_of), default=None)
