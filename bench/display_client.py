"""A light display for load tests: Engine.IO 4 / Socket.IO 5 over a websocket, as an asyncio Protocol.

The python-socketio client costs a thread and a full decode per event; a thousand of them on
the server's own two cores measure the clients, not the server. This one holds thousands of
connections in one process: it parses websocket frames itself (RFC 6455; the server's frames
are unmasked and small), answers pings, and timestamps each watched event the moment its
bytes arrive, decoding only what it watches.
"""
import asyncio
import base64
import json
import os
import re
import struct
import time
from typing import Callable
from urllib.parse import urlsplit

TICKET_ID = re.compile(rb'"ticket":\s*\{"id":\s*(\d+)')


def _frame(text: str, opcode: int = 0x1) -> bytes:
    """A client frame: always masked (RFC 6455 §5.3)."""
    payload, mask = text.encode(), os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class DisplayProtocol(asyncio.Protocol):
    def __init__(self, host: str, on_event: Callable[[str, int | None, float], None] | None, watch: tuple[str, ...]):
        self.host = host
        self.on_event = on_event
        self.watch = tuple(f'42["{name}"'.encode() for name in watch)
        self.buffer = b""
        self.upgraded = False
        self.transport: asyncio.Transport | None = None
        self.inbox: asyncio.Queue[str] = asyncio.Queue()
        self.closed = asyncio.Event()

    def connection_made(self, transport) -> None:
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {self.host}\r\n"
                         f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                         f"Sec-WebSocket-Version: 13\r\n\r\n").encode())

    def data_received(self, data: bytes) -> None:
        arrived = time.time()
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 101 " not in self.buffer[:end].split(b"\r\n", 1)[0]:
                self.transport.close()
                return
            self.upgraded, self.buffer = True, self.buffer[end + 4:]
        while True:
            frame = self._next_frame()
            if frame is None:
                return
            opcode, payload = frame
            if opcode == 0x1:
                self._on_text(payload, arrived)
            elif opcode == 0x9:  # websocket ping
                self.transport.write(_frame(payload.decode(), 0xA))
            elif opcode == 0x8:
                self.transport.close()
                return

    def _next_frame(self) -> tuple[int, bytes] | None:
        buf = self.buffer
        if len(buf) < 2:
            return None
        opcode, n, offset = buf[0] & 0x0F, buf[1] & 0x7F, 2
        if n == 126:
            if len(buf) < 4:
                return None
            n, offset = struct.unpack("!H", buf[2:4])[0], 4
        elif n == 127:
            if len(buf) < 10:
                return None
            n, offset = struct.unpack("!Q", buf[2:10])[0], 10
        if len(buf) < offset + n:
            return None
        self.buffer = buf[offset + n:]
        return opcode, buf[offset:offset + n]

    def _on_text(self, payload: bytes, arrived: float) -> None:
        if payload == b"2":  # Engine.IO ping from the server
            self.transport.write(_frame("3"))
        elif payload.startswith(b"42"):
            if self.watch and payload.startswith(self.watch) and self.on_event:
                name = payload[4:payload.index(b'"', 4)].decode()
                match = TICKET_ID.search(payload)
                self.on_event(name, int(match.group(1)) if match else None, arrived)
        else:
            self.inbox.put_nowait(payload.decode())

    def connection_lost(self, exc) -> None:
        self.inbox.put_nowait("")
        self.closed.set()

    def send(self, text: str) -> None:
        self.transport.write(_frame(text))


class DisplayClient:
    """One display: connect, join the site room (acknowledged), then receive until closed."""

    def __init__(self, base_url: str, on_event=None, watch: tuple[str, ...] = (), source: str | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.source = source
        self.on_event, self.watch = on_event, watch
        self.protocol: DisplayProtocol | None = None

    async def connect(self, site: str, timeout: float = 60) -> None:
        loop = asyncio.get_running_loop()
        _, self.protocol = await asyncio.wait_for(loop.create_connection(
            lambda: DisplayProtocol(f"{self.host}:{self.port}", self.on_event, self.watch), self.host, self.port,
            local_addr=(self.source, 0) if self.source else None), timeout)
        if not (await asyncio.wait_for(self._expect("0"), timeout)):
            raise ConnectionError("no Engine.IO open packet")
        self.protocol.send("40")
        await asyncio.wait_for(self._expect("40"), timeout)
        self.protocol.send("421" + json.dumps(["join_site", {"site": site}]))
        await asyncio.wait_for(self._expect("431"), timeout)

    async def _expect(self, prefix: str) -> str:
        while True:
            message = await self.protocol.inbox.get()
            if message == "":
                raise ConnectionError("closed during the handshake")
            if message.startswith(prefix):
                return message

    @property
    def alive(self) -> bool:
        return self.protocol is not None and not self.protocol.closed.is_set()

    def close(self) -> None:
        if self.protocol is not None and self.protocol.transport is not None:
            self.protocol.transport.close()


async def open_displays(urls: list[str], count: int, site: str = "demo", on_event=None, watch: tuple[str, ...] = (),
                        at_once: int = 50) -> list[DisplayClient]:
    """``count`` displays spread over ``urls``, at most ``at_once`` handshakes in flight; failed ones are left out.

    On loopback each display connects from one of 127.0.1.1 … 127.0.8.1, so that nginx's ip_hash
    (first three octets) spreads them over the processes as it would spread real screens.
    """
    gate = asyncio.Semaphore(at_once)
    loopback = urlsplit(urls[0]).hostname == "127.0.0.1"

    async def one(i: int) -> DisplayClient | None:
        client = DisplayClient(urls[i % len(urls)], on_event, watch, f"127.0.{i % 8 + 1}.1" if loopback else None)
        async with gate:
            try:
                await client.connect(site)
                return client
            except (OSError, ConnectionError, asyncio.TimeoutError):
                client.close()
                return None

    return [c for c in await asyncio.gather(*(one(i) for i in range(count))) if c is not None]
