"""Backups and retention: an online SQLite backup, and archiving then purging old days.

Tickets carry no personal data (a number, a sector, times); ratings may carry a dossier code,
which is why old days can be archived to a file and removed after the retention period.
"""
import gzip
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select

from ..domain.calendar import service_day
from ..domain.errors import InvalidInput
from ..store.models import (
    AuthSession,
    Counter,
    NumberSequence,
    Rating,
    RatingRejection,
    Site,
    Ticket,
    TicketEvent,
)
from .uow import Services
from .views import iso


def backup_sqlite(database_url: str, target: Path) -> Path:
    """A consistent copy of a live SQLite database (sqlite3's online backup API)."""
    if not database_url.startswith("sqlite:///"):
        raise InvalidInput("not_sqlite", "Sao lưu trực tuyến chỉ dành cho SQLite; với PostgreSQL dùng pg_dump.",
                           "Online backup is for SQLite; use pg_dump for PostgreSQL (docs/backup.md).")
    source = sqlite3.connect(database_url[len("sqlite:///"):])
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def _row(obj) -> dict:
    return {c.name: (iso(v) if hasattr(v, "tzinfo") else v.isoformat() if hasattr(v, "isoformat") else v)
            for c in obj.__table__.columns for v in [getattr(obj, c.key)]}


def purge_old_days(services: Services, older_than_days: int, archive: Path | None) -> dict:
    """Archive (JSON lines, gzip) then delete tickets, events and ratings of service days past retention."""
    if older_than_days < 30:
        raise InvalidInput("retention_too_short", "Thời gian lưu giữ tối thiểu là 30 ngày.", "Keep at least 30 days.")
    counts = {"tickets": 0, "events": 0, "ratings": 0}
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        out = gzip.open(archive, "at", encoding="utf-8") if archive else None
        try:
            for site in s.scalars(select(Site)):
                cutoff = service_day(now, site.timezone) - timedelta(days=older_than_days)
                tickets = s.scalars(select(Ticket).where(Ticket.site_id == site.id, Ticket.service_day < cutoff)).all()
                ids = [t.id for t in tickets]
                if not ids:
                    continue
                events = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(ids))).all()
                ratings = s.scalars(select(Rating).where(Rating.ticket_id.in_(ids))).all()
                if out:
                    for kind, rows in (("ticket", tickets), ("event", events), ("rating", ratings)):
                        for row in rows:
                            out.write(json.dumps({"kind": kind, "site": site.code, **_row(row)}, ensure_ascii=False) + "\n")
                s.execute(delete(Rating).where(Rating.ticket_id.in_(ids)))
                s.execute(delete(RatingRejection).where(RatingRejection.ticket_id.in_(ids)))
                s.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(ids)))
                for counter in s.scalars(select(Counter).where(Counter.site_id == site.id)):
                    if counter.last_finished_ticket_id in ids:
                        counter.last_finished_ticket_id = None
                    if counter.current_ticket_id in ids:
                        counter.current_ticket_id = None
                s.flush()
                s.execute(delete(Ticket).where(Ticket.id.in_(ids)))
                s.execute(delete(NumberSequence).where(NumberSequence.site_id == site.id,
                                                       NumberSequence.service_day < cutoff))
                counts["tickets"] += len(tickets)
                counts["events"] += len(events)
                counts["ratings"] += len(ratings)
            s.execute(delete(AuthSession).where(AuthSession.expires_at < now - timedelta(days=older_than_days)))
        finally:
            if out:
                out.close()
    return counts
