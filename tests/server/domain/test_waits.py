from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from server.domain.day_end import should_expire
from server.domain.states import Status
from server.domain.waits import WaitRange, estimate_wait, typical_service_seconds


def test_wait_range_examples():
    assert estimate_wait(0, 600, 2) == WaitRange(0, 0)
    # 6 people × 10 min ÷ 2 counters = 30 min → 22–38 min
    assert estimate_wait(6, 600, 2) == WaitRange(22, 38)
    # no counter open: assume one rather than divide by zero
    assert estimate_wait(3, 600, 0) == WaitRange(22, 38)


@given(st.integers(0, 500), st.floats(30, 3600), st.floats(0, 20))
def test_range_is_ordered_and_grows_with_the_queue(ahead, seconds, counters):
    w = estimate_wait(ahead, seconds, counters)
    assert 0 <= w.min_minutes <= w.max_minutes
    bigger = estimate_wait(ahead + 1, seconds, counters)
    assert bigger.max_minutes >= w.max_minutes


def test_service_time_is_learnt_once_there_are_samples():
    assert typical_service_seconds([], 600) == 600
    assert typical_service_seconds([100, 200], 600) == 600
    assert typical_service_seconds([100, 200, 300, 400], 600) == 250


def test_end_of_day_expires_only_open_tickets_of_past_days():
    today, yesterday = date(2026, 11, 24), date(2026, 11, 23)
    assert should_expire(Status.WAITING, yesterday, today)
    assert should_expire(Status.ON_HOLD, yesterday, today)
    assert not should_expire(Status.WAITING, today, today)
    assert not should_expire(Status.DONE, yesterday, today)
    assert not should_expire(Status.NO_SHOW, yesterday, today)
