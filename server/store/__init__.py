"""Persistence: SQLAlchemy models, engines and Alembic migrations. Only this package imports SQLAlchemy."""
