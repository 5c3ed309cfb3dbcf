"""The kiosk's settings: a TOML file (see deploy/kiosk/kiosk.toml), overridden by command-line options."""
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PRINTER_KINDS = ("usb", "serial", "network", "file", "png", "dummy")


@dataclass
class KioskConfig:
    server: str = "http://127.0.0.1:5000"
    token: str = ""
    site: str = "demo"
    host: str = "127.0.0.1"
    port: int = 8080
    language: str = "vi"
    paper_mm: int = 80
    printer: dict = field(default_factory=lambda: {"kind": "png", "folder": "var/printed"})
    heartbeat_seconds: float = 30.0
    return_seconds: int = 10
    sector_buttons: dict[str, int] = field(default_factory=dict)  # sector code → GPIO pin
    status_led: int | None = None
    mock_pins: bool = False

    @classmethod
    def load(cls, path: str | None, **overrides) -> "KioskConfig":
        data = {}
        if path:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            data.update(data.pop("kiosk", {}))
            gpio = data.pop("gpio", {})
            data.setdefault("sector_buttons", gpio.get("sector_buttons", {}))
            if "status_led" in gpio:
                data.setdefault("status_led", gpio["status_led"])
        data.update({k: v for k, v in overrides.items() if v is not None})
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:  # a misspelt setting would otherwise be ignored without a word
            raise SystemExit(f"motcua kiosk: unknown setting(s) {', '.join(unknown)} in {path}")
        config = cls(**data)
        if config.printer.get("kind") not in PRINTER_KINDS:
            raise SystemExit(f"motcua kiosk: printer kind must be one of {', '.join(PRINTER_KINDS)}")
        if config.paper_mm not in (58, 80):
            raise SystemExit("motcua kiosk: paper_mm must be 58 or 80")
        if not config.token:
            raise SystemExit("motcua kiosk: a device token is required (token = \"dev_…\" or --token)")
        return config
