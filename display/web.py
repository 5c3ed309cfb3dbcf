"""Wall screens: the public hall board, the counter display with rating buttons, and call audio."""
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request
from sqlalchemy import select

from hardware.audio import EspeakSynthesizer, announcement_wav
from server.config import VAR
from server.domain.calendar import service_day
from server.domain.errors import InvalidInput, NotFound
from server.services.lookups import get_site
from server.store.models import Counter, Ticket

from .speech import DEFAULT_TEMPLATE, announcement_text

display = Blueprint("display", __name__, template_folder="templates", static_folder="static",
                    static_url_path="/display/static")
TICKET_NUMBER = re.compile(r"^[A-Z]{0,4}\d{1,7}$")


@display.get("/board/<site>")
def hall_board(site: str):
    return render_template("display/board.html", site=site)


@display.get("/display/counter/<site>/<int:number>")
def counter_display(site: str, number: int):
    return render_template("display/counter_display.html", site=site, number=number)


@display.get("/display/announcement/<site>.wav")
def announcement(site: str):
    """The audio of one call: chime + the site's sentence, repeated. Only for real calls of today."""
    number = request.args.get("number", "")
    counter = request.args.get("counter", "")
    if not TICKET_NUMBER.match(number) or not counter.isdigit():
        raise InvalidInput("bad_announcement", "Số thứ tự hoặc số quầy không hợp lệ.", "Invalid number or counter.")
    services = current_app.extensions["motcua"]
    with services.read() as s:
        site_row = get_site(s, site)
        called = s.scalar(select(Ticket.id).join(Counter, Counter.id == Ticket.counter_id).where(
            Ticket.site_id == site_row.id, Ticket.number == number, Counter.number == int(counter),
            Ticket.service_day == service_day(services.clock.now(), site_row.timezone)).limit(1))
        settings = dict(site_row.settings)
    if called is None:
        raise NotFound("unknown_call", "Không có lượt gọi này hôm nay.", "No such call today.")
    text = announcement_text(number, int(counter), settings.get("announcement_template", DEFAULT_TEMPLATE),
                             settings.get("number_reading", "words"))
    wav = _announcement(text, int(settings.get("announcement_repeat", 2)))
    return Response(wav, mimetype="audio/wav", headers={"Cache-Control": "public, max-age=86400",
                                                         "X-Announcement-Text": quote(text)})


@lru_cache(maxsize=256)
def _announcement(text: str, repeat: int) -> bytes:
    return announcement_wav(_synthesizer(), text, repeat)


@lru_cache(maxsize=1)
def _synthesizer() -> EspeakSynthesizer:
    return EspeakSynthesizer(Path(VAR) / "audio-cache")


def init_app(app) -> None:
    app.register_blueprint(display)
