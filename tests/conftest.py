"""Fixtures every test reuses: databases, services with a fake clock, a live server, a browser."""
import os
from pathlib import Path

# Salted PBKDF2 with few rounds: still a real hash, but cheap enough to seed a centre per test.
os.environ.setdefault("MOTCUA_PASSWORD_METHOD", "pbkdf2:sha256:1000")

import pytest

from server.services.publisher import RecordingPublisher
from server.services.uow import Services
from server.store.db import open_database
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.databases import (
    drop_postgres,
    drop_templates,
    new_postgres_url,
    new_sqlite_url,
    postgres_available,
    redis_available,
)
from tests.support.fakes import FakeClock
from tests.support.live_server import start_live_server

ARTIFACTS = Path(__file__).parent / "artifacts"
_PG = None


def pg_ok() -> bool:
    global _PG
    if _PG is None:
        _PG = postgres_available()
    return _PG


def skip_or_fail(reason: str):
    """In CI a missing service is a failure (it must be there); elsewhere a clear skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must provide it: .ci/run starts it)")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _template_databases():
    yield
    drop_templates()


def _fresh_postgres():
    """A new PostgreSQL database for one test, dropped afterwards (a skip, or in CI a failure, without one)."""
    if not pg_ok():
        skip_or_fail("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = new_postgres_url()
    yield url
    drop_postgres(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that asks for a database runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield new_sqlite_url(tmp_path)
    else:
        yield from _fresh_postgres()


@pytest.fixture
def sqlite_url(tmp_path):
    return new_sqlite_url(tmp_path)


@pytest.fixture
def postgres_url():
    yield from _fresh_postgres()


@pytest.fixture
def redis_url():
    if not redis_available():
        skip_or_fail("Redis is not reachable at 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/0"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def services(database_url, clock):
    db = open_database(database_url)
    yield Services(db, clock, RecordingPublisher())
    db.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server process per test module (eventlet, SQLite, demo seeded), shared by its tests."""
    tmp = tmp_path_factory.mktemp("server")
    (tmp / "db").mkdir()
    live = start_live_server(new_sqlite_url(tmp / "db"), tmp)
    yield live
    live.stop()


@pytest.fixture
def live_server(tmp_path):
    """A real server process (eventlet, SQLite) with the demo centre seeded."""
    server = start_live_server(new_sqlite_url(tmp_path), tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail("Debian's chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
