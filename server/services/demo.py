"""A demo centre with the sectors of the brief, eight counters, officers and device tokens.

Running it again keeps the data but issues fresh passwords and tokens (only hashes are stored,
so old ones cannot be shown again) and writes them out.
"""
import secrets

from sqlalchemy import select

from ..store.models import Counter, Device, Site, User
from .auth import (
    authenticate,
    create_device,
    create_user,
    forget_device,
    login,
    set_password,
)
from .counters import change_counter_state
from .setup import add_counter, add_sector, create_site
from .uow import Services

SITE = "demo"
SECTORS = [
    # code, Vietnamese, English, first number, hours
    ("dat-dai", "Đất đai", "Land", 1001, ""),
    ("kinh-doanh", "Đăng ký kinh doanh", "Business registration", 2001, ""),
    ("ho-tich", "Hộ tịch", "Civil status", 3001, ""),
    ("ldtbxh", "Lao động – Thương binh và Xã hội", "Labour, Invalids and Social Affairs", 4001, ""),
    ("xay-dung", "Xây dựng", "Construction", 5001, ""),
    ("chung-thuc", "Chứng thực", "Certification", 6001, ""),
    ("thue", "Thuế", "Tax", 7001, ""),
]
COUNTERS = [
    (1, ["dat-dai"], ["xay-dung"]), (2, ["dat-dai"], []), (3, ["kinh-doanh"], ["thue"]),
    (4, ["ho-tich"], ["chung-thuc"]), (5, ["ldtbxh"], []), (6, ["xay-dung"], ["dat-dai"]),
    (7, ["chung-thuc"], ["ho-tich"]), (8, ["thue"], ["kinh-doanh"]),
]
OFFICER_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
                 "Vũ Thị Giang", "Đặng Văn Hùng", "Bùi Thị Lan"]


def seed_demo(services: Services, base_url: str) -> dict:
    """Create (or refresh) the demo site; returns the credentials scripts need."""
    with services.read() as s:
        site = s.scalar(select(Site).where(Site.code == SITE))
    if site is None:
        site_id = _create(services)
    else:
        site_id = site.id
        with services.write() as uow:  # revoke the old tokens: only the new file is valid
            for device in uow.session.scalars(select(Device).where(Device.site_id == site_id,
                                                                  Device.revoked_at.is_(None))):
                device.revoked_at = services.clock.now()
                forget_device(device.token_hash)
    admin_password = _password()
    _ensure_user(services, "admin", admin_password, "Quản trị viên", "admin", [])
    credentials = {
        "base_url": base_url, "site": SITE, "sectors": [code for code, *_ in SECTORS],
        "kiosk_token": create_device(services, site_id, "kiosk", "Kiosk sảnh chính"),
        "display_token": create_device(services, site_id, "display", "Màn hình sảnh"),
        "admin": {"username": "admin", "password": admin_password},
        "supervisor": {"username": "giamsat", "password": _password()},
        "counters": [],
    }
    _ensure_user(services, "giamsat", credentials["supervisor"]["password"], "Ngô Thị Giám Sát", "supervisor", [SITE])
    with services.read() as s:
        counter_ids = dict(s.execute(select(Counter.number, Counter.id).where(Counter.site_id == site_id)).all())
    for (number, primary, backup), officer_name in zip(COUNTERS, OFFICER_NAMES):
        username, password = f"canbo{number}", _password()
        _ensure_user(services, username, password, officer_name, "officer", [SITE])
        credentials["counters"].append({
            "number": number, "sectors": primary + backup,
            "keypad_token": create_device(services, site_id, "keypad", f"Bàn phím quầy {number}", counter_ids[number]),
            "display_token": create_device(services, site_id, "rating", f"Màn hình quầy {number}", counter_ids[number]),
            "officer": {"username": username, "password": password},
        })
        _sign_in_at_counter(services, username, password, number)
    return credentials


def _sign_in_at_counter(services: Services, username: str, password: str, number: int) -> None:
    """Staff each demo counter so its keypad token works straight away."""
    token, _ = login(services, username, password)
    change_counter_state(services, authenticate(services, token), SITE, number, "open")


def _create(services: Services) -> int:
    site_id = create_site(services, SITE, "Trung tâm Phục vụ hành chính công (demo)",
                          "Public Administrative Service Centre (demo)",
                          address="Số 1 Đường Lê Lợi, Phường Bến Nghé", settings={
                              "recall_limit": 3,
                              "ticker": "Trung tâm làm việc từ 7 giờ 30 đến 17 giờ, từ thứ Hai đến thứ Sáu. "
                                        "Công dân có thể tra cứu số thứ tự bằng mã QR trên phiếu."})
    for position, (code, vi, en, first, hours) in enumerate(SECTORS):
        add_sector(services, site_id, code, vi, en, width=4, first_number=first, hours=hours, position=position)
    for number, primary, backup in COUNTERS:
        add_counter(services, site_id, number, f"Quầy {number}",
                    [(c, "primary") for c in primary] + [(c, "backup") for c in backup])
    return site_id


def _ensure_user(services: Services, username: str, password: str, name: str, role: str, sites: list[str]):
    with services.read() as s:
        exists = s.scalar(select(User.id).where(User.username == username))
    if exists:
        set_password(services, username, password)
    else:
        create_user(services, username, password, name, role, sites)


def _password() -> str:
    return secrets.token_urlsafe(9)
