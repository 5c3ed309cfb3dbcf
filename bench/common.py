"""Shared by the benchmark scripts: start a real server (own database, demo seeded), report figures."""
import json
import multiprocessing as mp
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spread(total: int, parts: int) -> list[int]:
    """``total`` clients shared as evenly as possible over at most ``parts`` processes."""
    return [n for n in (total // parts + (1 if i < total % parts else 0) for i in range(parts)) if n]


def results_of_processes(target, argument_lists: list[tuple]) -> list:
    """Run ``target(out, *arguments)`` in one process per argument tuple; the items each put in ``out``, joined."""
    out = mp.Queue()
    procs = [mp.Process(target=target, args=(out, *arguments)) for arguments in argument_lists]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in out.get()]
    for p in procs:
        p.join()
    return results


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))] if ordered else None


def latency_summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2),
            "mean_ms": round(statistics.mean(ms), 2)} if ms else {}


@contextmanager
def database(kind: str):
    """A fresh database: a SQLite file in a temp folder, or a new PostgreSQL database."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        yield f"sqlite:///{folder / 'bench.db'}"
        shutil.rmtree(folder, ignore_errors=True)
        return
    import sqlalchemy as sa
    name = f"motcua_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Servers:
    """``processes`` `motcua serve` processes on one database (Redis between them when more than one)."""

    def __init__(self, database_url: str, processes: int = 1, async_mode: str = "eventlet", redis: str | None = None,
                 nginx: bool = False):
        self.database_url = database_url
        self.env = {**os.environ, "MOTCUA_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
        self.ports = [free_port() for _ in range(processes)]
        self.async_mode = async_mode
        self.redis = redis or ("redis://127.0.0.1:6379/0" if processes > 1 else None)
        self.procs: list[subprocess.Popen] = []
        self.credentials: dict = {}
        self.nginx = None
        if nginx:
            from .nginx import Nginx
            self.nginx = Nginx(self.ports)

    def __enter__(self) -> "Servers":
        run = lambda *args: subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=self.env,
                                           check=True, stdout=subprocess.DEVNULL)
        run("db", "upgrade")
        path = Path(tempfile.mkdtemp()) / "credentials.json"
        run("demo", "--credentials", str(path), "--base-url", self.urls[0])
        self.credentials = json.loads(path.read_text())
        for i, port in enumerate(self.ports):
            args = [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--async-mode", self.async_mode]
            if self.redis:
                args += ["--message-queue", self.redis]
            if i > 0:
                args.append("--no-scheduler")
            self.procs.append(subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        for url in self.urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(url + "/healthz", timeout=1).ok:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not start")
                time.sleep(0.1)
        if self.nginx is not None:
            self.nginx.__enter__()
        return self

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    @property
    def client_urls(self) -> list[str]:
        """Where clients go: nginx when it fronts the processes, else the processes themselves."""
        return [self.nginx.url] if self.nginx is not None else self.urls

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def __exit__(self, *exc) -> None:
        if self.nginx is not None:
            self.nginx.__exit__()
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def process_stats(pid: int) -> dict:
    """CPU seconds and resident memory of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    with open(f"/proc/{pid}/status") as f:
        rss_kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
    return {"cpu_s": (int(fields[11]) + int(fields[12])) / ticks, "rss_mb": round(rss_kb / 1024, 1)}


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    """How busy all cores were between two machine_cpu() readings, 100 % = every core."""
    return round(100 * (after[0] - before[0]) / max(1, after[1] - before[1]), 1)


def report(name: str, figures: dict) -> None:
    """Print a small table and the JSON line scripts can collect."""
    print(f"\n{name}")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value}")
    print("JSON " + json.dumps({"scenario": name, **figures}, ensure_ascii=False))
