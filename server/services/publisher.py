"""Where committed changes go: Socket.IO in the server, a list in tests."""
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class LiveEvent:
    name: str
    payload: dict
    rooms: tuple[str, ...]


class Publisher(Protocol):
    def publish(self, event: LiveEvent) -> None: ...


@dataclass
class RecordingPublisher:
    """Keeps every event; used by tests and by scripts that run without Socket.IO."""

    events: list[LiveEvent] = field(default_factory=list)

    def publish(self, event: LiveEvent) -> None:
        self.events.append(event)

    def named(self, name: str) -> list[LiveEvent]:
        return [e for e in self.events if e.name == name]


def site_room(site_code: str) -> str:
    return f"site:{site_code}"


def counter_room(site_code: str, counter_number: int) -> str:
    return f"counter:{site_code}:{counter_number}"
