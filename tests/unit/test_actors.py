"""Actors on a platform and its coordinator (Card 4): R-ACT-1, R-ACT-2, R-ACT-4."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from cocreation_domain import (
    ActorChangeReason,
    ClosureReason,
    CoCreation,
    Coordinator,
    NotFound,
    RuleViolation,
)
from cocreation_domain.model.flags import missing_coordinator
from cocreation_domain.testing import Scenario

DAY = date(2025, 1, 6)
INACTIVE = ActorChangeReason.INACTIVE


def coordinated(app: CoCreation, actors: int = 3) -> tuple[Scenario, UUID, UUID]:
    """A platform of ``actors`` actors whose first actor coordinates; returns that actor."""
    s = Scenario.start(app, actors=actors + 1)
    platform = s.platform(s.actors[:actors])
    first = sorted(s.actors[:actors])[0]
    s.coordinate(platform, first)
    return s, platform, first


def other(s: Scenario, platform: UUID, than: UUID) -> UUID:
    """A current actor of ``platform`` other than ``than``."""
    return sorted(s.app.get_platform(platform).actors - {than})[0]


class TestChoosingTheCoordinator:
    """R-ACT-1: the coordinator is a current actor, through a person who represents it."""

    def test_records_actor_and_person(self, app: CoCreation) -> None:
        """R-ACT-1: the chosen actor and its person are recorded as the coordinator."""
        s, platform, first = coordinated(app)
        the_platform = app.get_platform(platform)
        assert (Coordinator(first, s.person_of(first)), None) == (
            the_platform.coordinator,
            the_platform.coordinator_missing_since,
        )

    def test_the_actor_must_be_current(self, app: CoCreation) -> None:
        """R-ACT-1: an actor of the initiative that is not on the platform cannot coordinate."""
        s, platform, first = coordinated(app)
        outsider = s.actors[3]
        with pytest.raises(RuleViolation) as refused:
            app.choose_coordinator(
                s.person_of(first), platform, outsider, s.person_of(outsider), s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"
        assert Coordinator(first, s.person_of(first)) == app.get_platform(platform).coordinator

    def test_the_person_must_represent_the_actor(self, app: CoCreation) -> None:
        """R-ACT-1: a person of another actor cannot coordinate for this one."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        with pytest.raises(RuleViolation) as refused:
            app.choose_coordinator(
                s.person_of(first), platform, second, s.person_of(first), s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"
        assert Coordinator(first, s.person_of(first)) == app.get_platform(platform).coordinator

    def test_the_anchor_cannot_coordinate_for_an_actor(self, app: CoCreation) -> None:
        """R-ACT-1: the anchor represents no actor, so cannot be an actor's coordinator person."""
        s, platform, first = coordinated(app)
        with pytest.raises(RuleViolation) as refused:
            app.choose_coordinator(
                s.person_of(first), platform, first, s.anchor, s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"

    def test_a_forgotten_person_cannot_coordinate(self, app: CoCreation) -> None:
        """R-ACT-1: a forgotten person represents no actor any more."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        spare = app.register_person(
            "Spare Rep", by=s.anchor, initiative=s.initiative, actor=second, on=DAY
        )
        app.forget_person(spare, spare, on=DAY)
        with pytest.raises(RuleViolation) as refused:
            app.choose_coordinator(s.person_of(first), platform, second, spare, s.consent(platform))
        assert refused.value.rule == "R-ACT-1"

    def test_the_coordinator_can_change(self, app: CoCreation) -> None:
        """R-ACT-1: another current actor can take over through its person."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        app.choose_coordinator(
            s.person_of(first), platform, second, s.person_of(second), s.consent(platform)
        )
        assert Coordinator(second, s.person_of(second)) == app.get_platform(platform).coordinator

    def test_choosing_the_same_coordinator_again_is_refused(self, app: CoCreation) -> None:
        """R-ACT-1: re-choosing the current coordinator records nothing new."""
        s, platform, first = coordinated(app)
        version = app.get_platform(platform).version
        with pytest.raises(RuleViolation) as refused:
            app.choose_coordinator(
                s.person_of(first), platform, first, s.person_of(first), s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"
        assert version == app.get_platform(platform).version


class TestActorsComingAndGoing:
    """R-ACT-1: joins, replacements and removals name current (or new) actors correctly."""

    def test_an_actor_joins_once(self, app: CoCreation) -> None:
        """R-ACT-1: an actor already on the platform cannot join again."""
        s, platform, first = coordinated(app)
        with pytest.raises(RuleViolation) as refused:
            app.join_actor(s.person_of(first), platform, first, s.consent(platform))
        assert refused.value.rule == "R-ACT-1"

    def test_a_joining_actor_is_registered_on_the_initiative(self, app: CoCreation) -> None:
        """R-ACT-1: an actor unknown to the initiative cannot join; it is not found."""
        s, platform, first = coordinated(app)
        stranger = Scenario.start(app).actors[0]
        with pytest.raises(NotFound):
            app.join_actor(s.person_of(first), platform, stranger, s.consent(platform))
        assert stranger not in app.get_platform(platform).actors

    def test_an_actor_joins_by_decision(self, app: CoCreation) -> None:
        """R-ACT-1: a registered actor joins and becomes a current actor."""
        s, platform, first = coordinated(app)
        app.join_actor(s.person_of(first), platform, s.actors[3], s.consent(platform))
        assert s.actors[3] in app.get_platform(platform).actors

    def test_only_a_current_actor_is_removed(self, app: CoCreation) -> None:
        """R-ACT-1: removing an actor that is not on the platform is refused."""
        s, platform, first = coordinated(app)
        with pytest.raises(RuleViolation) as refused:
            app.remove_actor(
                s.person_of(first), platform, s.actors[3], INACTIVE, s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"

    def test_a_replacement_is_new_to_the_platform(self, app: CoCreation) -> None:
        """R-ACT-1: an actor cannot be replaced by one already on the platform."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        with pytest.raises(RuleViolation) as refused:
            app.replace_actor(
                s.person_of(first), platform, second, first, INACTIVE, s.consent(platform)
            )
        assert refused.value.rule == "R-ACT-1"
        assert frozenset(s.actors[:3]) == app.get_platform(platform).actors

    def test_replacement_swaps_the_actors(self, app: CoCreation) -> None:
        """R-ACT-1: the old actor leaves and the new one joins in one event."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        version = app.get_platform(platform).version
        app.replace_actor(
            s.person_of(first), platform, second, s.actors[3], INACTIVE, s.consent(platform)
        )
        the_platform = app.get_platform(platform)
        assert (version + 1, (frozenset(s.actors[:3]) - {second}) | {s.actors[3]}) == (
            the_platform.version,
            the_platform.actors,
        )


class TestMissingCoordinator:
    """R-ACT-2: when the coordinator's actor leaves, there is none until a new one is chosen."""

    def test_a_new_platform_misses_its_coordinator_from_the_start(self, app: CoCreation) -> None:
        """R-ACT-2: a platform is flagged as missing a coordinator from its establishment."""
        s = Scenario.start(app)
        s.today = DAY + timedelta(days=2)
        platform = s.platform()
        assert DAY + timedelta(days=2) == missing_coordinator(app.get_platform(platform))

    def test_the_coordinators_actor_leaving_removes_the_coordinator(self, app: CoCreation) -> None:
        """R-ACT-2: the coordinator goes with its actor, and the day it left is recorded."""
        s, platform, first = coordinated(app)
        left_on = DAY + timedelta(days=20)
        second = other(s, platform, first)
        app.remove_actor(
            s.person_of(second), platform, first, INACTIVE, s.consent(platform), on=left_on
        )
        the_platform = app.get_platform(platform)
        assert (None, left_on) == (the_platform.coordinator, the_platform.coordinator_missing_since)
        assert left_on == missing_coordinator(the_platform)

    def test_the_coordinators_actor_replaced_removes_the_coordinator(self, app: CoCreation) -> None:
        """R-ACT-2: replacing the coordinator's actor leaves the platform without a coordinator."""
        s, platform, first = coordinated(app)
        replaced_on = DAY + timedelta(days=9)
        app.replace_actor(
            s.person_of(first),
            platform,
            first,
            s.actors[3],
            ActorChangeReason.NOT_CONTRIBUTING,
            s.consent(platform),
            on=replaced_on,
        )
        the_platform = app.get_platform(platform)
        assert (None, replaced_on) == (the_platform.coordinator, missing_coordinator(the_platform))

    def test_another_actor_leaving_keeps_the_coordinator(self, app: CoCreation) -> None:
        """R-ACT-2: when any other actor leaves, the coordinator stays and nothing is flagged."""
        s, platform, first = coordinated(app)
        app.remove_actor(
            s.person_of(first),
            platform,
            other(s, platform, first),
            INACTIVE,
            s.consent(platform),
            on=DAY,
        )
        the_platform = app.get_platform(platform)
        assert (Coordinator(first, s.person_of(first)), None) == (
            the_platform.coordinator,
            missing_coordinator(the_platform),
        )

    def test_choosing_a_new_coordinator_clears_the_flag(self, app: CoCreation) -> None:
        """R-ACT-2: once a new coordinator is chosen the platform is no longer flagged."""
        s, platform, first = coordinated(app)
        second = other(s, platform, first)
        app.remove_actor(s.person_of(second), platform, first, INACTIVE, s.consent(platform))
        app.choose_coordinator(
            s.person_of(second), platform, second, s.person_of(second), s.consent(platform)
        )
        the_platform = app.get_platform(platform)
        assert (
            the_platform.coordinator_missing_since,
            missing_coordinator(the_platform),
        ) == (None, None)

    def test_a_closed_platform_is_not_flagged(self, app: CoCreation) -> None:
        """R-ACT-2: a closed platform needs no coordinator."""
        s = Scenario.start(app)
        platform = s.platform()
        app.close_platform(
            s.person_of(s.actors[0]),
            platform,
            ClosureReason.LACK_OF_PARTICIPATION,
            "actors are told",
            s.consent(platform),
        )
        assert missing_coordinator(app.get_platform(platform)) is None


class TestAtLeastOneActor:
    """R-ACT-4: an open platform always has a current actor; the last leaves only by closing."""

    def test_a_platform_starts_with_an_actor(self, app: CoCreation) -> None:
        """R-ACT-4: a platform without actors is not established."""
        s = Scenario.start(app)
        with pytest.raises(RuleViolation) as refused:
            app.establish_platform(s.anchor, s.initiative, "Empty", [], on=DAY)
        assert refused.value.rule == "R-ACT-4"
        assert frozenset() == app.get_initiative(s.initiative).platforms

    def test_the_last_actor_cannot_leave(self, app: CoCreation) -> None:
        """R-ACT-4: removing the only actor of an open platform is refused."""
        s, platform, first = coordinated(app, actors=1)
        with pytest.raises(RuleViolation) as refused:
            app.remove_actor(s.person_of(first), platform, first, INACTIVE, s.consent(platform))
        assert refused.value.rule == "R-ACT-4"
        assert frozenset({first}) == app.get_platform(platform).actors

    def test_down_to_one_actor_is_allowed(self, app: CoCreation) -> None:
        """R-ACT-4: actors may leave while one remains."""
        s, platform, first = coordinated(app, actors=2)
        app.remove_actor(
            s.person_of(first), platform, other(s, platform, first), INACTIVE, s.consent(platform)
        )
        assert frozenset({first}) == app.get_platform(platform).actors

    def test_the_last_actor_can_be_replaced(self, app: CoCreation) -> None:
        """R-ACT-4: replacing the only actor keeps one current actor."""
        s, platform, first = coordinated(app, actors=1)
        app.replace_actor(
            s.person_of(first), platform, first, s.actors[1], INACTIVE, s.consent(platform)
        )
        assert frozenset({s.actors[1]}) == app.get_platform(platform).actors

    def test_the_last_actor_leaves_by_closing(self, app: CoCreation) -> None:
        """R-ACT-4: closing is how the last actor leaves; the closed platform keeps its history."""
        s, platform, first = coordinated(app, actors=1)
        app.close_platform(
            s.person_of(first),
            platform,
            ClosureReason.LACK_OF_PARTICIPATION,
            "the actor carries on alone",
            s.consent(platform),
        )
        the_platform = app.get_platform(platform)
        assert ("closed", frozenset({first})) == (the_platform.state, the_platform.actors)
