"""bisik-relay: `serve` runs the relay; `inspect` prints everything its database holds."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from dataclasses import asdict
from pathlib import Path

import platformdirs

from app.relay.backends import BadDatabaseUrl, Database, notifier_for, open_store, parse_db
from app.relay.config import DAY, RelayConfig
from app.relay.ratelimit import RateLimits
from app.relay.storage import RelayStore, Table

DB_HELP = "a SQLite path, sqlite:///path, or postgresql://user@host/database"
CELL_MAX = 72  # longer values (envelope bytes) are shortened in the text form of `inspect`


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("bisik-relay", appauthor=False)) / "relay.sqlite3"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bisik-relay", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the relay")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    serve.add_argument("--db", default=None, help=f"{DB_HELP}; default: {default_db()}")
    serve.add_argument("--ttl-days", type=float, default=14.0)
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")
    # For tests and benchmarks: expiry in seconds, sweep period, and rate limits scaled (0 = off).
    serve.add_argument("--ttl-seconds", type=float, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--sweep-interval", type=float, default=60.0, help=argparse.SUPPRESS)
    serve.add_argument("--rate-limit-scale", type=float, default=1.0, help=argparse.SUPPRESS)
    serve.add_argument("--mailbox-quota", type=int, default=None, help=argparse.SUPPRESS)

    inspect = commands.add_parser("inspect", help="print everything the relay database holds")
    inspect.add_argument("--db", required=True, help=DB_HELP)
    inspect.add_argument("--json", action="store_true", help="one JSON object, values in full")
    return parser


def _bound_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _parse(db: str) -> Database | None:
    """`--db` parsed, or None after printing why it is not a database."""
    try:
        return parse_db(db)
    except BadDatabaseUrl as error:
        print(f"bisik-relay: {error}", file=sys.stderr)
        return None


def _open(database: Database) -> RelayStore | None:
    """The store, or None after printing why not (with the URL's password left out)."""
    try:
        return open_store(database)
    except Exception as error:  # psycopg's errors name the host and user, never the password
        print(f"bisik-relay: cannot open {database}: {error}", file=sys.stderr)
        return None


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.relay.server import create_app

    if (args.ssl_certfile is None) != (args.ssl_keyfile is None):
        print("bisik-relay: give both --ssl-certfile and --ssl-keyfile", file=sys.stderr)
        return 2
    database = _parse(args.db or str(default_db()))
    if database is None:
        return 2
    if database.kind == "sqlite":
        Path(database.target).parent.mkdir(parents=True, exist_ok=True)
    defaults = RelayConfig()
    config = RelayConfig(
        ttl_seconds=args.ttl_seconds if args.ttl_seconds is not None else args.ttl_days * DAY,
        sweep_interval=args.sweep_interval,
        mailbox_quota=args.mailbox_quota or defaults.mailbox_quota,
        rate_limits=RateLimits().scaled(args.rate_limit_scale),
    )
    try:
        sock = _bound_socket(args.host, args.port)
    except OSError as error:
        print(f"bisik-relay: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    store = _open(database)
    if store is None:
        sock.close()
        return 1
    app = create_app(config, store, notifier_for(database), database.storage_threads)
    host, port = sock.getsockname()[:2]
    scheme = "https" if args.ssl_certfile else "http"
    print(f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}", flush=True)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            loop="uvloop",
            http="httptools",
            access_log=False,
            log_level="warning",
            server_header=False,
            ssl_certfile=args.ssl_certfile,
            ssl_keyfile=args.ssl_keyfile,
            timeout_graceful_shutdown=1,
        )
    )
    server.run(sockets=[sock])
    return 0


def _render(tables: list[Table]) -> str:
    def cell(text: str) -> str:
        return text if len(text) <= CELL_MAX else f"{text[:CELL_MAX]}… ({len(text)} characters)"

    lines = []
    for table in tables:
        count = len(table.rows)
        lines += [f"== {table.name}: {count} row{'' if count == 1 else 's'} ==", table.meaning]
        for number, row in enumerate(table.rows, 1):
            lines.append(f"  #{number}")
            lines += [
                f"    {name}: {cell(value)}" for name, value in zip(table.columns, row, strict=True)
            ]
        lines.append("")
    return "\n".join(lines)


def inspect(args: argparse.Namespace) -> int:
    database = _parse(args.db)
    if database is None:
        return 2
    if database.kind == "sqlite" and not Path(database.target).is_file():
        print(f"bisik-relay: no database at {database}", file=sys.stderr)
        return 1
    store = _open(database)
    if store is None:
        return 1
    try:
        tables = store.inventory()
    finally:
        store.close()
    if args.json:
        print(json.dumps({table.name: asdict(table) for table in tables}, indent=1))
    else:
        print(_render(tables))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return serve(args) if args.command == "serve" else inspect(args)
    except BrokenPipeError:  # the reader went away (`inspect | head`): nothing went wrong here
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
