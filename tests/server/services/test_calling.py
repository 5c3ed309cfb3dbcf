"""Counters calling and acting on tickets, through the services, on SQLite and PostgreSQL."""
import pytest
from sqlalchemy import select

from server.domain.errors import Conflict, Forbidden
from server.domain.states import Action
from server.services.calling import call_next, counter_action
from server.services.counters import change_counter_state
from server.services.issuing import issue_ticket
from server.services.tickets import act_on_ticket
from server.store.models import CounterShift, Ticket, TicketEvent


def issue(services, centre, sector, **kw):
    return issue_ticket(services, centre.kiosk, "hn", sector, **kw).ticket


def events_of(services, ticket_id):
    with services.read() as s:
        return [(e.action, e.from_status, e.to_status, e.counter_id, e.officer_id, e.device_id)
                for e in s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                   .order_by(TicketEvent.id))]


def test_full_life_of_a_ticket_is_recorded_event_by_event(services, centre, clock):
    t = issue(services, centre, "a")
    called = call_next(services, centre.officer, "hn", 1)
    clock.advance(seconds=30)
    counter_action(services, centre.officer, "hn", 1, Action.RECALL)
    counter_action(services, centre.officer, "hn", 1, Action.START)
    clock.advance(minutes=7)
    done = counter_action(services, centre.officer, "hn", 1, Action.FINISH)
    assert (called.id, called.status, called.counter) == (t.id, "called", 1)
    assert done.status == "done"
    officer = centre.officer.id
    assert [e[:3] for e in events_of(services, t.id)] == [
        ("issue", None, "waiting"), ("call", "waiting", "called"), ("recall", "called", "called"),
        ("start", "called", "serving"), ("finish", "serving", "done")]
    assert {e[4] for e in events_of(services, t.id)[1:]} == {officer}
    with services.read() as s:
        ticket = s.get(Ticket, t.id)
        assert (ticket.finished_at - ticket.started_at).total_seconds() == 420
    names = [e.name for e in services.publisher.events]
    assert names.count("ticket_called") == 2  # call and recall: the board announces both
    seqs = [e.payload["seq"] for e in services.publisher.events]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def test_next_prefers_priority_then_primary_then_oldest(services, centre, clock):
    backup_old = issue(services, centre, "b")
    clock.advance(minutes=1)
    primary = issue(services, centre, "a")
    clock.advance(minutes=1)
    priority_backup = issue(services, centre, "b", priority="elderly")
    order = [call_next(services, centre.officer, "hn", 1).id for _ in range(3)]
    assert order == [priority_backup.id, primary.id, backup_old.id]
    assert call_next(services, centre.officer, "hn", 1) is None  # pressing next finished the last one


def test_next_finishes_the_current_ticket_first(services, centre):
    first, second = issue(services, centre, "a"), issue(services, centre, "a")
    call_next(services, centre.officer, "hn", 1)
    call_next(services, centre.officer, "hn", 1)
    with services.read() as s:
        assert s.get(Ticket, first.id).status == "done"
        assert s.get(Ticket, second.id).status == "called"


def test_transfer_keeps_number_and_place_in_the_new_queue(services, centre, clock):
    moved = issue(services, centre, "a")
    clock.advance(minutes=5)
    later_b = issue(services, centre, "b")
    call_next(services, centre.officer, "hn", 1)
    result = counter_action(services, centre.officer, "hn", 1, Action.TRANSFER, to_sector="b")
    assert (result.number, result.sector, result.status) == ("A001", "b", "transferred")
    # counter 2 serves only b: the transferred ticket, issued earlier, comes first
    assert call_next(services, centre.officer2, "hn", 2).id == moved.id
    assert call_next(services, centre.officer2, "hn", 2).id == later_b.id
    issue(services, centre, "a")
    call_next(services, centre.officer, "hn", 1)
    with pytest.raises(Conflict) as error:
        counter_action(services, centre.officer, "hn", 1, Action.TRANSFER, to_sector="a")
    assert error.value.code == "same_sector"


def test_hold_and_return_put_the_ticket_back_at_the_head(services, centre, clock):
    held = issue(services, centre, "a")
    clock.advance(minutes=1)
    other = issue(services, centre, "a")
    call_next(services, centre.officer, "hn", 1)
    counter_action(services, centre.officer, "hn", 1, Action.HOLD)
    assert call_next(services, centre.officer, "hn", 1).id == other.id
    act_on_ticket(services, centre.officer, "hn", held.id, Action.RETURN)
    assert call_next(services, centre.officer, "hn", 1).id == held.id


def test_no_show_after_recall_limit_and_reinstate(services, centre):
    t = issue(services, centre, "a")
    call_next(services, centre.officer, "hn", 1)
    counter_action(services, centre.officer, "hn", 1, Action.RECALL)
    counter_action(services, centre.officer, "hn", 1, Action.RECALL)
    with pytest.raises(Conflict) as error:
        counter_action(services, centre.officer, "hn", 1, Action.RECALL)  # the site's limit is 2
    assert error.value.code == "recall_limit_reached"
    counter_action(services, centre.officer, "hn", 1, Action.NO_SHOW)
    with pytest.raises(Conflict):
        act_on_ticket(services, centre.officer, "hn", t.id, Action.RETURN)  # not on hold
    act_on_ticket(services, centre.officer, "hn", t.id, Action.REINSTATE)
    again = call_next(services, centre.officer, "hn", 1)
    assert (again.id, again.recalls) == (t.id, 0)


def test_illegal_moves_and_stale_pages_change_nothing(services, centre):
    t = issue(services, centre, "a")
    with pytest.raises(Conflict) as error:
        counter_action(services, centre.officer, "hn", 1, Action.FINISH)
    assert error.value.code == "no_current_ticket"
    call_next(services, centre.officer, "hn", 1)
    counter_action(services, centre.officer, "hn", 1, Action.START)
    with pytest.raises(Conflict) as error:
        counter_action(services, centre.officer, "hn", 1, Action.RECALL)  # serving cannot be recalled
    assert error.value.code == "illegal_transition"
    with pytest.raises(Conflict) as error:
        counter_action(services, centre.officer, "hn", 1, Action.FINISH, expected_ticket_id=t.id + 99)
    assert error.value.code == "stale_ticket"
    assert [e[0] for e in events_of(services, t.id)] == ["issue", "call", "start"]


def test_keypads_act_for_the_officer_staffing_their_counter_only(services, centre):
    issue(services, centre, "a")
    with pytest.raises(Conflict) as error:
        call_next(services, centre.keypad1, "hn", 1)  # nobody signed in at counter 1 yet
    assert error.value.code == "counter_closed"
    change_counter_state(services, centre.officer, "hn", 1, "open")
    called = call_next(services, centre.keypad1, "hn", 1)
    assert events_of(services, called.id)[-1][4:] == (centre.officer.id, centre.keypad1.id)
    with pytest.raises(Forbidden) as error:
        call_next(services, centre.keypad2, "hn", 1)  # counter 2's keypad on counter 1
    assert error.value.code == "wrong_counter"
    with pytest.raises(Forbidden):
        call_next(services, centre.outsider, "hn", 1)


def test_staffing_one_officer_one_counter_and_shifts_recorded(services, centre, clock):
    change_counter_state(services, centre.officer, "hn", 1, "open")
    with pytest.raises(Conflict) as error:
        change_counter_state(services, centre.officer, "hn", 2, "open")
    assert error.value.code == "already_at_counter"
    with pytest.raises(Conflict) as error:
        call_next(services, centre.officer2, "hn", 1)
    assert error.value.code == "counter_taken"
    change_counter_state(services, centre.officer, "hn", 1, "paused")
    clock.advance(hours=1)
    change_counter_state(services, centre.officer, "hn", 1, "closed")
    with services.read() as s:
        [shift] = s.scalars(select(CounterShift)).all()
    assert (shift.officer_id, (shift.ended_at - shift.started_at).total_seconds()) == (centre.officer.id, 3600)


def test_closing_with_a_ticket_at_the_counter_is_refused(services, centre):
    issue(services, centre, "a")
    call_next(services, centre.officer, "hn", 1)
    with pytest.raises(Conflict) as error:
        change_counter_state(services, centre.officer, "hn", 1, "closed")
    assert error.value.code == "counter_busy"
