import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk.config import KioskConfig
from kiosk.program import build
from kiosk.state import wait_for
from tests.support.live_server import free_port


@dataclass
class RunningKiosk:
    url: str
    desk: object
    state: object
    printed: Path


def start_kiosk(server, folder: Path, pin_factory=None, **config) -> tuple[RunningKiosk, callable]:
    settings = dict(server=server.base_url, token=server.credentials["kiosk_token"], site="demo",
                    printer={"kind": "png", "folder": str(folder)}, heartbeat_seconds=0.5, return_seconds=3)
    settings.update(config)
    app, desk, state, close = build(KioskConfig(**settings), pin_factory)
    port = free_port()
    http = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    assert wait_for(lambda: state.online, 10), "the kiosk never reached the server"

    def stop():
        http.shutdown()
        close()

    return RunningKiosk(f"http://127.0.0.1:{port}", desk, state, folder), stop


@pytest.fixture
def kiosk(server, tmp_path):
    running, stop = start_kiosk(server, tmp_path / "printed")
    yield running
    stop()
