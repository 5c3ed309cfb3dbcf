"""The kiosk's one job: a touch (or a button) becomes exactly one ticket, shown and printed.

If the printer fails, the ticket still exists and the number stays on screen with a message; if
the server is unreachable, the same touch is retried with the same key. Health (printer state,
last error) is kept for the heartbeat and the status LED.
"""
import io
import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from hardware.printing.printers import PrinterError, TicketPrinter, ticket_file_name
from hardware.printing.render import TicketData, render_ticket

from .client import ServerClient, ServerRefused, ServerUnavailable

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    ok: bool
    ticket: dict | None = None
    printed: bool = False
    message_vi: str | None = None
    message_en: str | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Health:
    printer: str = "unknown"
    last_error: str | None = None
    last_ticket_at: str | None = None
    tickets_issued: int = 0
    print_failures: int = 0
    listeners: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "listeners"}


class SiteDirectory:
    """What the desk needs to know about the site beyond the ticket: its time zone and priority names.

    The kiosk's ``SectorState`` fills these from the server; this default serves a desk on its own.
    """

    def timezone(self) -> str:
        return "Asia/Ho_Chi_Minh"

    def priority_name(self, code: str) -> str:
        return code


class TicketDesk:
    def __init__(self, client: ServerClient, printer: TicketPrinter, paper_mm: int = 80,
                 retry_for: float = 20.0, directory: "SiteDirectory | None" = None):
        self.client = client
        self.printer = printer
        self.paper_mm = paper_mm
        self.retry_for = retry_for
        self.directory = directory or SiteDirectory()
        self.health = Health()
        self.images: dict[int, bytes] = {}
        self._touches: dict[str, Outcome] = {}
        self._lock = threading.Lock()
        self.presses = 0  # physical button presses so far; the page shows the latest one's outcome
        self.last_press: Outcome | None = None

    def issue_from_button(self, sector: str) -> Outcome:
        """A GPIO button press: issued and printed like a touch, and shown on the screen by the page."""
        outcome = self.issue(sector)
        self.presses, self.last_press = self.presses + 1, outcome
        return outcome

    def issue(self, sector: str, priority: str | None = None, touch_id: str | None = None) -> Outcome:
        """One touch, one ticket: the same ``touch_id`` (a page retry, a double tap) gives the same outcome."""
        touch_id = touch_id or uuid.uuid4().hex
        with self._lock:  # touches are served one at a time; a repeat returns the first outcome
            if touch_id in self._touches and self._touches[touch_id].ok:
                return self._touches[touch_id]
            outcome = self._issue(sector, priority, touch_id)
            self._touches[touch_id] = outcome
            if len(self._touches) > 500:
                self._touches.pop(next(iter(self._touches)))
            return outcome

    def _issue(self, sector, priority, touch_id) -> Outcome:
        try:
            ticket = self.client.issue(sector, priority, key=f"kiosk-{touch_id}", retry_for=self.retry_for)
        except ServerRefused as refused:
            return Outcome(False, message_vi=refused.body.get("message_vi"), message_en=refused.body.get("message_en"),
                           error=refused.body.get("error"))
        except ServerUnavailable as error:
            self._note_error(f"server: {error}")
            return Outcome(False, message_vi="Không kết nối được máy chủ. Xin vui lòng chạm lại sau giây lát.",
                           message_en="Cannot reach the server. Please touch again in a moment.", error="offline")
        self.health.tickets_issued += 1
        self.health.last_ticket_at = ticket["issued_at"]
        printed, message_vi, message_en = self._print(ticket, priority)
        return Outcome(True, ticket, printed, message_vi, message_en)

    def _print(self, ticket: dict, priority: str | None):
        image, _ = render_ticket(self.ticket_data(ticket, priority), self.paper_mm)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        self.images[ticket["id"]] = buffer.getvalue()
        if len(self.images) > 50:
            self.images.pop(next(iter(self.images)))
        try:
            self.printer.print_ticket(image, ticket_file_name(ticket["number"], datetime.now()))
        except PrinterError as error:
            self.health.print_failures += 1
            self.health.printer = error.state
            self._note_error(f"printer: {error.en}")
            return False, error.vi, error.en
        self.health.printer = self.printer.status()
        self._notify()
        return True, None, None

    def ticket_data(self, ticket: dict, priority: str | None) -> TicketData:
        zone = ZoneInfo(self.directory.timezone())
        issued = datetime.fromisoformat(ticket["issued_at"]).astimezone(zone)
        wait = ticket["estimated_wait"]
        return TicketData(
            centre=ticket.get("site_name", ""), address=ticket.get("site_address", ""), sector=ticket["sector_name"],
            number=ticket["number"], issued_at=f"{issued:%d/%m/%Y %H:%M}", waiting_ahead=ticket["waiting_ahead"],
            wait_minutes=(wait["min_minutes"], wait["max_minutes"]),
            lookup_url=f"{self.client.base}/lookup/{ticket['lookup_code']}",
            priority=self.directory.priority_name(priority) if priority else None)

    def check_printer(self) -> str:
        self.health.printer = self.printer.status()
        self._notify()
        return self.health.printer

    def _note_error(self, text: str) -> None:
        log.warning("kiosk: %s", text)
        self.health.last_error = text
        self._notify()

    def _notify(self) -> None:
        for listener in self.health.listeners:
            listener(self.health)
