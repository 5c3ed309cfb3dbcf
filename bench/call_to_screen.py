"""Scenario *call-to-screen*: D display clients (Socket.IO, websocket) in the site room while counters call.

Prints the latency from the call request to the event's arrival at each client (p50/p99/max) and the
number of events lost (a client that did not receive every call). Clients live in separate processes.

With ``--poll S`` the displays instead fetch the board snapshot every S seconds (each at its own
phase), as a polling display system does; a call "arrives" with the first answer that lists it.
The same server and calls, so the two designs can be compared on one machine.

    python -m bench.call_to_screen --db sqlite --displays 200 --calls 40 [--processes 2] [--poll 2]
"""
import argparse
import asyncio
import multiprocessing as mp
import random
import time

import requests

from .common import Servers, database, latency_summary, process_stats, report, spread
from .display_client import open_displays
from .http_client import HttpConnection


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


def poll_worker(urls, count, calls, ready, go, done_at, out, every):
    """``count`` polling displays in one process; each records when a call first showed in its snapshot."""
    out.put(asyncio.run(_pollers(urls, count, ready, go, done_at, every)))


async def _pollers(urls, count, ready, go, done_at, every):
    arrivals: list[tuple[int, float]] = []
    requests_made = [0]

    async def poller(i: int) -> None:
        connection, seen = HttpConnection(urls[i % len(urls)]), set()
        while not go.is_set():
            await asyncio.sleep(0.05)
        await asyncio.sleep(random.uniform(0, every))  # screens switched on at different moments
        next_poll = time.time()
        while time.time() < done_at.value + every + 1:  # one more full period after the last call
            status, board = await connection.request("GET", "/api/v1/sites/demo/board")
            arrived = time.time()
            requests_made[0] += 1
            for call in (board or {}).get("recent_calls", []) if status == 200 else []:
                if call["ticket_id"] not in seen:
                    seen.add(call["ticket_id"])
                    arrivals.append((call["ticket_id"], arrived))
            next_poll += every
            await asyncio.sleep(max(0.0, next_poll - time.time()))
        connection.close()

    ready.put(count)
    await asyncio.gather(*(poller(i) for i in range(count)))
    return [("requests", requests_made[0])] + arrivals


def run_call_to_screen(db: str, displays: int, calls: int, processes: int = 1, async_mode: str = "eventlet",
                       client_processes: int = 2, interval: float = 0.25, nginx: bool = False,
                       poll: float | None = None) -> dict:
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
        worker, extra = (display_worker, ()) if poll is None else (poll_worker, (poll,))
        procs = [mp.Process(target=worker, args=(servers.client_urls, n, calls, ready, go, done_at, out, *extra))
                 for n in per]
        for p in procs:
            p.start()
        connected = sum(ready.get(timeout=300) for _ in procs)
        cpu_before, started = sum(process_stats(pid)["cpu_s"] for pid in servers.pids()), time.time()
        go.set()
        sent: dict[int, float] = {}
        for _ in range(calls):
            began = time.time()
            response = requests.post(servers.client_urls[0] + "/api/v1/sites/demo/counters/8/next", headers=keypad, timeout=10)
            sent[response.json()["id"]] = began
            time.sleep(interval)
        done_at.value = time.time()
        arrivals = [a for _ in procs for a in out.get(timeout=180)]
        cpu_used = sum(process_stats(pid)["cpu_s"] for pid in servers.pids()) - cpu_before
        elapsed = time.time() - started
        for p in procs:
            p.join()
    polls = sum(n for name, n in arrivals if name == "requests")
    arrivals = [a for a in arrivals if a[0] != "requests"]
    latencies = [at - sent[ticket] for ticket, at in arrivals if ticket in sent]
    per_call: dict[int, list[float]] = {}
    for ticket, at in arrivals:
        if ticket in sent:
            per_call.setdefault(ticket, []).append(at - sent[ticket])
    first = latency_summary([min(v) for v in per_call.values()])
    last = latency_summary([max(v) for v in per_call.values()])
    expected = connected * calls
    return {"db": db, "processes": processes, "nginx": nginx, "async_mode": async_mode,
            "displays": f"{connected} polling every {poll} s" if poll else connected, "calls": calls,
            "call_interval_s": interval, "server_cpu_percent": round(100 * cpu_used / elapsed, 1),
            **({"snapshot_requests_per_s": round(polls / elapsed, 1)} if poll else {}),
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
    parser.add_argument("--poll", type=float, metavar="S",
                        help="displays poll the board snapshot every S seconds instead of listening (the board keeps "
                             "8 recent calls: keep --interval above S/8)")
    args = parser.parse_args()
    report("call-to-screen", run_call_to_screen(args.db, args.displays, args.calls, args.processes,
                                                        args.async_mode, args.client_processes, args.interval,
                                                        nginx=args.nginx, poll=args.poll))


if __name__ == "__main__":
    main()
