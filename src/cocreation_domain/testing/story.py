"""A short but eventful initiative, for tests and examples of the read models.

It touches every kind of event the read models fold: persons registered, updated and
forgotten; platforms established before and after co-creation started; coordinators, first
meetings, goals with baselines, progress, a reached goal; ripples on a platform and on the
initiative, and a correction; an actor replaced and onboarded; a standby with a review date;
a merge. Business dates move on by days so that date-bound read models have something to show.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    ActorChangeReason,
    Beneficiary,
    GoalProgress,
    Ripple,
    RippleKind,
)
from cocreation_domain.testing.scenario import Scenario

__all__ = ["Story", "tell_story"]


@attrs.frozen
class Story:
    """The ids a test needs after :func:`tell_story`."""

    scenario: Scenario
    night: UUID
    """An active platform with progress, a reached goal, ripples and a replaced actor."""
    schools: UUID
    """A platform with goals but no baselines, on standby with a review date."""
    sports: UUID
    """A platform established after co-creation started, merged into ``night``."""
    newcomer: UUID
    """The actor that replaced one of ``night``'s actors."""
    forgotten: UUID
    """A person who asked to be forgotten (if the story was told with ``forget``)."""

    @property
    def initiative(self) -> UUID:
        """The initiative's id."""
        return self.scenario.initiative


def tell_story(app: CoCreation, start: date = date(2025, 1, 6), *, forget: bool = True) -> Story:
    """Record the story in ``app`` and return its ids; with ``forget`` its last event is a
    person asking to be forgotten (R-PII-2)."""
    s = Scenario.start(app, actors=5, today=start)
    a1, a2, a3, a4, a5 = s.actors
    night = s.platform([a1, a2, a3], name="Night life")
    schools = s.platform([a4, a5], name="Schools")
    s.start_co_creation()

    s.later(7)
    s.active(night)
    member = s.person_of(a1)
    s.later(14)
    app.record_goal_progress(
        member, night, "G2", GoalProgress("reports counted", s.today, 8), on=s.today
    )
    ripple = Ripple(
        "a youth club and a housing association met",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OWN_PLATFORM, Beneficiary.OTHER_ACTORS],
        s.today,
    )
    first = app.record_ripple(member, night, ripple, on=s.today)
    app.record_initiative_ripple(
        s.anchor,
        s.initiative,
        Ripple(
            "a new idea for school holidays", RippleKind.NEW_IDEA, ["outside_initiative"], s.today
        ),
        on=s.today,
    )
    s.later(3)
    app.record_ripple(
        member,
        night,
        attrs.evolve(
            ripple, description="a youth club and two housing associations met", corrects=first
        ),
        on=s.today,
    )

    s.later(30)
    s.with_goals(schools)
    newcomer = s.add_actor("Sports club")
    s.later(2)
    app.replace_actor(
        member, night, a2, newcomer, ActorChangeReason.INACTIVE, s.consent(night), on=s.today
    )
    app.onboard_actor(s.anchor, night, newcomer, on=s.today)
    app.update_contact(s.anchor, s.person_of(a3), email="new@example.org", on=s.today)
    app.reach_goal(member, night, "G1", on=s.today)

    s.later(10)
    sports = s.platform([a5], name="Sports")
    app.onboard_actor(s.anchor, sports, a5, on=s.today)
    s.later(5)
    app.merge_platforms(
        s.person_of(a5), sports, night, s.consent(sports), s.consent(night), on=s.today
    )
    app.put_on_standby(
        s.person_of(a4),
        schools,
        "awaiting the municipal budget",
        "the coordinator asks the council again in March",
        s.consent(schools),
        review_on=s.today + timedelta(days=30),
        on=s.today,
    )
    s.later(1)
    forgotten = s.person_of(a2)
    if forget:
        app.forget_person(forgotten, forgotten, on=s.today)
    return Story(s, night, schools, sports, newcomer, forgotten)
