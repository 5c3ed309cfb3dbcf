"""Sector loads read for several sectors at once, on SQLite and PostgreSQL."""
from sqlalchemy import select

from server.domain.calendar import local_time
from server.domain.states import Action
from server.domain.waits import RECENT_SAMPLES
from server.services.calling import call_next, counter_action
from server.services.issuing import issue_ticket
from server.store.models import Sector, Site


def serve(services, officer, counter, minutes, clock):
    call_next(services, officer, "hn", counter)
    clock.advance(minutes=minutes)
    counter_action(services, officer, "hn", counter, Action.FINISH)


def loads(services, clock):
    from server.services.queue_stats import sector_loads
    with services.read() as s:
        site = s.scalar(select(Site).where(Site.code == "hn"))
        sectors = s.scalars(select(Sector).where(Sector.site_id == site.id).order_by(Sector.code)).all()
        day = local_time(clock.now(), site.timezone).date()
        by_id = sector_loads(s, site.id, sectors, day)
        return {sector.code: by_id[sector.id] for sector in sectors}, {x.code: x.default_service_seconds for x in sectors}


def test_each_sector_gets_its_own_count_capacity_and_newest_service_times(services, centre, clock):
    old, recent = RECENT_SAMPLES + 5, RECENT_SAMPLES
    for _ in range(old + recent + 4):
        issue_ticket(services, centre.kiosk, "hn", "a")
    for _ in range(5):
        issue_ticket(services, centre.kiosk, "hn", "b")
    before, defaults = loads(services, clock)
    assert (before["a"].waiting, before["b"].waiting) == (old + recent + 4, 5)
    assert before["a"].capacity == before["b"].capacity == 0  # no counter open yet
    assert before["a"].service_seconds == defaults["a"] and before["b"].service_seconds == defaults["b"]

    for _ in range(3):  # first: sector a's many later services must not push these out
        serve(services, centre.officer2, 2, 6, clock)
    for _ in range(old):
        serve(services, centre.officer, 1, 20, clock)
    for _ in range(recent):
        serve(services, centre.officer, 1, 2, clock)
    after, _ = loads(services, clock)
    assert (after["a"].waiting, after["b"].waiting) == (4, 2)
    assert after["a"].capacity == 1.0 and after["b"].capacity == 1.5  # counter 1 backs sector b up at half
    assert after["a"].service_seconds == 120  # only the newest RECENT_SAMPLES count, not the older 20-minute ones
    assert after["b"].service_seconds == 360  # sector b's own services, not sector a's
