"""Report figures equal those computed independently from a seeded simulation's own records."""
import csv
import io
import math
from datetime import date
from statistics import mean, median

import pytest
from openpyxl import load_workbook

from server.domain.reports import percentile
from server.services.auth import authenticate, create_user, login
from server.services.publisher import RecordingPublisher
from server.services.reports import build_report, report_csv, report_xlsx
from server.services.uow import Services
from server.store.db import open_database
from tests.server.reports.simulation import run


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    from tests.support.databases import new_sqlite_url
    from tests.support.fakes import FakeClock
    clock = FakeClock()
    services = Services(open_database(new_sqlite_url(tmp_path_factory.mktemp("sim"))), clock, RecordingPublisher())
    sim = run(services, clock)
    create_user(services, "boss", "matkhau-boss", "Lãnh đạo", "supervisor", ["sim"])
    boss = authenticate(services, login(services, "boss", "matkhau-boss")[0])
    yield services, sim, boss
    services.db.dispose()


def expected(records, target=20):
    waits = [(r.called - r.issued).total_seconds() / 60 for r in records if r.called]
    services = [(r.finished - r.started).total_seconds() / 60 for r in records if r.outcome == "done"]
    scores = [r.score for r in records if r.score]
    r2 = lambda v: None if v is None else round(v, 2)
    return {
        "issued": len(records), "served": sum(r.outcome == "done" for r in records),
        "no_show": sum(r.outcome == "no_show" for r in records),
        "cancelled": sum(r.outcome == "cancelled" for r in records),
        "expired": sum(r.outcome == "expired" for r in records),
        "wait_avg": r2(mean(waits)) if waits else None, "wait_median": r2(median(waits)) if waits else None,
        "wait_p90": r2(sorted(waits)[math.ceil(0.9 * len(waits)) - 1]) if waits else None,
        "service_avg": r2(mean(services)) if services else None,
        "service_median": r2(median(services)) if services else None,
        "within_target": r2(100 * sum(w <= target for w in waits) / len(waits)) if waits else None,
        "ratings": len(scores), "rating_1": scores.count(1), "rating_2": scores.count(2), "rating_3": scores.count(3),
        "satisfaction_rate": r2(100 * sum(s >= 2 for s in scores) / len(scores)) if scores else None,
    }


def test_the_simulation_is_a_real_day(simulated):
    _, sim, _ = simulated
    outcomes = {r.outcome for r in sim.records.values()}
    assert len(sim.records) > 100 and {"done", "no_show", "cancelled", "expired"} <= outcomes


def test_report_by_sector_and_total_equal_the_simulations_records(simulated):
    services, sim, boss = simulated
    report = build_report(services, boss, "sim", date(2026, 11, 23), date(2026, 11, 23), "sector")
    by_sector = {row["key"]: row for row in report["rows"]}
    for sector in ("land", "civil", "tax"):
        records = [r for r in sim.records.values() if r.sector == sector]
        assert {k: by_sector[sector][k] for k in expected(records)} == expected(records), sector
    assert {k: report["total"][k] for k in expected(list(sim.records.values()))} == expected(list(sim.records.values()))


def test_report_by_counter_and_hour_add_up(simulated):
    services, sim, boss = simulated
    by_counter = build_report(services, boss, "sim", date(2026, 11, 23), date(2026, 11, 23), "counter")
    for number in (1, 2, 3, 4):
        records = [r for r in sim.records.values() if r.counter == number]
        row = next(r for r in by_counter["rows"] if r["key"] == f"Quầy {number}")
        assert (row["served"], row["ratings"]) == (sum(r.outcome == "done" for r in records),
                                                   sum(1 for r in records if r.score))
    by_hour = build_report(services, boss, "sim", date(2026, 11, 23), date(2026, 11, 23), "hour")
    arrivals = {}
    for r in sim.records.values():
        key = f"{(r.issued.hour + 7) % 24:02d}:00"
        arrivals[key] = arrivals.get(key, 0) + 1
    assert {row["key"]: row["issued"] for row in by_hour["rows"]} == arrivals


def test_csv_and_xlsx_carry_the_same_figures(simulated):
    services, _, boss = simulated
    report = build_report(services, boss, "sim", date(2026, 11, 23), date(2026, 11, 23), "sector")
    rows = list(csv.reader(io.StringIO(report_csv(report).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active
    xlsx = [list(row) for row in sheet.iter_rows(values_only=True)]

    def value(cell):
        if cell in (None, ""):
            return None
        try:
            return float(cell)
        except (TypeError, ValueError):
            return cell

    assert rows[0][:3] == ["Nhóm", "Đã cấp", "Đã phục vụ"]
    assert [[value(c) for c in row] for row in rows] == [[value(c) for c in row] for row in xlsx]
    total = rows[-1]
    assert total[0] == "Tổng" and int(total[1]) == report["total"]["issued"]


def test_percentile_is_nearest_rank():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert percentile([5], 90) == 5 and percentile([], 90) is None
