"""Printers: any python-escpos transport, or a PNG folder for development, behind one small interface.

The ticket printer never knows which transport it has; it sends the rendered image as a raster
and cuts. Printer state (online, paper low, paper out) is read where the printer reports it. An
unattended kiosk must recover by itself: after any transport failure the connection is dropped
and reopened on the next use (a USB printer unplugged and plugged back in prints again).
"""
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from escpos.constants import (
    RT_MASK_LOWPAPER,
    RT_MASK_NOPAPER,
    RT_MASK_ONLINE,
    RT_STATUS_ONLINE,
    RT_STATUS_PAPER,
)
from escpos.escpos import Escpos
from PIL import Image

log = logging.getLogger(__name__)
STATES = ("online", "paper_low", "paper_out", "offline", "unknown")


class PrinterError(Exception):
    """Printing failed; ``vi`` is what the citizen is told on screen."""

    def __init__(self, state: str, vi: str, en: str):
        super().__init__(en)
        self.state, self.vi, self.en = state, vi, en


class TicketPrinter(Protocol):
    def print_ticket(self, image: Image.Image, name: str) -> None: ...
    def status(self) -> str:
        """One of ``STATES``."""


@dataclass
class PngFolderPrinter:
    """Development printer: each ticket becomes a PNG in ``folder``."""

    folder: Path

    def print_ticket(self, image: Image.Image, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        image.save(self.folder / f"{name}.png")

    def status(self) -> str:
        return "online"


class EscposPrinter:
    """Wraps a python-escpos printer (Usb, Serial, Network, File or Dummy).

    ``keep_open=False`` closes the connection after each ticket (network printers often accept one
    client at a time and drop idle ones). ``status_timeout`` bounds the wait for a printer that
    does not answer status queries, so a silent printer costs a second, not a minute.
    """

    def __init__(self, device: Escpos, keep_open: bool = True, status_timeout: float = 1.0):
        self.device = device
        self.keep_open = keep_open
        self.status_timeout = status_timeout
        # Transports without a read channel (File, Dummy) cannot be asked: don't send them queries.
        self.can_report = type(device)._read is not Escpos._read
        self._lock = threading.Lock()  # the heartbeat's status query must not cut into a ticket's bytes

    def print_ticket(self, image: Image.Image, name: str) -> None:
        with self._lock:
            try:
                state = self._read_state()
                if state in ("paper_out", "offline"):
                    raise _error(state)
                try:
                    self.device.image(image, impl="bitImageRaster", center=False)
                    self.device.cut()
                except Exception as error:  # any transport failure: the citizen still gets the number on screen
                    log.warning("printing %s failed: %s", name, error)
                    self._disconnect()
                    raise _error("offline") from error
            finally:
                if not self.keep_open:
                    self._disconnect()

    def status(self) -> str:
        """Ask the printer: "offline" if it cannot be reached, "unknown" if it does not say."""
        with self._lock:
            try:
                return self._read_state()
            finally:
                if not self.keep_open:
                    self._disconnect()

    def _read_state(self) -> str:
        try:
            _ = self.device.device  # python-escpos opens the connection on first use
        except Exception as error:
            log.info("printer not reachable: %s", error)
            self._disconnect()
            return "offline"
        if not self.can_report:
            return "unknown"
        socket_like = getattr(self.device._device, "settimeout", None)
        try:
            if socket_like:
                socket_like(self.status_timeout)
            online = self.device.query_status(RT_STATUS_ONLINE)
            paper = self.device.query_status(RT_STATUS_PAPER)
        except Exception as error:  # no answer in time, or the link broke: the next use reconnects
            log.info("printer status not read: %s", error)
            self._disconnect()
            return "unknown"
        finally:
            if socket_like and self.device._device:
                socket_like(getattr(self.device, "timeout", None))
        return decode_state(bytes(online), bytes(paper))

    def _disconnect(self) -> None:
        try:
            self.device.close()
        except Exception as error:
            log.info("closing the printer connection: %s", error)
        self.device._device = False  # python-escpos reopens on the next use


def decode_state(online: bytes, paper: bytes) -> str:
    """Turn the replies to DLE EOT 1 (printer) and DLE EOT 4 (paper sensor) into one of ``STATES``."""
    if not online and not paper:
        return "unknown"
    if online and online[0] & RT_MASK_ONLINE:
        return "offline"
    if paper:
        if paper[0] & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
            return "paper_out"
        if paper[0] & RT_MASK_LOWPAPER == RT_MASK_LOWPAPER:
            return "paper_low"
    return "online"


def _error(state: str) -> PrinterError:
    if state == "paper_out":
        return PrinterError(state, "Máy in hết giấy. Vui lòng ghi nhớ số thứ tự trên màn hình.",
                            "The printer is out of paper. Please note your number on the screen.")
    return PrinterError(state, "Không in được phiếu. Vui lòng ghi nhớ số thứ tự trên màn hình.",
                        "The ticket could not be printed. Please note your number on the screen.")


def make_printer(kind: str, **options) -> TicketPrinter:
    """``kind``: png, usb, serial, network, file or dummy (options as in the kiosk's TOML file)."""
    if kind == "png":
        return PngFolderPrinter(Path(options.get("folder", "var/printed")))
    from escpos import printer as escpos
    if kind == "usb":
        return EscposPrinter(escpos.Usb(_int(options["vendor"]), _int(options["product"]),
                                        timeout=int(options.get("timeout_ms", 5000)),
                                        in_ep=_int(options.get("in_ep", "0x82")),
                                        out_ep=_int(options.get("out_ep", "0x01"))))
    if kind == "serial":
        return EscposPrinter(escpos.Serial(options.get("device", "/dev/ttyUSB0"),
                                           baudrate=int(options.get("baudrate", 9600)), timeout=1))
    if kind == "network":
        return EscposPrinter(escpos.Network(options["host"], port=int(options.get("port", 9100)), timeout=5),
                             keep_open=False)
    if kind == "file":
        return EscposPrinter(escpos.File(options.get("device", "/dev/usb/lp0")))
    if kind == "dummy":
        return EscposPrinter(escpos.Dummy())
    raise ValueError(f"unknown printer kind {kind!r}: use png, usb, serial, network, file or dummy")


def parse_printer(spec: str) -> dict:
    """The command line's short form: ``usb:0416:5011``, ``network:192.168.1.50[:9100]``,
    ``serial:/dev/ttyUSB0[:9600]``, ``file:/dev/usb/lp0``, ``png:var/printed`` or ``dummy``."""
    kind, _, rest = spec.partition(":")
    parts = rest.split(":") if rest else []
    if kind == "usb" and len(parts) == 2:
        return {"kind": "usb", "vendor": f"0x{parts[0]}", "product": f"0x{parts[1]}"}
    if kind == "network" and len(parts) in (1, 2):
        return {"kind": "network", "host": parts[0], **({"port": int(parts[1])} if len(parts) == 2 else {})}
    if kind == "serial" and len(parts) in (1, 2):
        return {"kind": "serial", "device": parts[0], **({"baudrate": int(parts[1])} if len(parts) == 2 else {})}
    if kind in ("file", "png") and rest:
        return {"kind": kind, "device" if kind == "file" else "folder": rest}
    if kind == "dummy" and not rest:
        return {"kind": "dummy"}
    raise ValueError(f"printer {spec!r}: expected usb:VVVV:PPPP, network:HOST[:PORT], serial:DEVICE[:BAUD], "
                     "file:PATH, png:FOLDER or dummy")


def _int(value) -> int:
    """USB ids and endpoints are hexadecimal, written "0x0416" or "0416" (as `lsusb` shows them)."""
    return value if isinstance(value, int) else int(str(value), 16)


def ticket_file_name(number: str, when: datetime) -> str:
    return f"{when:%Y%m%d-%H%M%S}-{number}"
