"""The ``cocreation`` command: run the demo, read an initiative's store, draw its lifecycles.

The store is an SQLite file named by ``--db`` or by the ``SQLITE_DBNAME`` environment
variable; with neither, ``PERSISTENCE_MODULE=eventsourcing.postgres`` and the ``POSTGRES_*``
variables select PostgreSQL. Read commands never create a database: a missing file is an
error. Every error is one line on standard error, never a traceback: bad input, a refusal by
the domain and an unusable store exit with status 2, an unexpected error with status 3 (see
:mod:`cocreation_domain.cli_support`). Every read command takes ``--json``.
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
from cocreation_domain.documents.build import invitation, latest_newsletter, newsletter_document
from cocreation_domain.documents.export import count_events, export_events, json_line
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.invitations import render_invitation
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
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.documents.overview import (
    attention_text,
    audit_text,
    deviations_text,
    ripples_text,
    status_text,
)
from cocreation_domain.documents.poster import poster_svg
from cocreation_domain.model import LIFECYCLES, DomainError
from cocreation_domain.projections import (
    AsOf,
    View,
    ViewFold,
    attention_list,
    audit_trail,
    current_view,
    deviations_register,
    poster,
    rebuild,
    ripples_register,
    status_overview,
    view_as_of,
)

__all__ = ["main"]

Progress = Callable[[int, int], None]


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

    def open(self, *, create: bool = False) -> CoCreation:
        """The application on this store; refuses a missing file unless ``create``."""
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
        env = sqlite_env(str(self.db))
        if not create:
            env["CREATE_TABLE"] = "false"  # reading never turns some other file into a store
        return CoCreation(env=env)


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
    """The current view, caught up with a progress bar. A stored read model that cannot be
    used (damaged, or written by another version) is left alone, and the view is folded from
    the events instead, with a note on standard error."""
    with progress_bar("reading events") as bar:
        try:
            return current_view(app, progress=bar)
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
        view = read_view(app)
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
        view = read_view(app)
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
        view = read_view(app)
        click.echo(deviations_text(deviations_register(view, choose_initiative(view, initiative))))


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


def _initiative_filter(view: View, given: str | None) -> UUID | None:
    """The initiative ``--initiative`` names (checked), or ``None`` for all of them."""
    return None if given is None else choose_initiative(view, given)


@main.command()
@initiative_option
@json_option
@db_option
@click.pass_context
def platforms(ctx: click.Context, initiative: str | None, as_json: bool) -> None:
    """List the platforms' ids (id, state, name, established), of every initiative or one."""
    with opened(ctx) as app:
        view = read_view(app)
        chosen = _initiative_filter(view, initiative)
        rows = sorted(
            (p for p in view.platforms.values() if chosen in (None, p.initiative)),
            key=lambda p: (p.established_on, p.name, p.id),
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
        chosen = _initiative_filter(view, initiative)
        rows = sorted(
            (p for p in view.persons.values() if chosen in (None, p.initiative)),
            key=lambda p: (p.registered_on, p.name, p.id),
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
        ics = render_invitation(invitation(view, ident, lang)).decode("utf-8")
        emit(ics, nl=False, keep_cr=True)  # iCalendar lines end in CRLF (RFC 5545)


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
        view = read_view(app)
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
@json_option
@db_option
@click.pass_context
def replay(
    ctx: click.Context,
    as_of: str,
    show: str,
    initiative: str | None,
    today: str | None,
    as_json: bool,
) -> None:
    """Rebuild the read models from the events recorded up to a past moment and print one;
    persons forgotten since then still read as "(forgotten)". A notification id past the
    store's last event is an error naming the last one."""
    moment = parse_moment(as_of)
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
            view = view_as_of(app, moment, progress=bar)
        if not view.audit:
            raise InputError(f"nothing was recorded by {as_of}")
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
                    as_of=as_of, position=position, last_position=last, today=day, shown=shown
                )
            )
        else:
            emit(text, nl=show != "poster")  # the Mermaid text ends in its own newline


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
        view = read_view(app)
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
        view = read_view(app)
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


if __name__ == "__main__":  # python -m cocreation_domain.cli
    main()
