"""Who is calling: a bearer token, or the officer's session cookie with a CSRF header."""
import hmac

from flask import current_app, g, request

from ..domain.errors import Forbidden
from ..services.auth import Actor, authenticate

SESSION_COOKIE = "motcua_session"
CSRF_COOKIE = "motcua_csrf"
CSRF_HEADER = "X-CSRF-Token"


def presented_token() -> tuple[str | None, bool]:
    """The token and whether it came from a cookie (which then needs a CSRF header)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def current_actor() -> Actor:
    if "actor" not in g:
        token, from_cookie = presented_token()
        if from_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
            check_csrf()
        g.actor = authenticate(current_app.extensions["motcua"], token)
    return g.actor


def check_csrf() -> None:
    """Double-submit: the header must repeat the CSRF cookie set at sign-in."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie, header):
        raise Forbidden("csrf_failed", "Phiên làm việc không hợp lệ (thiếu mã CSRF). Hãy tải lại trang.",
                        "Missing or wrong CSRF token. Reload the page.")
