"""Ripples, the unplanned bonus effects (Card 6): R-RIP-1, R-RIP-2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreation_domain import (
    Beneficiary,
    ClosureReason,
    CoCreation,
    Initiative,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    Platform,
    Ripple,
    RippleKind,
    RuleViolation,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import initiative_ripples_of, ripples_of

DAY = date(2025, 1, 6)


def ripple(text: str = "the school and the club now share a hall", **changes: Any) -> Ripple:
    """A valid ripple, with ``changes`` applied."""
    plain = Ripple(text, RippleKind.NEW_IDEA, {Beneficiary.OUTSIDE_INITIATIVE}, DAY)
    return attrs.evolve(plain, **changes)


def member(s: Scenario, platform: UUID) -> UUID:
    """The representative of the platform's first current actor."""
    return s.person_of(sorted(s.app.get_platform(platform).actors)[0])


def close(s: Scenario, platform: UUID) -> None:
    """Close ``platform`` by every actor's consent."""
    s.app.close_platform(
        member(s, platform), platform, ClosureReason.OTHER, "nothing more", s.consent(platform)
    )


class TestRecordingOnAPlatform:
    """R-RIP-1: ripples are recorded on any open platform, by any member or the anchor."""

    @pytest.mark.parametrize("state", ["established", "focused", "goals_set", "active", "standby"])
    def test_on_every_open_platform(self, app: CoCreation, state: str) -> None:
        """R-RIP-1: a member records a ripple on a platform in any open state."""
        s = Scenario.start(app)
        platform = s.platform()
        prepare: dict[str, Callable[[], object]] = {
            "established": lambda: None,
            "focused": lambda: s.focused(platform),
            "goals_set": lambda: s.with_goals(platform),
            "active": lambda: s.active(platform),
            "standby": lambda: app.put_on_standby(
                member(s, platform), platform, "budget", "wait", s.consent(platform)
            ),
        }
        prepare[state]()
        key = app.record_ripple(member(s, platform), platform, ripple(), on=DAY)
        the_platform = app.get_platform(platform)
        assert (state, {"R1": ripple(key="R1")}) == (the_platform.state, ripples_of(app, platform))
        assert key == "R1"

    def test_any_member_and_the_anchor(self, app: CoCreation) -> None:
        """R-RIP-1: every member and the anchor record ripples, keyed R1, R2, … in order."""
        s = Scenario.start(app)
        platform = s.platform()
        recorders = [s.person_of(a) for a in s.actors] + [s.anchor]
        keys = [
            app.record_ripple(who, platform, ripple(f"ripple {i}"), on=DAY)
            for i, who in enumerate(recorders)
        ]
        recorded = ripples_of(app, platform)
        assert keys == ["R1", "R2", "R3", "R4"]
        assert [f"ripple {i}" for i in range(4)] == [recorded[k].description for k in keys]

    def test_not_by_an_outsider(self, app: CoCreation) -> None:
        """R-RIP-1: a person of an actor not on the platform needs the member or anchor role."""
        s = Scenario.start(app, actors=4)
        platform = s.platform(s.actors[:3])
        with pytest.raises(NotPermitted) as refused:
            app.record_ripple(s.person_of(s.actors[3]), platform, ripple())
        assert refused.value.role == "member or anchor"
        assert ripples_of(app, platform) == {}

    @pytest.mark.parametrize(
        "broken",
        [{"description": "  "}, {"beneficiaries": frozenset()}],
        ids=["no description", "no beneficiary"],
    )
    def test_a_ripple_says_what_and_for_whom(self, app: CoCreation, broken: dict[str, Any]) -> None:
        """R-RIP-1: a ripple describes the effect and names who benefited."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(RuleViolation) as refused:
            app.record_ripple(member(s, platform), platform, ripple(**broken))
        assert refused.value.rule == "R-RIP-1"
        assert ripples_of(app, platform) == {}

    @pytest.mark.parametrize("finish", ["closed", "merged"])
    def test_not_on_a_finished_platform(self, app: CoCreation, finish: str) -> None:
        """R-RIP-1: a closed or merged platform takes no more ripples."""
        s = Scenario.start(app)
        platform = s.platform()
        if finish == "closed":
            close(s, platform)
        else:
            target = s.platform(name="Target")
            app.merge_platforms(
                member(s, platform), platform, target, s.consent(platform), s.consent(target)
            )
        with pytest.raises(LifecycleViolation) as refused:
            app.record_ripple(member(s, platform), platform, ripple())
        assert (finish, ()) == (refused.value.state, refused.value.allowed)


class TestRecordingOnTheInitiative:
    """R-RIP-1: ripples on the initiative from founding until it is concluded."""

    def test_from_founding(self, app: CoCreation) -> None:
        """R-RIP-1: the anchor records a ripple on a freshly founded initiative."""
        s = Scenario.start(app, actors=0)
        key = app.record_initiative_ripple(s.anchor, s.initiative, ripple(), on=DAY)
        assert {"R1": ripple(key="R1")} == initiative_ripples_of(app, s.initiative)
        assert key == "R1"

    def test_by_a_person_of_any_actor(self, app: CoCreation) -> None:
        """R-RIP-1: a person of any actor of the initiative records one, on no platform."""
        s = Scenario.start(app)
        key = app.record_initiative_ripple(s.person_of(s.actors[2]), s.initiative, ripple())
        assert ripple(key=key) == initiative_ripples_of(app, s.initiative)[key]

    def test_not_by_a_stranger(self, app: CoCreation) -> None:
        """R-RIP-1: a person speaking for no actor of the initiative needs the member or anchor
        role."""
        s = Scenario.start(app)
        stranger = app.register_person("Walk-in", on=DAY)
        with pytest.raises(NotPermitted) as refused:
            app.record_initiative_ripple(stranger, s.initiative, ripple())
        assert refused.value.role == "member or anchor"

    @pytest.mark.parametrize(
        "broken",
        [{"description": "  "}, {"beneficiaries": frozenset()}],
        ids=["no description", "no beneficiary"],
    )
    def test_a_ripple_on_the_initiative_says_what_and_for_whom(
        self, app: CoCreation, broken: dict[str, Any]
    ) -> None:
        """R-RIP-1: a ripple on the initiative describes its effect and names who benefited."""
        s = Scenario.start(app)
        with pytest.raises(RuleViolation) as refused:
            app.record_initiative_ripple(s.anchor, s.initiative, ripple(**broken))
        assert refused.value.rule == "R-RIP-1"
        assert initiative_ripples_of(app, s.initiative) == {}

    def test_until_concluded(self, app: CoCreation) -> None:
        """R-RIP-1: after the initiative concludes no ripple is recorded on it."""
        s = Scenario.start(app)
        platform = s.platform()
        s.start_co_creation()
        app.record_initiative_ripple(s.anchor, s.initiative, ripple(), on=DAY)
        close(s, platform)
        app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        with pytest.raises(LifecycleViolation) as refused:
            app.record_initiative_ripple(s.anchor, s.initiative, ripple())
        assert (refused.value.state, refused.value.allowed) == ("concluded", ())
        assert list(initiative_ripples_of(app, s.initiative)) == ["R1"]


class TestCorrections:
    """R-RIP-2: a ripple is never deleted; a correction is a new event that refers to it."""

    def test_a_correction_is_a_new_ripple_referring_to_the_old(self, app: CoCreation) -> None:
        """R-RIP-2: correcting R1 records R2 naming R1; R1 stays as it was."""
        s = Scenario.start(app)
        platform = s.platform()
        who = member(s, platform)
        app.record_ripple(who, platform, ripple("the club got a new volunteer"), on=DAY)
        key = app.record_ripple(
            who, platform, ripple("the club got two new volunteers", corrects="R1"), on=DAY
        )
        ripples = ripples_of(app, platform)
        assert (
            "R2",
            ripple("the club got a new volunteer", key="R1"),
            ripple("the club got two new volunteers", corrects="R1", key="R2"),
        ) == (key, ripples["R1"], ripples["R2"])
        recorded = [e for e in app.events.get(platform) if isinstance(e, Platform.RippleRecorded)]
        assert [e.ripple.key for e in recorded] == ["R1", "R2"]

    def test_a_correction_on_the_initiative(self, app: CoCreation) -> None:
        """R-RIP-2: on the initiative too, the correction is new and the original stays."""
        s = Scenario.start(app)
        app.record_initiative_ripple(s.anchor, s.initiative, ripple("first"), on=DAY)
        app.record_initiative_ripple(s.anchor, s.initiative, ripple("fixed", corrects="R1"))
        ripples = initiative_ripples_of(app, s.initiative)
        assert (ripple("first", key="R1"), "R1") == (ripples["R1"], ripples["R2"].corrects)
        recorded = [
            e for e in app.events.get(s.initiative) if isinstance(e, Initiative.RippleRecorded)
        ]
        assert len(recorded) == 2

    @pytest.mark.parametrize("where", ["platform", "initiative"])
    def test_only_a_recorded_ripple_is_corrected(self, app: CoCreation, where: str) -> None:
        """R-RIP-2: a correction must refer to a ripple that was recorded; nothing is stored."""
        s = Scenario.start(app)
        platform = s.platform()
        correct: dict[str, Callable[[], object]] = {
            "platform": lambda: app.record_ripple(
                member(s, platform), platform, ripple(corrects="R9")
            ),
            "initiative": lambda: app.record_initiative_ripple(
                s.anchor, s.initiative, ripple(corrects="R9")
            ),
        }
        with pytest.raises(NotFound):
            correct[where]()
        assert (
            ripples_of(app, platform),
            initiative_ripples_of(app, s.initiative),
        ) == ({}, {})

    def test_there_is_no_way_to_delete_a_ripple(self) -> None:
        """R-RIP-2: the application offers commands to record ripples, none to delete them."""
        removing = ("delete", "remove", "retract", "drop", "erase", "forget", "undo")
        about_ripples = {name for name in dir(CoCreation) if "ripple" in name.lower()}
        assert {"record_ripple", "record_initiative_ripple"} <= about_ripples
        assert set() == {n for n in about_ripples if any(word in n for word in removing)}

    def test_ripples_outlive_their_platform(self, app: CoCreation) -> None:
        """R-RIP-2: closing a platform keeps every ripple it recorded."""
        s = Scenario.start(app)
        platform = s.platform()
        app.record_ripple(member(s, platform), platform, ripple(), on=DAY)
        before = ripples_of(app, platform)
        close(s, platform)
        assert before == ripples_of(app, platform)

    @settings(max_examples=20)
    @given(
        steps=st.lists(st.one_of(st.just(None), st.integers(min_value=1, max_value=8)), max_size=8)
    )
    def test_every_recorded_ripple_stays(self, steps: list[int | None]) -> None:
        """R-RIP-2: after any run of ripples and corrections, every one recorded is still there,
        unchanged, and each correction refers to an earlier ripple."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        s = Scenario.start(app)
        platform = s.platform()
        expected: dict[str, Ripple] = {}
        for i, corrects in enumerate(steps):
            target = f"R{corrects}" if corrects is not None else None
            new = ripple(f"ripple {i}", corrects=target)
            if target is not None and target not in expected:
                with pytest.raises(NotFound):
                    app.record_ripple(member(s, platform), platform, new)
                continue
            key = app.record_ripple(member(s, platform), platform, new)
            expected[key] = attrs.evolve(new, key=key)
        assert expected == ripples_of(app, platform)
