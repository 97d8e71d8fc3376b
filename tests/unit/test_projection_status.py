"""The folded view agrees with the aggregates, and the status overview reads it by name."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from cocreation_domain import FORGOTTEN, CoCreation, NotFound
from cocreation_domain.projections import (
    GoalTally,
    View,
    ViewFold,
    attention_list,
    goals_register,
    poster,
    rebuild,
    ripples_register,
    status_overview,
)
from cocreation_domain.testing.history import (
    initiative_ripples_of,
    progress_of,
    reality_checks_of,
    ripples_of,
    sparring_of,
)
from cocreation_domain.testing.story import Story, tell_story


def told(app: CoCreation) -> tuple[Story, View]:
    """The story, and its view folded from every event."""
    story = tell_story(app)
    return story, rebuild(app, ViewFold())


class TestViewAgreesWithAggregates:
    """Every handler does to the view what the event's ``apply`` does to its aggregate."""

    def test_platforms_agree(self, app: CoCreation) -> None:
        """State, actors, coordinator, focus, goals, ripples and dates are the aggregate's."""
        story, view = told(app)
        for platform in (story.night, story.schools, story.sports):
            expected = app.get_platform(platform)
            actual = view.platforms[platform]
            assert (
                expected.state,
                expected.actors,
                expected.pending_onboarding,
                expected.coordinator,
                expected.coordinator_missing_since,
                expected.focus,
                expected.contributions,
                expected.last_activity_on,
                expected.standby_review_on,
                expected.merged_into,
                expected.last_reality_check_on,
                reality_checks_of(app, platform),
                sparring_of(app, platform),
                expected.first_meeting,
                {str(a): d for a, d in actual.actor_since.items()},
            ) == (
                actual.state,
                actual.actors,
                actual.pending_onboarding,
                actual.coordinator,
                actual.coordinator_missing_since,
                actual.focus,
                actual.contributions,
                actual.last_activity_on,
                actual.standby_review_on,
                actual.merged_into,
                actual.last_reality_check_on,
                actual.reality_checks,
                actual.sparring,
                actual.first_meeting,
                expected.actor_since,
            )
            progress = progress_of(app, platform)
            assert {
                k: (r.goal, r.status, r.baseline, progress.get(k, ()))
                for k, r in expected.goals.items()
            } == {k: (g.goal, g.status, g.baseline, g.progress) for k, g in actual.goals.items()}
            assert ripples_of(app, platform) == {k: e.ripple for k, e in actual.ripples.items()}
            assert (expected.ripple_count, expected.reality_check_count) == (
                len(actual.ripples),
                len(actual.reality_checks),
            )

    def test_initiative_agrees(self, app: CoCreation) -> None:
        """State, anchor, actors, platforms, meetings held, pre-meetings and poster."""
        story, view = told(app)
        expected = app.get_initiative(story.initiative)
        actual = view.initiatives[story.initiative]
        assert (
            expected.state,
            expected.anchor,
            expected.policies,
            expected.workshop_held_on,
            expected.co_creation_started_on,
            expected.actors,
            expected.platforms,
            expected.coordinator_meeting_held_on,
            expected.last_coordinator_meeting_on,
            expected.last_joint_status_on,
            expected.last_newsletter,
            expected.change_proposals,
            expected.poster,
            expected.poster_updated_on,
            expected.pre_meetings,
            initiative_ripples_of(app, story.initiative),
        ) == (
            actual.state,
            actual.anchor,
            actual.policies,
            actual.workshop_held_on,
            actual.co_creation_started_on,
            frozenset(actual.actors.values()),
            actual.platforms,
            actual.coordinator_meeting_held_on,
            actual.last_coordinator_meeting_on,
            actual.last_joint_status_on,
            actual.last_newsletter,
            actual.change_proposals,
            actual.poster,
            actual.poster_updated_on,
            {str(a): d for a, d in actual.pre_meetings.items()},
            {k: e.ripple for k, e in actual.ripples.items()},
        )

    def test_meetings_and_newsletters_agree(self, app: CoCreation) -> None:
        """Every meeting and newsletter of the story reads as its aggregate."""
        story, view = told(app)
        assert len(view.meetings) > 3
        for meeting_id, actual in view.meetings.items():
            expected = app.get_meeting(meeting_id)
            assert (
                expected.kind,
                expected.state,
                expected.scheduled_on,
                expected.host,
                expected.venue,
                expected.agenda,
                expected.invitees,
                expected.invited_on,
                expected.lead_days,
                expected.held_on,
                expected.attendance,
                expected.minutes,
                expected.readiness,
                expected.override_reason,
                expected.newsletter,
            ) == (
                actual.kind,
                actual.state,
                actual.scheduled_on,
                actual.host,
                actual.venue,
                actual.agenda,
                actual.invitees,
                actual.invited_on,
                actual.lead_days,
                actual.held_on,
                actual.attendance,
                actual.minutes,
                actual.readiness,
                actual.override_reason,
                actual.newsletter,
            )
        expected_newsletter = app.get_newsletter(story.newsletter)
        actual_newsletter = view.newsletters[story.newsletter]
        assert (
            expected_newsletter.state,
            expected_newsletter.platforms,
            expected_newsletter.sections,
            expected_newsletter.missing,
            expected_newsletter.recipients,
            expected_newsletter.published_on,
        ) == (
            actual_newsletter.state,
            actual_newsletter.platforms,
            {str(p): section for p, section in actual_newsletter.sections.items()},
            actual_newsletter.missing,
            actual_newsletter.recipients,
            actual_newsletter.published_on,
        )

    def test_unknown_events_leave_the_view_as_it_is(self) -> None:
        """The default handler ignores what it does not know."""
        view = View(position=7)
        assert view is ViewFold().apply(object(), view)


class TestStatusOverview:
    """Where the initiative stands, by name, on a given day."""

    def test_overview_of_the_story(self, app: CoCreation) -> None:
        """Lifecycle states, focus, coordinator, actors, goals, ripples, reality checks,
        joint status meetings and the latest newsletter."""
        story, view = told(app)
        today = date(2025, 6, 1)
        overview = status_overview(view, story.initiative, today)
        assert ("co_creating", "Anna Anker", today, view.position) == (
            overview.state,
            overview.anchor.name,
            overview.today,
            overview.position,
        )
        states = [(p.name, p.state) for p in overview.platforms]
        assert states == [("Night life", "active"), ("Schools", "standby"), ("Sports", "merged")]
        night = overview.platforms[0]
        assert night.coordinator is not None
        assert (
            night.coordinator.actor_name,
            night.coordinator.person.name,
        ) == ("Actor 1", "Person 1")
        assert [a.name for a in night.actors] == ["Actor 1", "Actor 3", "Actor 5", "Sports club"]
        assert GoalTally(3, 1, 0, 1, 1, 1, 2, 1) == night.tally
        assert (1, date(2025, 3, 22)) == (night.ripple_count, night.last_reality_check_on)
        assert overview.ripple_count == 2
        assert GoalTally(6, 1, 0, 2, 2, 2, 4, 2) == overview.tally
        assert (date(2025, 3, 22), date(2025, 5, 16), None, "published") == (
            overview.last_reality_check_on,
            overview.last_joint_status_on,
            overview.next_joint_status_on,
            overview.latest_newsletter_state,
        )
        # the story records no backing (R-ACT-6), overlap review (R-MEET-7) or presentation
        # (R-MEET-8): the method cards' signals show beside the lifecycle flags
        coordinator, joint = (
            "coordinator meeting of 2025-03-07",
            "joint status meeting of 2025-05-16",
        )
        expected = [
            *[("R-ACT-6", f"Actor {n}") for n in (1, 3, 4, 5)],
            *[("R-PLAT-3", "Schools")] * 3,
            ("R-ACT-6", "Sports club"),
            ("R-MEET-7", coordinator),
            ("R-MEET-8", coordinator),
            ("R-MEET-8", coordinator),
            ("R-PLAT-4", "Schools"),
            ("R-MEET-7", joint),
        ]
        assert expected == [(f.rule, f.subject_name) for f in overview.attention]

    def test_r_pii_2_forgotten_person_reads_forgotten_among_the_actors(
        self, app: CoCreation
    ) -> None:
        """The forgotten representative of an actor is listed as "(forgotten)"."""
        story, view = told(app)
        overview = status_overview(view, story.initiative, date(2025, 6, 1))
        actor_2 = next(a for a in overview.actors if a.name == "Actor 2")
        assert tuple(p.name for p in actor_2.persons) == (FORGOTTEN,)


class TestUnknownInitiative:
    """Reading an initiative the view does not hold is refused with the library's error."""

    def test_unknown_initiative_is_not_found(self, app: CoCreation) -> None:
        """Every read model raises ``NotFound`` naming the initiative, never ``KeyError``."""
        _, view = told(app)
        unknown = uuid4()
        readers = (
            lambda: status_overview(view, unknown, date(2025, 6, 1)),
            lambda: attention_list(view, unknown, date(2025, 6, 1)),
            lambda: goals_register(view, unknown),
            lambda: ripples_register(view, unknown),
            lambda: poster(view, unknown),
        )
        for read in readers:
            with pytest.raises(NotFound, match=str(unknown)):
                read()
