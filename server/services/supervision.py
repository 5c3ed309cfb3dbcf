"""The live overview of a site for supervisors: counters, queues, long waits, devices."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain.calendar import local_time
from ..domain.states import QUEUED
from ..store.models import AuditEntry, Counter, Device, Sector, Ticket, User
from .auth import Actor, require_role, require_site
from .board import counter_list
from .lookups import get_site
from .queue_stats import sector_views
from .uow import Services
from .views import iso

DEFAULT_TARGET_MINUTES = 20
DEVICE_SILENT_SECONDS = 120


def site_overview(services: Services, actor: Actor, site_code: str) -> dict:
    require_role(actor, "admin", "supervisor")
    now = services.clock.now()
    staffed = {c["number"]: c for c in counter_list(services, actor, site_code)["counters"]}
    with services.read() as s:
        site = get_site(s, site_code)
        require_site(actor, site)
        target = float(site.settings.get("target_wait_minutes", DEFAULT_TARGET_MINUTES))
        day = local_time(now, site.timezone).date()
        sectors = {x.id: x for x in s.scalars(select(Sector).where(Sector.site_id == site.id))}
        waiting = s.scalars(select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day == day,
                                                 Ticket.status.in_([q.value for q in QUEUED]))
                            .order_by(Ticket.issued_at)).all()
        counters = s.scalars(select(Counter).where(Counter.site_id == site.id).order_by(Counter.number)
                             .options(selectinload(Counter.assignments))).all()
        current = {t.id: t for t in s.scalars(select(Ticket).where(
            Ticket.id.in_([c.current_ticket_id for c in counters if c.current_ticket_id])))}
        devices = s.scalars(select(Device).where(Device.site_id == site.id, Device.revoked_at.is_(None))
                            .order_by(Device.kind, Device.name)).all()
        audit_rows = s.execute(select(AuditEntry, User.display_name).outerjoin(User, User.id == AuditEntry.user_id)
                               .where(AuditEntry.site_id == site.id).order_by(AuditEntry.id.desc()).limit(20)).all()
        minutes = lambda since: round((now - since).total_seconds() / 60, 1)
        stats = {v.code: v for v in sector_views(s, site, now)}
        return {
            "site": {"code": site.code, "name": site.name}, "server_time": iso(now), "target_minutes": target,
            "seq": site.event_seq,
            "counters": [{
                "number": c.number, "name": c.name, "state": c.state,
                "officer": (staffed[c.number]["officer"] or {}).get("name"),
                "unattended": staffed[c.number]["unattended"],
                "sectors": [{"code": a.sector.code, "role": a.role} for a in c.assignments],
                "serving": {"id": current[c.current_ticket_id].id, "number": current[c.current_ticket_id].number,
                            "minutes": minutes(current[c.current_ticket_id].called_at)}
                if c.current_ticket_id in current else None,
            } for c in counters],
            "sectors": [{
                "code": x.code, "name_vi": x.name_vi, "waiting": stats[x.code].waiting,
                "longest_wait": max((minutes(t.issued_at) for t in waiting if t.sector_id == x.id), default=0),
                "over_target": sum(1 for t in waiting if t.sector_id == x.id and minutes(t.issued_at) > target),
            } for x in sorted(sectors.values(), key=lambda x: (x.position, x.id))],
            "waiting": [{"id": t.id, "number": t.number, "sector": sectors[t.sector_id].code,
                         "priority": t.priority_code, "minutes": minutes(t.issued_at),
                         "over_target": minutes(t.issued_at) > target} for t in waiting],
            "devices": [{"id": d.id, "kind": d.kind, "name": d.name, "counter_id": d.counter_id,
                         "last_seen_at": iso(d.last_seen_at), "health": d.health,
                         "silent": d.last_seen_at is None or (now - d.last_seen_at).total_seconds() > DEVICE_SILENT_SECONDS}
                        for d in devices],
            "audit": [{"at": iso(e.at), "who": who, "action": e.action, "entity": e.entity, "id": e.entity_id}
                      for e, who in audit_rows],
        }
