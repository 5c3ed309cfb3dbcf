"""The next-ticket choice, against a brute-force statement of the rule."""
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from server.domain.selection import Assignment, Candidate, Role, choose_next

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
SECTORS = ["a", "b", "c", "d"]


def make(i, sector, priority=False, minutes=0):
    return Candidate(i, sector, priority, T0 + timedelta(minutes=minutes))


def test_priority_then_primary_then_oldest():
    counter = [Assignment("a", Role.PRIMARY), Assignment("b", Role.BACKUP)]
    old_backup = make(1, "b", minutes=0)
    new_primary = make(2, "a", minutes=10)
    priority_backup = make(3, "b", priority=True, minutes=20)
    assert choose_next([old_backup, new_primary], counter) == new_primary
    assert choose_next([old_backup, new_primary, priority_backup], counter) == priority_backup
    assert choose_next([old_backup], counter) == old_backup


def test_a_returned_ticket_keeps_its_issue_time():
    counter = [Assignment("a")]
    later = make(5, "a", minutes=30)
    returned = make(9, "a", minutes=1)  # a higher id, but issued earlier: it goes first
    assert choose_next([later, returned], counter) == returned


def test_sectors_the_counter_does_not_serve_are_never_chosen():
    assert choose_next([make(1, "c", priority=True)], [Assignment("a")]) is None


candidates = st.lists(
    st.builds(Candidate, st.integers(1, 10_000), st.sampled_from(SECTORS), st.booleans(),
              st.integers(0, 600).map(lambda m: T0 + timedelta(minutes=m))),
    max_size=30, unique_by=lambda c: c.ticket_id)
assignments = st.lists(st.builds(Assignment, st.sampled_from(SECTORS), st.sampled_from(list(Role))),
                       min_size=1, max_size=4, unique_by=lambda a: a.sector)


@given(candidates, assignments)
def test_choice_matches_the_rule_stated_plainly(tickets, counter):
    chosen = choose_next(tickets, counter)
    role = {a.sector: a.role for a in counter}
    eligible = [t for t in tickets if t.sector in role]
    if not eligible:
        assert chosen is None
        return
    assert chosen in eligible
    if any(t.priority for t in eligible):
        assert chosen.priority
    same_priority = [t for t in eligible if t.priority == chosen.priority]
    if role[chosen.sector] is Role.BACKUP:
        assert all(role[t.sector] is Role.BACKUP for t in same_priority)
    same_tier = [t for t in same_priority if role[t.sector] is role[chosen.sector]]
    assert chosen.issued_at == min(t.issued_at for t in same_tier)


@given(candidates, assignments)
def test_calling_until_empty_serves_each_eligible_ticket_once(tickets, counter):
    remaining = list(tickets)
    called = []
    while (chosen := choose_next(remaining, counter)) is not None:
        called.append(chosen.ticket_id)
        remaining.remove(chosen)
    served = {a.sector for a in counter}
    assert sorted(called) == sorted(t.ticket_id for t in tickets if t.sector in served)
