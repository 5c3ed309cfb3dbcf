"""The kiosk's copy of the site's sectors, kept fresh from the central server's live events.

The touch page reads this copy from the kiosk program on 127.0.0.1 (cheap, local), so the central
server sees one Socket.IO connection per kiosk, not a poll per screen.
"""
import logging
import threading
import time

import socketio

from .client import ServerClient, ServerRefused, ServerUnavailable

log = logging.getLogger(__name__)
FULL_REFRESH_SECONDS = 60  # also re-evaluates issuing hours, which change with the clock, not with events


class SectorState:
    def __init__(self, client: ServerClient):
        self.client = client
        self.data: dict | None = None
        self.online = False
        self.error: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def refresh(self) -> None:
        try:
            data = self.client.sectors()
        except (ServerUnavailable, ServerRefused) as error:
            self.online, self.error = False, str(error)
            return
        with self._lock:
            self.data, self.online, self.error = data, True, None

    def apply(self, event: dict) -> None:
        """Merge the fresh sector figures every event carries."""
        with self._lock:
            if not self.data:
                return
            fresh = {s["code"]: s for s in event.get("sectors", [])}
            self.data["sectors"] = [fresh.get(s["code"], s) for s in self.data["sectors"]]

    def timezone(self) -> str:
        with self._lock:
            return ((self.data or {}).get("site") or {}).get("timezone") or "Asia/Ho_Chi_Minh"

    def priority_name(self, code: str) -> str:
        """The Vietnamese name printed on the ticket (the code itself if the server has not said yet)."""
        with self._lock:
            names = {p["code"]: p["name_vi"] for p in (self.data or {}).get("priority_categories", [])}
        return names.get(code, code)

    def snapshot(self) -> dict:
        with self._lock:
            return {"online": self.online, "error": self.error, **(self.data or {"sectors": []})}

    def follow(self, site: str) -> None:
        """Background: a Socket.IO connection to the site room, plus a full refresh every minute."""
        client = socketio.Client(reconnection=True, reconnection_delay_max=10)
        for name in ("ticket_issued", "ticket_called", "ticket_changed", "counter_changed"):
            client.on(name, self.apply)
        client.on("connect", lambda: (client.emit("join_site", {"site": site}), self.refresh()))

        def disconnected():
            self.online = False
        client.on("disconnect", disconnected)

        def loop():
            while not self._stop.is_set():
                if not client.connected:
                    try:
                        client.connect(self.client.base, transports=["websocket"], wait_timeout=5)
                    except Exception as error:  # the server may not be up yet: try again shortly
                        log.info("kiosk: live connection not ready (%s)", type(error).__name__)
                self.refresh()
                self._stop.wait(FULL_REFRESH_SECONDS if client.connected else 3)
            client.disconnect()

        threading.Thread(target=loop, daemon=True, name="sector-state").start()

    def stop(self) -> None:
        self._stop.set()


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
