"""The ``cocreation`` command: run the demo, read an initiative's store, draw its lifecycles.

The store is an SQLite file named by ``--db`` or by the ``SQLITE_DBNAME`` environment
variable; with neither, ``PERSISTENCE_MODULE=eventsourcing.postgres`` and the ``POSTGRES_*``
variables select PostgreSQL. Read commands never create a database: a missing file is an
error. Every error is one line on standard error, never a traceback: bad input, a refusal by
the domain and an unusable store exit with status 2, an unexpected error with status 3 (see
:mod:`cocreation_domain.cli_support`). Every read command takes ``--json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import attrs
import click
from eventsourcing.persistence import PersistenceError

from cocreation_domain import sealing
from cocreation_domain.application import CoCreation, sqlite_env
from cocreation_domain.cli_support import (
    InputError,
    emit,
    emit_json,
    first_unreadable_event,
    guard,
    json_for_terminal,
    json_option,
    one_line,
)
from cocreation_domain.demo import DEMO_TODAY, write_demo
from cocreation_domain.documents.build import (
    invitation,
    invitations_of,
    latest_newsletter,
    newsletter_document,
)
from cocreation_domain.documents.export import count_events, export_events, json_line
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.invitations import render_feed, render_invitation
from cocreation_domain.documents.json_output import (
    Json,
    attention_json,
    audit_json,
    meetings_json,
    newsletter_json,
    persons_json,
    platforms_json,
    poster_json,
    replay_json,
    ripples_json,
    status_json,
)
from cocreation_domain.documents.labels import label
from cocreation_domain.documents.mail import SmtpConfigError, SmtpSettings, send_newsletter
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.documents.overview import (
    attention_text,
    audit_text,
    deviations_text,
    ripples_text,
    status_text,
)
from cocreation_domain.documents.poster import poster_svg
from cocreation_domain.migration import MigrationError
from cocreation_domain.migration import migrate as copy_sealed
from cocreation_domain.model import LIFECYCLES, DomainError
from cocreation_domain.projections import (
    AsOf,
    PersonView,
    PlatformView,
    Progress,
    View,
    ViewFold,
    attention_list,
    audit_trail,
    current_view,
    deviations_register,
    poster,
    project,
    rebuild,
    ripples_register,
    status_overview,
    view_as_of,
)

__all__ = ["main"]

R = TypeVar("R", PlatformView, PersonView)


class OneLineGroup(click.Group):
    """A command group whose errors are one line: usage errors (with a pointer to ``--help``)
    and, through :func:`~cocreation_domain.cli_support.guard`, everything a subcommand raises."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the group's own options; a usage error in them is one line too."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # no command given: click prints the help
        except click.UsageError as error:
            message = " ".join(error.format_message().split())
            raise InputError(f"{message} (see '{info_name or 'cocreation'} --help')") from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand inside the guard; turn click's multi-line usage errors into one
        line."""
        try:
            with guard():
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

    def open(self, *, create: bool = False, write: bool = False) -> CoCreation:
        """The application on this store; refuses a missing file unless ``create``. Opened
        neither to create nor to write, an SQLite file is opened read-only (``mode=ro``):
        reading never writes, so a read-only copy of a store reads the same."""
        if self.db is None:
            if os.environ.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
                return CoCreation()
            raise InputError("no store: pass --db FILE or set SQLITE_DBNAME")
        try:
            if not create and self.db.is_dir():
                raise InputError(f"{self.db} is a directory, not a database file")
            if not create and not self.db.is_file():
                raise InputError(f"no database file {self.db}")
            if create and not self.db.parent.is_dir():
                raise InputError(f"no directory {self.db.parent} for the database file")
        except OSError as error:  # e.g. no permission to look into the directory
            raise InputError(f"cannot open {self.db}: {error.strerror or error}") from None
        read_only = not (create or write)
        env = sqlite_env(f"{self.db.absolute().as_uri()}?mode=ro" if read_only else str(self.db))
        if read_only:
            env["CREATE_TABLE"] = "false"  # reading never turns some other file into a store
        elif not create:
            _require_event_store(self.db)  # a writer may add its tables to a store, not others
        app = CoCreation(env=env)
        if read_only:
            read_only_sqlite(app)
        return app


def _require_event_store(db: Path) -> None:
    """Refuse a file that holds no events table before a writer opens it: writing may create
    the library's other tables (keys, seals, views), which would turn it into a store."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
        ) as c:
            found = c.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_events'"
            ).fetchone()
    except sqlite3.DatabaseError as error:
        raise InputError(f"cannot open {db}: {error}") from None
    if found is None:
        raise InputError(f"{db} is not an event store of this library (no stored events)")


def read_only_sqlite(app: CoCreation) -> None:
    """Keep eventsourcing from switching a read-only SQLite file to WAL journal mode (a
    write) when it first connects: the file is read in whatever mode it is in."""
    pool = getattr(getattr(app.factory, "datastore", None), "pool", None)
    if pool is not None and hasattr(pool, "is_journal_mode_wal"):
        pool.is_journal_mode_wal = True


NOT_A_STORE = ("not a database", "no such table", "malformed", "file is encrypted")
"""What SQLite says about a file that is not (or no longer) an event store of this library."""


def store_error(store: Store, error: Exception, *, create: bool) -> InputError:
    """The one-line error for a store that cannot be used as asked."""
    text = str(error)
    if create:
        return InputError(f"cannot write to {store.name}: {text}")
    if any(sign in text for sign in NOT_A_STORE):
        return InputError(f"{store.name} is not an event store of this library: {text}")
    if "readonly" in text:
        text += " (SQLite needs to write beside the file even to read it: check the permissions)"
    return InputError(f"cannot read {store.name}: {text}")


@contextmanager
def opened(
    ctx: click.Context, *, create: bool = False, write: bool = False
) -> Iterator[CoCreation]:
    """Open the store of this invocation (read-only unless ``create`` or ``write``), translate
    domain errors, and close it again."""
    store: Store = ctx.obj
    try:
        app = store.open(create=create, write=write)
    except (sqlite3.DatabaseError, PersistenceError) as error:
        raise InputError(f"cannot open {store.name}: {error}") from None
    try:
        if not create:
            app.recorder.max_notification_id()  # an event store at all? (asked before any write)
        yield app
    except (sqlite3.DatabaseError, PersistenceError) as error:
        raise store_error(store, error, create=create) from None
    except (DomainError, click.ClickException, click.exceptions.Exit, click.Abort, OSError):
        raise
    except Exception:
        unreadable = None if create else first_unreadable_event(app)
        if unreadable is not None:
            raise InputError(f"{store.name}: {unreadable}") from None
        raise
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


def parse_time(text: str, option: str) -> datetime:
    """A recorded time from the command line: an ISO time (UTC when it names no offset) or a
    date (the end of that day, UTC)."""
    try:
        return _time_or_day(text)
    except ValueError:
        raise InputError(
            f"{option}: not a time (ISO 8601) or date (YYYY-MM-DD): {text!r}"
        ) from None


def _time_or_day(text: str) -> datetime:
    """An ISO time (UTC when it names no offset) or a date (the end of that day, UTC);
    ``ValueError`` for anything else."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_moment(text: str) -> AsOf:
    """A past moment for ``--as-of``: a notification id, a date (the end of that day, UTC) or
    an ISO time (UTC when it names no offset)."""
    if re.fullmatch(r"\d+", text):
        position = int(text)
        if position < 1:
            raise InputError(f"--as-of: notification ids start at 1, not {position}")
        return position
    try:
        return _time_or_day(text)
    except ValueError:
        raise InputError(
            f"--as-of: not a notification id, date (YYYY-MM-DD) or time (ISO 8601): {text!r}"
        ) from None


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


def read_view(app: CoCreation, initiative: str | None = None, *, audit: bool = False) -> View:
    """The current view (the stored rows, and the events after them folded in memory), with a
    progress bar; only ``--initiative``'s rows when it names one, and no audit entries
    unless ``audit``. Stored rows that cannot be used (damaged, or written by another
    version) are left alone, and the view is folded from the events instead, with a note on
    standard error."""
    scope = None if initiative is None else parse_id(initiative, "an initiative")
    with progress_bar("reading events") as bar:
        try:
            return current_view(app, initiative=scope, audit=audit, progress=bar)
        except (DomainError, click.ClickException, OSError):
            raise
        except Exception as error:
            stored_failure = error
    with progress_bar("reading events") as bar:
        view = rebuild(app, ViewFold(), progress=bar)  # fails again if an event is the cause
    click.echo(
        f"note: the stored read model could not be used ({one_line(str(stored_failure))}); "
        "read from the events instead",
        err=True,
    )
    return view


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


def lang_option(
    default: Language = "da", help: str = "Danish or English."
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--lang`` option of a document: the language it is written in."""
    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default=default, show_default=True, help=help
    )


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
@lang_option("en", "The newsletter's language (the story itself is written in English).")
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
        project(app)
        view = read_view(app)
        emit(status_text(status_overview(view, story.initiative, DEMO_TODAY)))
        letter = latest_newsletter(view, story.initiative)
        if letter is not None:
            emit("")
            document = newsletter_document(app, view, letter)
            emit(render_newsletter(document, lang, fmt), nl=False)


@main.command()
@initiative_option
@today_option
@json_option
@db_option
@click.pass_context
def status(ctx: click.Context, initiative: str | None, today: str | None, as_json: bool) -> None:
    """Print the status overview of an initiative, with its attention list."""
    day = _today(today)
    with opened(ctx) as app:
        view = read_view(app, initiative)
        overview = status_overview(view, choose_initiative(view, initiative), day)
        if as_json:
            emit_json(status_json(overview))
        else:
            emit(status_text(overview))


@main.command()
@initiative_option
@today_option
@json_option
@db_option
@click.pass_context
def attention(ctx: click.Context, initiative: str | None, today: str | None, as_json: bool) -> None:
    """Print the attention list: every flag with its rule id and the date it became due."""
    day = _today(today)
    with opened(ctx) as app:
        view = read_view(app, initiative)
        chosen = choose_initiative(view, initiative)
        flags = attention_list(view, chosen, day)
        if as_json:
            emit_json(attention_json(chosen, day, flags))
        else:
            emit(attention_text(flags))


@main.command()
@initiative_option
@db_option
@click.pass_context
def deviations(ctx: click.Context, initiative: str | None) -> None:
    """Print the deviations register: what went against a rule in the past (a meeting held
    outside its window or late, a readiness override…), with its rule id and the day."""
    with opened(ctx) as app:
        view = read_view(app, initiative)
        click.echo(deviations_text(deviations_register(view, choose_initiative(view, initiative))))


@main.command()
@initiative_option
@click.option("--newsletter", "letter", metavar="ID", help="The newsletter (default: the latest).")
@lang_option()
@document_format_option
@json_option
@db_option
@click.pass_context
def newsletter(
    ctx: click.Context,
    initiative: str | None,
    letter: str | None,
    lang: Language,
    fmt: Format,
    as_json: bool,
) -> None:
    """Print a newsletter as Markdown or self-contained HTML, in Danish or English (``--json``:
    its content, language-neutral)."""
    chosen = None if letter is None else parse_id(letter, "a newsletter")
    with opened(ctx) as app:
        view = read_view(app)
        if chosen is None:
            chosen = latest_newsletter(view, choose_initiative(view, initiative))
            if chosen is None:
                raise InputError("no newsletter yet: no joint status meeting has been held")
        document = newsletter_document(app, view, chosen)
        if as_json:
            emit_json(newsletter_json(chosen, document))
        else:
            emit(render_newsletter(document, lang, fmt), nl=False)


@main.command(name="send")
@click.argument("letter", metavar="NEWSLETTER")
@click.option(
    "--as", "sender", metavar="PERSON", required=True, help="The anchor who sends (a person id)."
)
@click.option("--retry-failed", is_flag=True, help="Try the failed deliveries again.")
@click.option(
    "--resend-in-doubt",
    is_flag=True,
    help="Resend the deliveries a crash left in doubt (same Message-ID).",
)
@db_option
@click.pass_context
def send_command(
    ctx: click.Context, letter: str, sender: str, retry_failed: bool, resend_in_doubt: bool
) -> None:
    """E-mail the published NEWSLETTER to every recorded recipient not sent yet (R-NEWS-6),
    through the SMTP server the SMTP_* environment variables name. Prints what was sent;
    exits with status 1 when a delivery failed or is in doubt."""
    newsletter_id = parse_id(letter, "a newsletter")
    person = parse_id(sender, "a person")
    try:
        settings = SmtpSettings.from_env()
    except SmtpConfigError as error:
        raise InputError(str(error)) from None
    with opened(ctx, write=True) as app:
        try:
            report = send_newsletter(
                app,
                person,
                newsletter_id,
                settings,
                retry_failed=retry_failed,
                resend_in_doubt=resend_in_doubt,
            )
        except OSError as error:  # smtplib's errors too: the server went away or refused us
            raise click.ClickException(f"SMTP server {settings.host}: {error}") from None
    emit(
        f"sent {len(report.sent)}, failed {len(report.failed)}, in doubt "
        f"{len(report.in_doubt)}, sent before {report.already_sent}"
    )
    if report.failed or report.in_doubt:
        ctx.exit(1)


@main.command()
@initiative_option
@json_option
@db_option
@click.pass_context
def meetings(ctx: click.Context, initiative: str | None, as_json: bool) -> None:
    """List the meetings of an initiative (id, date, kind, state, about), for ``invitation``."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen = choose_initiative(view, initiative)
        rows = []
        for meeting in app.meetings_of(chosen):
            about = view.initiatives[chosen].name
            if meeting.platform is not None:
                about = view.platforms[meeting.platform].name
            rows.append((meeting, about))
        if as_json:
            emit_json(meetings_json(chosen, rows))
            return
        for meeting, about in rows:
            emit(
                f"{meeting.id}  {meeting.scheduled_on}  {label(meeting.kind):<24} "
                f"{label(meeting.state):<10} {about}"
            )


def _of_initiative(
    view: View, given: str | None, rows: Iterable[R], key: Callable[[R], Any]
) -> tuple[UUID | None, list[R]]:
    """The initiative ``--initiative`` names (checked; ``None`` for all of them) and the
    ``rows`` of that initiative, sorted by ``key``."""
    chosen = None if given is None else choose_initiative(view, given)
    return chosen, sorted((r for r in rows if chosen in (None, r.initiative)), key=key)


@main.command()
@initiative_option
@json_option
@db_option
@click.pass_context
def platforms(ctx: click.Context, initiative: str | None, as_json: bool) -> None:
    """List the platforms' ids (id, state, name, established), of every initiative or one."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen, rows = _of_initiative(
            view, initiative, view.platforms.values(), lambda p: (p.established_on, p.name, p.id)
        )
        if as_json:
            emit_json(platforms_json(chosen, rows))
            return
        for p in rows:
            emit(f"{p.id}  {label(p.state):<10} {p.established_on}  {p.name}")


@main.command()
@initiative_option
@json_option
@db_option
@click.pass_context
def persons(ctx: click.Context, initiative: str | None, as_json: bool) -> None:
    """List the persons' ids (id, registered, actor, name), of every initiative or one; a
    forgotten person shows its id only (R-PII-2)."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen, rows = _of_initiative(
            view, initiative, view.persons.values(), lambda p: (p.registered_on, p.name, p.id)
        )
        if as_json:
            emit_json(persons_json(chosen, rows))
            return
        for p in rows:
            actor = ""
            if p.initiative is not None and p.actor is not None:
                profile = view.initiatives[p.initiative].actors.get(p.actor)
                actor = profile.name if profile is not None else str(p.actor)
            emit(f"{p.id}  {p.registered_on}  {p.name:<24}  {actor}".rstrip())


@main.command(name="invitation")
@click.argument("meeting", metavar="MEETING")
@lang_option()
@db_option
@click.pass_context
def invitation_command(ctx: click.Context, meeting: str, lang: Language) -> None:
    """Print the invitation to MEETING as iCalendar (.ics, RFC 5545); ``meetings`` lists
    the ids."""
    ident = parse_id(meeting, "a meeting")
    with opened(ctx) as app:
        view = read_view(app, audit=True)  # DTSTAMP: when the meeting's last event was recorded
        ics = render_invitation(invitation(view, ident, lang)).decode("utf-8")
        emit(ics, nl=False, keep_cr=True)  # iCalendar lines end in CRLF (RFC 5545)


@main.command(name="calendar")
@initiative_option
@click.option("--person", metavar="ID", help="Only the meetings this person is invited to.")
@lang_option()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the feed to this .ics file (default: standard output).",
)
@db_option
@click.pass_context
def calendar_command(
    ctx: click.Context,
    initiative: str | None,
    person: str | None,
    lang: Language,
    output: Path | None,
) -> None:
    """Write a calendar feed (.ics, one event per meeting, cancelled ones included) of an
    initiative, or of the meetings a person (--person) is invited to."""
    with opened(ctx) as app:
        view = read_view(app, audit=True)  # DTSTAMP: when each meeting's last event was recorded
        who = parse_id(person, "a person") if person is not None else None
        chosen: UUID | None
        if who is None:
            chosen = choose_initiative(view, initiative)
            name = view.initiatives[chosen].name
        else:
            if who not in view.persons:
                raise InputError(f"no person with id {who}")
            chosen = choose_initiative(view, initiative) if initiative is not None else None
            name = view.persons[who].name
        feed = render_feed(name, invitations_of(view, initiative=chosen, person=who, language=lang))
        if output is None:
            emit(feed.decode("utf-8"), nl=False, keep_cr=True)  # CRLF lines (RFC 5545)
        else:
            output.write_bytes(feed)


@main.command()
@initiative_option
@click.option("--platform", metavar="ID", help="Only events of this platform.")
@click.option("--person", metavar="ID", help="Only events by or about this person.")
@click.option("--from", "since", metavar="DATE", help="Only events on or after DATE.")
@click.option("--until", metavar="DATE", help="Only events on or before DATE.")
@json_option
@db_option
@click.pass_context
def audit(
    ctx: click.Context,
    initiative: str | None,
    platform: str | None,
    person: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
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
        view = read_view(app, initiative, audit=True)
        for kind, known in (
            ("initiative", view.initiatives),
            ("platform", view.platforms),
            ("person", view.persons),
        ):
            if filters[kind] is not None and filters[kind] not in known:
                raise InputError(f"no {kind} with id {filters[kind]}")
        rows = audit_trail(view, **filters)
        if as_json:
            emit_json(audit_json(rows))
        else:
            emit(audit_text(rows))


SHOWS = ("status", "attention", "poster", "ripples", "audit")


@main.command()
@click.option(
    "--as-of",
    "as_of",
    metavar="MOMENT",
    help="A notification id, a date (up to the end of that day, UTC) or an ISO time.",
)
@click.option(
    "--on",
    "on",
    metavar="DATE",
    help="What was true on DATE (business dates of the events, however late entered).",
)
@click.option(
    "--recorded-at",
    "recorded_at",
    metavar="TIME",
    help="What the store knew at TIME (an ISO time, UTC unless it names an offset, or a date).",
)
@click.option(
    "--show", type=click.Choice(SHOWS), default="status", show_default=True, help="What to print."
)
@initiative_option
@click.option(
    "--today",
    metavar="DATE",
    help="Flags as of DATE (default: --on, else the last business date replayed).",
)
@json_option
@db_option
@click.pass_context
def replay(
    ctx: click.Context,
    as_of: str | None,
    on: str | None,
    recorded_at: str | None,
    show: str,
    initiative: str | None,
    today: str | None,
    as_json: bool,
) -> None:
    """Rebuild the read models as of a past moment and print one: up to a notification id or
    recorded time (--as-of, --recorded-at), on a business date (--on), or both; persons
    forgotten since then still read as "(forgotten)". A notification id past the store's
    last event is an error naming the last one."""
    if as_of is None and on is None and recorded_at is None:
        raise InputError("replay needs --as-of, --on or --recorded-at (see 'replay --help')")
    moment = None if as_of is None else parse_moment(as_of)
    day_on = None if on is None else parse_date(on, "--on")
    known_at = None if recorded_at is None else parse_time(recorded_at, "--recorded-at")
    if isinstance(moment, datetime) and known_at is not None:
        raise InputError("--as-of TIME and --recorded-at name the same bound: give one")
    with opened(ctx) as app:
        last = app.recorder.max_notification_id() or 0
        if isinstance(moment, int) and moment > last:
            raise InputError(
                f"--as-of {moment}: past the end of the store, whose last event is {last}"
                if last
                else f"--as-of {moment}: the store holds no events"
            )
        if isinstance(moment, datetime) and last:
            (newest,) = app.recorder.select_notifications(start=last, limit=1)
            recorded: datetime = getattr(app.mapper.to_domain_event(newest), "timestamp")  # noqa: B009
            if moment > recorded:
                click.echo(
                    f"note: --as-of {as_of} is past the end of the store: its last event is "
                    f"{last}, recorded {recorded.isoformat(timespec='seconds')}",
                    err=True,
                )
        with progress_bar("replaying") as bar:
            view = view_as_of(app, moment, on=day_on, recorded_at=known_at, progress=bar)
        if not view.audit:
            said = " and ".join(
                v for v in (as_of, on and f"business date {on}", recorded_at) if v is not None
            )
            raise InputError(f"nothing was recorded by {said}")
        position = view.audit[-1].position
        shown: Json
        day: date | None = None
        if show == "audit":
            rows = audit_trail(view)
            text, shown = audit_text(rows), audit_json(rows)
        else:
            ident = choose_initiative(view, initiative)
            if today is not None:
                day = parse_date(today, "--today")
            elif day_on is not None:
                day = day_on
            else:
                day = max(e.occurred_on for e in view.audit if e.occurred_on is not None)
            if show == "status":
                overview = status_overview(view, ident, day)
                text, shown = status_text(overview), status_json(overview)
            elif show == "attention":
                flags = attention_list(view, ident, day)
                text, shown = attention_text(flags), attention_json(ident, day, flags)
            elif show == "poster":
                mermaid = poster(view, ident)
                text, shown = mermaid, poster_json(ident, "mermaid", mermaid)
            else:
                register = ripples_register(view, ident)
                text, shown = ripples_text(register), ripples_json(ident, register)
        if as_json:
            emit_json(
                replay_json(
                    as_of=as_of,
                    on=day_on,
                    recorded_at=recorded_at,
                    position=position,
                    last_position=last,
                    today=day,
                    shown=shown,
                )
            )
        else:
            emit(text, nl=show != "poster")  # the Mermaid text ends in its own newline


@main.command(name="project")
@db_option
@click.pass_context
def project_command(ctx: click.Context) -> None:
    """Store the read models as rows, caught up with every event recorded so far (the only
    command that writes them; reads fold what the rows lack in memory)."""
    with opened(ctx, write=True) as app, progress_bar("projecting") as bar:
        position = project(app, progress=bar)
    click.echo(f"read models stored up to event {position}")


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
@json_option
@db_option
@click.pass_context
def poster_command(ctx: click.Context, initiative: str | None, fmt: str, as_json: bool) -> None:
    """Print the poster of an initiative: its open platforms, their focus and actors."""
    with opened(ctx) as app:
        view = read_view(app, initiative)
        chosen = choose_initiative(view, initiative)
        text = poster(view, chosen) if fmt == "mermaid" else poster_svg(view, chosen)
        if as_json:
            emit_json(poster_json(chosen, fmt, text))
        else:
            emit(text, nl=False)


@main.command()
@initiative_option
@json_option
@db_option
@click.pass_context
def ripples(ctx: click.Context, initiative: str | None, as_json: bool) -> None:
    """Print the ripples register (ringe i vandet) of an initiative."""
    with opened(ctx) as app:
        view = read_view(app, initiative)
        chosen = choose_initiative(view, initiative)
        register = ripples_register(view, chosen)
        if as_json:
            emit_json(ripples_json(chosen, register))
        else:
            emit(ripples_text(register))


@main.command()
@click.argument("lifecycle", type=click.Choice(sorted(LIFECYCLES)), metavar="LIFECYCLE")
def diagram(lifecycle: str) -> None:
    """Print LIFECYCLE's state diagram as Mermaid text, drawn from its rule table."""
    emit(LIFECYCLES[lifecycle].mermaid())


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
            click.echo(json_for_terminal(json_line(record)))


@main.command(name="person-export")
@click.argument("person", metavar="PERSON")
@db_option
@click.pass_context
def person_export(ctx: click.Context, person: str) -> None:
    """Print everything stored about PERSON as one JSON document (R-PII-4).

    The command line has no principal: whoever can open the database file can read all of
    it, so the export is made as the person's own request (see docs/privacy.md).
    """
    subject = parse_id(person, "a person")
    with opened(ctx) as app:
        document = app.person_data(subject, subject)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))


@main.command()
@click.argument("source", type=DB_PATH, metavar="SOURCE")
@click.argument("target", type=DB_PATH, metavar="TARGET")
def migrate(source: Path, target: Path) -> None:
    """Copy the SQLite store SOURCE into the new file TARGET, sealing every personal field
    with its person's key (R-PII-3); SOURCE is left as it was."""
    if not source.is_file():
        raise InputError(f"no database file {source}")
    if target.exists():
        raise InputError(f"{target} exists: migrate into a new file")
    if not target.parent.is_dir():
        raise InputError(f"no directory {target.parent} for the database file")
    old = CoCreation(env={**sqlite_env(str(source)), "CREATE_TABLE": "false"})
    new = CoCreation(env=sqlite_env(str(target)))
    try:
        with progress_bar("migrating") as bar:
            copied = copy_sealed(old, new, progress=bar)
    except (sqlite3.DatabaseError, PersistenceError) as error:
        raise InputError(f"{source} is not an event store of this library: {error}") from None
    except MigrationError as error:
        raise click.ClickException(str(error)) from None
    finally:
        old.close()
        new.close()
    click.echo(f"copied {copied} events from {source} to {target}, personal data sealed")


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
    with opened(ctx, write=True) as app:
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
