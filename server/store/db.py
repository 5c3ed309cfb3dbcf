"""Engines and sessions.

SQLite: WAL, and writes open with BEGIN IMMEDIATE so two writers never both read a queue
head and then race to update it; reads use a second engine with ordinary deferred BEGIN.
PostgreSQL: one engine; the queue code locks rows itself (FOR UPDATE SKIP LOCKED).
"""
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .config_version import track_config_versions


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           pool_size=20, max_overflow=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    url: str
    writer: Engine
    reader: Engine
    write_session: sessionmaker
    read_session: sessionmaker

    @property
    def dialect(self) -> str:
        return self.writer.dialect.name

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and pick the psycopg2 driver explicitly."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def open_database(url: str) -> Database:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        writer = _sqlite_engine(url, immediate=True)
        reader = _sqlite_engine(url, immediate=False)
    else:
        writer = reader = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)
    write_session = sessionmaker(writer, expire_on_commit=False, class_=Session)
    track_config_versions(write_session)
    return Database(
        url=url, writer=writer, reader=reader, write_session=write_session,
        read_session=sessionmaker(reader, expire_on_commit=False, class_=Session),
    )
