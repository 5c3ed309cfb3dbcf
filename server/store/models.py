"""The tables. Column names say what they hold; booleans are booleans."""
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict: JSON}


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    settings: Mapped[dict] = mapped_column(default=dict)
    # Bumped once per committed change; live events carry it so clients can spot a gap.
    event_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # Bumped in the same transaction as any change to the site, its sectors or priority categories
    # (store/config_version.py), so a process can tell whether its cached configuration is current.
    config_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    sectors: Mapped[list["Sector"]] = relationship(back_populates="site", order_by="Sector.position")


class Sector(Base):
    __tablename__ = "sectors"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(4), default="")
    width: Mapped[int] = mapped_column(Integer, default=3)
    first_number: Mapped[int] = mapped_column(Integer, default=1)
    hours: Mapped[str] = mapped_column(String(200), default="")
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    default_service_seconds: Mapped[int] = mapped_column(Integer, default=600)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    site: Mapped[Site] = relationship(back_populates="sectors")


class PriorityCategory(Base):
    __tablename__ = "priority_categories"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | supervisor | officer
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class UserSite(Base):
    __tablename__ = "user_sites"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)


class AuthSession(Base):
    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Counter(Base):
    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("site_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(10), default="closed")  # open | paused | closed
    state_since: Mapped[datetime | None] = mapped_column(nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True, name="fk_counters_current_ticket"), nullable=True)
    last_finished_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True, name="fk_counters_last_finished"), nullable=True)
    assignments: Mapped[list["CounterSector"]] = relationship(
        order_by="CounterSector.position", cascade="all, delete-orphan")


class CounterSector(Base):
    __tablename__ = "counter_sectors"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="primary")  # primary | backup
    position: Mapped[int] = mapped_column(Integer, default=0)
    sector: Mapped[Sector] = relationship()


class CounterShift(Base):
    """Who staffed which counter, from when to when."""

    __tablename__ = "counter_shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(20))  # kiosk | display | keypad | rating
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(nullable=True)
    health: Mapped[dict] = mapped_column(default=dict)


class NumberSequence(Base):
    """The last number issued per (site, sector, service day): the only source of numbers."""

    __tablename__ = "number_sequences"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("site_id", "origin_sector_id", "service_day", "sequence", name="uq_ticket_number"),
        UniqueConstraint("site_id", "idempotency_key", name="uq_ticket_idempotency"),
        Index("ix_tickets_queue", "site_id", "status", "sector_id", "issued_at"),
        Index("ix_tickets_day", "site_id", "service_day"),
        # A sector's queue length and recent services today, read on every issue (index-only count).
        Index("ix_tickets_sector_day", "site_id", "sector_id", "service_day", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    origin_sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    service_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    priority_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    called_at: Mapped[datetime | None] = mapped_column(nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    lookup_code: Mapped[str] = mapped_column(String(16), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(80), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    sector: Mapped[Sector] = relationship(foreign_keys=[sector_id])


class TicketEvent(Base):
    """Append-only: every transition of every ticket. Reports are computed from these rows."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_site_at", "site_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    detail: Mapped[dict] = mapped_column(default=dict)


class Rating(Base):
    """One satisfaction rating per ticket, bound to the counter and officer that served it."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    score: Mapped[int] = mapped_column(Integer)  # 1 = least satisfied … scale = most satisfied
    scale: Mapped[int] = mapped_column(Integer)  # 3, 4 or 5 levels
    reason_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    dossier_code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    at: Mapped[datetime]


class RatingRejection(Base):
    """A refused rating attempt, kept so that nobody can quietly stuff the figures."""

    __tablename__ = "rating_rejections"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]


class AuditEntry(Base):
    """Who changed which configuration, when, from what to what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))  # create | update | delete | revoke | …
    entity: Mapped[str] = mapped_column(String(40))  # site | sector | counter | user | device | …
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    before: Mapped[dict] = mapped_column(default=dict)
    after: Mapped[dict] = mapped_column(default=dict)
