"""Public queries about the past of one subject, for documents that show it as it stood.

Documents come from views and public queries only (never from the event store): a newsletter
shows each platform as it stood on the business day its section was submitted
(:func:`platform_on`), and an invitation carries the moment its meeting last changed
(:func:`last_recorded_at`).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import NotFound
from cocreation_domain.projections.state import PlatformView, View
from cocreation_domain.projections.view import ViewFold

__all__ = ["last_recorded_at", "platform_on"]


def platform_on(app: CoCreation, view: View, platform: UUID, day: date) -> PlatformView:
    """The platform as its own events left it at the end of business day ``day``: its events
    with a business date on or before ``day``, folded by the read model's own fold (goals,
    baselines and progress as they stood then). ``view`` gives the initiatives and persons the
    fold looks names up in; ``NotFound`` when the platform has no event by then."""
    events = [
        e for e in app.repository.event_store.get(platform) if getattr(e, "occurred_on", day) <= day
    ]
    fold = ViewFold()
    seed = attrs.evolve(fold.initial(), initiatives=view.initiatives, persons=view.persons)
    state = fold.thaw(seed)
    for event in events:
        state = fold.step(state, event, view.position)
    folded = fold.freeze(state).platforms.get(platform)
    if folded is None:
        raise NotFound("platform", platform)
    return folded


def last_recorded_at(view: View, subject: UUID) -> datetime:
    """When the latest event of ``subject`` (a meeting, say) was recorded; ``NotFound`` when
    the view holds none."""
    stamps = [entry.recorded_at for entry in view.audit if entry.subject == subject]
    if not stamps:
        raise NotFound("subject", subject)
    return max(stamps)
