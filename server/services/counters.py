"""Opening, pausing and closing counters, and who staffs them."""
from ..domain.errors import Conflict, Forbidden, InvalidInput
from .auth import Actor, require_counter
from .calling import set_state, staff_counter
from .lookups import get_counter, get_site
from .uow import Services
from .views import counter_view

STATES = ("open", "paused", "closed")


def change_counter_state(services: Services, actor: Actor, site_code: str, number: int, state: str) -> dict:
    """Open (sign in and staff), pause, or close (sign out) a counter."""
    if state not in STATES:
        raise InvalidInput("bad_state", "Trạng thái quầy không hợp lệ.", f"Unknown counter state {state}.")
    now = services.clock.now()
    with services.write() as uow:
        s = uow.session
        site = get_site(s, site_code)
        counter = get_counter(s, site, number, lock=True)
        require_counter(actor, site, counter)
        if actor.kind != "user":
            raise Forbidden("officer_only", "Chỉ cán bộ đăng nhập mới mở, tạm dừng hay đóng quầy.",
                            "Only a signed-in officer can open, pause or close a counter.")
        is_manager = actor.role in ("admin", "supervisor")
        if counter.officer_id not in (None, actor.id) and counter.state != "closed" and not is_manager:
            raise Conflict("counter_taken", f"Quầy số {counter.number} đang do cán bộ khác phụ trách.",
                           f"Another officer is signed in at counter {counter.number}.")
        if state == "open":
            if counter.state == "closed" or counter.officer_id is None:
                staff_counter(uow, site, counter, actor, now)
            elif counter.state == "paused":
                set_state(uow, site, counter, "open", now)
        elif state == "paused":
            if counter.state == "closed":
                raise Conflict("counter_closed", f"Quầy số {counter.number} đang đóng.",
                               f"Counter {counter.number} is closed.")
            if counter.state != "paused":
                set_state(uow, site, counter, "paused", now)
        elif counter.state != "closed":
            if counter.current_ticket_id is not None:
                raise Conflict("counter_busy", "Hãy hoàn thành, tạm hoãn hoặc chuyển vé đang phục vụ trước khi đóng quầy.",
                               "Finish, hold or transfer the current ticket before closing the counter.")
            set_state(uow, site, counter, "closed", now)
        return counter_view(counter, None).as_dict()
