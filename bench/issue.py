"""Scenario *issue*: N concurrent kiosks issue tickets over HTTP for T seconds.

Prints tickets/s, latency percentiles, errors, and checks that the numbers of each sector are
unique and consecutive. Load comes from separate processes (threads inside each).

    python -m bench.issue --db sqlite --kiosks 32 --seconds 20 [--processes 2] [--async-mode gevent]
"""
import argparse
import multiprocessing as mp
import time
import uuid

import requests

from .common import Servers, database, latency_summary, process_stats, report

SECTORS = ["dat-dai", "kinh-doanh", "ho-tich", "ldtbxh", "xay-dung", "chung-thuc", "thue"]


def kiosk_worker(urls, token, threads, seconds, start_at, out):
    import threading
    results = []
    lock = threading.Lock()

    def run(index):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        url = urls[index % len(urls)] + "/api/v1/sites/demo/tickets"
        mine = []
        while time.time() < start_at:
            time.sleep(0.001)
        end = start_at + seconds
        n = 0
        while time.time() < end:
            sector = SECTORS[(index + n) % len(SECTORS)]
            n += 1
            began = time.perf_counter()
            try:
                response = session.post(url, json={"sector": sector}, timeout=10,
                                        headers={"Idempotency-Key": uuid.uuid4().hex})
                ok = response.status_code == 201
                number = response.json().get("number") if ok else None
            except requests.RequestException:
                ok, number = False, None
            mine.append((time.perf_counter() - began, ok, sector, number))
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put(results)


def run_issue(db: str, kiosks: int, seconds: float, processes: int = 1, async_mode: str = "eventlet",
              load_processes: int = 4) -> dict:
    with database(db) as url, Servers(url, processes, async_mode) as servers:
        token = servers.credentials["kiosk_token"]
        queue = mp.Queue()
        start_at = time.time() + 1.5
        per = [kiosks // load_processes + (1 if i < kiosks % load_processes else 0) for i in range(load_processes)]
        before = [process_stats(pid) for pid in servers.pids()]
        procs = [mp.Process(target=kiosk_worker, args=(servers.urls, token, n, seconds, start_at, queue))
                 for n in per if n]
        for p in procs:
            p.start()
        results = [r for _ in procs for r in queue.get()]
        for p in procs:
            p.join()
        after = [process_stats(pid) for pid in servers.pids()]
        board = requests.get(servers.urls[0] + "/api/v1/sites/demo/board", timeout=10).json()
    ok = [r for r in results if r[1]]
    numbers_ok = True
    issued_by_sector = {s["code"]: s["issued_today"] for s in board["sectors"]}
    for sector in SECTORS:
        got = sorted(int(r[3]) for r in ok if r[2] == sector)
        first = {"dat-dai": 1001, "kinh-doanh": 2001, "ho-tich": 3001, "ldtbxh": 4001, "xay-dung": 5001,
                 "chung-thuc": 6001, "thue": 7001}[sector]
        if got != list(range(first, first + len(got))) or len(got) != issued_by_sector[sector]:
            numbers_ok = False
    return {"db": db, "processes": processes, "async_mode": async_mode, "kiosks": kiosks, "seconds": seconds,
            "tickets": len(ok), "errors": len(results) - len(ok),
            "tickets_per_s": round(len(ok) / seconds, 1), **latency_summary([r[0] for r in ok]),
            "numbers_unique_and_consecutive": numbers_ok,
            "server_cpu_s": round(sum(a["cpu_s"] - b["cpu_s"] for a, b in zip(after, before)), 1),
            "server_rss_mb": [a["rss_mb"] for a in after]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--kiosks", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    args = parser.parse_args()
    report("issue", run_issue(args.db, args.kiosks, args.seconds, args.processes, args.async_mode))


if __name__ == "__main__":
    main()
