"""For server tests: the Flask app in-process (threading mode) on each database, with the demo centre seeded."""
import pytest

from server.app import create_app
from server.config import Config
from server.services.demo import seed_demo


@pytest.fixture
def app(database_url, clock):
    config = Config(database_url=database_url, async_mode="threading", secret_key="test-secret")
    config.run_scheduler = False
    app = create_app(config, clock=clock)
    app.config["TESTING"] = True
    app.demo = seed_demo(app.extensions["motcua"], "http://testserver")
    yield app
    app.extensions["motcua"].db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    return app.demo
