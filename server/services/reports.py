"""Reports for a date range, grouped by day, sector, counter, officer or hour of day.

Every figure is rebuilt from the append-only ticket events (and the ratings table), so the
report agrees with the events exactly; tests compare it with a simulation's own records.
"""
import csv
import io
from collections import defaultdict
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select

from ..domain.calendar import local_time
from ..domain.errors import InvalidInput
from ..domain.ratings import RatingConfig
from ..domain.reports import Figures, TicketHistory, add_ticket
from ..store.models import Counter, Rating, Sector, Site, Ticket, TicketEvent, User
from .auth import Actor, require_role, require_site
from .lookups import get_site
from .uow import Services

GROUPS = ("day", "sector", "counter", "officer", "hour")


def ticket_histories(session, site: Site, start: date, end: date) -> list[TicketHistory]:
    sectors = dict(session.execute(select(Sector.id, Sector.code).where(Sector.site_id == site.id)).all())
    counters = dict(session.execute(select(Counter.id, Counter.number).where(Counter.site_id == site.id)).all())
    officers = dict(session.execute(select(User.id, User.display_name)).all())
    tickets = {t.id: t for t in session.scalars(select(Ticket).where(
        Ticket.site_id == site.id, Ticket.service_day >= start, Ticket.service_day <= end))}
    histories: dict[int, TicketHistory] = {}
    events = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(tickets))
                             .order_by(TicketEvent.ticket_id, TicketEvent.id)) if tickets else []
    for event in events:
        ticket = tickets[event.ticket_id]
        history = histories.get(ticket.id)
        if history is None:
            history = histories[ticket.id] = TicketHistory(
                ticket.id, sectors[ticket.origin_sector_id], ticket.issued_at, ticket.service_day.isoformat())
        if event.action == "call":
            history.first_called_at = history.first_called_at or event.at
            history.started_at = None
            history.last_called_at = event.at
        elif event.action == "start":
            history.started_at = event.at
        elif event.action == "finish":
            history.finished_at = event.at
            history.started_at = history.started_at or history.last_called_at
        if event.counter_id:
            history.counter = counters.get(event.counter_id)
        if event.officer_id:
            history.officer = officers.get(event.officer_id)
        history.final = event.to_status
    return list(histories.values())


def build_report(services: Services, actor: Actor, site_code: str, start: date, end: date, group: str,
                 target_minutes: float = 20) -> dict:
    if group not in GROUPS:
        raise InvalidInput("bad_group", "Cách nhóm không hợp lệ.", f"Group by one of {', '.join(GROUPS)}.")
    if end < start or (end - start).days > 366:
        raise InvalidInput("bad_range", "Khoảng ngày không hợp lệ (tối đa một năm).", "Invalid date range (at most a year).")
    with services.read() as s:
        site = get_site(s, site_code)
        require_role(actor, "admin", "supervisor")
        require_site(actor, site)
        scale = RatingConfig.from_settings(site.settings).scale
        histories = ticket_histories(s, site, start, end)
        ratings = s.execute(select(Rating.ticket_id, Rating.score).join(Ticket, Ticket.id == Rating.ticket_id).where(
            Ticket.site_id == site.id, Ticket.service_day >= start, Ticket.service_day <= end)).all()
    groups: dict[str, Figures] = defaultdict(lambda: Figures(scale=scale))
    key_of = {}
    for history in histories:
        key = group_key(history, group, site.timezone)
        key_of[history.ticket_id] = key
        add_ticket(groups[key], history)
    total = Figures(scale=scale)
    for history in histories:
        add_ticket(total, history)
    for ticket_id, score in ratings:
        figures = groups[key_of[ticket_id]]
        figures.ratings[score] = figures.ratings.get(score, 0) + 1
        total.ratings[score] = total.ratings.get(score, 0) + 1
    rows = [{"key": key, **groups[key].as_row(target_minutes)} for key in sorted(groups, key=_sort_key)]
    return {"site": site.code, "from": start.isoformat(), "to": end.isoformat(), "group": group, "scale": scale,
            "target_minutes": target_minutes, "rows": rows, "total": {"key": "Tổng", **total.as_row(target_minutes)}}


def group_key(history: TicketHistory, group: str, timezone: str) -> str:
    if group == "day":
        return history.day
    if group == "sector":
        return history.sector
    if group == "counter":
        return f"Quầy {history.counter}" if history.counter else "—"
    if group == "officer":
        return history.officer or "—"
    return f"{local_time(history.issued_at, timezone):%H}:00"


def _sort_key(key: str):
    digits = "".join(c for c in key if c.isdigit())
    return (int(digits) if digits and key.startswith("Quầy") else 0, key)


COLUMNS = [("key", "Nhóm"), ("issued", "Đã cấp"), ("served", "Đã phục vụ"), ("no_show", "Vắng mặt"),
           ("cancelled", "Đã hủy"), ("expired", "Hết hạn"), ("wait_avg", "Chờ TB (phút)"),
           ("wait_median", "Chờ trung vị"), ("wait_p90", "Chờ P90"), ("service_avg", "Phục vụ TB (phút)"),
           ("service_median", "Phục vụ trung vị"), ("service_p90", "Phục vụ P90"),
           ("within_target", "% trong mục tiêu"), ("ratings", "Lượt đánh giá"), ("satisfaction_rate", "% hài lòng")]


def columns(report: dict) -> list[tuple[str, str]]:
    return COLUMNS[:-1] + [(f"rating_{i}", f"Mức {i}") for i in range(1, report["scale"] + 1)] + COLUMNS[-1:]


def report_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    cols = columns(report)
    writer.writerow([title for _, title in cols])
    for row in [*report["rows"], report["total"]]:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in cols])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese correctly


def report_xlsx(report: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    cols = columns(report)
    sheet.append([title for _, title in cols])
    for row in [*report["rows"], report["total"]]:
        sheet.append([row[key] for key, _ in cols])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
