"""Ticket-level actions that need no counter, and the public lookup of one ticket."""
from sqlalchemy import select

from ..domain.errors import Forbidden, NotFound
from ..domain.states import Action
from ..domain.waits import WaitRange
from ..store.models import Counter, Sector, Site, Ticket
from .auth import Actor, require_site
from .lookups import get_site
from .queue_stats import estimate_for_place, sector_views, sector_views_by_id, ticket_waiting_ahead
from .transitions import move
from .uow import Services, UnitOfWork
from .views import TicketView, iso, ticket_view


def emit_queue_change(uow: UnitOfWork, site: Site, name: str, payload: dict, sector_ids: set[int], now,
                      extra_rooms: tuple[str, ...] = ()) -> None:
    """Publish ``name`` with the figures of the sectors the change touched, as they stand at commit.

    The figures are computed once per transaction for all its events: "next" both finishes a
    ticket and calls one, and both events carry the same sector's figures.
    """
    body = {**payload, "sectors": []}
    uow.emit(site, name, body, extra_rooms)
    if not uow.figure_requests:
        uow.before_commit.append(lambda: _fill_figures(uow, now))
    uow.figure_requests.append((site, body, set(sector_ids)))


def _fill_figures(uow: UnitOfWork, now) -> None:
    wanted: dict[int, tuple[Site, set[int]]] = {}
    for site, _body, ids in uow.figure_requests:
        wanted.setdefault(site.id, (site, set()))[1].update(ids)
    views = {site_id: sector_views_by_id(uow.session, site, now, only=ids) for site_id, (site, ids) in wanted.items()}
    for site, body, ids in uow.figure_requests:
        body["sectors"] = [view.as_dict() for sector_id, view in views[site.id].items() if sector_id in ids]


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
        ahead = ticket_waiting_ahead(s, ticket) if ticket.status in ("waiting", "transferred") else 0
        return {**view.as_dict(), "site": site.code, "site_name": site.name, "waiting_ahead": ahead,
                "estimated_wait": (estimate_for_place(stats, ahead) if ahead else WaitRange(0, 0)).as_dict(),
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

