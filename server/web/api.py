"""The REST API under /api/v1: one service call per route."""
import secrets

from flask import Blueprint, current_app, jsonify, make_response, request

from ..domain.errors import InvalidInput
from ..domain.states import Action
from ..services import auth as auth_service
from ..services.board import board_snapshot, counter_list, counter_snapshot, sector_list
from ..services.calling import call_next, counter_action
from ..services.counters import change_counter_state
from ..services.day_end import end_of_day
from ..services.devices import device_health, record_heartbeat
from ..services.lookups import get_site
from ..services.issuing import issue_ticket
from ..services.tickets import act_on_ticket, lookup_ticket
from .auth import CSRF_COOKIE, SESSION_COOKIE, current_actor, presented_token

api = Blueprint("api", __name__, url_prefix="/api/v1")

COUNTER_ACTIONS = {"recall": Action.RECALL, "start": Action.START, "finish": Action.FINISH,
                   "no-show": Action.NO_SHOW, "hold": Action.HOLD, "transfer": Action.TRANSFER}
TICKET_ACTIONS = {"return": Action.RETURN, "reinstate": Action.REINSTATE, "cancel": Action.CANCEL}


def services():
    return current_app.extensions["motcua"]


def json_body() -> dict:
    """The request's JSON object; an empty body counts as {}."""
    if not request.get_data():
        return {}
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("malformed_json", "Dữ liệu gửi lên không phải JSON hợp lệ.",
                           "The request body is not a valid JSON object.")
    return data


def optional_str(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"bad_{key}", f"Trường «{key}» phải là chuỗi ký tự.", f"'{key}' must be a string.")
    return value


def optional_int(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise InvalidInput(f"bad_{key}", f"Trường «{key}» phải là số nguyên.", f"'{key}' must be an integer.")
    return value


@api.post("/auth/login")
def login():
    data = json_body()
    token, user = auth_service.login(services(), optional_str(data, "username") or "",
                                     optional_str(data, "password") or "")
    response = make_response(jsonify({"token": token, "user": {
        "username": user.username, "name": user.display_name, "role": user.role}}))
    secure = request.scheme == "https"
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24), samesite="Strict", secure=secure)
    return response


@api.post("/auth/logout")
def logout():
    current_actor()
    token, _ = presented_token()
    auth_service.logout(services(), token)
    response = make_response(jsonify({"ok": True}))
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@api.get("/auth/me")
def me():
    actor = current_actor()
    return jsonify({"kind": actor.kind, "id": actor.id, "name": actor.name, "role": actor.role,
                    "device_kind": actor.device_kind,
                    "sites": auth_service.sites_of(services(), actor)})


@api.get("/sites/<site>/sectors")
def sectors(site):
    return jsonify(sector_list(services(), current_actor(), site))


@api.post("/sites/<site>/tickets")
def issue(site):
    data = json_body()
    sector = optional_str(data, "sector")
    if not sector:
        raise InvalidInput("missing_sector", "Hãy chọn lĩnh vực.", "Choose a sector.")
    result = issue_ticket(services(), current_actor(), site, sector, optional_str(data, "priority"),
                          request.headers.get("Idempotency-Key"))
    response = jsonify(result.as_dict())
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
        return response, 200
    return response, 201


@api.get("/lookup/<code>")
def lookup(code):
    return jsonify(lookup_ticket(services(), code))


@api.get("/sites/<site>/board")
def board(site):
    return jsonify(board_snapshot(services(), site))


@api.get("/sites/<site>/counters")
def counters(site):
    return jsonify(counter_list(services(), current_actor(), site))


@api.get("/sites/<site>/counters/<int:number>")
def counter(site, number):
    return jsonify(counter_snapshot(services(), current_actor(), site, number))


@api.post("/sites/<site>/counters/<int:number>/next")
def next_ticket(site, number):
    data = json_body()
    ticket = call_next(services(), current_actor(), site, number, optional_int(data, "ticket_id"))
    if ticket is None:
        return "", 204
    return jsonify(ticket.as_dict())


@api.post("/sites/<site>/counters/<int:number>/<any(recall,start,finish,'no-show',hold,transfer):action>")
def act_at_counter(site, number, action):
    data = json_body()
    ticket = counter_action(services(), current_actor(), site, number, COUNTER_ACTIONS[action],
                            optional_int(data, "ticket_id"), optional_str(data, "sector"))
    return jsonify(ticket.as_dict())


@api.post("/sites/<site>/counters/<int:number>/<any(open,pause,close):state>")
def set_counter_state(site, number, state):
    json_body()
    target = {"open": "open", "pause": "paused", "close": "closed"}[state]
    return jsonify(change_counter_state(services(), current_actor(), site, number, target))


@api.post("/sites/<site>/tickets/<int:ticket_id>/<any(return,reinstate,cancel):action>")
def act_on(site, ticket_id, action):
    data = json_body()
    reason = optional_str(data, "reason")
    ticket = act_on_ticket(services(), current_actor(), site, ticket_id, TICKET_ACTIONS[action], reason)
    return jsonify(ticket.as_dict())


@api.post("/devices/heartbeat")
def heartbeat():
    return jsonify(record_heartbeat(services(), current_actor(), json_body()))


@api.get("/sites/<site>/devices")
def devices(site):
    actor = current_actor()
    auth_service.require_role(actor, "admin", "supervisor")
    with services().read() as s:
        site_row = get_site(s, site)
    auth_service.require_site(actor, site_row)
    return jsonify({"devices": device_health(services(), site_row.id)})


@api.post("/sites/<site>/end-of-day")
def run_end_of_day(site):
    actor = current_actor()
    auth_service.require_role(actor, "admin", "supervisor")
    with services().read() as s:
        auth_service.require_site(actor, get_site(s, site))
    return jsonify({"expired": end_of_day(services(), site)[site]})
