"""Creating sites, sectors and counters (used by the demo, the tests and later the admin pages)."""
from sqlalchemy import select

from ..domain.calendar import parse_hours, zone
from ..domain.errors import InvalidInput
from ..domain.priority import DEFAULT_CATEGORIES
from ..domain.sectors import NumberPattern
from ..store.models import Counter, CounterSector, PriorityCategory, Sector, Site
from .uow import Services


def create_site(services: Services, code: str, name: str, name_en: str = "", timezone: str = "Asia/Ho_Chi_Minh",
                address: str = "", settings: dict | None = None) -> int:
    zone(timezone)
    with services.write() as uow:
        s = uow.session
        if s.scalar(select(Site).where(Site.code == code)):
            raise InvalidInput("site_exists", f"Mã điểm «{code}» đã tồn tại.", f"Site code '{code}' exists.")
        site = Site(code=code, name=name, name_en=name_en, timezone=timezone, address=address,
                    settings=settings or {}, event_seq=0)
        s.add(site)
        s.flush()
        for position, category in enumerate(DEFAULT_CATEGORIES):
            s.add(PriorityCategory(site_id=site.id, code=category.code, name_vi=category.name_vi,
                                   name_en=category.name_en, position=position))
        return site.id


def add_sector(services: Services, site_id: int, code: str, name_vi: str, name_en: str = "", prefix: str = "",
               width: int = 3, first_number: int = 1, hours: str = "", daily_quota: int | None = None,
               default_service_seconds: int = 600, position: int = 0) -> int:
    NumberPattern(prefix, width, first_number)
    parse_hours(hours)
    if daily_quota is not None and daily_quota < 1:
        raise InvalidInput("bad_quota", "Hạn mức số trong ngày phải lớn hơn 0.", "The daily quota must be positive.")
    with services.write() as uow:
        sector = Sector(site_id=site_id, code=code, name_vi=name_vi, name_en=name_en, prefix=prefix, width=width,
                        first_number=first_number, hours=hours, daily_quota=daily_quota,
                        default_service_seconds=default_service_seconds, enabled=True, position=position)
        uow.session.add(sector)
        uow.session.flush()
        return sector.id


def add_counter(services: Services, site_id: int, number: int, name: str,
                sectors: list[tuple[str, str]]) -> int:
    """``sectors``: (sector code, "primary" | "backup") in the counter's order."""
    with services.write() as uow:
        s = uow.session
        counter = Counter(site_id=site_id, number=number, name=name, state="closed")
        s.add(counter)
        s.flush()
        for position, (code, role) in enumerate(sectors):
            if role not in ("primary", "backup"):
                raise InvalidInput("bad_role", "Vai trò lĩnh vực phải là chính hoặc dự phòng.",
                                   "A sector's role is primary or backup.")
            sector = s.scalar(select(Sector).where(Sector.site_id == site_id, Sector.code == code))
            if sector is None:
                raise InvalidInput("unknown_sector", f"Không có lĩnh vực «{code}».", f"No sector '{code}'.")
            s.add(CounterSector(counter_id=counter.id, sector_id=sector.id, role=role, position=position))
        return counter.id
