"""The printed ticket: every diacritic, nothing clipped, a QR that decodes, raster + cut bytes."""
import shutil
import subprocess

import pytest
from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.printer import Dummy

from hardware.printing.printers import (
    EscposPrinter,
    PngFolderPrinter,
    PrinterError,
    make_printer,
)
from hardware.printing.render import (
    MARGIN,
    SHIPPED_FONTS,
    WIDTHS,
    TicketData,
    font,
    missing_glyphs,
    render_ticket,
)

LONG_SECTOR = "Lao động – Thương binh và Xã hội: trợ cấp người có công với cách mạng"
URL = "http://127.0.0.1:5000/lookup/K7QX2M9P"


def ticket(**changes):
    data = dict(centre="Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế", sector=LONG_SECTOR, number="4012",
                issued_at="23/11/2026 09:05", waiting_ahead=7, wait_minutes=(15, 26), lookup_url=URL,
                priority="Người có công với cách mạng", address="Số 1 Lê Lợi, phường Phú Hội")
    data.update(changes)
    return TicketData(**data)


@pytest.mark.parametrize("paper", [58, 80])
def test_long_vietnamese_sector_wraps_without_clipping_or_missing_glyphs(paper, tmp_path, artifacts_dir):
    image, layout = render_ticket(ticket(), paper)
    assert image.width == WIDTHS[paper]
    assert all(width <= WIDTHS[paper] - 2 * MARGIN for _, width in layout.lines)
    printed = " ".join(text for text, _ in layout.lines)
    for word in LONG_SECTOR.split():
        assert word in printed  # every word of the name made it onto the paper
    assert missing_glyphs(font(24), printed) == set()
    assert missing_glyphs(font(24, bold=True), printed) == set()
    image.save(artifacts_dir / f"ticket-{paper}mm.png")


def test_missing_glyph_detection_works():
    assert missing_glyphs(font(24), "a\U0001F642") == {"\U0001F642"}


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed (make system-deps)")
@pytest.mark.parametrize("paper", [58, 80])
def test_qr_code_decodes_to_the_lookup_url(paper, tmp_path):
    image, _ = render_ticket(ticket(), paper)
    path = tmp_path / "ticket.png"
    image.save(path)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == URL


def test_dummy_printer_receives_a_raster_image_and_a_cut():
    device = Dummy()
    EscposPrinter(device).print_ticket(render_ticket(ticket(), 58)[0], "t")
    assert b"\x1dv0" in device.output  # GS v 0: raster bit image
    assert device.output.rstrip().endswith(b"\x1dVA\x00") or b"\x1dV" in device.output[-16:]  # GS V: cut


class ReportingDevice(Dummy):
    """A printer that answers DLE EOT status queries, as USB, serial and network printers can."""

    def __init__(self, paper: int, online: bool = True):
        super().__init__()
        self.replies = {RT_STATUS_ONLINE: b"\x12" if online else b"\x1a",
                        RT_STATUS_PAPER: {2: b"\x12", 1: b"\x1e", 0: b"\x72"}[paper]}
        self.asked = None

    def _raw(self, msg):
        if msg in self.replies:
            self.asked = msg
            return
        super()._raw(msg)

    def _read(self):
        return self.replies[self.asked]


@pytest.mark.parametrize("paper, online, state", [(2, True, "online"), (1, True, "paper_low"),
                                                   (0, True, "paper_out"), (2, False, "offline")])
def test_printer_state_is_read_where_the_printer_reports_it(paper, online, state):
    assert EscposPrinter(ReportingDevice(paper, online)).status() == state


def test_a_printer_that_cannot_answer_is_not_sent_status_queries():
    device = Dummy()
    printer = EscposPrinter(device)
    assert printer.status() == "unknown"
    printer.print_ticket(render_ticket(ticket(), 58)[0], "t")
    assert device.output.startswith(b"\x1dv0")  # no DLE EOT status query went before the raster


def test_paper_out_and_transport_failures_raise_a_printer_error_with_a_vietnamese_message():
    with pytest.raises(PrinterError) as error:
        EscposPrinter(ReportingDevice(0)).print_ticket(render_ticket(ticket(), 80)[0], "t")
    assert error.value.state == "paper_out" and "hết giấy" in error.value.vi

    class Broken(Dummy):
        def image(self, *args, **kwargs):
            raise OSError("USB device disconnected")

    with pytest.raises(PrinterError) as error:
        EscposPrinter(Broken()).print_ticket(render_ticket(ticket(), 80)[0], "t")
    assert error.value.state == "offline"


def test_png_folder_printer_and_factory(tmp_path):
    printer = make_printer("png", folder=str(tmp_path))
    assert isinstance(printer, PngFolderPrinter)
    printer.print_ticket(render_ticket(ticket(), 58)[0], "20261123-0905-4012")
    assert (tmp_path / "20261123-0905-4012.png").exists()
    assert make_printer("dummy").status() == "unknown"
    with pytest.raises(ValueError):
        make_printer("carrier-pigeon")


def test_the_font_ships_with_the_project_with_its_licence():
    assert font(24).path == str(SHIPPED_FONTS / "DejaVuSans.ttf")
    assert font(24, bold=True).path == str(SHIPPED_FONTS / "DejaVuSans-Bold.ttf")
    assert "bitstream-vera" in (SHIPPED_FONTS / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
