"""What every ``cocreation`` command shares: exit codes, the guard that turns any failure into
one line on standard error, terminal-safe text output, and ``--json``.

A command added to the ``cocreation`` group is guarded without doing anything (the group runs
every command inside :func:`guard`); it prints text with :func:`emit` and, when it reads, takes
the :func:`json_option` and prints with :func:`emit_json`.

Exit codes (documented in ``docs/cli.md``):

* :data:`OK` (0): done.
* :data:`NOT_OK` (1): a check ran and found something wrong (for commands that check).
* :data:`USER_ERROR` (2): bad input, a refusal by the domain, or a store that cannot be used
  (missing, unreadable, not an event store, an event that cannot be read); also click's own
  usage errors.
* :data:`INTERNAL_ERROR` (3): an unexpected error, a bug: one line and a hint, never a
  traceback (``COCREATION_TRACEBACK=1`` shows it).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

import attrs
import click
from eventsourcing.persistence import PersistenceError

from cocreation_domain.application import CoCreation
from cocreation_domain.documents.escaping import strip_controls
from cocreation_domain.model import DomainError

__all__ = [
    "INTERNAL_ERROR",
    "NOT_OK",
    "OK",
    "TRACEBACK_VARIABLE",
    "USER_ERROR",
    "Failure",
    "InputError",
    "InternalFailure",
    "emit",
    "emit_json",
    "event_with_wrong_value",
    "failure_for",
    "first_unreadable_event",
    "guard",
    "json_for_terminal",
    "json_option",
    "one_line",
    "wrong_value",
]

OK = 0
NOT_OK = 1
USER_ERROR = 2
INTERNAL_ERROR = 3

TRACEBACK_VARIABLE = "COCREATION_TRACEBACK"
"""Set this environment variable (to anything but empty) to see the traceback of an
unexpected error instead of its one line."""

F = TypeVar("F", bound=Callable[..., Any])


def one_line(text: str) -> str:
    """``text`` on one line, without control characters (it may hold stored user text).

    >>> one_line("no person\\n\\x1b[31mnamed\\x1b[0m  X")
    'no person named X'
    """
    return " ".join(strip_controls(text).split())


class Failure(click.ClickException):
    """A failure shown as one line ``Error: …`` on standard error; exit status 2 (a subclass
    may set another ``exit_code``)."""

    exit_code = USER_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class InputError(Failure):
    """Bad input on the command line or an unusable store: one line, exit status 2."""


class InternalFailure(Failure):
    """An unexpected error (a bug): one line with a hint, exit status 3."""

    exit_code = INTERNAL_ERROR


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def guard() -> Iterator[None]:
    """Run a command; turn whatever it raises into one line on standard error and an exit code.

    click's own exceptions pass unchanged. A :class:`DomainError`, a store error (SQLite,
    eventsourcing's ``PersistenceError``), an operating-system error (permission denied, a
    directory where a file was expected) and a number or date out of range end with
    :data:`USER_ERROR`; anything else is a bug and ends with :data:`INTERNAL_ERROR` and a hint.
    A closed pipe (``cocreation audit | head``) is left to click, which exits quietly.
    """
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except BrokenPipeError:
        raise
    except Exception as error:
        if os.environ.get(TRACEBACK_VARIABLE):
            raise
        raise failure_for(error) from None


def failure_for(error: Exception) -> Failure:
    """The one-line failure that reports ``error``."""
    if isinstance(error, DomainError):
        return Failure(str(error))
    if isinstance(error, OSError) and error.filename is not None:
        reason = error.strerror or _describe(error)
        return Failure(f"{reason}: {error.filename}")
    if isinstance(error, sqlite3.Error | PersistenceError | OSError):
        return Failure(f"the store cannot be used: {_describe(error)}")
    if isinstance(error, OverflowError):
        return Failure(f"a number or date out of range: {error}")
    return InternalFailure(
        f"unexpected error: {_describe(error)} (a bug in cocreation-domain; set "
        f"{TRACEBACK_VARIABLE}=1 to see the traceback, and report it with the command you ran)",
    )


def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a class (empty when they cannot be resolved)."""
    try:
        return typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve is not evidence of anything
        return {}


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def wrong_value(value: object, hint: Any, path: str) -> str | None:
    """Where ``value`` does not fit the annotation ``hint`` (``path: expected …, got …``), or
    ``None`` when it fits. Understands classes (a ``datetime`` is no ``date``, a ``bool`` no
    ``int``), unions, ``Literal``, collections of one item type, mappings, fixed tuples and
    attrs classes (field by field); anything else is taken to fit.

    >>> from datetime import date
    >>> wrong_value("2025-13-40", date | None, "on") is None
    False
    >>> wrong_value(None, date | None, "on") is None
    True
    """
    origin = typing.get_origin(hint)
    if hint is Any or isinstance(hint, typing.TypeVar):
        return None
    if origin in (typing.Union, types.UnionType):
        if any(wrong_value(value, arg, path) is None for arg in typing.get_args(hint)):
            return None
        return f"{path}: expected {hint}, got {type(value).__name__} {_short(value)}"
    if origin is typing.Literal:
        if value in typing.get_args(hint):
            return None
        return f"{path}: expected one of {typing.get_args(hint)}, got {_short(value)}"
    if origin is not None and isinstance(origin, type):
        if not isinstance(value, origin):
            return f"{path}: expected {origin.__name__}, got {type(value).__name__} {_short(value)}"
        args = typing.get_args(hint)
        if isinstance(value, Mapping) and len(args) == 2:
            for key, item in value.items():
                found = wrong_value(key, args[0], f"{path} key") or wrong_value(
                    item, args[1], f"{path}[{key!r}]"
                )
                if found:
                    return found
        elif isinstance(value, tuple) and args and args[-1] is not Ellipsis:
            if len(args) != len(value):
                return f"{path}: expected {len(args)} items, got {len(value)}"
            for index, (item, arg) in enumerate(zip(value, args, strict=True)):
                if found := wrong_value(item, arg, f"{path}[{index}]"):
                    return found
        elif isinstance(value, Iterable) and args and not isinstance(value, str | bytes):
            for item in value:
                if found := wrong_value(item, args[0], f"{path}[]"):
                    return found
        return None
    if hint is None or hint is type(None):
        return None if value is None else f"{path}: expected None, got {_short(value)}"
    if not isinstance(hint, type):
        return None
    fits = isinstance(value, hint)
    if hint is date and isinstance(value, datetime):
        fits = False
    if hint in (int, float) and isinstance(value, bool):
        fits = False
    if hint is float and isinstance(value, int):
        fits = True
    if not fits:
        return f"{path}: expected {hint.__name__}, got {type(value).__name__} {_short(value)}"
    if attrs.has(hint):
        hints = _hints(hint)
        for field in attrs.fields(hint):
            if field.name in hints:
                found = wrong_value(
                    getattr(value, field.name), hints[field.name], path + "." + field.name
                )
                if found:
                    return found
    return None


def event_with_wrong_value(event: object) -> str | None:
    """The first field of a decoded event whose value does not fit its annotation."""
    hints = _hints(type(event))
    for name, hint in hints.items():
        if typing.get_origin(hint) is typing.ClassVar or name.isupper() or name.startswith("_"):
            continue
        if name in vars(event) and (found := wrong_value(vars(event)[name], hint, name)):
            return found
    return None


def first_unreadable_event(app: CoCreation, batch: int = 500) -> str | None:
    """The first event of the store that cannot be read back (its notification id,
    originator, version, topic and why), or ``None`` when every event can be read.

    An event cannot be read when its stored state does not decode, its topic names no class,
    an upcaster fails on it, or a value in it does not fit the type its class declares: a
    store edited outside the library, written by a newer version of it, or written before
    values were checked.
    """
    recorder, mapper = app.recorder, app.mapper
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=batch)
        for notification in notifications:
            where = (
                f"event {notification.id} (originator {notification.originator_id}, "
                f"version {notification.originator_version}, {notification.topic})"
            )
            try:
                event = mapper.to_domain_event(notification)
            except Exception as error:
                cause = error.__cause__ if isinstance(error.__cause__, Exception) else error
                return f"{where} cannot be read: {_describe(cause)}"
            if found := event_with_wrong_value(event):
                return f"{where} holds a value of the wrong type: {found}"
        if len(notifications) < batch:
            return None
        start = notifications[-1].id + 1


def emit(text: str, *, nl: bool = True, keep_cr: bool = False) -> None:
    """Print ``text`` to standard output without terminal control bytes (escape sequences,
    C0 and C1 controls but newline and tab; carriage returns too unless ``keep_cr``)."""
    click.echo(strip_controls(text, keep_cr=keep_cr), nl=nl)


_C1 = re.compile("[\x7f-\x9f]")


def json_for_terminal(text: str) -> str:
    """JSON text with DEL and C1 control characters escaped as ``\\u`` sequences (JSON only
    requires C0 to be escaped; a terminal acts on C1 too). Such characters can only occur
    inside JSON strings, so the document means the same.

    >>> json_for_terminal('{"name": "a\\u009b31mb"}')
    '{"name": "a\\\\u009b31mb"}'
    """
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(data: Any) -> None:
    """Print ``data`` as one JSON document (UTF-8, keys in the order given, then a newline);
    control characters in strings are escaped (C0 as JSON requires, DEL and C1 too, so no
    terminal acts on them)."""
    click.echo(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))


def json_option(f: F) -> F:
    """The ``--json`` flag of a read command: print the documented JSON instead of text."""
    decorated: F = click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print JSON (schema: docs/cli-json.md) instead of text.",
    )(f)
    return decorated
