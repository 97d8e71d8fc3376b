"""The ``cocreation`` command: run the demo, read an initiative's store, draw its lifecycles.

The store is an SQLite file named by ``--db`` or by the ``SQLITE_DBNAME`` environment
variable; with neither, ``PERSISTENCE_MODULE=eventsourcing.postgres`` and the ``POSTGRES_*``
variables select PostgreSQL. Read commands never create a database: a missing file is an
error. Every error is one line on standard error and a non-zero exit status.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import attrs
import click

from cocreation_domain.application import CoCreation, sqlite_env
from cocreation_domain.documents.export import count_events, export_events, json_line
from cocreation_domain.model import LIFECYCLES, DomainError, NotFound

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


class InputError(click.ClickException):
    """Bad input on the command line: printed as one line, exit status 2."""

    exit_code = 2


class OneLineGroup(click.Group):
    """A command group whose usage errors are one line (with a pointer to ``--help``)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; turn click's multi-line usage errors into one line."""
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else ctx.command_path
            message = " ".join(error.format_message().split())
            raise InputError(f"{message} (see '{where} --help')") from None


@attrs.define
class Store:
    """Where the events are: an SQLite file, or the environment (PostgreSQL)."""

    db: Path | None

    def open(self, *, create: bool = False) -> CoCreation:
        """The application on this store; refuses a missing file unless ``create``."""
        if self.db is None:
            if os.environ.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
                return CoCreation()
            raise InputError("no store: pass --db FILE or set SQLITE_DBNAME")
        if not create and not self.db.is_file():
            raise InputError(f"no database file {self.db}")
        return CoCreation(env=sqlite_env(str(self.db)))


@contextmanager
def opened(ctx: click.Context, *, create: bool = False) -> Iterator[CoCreation]:
    """Open the store of this invocation, translate domain errors, and close it again."""
    store: Store = ctx.obj
    app = store.open(create=create)
    try:
        yield app
    except NotFound as error:
        raise InputError(str(error)) from None
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()


def parse_id(text: str, what: str) -> UUID:
    """A UUID from the command line, or a one-line error naming what was expected."""
    try:
        return UUID(text)
    except ValueError:
        raise InputError(f"not an id of {what}: {text!r}") from None


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD) from the command line, or a one-line error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}") from None


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SQLITE_DBNAME",
    help="SQLite file of the event store (default: $SQLITE_DBNAME).",
)
@click.version_option(package_name="cocreation-domain")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Co-creation initiatives between public organisations, every step an immutable event."""
    ctx.obj = Store(db)


@main.command()
@click.argument("lifecycle", type=click.Choice(sorted(LIFECYCLES)), metavar="LIFECYCLE")
def diagram(lifecycle: str) -> None:
    """Print LIFECYCLE's state diagram as Mermaid text, drawn from its rule table."""
    click.echo(LIFECYCLES[lifecycle].mermaid())


@main.command()
@click.pass_context
def export(ctx: click.Context) -> None:
    """Print every event as JSON Lines, oldest first (forgotten persons redacted)."""
    with opened(ctx) as app:
        total = count_events(app)
        with click.progressbar(
            length=total, label="exporting", file=sys.stderr, show_pos=True
        ) as bar:
            for record in export_events(app, progress=bar.update):
                click.echo(json_line(record))


if __name__ == "__main__":  # python -m cocreation_domain.cli
    main()
