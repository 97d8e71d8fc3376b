"""The view every read model reads: now (stored rows plus the tail) or as of a past moment.

Reading never writes. :func:`current_view` loads the stored rows (all of them, or only one
initiative's) and folds the events the store does not hold yet in memory; keeping the store
current is the job of :class:`~cocreation_domain.projections.runner.ProjectionRunner`
(:func:`project`, or ``cocreation project``). A store nobody ever projected reads too: every
event is then folded in memory.

Built now, a view of the past never shows the data of a person forgotten since (R-PII-2): a
forgetting applies to every output produced after it, whatever moment that output describes.
So ``view_as_of(app, moment)`` equals a rebuild of a store that only held the events up to
``moment`` whenever nobody was forgotten after it; otherwise it differs exactly in those
persons, who read as "(forgotten)".
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import Person
from cocreation_domain.projections.forgetting import register_view_purge
from cocreation_domain.projections.runner import (
    AsOf,
    Progress,
    ProjectionRunner,
    admit_rows,
    events_of,
    gc_paused,
    rebuild,
)
from cocreation_domain.projections.state import AuditEntry, View
from cocreation_domain.projections.store import ProjectionConflict, ViewStore, view_store_for
from cocreation_domain.projections.view import ViewFold

__all__ = [
    "audit_page",
    "current_view",
    "forgotten_persons",
    "project",
    "view_as_of",
    "view_runner",
]


def view_runner(app: CoCreation, store: ViewStore | None = None) -> ProjectionRunner:
    """A runner that keeps ``app``'s :class:`View` in ``store`` (default: next to the events,
    see :func:`~cocreation_domain.projections.store.view_store_for`); ``app`` purges that
    store when it forgets a person (R-PII-3)."""
    store = store if store is not None else view_store_for(app)
    register_view_purge(app, store)
    return ProjectionRunner(app, ViewFold(), store)


def project(
    app: CoCreation, store: ViewStore | None = None, *, progress: Progress | None = None
) -> int:
    """Store the view of every event recorded so far (the only way views are written); the
    notification id reached."""
    return view_runner(app, store).run(progress=progress)


def current_view(
    app: CoCreation,
    store: ViewStore | None = None,
    *,
    initiative: UUID | None = None,
    audit: bool = True,
    progress: Progress | None = None,
) -> View:
    """The view with every event recorded so far: the stored rows, and the events after them
    folded in memory (nothing is written).

    With ``initiative``, only what that initiative's read models need is loaded: its rows, the
    persons they name and, when the store is behind, the rows the events since then read
    (other initiatives' among them; the read models pick by initiative). With
    ``audit=False`` no audit entry is loaded (the status, attention, poster and registers do
    not read them).
    """
    store = store if store is not None else view_store_for(app)
    register_view_purge(app, store)  # a forgetting in this process purges what it reads
    fold = ViewFold()
    last = app.recorder.max_notification_id() or 0
    stored_position = store.position(fold.version)
    if stored_position is None:  # never projected: fold it all here
        return _trimmed(rebuild(app, fold, progress=progress), audit)
    stored = store.load(fold.version, initiative=initiative, audit=audit)
    if stored is None:  # started over meanwhile
        return _trimmed(rebuild(app, fold, progress=progress), audit)
    view = stored.view
    if initiative is not None and view.position >= last:
        return view  # current when asked (events recorded since are not waited for)
    tail = fold.thaw(view)
    asked = _held(view) if initiative is not None else None
    try:
        with gc_paused():
            for batch in events_of(app, view.position):
                if asked is not None:  # one initiative's rows: take in what the tail reads
                    events = [event for _, event in batch]
                    admit_rows(fold, store, tail, events, view.position, asked)
                for position, event in batch:
                    tail = fold.step(tail, event, position)
                if progress is not None:
                    progress(batch[-1][0], max(last, batch[-1][0]))
    except ProjectionConflict:  # the runner stored more meanwhile: read again
        return current_view(app, store, initiative=initiative, audit=audit, progress=progress)
    folded = fold.freeze(tail)
    if initiative is not None and audit:  # the tail's entries of this initiative only
        entries = tuple(e for e in folded.audit if e.initiative == initiative)
        folded = attrs.evolve(folded, audit=entries)
    return _trimmed(folded, audit)


def _held(view: View) -> set[UUID]:
    """The ids of every row a view holds."""
    held: set[UUID] = set()
    for rows in (view.initiatives, view.platforms, view.persons, view.meetings, view.newsletters):
        held.update(rows)
    return held


def _trimmed(view: View, audit: bool) -> View:
    if audit or not view.audit:
        return view
    return attrs.evolve(view, audit=())


def audit_page(
    app: CoCreation,
    store: ViewStore | None = None,
    *,
    initiative: UUID | None = None,
    after: int = 0,
    limit: int = 100,
) -> tuple[AuditEntry, ...]:
    """Up to ``limit`` audit entries after position ``after`` (of ``initiative`` only, when
    given), in log order: from the stored rows, and from events the store lacks yet."""
    store = store if store is not None else view_store_for(app)
    version = ViewFold.version
    page = store.audit_page(version, initiative=initiative, after=after, limit=limit)
    stored = store.position(version) or 0
    if len(page) == limit or stored >= (app.recorder.max_notification_id() or 0):
        return page
    view = current_view(app, store)
    entries = [
        e
        for e in view.audit
        if e.position > max(after, stored) and initiative in (None, e.initiative)
    ]
    return (page + tuple(entries))[:limit]


def forgotten_persons(app: CoCreation) -> frozenset[UUID]:
    """Every person forgotten so far, read from the log (R-PII-2)."""
    forgotten: set[UUID] = set()
    position = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position,
            limit=500,
            topics=(Person.Forgotten.TOPIC,),
            inclusive_of_start=False,
        )
        if not notifications:
            return frozenset(forgotten)
        forgotten.update(UUID(str(n.originator_id)) for n in notifications)
        position = notifications[-1].id


def view_as_of(
    app: CoCreation,
    as_of: AsOf | None = None,
    *,
    on: date | None = None,
    recorded_at: datetime | None = None,
    progress: Progress | None = None,
) -> View:
    """The view as it stood at a past moment, with everyone forgotten since forgotten in it.

    ``as_of``: a notification id, or a timezone-aware recorded time (as ``recorded_at``);
    ``recorded_at``: what the store knew at that time; ``on``: what was true on that business
    date, from the events' ``occurred_on``, however late they were entered. Bounds combine:
    ``view_as_of(app, on=D, recorded_at=T)`` is what the store knew at T about day D.
    """
    past = rebuild(app, ViewFold(), as_of, recorded_at=recorded_at, on=on, progress=progress)
    return past.forgetting(forgotten_persons(app))
