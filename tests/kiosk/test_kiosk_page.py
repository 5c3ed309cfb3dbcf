"""The touch page in Debian's chromium, a real kiosk program, a real server."""
import sqlite3
from datetime import datetime, timedelta, timezone

from server.services.setup import add_sector
from server.services.uow import Services
from server.store.db import open_database


def tickets_in(server, sector):
    with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as db:
        return db.execute("SELECT t.number FROM tickets t JOIN sectors s ON s.id = t.sector_id "
                          "WHERE s.code = ? ORDER BY t.id", (sector,)).fetchall()


def test_touch_a_sector_shows_the_number_and_prints_it(page, kiosk, server, artifacts_dir):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(kiosk.url)
    page.wait_for_selector("button.sector[data-sector='ho-tich']:has-text('Đang chờ: 0')")
    page.screenshot(path=str(artifacts_dir / "kiosk-start-1280x800.png"))
    page.click("button.sector[data-sector='ho-tich']")
    page.wait_for_selector("#result:visible")
    number = page.inner_text("#number")
    assert [row[0] for row in tickets_in(server, "ho-tich")] == [number]
    assert page.inner_text("#print-message") == ""
    page.wait_for_function("document.getElementById('ticket-image').naturalWidth === 576")  # the printed image
    printed = list(kiosk.printed.glob(f"*-{number}.png"))
    assert len(printed) == 1
    page.screenshot(path=str(artifacts_dir / "kiosk-result-1280x800.png"))
    page.wait_for_selector("#start button.sector:not([disabled])", timeout=10000)  # back to the start by itself
    page.wait_for_selector("#result", state="hidden")


def test_a_double_touch_makes_one_ticket(page, kiosk, server):
    page.goto(kiosk.url)
    page.wait_for_selector("button.sector[data-sector='chung-thuc']")
    before = len(tickets_in(server, "chung-thuc"))
    page.dblclick("button.sector[data-sector='chung-thuc']")
    page.wait_for_selector("#result:visible")
    page.wait_for_timeout(500)
    assert len(tickets_in(server, "chung-thuc")) == before + 1
    assert len(list(kiosk.printed.glob("*.png"))) == 1


def test_priority_choice_reaches_the_ticket(page, kiosk, server):
    page.goto(kiosk.url)
    page.click("#priority-toggle")
    page.click("#priority-list button[data-priority='elderly']")
    page.click("button.sector[data-sector='thue']")
    page.wait_for_selector("#result-sector:has-text('Ưu tiên')")


def test_a_sector_outside_its_hours_cannot_be_chosen_and_says_why(page, kiosk, server):
    services = Services(open_database(server.database_url))
    local = datetime.now(timezone.utc) + timedelta(hours=7)
    hours = "00:00-01:00" if local.hour >= 2 else "22:00-23:00"
    with services.read() as s:
        from server.store.models import Site
        site_id = s.query(Site.id).filter(Site.code == "demo").scalar()
    add_sector(services, site_id, "tu-phap", "Tư pháp", "Justice", hours=hours, position=20)
    services.db.dispose()
    kiosk.state.refresh()
    page.goto(kiosk.url)
    button = page.wait_for_selector("button.sector[data-sector='tu-phap']")
    assert button.is_disabled()
    assert "giờ cấp số" in button.inner_text()
    page.click("#lang")
    page.wait_for_selector("button.sector[data-sector='tu-phap']:has-text('hours')")
