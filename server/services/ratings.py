"""Storing satisfaction ratings, and the counter display's snapshot.

A refused attempt is rolled back and then written to ``rating_rejections`` in its own
transaction, so nobody can stuff the figures quietly.
"""
import logging

from sqlalchemy import select

from ..domain.calendar import service_day
from ..domain.errors import Forbidden
from ..domain.ratings import RatingConfig, RatingRefused, awaiting_rating, check_rating
from ..store.models import Rating, RatingRejection, Sector, Ticket, TicketEvent, User
from .auth import Actor, require_counter
from .board import site_summary
from .lookups import get_counter, get_site
from .publisher import counter_room
from .uow import Services
from .views import iso

log = logging.getLogger(__name__)


def submit_rating(services: Services, actor: Actor, site_code: str, number: int, ticket_id: int, score: int,
                  reason_code: str | None = None, dossier_code: str | None = None) -> dict:
    now = services.clock.now()
    context = {}
    try:
        with services.write() as uow:
            s = uow.session
            site = get_site(s, site_code)
            counter = get_counter(s, site, number, lock=True)
            context = {"site_id": site.id, "counter_id": counter.id, "device_id": actor.device_id}
            if actor.kind != "device" or actor.device_kind != "rating":
                raise Forbidden("rating_device_only", "Chỉ thiết bị đánh giá của quầy mới gửi được đánh giá.",
                                "Only the counter's rating device may send a rating.")
            require_counter(actor, site, counter, kinds=("rating",))
            ticket = s.get(Ticket, ticket_id) if isinstance(ticket_id, int) else None
            context["ticket_id"] = ticket.id if ticket else None
            rated = ticket is not None and s.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None
            config = RatingConfig.from_settings(site.settings)
            check_rating(config, score, reason_code, counter.last_finished_ticket_id, ticket_id,
                         ticket.finished_at if ticket and ticket.status == "done" else None, now, rated)
            rating = Rating(ticket_id=ticket.id, site_id=site.id, counter_id=counter.id,
                            officer_id=_officer_of(s, ticket), sector_id=ticket.sector_id, device_id=actor.device_id,
                            score=score, scale=config.scale, reason_code=reason_code,
                            dossier_code=(dossier_code or None), at=now)
            s.add(rating)
            uow.emit(site, "rating_received", {"counter": counter.number, "ticket_id": ticket.id},
                     (counter_room(site.code, counter.number),))
            return {"ok": True, "ticket_id": ticket.id, "score": score, "scale": config.scale}
    except (RatingRefused, Forbidden) as refusal:
        _log_rejection(services, context, getattr(refusal, "reason", refusal.code), now)
        raise


def _officer_of(s, ticket: Ticket) -> int | None:
    return s.scalar(select(TicketEvent.officer_id).where(TicketEvent.ticket_id == ticket.id,
                                                         TicketEvent.action == "finish")
                    .order_by(TicketEvent.id.desc()).limit(1))


def _log_rejection(services: Services, context: dict, reason: str, now) -> None:
    log.warning("rating refused: %s %s", reason, context)
    if not context.get("site_id"):
        return
    with services.write() as uow:
        uow.session.add(RatingRejection(reason=reason, at=now, **context))


def counter_display(services: Services, actor: Actor, site_code: str, number: int) -> dict:
    """What the citizen-facing screen at a counter shows: now serving, officer, and a pending rating."""
    now = services.clock.now()
    with services.read() as s:
        site = get_site(s, site_code)
        seq = site.event_seq
        counter = get_counter(s, site, number)
        require_counter(actor, site, counter, kinds=("rating",))
        current = s.get(Ticket, counter.current_ticket_id) if counter.current_ticket_id else None
        finished = s.get(Ticket, counter.last_finished_ticket_id) if counter.last_finished_ticket_id else None
        if finished is not None and finished.service_day != service_day(now, site.timezone):
            finished = None
        rated = finished is not None and s.scalar(select(Rating.id).where(Rating.ticket_id == finished.id)) is not None
        officer = s.get(User, counter.officer_id) if counter.officer_id else None
        config = RatingConfig.from_settings(site.settings)
        left = awaiting_rating(finished.finished_at if finished else None, now, rated, config)
        sector = s.get(Sector, current.sector_id) if current else None
        return {
            "site": site_summary(site), "seq": seq, "server_time": iso(now),
            "counter": {"number": counter.number, "name": counter.name, "state": counter.state},
            "officer": {"name": officer.display_name} if officer else None,
            "current": {"id": current.id, "number": current.number, "status": current.status,
                        "priority": current.priority_code, "sector_name": sector.name_vi,
                        "sector_name_en": sector.name_en} if current else None,
            "awaiting_rating": {"ticket_id": finished.id, "number": finished.number, "seconds_left": left}
            if left > 0 else None,
            "rating": config.as_dict(),
        }
