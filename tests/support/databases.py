"""Real databases for tests: a migrated SQLite file per test, and PostgreSQL when it is reachable."""
import shutil
import socket
import uuid
from pathlib import Path

import sqlalchemy as sa

from server.store.migrate import upgrade

PG_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def postgres_available() -> bool:
    if not port_open(5432):
        return False
    try:
        engine = sa.create_engine(PG_ADMIN_URL)
        with engine.connect() as c:
            c.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def redis_available() -> bool:
    return port_open(6379)


_template: dict = {}


def new_sqlite_url(tmp_path: Path) -> str:
    """A fresh migrated SQLite database (copied from a template migrated once per session)."""
    if "path" not in _template:
        template = Path(tmp_path.parent.parent) / f"template-{uuid.uuid4().hex}.db"
        upgrade(f"sqlite:///{template}")
        _template["path"] = template
    target = tmp_path / "motcua.db"
    shutil.copy(_template["path"], target)
    return f"sqlite:///{target}"


def _create_database(name: str, template: str | None = None) -> str:
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()
    return f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"


def new_postgres_url() -> str:
    """A fresh migrated PostgreSQL database (cloned from a template migrated once per session)."""
    if "pg" not in _template:
        name = f"motcua_tpl_{uuid.uuid4().hex[:12]}"
        upgrade(_create_database(name))
        _template["pg"] = name
    return _create_database(f"motcua_test_{uuid.uuid4().hex[:12]}", _template["pg"])


def drop_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def drop_templates() -> None:
    """Remove the session's template databases and files."""
    if "pg" in _template:
        drop_postgres(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{_template.pop('pg')}")
    if "path" in _template:
        _template.pop("path").unlink(missing_ok=True)
