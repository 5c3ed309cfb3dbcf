"""Scenario *connections*: how many idle display connections one server process holds, and its memory per
connection. Each display is a light Engine.IO/Socket.IO client (bench/display_client.py, thousands per process)
that joins the site room and answers the server's pings.

    python -m bench.connections --db sqlite --connections 2000 --hold 30
"""
import argparse
import asyncio
import multiprocessing as mp

from .common import Servers, database, process_stats, report, spread
from .display_client import open_displays


def hold_connections(url, count, hold_seconds, out):
    """Open ``count`` displays, join the site room, answer pings for ``hold_seconds``; report how many lived."""
    asyncio.run(_hold(url, count, hold_seconds, out))


async def _hold(url, count, hold_seconds, out):
    clients = await open_displays([url], count)
    out.put(("opened", len(clients)))
    await asyncio.sleep(hold_seconds)
    out.put(("held", sum(1 for c in clients if c.alive)))
    for client in clients:
        client.close()


def run_connections(db: str, connections: int, hold: float, client_processes: int = 2,
                    async_mode: str = "eventlet") -> dict:
    with database(db) as url, Servers(url, 1, async_mode) as servers:
        pid = servers.pids()[0]
        idle = process_stats(pid)
        out = mp.Queue()
        per = spread(connections, client_processes)
        procs = [mp.Process(target=hold_connections, args=(servers.urls[0], n, hold, out), daemon=True) for n in per]
        for p in procs:
            p.start()
        opened = sum(out.get(timeout=600)[1] for _ in procs)
        loaded = process_stats(pid)
        held = sum(out.get(timeout=600)[1] for _ in procs)
        after = process_stats(pid)
        for p in procs:
            p.terminate()
    per_connection_kb = (after["rss_mb"] - idle["rss_mb"]) * 1024 / held if held else None
    return {"db": db, "async_mode": async_mode, "attempted": connections, "opened": opened,
            "still_connected_after_hold": held, "hold_s": hold, "server_rss_idle_mb": idle["rss_mb"],
            "server_rss_loaded_mb": loaded["rss_mb"], "server_rss_after_hold_mb": after["rss_mb"],
            "kb_per_connection": round(per_connection_kb, 1) if per_connection_kb else None,
            "server_cpu_during_hold_s": round(after["cpu_s"] - loaded["cpu_s"], 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--hold", type=float, default=30)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    args = parser.parse_args()
    report("connections", run_connections(args.db, args.connections, args.hold, async_mode=args.async_mode))


if __name__ == "__main__":
    main()
