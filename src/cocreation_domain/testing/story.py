"""A short but eventful initiative, for tests and examples of the read models.

It touches every kind of event the read models fold: persons registered, updated and
forgotten; platforms established before and after co-creation started; coordinators, first
meetings, goals with baselines, progress and a reached goal; ripples on a platform and on the
initiative, and a correction; an actor replaced and onboarded; a standby with a review date; a
merge; the coordinator meeting and the poster; a reality check and sparring; a pre-meeting; a
joint status meeting with its newsletter, compiled without one section and published. Business
dates move on by days so that date-bound read models have something to show, and every choice
(coordinators, hosts) is made explicitly, so the story always records the same history.
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
from cocreation_domain.model.values import Minutes, RealityCheck, Recommendation
from cocreation_domain.testing.scenario import Scenario

__all__ = ["Story", "tell_story"]


@attrs.frozen
class Story:
    """The ids a test needs after :func:`tell_story`."""

    scenario: Scenario
    night: UUID
    """An active platform with progress, a reached goal, ripples, a replaced actor, a reality
    check and sparring; coordinated by the first actor's person."""
    schools: UUID
    """A platform with goals but no baselines, on standby with a review date."""
    sports: UUID
    """A platform established after co-creation started, merged into ``night``."""
    newcomer: UUID
    """The actor that replaced one of ``night``'s actors, and had its pre-meeting."""
    coordinator_meeting: UUID
    joint_status_meeting: UUID
    newsletter: UUID
    """The joint status meeting's newsletter: published, compiled without ``schools``."""
    forgotten: UUID
    """A person who asked to be forgotten (if the story was told with ``forget``)."""

    @property
    def initiative(self) -> UUID:
        """The initiative's id."""
        return self.scenario.initiative


def tell_story(app: CoCreation, start: date = date(2025, 1, 6), *, forget: bool = True) -> Story:
    """Record the story in ``app`` through a :class:`Scenario` and return its ids; with
    ``forget`` its last event is a person asking to be forgotten (R-PII-2)."""
    s = Scenario.start(app, actors=5, today=start)
    a1, a2, a3, a4, a5 = s.actors
    anchor = s.anchor

    def day(days: int) -> date:
        return s.at(start + timedelta(days=days)).today

    night = s.platform([a1, a2, a3], name="Night life")
    schools = s.platform([a4, a5], name="Schools")
    s.start_co_creation()

    day(7)
    lead = s.coordinate(night, a1)
    s.focus(night, "Safer streets at night")
    s.baselines(night, s.goals(night))

    day(21)
    s.progress(night, "G2", GoalProgress("reports counted", s.today, 8))
    ripple = Ripple(
        "a youth club and a housing association met",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OWN_PLATFORM, Beneficiary.OTHER_ACTORS],
        s.today,
    )
    first = s.ripple(ripple, night)
    idea = Ripple(
        "a new idea for school holidays", RippleKind.NEW_IDEA, ["outside_initiative"], s.today
    )
    s.ripple(idea)
    day(24)
    correction = attrs.evolve(
        ripple, description="a youth club and two housing associations met", corrects=first
    )
    s.ripple(correction, night)

    day(54)
    s.coordinate(schools, a4)
    s.focus(schools, "Safe ways to school")
    s.goals(schools)
    day(55)
    coordinator_meeting = app.convene_coordinator_meeting(
        anchor, s.initiative, start + timedelta(days=60), on=s.today
    )
    day(56)
    newcomer = s.add_actor("Sports club")
    app.replace_actor(
        lead, night, a2, newcomer, ActorChangeReason.INACTIVE, s.consent(night), on=s.today
    )
    app.onboard_actor(anchor, night, newcomer, on=s.today)
    app.update_contact(anchor, s.person_of(a3), email="new@example.org", on=s.today)
    app.reach_goal(lead, night, "G1", on=s.today)

    day(60)
    app.hold_meeting(anchor, coordinator_meeting, minutes=Minutes("all platforms met"), on=s.today)
    app.update_poster(anchor, s.initiative, on=s.today)

    day(66)
    sports = s.platform([a5], name="Sports")
    app.onboard_actor(anchor, sports, a5, on=s.today)
    day(71)
    app.merge_platforms(
        s.person_of(a5), sports, night, s.consent(sports), s.consent(night), on=s.today
    )
    app.put_on_standby(
        s.person_of(a4),
        schools,
        "awaiting the municipal budget",
        "the coordinator asks the council again in spring",
        s.consent(schools),
        review_on=start + timedelta(days=101),
        on=s.today,
    )

    day(75)
    check = RealityCheck(
        "two of three goals on track",
        "hard to reach young people at night",
        True,
        "a year",
        Recommendation.CONTINUE,
    )
    s.reality_check(night, check)
    sparring = app.request_sparring(lead, night, "how to reach young people", on=s.today)
    app.give_sparring(anchor, night, sparring, "ask the youth club to invite them", on=s.today)
    day(76)
    app.hold_pre_meeting(anchor, s.initiative, newcomer, on=s.today)

    day(80)
    joint = app.convene_joint_status_meeting(
        anchor, s.initiative, start + timedelta(days=130), host=a1, on=s.today
    )
    day(130)
    newsletter = s.hold_joint_status(joint, Minutes("a good year"))
    day(132)
    s.section(newsletter, night, "two of three goals on track", "reaching young people")
    day(135)
    app.compile_newsletter(
        anchor, newsletter, missing={schools: "on standby, awaiting the budget"}, on=s.today
    )
    day(136)
    app.publish_newsletter(anchor, newsletter, on=s.today)

    day(137)
    forgotten = s.person_of(a2)
    if forget:
        s.forget(forgotten)
    return Story(
        scenario=s,
        night=night,
        schools=schools,
        sports=sports,
        newcomer=newcomer,
        coordinator_meeting=coordinator_meeting,
        joint_status_meeting=joint,
        newsletter=newsletter,
        forgotten=forgotten,
    )
