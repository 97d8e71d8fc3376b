"""Escaping what documents print: user text never changes the structure of its output.

Names, titles and free text are typed by people and stored forever; an output shows them as
inert text. Three outputs, three rules:

* **Terminals** (:func:`strip_controls`): escape sequences (CSI, OSC and the other ``ESC``
  sequences), C0 control characters except newline and tab, ``DEL`` and C1 controls are
  removed, so a stored name cannot recolour, retitle or clear an auditor's terminal.
* **Markdown** (:func:`markdown_inline`, :func:`markdown_cell`, :func:`markdown_text`): every
  character CommonMark or GitHub Flavored Markdown could read as structure is escaped with a
  backslash (HTML tags, entities, emphasis, code, links, tables, strikethrough), and so is
  whatever would start a block at the beginning of a line (headings, lists, quotes, rules,
  setext underlines); inline values stay on one line.
* **iCalendar** (:func:`ical_text`, :func:`ical_parameter`): the ``icalendar`` library escapes
  text values; before it, line breaks are normalised to ``LF`` (which it escapes as ``\\n``) and
  other control characters removed, and parameter values (a person's ``CN``) are kept on one
  line, so a value can never end its content line and inject a property.

HTML is escaped by Jinja2's autoescaping (every ``.html.j2`` template).
"""

from __future__ import annotations

import re

__all__ = [
    "ical_parameter",
    "ical_text",
    "markdown_cell",
    "markdown_inline",
    "markdown_text",
    "strip_controls",
]

_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]              # CSI: ESC [ parameters intermediates final
    | \x9b [0-?]* [ -/]* [@-~]                # CSI as one C1 byte
    | (?:\x1b\]|\x9d) .*? (?:\x07|\x1b\\|\x9c|$)   # OSC (window title, hyperlinks) to BEL/ST
    | (?:\x1b[P^_X]|[\x90\x9e\x9f\x98]) .*? (?:\x1b\\|\x9c|$)  # DCS, PM, APC, SOS strings
    | \x1b [ -/]* [0-~]                       # any other escape sequence (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE | re.DOTALL,
)


def _control_class(keep: str) -> re.Pattern[str]:
    controls = "".join(
        chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in keep
    )
    return re.compile(f"[{re.escape(controls)}]")


_CONTROLS = _control_class("\n\t")
_CONTROLS_KEEP_CR = _control_class("\r\n\t")


def strip_controls(text: str, *, keep_cr: bool = False) -> str:
    """Text safe to write to a terminal: escape sequences and control characters removed
    (newline and tab kept; carriage return too when ``keep_cr``, for CRLF formats).

    >>> strip_controls("red\\x1b[31m alert\\x1b[0m\\x07 and\\ttab\\r\\n")
    'red alert and\\ttab\\n'
    >>> strip_controls("title\\x1b]0;pwned\\x07 done")
    'title done'
    """
    return (_CONTROLS_KEEP_CR if keep_cr else _CONTROLS).sub("", _ESCAPE_SEQUENCE.sub("", text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_BLOCK_START = re.compile(r"^([-+=])(?=\s|$|[-=])")  # list item, thematic break, setext line
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # ordered list item


def _escape_line(line: str) -> str:
    """One line escaped: structural characters anywhere, block markers at its start."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", line)
    escaped = _ORDERED_START.sub(r"\1\\\2", escaped)
    return _BLOCK_START.sub(r"\\\1", escaped)


def markdown_inline(text: object) -> str:
    """User text as inert inline Markdown on one line: whitespace runs become one space and
    every structural character is backslash-escaped.

    >>> markdown_inline("<script>alert(1)</script> *bold*\\n# heading")
    '\\\\<script\\\\>alert(1)\\\\</script\\\\> \\\\*bold\\\\* \\\\# heading'
    >>> markdown_inline("1. not a list")
    '1\\\\. not a list'
    """
    return _escape_line(" ".join(strip_controls(str(text)).split()))


def markdown_cell(text: object) -> str:
    """User text that stays inside one Markdown table cell (pipes escaped, one line).

    >>> markdown_cell("a | b\\nc")
    'a \\\\| b c'
    """
    return markdown_inline(text)


def markdown_text(text: object) -> str:
    """User free text as Markdown paragraphs: its line breaks and blank lines kept (runs of
    blank lines become one), each line escaped as :func:`markdown_inline` escapes, so no line
    starts a heading, list, quote, code block or rule.

    >>> markdown_text("first\\n- not an item\\n\\n\\n    not code")
    'first\\n\\\\- not an item\\n\\nnot code'
    """
    lines = [" ".join(line.split()) for line in strip_controls(str(text)).splitlines()]
    paragraphs = "\n".join(_escape_line(line) for line in lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", paragraphs)


def ical_text(text: str) -> str:
    """A text value for ``icalendar`` to escape: line breaks as ``LF``, no other controls.

    >>> ical_text("a\\r\\nb\\rc\\x1b[1m")
    'a\\nb\\nc'
    """
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def ical_parameter(text: str) -> str:
    """A parameter value (such as ``CN``) on one line: every whitespace run one space.

    >>> ical_parameter("Anna\\r\\nX-EVIL:1")
    'Anna X-EVIL:1'
    """
    return " ".join(strip_controls(text).split())
