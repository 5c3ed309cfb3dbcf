"""A per-process cache of what issuing a ticket needs to know about a site.

Loading a site, its sector and its priority categories through the ORM cost more than the
rest of issuing a ticket. The cache is checked against ``sites.config_version`` (bumped in
the same transaction as every change, store/config_version.py) inside each issuing
transaction, so a change made through any process applies to the very next ticket.
"""
import threading
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from ..domain.calendar import parse_hours
from ..domain.sectors import IssuingRule, NumberPattern
from ..store.models import PriorityCategory, Sector, Site
from .lookups import unknown_priority, unknown_sector, unknown_site


@dataclass(frozen=True)
class SectorConfig:
    id: int
    code: str
    name_vi: str
    name_en: str
    hours: str
    daily_quota: int | None
    enabled: bool
    default_service_seconds: int
    rule: IssuingRule
    pattern: NumberPattern


@dataclass(frozen=True)
class SiteConfig:
    id: int
    code: str
    name: str
    name_en: str
    address: str
    timezone: str
    version: int
    sectors: dict[str, SectorConfig]
    priorities: frozenset[str]

    def sector(self, code: str) -> SectorConfig:
        sector = self.sectors.get(code)
        if sector is None:
            raise unknown_sector(self, code)
        return sector

    def require_priority(self, code: str) -> None:
        if code not in self.priorities:
            raise unknown_priority(code)


CONFIG_VERSION = select(Site.id, Site.config_version).where(Site.code == bindparam("b_code"))


class SiteConfigCache:
    def __init__(self):
        self._sites: dict[str, SiteConfig] = {}
        self._lock = threading.Lock()

    def current(self, connection, site_code: str) -> SiteConfig:
        """The site's configuration as of this transaction, reloaded only when its version moved."""
        row = connection.execute(CONFIG_VERSION, {"b_code": site_code}).first()
        if row is None:
            raise unknown_site(site_code)
        cached = self._sites.get(site_code)
        if cached is not None and cached.id == row.id and cached.version == row.config_version:
            return cached
        config = _load(connection, row.id)
        with self._lock:
            self._sites[site_code] = config
        return config


def _load(connection, site_id: int) -> SiteConfig:
    site = connection.execute(select(Site.__table__).where(Site.id == site_id)).one()
    sectors = {
        s.code: SectorConfig(
            id=s.id, code=s.code, name_vi=s.name_vi, name_en=s.name_en, hours=s.hours,
            daily_quota=s.daily_quota, enabled=s.enabled, default_service_seconds=s.default_service_seconds,
            rule=IssuingRule(parse_hours(s.hours), s.daily_quota, s.enabled),
            pattern=NumberPattern(s.prefix, s.width, s.first_number))
        for s in connection.execute(select(Sector.__table__).where(Sector.site_id == site_id))
    }
    priorities = frozenset(connection.scalars(select(PriorityCategory.code)
                                              .where(PriorityCategory.site_id == site_id)))
    return SiteConfig(id=site.id, code=site.code, name=site.name, name_en=site.name_en, address=site.address,
                      timezone=site.timezone, version=site.config_version, sectors=sectors, priorities=priorities)
