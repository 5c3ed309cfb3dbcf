"""Per-sector figures for kiosks and boards: open or not, waiting count, estimated wait."""
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import Session

from ..domain import waits
from ..domain.calendar import local_time, parse_hours
from ..domain.sectors import IssuingRule, availability
from ..domain.states import QUEUED, Status
from ..domain.waits import RECENT_SAMPLES, WaitRange, estimate_wait, typical_service_seconds
from ..store.models import Counter, CounterSector, NumberSequence, Sector, Site, Ticket
from .views import SectorView

BACKUP_WEIGHT = 0.5  # a counter serving a sector only as backup gives it about half its time


def issuing_rule(sector) -> IssuingRule:
    return IssuingRule(parse_hours(sector.hours), sector.daily_quota, sector.enabled)


def sector_views(session: Session, site: Site, now, only: set[int] | None = None) -> list[SectorView]:
    return list(sector_views_by_id(session, site, now, only).values())


def sector_views_by_id(session: Session, site: Site, now, only: set[int] | None = None) -> dict[int, SectorView]:
    """The figures of the site's sectors (or of ``only`` those), in display order, by sector id."""
    sectors = [s for s in session.scalars(select(Sector).where(Sector.site_id == site.id)
                                          .order_by(Sector.position, Sector.id))
               if only is None or s.id in only]
    return dict(zip([s.id for s in sectors], sector_figures(session, site.id, site.timezone, sectors, now)))


# Built once: at the morning peak these run for every ticket, and building a statement cost
# more than running it. The load statements exist for one sector (the issue path: a plain
# parameter is cheaper than an expanding list) and for a list, so a board of any size costs
# the same few queries as one kiosk's sector (no query per sector).
_T, _S = Ticket.__table__, Sector.__table__
QUEUED_VALUES = [s.value for s in QUEUED]
_SECTORS = bindparam("b_sectors", expanding=True)


@dataclass(frozen=True)
class LoadStatements:
    waiting_and_capacity: Select  # (sector id, waiting, capacity) per sector
    recent_services: Select  # (sector id, called, started, finished) of the newest services, oldest first


def _load_statements(chosen) -> LoadStatements:
    """``chosen(column)``: the condition that picks the sectors, e.g. ``column == :b_sector``."""
    waiting_and_capacity = select(
        _S.c.id,
        select(func.count()).where(
            _T.c.site_id == bindparam("b_site"), _T.c.sector_id == _S.c.id,
            _T.c.service_day == bindparam("b_day"), _T.c.status.in_(QUEUED_VALUES)).scalar_subquery(),
        select(func.coalesce(func.sum(case((CounterSector.role == "primary", 1.0), else_=BACKUP_WEIGHT)), 0.0))
        .join(Counter, Counter.id == CounterSector.counter_id)
        .where(Counter.site_id == bindparam("b_site"), Counter.state == "open",
               CounterSector.sector_id == _S.c.id).scalar_subquery(),
    ).where(chosen(_S.c.id))
    latest_done = (
        select(_T.c.sector_id, _T.c.called_at, _T.c.started_at, _T.c.finished_at,
               func.row_number().over(partition_by=_T.c.sector_id, order_by=_T.c.finished_at.desc()).label("newest"))
        .where(_T.c.site_id == bindparam("b_site"), chosen(_T.c.sector_id),
               _T.c.service_day == bindparam("b_day"), _T.c.status == Status.DONE.value)
        .subquery())
    recent_services = (select(latest_done.c.sector_id, latest_done.c.called_at, latest_done.c.started_at,
                              latest_done.c.finished_at)
                       .where(latest_done.c.newest <= RECENT_SAMPLES).order_by(latest_done.c.newest.desc()))
    return LoadStatements(waiting_and_capacity, recent_services)


ONE_SECTOR = _load_statements(lambda column: column == bindparam("b_sector"))
MANY_SECTORS = _load_statements(lambda column: column.in_(_SECTORS))
ISSUED_BY_SECTOR = (
    select(NumberSequence.sector_id, NumberSequence.last_value)
    .where(NumberSequence.site_id == bindparam("b_site"), NumberSequence.service_day == bindparam("b_day"),
           NumberSequence.sector_id.in_(_SECTORS)))


@dataclass(frozen=True)
class SectorLoad:
    """What the database says about a sector's queue right now."""

    waiting: int
    capacity: float  # open counters serving it, backups counting half
    service_seconds: float  # typical recent service time


def sector_loads(executor, site_id: int, sectors, day) -> dict[int, SectorLoad]:
    """The load of each of ``sectors`` (anything with ``id`` and ``default_service_seconds``): two queries."""
    params = {"b_site": site_id, "b_day": day}
    if len(sectors) == 1:
        statements, params["b_sector"] = ONE_SECTOR, sectors[0].id
    else:
        statements, params["b_sectors"] = MANY_SECTORS, [s.id for s in sectors]
    counts = {sector_id: (waiting, capacity)
              for sector_id, waiting, capacity in executor.execute(statements.waiting_and_capacity, params)}
    durations = recent_service_seconds(executor, statements.recent_services, params)
    return {s.id: SectorLoad(counts[s.id][0], float(counts[s.id][1]),
                             typical_service_seconds(durations.get(s.id, []), s.default_service_seconds))
            for s in sectors}


def sector_load(executor, site_id: int, sector, day) -> SectorLoad:
    return sector_loads(executor, site_id, [sector], day)[sector.id]


def sector_view(sector, load: SectorLoad, clock_time, issued: int, rule: IssuingRule | None = None) -> SectorView:
    """``rule``: the sector's issuing rule when the caller has it parsed already (the issuing path's cache)."""
    state = availability(rule or issuing_rule(sector), clock_time, issued)
    return SectorView(
        code=sector.code, name_vi=sector.name_vi, name_en=sector.name_en, open=state.open,
        closed_reason=state.reason, closed_message=state.vi, closed_message_en=state.en,
        waiting=load.waiting, estimated_wait=estimate_wait(load.waiting, load.service_seconds, load.capacity),
        hours=sector.hours, issued_today=issued)


def sector_figures(executor, site_id: int, timezone: str, sectors, now) -> list[SectorView]:
    """Figures for ``sectors`` through a Session or a Connection: three queries, however many sectors."""
    local = local_time(now, timezone)
    day, clock_time = local.date(), local.time()
    issued = dict(executor.execute(ISSUED_BY_SECTOR, {"b_site": site_id, "b_day": day,
                                                      "b_sectors": [s.id for s in sectors]}).all())
    loads = sector_loads(executor, site_id, sectors, day)
    return [sector_view(sector, loads[sector.id], clock_time, issued.get(sector.id, 0)) for sector in sectors]


def estimate_for_place(stats: SectorView, ahead: int) -> WaitRange:
    return waits.estimate_for_place(stats.estimated_wait, stats.waiting, ahead)


def recent_service_seconds(executor, statement: Select, params: dict) -> dict[int, list[float]]:
    """The latest service durations of each sector today, oldest first (called or started → finished)."""
    durations: dict[int, list[float]] = {}
    for sector_id, called, started, finished in executor.execute(statement, params):
        begin = started or called
        if begin and finished:
            durations.setdefault(sector_id, []).append((finished - begin).total_seconds())
    return durations


def _ahead(priority_first: bool) -> Select:
    """Tickets of the same sector queue called before a given one: priority first, then by issue time."""
    same_queue = (_T.c.site_id == bindparam("b_site"), _T.c.sector_id == bindparam("b_sector"),
                  _T.c.service_day == bindparam("b_day"), _T.c.status.in_(QUEUED_VALUES),
                  _T.c.id != bindparam("b_ticket"))
    earlier = _T.c.issued_at <= bindparam("b_issued", type_=_T.c.issued_at.type)
    before = (_T.c.priority_code.is_not(None) & earlier) if priority_first else (_T.c.priority_code.is_not(None) | earlier)
    return select(func.count()).where(*same_queue, before)


AHEAD_OF = {True: _ahead(True), False: _ahead(False)}  # by "is the ticket a priority one"


def waiting_ahead(executor, site_id: int, sector_id: int, day, ticket_id: int, issued_at, priority: str | None) -> int:
    """Tickets in the same sector queue that will be called before this one (Session or Connection)."""
    return executor.scalar(AHEAD_OF[priority is not None], {
        "b_site": site_id, "b_sector": sector_id, "b_day": day, "b_ticket": ticket_id, "b_issued": issued_at})


def ticket_waiting_ahead(session: Session, ticket: Ticket) -> int:
    return waiting_ahead(session, ticket.site_id, ticket.sector_id, ticket.service_day, ticket.id, ticket.issued_at,
                         ticket.priority_code)
