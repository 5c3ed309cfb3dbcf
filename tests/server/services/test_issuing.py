from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from server.domain.errors import Conflict, Forbidden, NotFound
from server.services.setup import add_sector
from server.services.issuing import issue_ticket
from server.services.tickets import lookup_ticket
from server.store.models import NumberSequence, Ticket, TicketEvent


def count(services, model):
    with services.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_numbers_follow_the_pattern_per_sector_and_restart_next_day(services, centre, clock):
    numbers = [issue_ticket(services, centre.kiosk, "hn", sector).ticket.number for sector in "aab"]
    assert numbers == ["A001", "A002", "B001"]
    clock.advance(hours=24)
    assert issue_ticket(services, centre.kiosk, "hn", "a").ticket.number == "A001"
    with services.read() as s:
        assert s.scalar(select(func.count()).select_from(NumberSequence)) == 3  # (a, day1) (b, day1) (a, day2)


def test_issue_records_an_event_and_publishes_after_commit(services, centre):
    issued = issue_ticket(services, centre.kiosk, "hn", "a", priority="elderly")
    with services.read() as s:
        event = s.scalar(select(TicketEvent).where(TicketEvent.ticket_id == issued.ticket.id))
    assert (event.action, event.to_status, event.device_id) == ("issue", "waiting", centre.kiosk.id)
    [live] = services.publisher.named("ticket_issued")
    assert live.payload["ticket"]["number"] == "A001" and live.payload["ticket"]["priority"] == "elderly"
    assert live.payload["sectors"][0]["waiting"] == 1
    assert "lookup_code" not in live.payload["ticket"]
    assert live.rooms == ("site:hn",)


def test_waiting_ahead_and_estimate_grow_and_priority_goes_ahead(services, centre):
    first = issue_ticket(services, centre.kiosk, "hn", "a")
    second = issue_ticket(services, centre.kiosk, "hn", "a")
    priority = issue_ticket(services, centre.kiosk, "hn", "a", priority="disabled")
    assert (first.waiting_ahead, second.waiting_ahead, priority.waiting_ahead) == (0, 1, 0)
    assert second.estimated_wait.max_minutes >= 1
    assert lookup_ticket(services, second.lookup_code)["waiting_ahead"] == 2


def test_idempotency_key_returns_the_same_ticket(services, centre):
    one = issue_ticket(services, centre.kiosk, "hn", "a", idempotency_key="touch-1")
    again = issue_ticket(services, centre.kiosk, "hn", "a", idempotency_key="touch-1")
    assert again.ticket.id == one.ticket.id and again.replayed and not one.replayed
    assert count(services, Ticket) == 1


def test_a_retry_gets_its_ticket_even_after_the_sector_closed(services, centre, clock):
    """A kiosk retrying after an outage must get the ticket it was given, not "closed" or "quota reached"."""
    with services.read() as s:
        site_id = s.scalar(select(Ticket.site_id).limit(1)) or 1
    add_sector(services, site_id, "q", "Thuế", daily_quota=1)
    one = issue_ticket(services, centre.kiosk, "hn", "q", idempotency_key="touch-q")
    again = issue_ticket(services, centre.kiosk, "hn", "q", idempotency_key="touch-q")  # the quota is now reached
    assert again.ticket.id == one.ticket.id and again.replayed
    with pytest.raises(Conflict):
        issue_ticket(services, centre.kiosk, "hn", "q", idempotency_key="touch-other")
    assert count(services, Ticket) == 1


def test_quota_and_hours_refuse_with_the_reason_and_change_nothing(services, centre, clock):
    with services.read() as s:
        site_id = s.scalar(select(Ticket.site_id).limit(1)) or 1
    add_sector(services, site_id, "q", "Thuế", daily_quota=2)
    add_sector(services, site_id, "h", "Xây dựng", hours="07:00-11:15, 13:00-16:30")
    issue_ticket(services, centre.kiosk, "hn", "q")
    issue_ticket(services, centre.kiosk, "hn", "q")
    before = (count(services, Ticket), count(services, TicketEvent))
    with pytest.raises(Conflict) as error:
        issue_ticket(services, centre.kiosk, "hn", "q")
    assert error.value.code == "sector_quota_reached"
    clock.set(datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc))  # 12:00 in Hanoi
    with pytest.raises(Conflict) as error:
        issue_ticket(services, centre.kiosk, "hn", "h")
    assert error.value.code == "sector_outside_hours" and "13:00" in error.value.vi
    assert (count(services, Ticket), count(services, TicketEvent)) == before
    with services.read() as s:
        assert s.scalar(select(NumberSequence.last_value).where(NumberSequence.sector_id == 3)) == 2


def test_unknown_names_and_wrong_devices_are_refused(services, centre):
    for site, sector, priority, error_type, code in [
        ("xx", "a", None, NotFound, "unknown_site"), ("hn", "zz", None, NotFound, "unknown_sector"),
        ("hn", "a", "vip", NotFound, "unknown_priority"),
    ]:
        with pytest.raises(error_type) as error:
            issue_ticket(services, centre.kiosk, site, sector, priority)
        assert error.value.code == code
    with pytest.raises(Forbidden):
        issue_ticket(services, centre.keypad1, "hn", "a")  # a keypad is not a kiosk
    with pytest.raises(Forbidden):
        issue_ticket(services, centre.outsider, "hn", "a")  # an officer of another site
    assert count(services, Ticket) == 0
