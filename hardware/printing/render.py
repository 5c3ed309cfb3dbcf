"""Draw a ticket as a 1-bit image the width of the paper (58 mm = 384 dots, 80 mm = 576 dots).

Printing an image rather than text means no code page is needed: whatever the printer, every
Vietnamese diacritic comes out. Long sector names wrap; nothing is clipped.
"""
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

SHIPPED_FONTS = Path(__file__).parent / "fonts"  # DejaVu Sans with its licence: renders the same everywhere
FONT_DIRS = [SHIPPED_FONTS, Path("/usr/share/fonts/truetype/dejavu")]
WIDTHS = {58: 384, 80: 576}
MARGIN = 12


@dataclass
class TicketData:
    centre: str
    sector: str
    number: str
    issued_at: str  # already formatted in the site's time zone, e.g. "23/11/2026 09:05"
    waiting_ahead: int
    wait_minutes: tuple[int, int]
    lookup_url: str
    priority: str | None = None
    address: str = ""
    guidance: str = "Vui lòng chú ý màn hình và loa gọi số. Quét mã QR để theo dõi lượt của bạn."


@dataclass
class Layout:
    """Where each text line went: tests check that nothing runs past the paper."""

    lines: list[tuple[str, int]] = field(default_factory=list)  # (text, pixel width)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    raise FileNotFoundError(f"{name} not found: install fonts-dejavu-core (deploy/install-system-deps.sh)")


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word longer than a line is split by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width:
            cut = max(1, max(i for i in range(1, len(word) + 1) if face.getlength(word[:i]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def missing_glyphs(face: ImageFont.FreeTypeFont, text: str) -> set[str]:
    """Characters the font would draw as the missing-glyph box."""
    def drawn(c: str) -> bytes:
        mask = face.getmask(c)
        return bytes(mask) + bytes(str(mask.size), "ascii")

    notdef = drawn("\ue000")
    return {c for c in set(text) if not c.isspace() and drawn(c) == notdef}


def render_ticket(ticket: TicketData, paper_mm: int = 80) -> tuple[Image.Image, Layout]:
    width = WIDTHS[paper_mm]
    inner = width - 2 * MARGIN
    scale = width / 576
    image = Image.new("1", (width, 4000), 1)
    draw = ImageDraw.Draw(image)
    layout = Layout()
    y = MARGIN

    def block(text: str, size: int, bold: bool = False, gap: int = 6) -> None:
        nonlocal y
        face = font(max(14, int(size * scale)), bold)
        for line in wrap(text, face, inner):
            line_width = int(face.getlength(line))
            draw.text(((width - line_width) // 2, y), line, font=face, fill=0)
            layout.lines.append((line, line_width))
            top, bottom = face.getbbox("ÁẬỹg")[1], face.getbbox("ÁẬỹg")[3]
            y += bottom - min(0, top) + gap

    def rule() -> None:
        nonlocal y
        draw.line((MARGIN, y + 4, width - MARGIN, y + 4), fill=0, width=2)
        y += 14

    block(ticket.centre, 26, bold=True)
    if ticket.address:
        block(ticket.address, 18)
    rule()
    block(ticket.sector, 28, bold=True)
    block("SỐ THỨ TỰ", 22)
    block(ticket.number, 120, bold=True, gap=10)
    if ticket.priority:
        block(f"★ ƯU TIÊN: {ticket.priority}", 24, bold=True)
    block(ticket.issued_at, 20)
    low, high = ticket.wait_minutes
    block(f"Số người đang chờ trước bạn: {ticket.waiting_ahead}", 22)
    block("Thời gian chờ dự kiến: " + (f"{low}–{high} phút" if high else "sắp đến lượt"), 22)
    rule()
    qr = qrcode.QRCode(border=2, box_size=max(3, int(6 * scale)), error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(ticket.lookup_url)
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").get_image().convert("1")
    image.paste(code, ((width - code.width) // 2, y))
    y += code.height + 6
    block("Quét mã để xem lượt của bạn", 18)
    block(ticket.guidance, 18)
    return image.crop((0, 0, width, y + MARGIN)), layout
