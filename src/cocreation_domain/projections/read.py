"""The view every read model reads: now (kept up to date in a store) or as of a past moment.

Built now, a view of the past never shows the data of a person forgotten since (R-PII-2): a
forgetting applies to every output produced after it, whatever moment that output describes.
So ``view_as_of(app, moment)`` equals a rebuild of a store that only held the events up to
``moment`` whenever nobody was forgotten after it; otherwise it differs exactly in those
persons, who read as "(forgotten)".
"""

from __future__ import annotations

from uuid import UUID

from cocreation_domain.application import CoCreation
from cocreation_domain.model import Person
from cocreation_domain.projections.forgetting import register_view_purge
from cocreation_domain.projections.runner import AsOf, Progress, ProjectionRunner, rebuild
from cocreation_domain.projections.state import View
from cocreation_domain.projections.store import ViewStore, view_store_for
from cocreation_domain.projections.view import ViewFold

__all__ = ["current_view", "forgotten_persons", "view_as_of", "view_runner"]


def view_runner(app: CoCreation, store: ViewStore | None = None) -> ProjectionRunner[View]:
    """A runner that keeps ``app``'s :class:`View` in ``store`` (default: next to the events,
    see :func:`~cocreation_domain.projections.store.view_store_for`); ``app`` purges that
    store when it forgets a person (R-PII-3)."""
    store = store if store is not None else view_store_for(app)
    register_view_purge(app, store)
    return ProjectionRunner(app, ViewFold(), store)


def current_view(
    app: CoCreation, store: ViewStore | None = None, *, progress: Progress | None = None
) -> View:
    """The view with every event recorded so far, caught up from the store's last position."""
    return view_runner(app, store).run(progress=progress)


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


def view_as_of(app: CoCreation, as_of: AsOf, *, progress: Progress | None = None) -> View:
    """The view as it stood at ``as_of`` (a notification id, or a timezone-aware recorded
    time), with everyone forgotten since then forgotten in it too."""
    past = rebuild(app, ViewFold(), as_of, progress=progress)
    return past.forgetting(forgotten_persons(app))
