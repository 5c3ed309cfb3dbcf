"""A real ``motcua serve`` process on a free port, with its own database and the demo seeded."""
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
MOTCUA = [sys.executable, "-m", "server.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    base_url: str
    database_url: str
    port: int
    credentials: dict
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    extra_args: tuple = ()

    def url(self, path: str) -> str:
        return self.base_url + path

    def counter(self, number: int) -> dict:
        return next(c for c in self.credentials["counters"] if c["number"] == number)

    def headers(self, token: str) -> dict:
        return {"Authorization": f"Bearer {token}"}

    def start(self) -> "LiveServer":
        env = {**os.environ, "MOTCUA_DATABASE_URL": self.database_url, "MOTCUA_PORT": str(self.port),
               "PYTHONUNBUFFERED": "1"}
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen([*MOTCUA, "serve", "--port", str(self.port), *self.extra_args],
                                        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_healthy(self.base_url, self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def restart(self) -> None:
        self.stop()
        self.start()


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(base_url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become healthy")


def seed_demo(database_url: str, base_url: str, tmp_path: Path) -> dict:
    path = tmp_path / "credentials.json"
    env = {**os.environ, "MOTCUA_DATABASE_URL": database_url}
    subprocess.run([*MOTCUA, "demo", "--credentials", str(path), "--base-url", base_url],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads(path.read_text())


def start_live_server(database_url: str, tmp_path: Path, extra_args: tuple = ()) -> LiveServer:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    credentials = seed_demo(database_url, base_url, tmp_path)
    server = LiveServer(base_url, database_url, port, credentials, log_path=tmp_path / "server.log",
                        extra_args=extra_args)
    return server.start()
