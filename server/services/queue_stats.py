"""Per-sector figures for kiosks and boards: open or not, waiting count, estimated wait."""
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.calendar import local_time, parse_hours
from ..domain.sectors import IssuingRule, availability
from ..domain.states import QUEUED, Status
from ..domain.waits import RECENT_SAMPLES, estimate_wait, typical_service_seconds
from ..store.models import Counter, CounterSector, NumberSequence, Sector, Site, Ticket
from .views import SectorView

BACKUP_WEIGHT = 0.5  # a counter serving a sector only as backup gives it about half its time


def issuing_rule(sector: Sector) -> IssuingRule:
    return IssuingRule(parse_hours(sector.hours), sector.daily_quota, sector.enabled)


def sector_views(session: Session, site: Site, now, only: set[int] | None = None) -> list[SectorView]:
    day = local_time(now, site.timezone).date()
    clock_time = local_time(now, site.timezone).time()
    sectors = [s for s in session.scalars(select(Sector).where(Sector.site_id == site.id)
                                          .order_by(Sector.position, Sector.id))
               if only is None or s.id in only]
    ids = [s.id for s in sectors]
    waiting = dict(session.execute(
        select(Ticket.sector_id, func.count()).where(
            Ticket.site_id == site.id, Ticket.service_day == day, Ticket.sector_id.in_(ids),
            Ticket.status.in_([s.value for s in QUEUED])).group_by(Ticket.sector_id)).all())
    issued = dict(session.execute(
        select(NumberSequence.sector_id, NumberSequence.last_value).where(
            NumberSequence.site_id == site.id, NumberSequence.service_day == day,
            NumberSequence.sector_id.in_(ids))).all())
    service = recent_service_seconds(session, site, day, ids)
    capacity = serving_capacity(session, site)
    views = []
    for sector in sectors:
        state = availability(issuing_rule(sector), clock_time, issued.get(sector.id, 0))
        seconds = typical_service_seconds(service.get(sector.id, []), sector.default_service_seconds)
        ahead = waiting.get(sector.id, 0)
        views.append(SectorView(
            code=sector.code, name_vi=sector.name_vi, name_en=sector.name_en, open=state.open,
            closed_reason=state.reason, closed_message=state.vi, closed_message_en=state.en,
            waiting=ahead, estimated_wait=estimate_wait(ahead, seconds, capacity.get(sector.id, 0.0)),
            hours=sector.hours, issued_today=issued.get(sector.id, 0),
        ))
    return views


def recent_service_seconds(session: Session, site: Site, day, sector_ids: list[int]) -> dict[int, list[float]]:
    """The latest service durations of today per sector, oldest first (called or started → finished)."""
    rows = []
    for sector_id in sector_ids:  # one indexed query per sector, at most RECENT_SAMPLES rows each
        rows += reversed(session.execute(
            select(Ticket.sector_id, Ticket.called_at, Ticket.started_at, Ticket.finished_at)
            .where(Ticket.site_id == site.id, Ticket.sector_id == sector_id, Ticket.service_day == day,
                   Ticket.status == Status.DONE.value)
            .order_by(Ticket.finished_at.desc()).limit(RECENT_SAMPLES)).all())
    result: dict[int, list[float]] = defaultdict(list)
    for sector_id, called, started, finished in rows:
        begin = started or called
        if begin and finished:
            result[sector_id].append((finished - begin).total_seconds())
    return result


def serving_capacity(session: Session, site: Site) -> dict[int, float]:
    """Open counters per sector, a backup assignment counting as half a counter."""
    rows = session.execute(
        select(CounterSector.sector_id, CounterSector.role)
        .join(Counter, Counter.id == CounterSector.counter_id)
        .where(Counter.site_id == site.id, Counter.state == "open")).all()
    result: dict[int, float] = defaultdict(float)
    for sector_id, role in rows:
        result[sector_id] += 1.0 if role == "primary" else BACKUP_WEIGHT
    return result


def waiting_ahead(session: Session, ticket: Ticket) -> int:
    """Tickets in the same sector queue that will be called before this one."""
    query = select(func.count()).where(
        Ticket.site_id == ticket.site_id, Ticket.sector_id == ticket.sector_id,
        Ticket.service_day == ticket.service_day, Ticket.status.in_([s.value for s in QUEUED]),
        Ticket.id != ticket.id)
    if ticket.priority_code:
        query = query.where(Ticket.priority_code.is_not(None), Ticket.issued_at <= ticket.issued_at)
    else:
        query = query.where((Ticket.priority_code.is_not(None)) | (Ticket.issued_at <= ticket.issued_at))
    return session.scalar(query)
