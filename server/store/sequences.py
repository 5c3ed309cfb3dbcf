"""Ticket numbers: one counter row per (site, sector, service day), bumped in the issuing transaction.

A single INSERT … ON CONFLICT DO UPDATE … RETURNING both creates the day's row and takes the
next value, in one round trip, on SQLite and PostgreSQL alike. The row lock it takes makes
concurrent issuers in the same sector queue up; the primary key makes a duplicate impossible.
"""
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import NumberSequence


def next_sequence(session: Session, site_id: int, sector_id: int, day: date) -> int:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(NumberSequence).values(
        site_id=site_id, sector_id=sector_id, service_day=day, last_value=1)
    statement = statement.on_conflict_do_update(
        index_elements=["site_id", "sector_id", "service_day"],
        set_={"last_value": NumberSequence.last_value + 1},
    ).returning(NumberSequence.last_value)
    return session.execute(statement).scalar_one()


def sequence_value(session: Session, site_id: int, sector_id: int, day: date) -> int:
    """How many numbers the sector has issued on ``day``."""
    value = session.scalar(select(NumberSequence.last_value).where(
        NumberSequence.site_id == site_id, NumberSequence.sector_id == sector_id,
        NumberSequence.service_day == day))
    return value or 0
