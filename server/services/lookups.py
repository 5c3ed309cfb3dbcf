"""Find sites, sectors and counters by the codes people use, or say clearly what is missing."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..store.models import Counter, PriorityCategory, Sector, Site


def unknown_site(code: str) -> NotFound:
    return NotFound("unknown_site", f"Không tìm thấy điểm phục vụ «{code}».", f"No site '{code}'.")


def unknown_sector(site, code: str) -> NotFound:
    return NotFound("unknown_sector", f"Không có lĩnh vực «{code}» tại {site.name}.",
                    f"No sector '{code}' at {site.name_en or site.name}.")


def unknown_priority(code: str) -> NotFound:
    return NotFound("unknown_priority", f"Không có đối tượng ưu tiên «{code}».", f"No priority category '{code}'.")


def get_site(session: Session, code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise unknown_site(code)
    return site


def get_sector(session: Session, site: Site, code: str) -> Sector:
    sector = session.scalar(select(Sector).where(Sector.site_id == site.id, Sector.code == code))
    if sector is None:
        raise unknown_sector(site, code)
    return sector


def get_counter(session: Session, site: Site, number: int, lock: bool = False) -> Counter:
    query = select(Counter).where(Counter.site_id == site.id, Counter.number == number)
    if lock:
        query = query.with_for_update()
    counter = session.scalar(query)
    if counter is None:
        raise NotFound("unknown_counter", f"Không có quầy số {number} tại {site.name}.",
                       f"No counter {number} at {site.name_en or site.name}.")
    return counter


def get_priority(session: Session, site: Site, code: str) -> PriorityCategory:
    category = session.scalar(select(PriorityCategory).where(
        PriorityCategory.site_id == site.id, PriorityCategory.code == code))
    if category is None:
        raise unknown_priority(code)
    return category


def sectors_by_id(session: Session, site: Site) -> dict[int, Sector]:
    return {s.id: s for s in session.scalars(select(Sector).where(Sector.site_id == site.id))}
