"""Configuration changes by administrators (and counter moves by supervisors), each audited.

Every change is validated by the domain rules, applied in one transaction with its audit entry,
and takes effect at once: the services read the configuration from the database on every call.
"""
from sqlalchemy import delete, func, select

from ..domain.calendar import parse_hours, zone
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.priority import DEFAULT_CATEGORIES
from ..domain.ratings import SCALES
from ..domain.sectors import NumberPattern
from ..domain.states import EXPIRABLE
from ..store.models import (
    AuditEntry,
    Counter,
    CounterSector,
    Device,
    PriorityCategory,
    Sector,
    Site,
    Ticket,
    User,
    UserSite,
)
from .auth import (
    DEVICE_KINDS,
    Actor,
    create_device,
    forget_device,
    hash_password,
    require_role,
    require_site,
)
from .lookups import get_counter, get_sector, get_site
from .publisher import counter_room
from .tickets import emit_queue_change
from .uow import Services, UnitOfWork

SECTOR_FIELDS = ("code", "name_vi", "name_en", "prefix", "width", "first_number", "hours", "daily_quota",
                 "default_service_seconds")
SETTINGS = ("ticker", "announcement_template", "announcement_repeat", "number_reading", "rating_scale",
            "rating_window_seconds", "recall_limit")


def audit(uow: UnitOfWork, actor: Actor, site_id: int | None, action: str, entity: str, entity_id, before: dict,
          after: dict) -> None:
    uow.session.add(AuditEntry(at=uow.services.clock.now(), user_id=actor.officer_id, site_id=site_id, action=action,
                               entity=entity, entity_id=str(entity_id), before=before, after=after))


def _admin_site(uow: UnitOfWork, actor: Actor, site_code: str, *roles: str) -> Site:
    require_role(actor, *(roles or ("admin",)))
    site = get_site(uow.session, site_code)
    require_site(actor, site)
    return site


def _sector_values(data: dict) -> dict:
    values = {k: data.get(k) for k in SECTOR_FIELDS if k in data}
    code = (values.get("code") or "").strip()
    if "code" in values and not code.replace("-", "").isalnum():
        raise InvalidInput("bad_code", "Mã lĩnh vực chỉ gồm chữ, số và dấu gạch ngang.",
                           "A sector code has only letters, digits and hyphens.")
    if not (values.get("name_vi") or "").strip():
        raise InvalidInput("missing_name", "Cần nhập tên lĩnh vực (tiếng Việt).", "The Vietnamese name is required.")
    NumberPattern(values.get("prefix") or "", int(values.get("width") or 3), int(values.get("first_number") or 1))
    parse_hours(values.get("hours") or "")
    quota = values.get("daily_quota")
    if quota not in (None, "") and int(quota) < 1:
        raise InvalidInput("bad_quota", "Hạn mức số trong ngày phải lớn hơn 0.", "The daily quota must be positive.")
    values["daily_quota"] = int(quota) if quota not in (None, "") else None
    return values


def save_sector(services: Services, actor: Actor, site_code: str, data: dict, code: str | None = None) -> str:
    """Create a sector (``code`` None) or update one; returns its code."""
    values = _sector_values(data)
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        s = uow.session
        if code is None:
            if s.scalar(select(Sector.id).where(Sector.site_id == site.id, Sector.code == values["code"])):
                raise InvalidInput("sector_exists", f"Mã lĩnh vực «{values['code']}» đã có.", "This code exists.")
            position = s.scalar(select(func.count()).select_from(Sector).where(Sector.site_id == site.id))
            sector = Sector(site_id=site.id, enabled=True, position=position, **values)
            s.add(sector)
            s.flush()
            audit(uow, actor, site.id, "create", "sector", sector.code, {}, values)
        else:
            sector = get_sector(s, site, code)
            before = {k: getattr(sector, k) for k in values}
            for key, value in values.items():
                setattr(sector, key, value)
            audit(uow, actor, site.id, "update", "sector", sector.code, before, values)
        emit_queue_change(uow, site, "config_changed", {"entity": "sector"}, {sector.id}, services.clock.now())
        return sector.code


def delete_sector(services: Services, actor: Actor, site_code: str, code: str) -> None:
    """Refused while any ticket of today waits in it: nothing is ever lost."""
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        s = uow.session
        sector = get_sector(s, site, code)
        open_tickets = s.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.sector_id == sector.id, Ticket.status.in_([st.value for st in EXPIRABLE])))
        if open_tickets:
            raise Conflict("sector_has_tickets",
                           f"Không thể xóa: còn {open_tickets} vé đang chờ hoặc đang phục vụ trong lĩnh vực này. "
                           "Hãy tạm ngừng cấp số và chờ hết lượt.",
                           f"Cannot delete: {open_tickets} tickets are still open in this sector. Stop issuing first.")
        used = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.origin_sector_id == sector.id))
        if used:  # keep history: a sector with past tickets is disabled, not deleted
            sector.enabled = False
            audit(uow, actor, site.id, "disable", "sector", code, {"enabled": True}, {"enabled": False})
        else:
            s.execute(delete(CounterSector).where(CounterSector.sector_id == sector.id))
            s.delete(sector)
            audit(uow, actor, site.id, "delete", "sector", code, {"name_vi": sector.name_vi}, {})


def save_counter(services: Services, actor: Actor, site_code: str, number: int, name: str,
                 assignments: list[tuple[str, str]], create: bool = False) -> None:
    """Create a counter or change its sectors (primary/backup, in order) — supervisors may do the latter."""
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code, *(("admin",) if create else ("admin", "supervisor")))
        s = uow.session
        if create:
            if s.scalar(select(Counter.id).where(Counter.site_id == site.id, Counter.number == number)):
                raise InvalidInput("counter_exists", f"Quầy số {number} đã có.", f"Counter {number} exists.")
            counter = Counter(site_id=site.id, number=number, name=name or f"Quầy {number}", state="closed")
            s.add(counter)
            s.flush()
        else:
            counter = get_counter(s, site, number, lock=True)
        before = [(a.sector.code, a.role) for a in counter.assignments]
        if not assignments:
            raise InvalidInput("no_sectors", "Quầy phải phục vụ ít nhất một lĩnh vực.", "Choose at least one sector.")
        counter.assignments.clear()
        s.flush()
        seen = set()
        for position, (code, role) in enumerate(assignments):
            if role not in ("primary", "backup") or code in seen:
                raise InvalidInput("bad_assignment", "Mỗi lĩnh vực một lần, vai trò chính hoặc dự phòng.",
                                   "Each sector once, as primary or backup.")
            seen.add(code)
            counter.assignments.append(CounterSector(sector_id=get_sector(s, site, code).id, role=role, position=position))
        if name and not create:
            counter.name = name
        audit(uow, actor, site.id, "create" if create else "update", "counter", number, {"sectors": before},
              {"sectors": assignments, "name": counter.name})
        s.flush()
        uow.emit(site, "counter_changed", {"counter": {"number": counter.number, "name": counter.name,
                                                       "state": counter.state}},
                 (counter_room(site.code, counter.number),))


def save_officer(services: Services, actor: Actor, username: str, display_name: str, role: str,
                 site_codes: list[str], password: str | None = None, create: bool = False) -> None:
    with services.write() as uow:
        require_role(actor, "admin")
        s = uow.session
        user = s.scalar(select(User).where(User.username == username))
        if create:
            if user:
                raise InvalidInput("username_taken", f"Tên đăng nhập «{username}» đã tồn tại.", "Username taken.")
            if not password:
                raise InvalidInput("missing_password", "Cần đặt mật khẩu ban đầu.", "An initial password is required.")
            user = User(username=username, password_hash=hash_password(password), display_name=display_name,
                        role=role, active=True, created_at=services.clock.now())
            s.add(user)
            s.flush()
        elif user is None:
            raise NotFound("unknown_user", f"Không có người dùng «{username}».", f"No user '{username}'.")
        before = {"display_name": user.display_name, "role": user.role}
        user.display_name, user.role = display_name, role
        if password and not create:
            user.password_hash = hash_password(password)
        s.execute(delete(UserSite).where(UserSite.user_id == user.id))
        for code in site_codes:
            s.add(UserSite(user_id=user.id, site_id=get_site(s, code).id))
        audit(uow, actor, None, "create" if create else "update", "officer", username, before,
              {"display_name": display_name, "role": role, "sites": site_codes, "password_changed": bool(password)})


def register_device(services: Services, actor: Actor, site_code: str, kind: str, name: str,
                    counter_number: int | None) -> str:
    """A new device token, shown once to the administrator."""
    if kind not in DEVICE_KINDS:
        raise InvalidInput("bad_device_kind", "Loại thiết bị không hợp lệ.", "Unknown device kind.")
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        counter_id = get_counter(uow.session, site, counter_number).id if counter_number else None
        if kind in ("keypad", "rating") and counter_id is None:
            raise InvalidInput("counter_required", "Bàn phím và màn hình đánh giá phải gắn với một quầy.",
                               "Keypads and rating devices belong to one counter.")
        audit(uow, actor, site.id, "create", "device", name, {}, {"kind": kind, "counter": counter_number})
        site_id = site.id
    return create_device(services, site_id, kind, name, counter_id)


def revoke_device(services: Services, actor: Actor, site_code: str, device_id: int) -> None:
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        device = uow.session.get(Device, device_id)
        if device is None or device.site_id != site.id:
            raise NotFound("unknown_device", "Không có thiết bị này.", "No such device.")
        device.revoked_at = services.clock.now()
        forget_device(device.token_hash)
        audit(uow, actor, site.id, "revoke", "device", device_id, {"name": device.name}, {})


def update_settings(services: Services, actor: Actor, site_code: str, changes: dict) -> dict:
    if "rating_scale" in changes and int(changes["rating_scale"]) not in SCALES:
        raise InvalidInput("bad_scale", "Thang đánh giá phải có 3, 4 hoặc 5 mức.", "The scale has 3, 4 or 5 levels.")
    if "announcement_template" in changes:
        template = changes["announcement_template"]
        if "{number}" not in template or "{counter}" not in template:
            raise InvalidInput("bad_template", "Câu thông báo phải chứa {number} và {counter}.",
                               "The sentence must contain {number} and {counter}.")
    for key in ("announcement_repeat", "rating_window_seconds", "recall_limit"):
        if key in changes and not 0 < int(changes[key]) <= 3600:
            raise InvalidInput(f"bad_{key}", "Giá trị không hợp lệ.", f"Invalid {key}.")
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        before = {k: site.settings.get(k) for k in changes}
        site.settings = {**site.settings, **{k: v for k, v in changes.items() if k in SETTINGS or k == "rating_reasons"}}
        audit(uow, actor, site.id, "update", "settings", site.code, before, changes)
        uow.emit(site, "config_changed", {"entity": "settings"})
        return dict(site.settings)


def save_site(services: Services, actor: Actor, code: str, name: str, name_en: str, timezone: str, address: str,
              create: bool = False) -> None:
    zone(timezone)
    with services.write() as uow:
        require_role(actor, "admin")
        s = uow.session
        if create:
            if s.scalar(select(Site.id).where(Site.code == code)):
                raise InvalidInput("site_exists", f"Mã điểm «{code}» đã tồn tại.", "Site code exists.")
            site = Site(code=code, name=name, name_en=name_en, timezone=timezone, address=address, settings={},
                        event_seq=0)
            s.add(site)
            s.flush()
            for position, p in enumerate(DEFAULT_CATEGORIES):
                s.add(PriorityCategory(site_id=site.id, code=p.code, name_vi=p.name_vi, name_en=p.name_en,
                                       position=position))
            before = {}
        else:
            site = get_site(s, code)
            before = {"name": site.name, "name_en": site.name_en, "timezone": site.timezone, "address": site.address}
            site.name, site.name_en, site.timezone, site.address = name, name_en, timezone, address
        audit(uow, actor, site.id, "create" if create else "update", "site", code, before,
              {"name": name, "name_en": name_en, "timezone": timezone, "address": address})


def save_priority(services: Services, actor: Actor, site_code: str, code: str, name_vi: str, name_en: str,
                  remove: bool = False) -> None:
    with services.write() as uow:
        site = _admin_site(uow, actor, site_code)
        s = uow.session
        category = s.scalar(select(PriorityCategory).where(PriorityCategory.site_id == site.id,
                                                           PriorityCategory.code == code))
        if remove:
            if category:
                s.delete(category)
                audit(uow, actor, site.id, "delete", "priority", code, {"name_vi": category.name_vi}, {})
            return
        if not code or not name_vi:
            raise InvalidInput("missing_fields", "Cần mã và tên đối tượng ưu tiên.", "Code and name are required.")
        if category is None:
            s.add(PriorityCategory(site_id=site.id, code=code, name_vi=name_vi, name_en=name_en, position=99))
        else:
            category.name_vi, category.name_en = name_vi, name_en
        audit(uow, actor, site.id, "save", "priority", code, {}, {"name_vi": name_vi, "name_en": name_en})
