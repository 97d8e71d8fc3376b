"""The boundary: what a value must be before anything is recorded (issue 8).

An event is forever, so every value is checked where it enters: value objects check their
fields when constructed (attrs validators built from the functions below) and every command
checks its arguments before it loads anything (:func:`argument_checker`, driven by the
command's annotations). A value that does not fit raises :class:`InvalidInput`, naming the
parameter and the constraint.

What each kind of value must be:

- **date**: a ``datetime.date`` that is not a ``datetime``, from :data:`EARLIEST`
  (1990-01-01) to :data:`LATEST` (2100-12-31).
- **id**: a ``uuid.UUID`` (a string is refused, on every store alike).
- **line** (names, titles, keys, kinds, places): a ``str`` of at most :data:`LINE_MAX`
  characters once stripped of surrounding whitespace, without control characters or line
  breaks inside.
- **text** (descriptions, reasons, minutes, notes): a ``str`` of at most :data:`TEXT_MAX`
  characters once stripped; newlines are allowed inside, other control characters (tab
  included) are not.
- No text holds a lone surrogate (it cannot be encoded as UTF-8).
- **e-mail**: one address ``local@domain``, at most 254 characters, no blanks, commas,
  angle brackets or line breaks.
- **phone**: digits, blanks and ``+ - ( ) . /``, at most 40 characters, at least one digit.
- **number**: an ``int`` or a finite ``decimal.Decimal`` (NaN, sNaN and ±infinity refused)
  whose magnitude is below 10^15 and with at most 12 decimal places. ``bool`` is refused,
  and so is ``float``: a binary float is not the number it prints (pass
  ``Decimal("0.1")``, not ``0.1``).
- **whole number** (counts, days): an ``int``, never a ``bool``.
- **flag**: a ``bool`` only (``"no"`` is a truthy string, not ``False``).
- **vocabulary**: a member of the enum, or one of its values (``"qualitative"``).

Widening a bound later is safe; narrowing one needs an upcaster for events stored under the
old bound (see ``docs/versioning.md``): stored events are decoded through the same classes.

>>> day(date(2025, 1, 6), "on")
datetime.date(2025, 1, 6)
>>> day("2025-13-40", "on")
Traceback (most recent call last):
...
cocreation_domain.model.errors.InvalidInput: on: expected a date, got '2025-13-40'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from cocreation_domain.model.errors import InvalidInput

__all__ = [
    "EARLIEST",
    "LATEST",
    "LINE_MAX",
    "NUMBER_LIMIT",
    "TEXT_MAX",
    "day",
    "email",
    "flag",
    "identifier",
    "line",
    "number",
    "phone",
    "text",
    "vocabulary",
    "whole",
]

EARLIEST = date(1990, 1, 1)
"""The earliest business date the domain takes."""
LATEST = date(2100, 12, 31)
"""The latest business date the domain takes."""
LINE_MAX = 200
"""The longest name, title, key or other one-line text, in characters."""
TEXT_MAX = 10_000
"""The longest description, reason, note or other long text, in characters."""
NUMBER_LIMIT = Decimal(10) ** 15
"""Every number's magnitude stays below this."""
EMAIL_MAX = 254
PHONE_MAX = 40
DECIMAL_PLACES = 12

E = TypeVar("E", bound=Enum)

# Control characters (C0, DEL, C1), Unicode line/paragraph separators and lone surrogates.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# The same, newlines allowed.
_NOT_IN_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_EMAIL = re.compile(r"[^\s@,;<>()\[\]\\\"]+@[^\s@,;<>()\[\]\\\"]+\.[^\s@,;<>()\[\]\\\".]+")
_PHONE = re.compile(r"\+?[0-9 ()./-]+")


def day(value: object, parameter: str) -> date:
    """A business date within :data:`EARLIEST` .. :data:`LATEST`, never a ``datetime``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(parameter, "a date", value)
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(parameter, f"a date from {EARLIEST} to {LATEST}", value)
    return value


def identifier(value: object, parameter: str) -> UUID:
    """An id: a ``UUID``, never its text."""
    if not isinstance(value, UUID):
        raise InvalidInput(parameter, "an id (uuid.UUID)", value)
    return value


def _text(value: object, parameter: str, maximum: int, refused: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(parameter, what, value)
    if len(value) > maximum:
        value = value.strip()
        if len(value) > maximum:
            raise InvalidInput(parameter, f"{what} of at most {maximum} characters", value)
    stripped_ = str(value).strip()
    bad = refused.search(stripped_)
    if bad is not None:
        kind = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "control characters"
        raise InvalidInput(parameter, f"{what} without {kind}", value)
    return stripped_


def line(value: object, parameter: str) -> str:
    """One line of text (a name, title, key, kind or place), stripped."""
    return _text(value, parameter, LINE_MAX, _NOT_IN_LINE, "one line of text")


def text(value: object, parameter: str) -> str:
    """Text that may span lines (a description, reason, note), stripped."""
    return _text(value, parameter, TEXT_MAX, _NOT_IN_TEXT, "text")


def email(value: object, parameter: str) -> str:
    """One e-mail address, stripped; the empty text means none."""
    address = line(value, parameter)
    if address and (len(address) > EMAIL_MAX or not _EMAIL.fullmatch(address)):
        raise InvalidInput(parameter, "one e-mail address", value)
    return address


def phone(value: object, parameter: str) -> str:
    """A phone number, stripped; the empty text means none."""
    number_ = line(value, parameter)
    if number_ and (
        len(number_) > PHONE_MAX
        or not _PHONE.fullmatch(number_)
        or not any(c.isdigit() for c in number_)
    ):
        raise InvalidInput(parameter, "a phone number (digits, blanks and + - ( ) . /)", value)
    return number_


def number(value: object, parameter: str) -> Decimal:
    """A finite number as a ``Decimal``: an ``int`` or a finite ``Decimal`` (see module doc)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidInput(parameter, "a number (int or decimal.Decimal)", value)
    if isinstance(value, int):
        if abs(value) >= NUMBER_LIMIT:
            raise InvalidInput(parameter, f"a number of magnitude below {NUMBER_LIMIT:E}", value)
        return Decimal(value)
    if not value.is_finite():
        raise InvalidInput(parameter, "a finite number", value)
    if abs(value) >= NUMBER_LIMIT:
        raise InvalidInput(parameter, f"a number of magnitude below {NUMBER_LIMIT:E}", value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES and value != 0:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
            raise InvalidInput(
                parameter, f"a number with at most {DECIMAL_PLACES} decimal places", value
            )
    return value


def whole(value: object, parameter: str, low: int = 0, high: int = 10**9) -> int:
    """A whole number from ``low`` to ``high`` (an ``int``, never a ``bool``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(parameter, "a whole number (int)", value)
    if not low <= value <= high:
        raise InvalidInput(parameter, f"a whole number from {low} to {high}", value)
    return value


def flag(value: object, parameter: str) -> bool:
    """``True`` or ``False``, nothing else."""
    if not isinstance(value, bool):
        raise InvalidInput(parameter, "True or False", value)
    return value


def vocabulary(value: object, parameter: str, enum: type[E]) -> E:
    """A member of ``enum``, given as itself or by its value."""
    if isinstance(value, enum):
        return value
    try:
        hash(value)
        return enum(value)
    except (ValueError, TypeError):
        values = ", ".join(repr(member.value) for member in enum)
        raise InvalidInput(parameter, f"one of {values}", value) from None


def members(value: object, parameter: str, what: str) -> tuple[Any, ...]:
    """The items of a collection given as a list, tuple, set or frozenset (not text, not a
    mapping, not a one-shot iterator)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Collection):
        raise InvalidInput(parameter, f"a collection of {what}", value)
    items = tuple(value)
    if len(items) > 1000:
        raise InvalidInput(parameter, f"at most 1000 {what}", value)
    return items


# --- attrs validators and converters for value objects ---------------------------------------

Check = Callable[[object, str], Any]


def _renamed(error: InvalidInput, instance: object) -> InvalidInput:
    """``error`` naming the field as ``Class.field`` (names are made only on failure)."""
    return InvalidInput(f"{type(instance).__name__}.{error.parameter}", error.expected, error.got)


def validator(check: Check) -> Any:
    """An attrs validator that runs ``check`` on the field, naming ``Class.field`` (typed
    ``Any`` so the field keeps its own annotated type)."""

    def validate(instance: object, attribute: Any, value: object) -> None:
        try:
            check(value, attribute.name)
        except InvalidInput as error:
            raise _renamed(error, instance) from None

    return validate


def optional(check: Check) -> Any:
    """An attrs validator that allows ``None`` and runs ``check`` on anything else."""

    def validate(instance: object, attribute: Any, value: object) -> None:
        if value is not None:
            try:
                check(value, attribute.name)
            except InvalidInput as error:
                raise _renamed(error, instance) from None

    return validate


def each(check: Check, what: str) -> Any:
    """An attrs validator that runs ``check`` on every item of a collection field
    (``what`` the items are, for the message)."""

    def validate(instance: object, attribute: Any, value: Iterable[object]) -> None:
        for item in value:
            try:
                check(item, f"{attribute.name}[]")
            except InvalidInput as error:
                raise _renamed(error, instance) from None

    return validate


def instance_of(kind: type[Any], what: str) -> Check:
    """A check that the value is a ``kind``."""

    def check(value: object, parameter: str) -> Any:
        if not isinstance(value, kind):
            raise InvalidInput(parameter, what, value)
        return value

    return check


def stripped(value: object) -> object:
    """An attrs converter: text with its surrounding blanks removed (anything else as is;
    the validator then refuses it)."""
    return value.strip() if isinstance(value, str) else value
