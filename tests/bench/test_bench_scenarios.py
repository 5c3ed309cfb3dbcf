"""Small runs of the benchmark scenarios: they work and their correctness checks hold (no timing asserted)."""
from bench.call_to_screen import run_call_to_screen
from bench.issue import numbers_unique_and_consecutive, run_issue


def test_issue_scenario_numbers_are_unique_and_consecutive():
    figures = run_issue("sqlite", kiosks=4, seconds=2, load_processes=2)
    assert figures["tickets"] > 0 and figures["errors"] == 0
    assert figures["numbers_unique_and_consecutive"] is True


def test_issue_scenario_over_several_centres():
    figures = run_issue("sqlite", kiosks=4, seconds=2, load_processes=1, sites=2)
    assert figures["sites"] == 2 and figures["tickets"] > 0 and figures["errors"] == 0
    assert figures["numbers_unique_and_consecutive"] is True


def test_the_numbers_check_catches_a_repeat_a_gap_and_a_miscount():
    answered = lambda *numbers: [(0.01, True, ("demo", "thue"), n) for n in numbers]
    assert numbers_unique_and_consecutive(answered("7001", "7002", "7003"), {("demo", "thue"): 3})
    assert not numbers_unique_and_consecutive(answered("7001", "7002", "7002"), {("demo", "thue"): 3})
    assert not numbers_unique_and_consecutive(answered("7001", "7003"), {("demo", "thue"): 2})
    assert not numbers_unique_and_consecutive(answered("7001", "7002"), {("demo", "thue"): 3})
    assert not numbers_unique_and_consecutive(answered("7002", "7003"), {("demo", "thue"): 2})


def test_call_to_screen_scenario_loses_no_event():
    figures = run_call_to_screen("sqlite", displays=6, calls=3, client_processes=2)
    assert figures["displays"] == 6
    assert figures["events_received"] == 18 and figures["events_lost"] == 0


def test_call_to_screen_by_polling_sees_every_call():
    figures = run_call_to_screen("sqlite", displays=4, calls=3, client_processes=1, interval=0.2, poll=0.5)
    assert figures["displays"] == "4 polling every 0.5 s" and figures["snapshot_requests_per_s"] > 0
    assert figures["events_received"] == 12 and figures["events_lost"] == 0


def test_connections_scenario_holds_its_clients():
    from bench.connections import run_connections
    figures = run_connections("sqlite", connections=10, hold=1, client_processes=2)
    assert figures["opened"] == 10 and figures["still_connected_after_hold"] == 10


def test_day_replay_ends_with_every_ticket_final_and_none_lost():
    from bench.day_replay import run_day_replay
    figures = run_day_replay("sqlite", sites=2, tickets=40, speedup=3000, load_processes=1)
    assert figures["tickets_issued"] > 0 and figures["client_errors"] == 0
    assert figures["lost"] == 0 and figures["unexpected"] == 0
    assert figures["duplicate_numbers"] == 0 and figures["not_final"] == 0
    assert figures["screens_watching"] == 2 and figures["call_to_screen_day"]["missed"] == 0


def test_two_processes_behind_the_shipped_nginx_config_lose_nothing(redis_url):
    """deploy/multiprocess/nginx.conf in front of two processes sharing Redis: tickets and events all arrive."""
    from bench.nginx import nginx_binary
    from tests.conftest import skip_or_fail
    if nginx_binary() is None:
        skip_or_fail("nginx is not installed (deploy/install-system-deps.sh installs it)")
    issued = run_issue("sqlite", kiosks=4, seconds=2, processes=2, load_processes=1, nginx=True)
    assert issued["tickets"] > 0 and issued["errors"] == 0 and issued["numbers_unique_and_consecutive"] is True
    called = run_call_to_screen("sqlite", displays=16, calls=3, processes=2, client_processes=1, nginx=True)
    assert called["displays"] == 16 and called["events_lost"] == 0


def test_the_same_kiosks_can_load_another_running_system():
    """--other-url: the comparison mode sends the same load to a system we did not start (here: our /healthz)."""
    from bench.common import Servers, database
    from bench.issue import run_other
    with database("sqlite") as url, Servers(url) as servers:
        figures = run_other(servers.urls[0], "GET", "/healthz", kiosks=4, seconds=1, load_processes=1)
    assert figures["answered"] > 0 and figures["errors"] == 0


def test_request_cpu_scenario_measures_next_and_board():
    from bench.request_cpu import run_request_cpu
    figures = run_request_cpu("sqlite", calls=10, tickets=200)
    assert figures["cpu_ms_per_next"] > 0 and figures["cpu_ms_per_board_snapshot"] > 0
    assert 0 < figures["queries_per_board_snapshot"] < 20  # a fixed number, not one or two per sector
