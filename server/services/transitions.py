"""Apply one state change to a ticket and append its event: the only place tickets move."""
from datetime import datetime

from sqlalchemy.orm import Session

from ..domain.states import Action, Status, next_status
from ..store.models import Ticket, TicketEvent
from .auth import Actor


def move(session: Session, ticket: Ticket, action: Action, by: Actor | None, now: datetime,
         counter_id: int | None = None, officer_id: int | None = None, **detail) -> Status:
    """Move ``ticket`` by ``action`` (or raise Conflict) and record who, where and when.

    ``officer_id`` names the officer a keypad acts for; by default the acting user.
    """
    before = ticket.status
    after = next_status(Status(before), action)
    ticket.status = after.value
    if action is Action.CALL:
        ticket.called_at, ticket.started_at, ticket.recalls = now, None, 0
        ticket.counter_id = counter_id
    elif action is Action.RECALL:
        ticket.recalls += 1
    elif action is Action.START:
        ticket.started_at = now
    elif action is Action.FINISH:
        ticket.finished_at = now
    session.add(TicketEvent(
        ticket_id=ticket.id, site_id=ticket.site_id, action=action.value, from_status=before,
        to_status=after.value, at=now, sector_id=ticket.sector_id, counter_id=counter_id,
        officer_id=officer_id or (by.officer_id if by else None), device_id=by.device_id if by else None,
        detail=detail,
    ))
    return after
