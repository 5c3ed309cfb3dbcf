"""The SQL that picks the next ticket agrees with the plain-Python rule, on both databases."""
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.domain.selection import Assignment, Candidate, Role, choose_next
from server.services.calling import call_next
from server.services.issuing import issue_ticket
from server.store.models import Counter, Sector, Ticket

tickets = st.lists(st.tuples(st.sampled_from("ab"), st.booleans(), st.integers(0, 120)), min_size=1, max_size=12)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=tickets)
def test_database_choice_equals_domain_choice(services, centre, clock, plan):
    start = clock.now()
    with services.write() as uow:  # each example starts from an empty queue
        for ticket in uow.session.scalars(select(Ticket).where(Ticket.status.in_(("waiting", "called")))):
            ticket.status = "cancelled"
        for counter in uow.session.scalars(select(Counter)):
            counter.current_ticket_id = None
    issued = []
    for sector, priority, minute in sorted(plan, key=lambda p: p[2]):
        clock.set(start + timedelta(minutes=minute))
        issued.append(issue_ticket(services, centre.kiosk, "hn", sector, "elderly" if priority else None).ticket)
    clock.set(start + timedelta(hours=3))
    with services.read() as s:
        code = {sec.id: sec.code for sec in s.scalars(select(Sector))}
        rows = s.scalars(select(Ticket).where(Ticket.id.in_([t.id for t in issued]))).all()
    candidates = [Candidate(t.id, code[t.sector_id], t.priority_code is not None, t.issued_at) for t in rows]
    counter1 = [Assignment("a", Role.PRIMARY), Assignment("b", Role.BACKUP)]
    while (expected := choose_next(candidates, counter1)) is not None:
        assert call_next(services, centre.officer, "hn", 1).id == expected.ticket_id
        candidates.remove(expected)
    assert call_next(services, centre.officer, "hn", 1) is None
    clock.set(start)
