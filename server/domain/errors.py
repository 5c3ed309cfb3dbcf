"""Domain errors: a stable code plus a message in Vietnamese and English.

The web layer turns each kind into one HTTP status, in one place.
"""


class QueueError(Exception):
    """Base of every rule violation. ``kind`` picks the HTTP status."""

    kind = "conflict"

    def __init__(self, code: str, vi: str, en: str, **details):
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en
        self.details = details


class NotFound(QueueError):
    kind = "not_found"


class InvalidInput(QueueError):
    kind = "invalid"


class Conflict(QueueError):
    kind = "conflict"


class Unauthorized(QueueError):
    kind = "unauthorized"


class Forbidden(QueueError):
    kind = "forbidden"
