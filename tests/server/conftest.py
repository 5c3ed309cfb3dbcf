"""For server tests: the Flask app in-process (threading mode) on each database, with the demo centre seeded."""
from dataclasses import dataclass

import pytest

from server.app import create_app
from server.config import Config
from server.services.auth import Actor, authenticate, create_device, create_user, login
from server.services.demo import seed_demo
from server.services.setup import add_counter, add_sector, create_site


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


# A small centre built through the services: two sectors, two counters, officers, devices.


@dataclass
class Centre:
    site: str
    kiosk: Actor
    officer: Actor
    officer2: Actor
    keypad1: Actor
    keypad2: Actor
    outsider: Actor


@pytest.fixture
def centre(services) -> Centre:
    site_id = create_site(services, "hn", "Trung tâm Hà Nội", settings={"recall_limit": 2})
    add_sector(services, site_id, "a", "Đất đai", "Land", prefix="A", width=3, position=0)
    add_sector(services, site_id, "b", "Hộ tịch", "Civil status", prefix="B", width=3, position=1)
    c1 = add_counter(services, site_id, 1, "Quầy 1", [("a", "primary"), ("b", "backup")])
    c2 = add_counter(services, site_id, 2, "Quầy 2", [("b", "primary")])
    create_site(services, "hp", "Trung tâm Hải Phòng")
    create_user(services, "an", "matkhau-an", "Nguyễn Văn An", "officer", ["hn"])
    create_user(services, "binh", "matkhau-binh", "Trần Thị Bình", "officer", ["hn"])
    create_user(services, "cuong", "matkhau-cuong", "Lê Văn Cường", "officer", ["hp"])

    def user(name, password):
        return authenticate(services, login(services, name, password)[0])

    def device(site, kind, counter=None):
        return authenticate(services, create_device(services, site, kind, kind, counter))

    return Centre("hn", device(site_id, "kiosk"), user("an", "matkhau-an"), user("binh", "matkhau-binh"),
                  device(site_id, "keypad", c1), device(site_id, "keypad", c2), user("cuong", "matkhau-cuong"))
