"""Socket.IO handlers. Clients join rooms here; all queue changes arrive as server events.

Client → server:
  ``join_site`` {site}: anyone (a public board); receives the site's public events.
  ``join_counter`` {site, counter, token}: a device of that counter or an officer of the site;
  receives that counter's events. Each ack carries the current ``seq``; on a gap or after a
  reconnect the client refetches the snapshot over HTTP.
"""
from flask import current_app, request
from flask_socketio import join_room

from ..domain.errors import QueueError
from ..services.auth import authenticate, require_counter
from ..services.lookups import get_counter, get_site
from ..services.publisher import counter_room, site_room
from .socket import socketio


def _services():
    return current_app.extensions["motcua"]


def _error(error: QueueError) -> dict:
    return {"ok": False, "error": error.code, "message": error.vi, "message_en": error.en}


@socketio.on("join_site")
def join_site(data):
    try:
        with _services().read() as s:
            site = get_site(s, str((data or {}).get("site", "")))
            seq = site.event_seq
    except QueueError as error:
        return _error(error)
    join_room(site_room(site.code))
    return {"ok": True, "seq": seq}


@socketio.on("join_counter")
def join_counter(data):
    data = data or {}
    try:
        actor = authenticate(_services(), data.get("token") or request.cookies.get("motcua_session"))
        with _services().read() as s:
            site = get_site(s, str(data.get("site", "")))
            counter = get_counter(s, site, int(data.get("counter", 0)))
            require_counter(actor, site, counter, kinds=("keypad", "rating"))
            seq = site.event_seq
    except QueueError as error:
        return _error(error)
    except (TypeError, ValueError):
        return {"ok": False, "error": "bad_request", "message": "Yêu cầu không hợp lệ.", "message_en": "Bad request."}
    join_room(counter_room(site.code, counter.number))
    return {"ok": True, "seq": seq}
