"""The unit of work: one transaction, then the live events it produced, in order.

Events are numbered from the site's ``event_seq`` inside the same transaction, so the
numbers are gap-free per site across every server process, and they are published only
after the commit succeeded: a rolled-back change never reaches a screen.
"""
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from ..store.db import Database
from ..store.models import Site
from .clock import Clock, SystemClock
from .publisher import LiveEvent, Publisher, RecordingPublisher, site_room
from .site_config import SiteConfigCache

_SITES = Site.__table__
# Built once, on the table (not the ORM entity: an ORM UPDATE also reconciles the session's objects).
ADVANCE_EVENT_SEQ = (update(_SITES).where(_SITES.c.id == bindparam("b_site"))
                     .values(event_seq=_SITES.c.event_seq + bindparam("b_n")).returning(_SITES.c.event_seq))


@dataclass
class Services:
    """Everything a use case needs from outside: database, clock, event sink, settings."""

    db: Database
    clock: Clock = field(default_factory=SystemClock)
    publisher: Publisher = field(default_factory=RecordingPublisher)
    session_hours: float = 12.0
    site_configs: SiteConfigCache = field(default_factory=SiteConfigCache)

    def write(self) -> "UnitOfWork":
        return UnitOfWork(self, self.db.write_session())

    def read(self) -> Session:
        return self.db.read_session()


class UnitOfWork:
    def __init__(self, services: Services, session: Session):
        self.services = services
        self.session = session
        self._pending: list[tuple[Site, str, dict, tuple[str, ...]]] = []
        self.before_commit: list[Callable[[], None]] = []  # last reads and writes, e.g. events' figures
        self.after_commit: list[Callable[[], None]] = []
        self.figure_requests: list = []  # see tickets.emit_queue_change

    def __enter__(self) -> "UnitOfWork":
        self.session.begin()
        return self

    def emit(self, site: Site, name: str, payload: dict, extra_rooms: tuple[str, ...] = ()) -> None:
        """Queue a live event for the site room (and any extra rooms) until commit."""
        self._pending.append((site, name, payload, extra_rooms))

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
                return
            for callback in self.before_commit:
                callback()
            ready = self._number_events()
            self.session.commit()
        finally:
            self.session.close()
        for event in ready:
            self.services.publisher.publish(event)
        for callback in self.after_commit:
            callback()

    def _number_events(self) -> list[LiveEvent]:
        """Number the transaction's events per site, gap-free, under the site row's lock until commit."""
        counts: dict[int, int] = {}
        for site, *_ in self._pending:
            counts[site.id] = counts.get(site.id, 0) + 1
        last_seq = {}
        for site_id, n in sorted(counts.items()):  # fixed order: no deadlock between sites
            last_seq[site_id] = self.session.execute(ADVANCE_EVENT_SEQ, {"b_site": site_id, "b_n": n}).scalar_one()
        next_seq = {sid: last_seq[sid] - counts[sid] + 1 for sid in counts}
        events = []
        for site, name, payload, extra_rooms in self._pending:
            seq = next_seq[site.id]
            next_seq[site.id] += 1
            body = {**payload, "seq": seq, "site": site.code}
            events.append(LiveEvent(name, body, (site_room(site.code), *extra_rooms)))
        return events
