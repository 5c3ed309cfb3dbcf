"""End of the service day: what is still open becomes expired, nothing is deleted."""
from datetime import date

from .states import EXPIRABLE, Status


def should_expire(status: Status, ticket_day: date, today: date) -> bool:
    """A ticket of an earlier service day that never reached a final state expires."""
    return ticket_day < today and Status(status) in EXPIRABLE
