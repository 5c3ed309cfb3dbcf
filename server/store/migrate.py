"""Run Alembic migrations from code (``motcua db upgrade`` and the tests)."""
from pathlib import Path

from alembic import command
from alembic.config import Config

from .db import normalise_url

HERE = Path(__file__).parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE / "migrations"))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
