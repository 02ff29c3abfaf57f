"""Process entry points: the ``techstore`` command and the ASGI app for uvicorn.

The only module above the container: it reads the settings and builds it.
"""

from __future__ import annotations

import sys

from starlette.applications import Starlette

from techstore.container import Container, build_container
from techstore.entrypoints.app import create_app
from techstore.entrypoints.cli.commands import run_cli
from techstore.settings import SettingsError, load_settings


def container_from_environment() -> Container:
    return build_container(load_settings(), "sql")


def asgi_app() -> Starlette:
    """``uvicorn --factory techstore.main:asgi_app``."""
    return create_app(container_from_environment())


def main(argv: list[str] | None = None) -> int:
    try:
        return run_cli(argv, container_from_environment)
    except SettingsError as error:  # the operator's environment, not a bug: one line, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 1
