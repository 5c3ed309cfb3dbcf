"""Configuration from the environment, with a test subclass (microblog style)."""
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def _secret_key() -> str:
    """A stable secret per installation, kept in var/ unless MOTCUA_SECRET_KEY is given."""
    if os.environ.get("MOTCUA_SECRET_KEY"):
        return os.environ["MOTCUA_SECRET_KEY"]
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Config:
    database_url: str = field(default_factory=lambda: os.environ.get(
        "MOTCUA_DATABASE_URL", f"sqlite:///{VAR / 'motcua.db'}"))
    host: str = field(default_factory=lambda: os.environ.get("MOTCUA_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("MOTCUA_PORT", "5000")))
    message_queue: str | None = field(default_factory=lambda: os.environ.get("MOTCUA_MESSAGE_QUEUE") or None)
    async_mode: str = field(default_factory=lambda: os.environ.get("MOTCUA_ASYNC_MODE", "eventlet"))
    secret_key: str = field(default_factory=_secret_key)
    session_hours: float = 12.0
    public_base_url: str | None = field(default_factory=lambda: os.environ.get("MOTCUA_PUBLIC_URL") or None)
    run_scheduler: bool = True

    @property
    def base_url(self) -> str:
        return self.public_base_url or f"http://{self.host}:{self.port}"
