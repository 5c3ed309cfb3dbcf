"""What a counter does: call the next ticket and act on the one it serves.

Every function locks the counter row first, then the ticket, and bumps the site's event
sequence last, so concurrent transactions always take locks in the same order.
"""
from functools import lru_cache

from sqlalchemy import bindparam, case, select
from sqlalchemy.orm import Session

from ..domain.calendar import service_day
from ..domain.errors import Conflict, InvalidInput
from ..domain.selection import Assignment, Role, tiers
from ..domain.states import QUEUED, Action, check_recall
from ..store.models import Counter, CounterShift, Sector, Site, Ticket
from .auth import Actor, require_counter
from .lookups import get_counter, get_sector, get_site, sectors_by_id
from .publisher import counter_room
from .tickets import emit_queue_change
from .transitions import move
from .uow import Services, UnitOfWork
from .views import TicketView, ticket_view

DEFAULT_RECALL_LIMIT = 3


def assignments(counter: Counter) -> list[Assignment]:
    return [Assignment(str(a.sector_id), Role(a.role)) for a in counter.assignments]


def next_ticket_query(counter: Counter, skip_locked: bool):
    """SQL for the domain's order (selection.sort_key): priority, primary before backup, oldest.

    Parameters ``b_site`` and ``b_day``; built once per set of sector tiers, as building it cost
    more than running it.
    """
    tier_of = {int(sector): tier for sector, tier in tiers(assignments(counter)).items()}
    return _next_ticket_query(tuple(sorted(tier_of.items())), skip_locked)


@lru_cache(maxsize=1024)
def _next_ticket_query(tier_items: tuple[tuple[int, int], ...], skip_locked: bool):
    tier_of = dict(tier_items)
    query = (select(Ticket)
             .where(Ticket.site_id == bindparam("b_site"), Ticket.service_day == bindparam("b_day"),
                    Ticket.status.in_([s.value for s in QUEUED]), Ticket.sector_id.in_(tier_of))
             .order_by(Ticket.priority_code.is_(None), case(tier_of, value=Ticket.sector_id),
                       Ticket.issued_at, Ticket.id)
             .limit(1))
    return query.with_for_update(skip_locked=True) if skip_locked else query


def call_next(services: Services, actor: Actor, site_code: str, number: int,
              expected_ticket_id: int | None = None) -> TicketView | None:
    """Finish the counter's current ticket, if any, and call the next one (None if none waits)."""
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        site, counter, officer_id = _counter_for_action(uow, actor, site_code, number, now)
        sectors = sectors_by_id(s, site)  # read before any change: later lookups need no query, so no extra flush
        current = _current_ticket(s, counter, expected_ticket_id, required=False)
        if current is not None:
            _finish(uow, site, counter, current, actor, officer_id, now, sectors)
        day = service_day(now, site.timezone)
        if not counter.assignments:
            raise Conflict("no_sectors", f"Quầy số {counter.number} chưa được gán lĩnh vực nào.",
                           f"Counter {counter.number} serves no sector.")
        skip_locked = s.get_bind().dialect.name == "postgresql"
        ticket = s.scalar(next_ticket_query(counter, skip_locked), {"b_site": counter.site_id, "b_day": day})
        if ticket is None:
            return None
        move(s, ticket, Action.CALL, actor, now, counter_id=counter.id, officer_id=officer_id)
        counter.current_ticket_id = ticket.id
        view = ticket_view(ticket, sectors[ticket.sector_id], counter.number)
        _emit_called(uow, site, counter, view, ticket.sector_id, now)
        return view


def counter_action(services: Services, actor: Actor, site_code: str, number: int, action: Action,
                   expected_ticket_id: int | None = None, to_sector: str | None = None) -> TicketView:
    """Recall, start, finish, no-show, hold or transfer the ticket the counter is serving."""
    if action not in (Action.RECALL, Action.START, Action.FINISH, Action.NO_SHOW, Action.HOLD, Action.TRANSFER):
        raise InvalidInput("bad_action", "Thao tác không hợp lệ.", f"Unknown counter action {action}.")
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        site, counter, officer_id = _counter_for_action(uow, actor, site_code, number, now)
        sectors = sectors_by_id(s, site)
        ticket = _current_ticket(s, counter, expected_ticket_id, required=True)
        if action is Action.FINISH:
            return _finish(uow, site, counter, ticket, actor, officer_id, now, sectors)
        if action is Action.RECALL:
            check_recall(ticket.recalls, int(site.settings.get("recall_limit", DEFAULT_RECALL_LIMIT)))
        touched = {ticket.sector_id}
        detail = {}
        if action is Action.TRANSFER:
            target = _transfer_target(s, site, ticket, to_sector)
            detail = {"from_sector": sectors[ticket.sector_id].code, "to_sector": target.code}
            ticket.sector_id = target.id
            touched.add(target.id)
        move(s, ticket, action, actor, now, counter_id=counter.id, officer_id=officer_id, **detail)
        if action in (Action.NO_SHOW, Action.HOLD, Action.TRANSFER):
            counter.current_ticket_id = None
        view = ticket_view(ticket, sectors[ticket.sector_id], counter.number)
        if action is Action.RECALL:
            _emit_called(uow, site, counter, view, ticket.sector_id, now)
        else:
            emit_queue_change(uow, site, "ticket_changed",
                              {"ticket": view.as_dict(), "action": action.value, "counter": counter.number},
                              touched, now, (counter_room(site.code, counter.number),))
        return view


def _finish(uow: UnitOfWork, site: Site, counter: Counter, ticket: Ticket, actor: Actor,
            officer_id: int | None, now, sectors: dict[int, Sector]) -> TicketView:
    move(uow.session, ticket, Action.FINISH, actor, now, counter_id=counter.id, officer_id=officer_id)
    counter.current_ticket_id = None
    counter.last_finished_ticket_id = ticket.id
    view = ticket_view(ticket, sectors[ticket.sector_id], counter.number)
    emit_queue_change(uow, site, "ticket_changed",
                      {"ticket": view.as_dict(), "action": Action.FINISH.value, "counter": counter.number},
                      {ticket.sector_id}, now, (counter_room(site.code, counter.number),))
    return view


def _emit_called(uow: UnitOfWork, site: Site, counter: Counter, view: TicketView, sector_id: int, now) -> None:
    emit_queue_change(uow, site, "ticket_called",
                      {"ticket": view.as_dict(), "counter": {"number": counter.number, "name": counter.name},
                       "recall": view.recalls},
                      {sector_id}, now, (counter_room(site.code, counter.number),))


def _counter_for_action(uow: UnitOfWork, actor: Actor, site_code: str, number: int, now):
    """Lock the counter, check the actor may use it, and say which officer the action is for."""
    s = uow.session
    site = get_site(s, site_code)
    counter = get_counter(s, site, number, lock=True)
    require_counter(actor, site, counter)
    if actor.kind == "device":
        if counter.state == "closed" or counter.officer_id is None:
            raise Conflict("counter_closed", f"Quầy số {counter.number} chưa có cán bộ đăng nhập.",
                           f"No officer is signed in at counter {counter.number}.")
        officer_id = counter.officer_id
    else:
        officer_id = actor.id
        if counter.state == "closed" or counter.officer_id is None:
            staff_counter(uow, site, counter, actor, now)
        elif counter.officer_id != actor.id and actor.role == "officer":
            raise Conflict("counter_taken", f"Quầy số {counter.number} đang do cán bộ khác phụ trách.",
                           f"Another officer is signed in at counter {counter.number}.")
    if counter.state == "paused":
        set_state(uow, site, counter, "open", now)
    return site, counter, officer_id


def staff_counter(uow: UnitOfWork, site: Site, counter: Counter, actor: Actor, now) -> None:
    """Sign ``actor`` in at ``counter`` and open it; an officer staffs one counter at a time."""
    s = uow.session
    elsewhere = s.scalar(select(Counter).where(Counter.officer_id == actor.id, Counter.id != counter.id,
                                               Counter.state != "closed"))
    if elsewhere is not None:
        raise Conflict("already_at_counter", f"Bạn đang phụ trách quầy số {elsewhere.number}. Hãy đóng quầy đó trước.",
                       f"You are signed in at counter {elsewhere.number}. Close it first.")
    counter.officer_id = actor.id
    s.add(CounterShift(counter_id=counter.id, officer_id=actor.id, started_at=now))
    set_state(uow, site, counter, "open", now)


def set_state(uow: UnitOfWork, site: Site, counter: Counter, state: str, now) -> None:
    counter.state = state
    counter.state_since = now
    if state == "closed":
        counter.officer_id = None
        for shift in uow.session.scalars(select(CounterShift).where(
                CounterShift.counter_id == counter.id, CounterShift.ended_at.is_(None))):
            shift.ended_at = now
    emit_queue_change(uow, site, "counter_changed", {"counter": {
        "number": counter.number, "name": counter.name, "state": state}},
        {a.sector_id for a in counter.assignments}, now, (counter_room(site.code, counter.number),))


def _current_ticket(s: Session, counter: Counter, expected_ticket_id: int | None, required: bool):
    ticket = (s.scalar(select(Ticket).where(Ticket.id == counter.current_ticket_id).with_for_update())
              if counter.current_ticket_id else None)
    if expected_ticket_id is not None and (ticket is None or ticket.id != expected_ticket_id):
        raise Conflict("stale_ticket", "Vé này đã thay đổi trên máy khác. Màn hình đã được cập nhật lại.",
                       "This ticket has changed elsewhere. The screen has been refreshed.",
                       current_ticket_id=ticket.id if ticket else None)
    if ticket is None and required:
        raise Conflict("no_current_ticket", f"Quầy số {counter.number} chưa gọi vé nào.",
                       f"Counter {counter.number} is not serving any ticket.")
    return ticket


def _transfer_target(s: Session, site: Site, ticket: Ticket, code: str | None) -> Sector:
    if not code:
        raise InvalidInput("missing_sector", "Hãy chọn lĩnh vực cần chuyển đến.", "Choose the sector to transfer to.")
    target = get_sector(s, site, code)
    if target.id == ticket.sector_id:
        raise Conflict("same_sector", "Vé đã thuộc lĩnh vực này.", "The ticket is already in this sector.")
    return target

