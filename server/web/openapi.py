"""The OpenAPI 3.1 description of /api/v1, built from small helpers so it stays short."""
from flask import Blueprint, jsonify

from .. import __version__

openapi = Blueprint("openapi", __name__)

SITE = {"name": "site", "in": "path", "required": True, "schema": {"type": "string"}, "description": "Site code"}
COUNTER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
TICKET_ID = {"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: dict | str, description: str = "OK", status: str = "200") -> dict:
    body = ref(schema) if isinstance(schema, str) else schema
    return {status: {"description": description, "content": {"application/json": {"schema": body}}}}


ERRORS = {str(code): {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
          for code, text in ((400, "Invalid input"), (401, "Not signed in / bad token"),
                             (403, "Not allowed"), (404, "Unknown site, sector, counter or ticket"),
                             (409, "Not allowed in the current state"))}


def op(summary: str, responses: dict, params=(), body: str | None = None, public: bool = False,
       headers=()) -> dict:
    operation = {"summary": summary, "parameters": [*params, *headers], "responses": {**responses, **ERRORS}}
    if body:
        operation["requestBody"] = {"required": False, "content": {"application/json": {"schema": ref(body)}}}
    if public:
        operation["security"] = []
    return operation


def counter_op(summary: str) -> dict:
    return {"post": op(summary, ok("Ticket"), [SITE, COUNTER], "CounterAction")}


SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "message_vi": {"type": "string"}, "message_en": {"type": "string"}, "details": {"type": "object"}}},
    "WaitRange": {"type": "object", "properties": {"min_minutes": {"type": "integer"}, "max_minutes": {"type": "integer"}}},
    "Ticket": {"type": "object", "properties": {
        "id": {"type": "integer"}, "number": {"type": "string"}, "sector": {"type": "string"},
        "sector_name": {"type": "string"}, "sector_name_en": {"type": "string"},
        "status": {"type": "string", "enum": ["waiting", "called", "serving", "done", "on_hold", "transferred",
                                              "no_show", "cancelled", "expired"]},
        "priority": {"type": ["string", "null"]}, "issued_at": {"type": "string", "format": "date-time"},
        "called_at": {"type": ["string", "null"]}, "recalls": {"type": "integer"},
        "counter": {"type": ["integer", "null"]}}},
    "IssuedTicket": {"allOf": [ref("Ticket"), {"type": "object", "properties": {
        "waiting_ahead": {"type": "integer"}, "estimated_wait": ref("WaitRange"),
        "lookup_code": {"type": "string"}, "site_name": {"type": "string"}, "site_address": {"type": "string"}}}]},
    "IssueRequest": {"type": "object", "required": ["sector"], "properties": {
        "sector": {"type": "string"}, "priority": {"type": ["string", "null"]}}},
    "CounterAction": {"type": "object", "properties": {
        "ticket_id": {"type": "integer", "description": "The ticket the screen shows; a different current ticket gives 409 stale_ticket"},
        "sector": {"type": "string", "description": "Target sector (transfer only)"}}},
    "TicketAction": {"type": "object", "properties": {"reason": {"type": "string"}}},
    "Sector": {"type": "object", "properties": {
        "code": {"type": "string"}, "name_vi": {"type": "string"}, "name_en": {"type": "string"},
        "open": {"type": "boolean"}, "closed_reason": {"type": ["string", "null"]},
        "closed_message": {"type": ["string", "null"]}, "closed_message_en": {"type": ["string", "null"]},
        "waiting": {"type": "integer"}, "estimated_wait": ref("WaitRange"), "hours": {"type": "string"},
        "issued_today": {"type": "integer"}}},
    "Counter": {"type": "object", "properties": {
        "number": {"type": "integer"}, "name": {"type": "string"},
        "state": {"type": "string", "enum": ["open", "paused", "closed"]},
        "sectors": {"type": "array", "items": {"type": "object"}}, "current": {"oneOf": [ref("Ticket"), {"type": "null"}]}}},
    "Board": {"type": "object", "properties": {
        "site": {"type": "object"}, "seq": {"type": "integer"}, "server_time": {"type": "string"},
        "sectors": {"type": "array", "items": ref("Sector")}, "counters": {"type": "array", "items": ref("Counter")},
        "recent_calls": {"type": "array", "items": {"type": "object"}}, "ticker": {"type": "string"}}},
    "RatingRequest": {"type": "object", "required": ["ticket_id", "score"], "properties": {
        "ticket_id": {"type": "integer"}, "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "reason": {"type": ["string", "null"]}, "dossier_code": {"type": ["string", "null"]}}},
    "Login": {"type": "object", "required": ["username", "password"], "properties": {
        "username": {"type": "string"}, "password": {"type": "string"}}},
}

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Một cửa queue API", "version": __version__,
             "description": "Tickets, counters and live status for one-stop public service centres. "
                            "Live events: Socket.IO (join_site / join_counter), each with a per-site seq."},
    "components": {"schemas": SCHEMAS, "securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "description": "Officer session token (ses_…) or device token (dev_…)"}}},
    "security": [{"bearer": []}],
    "paths": {
        "/healthz": {"get": op("Liveness and database check", ok({"type": "object"}), public=True)},
        "/api/v1/auth/login": {"post": op("Officer sign-in; returns a session token and sets a cookie",
                                          ok({"type": "object"}), body="Login", public=True)},
        "/api/v1/auth/logout": {"post": op("Sign out", ok({"type": "object"}))},
        "/api/v1/auth/me": {"get": op("Who the token belongs to", ok({"type": "object"}))},
        "/api/v1/sites/{site}/sectors": {"get": op("Sectors: open/closed, waiting, estimated wait",
                                                   ok({"type": "object"}), [SITE])},
        "/api/v1/sites/{site}/tickets": {"post": op(
            "Issue a ticket (kiosk or officer)", {**ok("IssuedTicket", "Replayed: same ticket as before"),
                                                  **ok("IssuedTicket", "Issued", "201")}, [SITE], "IssueRequest",
            headers=[{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}])},
        "/api/v1/lookup/{code}": {"get": op("Public live status of one ticket", ok({"type": "object"}),
                                            [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                                            public=True)},
        "/api/v1/sites/{site}/board": {"get": op("Public wall-screen snapshot", ok("Board"), [SITE], public=True)},
        "/api/v1/sites/{site}/counters": {"get": op("Counters, who staffs them, unattended flags",
                                                     ok({"type": "object"}), [SITE])},
        "/api/v1/sites/{site}/counters/{number}": {"get": op("Counter snapshot with its waiting list",
                                                             ok({"type": "object"}), [SITE, COUNTER])},
        "/api/v1/sites/{site}/counters/{number}/next": {"post": op(
            "Finish the current ticket and call the next", {**ok("Ticket"), "204": {"description": "Nobody waits"}},
            [SITE, COUNTER], "CounterAction")},
        **{f"/api/v1/sites/{{site}}/counters/{{number}}/{name}": counter_op(summary) for name, summary in (
            ("recall", "Call the current ticket again"), ("start", "Start serving"), ("finish", "Finish"),
            ("no-show", "Mark the current ticket no-show"), ("hold", "Put the current ticket on hold"),
            ("transfer", "Move the current ticket to another sector's queue (keeps number and place)"))},
        **{f"/api/v1/sites/{{site}}/counters/{{number}}/{name}": {"post": op(summary, ok("Counter"), [SITE, COUNTER])}
           for name, summary in (("open", "Sign in at and open the counter"), ("pause", "Pause"),
                                 ("close", "Close and sign out"))},
        **{f"/api/v1/sites/{{site}}/tickets/{{ticket_id}}/{name}": {"post": op(summary, ok("Ticket"), [SITE, TICKET_ID],
                                                                             "TicketAction")}
           for name, summary in (("return", "Return a held ticket to the head of its queue"),
                                 ("reinstate", "Reinstate a no-show"), ("cancel", "Cancel a ticket"))},
        "/api/v1/sites/{site}/counters/{number}/rating": {"post": op(
            "A satisfaction rating from the counter's rating device, for the ticket it just finished",
            ok({"type": "object"}, "Stored", "201"), [SITE, COUNTER], "RatingRequest")},
        "/api/v1/sites/{site}/counters/{number}/display": {"get": op(
            "The counter display's snapshot: now serving, officer, pending rating", ok({"type": "object"}),
            [SITE, COUNTER])},
        "/api/v1/devices/heartbeat": {"post": op("Device health report", ok({"type": "object"}))},
        "/api/v1/sites/{site}/devices": {"get": op("Device health (supervisors)", ok({"type": "object"}), [SITE])},
        "/api/v1/sites/{site}/end-of-day": {"post": op("Expire what is left of past days now",
                                                       ok({"type": "object"}), [SITE])},
    },
}


@openapi.get("/api/v1/openapi.json")
def openapi_json():
    return jsonify(SPEC)
