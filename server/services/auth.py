"""Who is acting: officers with a session token, devices with a device token.

Tokens are random and only their SHA-256 is stored; passwords use werkzeug's salted scrypt.
"""
import hashlib
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.errors import Forbidden, InvalidInput, Unauthorized
from ..store.models import AuthSession, Counter, Device, Site, User, UserSite
from .uow import Services

ROLES = ("admin", "supervisor", "officer")
DEVICE_KINDS = ("kiosk", "display", "keypad", "rating")
# werkzeug's default (scrypt) in production; the test suite sets a cheaper method so that seeding
# dozens of demo centres does not dominate its run time.
PASSWORD_METHOD = os.environ.get("MOTCUA_PASSWORD_METHOD", "scrypt")
# A dummy hash so a wrong username costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


@dataclass(frozen=True)
class Actor:
    kind: str  # "user" | "device"
    id: int
    name: str
    role: str | None = None  # users
    site_ids: frozenset[int] = field(default_factory=frozenset)  # users (admins: all)
    device_kind: str | None = None
    site_id: int | None = None  # devices
    counter_id: int | None = None  # keypad / rating / counter display

    @property
    def officer_id(self) -> int | None:
        return self.id if self.kind == "user" else None

    @property
    def device_id(self) -> int | None:
        return self.id if self.kind == "device" else None

    def may_use_site(self, site_id: int) -> bool:
        if self.kind == "device":
            return self.site_id == site_id
        return self.role == "admin" or site_id in self.site_ids


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise InvalidInput("weak_password", "Mật khẩu phải có ít nhất 8 ký tự.",
                           "The password must have at least 8 characters.")
    return generate_password_hash(password, method=PASSWORD_METHOD)


def login(services: Services, username: str, password: str) -> tuple[str, User]:
    """A new session token for a correct username and password."""
    with services.write() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
        if not (user and ok and user.active):
            raise Unauthorized("bad_credentials", "Sai tên đăng nhập hoặc mật khẩu.",
                               "Wrong username or password.")
        token = new_token("ses")
        now = services.clock.now()
        uow.session.add(AuthSession(user_id=user.id, token_hash=token_hash(token), created_at=now,
                                    expires_at=now + timedelta(hours=services.session_hours)))
    return token, user


def logout(services: Services, token: str) -> None:
    with services.write() as uow:
        session = uow.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
        if session and session.revoked_at is None:
            session.revoked_at = services.clock.now()


# Devices (kiosks, keypads, displays) call often; their tokens are looked up at most once per
# DEVICE_CACHE_SECONDS per process, so a revocation takes effect within that time.
DEVICE_CACHE_SECONDS = 30.0
_device_cache: dict[str, tuple[float, Actor]] = {}


def authenticate(services: Services, token: str | None) -> Actor:
    """The actor behind a bearer token, or Unauthorized with the reason."""
    if not token:
        raise Unauthorized("missing_token", "Cần đăng nhập hoặc mã thiết bị.",
                           "Sign in or present a device token.")
    digest = token_hash(token)
    now = services.clock.now()
    if token.startswith("dev_"):
        cached = _device_cache.get(digest)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    with services.read() as session:
        if token.startswith("dev_"):
            device = session.scalar(select(Device).where(Device.token_hash == digest))
            if device is None or device.revoked_at is not None:
                _device_cache.pop(digest, None)
                raise Unauthorized("bad_token", "Mã thiết bị không hợp lệ hoặc đã bị thu hồi.",
                                   "The device token is invalid or has been revoked.")
            actor = Actor("device", device.id, device.name, device_kind=device.kind,
                          site_id=device.site_id, counter_id=device.counter_id)
            if len(_device_cache) > 10_000:
                _device_cache.clear()
            _device_cache[digest] = (time.monotonic() + DEVICE_CACHE_SECONDS, actor)
            return actor
        row = session.execute(select(AuthSession, User).join(User, User.id == AuthSession.user_id)
                              .where(AuthSession.token_hash == digest)).first()
        if row is None or row.AuthSession.revoked_at is not None or not row.User.active:
            raise Unauthorized("bad_token", "Phiên đăng nhập không hợp lệ. Vui lòng đăng nhập lại.",
                               "Invalid session. Please sign in again.")
        if row.AuthSession.expires_at <= now:
            raise Unauthorized("session_expired", "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
                               "Your session has expired. Please sign in again.")
        user = row.User
        sites = frozenset(session.scalars(select(UserSite.site_id).where(UserSite.user_id == user.id)))
        return Actor("user", user.id, user.display_name, role=user.role, site_ids=sites)


def forget_device(digest: str) -> None:
    """Drop a revoked device from this process's cache at once (other processes: within 30 s)."""
    _device_cache.pop(digest, None)


def sites_of(services: Services, actor: Actor) -> list[dict]:
    """The sites an actor may use, for choosing one on a page."""
    with services.read() as session:
        sites = session.scalars(select(Site).order_by(Site.code)).all()
    return [{"code": s.code, "name": s.name, "name_en": s.name_en} for s in sites if actor.may_use_site(s.id)]


def require_site(actor: Actor, site: Site) -> None:
    if not actor.may_use_site(site.id):
        raise Forbidden("wrong_site", f"Bạn không có quyền tại {site.name}.",
                        f"You have no access to {site.name_en or site.name}.")


def require_role(actor: Actor, *roles: str) -> None:
    if actor.kind != "user" or actor.role not in roles:
        raise Forbidden("wrong_role", "Bạn không có quyền thực hiện thao tác này.",
                        "You are not allowed to do this.")


def require_device(actor: Actor, site: Site, *kinds: str) -> None:
    """Devices of these kinds at this site, or a signed-in user of the site."""
    require_site(actor, site)
    if actor.kind == "device" and actor.device_kind not in kinds:
        raise Forbidden("wrong_device", "Thiết bị này không được dùng cho thao tác này.",
                        "This device may not do this.")


def require_counter(actor: Actor, site: Site, counter: Counter, kinds: tuple[str, ...] = ("keypad",)) -> None:
    """Officers of the site, or a device of ``kinds`` bound to exactly this counter."""
    require_site(actor, site)
    if actor.kind == "device" and not (actor.device_kind in kinds and actor.counter_id == counter.id):
        raise Forbidden("wrong_counter", f"Thiết bị này không thuộc quầy số {counter.number}.",
                        f"This device does not belong to counter {counter.number}.")


def create_user(services: Services, username: str, password: str, display_name: str, role: str,
                site_codes: list[str] = ()) -> User:
    if role not in ROLES:
        raise InvalidInput("bad_role", f"Vai trò không hợp lệ: {role}.", f"Unknown role: {role}.")
    with services.write() as uow:
        s = uow.session
        if s.scalar(select(User).where(User.username == username)):
            raise InvalidInput("username_taken", f"Tên đăng nhập «{username}» đã tồn tại.",
                               f"The username '{username}' is taken.")
        user = User(username=username, password_hash=hash_password(password), display_name=display_name,
                    role=role, active=True, created_at=services.clock.now())
        s.add(user)
        s.flush()
        for code in site_codes:
            site = s.scalar(select(Site).where(Site.code == code))
            s.add(UserSite(user_id=user.id, site_id=site.id))
    return user


def set_password(services: Services, username: str, password: str) -> None:
    with services.write() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is None:
            raise InvalidInput("unknown_user", f"Không có người dùng «{username}».", f"No user '{username}'.")
        user.password_hash = hash_password(password)


def create_device(services: Services, site_id: int, kind: str, name: str,
                  counter_id: int | None = None) -> str:
    """Register a device and return its token, shown once and stored only as a hash."""
    if kind not in DEVICE_KINDS:
        raise InvalidInput("bad_device_kind", f"Loại thiết bị không hợp lệ: {kind}.", f"Unknown device kind: {kind}.")
    token = new_token("dev")
    with services.write() as uow:
        uow.session.add(Device(site_id=site_id, kind=kind, name=name, counter_id=counter_id,
                               token_hash=token_hash(token), created_at=services.clock.now(), health={}))
    return token
