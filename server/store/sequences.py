"""Ticket numbers: one counter row per (site, sector, service day), bumped in the issuing transaction.

A single INSERT … ON CONFLICT DO UPDATE … RETURNING both creates the day's row and takes the
next value, in one round trip, on SQLite and PostgreSQL alike. The row lock it takes makes
concurrent issuers in the same sector queue up; the primary key makes a duplicate impossible.
"""
from datetime import date

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import NumberSequence


def _upsert(dialect):
    statement = dialect.insert(NumberSequence.__table__).values(
        site_id=bindparam("b_site"), sector_id=bindparam("b_sector"), service_day=bindparam("b_day"), last_value=1)
    return statement.on_conflict_do_update(
        index_elements=["site_id", "sector_id", "service_day"],
        set_={"last_value": NumberSequence.__table__.c.last_value + 1},
    ).returning(NumberSequence.__table__.c.last_value)


NEXT_VALUE = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}  # built once, run per ticket


def next_sequence(executor: Session | Connection, site_id: int, sector_id: int, day: date) -> int:
    bind = executor if isinstance(executor, Connection) else executor.get_bind()
    return executor.execute(NEXT_VALUE[bind.dialect.name],
                            {"b_site": site_id, "b_sector": sector_id, "b_day": day}).scalar_one()


def sequence_value(session: Session, site_id: int, sector_id: int, day: date) -> int:
    """How many numbers the sector has issued on ``day``."""
    value = session.scalar(select(NumberSequence.last_value).where(
        NumberSequence.site_id == site_id, NumberSequence.sector_id == sector_id,
        NumberSequence.service_day == day))
    return value or 0
