"""``motcua kiosk``: the program on the kiosk's Pi — touch page on 127.0.0.1, printer, buttons, heartbeat."""
import argparse
import logging
import threading

from hardware.kiosk_gpio import SectorButtons, StatusLed, led_state
from hardware.printing.printers import make_printer, parse_printer
from server import __version__

from .app import create_kiosk_app
from .client import ServerClient, ServerRefused, ServerUnavailable
from .config import KioskConfig
from .desk import TicketDesk
from .state import SectorState

log = logging.getLogger(__name__)


def build(config: KioskConfig, pin_factory=None):
    """Wire the parts; returns (flask app, desk, state, stop) so tests can drive a real kiosk."""
    client = ServerClient(config.server, config.token, config.site)
    printer = make_printer(**config.printer)
    state = SectorState(client)
    desk = TicketDesk(client, printer, config.paper_mm, directory=state)
    stop = threading.Event()
    closers = [state.stop, stop.set]
    if config.status_led is not None:
        led = StatusLed(config.status_led, pin_factory=pin_factory)
        desk.health.listeners.append(lambda health: led.show(led_state(health.printer, health.last_error)))
        closers.append(led.close)
    if config.sector_buttons:
        buttons = SectorButtons(config.sector_buttons, desk.issue_from_button, pin_factory=pin_factory)
        closers.append(buttons.close)

    def heartbeat_loop():
        last_state = None
        while not stop.is_set():
            state_now = desk.check_printer()
            if state_now != last_state:
                log.info("kiosk: printer %s", state_now)
                last_state = state_now
            try:
                client.heartbeat({"version": __version__, "kind": "kiosk", **desk.health.as_dict()})
            except (ServerUnavailable, ServerRefused) as error:
                log.info("kiosk: heartbeat not delivered (%s)", error)
            stop.wait(config.heartbeat_seconds)

    threading.Thread(target=heartbeat_loop, daemon=True, name="heartbeat").start()
    state.follow(config.site)
    app = create_kiosk_app(desk, state, config.language, config.return_seconds)
    return app, desk, state, lambda: [close() for close in closers]


def read_config(argv: list[str]) -> KioskConfig:
    """Settings from ``--config FILE`` (TOML), then the command-line options over them."""
    parser = argparse.ArgumentParser(prog="motcua kiosk", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML file (see deploy/kiosk/kiosk.toml)")
    parser.add_argument("--server")
    parser.add_argument("--token")
    parser.add_argument("--site")
    parser.add_argument("--port", type=int)
    parser.add_argument("--language", choices=["vi", "en"])
    parser.add_argument("--paper-mm", type=int, choices=[58, 80])
    parser.add_argument("--printer", help="usb:VVVV:PPPP, network:HOST[:PORT], serial:DEVICE[:BAUD], file:PATH, "
                                          "png:FOLDER or dummy (overrides [printer] of the config file)")
    parser.add_argument("--png-dir", help="development printer: write each ticket as a PNG into this folder")
    parser.add_argument("--mock-pins", action="store_true", help="gpiozero's mock pins (no Pi needed)")
    args = parser.parse_args(argv)
    try:
        printer = parse_printer(args.printer) if args.printer else None
    except ValueError as error:
        parser.error(str(error))
    if args.png_dir:
        printer = {"kind": "png", "folder": args.png_dir}
    return KioskConfig.load(args.config, server=args.server, token=args.token, site=args.site, port=args.port,
                            language=args.language, paper_mm=args.paper_mm, printer=printer,
                            mock_pins=args.mock_pins or None)


def main(argv: list[str]) -> None:
    config = read_config(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    factory = None
    if config.mock_pins:
        from gpiozero.pins.mock import MockFactory
        factory = MockFactory()
    app, _, _, close = build(config, factory)
    print(f"motcua kiosk: touch page on http://{config.host}:{config.port}/ (server {config.server})", flush=True)
    try:
        from werkzeug.serving import run_simple
        run_simple(config.host, config.port, app, threaded=True)
    finally:
        close()
