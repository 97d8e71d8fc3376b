"""The ``cocreation`` command: run the demo, read an initiative's store, draw its lifecycles.

The store is an SQLite file named by ``--db`` or by the ``SQLITE_DBNAME`` environment
variable; with neither, ``PERSISTENCE_MODULE=eventsourcing.postgres`` and the ``POSTGRES_*``
variables select PostgreSQL. Read commands never create a database: a missing file is an
error. Every error is one line on standard error; bad input exits with status 2, a refusal by
the domain with status 1.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import click
from eventsourcing.persistence import PersistenceError

from cocreation_domain import sealing
from cocreation_domain.application import CoCreation, sqlite_env
from cocreation_domain.demo import DEMO_TODAY, write_demo
from cocreation_domain.documents.build import invitation, latest_newsletter, newsletter_document
from cocreation_domain.documents.export import count_events, export_events, json_line
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.invitations import render_invitation
from cocreation_domain.documents.labels import label
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.documents.overview import (
    attention_text,
    audit_text,
    ripples_text,
    status_text,
)
from cocreation_domain.documents.poster import poster_svg
from cocreation_domain.model import LIFECYCLES, DomainError, NotFound
from cocreation_domain.projections import (
    AsOf,
    View,
    attention_list,
    audit_trail,
    current_view,
    poster,
    ripples_register,
    status_overview,
    view_as_of,
)

__all__ = ["main"]

Progress = Callable[[int, int], None]


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

    @property
    def name(self) -> str:
        """How errors name the store."""
        return "the PostgreSQL store" if self.db is None else str(self.db)

    def open(self, *, create: bool = False) -> CoCreation:
        """The application on this store; refuses a missing file unless ``create``."""
        if self.db is None:
            if os.environ.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
                return CoCreation()
            raise InputError("no store: pass --db FILE or set SQLITE_DBNAME")
        if not create and not self.db.is_file():
            raise InputError(f"no database file {self.db}")
        if create and not self.db.parent.is_dir():
            raise InputError(f"no directory {self.db.parent} for the database file")
        env = sqlite_env(str(self.db))
        if not create:
            env["CREATE_TABLE"] = "false"  # reading never turns some other file into a store
        return CoCreation(env=env)


@contextmanager
def opened(ctx: click.Context, *, create: bool = False) -> Iterator[CoCreation]:
    """Open the store of this invocation, translate domain errors, and close it again."""
    store: Store = ctx.obj
    try:
        app = store.open(create=create)
    except (sqlite3.DatabaseError, PersistenceError) as error:
        raise InputError(f"cannot open {store.name}: {error}") from None
    try:
        if not create:
            app.recorder.max_notification_id()  # an event store at all? (asked before any write)
        yield app
    except (sqlite3.DatabaseError, PersistenceError) as error:
        if create:
            raise click.ClickException(f"cannot write to {store.name}: {error}") from None
        raise InputError(f"{store.name} is not an event store of this library: {error}") from None
    except NotFound as error:
        raise InputError(str(error)) from None
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress callback ``(position, last)`` drawing a bar on a terminal's standard error
    (nothing when standard error is not a terminal)."""
    with click.progressbar(
        length=1, label=label, file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:

        def update(position: int, last: int) -> None:
            bar.length = max(last, 1)
            bar.update(position - bar.pos)

        yield update
        bar.update((bar.length or 0) - bar.pos)  # a replay as of a moment stops short of the end


def parse_id(text: str, what: str) -> UUID:
    """A UUID from the command line, or a one-line error naming what was expected."""
    try:
        return UUID(text)
    except ValueError:
        raise InputError(f"not an id of {what}: {text!r}") from None


def parse_date(text: str, option: str) -> date:
    """An ISO date (YYYY-MM-DD) from the command line, or a one-line error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: not a date (YYYY-MM-DD): {text!r}") from None


def parse_moment(text: str) -> AsOf:
    """A past moment for ``--as-of``: a notification id, a date (the end of that day, UTC) or
    an ISO time (UTC when it names no offset)."""
    if re.fullmatch(r"\d+", text):
        position = int(text)
        if position < 1:
            raise InputError(f"--as-of: notification ids start at 1, not {position}")
        return position
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--as-of: not a notification id, date (YYYY-MM-DD) or time (ISO 8601): {text!r}"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def choose_initiative(view: View, given: str | None) -> UUID:
    """The initiative named by ``--initiative``, or the store's only one."""
    if given is not None:
        ident = parse_id(given, "an initiative")
        if ident not in view.initiatives:
            raise InputError(f"no initiative with id {ident}")
        return ident
    if not view.initiatives:
        raise InputError("the store holds no initiative (yet)")
    if len(view.initiatives) > 1:
        known = ", ".join(f"{i} ({v.name})" for i, v in sorted(view.initiatives.items()))
        raise InputError(
            f"the store holds several initiatives; name one with --initiative: {known}"
        )
    return next(iter(view.initiatives))


def read_view(app: CoCreation) -> View:
    """The current view, caught up with a progress bar."""
    with progress_bar("reading events") as bar:
        return current_view(app, progress=bar)


DB_PATH = click.Path(dir_okay=False, path_type=Path)


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` after the command name as well (``cocreation demo --db FILE``)."""

    def remember(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
        store = ctx.find_object(Store)
        if store is not None and value is not None:
            store.db = value

    return click.option(
        "--db",
        type=DB_PATH,
        expose_value=False,
        callback=remember,
        help="SQLite file of the event store (also accepted before the command).",
    )(f)


def today_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--today`` option: the business date flags are computed against."""
    return click.option(
        "--today", "today", metavar="DATE", help="Compute flags as of DATE (default: today)."
    )(f)


def initiative_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--initiative`` option (default: the store's only initiative)."""
    return click.option(
        "--initiative", metavar="ID", help="The initiative (default: the store's only one)."
    )(f)


def document_format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--format`` option of a newsletter: Markdown or self-contained HTML."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="md",
        show_default=True,
        help="Markdown, or a self-contained HTML page.",
    )(f)


def _today(text: str | None) -> date:
    return date.today() if text is None else parse_date(text, "--today")


# --- the commands ---------------------------------------------------------------------------


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=DB_PATH,
    envvar="SQLITE_DBNAME",
    help="SQLite file of the event store (default: $SQLITE_DBNAME).",
)
@click.version_option(package_name="cocreation-domain")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Co-creation initiatives between public organisations, every step an immutable event."""
    ctx.obj = Store(db)


@main.command()
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="The newsletter's language (the story itself is written in English).",
)
@document_format_option
@db_option
@click.pass_context
def demo(ctx: click.Context, lang: Language, fmt: Format) -> None:
    """Write a fictional 18-month initiative into a new store, then print its status
    overview, its attention list and its latest newsletter."""
    store: Store = ctx.obj
    if store.db is not None and store.db.exists() and store.db.stat().st_size > 0:
        raise InputError(f"{store.db} already exists: the demo writes a new database file")
    with opened(ctx, create=True) as app:
        if app.recorder.max_notification_id():
            raise InputError("the store already holds events: the demo needs an empty one")
        story = write_demo(app)
        view = read_view(app)
        click.echo(status_text(status_overview(view, story.initiative, DEMO_TODAY)))
        letter = latest_newsletter(app, story.initiative)
        if letter is not None:
            click.echo("")
            document = newsletter_document(app, view, letter)
            click.echo(render_newsletter(document, lang, fmt), nl=False)


@main.command()
@initiative_option
@today_option
@db_option
@click.pass_context
def status(ctx: click.Context, initiative: str | None, today: str | None) -> None:
    """Print the status overview of an initiative, with its attention list."""
    day = _today(today)
    with opened(ctx) as app:
        view = read_view(app)
        click.echo(status_text(status_overview(view, choose_initiative(view, initiative), day)))


@main.command()
@initiative_option
@today_option
@db_option
@click.pass_context
def attention(ctx: click.Context, initiative: str | None, today: str | None) -> None:
    """Print the attention list: every flag with its rule id and the date it became due."""
    day = _today(today)
    with opened(ctx) as app:
        view = read_view(app)
        click.echo(attention_text(attention_list(view, choose_initiative(view, initiative), day)))


@main.command()
@initiative_option
@click.option("--newsletter", "letter", metavar="ID", help="The newsletter (default: the latest).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="da",
    show_default=True,
    help="Danish or English.",
)
@document_format_option
@db_option
@click.pass_context
def newsletter(
    ctx: click.Context, initiative: str | None, letter: str | None, lang: Language, fmt: Format
) -> None:
    """Print a newsletter as Markdown or self-contained HTML, in Danish or English."""
    chosen = None if letter is None else parse_id(letter, "a newsletter")
    with opened(ctx) as app:
        view = read_view(app)
        if chosen is None:
            chosen = latest_newsletter(app, choose_initiative(view, initiative))
            if chosen is None:
                raise InputError("no newsletter yet: no joint status meeting has been held")
        click.echo(render_newsletter(newsletter_document(app, view, chosen), lang, fmt), nl=False)


@main.command()
@initiative_option
@db_option
@click.pass_context
def meetings(ctx: click.Context, initiative: str | None) -> None:
    """List the meetings of an initiative (id, date, kind, state, about), for ``invitation``."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen = choose_initiative(view, initiative)
        for meeting in app.meetings_of(chosen):
            about = view.initiatives[chosen].name
            if meeting.platform is not None:
                about = view.platforms[meeting.platform].name
            click.echo(
                f"{meeting.id}  {meeting.scheduled_on}  {label(meeting.kind):<24} "
                f"{label(meeting.state):<10} {about}"
            )


@main.command(name="invitation")
@click.argument("meeting", metavar="MEETING")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="da",
    show_default=True,
    help="Danish or English.",
)
@db_option
@click.pass_context
def invitation_command(ctx: click.Context, meeting: str, lang: Language) -> None:
    """Print the invitation to MEETING as iCalendar (.ics, RFC 5545); ``meetings`` lists
    the ids."""
    ident = parse_id(meeting, "a meeting")
    with opened(ctx) as app:
        view = read_view(app)
        click.echo(render_invitation(invitation(app, view, ident, lang)), nl=False)


@main.command()
@initiative_option
@click.option("--platform", metavar="ID", help="Only events of this platform.")
@click.option("--person", metavar="ID", help="Only events by or about this person.")
@click.option("--from", "since", metavar="DATE", help="Only events on or after DATE.")
@click.option("--until", metavar="DATE", help="Only events on or before DATE.")
@db_option
@click.pass_context
def audit(
    ctx: click.Context,
    initiative: str | None,
    platform: str | None,
    person: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Print the audit trail: every event, its business date, recorded time, principal and
    subject (filters combine)."""
    filters: dict[str, Any] = {
        "initiative": None if initiative is None else parse_id(initiative, "an initiative"),
        "platform": None if platform is None else parse_id(platform, "a platform"),
        "person": None if person is None else parse_id(person, "a person"),
        "occurred_from": None if since is None else parse_date(since, "--from"),
        "occurred_until": None if until is None else parse_date(until, "--until"),
    }
    with opened(ctx) as app:
        view = read_view(app)
        for kind, known in (
            ("initiative", view.initiatives),
            ("platform", view.platforms),
            ("person", view.persons),
        ):
            if filters[kind] is not None and filters[kind] not in known:
                raise InputError(f"no {kind} with id {filters[kind]}")
        click.echo(audit_text(audit_trail(view, **filters)))


SHOWS = ("status", "attention", "poster", "ripples", "audit")


@main.command()
@click.option(
    "--as-of",
    "as_of",
    required=True,
    metavar="MOMENT",
    help="A notification id, a date (up to the end of that day, UTC) or an ISO time.",
)
@click.option(
    "--show", type=click.Choice(SHOWS), default="status", show_default=True, help="What to print."
)
@initiative_option
@click.option(
    "--today", metavar="DATE", help="Flags as of DATE (default: the last business date replayed)."
)
@db_option
@click.pass_context
def replay(
    ctx: click.Context, as_of: str, show: str, initiative: str | None, today: str | None
) -> None:
    """Rebuild the read models from the events recorded up to a past moment and print one;
    persons forgotten since then still read as "(forgotten)"."""
    moment = parse_moment(as_of)
    with opened(ctx) as app:
        with progress_bar("replaying") as bar:
            view = view_as_of(app, moment, progress=bar)
        if not view.audit:
            raise InputError(f"nothing was recorded by {as_of}")
        if show == "audit":
            click.echo(audit_text(audit_trail(view)))
            return
        ident = choose_initiative(view, initiative)
        if today is not None:
            day = parse_date(today, "--today")
        else:
            day = max(e.occurred_on for e in view.audit if e.occurred_on is not None)
        if show == "status":
            click.echo(status_text(status_overview(view, ident, day)))
        elif show == "attention":
            click.echo(attention_text(attention_list(view, ident, day)))
        elif show == "poster":
            click.echo(poster(view, ident), nl=False)
        else:
            click.echo(ripples_text(ripples_register(view, ident)))


@main.command(name="poster")
@initiative_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "svg"]),
    default="mermaid",
    show_default=True,
    help="Mermaid text, or an SVG picture drawn in pure Python.",
)
@db_option
@click.pass_context
def poster_command(ctx: click.Context, initiative: str | None, fmt: str) -> None:
    """Print the poster of an initiative: its open platforms, their focus and actors."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen = choose_initiative(view, initiative)
        text = poster(view, chosen) if fmt == "mermaid" else poster_svg(view, chosen)
        click.echo(text, nl=False)


@main.command()
@initiative_option
@db_option
@click.pass_context
def ripples(ctx: click.Context, initiative: str | None) -> None:
    """Print the ripples register (ringe i vandet) of an initiative."""
    with opened(ctx) as app:
        view = read_view(app)
        click.echo(ripples_text(ripples_register(view, choose_initiative(view, initiative))))


@main.command()
@click.argument("lifecycle", type=click.Choice(sorted(LIFECYCLES)), metavar="LIFECYCLE")
def diagram(lifecycle: str) -> None:
    """Print LIFECYCLE's state diagram as Mermaid text, drawn from its rule table."""
    click.echo(LIFECYCLES[lifecycle].mermaid())


@main.command()
@db_option
@click.pass_context
def export(ctx: click.Context) -> None:
    """Print every event as JSON Lines, oldest first (forgotten persons redacted)."""
    with opened(ctx) as app, progress_bar("exporting") as bar:
        total, done = count_events(app), 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            bar(done, total)

        for record in export_events(app, progress=advance):
            click.echo(json_line(record))


# --- tamper evidence ---------------------------------------------------------------------


def _read_key_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{what}: cannot read {path}: {error.strerror}") from None


@main.command()
@click.option(
    "--private", "private", type=DB_PATH, required=True, help="Write the private key here."
)
@click.option("--public", "public", type=DB_PATH, required=True, help="Write the public key here.")
def keygen(private: Path, public: Path) -> None:
    """Generate an Ed25519 key pair for signing checkpoints (PEM files; the private one is
    readable by its owner only). Existing files are never overwritten."""
    for path in (private, public):
        if path.exists():
            raise InputError(f"{path} exists: not overwriting a key")
    key = sealing.generate_key()
    try:
        descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(sealing.private_key_pem(key))
        public.write_bytes(sealing.public_key_pem(key))
    except OSError as error:
        raise InputError(f"cannot write the key: {error}") from None
    click.echo(f"private key {private}, public key {public} (give the public key to auditors)")


@main.command()
@db_option
@click.pass_context
def seal(ctx: click.Context) -> None:
    """Seal the events recorded before the store was sealed (a store written by an earlier
    version), from its first event; a sealed store needs nothing (this writes)."""
    with opened(ctx) as app:
        count = sealing.seal(app)
        click.echo(f"sealed {count} event{'s' * (count != 1)}")


@main.command()
@click.option(
    "--key",
    "key_file",
    type=DB_PATH,
    help=f"PEM file of the Ed25519 private key (else ${sealing.SIGNING_KEY_FILE} "
    f"or ${sealing.SIGNING_KEY}).",
)
@click.option("--out", type=DB_PATH, help="Write the checkpoint here (default: standard output).")
@db_option
@click.pass_context
def checkpoint(ctx: click.Context, key_file: Path | None, out: Path | None) -> None:
    """Verify the store, then sign a checkpoint of its head (position, head hash, time) for an
    auditor to keep outside the system."""
    try:
        if key_file is not None:
            key = sealing.load_private_key(_read_key_file(key_file, "--key"))
        else:
            found = sealing.signing_key_from_env()
            if found is None:
                raise InputError(
                    f"no signing key: pass --key FILE or set {sealing.SIGNING_KEY_FILE}"
                )
            key = found
    except ValueError as error:
        raise InputError(str(error)) from None
    with opened(ctx) as app:
        try:
            signed = sealing.take_checkpoint(app, key)
        except sealing.Tampered as error:
            raise click.ClickException(str(error)) from None
        except ValueError as error:
            raise InputError(str(error)) from None
    if out is None:
        click.echo(signed.to_json(), nl=False)
    else:
        try:
            out.write_text(signed.to_json(), encoding="utf-8")
        except OSError as error:
            raise InputError(f"--out: cannot write {out}: {error.strerror}") from None


@main.command()
@click.option(
    "--checkpoint",
    "checkpoint_files",
    type=DB_PATH,
    multiple=True,
    help="A checkpoint to check the log against (repeatable).",
)
@click.option("--public-key", type=DB_PATH, help="PEM file of the signer's public key.")
@db_option
@click.pass_context
def verify(ctx: click.Context, checkpoint_files: tuple[Path, ...], public_key: Path | None) -> None:
    """Recompute the sealed log's chain and check each checkpoint against it: exit 0 and a
    summary when all holds, exit 1 and the first bad position otherwise. Only reads."""
    checks = []
    for path in checkpoint_files:
        try:
            checks.append(
                sealing.Checkpoint.from_json(_read_key_file(path, "--checkpoint").decode())
            )
        except (ValueError, UnicodeDecodeError) as error:
            raise InputError(f"--checkpoint {path}: {error}") from None
    key = None
    if public_key is not None:
        try:
            key = sealing.load_public_key(_read_key_file(public_key, "--public-key"))
        except ValueError as error:
            raise InputError(f"--public-key {public_key}: {error}") from None
    elif checks:
        raise InputError("--checkpoint needs --public-key (the signer's public key)")
    with opened(ctx) as app:
        result = sealing.verify(app, checks, key)
    if not result.ok:
        raise click.ClickException(result.summary())
    click.echo(result.summary())


if __name__ == "__main__":  # python -m cocreation_domain.cli
    main()
