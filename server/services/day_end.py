"""End of the service day: open tickets of earlier days expire and counters close.

Run at each site's local midnight (the server's scheduler) or on demand; running it twice
changes nothing. Nothing is deleted, and numbering restarts by itself because the next
ticket belongs to a new service day.
"""
from sqlalchemy import select

from ..domain.calendar import service_day
from ..domain.day_end import should_expire
from ..domain.states import EXPIRABLE, Action
from ..store.models import Counter, Site, Ticket
from .calling import set_state
from .transitions import move
from .uow import Services


def end_of_day(services: Services, site_code: str | None = None) -> dict[str, int]:
    """Expire what is left of past days; returns how many tickets expired per site."""
    now = services.clock.now()
    expired: dict[str, int] = {}
    with services.read() as s:
        codes = [site_code] if site_code else list(s.scalars(select(Site.code)))
    for code in codes:
        with services.write() as uow:
            s = uow.session
            site = s.scalar(select(Site).where(Site.code == code))
            today = service_day(now, site.timezone)
            for counter in s.scalars(select(Counter).where(Counter.site_id == site.id).with_for_update()):
                stale = counter.current_ticket_id and s.get(Ticket, counter.current_ticket_id).service_day < today
                if stale:
                    counter.current_ticket_id = None
                if counter.state != "closed" and (stale or _opened_before(counter, site, today)):
                    set_state(uow, site, counter, "closed", now)
            tickets = s.scalars(select(Ticket).where(
                Ticket.site_id == site.id, Ticket.service_day < today,
                Ticket.status.in_([st.value for st in EXPIRABLE])).with_for_update()).all()
            for ticket in tickets:
                if should_expire(ticket.status, ticket.service_day, today):
                    move(s, ticket, Action.EXPIRE, None, now)
            if tickets:
                uow.emit(site, "day_ended", {"service_day": today.isoformat(), "expired": len(tickets)})
            expired[code] = len(tickets)
    return expired


def _opened_before(counter: Counter, site: Site, today) -> bool:
    return counter.state_since is not None and service_day(counter.state_since, site.timezone) < today
