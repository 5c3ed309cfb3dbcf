"""CPU cost of a counter's "next" and of a board snapshot, measured in-process (Flask test client).

Like bench.issue_cpu, the figure to compare before and after a change to these paths: CPU time
in one process moves less with the machine's other work than HTTP latency does. The demo centre
gets ``tickets`` tickets first, so the queues and the day's finished services are not empty.

    python -m bench.request_cpu --db sqlite --calls 600 [--profile next|board]
"""
import argparse
import time

from sqlalchemy import event

from server.app import create_app
from server.config import Config
from server.services.demo import seed_demo
from server.store.migrate import upgrade

from .common import database, report
from .issue import SECTORS


def _measure(action, times: int, profile: bool) -> float:
    """CPU milliseconds per call of ``action``."""
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.0005)
        profiler.start()
    began = time.process_time()
    for n in range(times):
        action(n)
    cpu = time.process_time() - began
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return round(cpu * 1000 / times, 3)


def run_request_cpu(db: str, calls: int, tickets: int = 1500, profile: str | None = None) -> dict:
    with database(db) as url:
        upgrade(url)
        app = create_app(Config(database_url=url, run_scheduler=False, async_mode="threading"))
        motcua = app.extensions["motcua"]
        credentials = seed_demo(motcua, "http://127.0.0.1")
        client = app.test_client()
        kiosk = {"Authorization": f"Bearer {credentials['kiosk_token']}"}
        for n in range(tickets):
            client.post("/api/v1/sites/demo/tickets", json={"sector": SECTORS[n % len(SECTORS)]}, headers=kiosk)
        keypads = [(i + 1, {"Authorization": f"Bearer {c['keypad_token']}"}) for i, c in enumerate(credentials["counters"])]

        def call_next(n):
            number, headers = keypads[n % len(keypads)]
            response = client.post(f"/api/v1/sites/demo/counters/{number}/next", headers=headers)
            assert response.status_code == 200, response.get_json()

        def board(_n):
            assert client.get("/api/v1/sites/demo/board").status_code == 200

        for n in range(len(keypads)):  # warm compiled statements; every counter has a current ticket
            call_next(n)
        board(0)
        per_next = _measure(call_next, calls, profile == "next")
        queries = [0]
        count = lambda *_args, **_kw: queries.__setitem__(0, queries[0] + 1)
        event.listen(motcua.db.reader, "before_cursor_execute", count)
        board(0)
        event.remove(motcua.db.reader, "before_cursor_execute", count)
        per_board = _measure(board, calls, profile == "board")
        motcua.db.dispose()
    return {"db": db, "tickets_issued_first": tickets, "calls": calls, "cpu_ms_per_next": per_next,
            "cpu_ms_per_board_snapshot": per_board, "queries_per_board_snapshot": queries[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--profile", choices=["next", "board"])
    args = parser.parse_args()
    report("request_cpu", run_request_cpu(args.db, args.calls, profile=args.profile))


if __name__ == "__main__":
    main()
