"""Honest ratings: only that counter's device, only its just-finished ticket, within the window, once."""
import pytest
from sqlalchemy import func, select

from server.store.models import Rating, RatingRejection
from tests.support.http import bearer

SITE = "/api/v1/sites/demo"


@pytest.fixture
def finished(client, demo):
    """Counter 3 has just finished a ticket; returns (ticket id, counter 3's rating device token)."""
    client.post(f"{SITE}/tickets", json={"sector": "kinh-doanh"}, headers=bearer(demo["kiosk_token"]))
    keypad = bearer(demo["counters"][2]["keypad_token"])
    ticket = client.post(f"{SITE}/counters/3/next", headers=keypad).get_json()
    client.post(f"{SITE}/counters/3/finish", headers=keypad)
    return ticket["id"], demo["counters"][2]["display_token"]


def counts(app):
    with app.extensions["motcua"].read() as s:
        return (s.scalar(select(func.count()).select_from(Rating)),
                list(s.scalars(select(RatingRejection.reason).order_by(RatingRejection.id))))


def rate(client, token, ticket_id, score=3, counter=3, **extra):
    return client.post(f"{SITE}/counters/{counter}/rating", json={"ticket_id": ticket_id, "score": score, **extra},
                       headers=bearer(token))


def test_one_tap_stores_one_rating_bound_to_ticket_counter_and_officer(client, app, finished, demo):
    ticket_id, token = finished
    display = client.get(f"{SITE}/counters/3/display", headers=bearer(token)).get_json()
    assert display["awaiting_rating"]["ticket_id"] == ticket_id
    assert [level["vi"] for level in display["rating"]["levels"]] == ["Không hài lòng", "Hài lòng", "Rất hài lòng"]
    response = rate(client, token, ticket_id, score=1, reason="wait_long")
    assert response.status_code == 201
    with app.extensions["motcua"].read() as s:
        [rating] = s.scalars(select(Rating)).all()
        from server.store.models import User
        officer = s.get(User, rating.officer_id)
    assert (rating.ticket_id, rating.score, rating.scale, rating.reason_code) == (ticket_id, 1, 3, "wait_long")
    assert officer.username == "canbo3"
    assert client.get(f"{SITE}/counters/3/display", headers=bearer(token)).get_json()["awaiting_rating"] is None


def test_second_tap_late_tap_other_counter_and_unfinished_ticket_are_refused(client, app, finished, demo, clock):
    ticket_id, token = finished
    other_counter = demo["counters"][0]["display_token"]
    assert rate(client, other_counter, ticket_id, counter=3).get_json()["error"] == "wrong_counter"
    assert rate(client, other_counter, ticket_id, counter=1).get_json()["error"] == "rating_not_finished_here"
    assert rate(client, demo["counters"][2]["keypad_token"], ticket_id).status_code == 403  # the officer's keypad
    assert rate(client, token, ticket_id, score=9).status_code == 400
    assert counts(app)[0] == 0
    assert rate(client, token, ticket_id).status_code == 201
    second = rate(client, token, ticket_id)
    assert second.status_code == 409 and second.get_json()["error"] == "rating_already_rated"
    # a ticket that is called but not finished
    client.post(f"{SITE}/tickets", json={"sector": "kinh-doanh"}, headers=bearer(demo["kiosk_token"]))
    called = client.post(f"{SITE}/counters/3/next", headers=bearer(demo["counters"][2]["keypad_token"])).get_json()
    assert rate(client, token, called["id"]).get_json()["error"] == "rating_not_finished_here"
    # finished, but the window has passed
    client.post(f"{SITE}/counters/3/finish", headers=bearer(demo["counters"][2]["keypad_token"]))
    clock.advance(seconds=61)
    late = rate(client, token, called["id"])
    assert late.status_code == 409 and late.get_json()["message"] == "Đã hết thời gian đánh giá cho lượt phục vụ này."
    stored, rejected = counts(app)
    assert stored == 1
    assert rejected == ["wrong_counter", "not_finished_here", "rating_device_only", "already_rated",
                        "not_finished_here", "window_closed"]
