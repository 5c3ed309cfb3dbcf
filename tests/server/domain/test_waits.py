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


def test_a_ticket_estimate_is_the_sector_estimate_scaled_to_its_place():
    from server.domain.waits import estimate_for_place
    sector = WaitRange(30, 50)  # 10 people waiting
    assert estimate_for_place(sector, waiting=10, ahead=10) == sector
    assert estimate_for_place(sector, waiting=10, ahead=5) == WaitRange(15, 25)
    assert estimate_for_place(sector, waiting=10, ahead=1) == WaitRange(3, 5)
    assert estimate_for_place(sector, waiting=10, ahead=0) == WaitRange(0, 0)
    assert estimate_for_place(WaitRange(0, 1), waiting=3, ahead=1) == WaitRange(0, 1)  # never "0 to 0" with people ahead


@given(st.integers(1, 500), st.integers(0, 500), st.integers(0, 600), st.integers(1, 900))
def test_a_place_further_back_never_waits_less(waiting, ahead, low, spread):
    from server.domain.waits import estimate_for_place
    ahead = min(ahead, waiting)
    sector = WaitRange(low, low + spread)
    mine = estimate_for_place(sector, waiting, ahead)
    assert mine.min_minutes <= mine.max_minutes or ahead == 0
    if ahead < waiting:
        further = estimate_for_place(sector, waiting, ahead + 1)
        assert further.min_minutes >= mine.min_minutes and further.max_minutes >= mine.max_minutes
