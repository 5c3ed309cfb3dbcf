"""Placeholder: filled in by its own issue."""


def init_app(app) -> None:
    """Attach this part's routes to the central server."""
