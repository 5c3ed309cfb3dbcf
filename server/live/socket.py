"""The Socket.IO server object, created unbound and attached in the app factory."""
from flask_socketio import SocketIO

socketio = SocketIO()


class SocketIOPublisher:
    """Sends each committed event once to its rooms (through Redis when several processes run)."""

    def __init__(self, server: SocketIO):
        self.server = server

    def publish(self, event) -> None:
        self.server.emit(event.name, event.payload, to=list(event.rooms))
