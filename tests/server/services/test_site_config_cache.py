"""The issuing path caches a site's configuration per process; a change made anywhere applies to the next ticket."""
import pytest
from sqlalchemy import select

from server.domain.errors import Conflict, NotFound
from server.services.admin_config import save_priority, save_sector
from server.services.auth import authenticate, create_user, login
from server.services.issuing import issue_ticket
from server.services.uow import Services
from server.store.db import open_database
from server.store.models import Site


@pytest.fixture
def other_process(services):
    """A second Services on the same database: its own configuration cache, as another server process has."""
    other = Services(open_database(services.db.url), services.clock)
    yield other
    other.db.dispose()


@pytest.fixture
def admin(services):
    create_user(services, "quantri", "matkhau-quantri", "Quản trị", "admin", [])
    return authenticate(services, login(services, "quantri", "matkhau-quantri")[0])


def test_a_sector_change_made_elsewhere_applies_to_the_next_ticket(services, other_process, centre, admin):
    first = issue_ticket(other_process, centre.kiosk, "hn", "a")  # loads and caches the configuration
    assert first.ticket.number == "A001"
    save_sector(services, admin, "hn", {"code": "a", "name_vi": "Đất đai", "prefix": "D", "width": 4,
                                        "daily_quota": 2}, code="a")
    second = issue_ticket(other_process, centre.kiosk, "hn", "a")
    assert second.ticket.number == "D0002" and second.ticket.sector_name == "Đất đai"
    with pytest.raises(Conflict) as refused:  # the new quota of 2 holds at once
        issue_ticket(other_process, centre.kiosk, "hn", "a")
    assert refused.value.code == "sector_quota_reached"


def test_new_sectors_and_priority_categories_are_seen_at_once(services, other_process, centre, admin):
    issue_ticket(other_process, centre.kiosk, "hn", "b")
    with pytest.raises(NotFound):
        issue_ticket(other_process, centre.kiosk, "hn", "thue")
    save_sector(services, admin, "hn", {"code": "thue", "name_vi": "Thuế", "prefix": "T"})
    save_priority(services, admin, "hn", "nct", "Người cao tuổi", "Elderly")
    issued = issue_ticket(other_process, centre.kiosk, "hn", "thue", priority="nct")
    assert issued.ticket.number == "T001" and issued.ticket.priority == "nct"


def test_changes_that_do_not_touch_the_configuration_keep_the_version(services, centre):
    def version():
        with services.read() as s:
            return s.scalar(select(Site.config_version).where(Site.code == "hn"))

    before = version()
    for _ in range(3):
        issue_ticket(services, centre.kiosk, "hn", "a")
    assert version() == before
