"""The public page a ticket's QR code opens: its live place in the queue, no personal data."""
from flask import Blueprint, render_template

lookup_page = Blueprint("lookup_page", __name__, template_folder="templates")


@lookup_page.get("/lookup/<code>")
def lookup(code: str):
    return render_template("lookup.html", code=code)


def init_app(app) -> None:
    app.register_blueprint(lookup_page)
