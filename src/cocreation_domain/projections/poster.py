"""The poster of an initiative (*plakat*): its open platforms, what each works on and which
actors take part, as Mermaid flowchart text (live, or as the anchor last published it).

Node ids follow the order of establishment (platforms) and of names (actors), so the same
initiative always gives the same text. An actor on several platforms is drawn once, linked to
each; a platform on standby is drawn dashed.
"""

from __future__ import annotations

from uuid import UUID

import attrs

from cocreation_domain.model import PlatformState
from cocreation_domain.projections.lookup import actor_name, initiative_in, platforms_in
from cocreation_domain.projections.state import View

__all__ = ["poster"]

_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;"}


def _label(*lines: str) -> str:
    """A quoted Mermaid label of one or more lines."""
    escaped = ("".join(_ESCAPES.get(c, c) for c in " ".join(line.split())) for line in lines)
    return '"' + "<br/>".join(escaped) + '"'


@attrs.frozen
class _Box:
    """One platform as the poster draws it."""

    name: str
    state: str
    focus: str | None
    actors: frozenset[UUID]


def poster(view: View, initiative: UUID, *, published: bool = False) -> str:
    """The initiative's poster as a Mermaid flowchart: its open platforms as they stand now,
    or, with ``published``, as the anchor last updated the poster (R-MEET-3; only the
    initiative when it never was).

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import rebuild, ViewFold
    >>> from cocreation_domain.testing import Scenario
    >>> s = Scenario.start(CoCreation(), actors=2)
    >>> platform = s.platform(name="Night life")
    >>> print(poster(rebuild(s.app, ViewFold()), s.initiative), end="")
    flowchart TB
        initiative["Safe Harbour<br/>young people drifting into crime"]
        p1["Night life<br/>(focus not yet set)"]
        initiative --- p1
        a1(["Actor 1"])
        a2(["Actor 2"])
        p1 --- a1
        p1 --- a2
        classDef standby stroke-dasharray: 5 5
    """
    the_initiative = initiative_in(view, initiative)
    if published:
        order_of = {p.id: i for i, p in enumerate(platforms_in(view, initiative))}
        entries = sorted(
            the_initiative.poster,
            key=lambda e: (order_of.get(e.platform, len(order_of)), e.name, str(e.platform)),
        )
        boxes = [_Box(e.name, e.state, e.focus, e.actors) for e in entries]
    else:
        boxes = [
            _Box(p.name, p.state, p.focus, p.actors)
            for p in platforms_in(view, initiative)
            if p.is_open
        ]
    actors = sorted(
        {a for box in boxes for a in box.actors},
        key=lambda a: (actor_name(view, initiative, a), str(a)),
    )
    order = {actor: i for i, actor in enumerate(actors, 1)}
    lines = [
        "flowchart TB",
        f"    initiative[{_label(the_initiative.name, the_initiative.common_challenge)}]",
    ]
    for i, box in enumerate(boxes, 1):
        title = box.name + (" (standby)" if box.state == PlatformState.STANDBY else "")
        lines.append(f"    p{i}[{_label(title, box.focus or '(focus not yet set)')}]")
        lines.append(f"    initiative --- p{i}")
    for actor in actors:
        lines.append(f"    a{order[actor]}([{_label(actor_name(view, initiative, actor))}])")
    for i, box in enumerate(boxes, 1):
        lines.extend(f"    p{i} --- a{order[a]}" for a in sorted(box.actors, key=order.__getitem__))
    lines.append("    classDef standby stroke-dasharray: 5 5")
    paused = (i for i, box in enumerate(boxes, 1) if box.state == PlatformState.STANDBY)
    lines.extend(f"    class p{i} standby" for i in paused)
    return "\n".join(lines) + "\n"
