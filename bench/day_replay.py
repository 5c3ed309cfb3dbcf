"""Scenario *day replay*: a seeded working day of many centres played through the real API, sped up.

Arrivals peak before 9:00 and at 13:30; each sector has its own service time; some citizens do not
come (no-show) and some are sent to another sector (transfer). Every site runs in its own thread of one of
several load processes. At the end, the end of day runs and the script checks that every ticket ends in a
final state, none lost or duplicated, and reports server CPU and memory. One light display per site watches
its room, so the call → screen latency is measured over the day and during the two crowds.

    python -m bench.day_replay --db postgres --processes 2 --sites 40 --tickets 4000 --speedup 600
"""
import argparse
import asyncio
import math
import queue
import multiprocessing as mp
import random
import threading
import time
import uuid

import requests

from server.services.auth import authenticate, create_device, create_user, login
from server.services.counters import change_counter_state
from server.services.setup import add_counter, add_sector, create_site
from server.services.uow import Services
from server.store.db import open_database

from .common import Servers, database, latency_summary, process_stats, report
from .display_client import open_displays

SECTORS = {"dat-dai": (0.35, 14), "ho-tich": (0.25, 6), "kinh-doanh": (0.2, 10), "chung-thuc": (0.2, 4)}
COUNTERS = [("dat-dai", "ho-tich"), ("dat-dai", "kinh-doanh"), ("ho-tich", "chung-thuc"), ("kinh-doanh", "chung-thuc")]
DAY_START, DAY_END = 7.5, 16.5  # hours


def arrival_weight(hour: float) -> float:
    """A crowd before 9:00 and another after 13:30, quiet at lunch."""
    if 11.5 <= hour < 13.0:
        return 0.05
    return 0.3 + 2.0 * math.exp(-((hour - 8.2) ** 2) / 0.5) + 1.2 * math.exp(-((hour - 13.6) ** 2) / 0.4)


def prepare(url: str, sites: int) -> list[dict]:
    """Create the sites, sectors, counters, staffed officers and device tokens directly in the database."""
    services = Services(open_database(url))
    plan = []
    for n in range(sites):
        code = f"site{n:03d}"
        site_id = create_site(services, code, f"Trung tâm {n}")
        for position, sector in enumerate(SECTORS):
            add_sector(services, site_id, sector, sector, width=4, first_number=1001 + 1000 * position,
                       position=position)
        counters = []
        for number, (primary, backup) in enumerate(COUNTERS, start=1):
            counter_id = add_counter(services, site_id, number, f"Quầy {number}", [(primary, "primary"), (backup, "backup")])
            username = f"{code}-o{number}"
            create_user(services, username, "matkhau-bench", username, "officer", [code])
            officer = authenticate(services, login(services, username, "matkhau-bench")[0])
            change_counter_state(services, officer, code, number, "open")
            counters.append({"number": number, "token": create_device(services, site_id, "keypad", "k", counter_id)})
        plan.append({"site": code, "kiosk": create_device(services, site_id, "kiosk", "kiosk"), "counters": counters})
    services.db.dispose()
    return plan


def play_site(url, site, tickets, speedup, seed, results):
    """One centre's day: issue on schedule, counters call/serve/no-show/transfer until the day ends."""
    rng = random.Random(seed)
    http = requests.Session()
    day_seconds = (DAY_END - DAY_START) * 3600 / speedup
    hours = [DAY_START + i / 60 for i in range(int((DAY_END - DAY_START) * 60))]
    weights = [arrival_weight(h) for h in hours]
    arrivals = sorted(rng.choices(hours, weights=weights, k=tickets))
    start = time.time()
    at = lambda hour: start + (hour - DAY_START) * 3600 / speedup
    busy = {c["number"]: 0.0 for c in site["counters"]}
    issued, errors, calls = [], 0, []
    while time.time() < start + day_seconds:
        now = time.time()
        while arrivals and at(arrivals[0]) <= now:
            arrivals.pop(0)
            sector = rng.choices(list(SECTORS), weights=[w for w, _ in SECTORS.values()])[0]
            r = http.post(f"{url}/api/v1/sites/{site['site']}/tickets", json={"sector": sector}, timeout=30,
                          headers={"Authorization": f"Bearer {site['kiosk']}", "Idempotency-Key": uuid.uuid4().hex})
            if r.status_code == 201:
                issued.append(r.json()["id"])
            else:
                errors += 1
        for counter in site["counters"]:
            if busy[counter["number"]] > now:
                continue
            headers = {"Authorization": f"Bearer {counter['token']}"}
            base = f"{url}/api/v1/sites/{site['site']}/counters/{counter['number']}"
            sent = time.time()
            r = http.post(f"{base}/next", headers=headers, timeout=30)
            if r.status_code == 204:  # nobody waits: look again in a (simulated) minute, at most every 5 s
                busy[counter["number"]] = now + max(60 / speedup, 5.0)
                continue
            if r.status_code != 200:
                errors += 1
                continue
            ticket = r.json()
            calls.append((ticket["id"], sent, DAY_START + (sent - start) * speedup / 3600))
            fate = rng.random()
            if fate < 0.05:
                http.post(f"{base}/no-show", headers=headers, json={"ticket_id": ticket["id"]}, timeout=30)
                busy[counter["number"]] = now + 120 / speedup
            elif fate < 0.08:
                target = rng.choice([s for s in SECTORS if s != ticket["sector"]])
                http.post(f"{base}/transfer", headers=headers, json={"ticket_id": ticket["id"], "sector": target},
                          timeout=30)
                busy[counter["number"]] = now + 60 / speedup
            else:
                minutes = max(1.0, rng.gauss(SECTORS[ticket["sector"]][1], 3))
                busy[counter["number"]] = now + minutes * 60 / speedup
        time.sleep(0.01)
    results.put({"site": site["site"], "issued": issued, "errors": errors, "calls": calls})


def watch_boards(urls, sites, stop_at, out):
    """One light display per site in its room: when did each ``ticket_called`` reach a screen."""
    out.put(asyncio.run(_watch(urls, sites, stop_at, out)))


async def _watch(urls, sites, stop_at, out):
    first_seen: dict[int, float] = {}
    record = lambda _name, ticket_id, at: first_seen.setdefault(ticket_id, at)
    clients = []
    for i, site in enumerate(sites):
        clients += await open_displays([urls[i % len(urls)]], 1, site=site, on_event=record, watch=("ticket_called",))
    out.put(len(clients))  # ready: the day may start
    while time.time() < stop_at.value:
        await asyncio.sleep(0.2)
    await asyncio.sleep(5)  # late events still count
    for client in clients:
        client.close()
    return len(clients), first_seen


def call_latency(results: list[dict], seen: dict[int, float]) -> dict:
    """Call request → event on the site's screen, over the day and during the two crowds."""
    def summary(calls):
        latencies = [seen[t] - sent for t, sent, _ in calls if t in seen]
        figures = latency_summary(latencies)
        return {"calls": len(calls), "missed": len(calls) - len(latencies), "p50_ms": figures.get("p50_ms"),
                "p99_ms": figures.get("p99_ms"), "max_ms": figures.get("max_ms")}
    calls = [c for r in results for c in r["calls"]]
    peak = [c for c in calls if 8.0 <= c[2] < 9.0 or 13.3 <= c[2] < 14.0]
    return {"call_to_screen_day": summary(calls), "call_to_screen_peak": summary(peak)}


def load_process(url, sites, tickets, speedup, seed, out):
    results = queue.Queue()
    threads = [threading.Thread(target=play_site, args=(url, s, tickets, speedup, seed + i, results))
               for i, s in enumerate(sites)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put([results.get() for _ in sites])


def run_day_replay(db: str, sites: int, tickets: int, speedup: float, processes: int = 1,
                   load_processes: int = 4, seed: int = 2026, nginx: bool = False) -> dict:
    with database(db) as url:
        from server.store.migrate import upgrade
        upgrade(url)
        plan = prepare(url, sites)
        with Servers(url, processes, nginx=nginx) as servers:
            before = [process_stats(pid) for pid in servers.pids()]
            out = mp.Queue()
            per_site = tickets // sites
            chunks = [plan[i::load_processes] for i in range(load_processes)]
            procs = [mp.Process(target=load_process, args=(servers.client_urls[i % len(servers.client_urls)], chunk, per_site,
                                                           speedup, seed + 1000 * i, out))
                     for i, chunk in enumerate(chunks) if chunk]
            stop_at, boards = mp.Value("d", time.time() + 10 ** 6), mp.Queue()
            watcher = mp.Process(target=watch_boards, args=(servers.client_urls, [s["site"] for s in plan], stop_at, boards))
            watcher.start()
            boards.get(timeout=300)
            began = time.time()
            for p in procs:
                p.start()
            peak_rss = 0.0
            while any(p.is_alive() for p in procs) and out.qsize() < len(procs):
                peak_rss = max(peak_rss, sum(process_stats(pid)["rss_mb"] for pid in servers.pids()))
                time.sleep(1)
            results = [r for _ in procs for r in out.get(timeout=600)]
            for p in procs:
                p.join()
            elapsed = time.time() - began
            stop_at.value = time.time()
            screens, seen = boards.get(timeout=120)
            watcher.join()
            after = [process_stats(pid) for pid in servers.pids()]
        check = final_check(url, plan, results)
    return {"db": db, "processes": processes, "nginx": nginx, "sites": sites, "tickets_planned": per_site * sites,
            "tickets_issued": sum(len(r["issued"]) for r in results), "client_errors": sum(r["errors"] for r in results),
            "calls": sum(len(r["calls"]) for r in results), "speedup": speedup, "elapsed_s": round(elapsed, 1),
            "screens_watching": screens, **call_latency(results, seen),
            **check, "server_cpu_s": round(sum(a["cpu_s"] - b["cpu_s"] for a, b in zip(after, before)), 1),
            "server_peak_rss_mb_total": peak_rss}


def final_check(url: str, plan: list[dict], results: list[dict]) -> dict:
    """Run the end of day for every site as of tomorrow, then check every ticket against the clients' records."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from server.services.clock import SystemClock
    from server.services.day_end import end_of_day
    from server.store.models import Ticket

    class Tomorrow(SystemClock):
        def now(self):
            return super().now() + timedelta(days=1)

    services = Services(open_database(url), Tomorrow())
    end_of_day(services)
    with services.read() as s:
        rows = s.execute(select(Ticket.id, Ticket.status, Ticket.site_id, Ticket.origin_sector_id, Ticket.number)).all()
        duplicates = s.execute(select(func.count()).select_from(
            select(Ticket.site_id, Ticket.origin_sector_id, Ticket.number).group_by(
                Ticket.site_id, Ticket.origin_sector_id, Ticket.number).having(func.count() > 1).subquery())).scalar()
    services.db.dispose()
    issued = {i for r in results for i in r["issued"]}
    in_db = {row.id for row in rows}
    final = {"done", "no_show", "cancelled", "expired"}
    statuses = {}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    return {"tickets_in_database": len(rows), "lost": len(issued - in_db), "unexpected": len(in_db - issued),
            "duplicate_numbers": duplicates, "not_final": sum(1 for row in rows if row.status not in final),
            "statuses": statuses}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--nginx", action="store_true", help="clients go through deploy/multiprocess/nginx.conf")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--speedup", type=float, default=600)
    args = parser.parse_args()
    report("day-replay", run_day_replay(args.db, args.sites, args.tickets, args.speedup, args.processes, nginx=args.nginx))


if __name__ == "__main__":
    main()
