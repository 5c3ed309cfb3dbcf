"""The hand-written as_dict methods must stay in step with the dataclass fields."""
from dataclasses import asdict, fields

from server.domain.waits import WaitRange
from server.services.views import SectorView, TicketView


def test_ticket_view_as_dict_has_every_field():
    view = TicketView(id=1, number="A001", sector="ho-tich", sector_name="Hộ tịch", sector_name_en="Civil status",
                      status="waiting", priority=None, issued_at="2026-11-23T01:00:00Z", called_at=None, recalls=0,
                      counter=None)
    assert view.as_dict() == asdict(view)
    assert list(view.as_dict()) == [f.name for f in fields(TicketView)]


def test_sector_view_as_dict_has_every_field():
    view = SectorView(code="ho-tich", name_vi="Hộ tịch", name_en="Civil status", open=True, closed_reason=None,
                      closed_message=None, closed_message_en=None, waiting=3, estimated_wait=WaitRange(5, 9),
                      hours="07:30-11:30", issued_today=12)
    assert view.as_dict() == asdict(view)
    assert list(view.as_dict()) == [f.name for f in fields(SectorView)]
