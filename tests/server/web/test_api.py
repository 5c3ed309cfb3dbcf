"""The REST API: the happy path, and every kind of bad input refused with its 4xx and nothing changed."""
import json

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from server.store.models import Ticket, TicketEvent
from tests.support.http import bearer

SITE = "/api/v1/sites/demo"


def db_state(app):
    with app.extensions["motcua"].read() as s:
        return (s.scalar(select(func.count()).select_from(Ticket)),
                s.scalar(select(func.count()).select_from(TicketEvent)),
                tuple(s.scalars(select(Ticket.status).order_by(Ticket.id))))


def test_openapi_is_a_valid_description_of_every_route(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    documented = {path.replace("{", "<").replace("}", ">") for path in spec["paths"]}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and "openapi" not in rule.rule and "<any(" not in rule.rule:
            normalised = rule.rule.replace("<int:", "<")
            assert any(normalised.split("<")[0] in d for d in documented), rule.rule


def test_health(client):
    assert client.get("/healthz").get_json()["database"] == "ok"


def test_issue_call_and_board(client, demo):
    kiosk = bearer(demo["kiosk_token"])
    response = client.post(f"{SITE}/tickets", json={"sector": "ho-tich", "priority": None}, headers=kiosk)
    assert response.status_code == 201
    body = response.get_json()
    assert {"id", "number", "sector", "status", "issued_at", "waiting_ahead", "estimated_wait",
            "lookup_code"} <= set(body)
    assert body["number"] == "3001"
    lookup = client.get(f"/api/v1/lookup/{body['lookup_code']}").get_json()
    assert lookup["number"] == "3001" and lookup["status"] == "waiting"
    called = client.post(f"{SITE}/counters/4/next", headers=bearer(demo["counters"][3]["keypad_token"]))
    assert called.status_code == 200 and called.get_json()["number"] == "3001"
    assert client.post(f"{SITE}/counters/7/next", headers=bearer(demo["counters"][6]["keypad_token"])).status_code == 204
    board = client.get(f"{SITE}/board").get_json()
    assert board["recent_calls"][0]["number"] == "3001" and board["recent_calls"][0]["counter"] == 4
    text = json.dumps(board, ensure_ascii=False)
    assert body["lookup_code"] not in text and "canbo" not in text and "Nguyễn" not in text


def test_idempotency_key_header(client, demo, app):
    kiosk = {**bearer(demo["kiosk_token"]), "Idempotency-Key": "kiosk-1-touch-77"}
    first = client.post(f"{SITE}/tickets", json={"sector": "thue"}, headers=kiosk)
    second = client.post(f"{SITE}/tickets", json={"sector": "thue"}, headers=kiosk)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert db_state(app)[0] == 1


@pytest.mark.parametrize("method, path, body, headers, status, code", [
    ("post", "/api/v1/sites/nowhere/tickets", {"sector": "thue"}, "kiosk", 404, "unknown_site"),
    ("post", f"{SITE}/tickets", {"sector": "nope"}, "kiosk", 404, "unknown_sector"),
    ("post", f"{SITE}/tickets", {}, "kiosk", 400, "missing_sector"),
    ("post", f"{SITE}/tickets", {"sector": 5}, "kiosk", 400, "bad_sector"),
    ("post", f"{SITE}/tickets", "{not json", "kiosk", 400, "malformed_json"),
    ("post", f"{SITE}/tickets", {"sector": "thue"}, None, 401, "missing_token"),
    ("post", f"{SITE}/tickets", {"sector": "thue"}, "wrong", 401, "bad_token"),
    ("post", f"{SITE}/tickets", {"sector": "thue"}, "keypad1", 403, "wrong_device"),
    ("post", f"{SITE}/counters/99/next", {}, "officer1", 404, "unknown_counter"),
    ("post", f"{SITE}/counters/2/next", {}, "keypad1", 403, "wrong_counter"),
    ("post", f"{SITE}/counters/1/finish", {}, "keypad1", 409, "no_current_ticket"),
    ("post", f"{SITE}/counters/1/transfer", {"sector": "thue"}, "keypad1", 409, "no_current_ticket"),
    ("post", f"{SITE}/tickets/1/reinstate", {}, "officer1", 409, "illegal_transition"),
    ("post", f"{SITE}/tickets/999/return", {}, "officer1", 404, "unknown_ticket"),
    ("get", "/api/v1/lookup/ZZZZZZZZ", None, None, 404, "unknown_ticket"),
    ("get", f"{SITE}/sectors", None, None, 401, "missing_token"),
    ("get", "/api/v1/no-such-thing", None, None, 404, "not_found"),
])
def test_bad_requests_get_a_clear_error_and_change_nothing(client, app, demo, method, path, body, headers,
                                                           status, code):
    client.post(f"{SITE}/tickets", json={"sector": "thue"}, headers=bearer(demo["kiosk_token"]))
    before = db_state(app)
    tokens = {"kiosk": demo["kiosk_token"], "wrong": "dev_not-a-token", "keypad1": demo["counters"][0]["keypad_token"]}
    if headers == "officer1":
        login = client.post("/api/v1/auth/login", json=demo["counters"][0]["officer"]).get_json()
        tokens["officer1"] = login["token"]
    kwargs = {"headers": bearer(tokens[headers]) if headers else {}}
    if isinstance(body, str):
        kwargs["data"], kwargs["content_type"] = body, "application/json"
    elif body is not None:
        kwargs["json"] = body
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    payload = response.get_json()
    assert payload["error"] == code
    assert payload["message"] and payload["message_en"]
    assert db_state(app) == before


def test_messages_follow_the_language_asked_for(client):
    vi = client.get("/api/v1/lookup/ZZZZZZZZ").get_json()["message"]
    en = client.get("/api/v1/lookup/ZZZZZZZZ", headers={"Accept-Language": "en"}).get_json()["message"]
    assert vi == "Không tìm thấy vé với mã này." and en == "No ticket has this code."


def test_sign_in_errors_and_expired_sessions(client, demo, clock):
    wrong = client.post("/api/v1/auth/login", json={"username": "canbo1", "password": "sai-mat-khau"})
    assert wrong.status_code == 401 and wrong.get_json()["message"] == "Sai tên đăng nhập hoặc mật khẩu."
    token = client.post("/api/v1/auth/login", json=demo["counters"][0]["officer"]).get_json()["token"]
    assert client.get("/api/v1/auth/me", headers=bearer(token)).status_code == 200
    clock.advance(hours=13)
    expired = client.get("/api/v1/auth/me", headers=bearer(token))
    assert expired.status_code == 401 and expired.get_json()["error"] == "session_expired"


def test_cookie_sessions_need_the_csrf_header(client, demo):
    client.post("/api/v1/auth/login", json=demo["counters"][1]["officer"])
    csrf = client.get_cookie("motcua_csrf").value
    refused = client.post(f"{SITE}/counters/2/pause")
    assert refused.status_code == 403 and refused.get_json()["error"] == "csrf_failed"
    accepted = client.post(f"{SITE}/counters/2/pause", headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 200 and accepted.get_json()["state"] == "paused"


def test_an_officer_of_another_site_cannot_act_on_this_sites_counters(client, app, demo):
    from server.services.auth import create_user
    from server.services.setup import create_site
    services = app.extensions["motcua"]
    create_site(services, "hp", "Trung tâm Hải Phòng")
    create_user(services, "hp-officer", "matkhau-hp-1", "Cán bộ Hải Phòng", "officer", ["hp"])
    token = client.post("/api/v1/auth/login", json={"username": "hp-officer", "password": "matkhau-hp-1"}).get_json()["token"]
    client.post(f"{SITE}/tickets", json={"sector": "thue"}, headers=bearer(demo["kiosk_token"]))
    before = db_state(app)
    refused = client.post(f"{SITE}/counters/8/next", headers=bearer(token))
    assert refused.status_code == 403 and refused.get_json()["error"] == "wrong_site"
    assert client.get(f"{SITE}/counters", headers=bearer(token)).status_code == 403
    assert db_state(app) == before


def test_counter_list_flags_a_counter_open_with_nobody_signed_in(client, demo, clock):
    supervisor = client.post("/api/v1/auth/login", json=demo["supervisor"]).get_json()["token"]
    listed = client.get(f"{SITE}/counters", headers=bearer(supervisor)).get_json()["counters"]
    assert [c["unattended"] for c in listed] == [False] * 8
    clock.advance(hours=13)  # every officer's session has expired, the counters are still open
    supervisor = client.post("/api/v1/auth/login", json=demo["supervisor"]).get_json()["token"]
    listed = client.get(f"{SITE}/counters", headers=bearer(supervisor)).get_json()["counters"]
    assert [c["unattended"] for c in listed] == [True] * 8
