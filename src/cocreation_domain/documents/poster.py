"""The poster of an initiative as a self-contained SVG picture, drawn in pure Python.

Card 3 asks the anchor to keep an illustration of the initiative up to date: what each
platform works on and which actors take part. The read model gives it as Mermaid text
(:func:`cocreation_domain.projections.poster`); Mermaid is drawn by a JavaScript library, so
for a file that any browser, office suite or printer shows as it is, this module lays the same
facts out itself: a banner with the initiative and its common challenge, and one card per open
platform with its focus and actors, in a grid. The poster names organisations only, never
persons. The same view always gives the same bytes.
"""

from __future__ import annotations

import textwrap
from uuid import UUID
from xml.sax.saxutils import escape

import attrs

from cocreation_domain.model import PlatformState
from cocreation_domain.projections import View, actor_name, initiative_in, platforms_in

__all__ = ["PosterCard", "poster_cards", "poster_svg"]

COLUMNS = 3
CARD_WIDTH = 300
GAP = 24
MARGIN = 32
LINE = 20
CHARS = 38
"""Characters per line of a card's text (about 7.5 px each at 14 px in a sans-serif font)."""


@attrs.frozen
class PosterCard:
    """One open platform on the poster."""

    name: str
    focus: str
    actors: tuple[str, ...]
    on_standby: bool = False


def poster_cards(view: View, initiative: UUID) -> list[PosterCard]:
    """The open platforms of the initiative in the order they were established."""
    return [
        PosterCard(
            name=p.name,
            focus=p.focus or "(focus not yet set)",
            actors=tuple(sorted(actor_name(view, initiative, a) for a in p.actors)),
            on_standby=p.state == PlatformState.STANDBY,
        )
        for p in platforms_in(view, initiative)
        if p.is_open
    ]


def _lines(text: str, width: int = CHARS) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def _text(x: int, y: int, line: str, css: str) -> str:
    return f'<text x="{x}" y="{y}" class="{css}">{escape(line)}</text>'


def _card(card: PosterCard, x: int, y: int, height: int) -> list[str]:
    dash = ' stroke-dasharray="6 4"' if card.on_standby else ""
    parts = [f'<rect x="{x}" y="{y}" width="{CARD_WIDTH}" height="{height}" rx="8"{dash}/>']
    row = y + 28
    title = card.name + (" (standby)" if card.on_standby else "")
    for line in _lines(title, CHARS - 6):
        parts.append(_text(x + 16, row, line, "name"))
        row += LINE + 2
    for line in _lines(card.focus):
        parts.append(_text(x + 16, row, line, "focus"))
        row += LINE
    row += 8
    for actor in card.actors:
        for i, line in enumerate(_lines(actor, CHARS - 2)):
            parts.append(_text(x + 16, row, ("• " if i == 0 else "  ") + line, "actor"))
            row += LINE
    return parts


def _card_height(card: PosterCard) -> int:
    title = len(_lines(card.name + (" (standby)" if card.on_standby else ""), CHARS - 6))
    focus = len(_lines(card.focus))
    actors = sum(len(_lines(a, CHARS - 2)) for a in card.actors)
    return 28 + title * (LINE + 2) + focus * LINE + 8 + actors * LINE + 8


def poster_svg(view: View, initiative: UUID) -> str:
    """The initiative's poster as an SVG document (styles inline, no external resources).

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import current_view
    >>> from cocreation_domain.testing import Scenario
    >>> s = Scenario.start(CoCreation(), actors=2)
    >>> platform = s.platform(name="Night life")
    >>> svg = poster_svg(current_view(s.app), s.initiative)
    >>> svg.startswith("<svg") and "Night life" in svg and "Actor 2" in svg
    True
    """
    the_initiative = initiative_in(view, initiative)
    cards = poster_cards(view, initiative)
    columns = max(1, min(COLUMNS, len(cards)))
    width = 2 * MARGIN + columns * CARD_WIDTH + (columns - 1) * GAP
    banner = [
        *[(line, "title") for line in _lines(the_initiative.name, width // 14)],
        *[(line, "challenge") for line in _lines(the_initiative.common_challenge, width // 8)],
    ]
    banner_height = 24 + len(banner) * (LINE + 4) + 12
    body: list[str] = [
        f'<rect x="0" y="0" width="{width}" height="{banner_height}" class="banner"/>'
    ]
    y = 24 + LINE
    for line, css in banner:
        body.append(_text(MARGIN, y, line, css))
        y += LINE + 4
    top = banner_height + GAP
    for start in range(0, len(cards), columns):
        row = cards[start : start + columns]
        height = max(_card_height(c) for c in row)
        for i, card in enumerate(row):
            body.extend(_card(card, MARGIN + i * (CARD_WIDTH + GAP), top, height))
        top += height + GAP
    total = top + MARGIN - GAP
    style = (
        "text{font-family:'Segoe UI','Helvetica Neue',Arial,sans-serif;fill:#1d2430}"
        ".banner{fill:#0b5c8a}.title{font-size:24px;font-weight:700;fill:#fff}"
        ".challenge{font-size:14px;fill:#e6f0f7}"
        "rect{fill:#f3f6f9;stroke:#0b5c8a;stroke-width:1.5}"
        ".name{font-size:17px;font-weight:700}.focus{font-size:14px;font-style:italic}"
        ".actor{font-size:14px}"
    )
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
            f'viewBox="0 0 {width} {total}" role="img">',
            f"<title>{escape(the_initiative.name)}</title>",
            f"<style>{style}</style>",
            *body,
            "</svg>",
            "",
        ]
    )
