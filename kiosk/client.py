"""Talking to the central server: sectors, issuing with retries, heartbeats.

A retried issue reuses its Idempotency-Key, so however many times the network drops the request
or the answer, the server creates one ticket.
"""
import time

import requests


class ServerUnavailable(Exception):
    pass


class ServerRefused(Exception):
    """The server answered with a 4xx: ``body`` has its code and messages."""

    def __init__(self, status: int, body: dict):
        super().__init__(body.get("message_en") or body.get("message"))
        self.status, self.body = status, body


class ServerClient:
    def __init__(self, base_url: str, token: str, site: str, timeout: float = 4.0):
        self.base = base_url.rstrip("/")
        self.site = site
        self.http = requests.Session()
        self.http.headers.update({"Authorization": f"Bearer {token}"})
        self.timeout = timeout

    def sectors(self) -> dict:
        return self._send("GET", f"/api/v1/sites/{self.site}/sectors")

    def issue(self, sector: str, priority: str | None, key: str, retry_for: float = 20.0,
              sleep=time.sleep) -> dict:
        """Issue once per ``key``; on network errors and 5xx, retry with backoff for ``retry_for`` seconds."""
        deadline = time.monotonic() + retry_for
        delay = 0.5
        while True:
            try:
                return self._send("POST", f"/api/v1/sites/{self.site}/tickets",
                                  json={"sector": sector, "priority": priority}, headers={"Idempotency-Key": key})
            except ServerUnavailable:
                if time.monotonic() + delay > deadline:
                    raise
                sleep(delay)
                delay = min(delay * 2, 4.0)

    def heartbeat(self, health: dict) -> None:
        self._send("POST", "/api/v1/devices/heartbeat", json=health)

    def _send(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self.http.request(method, self.base + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise ServerUnavailable(type(error).__name__) from error
        if response.status_code >= 500:
            raise ServerUnavailable(f"HTTP {response.status_code}")
        body = response.json() if response.content else {}
        if response.status_code >= 400:
            raise ServerRefused(response.status_code, body)
        return body
