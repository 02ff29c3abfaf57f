"""The ``techstore`` command: serve, db, users, check, reports, demo, worker.

Each subcommand receives the container from ``techstore.main``; none reads
the environment itself.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from techstore.application.shared.errors import SchemaError
from techstore.domain.identity.rules import PASSWORD_MIN_LENGTH
from techstore.domain.shared.errors import DomainError, ValidationFailed
from techstore.entrypoints.cli.checks import check_accounts, check_money, check_stock
from techstore.entrypoints.cli.demo import seed_demo
from techstore.entrypoints.cli.worker import background_worker, run_worker
from techstore.entrypoints.http.logging import configure_logging

if TYPE_CHECKING:
    from techstore.container import Container

BuildContainer = Callable[[], "Container"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="techstore", description="TechStore: run and manage the store's server.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="apply pending migrations, then serve",
        description="Apply pending database migrations, then serve the app with uvicorn.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; 0.0.0.0 listens on every interface")
    serve.add_argument("--port", type=int, default=8000, help="TCP port to listen on")
    serve.add_argument("--workers", type=int, default=1, help="number of worker processes")
    serve.add_argument("--no-migrate", action="store_true",
                       help="serve without applying migrations: several processes on one database are started "
                            "after one `techstore db upgrade`, so they never migrate at once")

    db = commands.add_parser("db", help="database migrations").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="migrate to the newest schema")
    downgrade = db.add_parser("downgrade", help="migrate down to a revision")
    downgrade.add_argument("revision", help="the Alembic revision to go down to (an id, 'base', or -N)")
    db.add_parser("current", help="show the current revision")

    users = commands.add_parser("users", help="user accounts").add_subparsers(dest="users_command", required=True)
    create_admin = users.add_parser(
        "create-admin", help="create an admin (password from stdin or a prompt)",
        description=f"Create an admin account. The password (at least {PASSWORD_MIN_LENGTH} characters) is read "
                    "from stdin when stdin is not a terminal (e.g. piped in), and prompted for twice otherwise.",
    )
    create_admin.add_argument("--username", required=True, help="the new admin's sign-in name")
    create_admin.add_argument("--full-name", default="Administrator",
                              help="the name shown in the app (default: %(default)s)")

    check = commands.add_parser("check", help="consistency checks on the database (read only)").add_subparsers(
        dest="check_command", required=True)
    check.add_parser("stock", help="list products whose stock differs from the sum of their movements (exit 1 if any)")
    check.add_parser("accounts", help="list every customer whose balance or movement chain is broken (exit 1 if any)",
                     description="Check every customer's account: the balance equals the sum of the movements, and "
                                 "each movement starts where the previous one ended. Exits 1 if any is broken.")
    money = check.add_parser(
        "money", help="list every discrepancy between documents, the journal, drawers and reports (exit 1 if any)",
        description="Over the store's local days FROM to TO (by default everything recorded, to today): each "
                    "document's journal entries add up to what it says was paid, each closed drawer's expected cash "
                    "is its float plus its cash entries, and the reports equal the journal and the documents. "
                    "Exits 1 listing every discrepancy.")
    money.add_argument("--from", dest="first", type=_day, default=None, metavar="DATE",
                       help="the first local day checked (YYYY-MM-DD)")
    money.add_argument("--to", dest="last", type=_day, default=None, metavar="DATE",
                       help="the last local day checked (YYYY-MM-DD), not before --from")

    reports = commands.add_parser("reports", help="the reports' daily rollups").add_subparsers(
        dest="reports_command", required=True)
    roll_up = reports.add_parser(
        "roll-up", help="sum the closed days not rolled up yet (or stale) into the reports' daily rollups",
        description="Sum every closed local day (TECHSTORE_TIMEZONE) not rolled up yet, or marked stale by a void, "
                    "into the daily rollups that reports over long ranges read. The worker does this every few "
                    "minutes; check money proves the rollups equal the documents.")
    roll_up.add_argument("--rebuild", action="store_true", help="drop every rollup and roll every day up again")

    worker = commands.add_parser(
        "worker", help="send the outbox's messages (any number of workers; stops cleanly on SIGTERM)",
        description="Send due messages from the outbox through SMTP (TECHSTORE_SMTP_URL, TECHSTORE_MAIL_FROM) and "
                    "the text-message port, pass after pass, until SIGTERM or SIGINT.")
    worker.add_argument("--once", action="store_true", help="one pass, then exit")
    worker.add_argument("--idle", type=_seconds, default=2.0, metavar="SECONDS",
                        help="the pause after a pass with nothing to send (default: %(default)s)")
    worker.add_argument("--roll-up-every", dest="roll_up_every", type=_seconds, default=600.0, metavar="SECONDS",
                        help="how often the closed days are rolled up for the reports (default: %(default)s)")
    worker.add_argument("--lease", type=_seconds, default=300.0, metavar="SECONDS",
                        help="how long a claimed message stays this worker's: a worker killed mid-send leaves its "
                             "messages to the others after it (default: %(default)s)")

    demo = commands.add_parser("demo", help="demo data").add_subparsers(dest="demo_command", required=True)
    seed = demo.add_parser("seed", help="fill the database with realistic demo data (once)")
    seed.add_argument("--sales", type=_sales_count, default=None, metavar="N",
                      help="instead of 90 days of sales through the use cases, load N sales over the past year in "
                           "bulk (1 to 1000000; with 10000 or more, a few thousand more products too)")
    seed.add_argument("--days", type=_days_count, default=None, metavar="N",
                      help="with --sales, spread them over the past N days (1 to 3660; default: 365)")
    seed.add_argument("--products", type=_products_count, default=None, metavar="N",
                      help="at least N products (a long tail of accessories and parts after the demo catalogue; "
                           "up to 100000)")
    return parser


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date such as 2026-01-31") from None


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.01 <= value <= 86_400:
        raise argparse.ArgumentTypeError("must be a number of seconds from 0.01 to 86400")
    return value


def _days_count(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 3660:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 3660")
    return int(raw)


def _products_count(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 100_000):
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 100000")
    return int(raw)


def _sales_count(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 1_000_000):
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 1000000")
    return int(raw)


def run_cli(argv: list[str] | None, build_container: BuildContainer) -> int:
    args = _parser().parse_args(argv)
    container = build_container()
    try:
        return _dispatch(args, container)
    except DomainError as error:
        print(f"error: {_describe(error)}", file=sys.stderr)
        return 1
    except SchemaError as error:  # an unknown revision, an unreachable database: the operator's to fix
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 1
    finally:
        container.shutdown_resources()


def _dispatch(args: argparse.Namespace, container: Container) -> int:
    schema = container.adapters.schema()
    if args.command == "serve":
        return _serve(args, container)
    if args.command == "demo":  # demo data's voids and adjustments are no security events: warnings only
        configure_logging("WARNING")
    if args.command == "db":
        if args.db_command == "upgrade":
            schema.upgrade()
        elif args.db_command == "downgrade":
            schema.downgrade(args.revision)
        else:
            schema.current()
        return 0
    if args.command == "users":
        password = _read_password()
        schema.upgrade()
        user = container.identity.provision_user()(args.username, password, full_name=args.full_name)
        print(f"Created admin {user.username!r} (id {user.id}).")
        return 0
    if args.command == "check":
        if args.check_command == "money":
            return check_money(container, args.first, args.last)
        return check_stock(container) if args.check_command == "stock" else check_accounts(container)
    if args.command == "reports":
        days = container.reports.roll_up()(rebuild=args.rebuild)
        print(f"Rolled up {days} day{'' if days == 1 else 's'}.")
        return 0
    if args.command == "worker":
        configure_logging(container.settings().log_level)
        return run_worker(container, once=args.once, idle=args.idle, lease=timedelta(seconds=args.lease),
                          roll_up_every=args.roll_up_every)
    if args.command == "demo":
        schema.upgrade()
        seed_demo(container, sales=args.sales, products=args.products, days=args.days)
        return 0
    raise AssertionError(args.command)


def _serve(args: argparse.Namespace, container: Container) -> int:
    import uvicorn

    from techstore.entrypoints.cli.http_server import server_options

    if not args.no_migrate:
        container.adapters.schema().upgrade()
    settings = container.settings()
    configure_logging(settings.log_level)
    # Development sends its own email (production runs `techstore worker` beside the server).
    stop_sending = background_worker(container) if settings.smtp_url and not settings.is_production else None
    try:
        uvicorn.run(
            "techstore.main:asgi_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            access_log=False,
            proxy_headers=True,
            log_config=None,  # our JSON logging, configured above and by the app factory
            **server_options(),  # idle and slow connections are closed (http_server.py)
        )
    finally:
        if stop_sending is not None:
            stop_sending.set()
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password (at least 10 characters): ")
        if getpass.getpass("Repeat the password: ") != first:
            raise ValidationFailed.single("password", "the two entries do not match")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _describe(error: DomainError) -> str:
    if isinstance(error, ValidationFailed):
        return "; ".join(f"{e.field} {e.message}" for e in error.errors)
    return error.detail


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
