from datetime import date, datetime, time, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.calendar import day_bounds_utc, parse_hours, service_day
from server.domain.errors import Conflict, InvalidInput
from server.domain.sectors import IssuingRule, NumberPattern, availability


@pytest.mark.parametrize("pattern, sequences, expected", [
    (NumberPattern("", 4, 1001), [1, 2, 5], ["1001", "1002", "1005"]),
    (NumberPattern("A", 3, 1), [1, 12, 999, 1000], ["A001", "A012", "A999", "A1000"]),
    (NumberPattern("HT", 2, 0), [1, 2], ["HT00", "HT01"]),
])
def test_number_patterns(pattern, sequences, expected):
    assert [pattern.format(n) for n in sequences] == expected


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_numbers_strictly_increase_and_never_repeat(a, b):
    pattern = NumberPattern("B", 3, 7)
    if a < b:
        assert int(pattern.format(a)[1:]) < int(pattern.format(b)[1:])
    assert (pattern.format(a) == pattern.format(b)) == (a == b)


@pytest.mark.parametrize("prefix, width, first", [("abc", 3, 1), ("TOOLONG", 3, 1), ("A", 0, 1), ("A", 3, 1000), ("A", 7, 1)])
def test_bad_patterns_are_refused(prefix, width, first):
    with pytest.raises(InvalidInput):
        NumberPattern(prefix, width, first)


def test_service_day_is_the_sites_local_date():
    late_utc = datetime(2026, 11, 23, 17, 30, tzinfo=timezone.utc)  # 00:30 on the 24th in Hanoi
    assert service_day(late_utc, "Asia/Ho_Chi_Minh") == date(2026, 11, 24)
    assert service_day(late_utc, "UTC") == date(2026, 11, 23)
    start, end = day_bounds_utc(date(2026, 11, 24), "Asia/Ho_Chi_Minh")
    assert start == datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc)
    assert end == datetime(2026, 11, 24, 17, 0, tzinfo=timezone.utc)


def test_hours_parse_and_bad_hours_say_how_to_write_them():
    spans = parse_hours("13:00-16:30, 07:00-11:15")
    assert [str(s) for s in spans] == ["07:00-11:15", "13:00-16:30"]
    assert parse_hours("") == ()
    for bad in ("7-11", "11:00-07:00", "07:00-11:00,10:00-12:00", "25:00-26:00"):
        with pytest.raises(InvalidInput) as error:
            parse_hours(bad)
        assert "07:00-11:15" in error.value.vi


def test_availability_reasons():
    rule = IssuingRule(parse_hours("07:00-11:15, 13:00-16:30"), daily_quota=100)
    assert availability(rule, time(8), 10).open
    lunch = availability(rule, time(12), 10)
    assert (lunch.open, lunch.reason, lunch.opens_at) == (False, "outside_hours", time(13))
    assert "13:00" in lunch.vi
    evening = availability(rule, time(17), 10)
    assert evening.reason == "outside_hours" and "hết giờ" in evening.vi
    full = availability(rule, time(8), 100)
    assert full.reason == "quota_reached" and "100" in full.vi
    assert availability(IssuingRule(enabled=False), time(8), 0).reason == "disabled"
    with pytest.raises(Conflict) as error:
        full.raise_if_closed()
    assert error.value.code == "sector_quota_reached"
