"""Runs the end of day when a site's local date changes (checked every minute)."""
import logging

from .day_end import end_of_day

log = logging.getLogger(__name__)
CHECK_SECONDS = 60


def start_day_end_scheduler(socketio, services) -> None:
    def loop():
        while True:
            try:
                expired = end_of_day(services)
                if any(expired.values()):
                    log.info("end of day: expired %s", expired)
            except Exception:  # keep the loop alive on a database hiccup; try again next minute
                log.exception("end of day failed")
            socketio.sleep(CHECK_SECONDS)

    socketio.start_background_task(loop)
