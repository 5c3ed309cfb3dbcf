"""Run deploy/multiprocess/nginx.conf in front of the benchmark's servers.

The shipped server block is used as it is; only the upstream ports and the listening port are
rewritten, and it is wrapped in a minimal main configuration under a temporary prefix, so no
root and no system nginx service are needed.
"""
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from .common import ROOT, free_port

SHIPPED = ROOT / "deploy" / "multiprocess" / "nginx.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def render(ports: list[int], listen: int) -> str:
    """The shipped site configuration with our ports, inside a main configuration."""
    site = SHIPPED.read_text()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
    site = re.sub(r"(upstream \w+ \{\n(?:    (?:ip_hash|least_conn);\n)?)((?:    server [^\n]+\n)+)",
                  lambda m: m.group(1) + servers, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    return ("worker_processes 1;\nerror_log stderr error;\npid nginx.pid;\n"
            "events { worker_connections 16384; }\n"
            "http {\n  access_log off;\n" + "".join(f"  {kind}_temp_path tmp;\n" for kind in
                                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) +
            f"{site}\n}}\n")


class Nginx:
    def __init__(self, ports: list[int]):
        self.ports = ports
        self.port = free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="motcua-nginx-"))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Nginx":
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        (self.prefix / "tmp").mkdir()
        (self.prefix / "nginx.conf").write_text(render(self.ports, self.port))
        self.proc = subprocess.Popen([binary, "-p", str(self.prefix), "-c", "nginx.conf", "-g", "daemon off;"])
        deadline = time.monotonic() + 15
        while True:
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.__exit__()
                raise RuntimeError("nginx did not start")
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.prefix, ignore_errors=True)
