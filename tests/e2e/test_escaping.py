"""Outputs escape what they print (issue 8.4): hostile user text never changes the structure of
a Markdown or HTML newsletter, never reaches a terminal as control bytes, and never adds a
property to an iCalendar invitation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from enum import Enum
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cocreation_domain.documents.escaping import (
    ical_parameter,
    ical_text,
    markdown_inline,
    markdown_text,
    strip_controls,
)
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.invitations import render_invitation
from cocreation_domain.documents.newsletter import render_newsletter
from cocreation_domain.documents.views import (
    ActorContacts,
    Attendee,
    Contact,
    GoalLine,
    Invitation,
    MissingSection,
    NewsletterDocument,
    PlatformSection,
    RippleLine,
)
from cocreation_domain.model import Beneficiary, GoalKind, Horizon, RippleKind

SCRIPT = "<script>alert(1)</script>"
HOSTILE = (
    f"{SCRIPT} *em* __strong__ `code` [link](javascript:x) ![img](x.png) <https://x.example> "
    "&amp; a | pipe ~~gone~~ \\ # not a heading \x1b[31mred\x1b[0m\x1b]0;title\x07\x9b2J \x00\x7f"
)
"""One-line user text holding every kind of Markdown and HTML structure and terminal escape."""

HOSTILE_TEXT = (
    f"first line {SCRIPT}\n# heading\n- item\n+ item\n* item\n> quote\n1. one\n2) two\n"
    "---\n===\n***\n___\n<div>block html</div>\n\n\n\n    indented code\n```\nfence\n```\n"
    "| a | b |\n|---|---|\n[ref]: https://x.example\n\x1b[2Jcleared"
)
"""Multi-line user text: every block a line could start, and more blank lines than one."""

NOT_TEXT = {"state", "status"}
"""Fields that hold names from the lifecycle tables, not text a user typed."""

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def with_text(value: Any, text: Callable[[str], str]) -> Any:
    """``value`` with every user text in it (recursively) replaced by ``text(field name)``."""
    if isinstance(value, tuple):
        return tuple(with_text(v, text) for v in value)
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if isinstance(current, str) and not isinstance(current, Enum):
            if field.name not in NOT_TEXT:
                changes[field.name] = text(field.name)
        elif isinstance(current, tuple) and current and isinstance(current[0], str):
            if not isinstance(current[0], Enum):
                changes[field.name] = tuple(text(field.name) for _ in current)
        else:
            changes[field.name] = with_text(current, text)
    return attrs.evolve(value, **changes)


LONG_TEXT = {"common_challenge", "progress", "hard"}
"""Fields the Markdown template shows as paragraphs (the others stay on one line)."""


def hostile(field: str) -> str:
    """The hostile text for a field: multi-line for paragraphs, one line for the rest."""
    return HOSTILE_TEXT if field in LONG_TEXT else HOSTILE


def neutral(field: str) -> str:
    """The same text with every structural character a letter: the layout it must keep."""
    return re.sub(r"[^\w\s]", "x", strip_controls(hostile(field)))


def full_document() -> NewsletterDocument:
    """A newsletter with every optional part present, so every field is rendered."""
    ripple = RippleLine(
        key="R1",
        description="a ripple",
        kind=next(iter(RippleKind)),
        beneficiaries=[next(iter(Beneficiary))],
        observed_on=date(2025, 3, 1),
        corrects="R0",
    )
    goal = GoalLine(
        key="G1",
        title="a goal",
        kind=GoalKind.QUANTITATIVE,
        horizon=next(iter(Horizon)),
        baseline="a baseline",
        baseline_value=None,
        unit="a unit",
        latest="the latest",
    )
    section = PlatformSection(
        platform="a platform",
        state="established",
        focus="a focus",
        coordinator="a coordinator",
        actors=["an actor", "another actor"],
        goals=[goal],
        progress="progress",
        hard="hard",
        ripples=[ripple],
    )
    return NewsletterDocument(
        initiative="an initiative",
        common_challenge="a challenge",
        anchor="an anchor",
        meeting_on=date(2025, 3, 25),
        state="published",
        sections=[section],
        missing=[MissingSection(platform="a late platform", reason="a reason")],
        initiative_ripples=[ripple],
        contacts=[
            ActorContacts(
                actor="an actor",
                persons=[Contact(name="a name", title="a title", email="a@b.dk", phone="+45 1")],
            )
        ],
        compiled_on=date(2025, 3, 30),
        published_on=date(2025, 4, 1),
        recipients=3,
    )


def structure(tokens: list[Token]) -> Iterator[tuple[str, str, int]]:
    """Every block and inline token's type, tag and nesting, text contents left out."""
    for token in tokens:
        yield token.type, token.tag, token.nesting
        yield from structure(token.children or [])


def texts(tokens: list[Token]) -> str:
    """The text a Markdown reader sees."""
    return " ".join(
        child.content
        for token in tokens
        for child in token.children or []
        if child.type in {"text", "code_inline"}
    )


class TestMarkdown:
    """User text in the Markdown newsletter is inert (issue 8.4)."""

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_hostile_text_keeps_the_structure_of_neutral_text(self, lang: Language) -> None:
        """Hostile text in every text field parses to the same blocks and inline tokens as
        letters in the same layout: no HTML, heading, list, link, emphasis or table cell added."""
        document = full_document()
        bad = render_newsletter(with_text(document, hostile), lang, "md")
        good = render_newsletter(with_text(document, neutral), lang, "md")
        assert list(structure(PARSER.parse(bad))) == list(structure(PARSER.parse(good)))

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_raw_html_reads_as_text(self, lang: Language) -> None:
        """``<script>`` is shown as the characters a person typed, never as an HTML token."""
        bad = render_newsletter(with_text(full_document(), hostile), lang, "md")
        tokens = PARSER.parse(bad)
        kinds = {kind for kind, _, _ in structure(tokens)}
        assert not kinds & {"html_block", "html_inline", "link_open", "image", "code_block"}
        assert SCRIPT in texts(tokens)
        assert "<script" not in bad.replace("\\<script", "")

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_no_control_bytes_reach_the_output(self, lang: Language) -> None:
        """Terminal escapes and control characters in user text are removed."""
        bad = render_newsletter(with_text(full_document(), hostile), lang, "md")
        assert CONTROL.search(bad) is None

    @given(st.text())
    def test_any_inline_text_stays_one_paragraph_of_text(self, text: str) -> None:
        """Whatever a person types, an inline value parses as plain text in one paragraph."""
        tokens = PARSER.parse(f"Name: {markdown_inline(text)}")
        kinds = [kind for kind, _, _ in structure(tokens)]
        assert set(kinds) <= {"paragraph_open", "paragraph_close", "inline", "text"}
        assert CONTROL.search(markdown_inline(text)) is None

    @given(st.text())
    def test_any_free_text_is_paragraphs_of_text(self, text: str) -> None:
        """Whatever a person types, free text parses as paragraphs of plain text."""
        tokens = PARSER.parse(markdown_text(text))
        kinds = [kind for kind, _, _ in structure(tokens)]
        allowed = {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}
        assert set(kinds) <= allowed


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(name for name, _ in attrs)))


def tags(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """The HTML elements (with their attribute names) a browser would build."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


class TestHtml:
    """User text in the HTML newsletter is escaped by autoescaping (issue 8.4)."""

    @pytest.mark.parametrize("lang", LANGUAGES)
    def test_hostile_text_adds_no_element(self, lang: Language) -> None:
        """Hostile text builds the same elements as neutral text: no script, no link, and the
        typed ``<script>`` shows as text."""
        document = full_document()
        bad = render_newsletter(with_text(document, hostile), lang, "html")
        good = render_newsletter(with_text(document, neutral), lang, "html")
        assert tags(bad) == tags(good)
        assert "script" not in {tag for tag, _ in tags(bad)}
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bad
        assert CONTROL.search(bad) is None


class TestTerminal:
    """Terminal control bytes are removed from text (issue 8.4)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("\x1b[31mred\x1b[0m", "red"),
            ("\x1b[2J\x1b[Hcleared", "cleared"),
            ("\x1b]0;new title\x07after", "after"),
            ("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\", "link"),
            ("\x9b31mc1 csi", "c1 csi"),
            ("bell\x07 back\x08space del\x7f nul\x00", "bell backspace del nul"),
            ("carriage\rreturn", "carriagereturn"),
            ("keeps\ttabs\nand newlines", "keeps\ttabs\nand newlines"),
            ("Æblegård ✓ — ünïcödé", "Æblegård ✓ — ünïcödé"),
        ],
    )
    def test_escape_sequences_and_controls_are_removed(self, text: str, expected: str) -> None:
        """CSI, OSC, C1 and C0 controls (except newline and tab) are removed; text is kept."""
        assert strip_controls(text) == expected

    @given(st.text())
    def test_nothing_a_terminal_acts_on_is_left(self, text: str) -> None:
        """After stripping, no ESC, C0 (but newline and tab), DEL or C1 character is left."""
        assert CONTROL.search(strip_controls(text)) is None


def invitation(**changes: Any) -> Invitation:
    """An invitation with two attendees, changed by ``changes``."""
    base = Invitation(
        uid="m1@cocreation-domain",
        summary="Joint status meeting",
        start=date(2025, 3, 25),
        stamp=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
        location="Town hall",
        description="Agenda",
        attendees=[Attendee(name="Anna", email="anna@vestby.dk")],
        organizer=Attendee(name="Bo", email="bo@vestby.dk"),
    )
    return attrs.evolve(base, **changes)


def event_of(ics: bytes) -> Any:
    """The one VEVENT of an iCalendar object, parsed by icalendar."""
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return event


class TestICalendar:
    """Text in invitations is escaped by icalendar; nothing can add a property (issue 8.4)."""

    INJECTION = "Meeting\r\nATTENDEE:mailto:evil@x.example\rX-INJECTED:1\nEND:VEVENT\x1b[31m"

    @pytest.mark.parametrize("field", ["summary", "location", "description"])
    def test_line_breaks_in_text_cannot_add_a_property(self, field: str) -> None:
        """CR, LF and CRLF in a text value stay inside the value (as escaped newlines)."""
        event = event_of(render_invitation(invitation(**{field: self.INJECTION})))
        assert "X-INJECTED" not in event
        assert not isinstance(event["ATTENDEE"], list)  # still the one attendee
        assert str(event[field.upper()]) == ical_text(self.INJECTION)
        assert "\x1b" not in str(event[field.upper()])

    def test_line_breaks_in_a_name_stay_in_its_parameter(self) -> None:
        """A CR/LF in an attendee's name (the CN parameter) cannot end the content line."""
        name = "Anna\r\nX-INJECTED:1;ROLE=CHAIR:mailto:evil@x.example"
        ics = render_invitation(invitation(attendees=[Attendee(name=name, email="a@b.dk")]))
        event = event_of(ics)
        assert "X-INJECTED" not in event
        assert event["ATTENDEE"].params["CN"] == ical_parameter(name)
        assert event["ATTENDEE"].params["ROLE"] == "REQ-PARTICIPANT"

    @pytest.mark.parametrize(
        "email", ["a@b.dk\r\nX-INJECTED:1", "a@b.dk\nx", "a b@c.dk", "a@b.dk\x1b[1m", "a@@b"]
    )
    def test_an_address_that_is_not_one_address_is_left_out(self, email: str) -> None:
        """An e-mail with line breaks, spaces or controls is left out instead of failing."""
        attendees = [Attendee(name="Anna", email=email), Attendee(name="Bo", email="bo@b.dk")]
        event = event_of(render_invitation(invitation(attendees=attendees)))
        assert "X-INJECTED" not in event
        assert str(event["ATTENDEE"]) == "mailto:bo@b.dk"

    @given(st.text(), st.text())
    def test_any_text_round_trips_without_new_properties(self, summary: str, name: str) -> None:
        """Whatever the summary and a name hold, the parsed event has the same properties and
        gives the summary back (line breaks as LF, controls removed)."""
        ics = render_invitation(
            invitation(summary=summary or "x", attendees=[Attendee(name=name, email="a@b.dk")])
        )
        event = event_of(ics)
        expected = {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "LOCATION", "DESCRIPTION"}
        expected |= {"SEQUENCE", "STATUS", "ORGANIZER", "ATTENDEE"}
        assert set(event) == expected
        assert str(event["SUMMARY"]) == ical_text(summary or "x")
