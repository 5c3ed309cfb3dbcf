"""Queue rules as plain Python: no Flask, SQLAlchemy or hardware imports here."""
