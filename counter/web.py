"""The officer's pages: sign-in and counter choice, then the counter page itself.

The pages are static HTML + JavaScript over the REST API and Socket.IO; the officer's session is
an httponly cookie set at sign-in, and every write repeats the CSRF cookie in a header.
"""
from flask import Blueprint, render_template

counter_pages = Blueprint("counter", __name__, url_prefix="/counter", template_folder="templates",
                          static_folder="static", static_url_path="/static")


@counter_pages.get("/")
def sign_in():
    return render_template("counter/sign_in.html")


@counter_pages.get("/<site>/<int:number>")
def counter_page(site: str, number: int):
    return render_template("counter/counter.html", site=site, number=number)


def init_app(app) -> None:
    app.register_blueprint(counter_pages)
