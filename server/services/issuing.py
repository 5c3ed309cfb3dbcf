"""Issuing a ticket: the busiest write of the system, kept to a handful of Core statements.

One transaction: check the cached site configuration is current, read the sector's queue, take
the number, insert the ticket and its event, number the live event. Statements are built once
and no ORM objects are made: at the morning peak every kiosk of a province lands here, and the
ORM's unit of work cost more than the database itself (bench/issue_cpu.py: 14.8 → 1.0 ms of CPU
per ticket). The live event is published after the commit, as UnitOfWork does.
"""
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ..domain.calendar import local_time
from ..domain.errors import Conflict, InvalidInput
from ..domain.sectors import availability
from ..domain.waits import WaitRange
from ..store.models import Sector, Ticket, TicketEvent
from ..store.sequences import next_sequence
from .auth import Actor, require_device
from .lookups import get_site
from .publisher import LiveEvent, site_room
from .queue_stats import (estimate_for_place, sector_load, sector_view, sector_views, ticket_waiting_ahead,
                          waiting_ahead)
from .uow import ADVANCE_EVENT_SEQ, Services
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
    return "".join(LOOKUP_ALPHABET[b % 32] for b in secrets.token_bytes(8))  # 256 % 32 == 0: unbiased


def issue_ticket(services: Services, actor: Actor, site_code: str, sector_code: str,
                 priority: str | None = None, idempotency_key: str | None = None) -> IssuedTicket:
    """Issue the next number of a sector, once per idempotency key."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 80:
        raise InvalidInput("bad_idempotency_key", "Khóa chống trùng phải dài 1–80 ký tự.",
                           "The Idempotency-Key must be 1–80 characters.")
    for _attempt in range(3):
        try:
            result, event = _issue(services, actor, site_code, sector_code, priority, idempotency_key)
        except Conflict:
            # A retry of a ticket already given must get that ticket, even if the sector has closed
            # or reached its quota since. Looked up only on refusal: the usual path stays one transaction.
            replayed = _replay(services, site_code, idempotency_key) if idempotency_key else None
            if replayed is not None:
                return replayed
            raise
        except IntegrityError:
            # The key's ticket exists already (a retry, or two retries racing): answer with it.
            # Otherwise the random lookup code collided, which is worth one more try.
            replayed = _replay(services, site_code, idempotency_key) if idempotency_key else None
            if replayed is not None:
                return replayed
            continue
        services.publisher.publish(event)
        return result
    raise RuntimeError("could not issue a ticket after three attempts")


_TICKETS, _EVENTS = Ticket.__table__, TicketEvent.__table__
INSERT_TICKET = insert(_TICKETS).returning(_TICKETS.c.id)
INSERT_EVENT = insert(_EVENTS)


def _issue(services, actor, site_code, sector_code, priority, idempotency_key) -> tuple[IssuedTicket, LiveEvent]:
    now = services.clock.now()
    with services.db.writer.begin() as connection:
        site = services.site_configs.current(connection, site_code)
        require_device(actor, site, "kiosk")
        sector = site.sector(sector_code)
        if priority is not None:
            site.require_priority(priority)
        local = local_time(now, site.timezone)
        day = local.date()
        # Read before taking the number: on PostgreSQL the sequence row stays locked until commit,
        # and other kiosks of the sector wait for it, so as little as possible happens after.
        load = sector_load(connection, site.id, sector, day)
        # Checked after taking the number, under the sequence row's lock, so the quota is exact;
        # raising rolls the sequence back.
        sequence = next_sequence(connection, site.id, sector.id, day)
        availability(sector.rule, local.time(), sequence - 1).raise_if_closed()
        number, lookup_code = sector.pattern.format(sequence), new_lookup_code()
        ticket_id = connection.execute(INSERT_TICKET, {
            "site_id": site.id, "origin_sector_id": sector.id, "sector_id": sector.id, "service_day": day,
            "sequence": sequence, "number": number, "priority_code": priority, "status": "waiting",
            "issued_at": now, "recalls": 0, "lookup_code": lookup_code, "idempotency_key": idempotency_key,
            "device_id": actor.device_id}).scalar_one()
        connection.execute(INSERT_EVENT, {
            "ticket_id": ticket_id, "site_id": site.id, "action": "issue", "from_status": None,
            "to_status": "waiting", "at": now, "sector_id": sector.id, "counter_id": None,
            "device_id": actor.device_id, "officer_id": actor.officer_id,
            "detail": {"priority": priority} if priority else {}})
        stats = sector_view(sector, replace(load, waiting=load.waiting + 1), local.time(), sequence, sector.rule)
        if priority is None:
            ahead = load.waiting  # a new ordinary ticket is the last of its queue
        else:
            ahead = waiting_ahead(connection, site.id, sector.id, day, ticket_id, now, priority)
        seq = connection.execute(ADVANCE_EVENT_SEQ, {"b_site": site.id, "b_n": 1}).scalar_one()
    view = TicketView(id=ticket_id, number=number, sector=sector.code, sector_name=sector.name_vi,
                      sector_name_en=sector.name_en, status="waiting", priority=priority, issued_at=iso(now),
                      called_at=None, recalls=0, counter=None)
    result = IssuedTicket(view, ahead, estimate_for_place(stats, ahead), lookup_code, site.name, site.address)
    event = LiveEvent("ticket_issued", {"ticket": view.as_dict(), "sectors": [stats.as_dict()], "seq": seq,
                                        "site": site.code}, (site_room(site.code),))
    return result, event


def _replay(services: Services, site_code: str, idempotency_key: str) -> IssuedTicket | None:
    """The ticket already issued for this key, as it stands now."""
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        ticket = s.scalar(select(Ticket).where(Ticket.site_id == site.id,
                                               Ticket.idempotency_key == idempotency_key))
        if ticket is None:
            return None
        sector = s.get(Sector, ticket.sector_id)
        [stats] = sector_views(s, site, now, only={sector.id})
        ahead = ticket_waiting_ahead(s, ticket)
        return IssuedTicket(ticket_view(ticket, sector), ahead, estimate_for_place(stats, ahead),
                            ticket.lookup_code, site.name, site.address, replayed=True)
