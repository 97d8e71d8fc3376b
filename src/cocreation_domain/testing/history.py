"""A platform's history, read from its events: what the aggregate no longer holds.

The :class:`~cocreation_domain.model.Platform` aggregate keeps only what its decisions need
(counters, the last reality check, open sparring requests). Tests and embedders that want to
see every ripple, progress note, reality check or sparring answer read them here, from the
platform's own events, or from the read models (:mod:`cocreation_domain.projections`).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    GoalProgress,
    Initiative,
    Platform,
    RealityCheck,
    Ripple,
    Sparring,
)
from cocreation_domain.model.platform import DECISIONS

__all__ = [
    "events_stored",
    "initiative_acts_of",
    "initiative_ripples_of",
    "progress_of",
    "reality_checks_of",
    "ripples_of",
    "sparring_of",
]


def events_stored(app: CoCreation) -> int:
    """How many events the application's store holds: a refused command leaves it unchanged.

    >>> from cocreation_domain import CoCreation
    >>> app = CoCreation()
    >>> before = events_stored(app)
    >>> _ = app.register_person("Mette Skov")
    >>> events_stored(app) - before
    1
    """
    return app.recorder.max_notification_id() or 0


def _events(app: CoCreation, platform: UUID) -> list[Platform.Event]:
    return [e for e in app.events.get(platform) if isinstance(e, Platform.Event)]


def ripples_of(app: CoCreation, platform: UUID) -> dict[str, Ripple]:
    """Every ripple recorded on the platform, by key (R1, R2 …)."""
    return {
        e.ripple.key: e.ripple
        for e in _events(app, platform)
        if isinstance(e, Platform.RippleRecorded)
    }


def initiative_acts_of(app: CoCreation, platform: UUID) -> list[tuple[date, UUID]]:
    """The day and person (principal) of each decision initiated on the platform and each
    change proposed for it, from the events (R-FLAT-5): what the read model keeps as
    ``PlatformView.initiative_acts`` and the aggregates do not hold."""
    decided = [(e.occurred_on, e.principal) for e in _events(app, platform) if type(e) in DECISIONS]
    initiative = app.get_platform(platform).initiative
    proposed = [
        (e.occurred_on, e.principal)
        for e in app.events.get(initiative)
        if isinstance(e, Initiative.ChangeProposed) and e.proposal.platform == platform
    ]
    return decided + proposed


def initiative_ripples_of(app: CoCreation, initiative: UUID) -> dict[str, Ripple]:
    """Every ripple recorded on the initiative itself, by key (R1, R2 …)."""
    return {
        e.ripple.key: e.ripple
        for e in app.events.get(initiative)
        if isinstance(e, Initiative.RippleRecorded)
    }


def progress_of(app: CoCreation, platform: UUID) -> dict[str, tuple[GoalProgress, ...]]:
    """Every progress note recorded on the platform, by goal key, in recorded order."""
    notes: dict[str, tuple[GoalProgress, ...]] = {}
    for e in _events(app, platform):
        if isinstance(e, Platform.GoalProgressRecorded):
            notes[e.goal] = (*notes.get(e.goal, ()), e.progress)
    return notes


def reality_checks_of(app: CoCreation, platform: UUID) -> dict[str, RealityCheck]:
    """Every reality check the platform performed, by key (RC1 …)."""
    return {
        e.check.key: e.check
        for e in _events(app, platform)
        if isinstance(e, Platform.RealityCheckPerformed)
    }


def sparring_of(app: CoCreation, platform: UUID) -> dict[str, Sparring]:
    """Every sparring request of the platform, by key, with its answer once given."""
    sparring: dict[str, Sparring] = {}
    for e in _events(app, platform):
        if isinstance(e, Platform.SparringRequested):
            sparring[e.sparring.key] = e.sparring
        elif isinstance(e, Platform.SparringGiven):
            sparring[e.key] = attrs.evolve(sparring[e.key], notes=e.notes, given_on=e.occurred_on)
    return sparring
