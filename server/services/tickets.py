"""Issuing tickets and the ticket-level actions that need no counter."""
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.calendar import local_time
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.sectors import NumberPattern, availability
from ..domain.states import Action
from ..domain.waits import WaitRange
from ..store.models import Counter, Sector, Site, Ticket, TicketEvent
from ..store.sequences import next_sequence
from .auth import Actor, require_device, require_site
from .lookups import get_priority, get_sector, get_site
from .queue_stats import issuing_rule, sector_views, waiting_ahead
from .transitions import move
from .uow import Services, UnitOfWork
from .views import TicketView, iso, ticket_view

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed by hand


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketView
    waiting_ahead: int
    estimated_wait: WaitRange
    lookup_code: str
    site_name: str
    site_address: str
    replayed: bool = False

    def as_dict(self) -> dict:
        return {**self.ticket.as_dict(), "waiting_ahead": self.waiting_ahead,
                "estimated_wait": self.estimated_wait.as_dict(), "lookup_code": self.lookup_code,
                "site_name": self.site_name, "site_address": self.site_address}


def new_lookup_code() -> str:
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(8))


def issue_ticket(services: Services, actor: Actor, site_code: str, sector_code: str,
                 priority: str | None = None, idempotency_key: str | None = None) -> IssuedTicket:
    """Issue the next number of a sector, once per idempotency key."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 80:
        raise InvalidInput("bad_idempotency_key", "Khóa chống trùng phải dài 1–80 ký tự.",
                           "The Idempotency-Key must be 1–80 characters.")
    try:
        return _issue(services, actor, site_code, sector_code, priority, idempotency_key)
    except IntegrityError:
        # Two retries of the same request raced; the other one committed. Return its ticket.
        if idempotency_key is None:
            raise
        return _replay(services, site_code, idempotency_key)


def _issue(services, actor, site_code, sector_code, priority, idempotency_key) -> IssuedTicket:
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        site = get_site(s, site_code)
        require_device(actor, site, "kiosk")
        if idempotency_key is not None:
            existing = s.scalar(select(Ticket).where(Ticket.site_id == site.id,
                                                     Ticket.idempotency_key == idempotency_key))
            if existing is not None:
                return _issued(s, site, existing, replayed=True, now=now)
        sector = get_sector(s, site, sector_code)
        if priority is not None:
            get_priority(s, site, priority)
        local = local_time(now, site.timezone)
        rule = issuing_rule(sector)
        # Check after taking the number, under the sequence row's lock, so the quota is exact;
        # raising rolls the sequence back.
        sequence = next_sequence(s, site.id, sector.id, local.date())
        availability(rule, local.time(), sequence - 1).raise_if_closed()
        pattern = NumberPattern(sector.prefix, sector.width, sector.first_number)
        ticket = Ticket(
            site_id=site.id, origin_sector_id=sector.id, sector_id=sector.id, service_day=local.date(),
            sequence=sequence, number=pattern.format(sequence), priority_code=priority, status="waiting",
            issued_at=now, recalls=0, lookup_code=new_lookup_code(), idempotency_key=idempotency_key,
            device_id=actor.device_id,
        )
        s.add(ticket)
        s.flush()
        s.add(TicketEvent(ticket_id=ticket.id, site_id=site.id, action="issue", from_status=None,
                          to_status="waiting", at=now, sector_id=sector.id, device_id=actor.device_id,
                          officer_id=actor.officer_id, detail={"priority": priority} if priority else {}))
        [stats] = sector_views(s, site, now, only={sector.id})
        result = _issued(s, site, ticket, now=now, stats=stats)
        uow.emit(site, "ticket_issued", {"ticket": result.ticket.as_dict(), "sectors": [stats.as_dict()]})
        return result


def _replay(services: Services, site_code: str, idempotency_key: str) -> IssuedTicket:
    with services.read() as s:
        site = get_site(s, site_code)
        ticket = s.scalar(select(Ticket).where(Ticket.site_id == site.id,
                                               Ticket.idempotency_key == idempotency_key))
        return _issued(s, site, ticket, replayed=True, now=services.clock.now())


def _issued(s: Session, site: Site, ticket: Ticket, now, replayed: bool = False, stats=None) -> IssuedTicket:
    sector = s.get(Sector, ticket.sector_id)
    if stats is None:
        [stats] = sector_views(s, site, now, only={sector.id})
    if stats is not None and not replayed and not ticket.priority_code:
        ahead = stats.waiting - 1  # a new ordinary ticket is the last of its queue
    else:
        ahead = waiting_ahead(s, ticket)
    estimate = stats.estimated_wait if ahead == stats.waiting else _scaled(stats, ahead)
    return IssuedTicket(ticket_view(ticket, sector), ahead, estimate, ticket.lookup_code,
                        site.name, site.address, replayed)


def _scaled(stats, ahead: int) -> WaitRange:
    """The sector's estimate, scaled to this ticket's own place in the queue."""
    if stats.waiting == 0 or ahead == 0:
        return WaitRange(0, 0)
    w = stats.estimated_wait
    return WaitRange(w.min_minutes * ahead // stats.waiting, max(1, -(-w.max_minutes * ahead // stats.waiting)))


def emit_queue_change(uow: UnitOfWork, site: Site, name: str, payload: dict, sector_ids: set[int], now,
                      extra_rooms: tuple[str, ...] = ()) -> None:
    """Publish ``name`` with fresh figures for the sectors the change touched."""
    sectors = [v.as_dict() for v in sector_views(uow.session, site, now, only=sector_ids)]
    uow.emit(site, name, {**payload, "sectors": sectors}, extra_rooms)


def lookup_ticket(services: Services, lookup_code: str) -> dict:
    """Public live status of one ticket: its number, place and state, nothing personal."""
    with services.read() as s:
        ticket = s.scalar(select(Ticket).where(Ticket.lookup_code == lookup_code.upper()))
        if ticket is None:
            raise NotFound("unknown_ticket", "Không tìm thấy vé với mã này.", "No ticket has this code.")
        site = s.get(Site, ticket.site_id)
        sector = s.get(Sector, ticket.sector_id)
        counter = s.get(Counter, ticket.counter_id) if ticket.counter_id else None
        view = ticket_view(ticket, sector, counter.number if counter else None)
        [stats] = sector_views(s, site, services.clock.now(), only={sector.id})
        ahead = waiting_ahead(s, ticket) if ticket.status in ("waiting", "transferred") else 0
        return {**view.as_dict(), "site": site.code, "site_name": site.name, "waiting_ahead": ahead,
                "estimated_wait": (_scaled(stats, ahead) if ahead else WaitRange(0, 0)).as_dict(),
                "finished_at": iso(ticket.finished_at)}


def act_on_ticket(services: Services, actor: Actor, site_code: str, ticket_id: int, action: Action,
                  reason: str | None = None) -> TicketView:
    """Return a held ticket, reinstate a no-show, or cancel: the actions without a counter."""
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        site = get_site(s, site_code)
        require_site(actor, site)
        if actor.kind != "user":
            raise Forbidden("wrong_device", "Thiết bị không được thực hiện thao tác này.",
                            "A device may not do this.")
        ticket = s.scalar(select(Ticket).where(Ticket.id == ticket_id, Ticket.site_id == site.id)
                          .with_for_update())
        if ticket is None:
            raise NotFound("unknown_ticket", f"Không có vé mã {ticket_id} tại {site.name}.",
                           f"No ticket {ticket_id} at this site.")
        detail = {"reason": reason} if reason else {}
        move(s, ticket, action, actor, now, **detail)
        released = s.scalar(select(Counter).where(Counter.current_ticket_id == ticket.id))
        if released is not None:  # a cancelled ticket no longer occupies its counter
            released.current_ticket_id = None
        view = ticket_view(ticket, s.get(Sector, ticket.sector_id))
        emit_queue_change(uow, site, "ticket_changed", {"ticket": view.as_dict(), "action": action.value},
                          {ticket.sector_id}, now)
        return view

