import pytest

from tests.support.databases import new_sqlite_url
from tests.support.live_server import start_live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("display")
    (tmp / "db").mkdir()
    live = start_live_server(new_sqlite_url(tmp / "db"), tmp)
    yield live
    live.stop()


@pytest.fixture
def tv(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
