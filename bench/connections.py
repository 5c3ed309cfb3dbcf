"""Scenario *connections*: how many idle display connections one server process holds, and its memory per
connection. Each display is a minimal Engine.IO/Socket.IO client over a raw websocket (one thread each, spread
over several processes) that joins the site room and answers the server's pings.

    python -m bench.connections --db sqlite --connections 2000 --hold 30
"""
import argparse
import multiprocessing as mp
import threading
import time

import websocket

from .common import Servers, database, process_stats, report


def hold_connections(url, count, hold_seconds, out):
    """Open ``count`` websockets, join the site room, answer pings for ``hold_seconds``; report how many lived."""
    alive = []
    lock = threading.Lock()
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"

    def run():
        try:
            ws = websocket.create_connection(ws_url, timeout=30)
            ws.recv()                           # engine.io open packet
            ws.send("40")                       # socket.io connect to the default namespace
            ws.recv()                           # connect acknowledgement
            ws.send('42["join_site",{"site":"demo"}]')
        except Exception:
            return
        with lock:
            alive.append(ws)
        end = time.time() + hold_seconds + 60
        ws.settimeout(5)
        while time.time() < end:
            try:
                message = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except Exception:
                with lock:
                    if ws in alive:
                        alive.remove(ws)
                return
            if message == "2":
                ws.send("3")                    # pong

    threads = [threading.Thread(target=run, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
        time.sleep(0.002)
    deadline = time.time() + 90  # handshakes under load take a while: wait until all are in, or 90 s
    while len(alive) < count and time.time() < deadline:
        time.sleep(0.5)
    out.put(("opened", len(alive)))
    time.sleep(hold_seconds)
    out.put(("held", len(alive)))


def run_connections(db: str, connections: int, hold: float, client_processes: int = 8,
                    async_mode: str = "eventlet") -> dict:
    with database(db) as url, Servers(url, 1, async_mode) as servers:
        pid = servers.pids()[0]
        idle = process_stats(pid)
        out = mp.Queue()
        per = [connections // client_processes + (1 if i < connections % client_processes else 0)
               for i in range(client_processes)]
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
