"""Printers: any python-escpos transport, or a PNG folder for development, behind one small interface.

The ticket printer never knows which transport it has; it sends the rendered image as a raster
and cuts. Printer state (online, paper low, paper out) is read where the printer reports it.
"""
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PIL import Image

log = logging.getLogger(__name__)


class PrinterError(Exception):
    """Printing failed; ``vi`` is what the citizen is told on screen."""

    def __init__(self, state: str, vi: str, en: str):
        super().__init__(en)
        self.state, self.vi, self.en = state, vi, en


class TicketPrinter(Protocol):
    def print_ticket(self, image: Image.Image, name: str) -> None: ...
    def status(self) -> str:
        """"online", "paper_low", "paper_out", "offline" or "unknown"."""


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
    """Wraps a python-escpos printer (Usb, Serial, Network, File or Dummy)."""

    def __init__(self, device):
        self.device = device

    def print_ticket(self, image: Image.Image, name: str) -> None:
        state = self.status()
        if state in ("paper_out", "offline"):
            raise _error(state)
        try:
            self.device.image(image, impl="bitImageRaster", center=False)
            self.device.cut()
        except Exception as error:  # any transport failure: the citizen still gets the number on screen
            log.warning("printing %s failed: %s", name, error)
            raise _error("offline") from error

    def status(self) -> str:
        """Ask the printer; transports that cannot answer (File, Dummy) say "unknown"."""
        if not hasattr(self.device, "paper_status"):
            return "unknown"
        try:
            if hasattr(self.device, "is_online") and not self.device.is_online():
                return "offline"
            paper = self.device.paper_status()
        except Exception:
            return "unknown"
        return {2: "online", 1: "paper_low", 0: "paper_out"}.get(paper, "unknown")


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
        return EscposPrinter(escpos.Usb(int(str(options["vendor"]), 16), int(str(options["product"]), 16)))
    if kind == "serial":
        return EscposPrinter(escpos.Serial(options.get("device", "/dev/ttyUSB0"), baudrate=int(options.get("baudrate", 9600))))
    if kind == "network":
        return EscposPrinter(escpos.Network(options["host"], port=int(options.get("port", 9100)), timeout=5))
    if kind == "file":
        return EscposPrinter(escpos.File(options.get("device", "/dev/usb/lp0")))
    if kind == "dummy":
        return EscposPrinter(escpos.Dummy())
    raise ValueError(f"unknown printer kind {kind}")


def ticket_file_name(number: str, when: datetime) -> str:
    return f"{when:%Y%m%d-%H%M%S}-{number}"
