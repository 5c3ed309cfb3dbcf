"""The kiosk program's local web app: the touch page and the few calls it makes, on 127.0.0.1.

The device token stays in this program; the page never sees it.
"""
from flask import Flask, Response, abort, jsonify, render_template, request, send_from_directory

from hardware.printing.render import SHIPPED_FONTS

from .desk import TicketDesk
from .state import SectorState


def create_kiosk_app(desk: TicketDesk, state: SectorState, language: str = "vi", return_seconds: int = 10) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False

    @app.get("/")
    def touch_page():
        return render_template("kiosk.html", language=language, return_seconds=return_seconds)

    @app.get("/api/state")
    def sector_state():
        pressed = {"press": desk.presses, **desk.last_press.as_dict()} if desk.last_press else None
        return jsonify({**state.snapshot(), "printer": desk.health.printer, "button_ticket": pressed})

    @app.post("/api/issue")
    def issue():
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("sector"), str):
            return jsonify({"ok": False, "error": "bad_request", "message_vi": "Yêu cầu không hợp lệ.",
                            "message_en": "Bad request."}), 400
        priority = body.get("priority") if isinstance(body.get("priority"), str) else None
        touch_id = body.get("touch_id") if isinstance(body.get("touch_id"), str) else None
        outcome = desk.issue(body["sector"], priority, touch_id)
        return jsonify(outcome.as_dict()), 200 if outcome.ok else 409 if outcome.error != "offline" else 503

    @app.get("/fonts/<name>")
    def shipped_font(name: str):
        """The ticket's own font, so the screen shows every diacritic even on a Pi without system fonts."""
        return send_from_directory(SHIPPED_FONTS, name, max_age=86400)

    @app.get("/api/ticket/<int:ticket_id>.png")
    def ticket_image(ticket_id: int):
        image = desk.images.get(ticket_id)
        if image is None:
            abort(404)
        return Response(image, mimetype="image/png")

    return app
