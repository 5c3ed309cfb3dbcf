"""End of day at the site's midnight while the server runs in UTC; backup and purge keep reports true."""
import gzip
import json
import os
import time
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from server.domain.states import Action
from server.services.auth import authenticate, create_user, login
from server.services.calling import call_next, counter_action
from server.services.counters import change_counter_state
from server.services.day_end import end_of_day
from server.services.maintenance import backup_sqlite, purge_old_days
from server.services.publisher import RecordingPublisher
from server.services.reports import build_report
from server.services.issuing import issue_ticket
from server.services.uow import Services
from server.store.db import open_database
from server.store.models import Counter, Ticket


@pytest.fixture
def utc_process():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_expiry_happens_at_local_midnight_and_numbering_restarts(services, centre, clock, utc_process):
    clock.set(datetime(2026, 11, 23, 16, 50, tzinfo=timezone.utc))  # 23:50 in Hanoi
    waiting = issue_ticket(services, centre.kiosk, "hn", "a").ticket
    held = issue_ticket(services, centre.kiosk, "hn", "a").ticket
    issue_ticket(services, centre.kiosk, "hn", "a")
    change_counter_state(services, centre.officer, "hn", 1, "open")
    call_next(services, centre.officer, "hn", 1)
    counter_action(services, centre.officer, "hn", 1, Action.FINISH)
    call_next(services, centre.officer, "hn", 1)
    counter_action(services, centre.officer, "hn", 1, Action.HOLD)
    clock.set(datetime(2026, 11, 23, 16, 59, tzinfo=timezone.utc))  # 23:59: still the same day
    assert end_of_day(services, "hn") == {"hn": 0}
    clock.set(datetime(2026, 11, 23, 17, 1, tzinfo=timezone.utc))  # 00:01 on the 24th in Hanoi, 17:01 UTC
    assert end_of_day(services, "hn") == {"hn": 2}
    with services.read() as s:
        statuses = {t.number: t.status for t in s.scalars(select(Ticket))}
        counter = s.scalar(select(Counter).where(Counter.number == 1))
    assert statuses == {"A001": "done", "A002": "expired", "A003": "expired"}
    assert counter.state == "closed"
    assert end_of_day(services, "hn") == {"hn": 0}  # running it again changes nothing
    assert issue_ticket(services, centre.kiosk, "hn", "a").ticket.number == "A001"
    assert waiting.id and held.id


def test_backup_restores_the_same_reports(sqlite_url, clock, tmp_path):
    from tests.server.reports.simulation import run
    services = Services(open_database(sqlite_url), clock, RecordingPublisher())
    run(services, clock, seed=3, minutes=60)
    create_user(services, "boss", "matkhau-boss", "Lãnh đạo", "supervisor", ["sim"])
    boss = authenticate(services, login(services, "boss", "matkhau-boss")[0])
    day = date(2026, 11, 23)
    original = build_report(services, boss, "sim", day, day, "sector")
    copy = backup_sqlite(sqlite_url, tmp_path / "backup.db")
    restored = Services(open_database(f"sqlite:///{copy}"), clock, RecordingPublisher())
    assert build_report(restored, boss, "sim", day, day, "sector") == original
    # purge after the retention: archived first, then gone
    clock.set(datetime(2027, 3, 1, 3, 0, tzinfo=timezone.utc))
    counts = purge_old_days(restored, 90, tmp_path / "archive.jsonl.gz")
    assert counts["tickets"] == original["total"]["issued"]
    with gzip.open(tmp_path / "archive.jsonl.gz", "rt", encoding="utf-8") as archive:
        kinds = [json.loads(line)["kind"] for line in archive]
    assert kinds.count("ticket") == counts["tickets"] and kinds.count("event") == counts["events"]
    assert build_report(restored, boss, "sim", day, day, "sector")["total"]["issued"] == 0
    with pytest.raises(Exception):
        purge_old_days(restored, 7, None)  # retention below 30 days is refused
    services.db.dispose()
    restored.db.dispose()
