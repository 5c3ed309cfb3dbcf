"""Ratings API: the counter display (or rating keypad) sends one rating per finished ticket."""
from flask import Blueprint, jsonify

from ..domain.errors import InvalidInput
from ..services.ratings import counter_display, submit_rating
from .api import json_body, optional_int, optional_str, services
from .auth import current_actor

ratings = Blueprint("ratings", __name__, url_prefix="/api/v1")


@ratings.post("/sites/<site>/counters/<int:number>/rating")
def rate(site, number):
    data = json_body()
    ticket_id, score = optional_int(data, "ticket_id"), optional_int(data, "score")
    if ticket_id is None or score is None:
        raise InvalidInput("missing_fields", "Thiếu mã vé hoặc mức đánh giá.", "ticket_id and score are required.")
    result = submit_rating(services(), current_actor(), site, number, ticket_id, score,
                           optional_str(data, "reason"), optional_str(data, "dossier_code"))
    return jsonify(result), 201


@ratings.get("/sites/<site>/counters/<int:number>/display")
def display_snapshot(site, number):
    return jsonify(counter_display(services(), current_actor(), site, number))


def init_app(app) -> None:
    app.register_blueprint(ratings)
