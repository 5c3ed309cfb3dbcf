"""CPU cost of issuing one ticket, measured in-process through the Flask test client.

The HTTP benchmark's figures move with whatever else the machine is doing; CPU time per
ticket in one process does not (much), so this is the figure to compare before and after a
change to the issue path. ``--profile`` prints where the time goes (pyinstrument).

    python -m bench.issue_cpu --db sqlite --tickets 3000 [--profile]
"""
import argparse
import time
import uuid

from server.app import create_app
from server.config import Config
from server.services.demo import seed_demo
from server.store.migrate import upgrade

from .common import database, report
from .issue import SECTORS


def run_issue_cpu(db: str, tickets: int, profile: bool = False) -> dict:
    with database(db) as url:
        upgrade(url)
        app = create_app(Config(database_url=url, run_scheduler=False, async_mode="threading"))
        credentials = seed_demo(app.extensions["motcua"], "http://127.0.0.1")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {credentials['kiosk_token']}"}

        def issue(n):
            response = client.post("/api/v1/sites/demo/tickets", json={"sector": SECTORS[n % len(SECTORS)]},
                                   headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
            assert response.status_code == 201, response.get_json()

        for n in range(50):  # warm caches and compiled statements
            issue(n)
        profiler = None
        if profile:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0005)
            profiler.start()
        began_cpu, began_wall = time.process_time(), time.perf_counter()
        for n in range(tickets):
            issue(n)
        cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began_wall
        if profiler:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        app.extensions["motcua"].db.dispose()
    return {"db": db, "tickets": tickets, "cpu_ms_per_ticket": round(cpu * 1000 / tickets, 3),
            "wall_ms_per_ticket": round(wall * 1000 / tickets, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    report("issue_cpu", run_issue_cpu(args.db, args.tickets, args.profile))


if __name__ == "__main__":
    main()
