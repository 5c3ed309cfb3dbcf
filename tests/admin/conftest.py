import pytest

from tests.support.databases import new_sqlite_url
from tests.support.live_server import start_live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("admin")
    (tmp / "db").mkdir()
    live = start_live_server(new_sqlite_url(tmp / "db"), tmp)
    yield live
    live.stop()


def sign_in(page, server, who: dict):
    page.goto(server.url("/admin/login"))
    page.fill("#username", who["username"])
    page.fill("#password", who["password"])
    page.click("button.primary")
