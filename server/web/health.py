"""Liveness and readiness for load balancers and the Pis' watchdogs."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from .. import __version__

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    services = current_app.extensions["motcua"]
    try:
        with services.read() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # report, don't crash: this is what the probe is for
        database = f"error: {type(error).__name__}"
    status = 200 if database == "ok" else 503
    return jsonify({"status": "ok" if status == 200 else "degraded", "database": database,
                    "version": __version__}), status
