"""Keep ``sites.config_version`` honest without asking every caller to remember it.

Any flush that adds, changes or deletes a site, a sector or a priority category bumps the
version of the sites concerned in the same transaction. Processes that cache a site's
configuration (the issuing path does) compare versions instead of reloading per request.
"""
from itertools import chain

from sqlalchemy import event, update
from sqlalchemy.orm import Session, sessionmaker

from .models import PriorityCategory, Sector, Site

WATCHED = (Sector, PriorityCategory)


def _changed_sites(session: Session) -> set[int]:
    site_ids = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, WATCHED) and (obj in session.new or obj in session.deleted
                                         or session.is_modified(obj)):
            site_ids.add(obj.site_id)
        elif isinstance(obj, Site) and obj not in session.new and session.is_modified(obj):
            site_ids.add(obj.id)
    site_ids.discard(None)
    return site_ids


def _bump_after_flush(session: Session, _flush_context) -> None:
    site_ids = _changed_sites(session)
    if site_ids:
        table = Site.__table__
        session.connection().execute(update(table).where(table.c.id.in_(sorted(site_ids)))
                                     .values(config_version=table.c.config_version + 1))


def track_config_versions(factory: sessionmaker) -> None:
    event.listen(factory, "after_flush", _bump_after_flush)
