"""Snapshots: what a wall screen (public) or a counter page needs to draw itself from scratch.

The site's event sequence is read first, so the data is at least as new as ``seq``: a client
applies only events with a higher number, and a repeated one changes nothing.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.calendar import local_time
from ..domain.states import QUEUED, Status, allowed_actions
from ..store.models import (
    AuthSession,
    Counter,
    PriorityCategory,
    Site,
    Ticket,
    TicketEvent,
    User,
)
from .auth import Actor, require_counter, require_role, require_site
from .counter_stats import counter_figures
from .lookups import get_counter, get_site, sectors_by_id
from .queue_stats import sector_views
from .uow import Services
from .views import counter_view, iso, ticket_view

RECENT_CALLS = 8


def board_snapshot(services: Services, site_code: str) -> dict:
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        seq = site.event_seq
        day = local_time(now, site.timezone).date()
        sectors = sectors_by_id(s, site)
        counters = s.scalars(select(Counter).where(Counter.site_id == site.id).order_by(Counter.number)
                             .options(selectinload(Counter.assignments))).all()
        current_ids = [c.current_ticket_id for c in counters if c.current_ticket_id]
        current = {t.id: t for t in s.scalars(select(Ticket).where(Ticket.id.in_(current_ids)))}
        counter_number = {c.id: c.number for c in counters}
        calls = s.execute(
            select(TicketEvent, Ticket).join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .where(TicketEvent.site_id == site.id, TicketEvent.action.in_(("call", "recall")),
                   Ticket.service_day == day)
            .order_by(TicketEvent.id.desc()).limit(RECENT_CALLS)).all()
        return {
            "site": site_summary(site), "seq": seq, "server_time": iso(now), "service_day": day.isoformat(),
            "sectors": [v.as_dict() for v in sector_views(s, site, now)],
            "counters": [counter_view(c, ticket_view(current[c.current_ticket_id], sectors[current[c.current_ticket_id].sector_id], c.number)
                                      if c.current_ticket_id in current else None).as_dict() for c in counters],
            "recent_calls": [{
                "ticket_id": t.id, "number": t.number, "sector": sectors[e.sector_id].code,
                "priority": t.priority_code, "counter": counter_number.get(e.counter_id), "at": iso(e.at),
                "recall": e.action == "recall",
            } for e, t in calls],
            "priority_categories": priority_categories(s, site),
            "ticker": site.settings.get("ticker", ""),
        }


def site_summary(site: Site) -> dict:
    return {"code": site.code, "name": site.name, "name_en": site.name_en, "address": site.address,
            "timezone": site.timezone}


def priority_categories(s, site: Site) -> list[dict]:
    rows = s.scalars(select(PriorityCategory).where(PriorityCategory.site_id == site.id)
                     .order_by(PriorityCategory.position, PriorityCategory.id))
    return [{"code": p.code, "name_vi": p.name_vi, "name_en": p.name_en} for p in rows]


def sector_list(services: Services, actor: Actor, site_code: str) -> dict:
    """Sectors with open/closed, waiting count and estimate: what a kiosk shows."""
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        require_site(actor, site)
        return {"site": site_summary(site), "seq": site.event_seq,
                "sectors": [v.as_dict() for v in sector_views(s, site, now)],
                "priority_categories": priority_categories(s, site)}


def counter_snapshot(services: Services, actor: Actor, site_code: str, number: int) -> dict:
    """The counter, its officer, its current ticket and the waiting list of its sectors."""
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        seq = site.event_seq
        counter = get_counter(s, site, number)
        require_counter(actor, site, counter, kinds=("keypad", "rating"))
        sectors = sectors_by_id(s, site)
        day = local_time(now, site.timezone).date()
        current = s.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
        officer = s.get(User, counter.officer_id) if counter.officer_id else None
        sector_ids = [a.sector_id for a in counter.assignments]
        waiting = s.scalars(select(Ticket).where(
            Ticket.site_id == site.id, Ticket.service_day == day, Ticket.sector_id.in_(sector_ids),
            Ticket.status.in_([q.value for q in QUEUED])).order_by(Ticket.issued_at, Ticket.id)).all()
        held = s.scalars(select(Ticket).where(
            Ticket.site_id == site.id, Ticket.service_day == day, Ticket.counter_id == counter.id,
            Ticket.status.in_(("on_hold", "no_show"))).order_by(Ticket.issued_at)).all()
        view = counter_view(counter, ticket_view(current, sectors[current.sector_id], counter.number)
                            if current else None).as_dict()
        return {
            **view, "site": site_summary(site), "seq": seq, "server_time": iso(now),
            "officer": {"id": officer.id, "name": officer.display_name} if officer else None,
            "waiting": [ticket_view(t, sectors[t.sector_id]).as_dict() for t in waiting],
            "set_aside": [ticket_view(t, sectors[t.sector_id], counter.number).as_dict() for t in held],
            "all_sectors": [{"code": x.code, "name_vi": x.name_vi, "name_en": x.name_en} for x in sectors.values()],
            "allowed_actions": [a.value for a in allowed_actions(Status(current.status))] if current else [],
            "recall_limit": int(site.settings.get("recall_limit", 3)),
            "today": counter_figures(s, site, counter, day).as_dict(),
        }


def counter_list(services: Services, actor: Actor, site_code: str) -> dict:
    """Every counter of a site, who staffs it, and whether that officer is still signed in.

    A counter open with no live session behind it (the officer's session expired or was ended
    without closing the counter) is flagged ``unattended`` for supervisors.
    """
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        require_site(actor, site)
        if actor.kind == "device":
            require_role(actor, "officer")
        counters = s.scalars(select(Counter).where(Counter.site_id == site.id).order_by(Counter.number)
                             .options(selectinload(Counter.assignments))).all()
        officer_ids = {c.officer_id for c in counters if c.officer_id}
        names = dict(s.execute(select(User.id, User.display_name).where(User.id.in_(officer_ids))).all())
        live = set(s.scalars(select(AuthSession.user_id).where(
            AuthSession.user_id.in_(officer_ids), AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)))
        return {"site": site_summary(site), "counters": [{
            **counter_view(c, None).as_dict(),
            "officer": {"id": c.officer_id, "name": names.get(c.officer_id)} if c.officer_id else None,
            "unattended": c.state != "closed" and c.officer_id not in live,
        } for c in counters]}
