"""Device heartbeats: unattended Pis report their health; supervisors read it."""
from sqlalchemy import select

from ..domain.errors import InvalidInput
from ..store.models import Device
from .auth import Actor
from .uow import Services
from .views import iso

MAX_HEALTH_BYTES = 4000


def record_heartbeat(services: Services, actor: Actor, health: dict) -> dict:
    if actor.kind != "device":
        raise InvalidInput("not_a_device", "Chỉ thiết bị mới gửi tín hiệu hoạt động.", "Only devices send heartbeats.")
    if not isinstance(health, dict) or len(repr(health)) > MAX_HEALTH_BYTES:
        raise InvalidInput("bad_health", "Dữ liệu tình trạng thiết bị không hợp lệ.", "Invalid health report.")
    now = services.clock.now()
    with services.write() as uow:
        device = uow.session.get(Device, actor.id)
        device.last_seen_at = now
        device.health = health
    return {"ok": True, "server_time": iso(now)}


def device_health(services: Services, site_id: int) -> list[dict]:
    with services.read() as s:
        devices = s.scalars(select(Device).where(Device.site_id == site_id, Device.revoked_at.is_(None))
                            .order_by(Device.kind, Device.id))
        return [{"id": d.id, "kind": d.kind, "name": d.name, "counter_id": d.counter_id,
                 "last_seen_at": iso(d.last_seen_at), "health": d.health} for d in devices]
