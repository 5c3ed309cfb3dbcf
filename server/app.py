"""The application factory: nothing happens at import time."""
import importlib

from flask import Flask

from .config import Config
from .live.socket import SocketIOPublisher, socketio
from .services.clock import Clock, SystemClock
from .services.uow import Services
from .store.db import open_database

# Pages and APIs of the other parts, each attached by its own ``init_app(app)``.
PAGE_PACKAGES = ("counter.web", "display.web", "server.web.ratings", "server.web.lookup_page", "server.admin")


def create_app(config: Config | None = None, clock: Clock | None = None) -> Flask:
    config = config or Config()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=config.secret_key, JSON_SORT_KEYS=False, MOTCUA=config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    services = Services(open_database(config.database_url), clock or SystemClock(),
                        SocketIOPublisher(socketio), session_hours=config.session_hours)
    app.extensions["motcua"] = services

    from .live import events  # noqa: F401  (registers the Socket.IO handlers)
    from .web.api import api
    from .web.errors import register_error_handlers
    from .web.health import health
    from .web.openapi import openapi

    app.register_blueprint(health)
    app.register_blueprint(api)
    app.register_blueprint(openapi)
    register_error_handlers(app)
    for name in PAGE_PACKAGES:
        importlib.import_module(name).init_app(app)
    socketio.init_app(app, async_mode=config.async_mode, message_queue=config.message_queue)
    if config.run_scheduler:
        from .services.scheduler import start_day_end_scheduler
        start_day_end_scheduler(socketio, services)
    return app
