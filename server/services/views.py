"""What leaves the service layer: small typed views that turn into JSON.

Public views carry no personal data: a number, a sector, a counter, a status.
"""
from dataclasses import dataclass
from datetime import datetime

from ..domain.waits import WaitRange
from ..store.models import Counter, Sector, Ticket


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


@dataclass(frozen=True)
class TicketView:
    id: int
    number: str
    sector: str
    sector_name: str
    sector_name_en: str
    status: str
    priority: str | None
    issued_at: str
    called_at: str | None
    recalls: int
    counter: int | None

    def as_dict(self) -> dict:  # written out: dataclasses.asdict deep-copies and is slow on the issue path
        return {"id": self.id, "number": self.number, "sector": self.sector, "sector_name": self.sector_name,
                "sector_name_en": self.sector_name_en, "status": self.status, "priority": self.priority,
                "issued_at": self.issued_at, "called_at": self.called_at, "recalls": self.recalls,
                "counter": self.counter}


def ticket_view(ticket: Ticket, sector: Sector, counter_number: int | None = None) -> TicketView:
    return TicketView(
        id=ticket.id, number=ticket.number, sector=sector.code, sector_name=sector.name_vi,
        sector_name_en=sector.name_en, status=ticket.status, priority=ticket.priority_code,
        issued_at=iso(ticket.issued_at), called_at=iso(ticket.called_at), recalls=ticket.recalls,
        counter=counter_number,
    )


@dataclass(frozen=True)
class SectorView:
    code: str
    name_vi: str
    name_en: str
    open: bool
    closed_reason: str | None
    closed_message: str | None
    closed_message_en: str | None
    waiting: int
    estimated_wait: WaitRange
    hours: str
    issued_today: int

    def as_dict(self) -> dict:
        return {"code": self.code, "name_vi": self.name_vi, "name_en": self.name_en, "open": self.open,
                "closed_reason": self.closed_reason, "closed_message": self.closed_message,
                "closed_message_en": self.closed_message_en, "waiting": self.waiting,
                "estimated_wait": self.estimated_wait.as_dict(), "hours": self.hours,
                "issued_today": self.issued_today}


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    state: str
    sectors: list[dict]
    current: TicketView | None

    def as_dict(self) -> dict:
        return {"number": self.number, "name": self.name, "state": self.state, "sectors": self.sectors,
                "current": self.current.as_dict() if self.current else None}


def counter_view(counter: Counter, current: TicketView | None) -> CounterView:
    return CounterView(
        number=counter.number, name=counter.name, state=counter.state,
        sectors=[{"code": a.sector.code, "role": a.role} for a in counter.assignments],
        current=current,
    )
