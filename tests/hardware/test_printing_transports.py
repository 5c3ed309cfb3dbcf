"""Real python-escpos transports against stand-ins that behave like printers: a port-9100 socket that
answers status queries, a device file. Checks state reading, raster + cut on the wire, recovery."""
import socket
import threading

import pytest
from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.printer import Dummy

from hardware.printing.printers import (
    EscposPrinter,
    PrinterError,
    decode_state,
    make_printer,
    parse_printer,
)
from hardware.printing.render import TicketData, render_ticket

ONLINE, OFFLINE = b"\x12", b"\x1a"                                   # DLE EOT 1: bit 3 set = offline
PAPER_OK, PAPER_LOW, PAPER_OUT = b"\x12", b"\x1e", b"\x72"           # DLE EOT 4: near-end and end sensors


def a_ticket():
    return render_ticket(TicketData(centre="Trung tâm Phục vụ hành chính công", sector="Hộ tịch", number="2001",
                                    issued_at="23/11/2026 09:05", waiting_ahead=0, wait_minutes=(0, 0),
                                    lookup_url="http://127.0.0.1:5000/lookup/ABCD2345"), 58)[0]


class SocketPrinter:
    """A network receipt printer on 127.0.0.1: records every job, answers DLE EOT 1/4 with ``online``/``paper``
    (or stays silent when they are None), one client at a time like many real ones."""

    def __init__(self, online=ONLINE, paper=PAPER_OK):
        self.online, self.paper = online, paper
        self.jobs: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            job = bytearray()
            with conn:
                while chunk := conn.recv(65536):
                    reply = {RT_STATUS_ONLINE: self.online, RT_STATUS_PAPER: self.paper}.get(bytes(chunk), b"")
                    if chunk in (RT_STATUS_ONLINE, RT_STATUS_PAPER):
                        if reply:
                            conn.sendall(reply)
                        continue
                    job += chunk
            if job:
                self.jobs.append(bytes(job))

    def close(self):
        self.server.close()


@pytest.fixture
def socket_printer():
    printer = SocketPrinter()
    yield printer
    printer.close()


def wait_for_jobs(printer, count):
    for _ in range(100):
        if len(printer.jobs) >= count:
            return True
        threading.Event().wait(0.02)
    return False


def test_network_printer_gets_a_raster_and_a_cut_and_reports_its_paper(socket_printer):
    printer = make_printer(**parse_printer(f"network:127.0.0.1:{socket_printer.port}"))
    assert printer.status() == "online"
    printer.print_ticket(a_ticket(), "t1")
    assert wait_for_jobs(socket_printer, 1)
    job = socket_printer.jobs[0]
    assert b"\x1dv0" in job and b"\x1dV" in job[-8:]  # GS v 0 raster, then GS V cut
    socket_printer.paper = PAPER_LOW
    assert printer.status() == "paper_low"
    printer.print_ticket(a_ticket(), "t2")  # paper low still prints
    assert wait_for_jobs(socket_printer, 2)
    socket_printer.paper = PAPER_OUT
    with pytest.raises(PrinterError) as error:
        printer.print_ticket(a_ticket(), "t3")
    assert error.value.state == "paper_out" and "hết giấy" in error.value.vi
    socket_printer.online = OFFLINE
    assert printer.status() == "offline"


def test_a_printer_that_does_not_answer_status_queries_still_prints(socket_printer):
    socket_printer.online = socket_printer.paper = None
    printer = make_printer("network", host="127.0.0.1", port=socket_printer.port)
    printer.status_timeout = 0.2
    assert printer.status() == "unknown"
    printer.print_ticket(a_ticket(), "t")
    assert wait_for_jobs(socket_printer, 1)


def test_an_unreachable_network_printer_is_offline_and_recovers_when_it_returns():
    port_holder = socket.create_server(("127.0.0.1", 0))
    port = port_holder.getsockname()[1]
    port_holder.close()  # nothing listens there now
    printer = make_printer("network", host="127.0.0.1", port=port)
    assert printer.status() == "offline"
    with pytest.raises(PrinterError) as error:
        printer.print_ticket(a_ticket(), "t")
    assert error.value.state == "offline"
    back = SocketPrinter()
    try:
        printer.device.port = back.port  # the printer is back (here: on another port)
        printer.print_ticket(a_ticket(), "t")
        assert wait_for_jobs(back, 1)
    finally:
        back.close()


def test_device_file_printer_writes_raster_and_cut_and_missing_device_is_offline(tmp_path):
    device = tmp_path / "lp0"
    printer = make_printer(**parse_printer(f"file:{device}"))
    printer.print_ticket(a_ticket(), "t")
    printer.device.close()
    written = device.read_bytes()
    assert b"\x1dv0" in written and b"\x1dV" in written[-8:]
    assert written.startswith(b"\x1dv0")  # a device file cannot answer: no status query was sent before the raster
    unplugged = make_printer("file", device=str(tmp_path / "missing" / "lp0"))
    assert unplugged.status() == "offline"
    with pytest.raises(PrinterError):
        unplugged.print_ticket(a_ticket(), "t")


def test_after_a_transport_failure_the_next_ticket_prints():
    class FlakyDummy(Dummy):
        failures = 1

        def _raw(self, msg):
            if self.failures:
                self.failures -= 1
                raise OSError("[Errno 19] No such device")
            super()._raw(msg)

    device = FlakyDummy()
    printer = EscposPrinter(device)
    with pytest.raises(PrinterError):
        printer.print_ticket(a_ticket(), "t1")
    device.clear()
    printer.print_ticket(a_ticket(), "t2")
    assert b"\x1dv0" in device.output


@pytest.mark.parametrize("online, paper, state", [
    (ONLINE, PAPER_OK, "online"), (ONLINE, PAPER_LOW, "paper_low"), (ONLINE, PAPER_OUT, "paper_out"),
    (OFFLINE, PAPER_OK, "offline"), (b"", b"", "unknown"), (b"", PAPER_OUT, "paper_out")])
def test_status_bytes_decode(online, paper, state):
    assert decode_state(online, paper) == state


@pytest.mark.parametrize("spec, options", [
    ("usb:0416:5011", {"kind": "usb", "vendor": "0x0416", "product": "0x5011"}),
    ("network:192.168.1.50", {"kind": "network", "host": "192.168.1.50"}),
    ("network:192.168.1.50:9101", {"kind": "network", "host": "192.168.1.50", "port": 9101}),
    ("serial:/dev/ttyUSB0:19200", {"kind": "serial", "device": "/dev/ttyUSB0", "baudrate": 19200}),
    ("file:/dev/usb/lp0", {"kind": "file", "device": "/dev/usb/lp0"}),
    ("png:var/printed", {"kind": "png", "folder": "var/printed"}),
    ("dummy", {"kind": "dummy"})])
def test_printer_specs_from_the_command_line(spec, options):
    assert parse_printer(spec) == options


@pytest.mark.parametrize("spec", ["usb:0416", "laser", "network:", "png:"])
def test_bad_printer_specs_are_refused_with_the_forms_that_work(spec):
    with pytest.raises(ValueError, match="usb:VVVV:PPPP"):
        parse_printer(spec)


def test_usb_printer_is_built_with_the_ids_from_lsusb():
    printer = make_printer(**parse_printer("usb:0416:5011"))
    assert printer.device.usb_args == {"idVendor": 0x0416, "idProduct": 0x5011}
