"""Scenario *issue*: N concurrent kiosks issue tickets over HTTP for T seconds.

Prints tickets/s, latency percentiles, errors, and checks that the numbers of each sector are
unique and consecutive. Load comes from separate processes (asyncio kiosks inside each).

    python -m bench.issue --db sqlite --kiosks 32 --seconds 20 [--processes 2] [--async-mode gevent] [--rate 600]
    python -m bench.issue --db postgres --kiosks 32 --sites 8   # the kiosks spread over 8 centres
    python -m bench.issue --other-url http://127.0.0.1:5555 --other-path /serial/1   # the same load on another system
"""
import argparse
import asyncio
import time
import uuid

import requests

from .http_client import HttpConnection
from .common import (Servers, busy_percent, database, latency_summary, machine_cpu, process_stats, report,
                     results_of_processes, spread)

SECTORS = ["dat-dai", "kinh-doanh", "ho-tich", "ldtbxh", "xay-dung", "chung-thuc", "thue"]


def kiosk_worker(out, urls, kiosks, seconds, start_at, rate, target=None):
    """One load process: an asyncio task per kiosk, each on its own keep-alive connection.

    ``kiosks``: one (site code, kiosk token, sector codes) per kiosk.

    Without ``rate`` each kiosk sends its next request as soon as the last one is answered
    (closed loop: the maximum throughput). With ``rate`` (tickets/s for this process) the
    requests leave on a fixed schedule and latency counts from the scheduled moment, so a
    slow server cannot hide its queueing delay by slowing the clients down.
    """
    out.put(asyncio.run(_kiosks(urls, kiosks, seconds, start_at, rate, target)))


async def _kiosks(urls, assignments, seconds, start_at, rate, target):
    results = []
    kiosks = len(assignments)

    async def kiosk(index):
        site, token, sectors = assignments[index]
        connection = HttpConnection(urls[index % len(urls)], {"Authorization": f"Bearer {token}"})
        await asyncio.sleep(max(0.0, start_at - time.time()))
        began_at, end = time.perf_counter(), time.perf_counter() + seconds
        interval = kiosks / rate if rate else 0.0
        n = 0
        while True:
            scheduled = began_at + (n + index / kiosks) * interval if rate else time.perf_counter()
            if scheduled >= end:
                break
            if rate:
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            sector = sectors[(index + n) % len(sectors)] if sectors else None
            n += 1
            try:
                if target:  # another system: its own request, success judged by its own database
                    status, body = await connection.request(target[0], target[1])
                    ok, number = status < 400, None
                else:
                    status, body = await connection.request(
                        "POST", f"/api/v1/sites/{site}/tickets", {"sector": sector},
                        {"Idempotency-Key": uuid.uuid4().hex})
                    ok = status == 201
                    number = body.get("number") if ok else None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok, number = False, None
            results.append((time.perf_counter() - scheduled, ok, (site, sector), number))
        connection.close()

    await asyncio.gather(*(kiosk(i) for i in range(kiosks)))
    return results


def run_issue(db: str, kiosks: int, seconds: float, processes: int = 1, async_mode: str = "eventlet",
              load_processes: int = 2, rate: float | None = None, nginx: bool = False, sites: int = 1) -> dict:
    """``sites`` > 1: the kiosks are spread over that many centres (bench.day_replay's layout) instead of the demo."""
    with database(db) as url, Servers(url, processes, async_mode, nginx=nginx) as servers:
        if sites == 1:
            centres = [("demo", servers.credentials["kiosk_token"], SECTORS)]
        else:
            from .day_replay import SECTORS as REPLAY_SECTORS
            from .day_replay import prepare
            centres = [(p["site"], p["kiosk"], list(REPLAY_SECTORS)) for p in prepare(url, sites)]
        assignments = [centres[i % len(centres)] for i in range(kiosks)]
        start_at = time.time() + 1.5
        before, machine_before = [process_stats(pid) for pid in servers.pids()], machine_cpu()
        results = results_of_processes(kiosk_worker, [
            (servers.client_urls, assignments[i::load_processes], seconds, start_at,
             rate * len(assignments[i::load_processes]) / kiosks if rate else None)
            for i in range(min(load_processes, kiosks))])
        after, machine_after = [process_stats(pid) for pid in servers.pids()], machine_cpu()
        issued = {(site, s["code"]): s["issued_today"] for site, _, _ in centres
                  for s in requests.get(f"{servers.client_urls[0]}/api/v1/sites/{site}/board", timeout=10).json()["sectors"]}
    ok = [r for r in results if r[1]]
    return {"db": db, "processes": processes, "nginx": nginx, "async_mode": async_mode, "kiosks": kiosks,
            "sites": sites, "seconds": seconds, "offered_rate": rate or "as fast as answered",
            "tickets": len(ok), "errors": len(results) - len(ok),
            "tickets_per_s": round(len(ok) / seconds, 1), **latency_summary([r[0] for r in ok]),
            "numbers_unique_and_consecutive": numbers_unique_and_consecutive(ok, issued),
            "server_cpu_s": round(sum(a["cpu_s"] - b["cpu_s"] for a, b in zip(after, before)), 1),
            "server_rss_mb": [a["rss_mb"] for a in after],
            "machine_busy_pct": busy_percent(machine_before, machine_after)}


def numbers_unique_and_consecutive(ok: list[tuple], issued: dict[tuple[str, str], int]) -> bool:
    """Each sector's answered numbers run from its first number (…001) without a gap or a repeat, and the
    server counts exactly as many as were answered."""
    numbers: dict[tuple[str, str], list[int]] = {key: [] for key in issued}
    for _, _, key, number in ok:
        numbers[key].append(int(number))
    for key, got in numbers.items():
        got.sort()
        if len(got) != issued[key] or (got and (got[0] % 1000 != 1 or got != list(range(got[0], got[0] + len(got))))):
            return False
    return True


def run_other(url: str, method: str, path: str, kiosks: int, seconds: float, load_processes: int = 2) -> dict:
    """The same kiosks against another system already running at ``url`` (e.g. FQM's GET /serial/<task>)."""
    start_at = time.time() + 1.5
    results = results_of_processes(kiosk_worker, [([url], [("", "", [])] * n, seconds, start_at, None, (method, path))
                                                  for n in spread(kiosks, load_processes)])
    ok = [r for r in results if r[1]]
    return {"target": url + path, "method": method, "kiosks": kiosks, "seconds": seconds, "answered": len(ok),
            "errors": len(results) - len(ok), "answers_per_s": round(len(ok) / seconds, 1),
            **latency_summary([r[0] for r in ok]),
            "numbers_unique_and_consecutive": "not checked: count the tickets in that system's database"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--kiosks", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--sites", type=int, default=1, help="spread the kiosks over this many centres")
    parser.add_argument("--nginx", action="store_true", help="clients go through deploy/multiprocess/nginx.conf")
    parser.add_argument("--rate", type=float, help="tickets/s in total on a fixed schedule (default: closed loop)")
    parser.add_argument("--load-processes", type=int, default=2)
    parser.add_argument("--other-url", help="instead of starting our server, load another running system")
    parser.add_argument("--other-path", default="/serial/1", help="its ticket-issuing path (FQM: /serial/<task id>)")
    parser.add_argument("--other-method", default="GET")
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    args = parser.parse_args()
    if args.other_url:
        report("issue-other-system", run_other(args.other_url, args.other_method, args.other_path, args.kiosks,
                                                args.seconds, args.load_processes))
        return
    report("issue", run_issue(args.db, args.kiosks, args.seconds, args.processes, args.async_mode,
                                 args.load_processes, args.rate, nginx=args.nginx, sites=args.sites))


if __name__ == "__main__":
    main()
