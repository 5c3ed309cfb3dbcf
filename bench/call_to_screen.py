"""Scenario *call-to-screen*: D display clients (Socket.IO, websocket) in the site room while counters call.

Prints the latency from the call request to the event's arrival at each client (p50/p99/max) and the
number of events lost (a client that did not receive every call). Clients live in separate processes.

    python -m bench.call_to_screen --db sqlite --displays 200 --calls 40 [--processes 2]
"""
import argparse
import asyncio
import multiprocessing as mp
import time

import requests

from .common import Servers, database, latency_summary, report, spread
from .display_client import open_displays


def display_worker(urls, count, calls, ready, go, done_at, out):
    """``count`` light displays in one process; each records when every ``ticket_called`` arrived."""
    out.put(asyncio.run(_displays(urls, count, calls, ready, go, done_at)))


async def _displays(urls, count, calls, ready, go, done_at):
    arrivals: list[tuple[int, float]] = []
    clients = await open_displays(urls, count, on_event=lambda _name, ticket_id, at: arrivals.append((ticket_id, at)),
                                  watch=("ticket_called",))
    ready.put(len(clients))
    while not go.is_set():
        await asyncio.sleep(0.05)
    while time.time() < done_at.value:
        await asyncio.sleep(0.1)
    deadline = time.time() + 30  # a late event still counts; only one that never comes is lost
    while len(arrivals) < len(clients) * calls and time.time() < deadline:
        await asyncio.sleep(0.1)
    for client in clients:
        client.close()
    return arrivals


def run_call_to_screen(db: str, displays: int, calls: int, processes: int = 1, async_mode: str = "eventlet",
                       client_processes: int = 2, interval: float = 0.25, nginx: bool = False) -> dict:
    with database(db) as url, Servers(url, processes, async_mode, nginx=nginx) as servers:
        creds = servers.credentials
        kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
        for i in range(calls + 1):
            requests.post(servers.client_urls[0] + "/api/v1/sites/demo/tickets", json={"sector": "thue"}, headers=kiosk,
                          timeout=10)
        keypad = {"Authorization": f"Bearer {creds['counters'][7]['keypad_token']}"}
        # One call before the displays connect: a running server has its statements compiled already.
        requests.post(servers.client_urls[0] + "/api/v1/sites/demo/counters/8/next", headers=keypad, timeout=10)
        ready, out, go = mp.Queue(), mp.Queue(), mp.Event()
        done_at = mp.Value("d", time.time() + 3600)
        per = spread(displays, client_processes)
        procs = [mp.Process(target=display_worker, args=(servers.client_urls, n, calls, ready, go, done_at, out)) for n in per]
        for p in procs:
            p.start()
        connected = sum(ready.get(timeout=300) for _ in procs)
        go.set()
        sent: dict[int, float] = {}
        for _ in range(calls):
            began = time.time()
            response = requests.post(servers.client_urls[0] + "/api/v1/sites/demo/counters/8/next", headers=keypad, timeout=10)
            sent[response.json()["id"]] = began
            time.sleep(interval)
        done_at.value = time.time()
        arrivals = [a for _ in procs for a in out.get(timeout=180)]
        for p in procs:
            p.join()
    latencies = [at - sent[ticket] for ticket, at in arrivals if ticket in sent]
    per_call: dict[int, list[float]] = {}
    for ticket, at in arrivals:
        if ticket in sent:
            per_call.setdefault(ticket, []).append(at - sent[ticket])
    first = latency_summary([min(v) for v in per_call.values()])
    last = latency_summary([max(v) for v in per_call.values()])
    expected = connected * calls
    return {"db": db, "processes": processes, "nginx": nginx, "async_mode": async_mode, "displays": connected, "calls": calls,
            "call_interval_s": interval,
            "events_expected": expected, "events_received": len(latencies), "events_lost": expected - len(latencies),
            **latency_summary(latencies), "first_display_p50_ms": first.get("p50_ms"),
            "last_display_p50_ms": last.get("p50_ms"), "last_display_max_ms": last.get("max_ms"),
            "last_display_by_call_ms": [round(max(per_call[t]) * 1000) for t in sorted(per_call, key=sent.get)]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--displays", type=int, default=200)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--nginx", action="store_true", help="clients go through deploy/multiprocess/nginx.conf")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between two calls")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    args = parser.parse_args()
    report("call-to-screen", run_call_to_screen(args.db, args.displays, args.calls, args.processes,
                                                        args.async_mode, args.client_processes, args.interval, nginx=args.nginx))


if __name__ == "__main__":
    main()
