"""Today's figures for one counter, computed from the append-only ticket events."""
from dataclasses import asdict, dataclass
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.calendar import day_bounds_utc
from ..store.models import Counter, Site, Ticket, TicketEvent


@dataclass(frozen=True)
class CounterFigures:
    served: int
    no_shows: int
    transferred: int
    average_service_seconds: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def counter_figures(session: Session, site: Site, counter: Counter, day) -> CounterFigures:
    start, end = day_bounds_utc(day, site.timezone)
    rows = session.execute(
        select(TicketEvent.action, Ticket.called_at, Ticket.started_at, Ticket.finished_at)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.site_id == site.id, TicketEvent.counter_id == counter.id,
               TicketEvent.at >= start, TicketEvent.at < end,
               TicketEvent.action.in_(("finish", "no_show", "transfer")))).all()
    durations = [(finished - (started or called)).total_seconds()
                 for action, called, started, finished in rows
                 if action == "finish" and finished and (started or called)]
    return CounterFigures(
        served=sum(1 for r in rows if r.action == "finish"),
        no_shows=sum(1 for r in rows if r.action == "no_show"),
        transferred=sum(1 for r in rows if r.action == "transfer"),
        average_service_seconds=round(mean(durations)) if durations else None,
    )
