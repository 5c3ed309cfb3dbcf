"""The ``motcua`` command. Heavy imports happen inside each command, after monkey-patching."""
import argparse
import gc
import getpass
import importlib
import json
import os
import secrets
import sys
import warnings
from pathlib import Path

# Device programs live in their own packages and parse their own options.
DEVICE_PROGRAMS = {
    "kiosk": ("kiosk.program", "Run the kiosk program on a Pi (touch page + printer)"),
    "keypad": ("counter.keypad", "Run the counter keypad program (GPIO buttons)"),
    "rating-keypad": ("display.rating_keypad", "Run the 3-button rating keypad (GPIO)"),
}


def _patch_for(async_mode: str, database_url: str) -> None:
    """Green threads must patch the standard library (and psycopg2) before anything imports it."""
    postgres = database_url.startswith(("postgres", "postgresql"))
    if async_mode == "eventlet":
        with warnings.catch_warnings():  # a deliberate choice, documented in docs/api.md
            warnings.simplefilter("ignore")
            import eventlet
        eventlet.monkey_patch()
        if postgres:
            from psycogreen.eventlet import patch_psycopg
            patch_psycopg()
    elif async_mode == "gevent":
        from gevent import monkey
        monkey.patch_all()
        if postgres:
            from psycogreen.gevent import patch_psycopg
            patch_psycopg()


def _config(args):
    from .config import Config
    overrides = {k: v for k, v in {
        "database_url": getattr(args, "database_url", None), "host": getattr(args, "host", None),
        "port": getattr(args, "port", None), "message_queue": getattr(args, "message_queue", None),
        "async_mode": getattr(args, "async_mode", None)}.items() if v is not None}
    config = Config(**overrides)
    if getattr(args, "no_scheduler", False):
        config.run_scheduler = False
    return config


def _quiet_garbage_collector() -> None:
    """Keep full garbage collections rare: each walks every object of every connected screen.

    With 1,000 screens connected, one full collection paused the process for about 200 ms, and the
    call that happened to wait for it reached the screens that much later (bench.call_to_screen:
    p99 221–233 ms before, 85–100 ms after). Objects made while starting up are frozen (never
    walked again), and young collections run every 50,000 allocations instead of 700. Reference
    cycles are then collected later: +5 MB of resident memory after 18,600 tickets.
    """
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def cmd_serve(args) -> None:
    mode = args.async_mode or os.environ.get("MOTCUA_ASYNC_MODE", "eventlet")
    _patch_for(mode, args.database_url or os.environ.get("MOTCUA_DATABASE_URL", ""))
    from .app import create_app
    from .live.socket import socketio
    config = _config(args)
    config.async_mode = mode
    app = create_app(config)
    print(f"motcua: serving on http://{config.host}:{config.port} ({mode}, {app.extensions['motcua'].db.dialect})",
          flush=True)
    extra = {"allow_unsafe_werkzeug": True} if mode == "threading" else {}
    if mode == "eventlet":  # eventlet's default cap is 1,024 simultaneous connections: too few for wall screens
        extra["max_size"] = args.max_connections
    _quiet_garbage_collector()
    socketio.run(app, host=config.host, port=config.port, log_output=args.access_log, **extra)


def _services(args):
    from .services.uow import Services
    from .store.db import open_database
    return Services(open_database(_config(args).database_url))


def cmd_db_upgrade(args) -> None:
    from .store.migrate import upgrade
    url = _config(args).database_url
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    upgrade(url)
    print("motcua: database is up to date")


def cmd_demo(args) -> None:
    from .services.demo import seed_demo
    config = _config(args)
    credentials = seed_demo(_services(args), args.base_url or config.base_url)
    text = json.dumps(credentials, ensure_ascii=False, indent=2)
    if args.credentials:
        path = Path(args.credentials)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        path.chmod(0o600)
    print(text)


def cmd_create_admin(args) -> None:
    from .services.auth import create_user
    password = args.password
    if password is None:
        if sys.stdin.isatty():
            password = getpass.getpass("Password (8+ characters): ")
        else:
            password = secrets.token_urlsafe(12)
            print(f"Generated password: {password}")
    create_user(_services(args), args.username, password, args.name or args.username, "admin")
    print(f"motcua: admin '{args.username}' created")


def cmd_end_of_day(args) -> None:
    from .services.day_end import end_of_day
    print(json.dumps({"expired": end_of_day(_services(args), args.site)}))


def cmd_backup(args) -> None:
    from .services.maintenance import backup_sqlite
    url = _config(args).database_url
    if not url.startswith("sqlite"):
        raise SystemExit("motcua backup: PostgreSQL is backed up with pg_dump (see docs/backup.md)")
    print(f"motcua: backup written to {backup_sqlite(url, Path(args.target))}")


def cmd_purge(args) -> None:
    from .services.maintenance import purge_old_days
    if not args.archive and not args.no_archive:
        raise SystemExit("motcua purge: give --archive FILE.jsonl.gz (or --no-archive to delete without a copy)")
    counts = purge_old_days(_services(args), args.older_than, Path(args.archive) if args.archive else None)
    print(json.dumps(counts))


def _db_option(parser) -> None:
    parser.add_argument("--database-url", help="default: $MOTCUA_DATABASE_URL or sqlite:///var/motcua.db")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="motcua", description="Queue system for one-stop service centres")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="Run the central server")
    _db_option(serve)
    serve.add_argument("--host")
    serve.add_argument("--port", type=int, help="default: $MOTCUA_PORT or 5000")
    serve.add_argument("--message-queue", help="redis://… to share live events between processes")
    serve.add_argument("--async-mode", choices=["eventlet", "gevent", "threading"])
    serve.add_argument("--no-scheduler", action="store_true", help="do not run end of day in this process")
    serve.add_argument("--access-log", action="store_true")
    serve.add_argument("--max-connections", type=int, default=20000,
                       help="simultaneous connections per process under eventlet (default 20000)")
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="Database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="Apply migrations")
    _db_option(up)
    up.set_defaults(func=cmd_db_upgrade)

    demo = sub.add_parser("demo", help="Seed (or refresh) the demo centre and print its credentials")
    _db_option(demo)
    demo.add_argument("--credentials", help="also write the credentials JSON to this file")
    demo.add_argument("--base-url")
    demo.add_argument("--port", type=int)
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("create-admin", help="Create an administrator")
    _db_option(admin)
    admin.add_argument("username")
    admin.add_argument("--password")
    admin.add_argument("--name")
    admin.set_defaults(func=cmd_create_admin)

    eod = sub.add_parser("end-of-day", help="Expire tickets left from past days and close counters")
    _db_option(eod)
    eod.add_argument("--site")
    eod.set_defaults(func=cmd_end_of_day)

    backup = sub.add_parser("backup", help="Online backup of the SQLite database to a file")
    _db_option(backup)
    backup.add_argument("target")
    backup.set_defaults(func=cmd_backup)

    purge = sub.add_parser("purge", help="Archive then delete tickets and events older than the retention")
    _db_option(purge)
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    purge.add_argument("--archive", help="append the removed rows to this .jsonl.gz file first")
    purge.add_argument("--no-archive", action="store_true")
    purge.set_defaults(func=cmd_purge)

    for name, (_, help_text) in DEVICE_PROGRAMS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DEVICE_PROGRAMS:
        module = importlib.import_module(DEVICE_PROGRAMS[argv[0]][0])
        return module.main(argv[1:])
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
