"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from server.store.db import normalise_url
from server.store.migrate import upgrade
from server.store.models import Base


def test_migrations_and_models_agree(database_url):
    upgrade(database_url)
    engine = create_engine(normalise_url(database_url))
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
