import pytest

from tests.support.databases import new_sqlite_url
from tests.support.live_server import start_live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server per test module (eventlet, SQLite, demo seeded)."""
    tmp = tmp_path_factory.mktemp("counter")
    (tmp / "db").mkdir()
    live = start_live_server(new_sqlite_url(tmp / "db"), tmp)
    yield live
    live.stop()


def sign_in(page, server, number: int):
    """Sign the officer of counter ``number`` in through the page; lands on the counter page."""
    officer = server.counter(number)["officer"]
    page.goto(server.url("/counter/"))
    page.fill("#username", officer["username"])
    page.fill("#password", officer["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"**/counter/demo/{number}")
    page.wait_for_function("document.getElementById('state').textContent !== ''")
