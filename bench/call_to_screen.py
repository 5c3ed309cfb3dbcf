"""Scenario *call-to-screen*: D display clients (Socket.IO, websocket) in the site room while counters call.

Prints the latency from the call request to the event's arrival at each client (p50/p99/max) and the
number of events lost (a client that did not receive every call). Clients live in separate processes.

    python -m bench.call_to_screen --db sqlite --displays 200 --calls 40 [--processes 2]
"""
import argparse
import multiprocessing as mp
import threading
import time

import requests
import socketio

from .common import Servers, database, latency_summary, report


def display_worker(urls, count, calls, ready, go, done_at, out):
    """``count`` clients in one process; each records when every ``ticket_called`` arrived."""
    arrivals: list[tuple[int, float]] = []
    lock = threading.Lock()
    clients = []
    for i in range(count):
        client = socketio.Client(reconnection=False)
        client.on("ticket_called", lambda data: (lock.acquire(), arrivals.append((data["ticket"]["id"], time.time())),
                                                 lock.release()))
        client.connect(urls[i % len(urls)], transports=["websocket"], wait_timeout=20)
        client.call("join_site", {"site": "demo"}, timeout=20)
        clients.append(client)
    ready.put(count)
    go.wait()
    while time.time() < done_at.value:
        time.sleep(0.1)
    deadline = time.time() + 30  # a late event still counts; only one that never comes is lost
    while len(arrivals) < count * calls and time.time() < deadline:
        time.sleep(0.1)
    for client in clients:
        client.disconnect()
    out.put(arrivals)


def run_call_to_screen(db: str, displays: int, calls: int, processes: int = 1, async_mode: str = "eventlet",
                       client_processes: int = 4) -> dict:
    with database(db) as url, Servers(url, processes, async_mode) as servers:
        creds = servers.credentials
        kiosk = {"Authorization": f"Bearer {creds['kiosk_token']}"}
        for i in range(calls):
            requests.post(servers.urls[0] + "/api/v1/sites/demo/tickets", json={"sector": "thue"}, headers=kiosk,
                          timeout=10)
        ready, out, go = mp.Queue(), mp.Queue(), mp.Event()
        done_at = mp.Value("d", time.time() + 3600)
        per = [displays // client_processes + (1 if i < displays % client_processes else 0)
               for i in range(client_processes)]
        procs = [mp.Process(target=display_worker, args=(servers.urls, n, calls, ready, go, done_at, out)) for n in per if n]
        for p in procs:
            p.start()
        connected = sum(ready.get(timeout=300) for _ in procs)
        go.set()
        keypad = {"Authorization": f"Bearer {creds['counters'][7]['keypad_token']}"}
        sent: dict[int, float] = {}
        for _ in range(calls):
            began = time.time()
            response = requests.post(servers.urls[0] + "/api/v1/sites/demo/counters/8/next", headers=keypad, timeout=10)
            sent[response.json()["id"]] = began
            time.sleep(0.05)
        done_at.value = time.time()
        arrivals = [a for _ in procs for a in out.get(timeout=180)]
        for p in procs:
            p.join()
    latencies = [at - sent[ticket] for ticket, at in arrivals if ticket in sent]
    expected = connected * calls
    return {"db": db, "processes": processes, "async_mode": async_mode, "displays": connected, "calls": calls,
            "events_expected": expected, "events_received": len(latencies), "events_lost": expected - len(latencies),
            **latency_summary(latencies)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--displays", type=int, default=200)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    args = parser.parse_args()
    report("call-to-screen", run_call_to_screen(args.db, args.displays, args.calls, args.processes, args.async_mode))


if __name__ == "__main__":
    main()
