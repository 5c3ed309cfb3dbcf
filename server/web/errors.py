"""Every failure becomes the same JSON shape, in one place: {"error": code, "message": text}."""
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from ..domain.errors import QueueError

STATUS = {"invalid": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "conflict": 409}


def wants_english() -> bool:
    if request.args.get("lang") in ("en", "vi"):
        return request.args["lang"] == "en"
    best = request.accept_languages.best_match(["vi", "en"], default="vi")
    return best == "en"


def error_response(code: str, vi: str, en: str, status: int, details: dict | None = None):
    body = {"error": code, "message": en if wants_english() else vi, "message_vi": vi, "message_en": en}
    if details:
        body["details"] = details
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QueueError)
    def _queue_error(error: QueueError):
        return error_response(error.code, error.vi, error.en, STATUS[error.kind], error.details)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if not request.path.startswith(("/api/", "/healthz")):
            return error
        messages = {
            404: ("not_found", "Không tìm thấy địa chỉ này.", "No such address."),
            405: ("method_not_allowed", "Phương thức không được hỗ trợ.", "Method not allowed."),
            400: ("bad_request", "Yêu cầu không hợp lệ.", "Bad request."),
            415: ("unsupported_media_type", "Cần gửi dữ liệu JSON.", "Send JSON."),
        }
        code, vi, en = messages.get(error.code, ("http_error", error.description, error.description))
        return error_response(code, vi, en, error.code)
