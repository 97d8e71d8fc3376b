"""The initiative lifecycle: workshop, phase 6, conclusion and its length (R-INIT-1..3)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from cocreation_domain import (
    INITIATIVE,
    ClosureReason,
    CoCreation,
    LifecycleViolation,
    NotPermitted,
    Policies,
    RuleViolation,
)
from cocreation_domain.model.flags import add_months, phase6_overdue
from cocreation_domain.testing import Scenario

DAY = date(2025, 1, 6)


def close(s: Scenario, platform: UUID) -> None:
    """Close ``platform`` by every actor's consent."""
    member = s.person_of(sorted(s.app.get_platform(platform).actors)[0])
    s.app.close_platform(
        member,
        platform,
        ClosureReason.GOALS_REACHED,
        "the municipality carries on",
        s.consent(platform),
        on=s.today,
    )


class TestStartingCoCreation:
    """R-INIT-1: phase 6 starts after the workshop, with at least one platform."""

    def test_refused_before_the_workshop(self, app: CoCreation) -> None:
        """R-INIT-1: co-creation cannot start before the establishment workshop is held."""
        s = Scenario.start(app)
        s.platform()
        with pytest.raises(RuleViolation) as refused:
            app.start_co_creation(s.anchor, s.initiative, on=DAY)
        assert refused.value.rule == "R-INIT-1"
        initiative = app.get_initiative(s.initiative)
        assert (initiative.state, initiative.co_creation_started_on) == ("preparing", None)

    def test_refused_without_a_platform(self, app: CoCreation) -> None:
        """R-INIT-1: co-creation cannot start without at least one platform registered."""
        s = Scenario.start(app)
        app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY)
        with pytest.raises(RuleViolation) as refused:
            app.start_co_creation(s.anchor, s.initiative, on=DAY)
        assert refused.value.rule == "R-INIT-1"
        assert app.get_initiative(s.initiative).state == "preparing"

    def test_starts_with_workshop_and_platform(self, app: CoCreation) -> None:
        """R-INIT-1: with the workshop held and a platform registered, phase 6 begins."""
        s = Scenario.start(app)
        platform = s.platform()
        app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY)
        app.start_co_creation(s.anchor, s.initiative, on=DAY + timedelta(days=3))
        initiative = app.get_initiative(s.initiative)
        assert ("co_creating", DAY, DAY + timedelta(days=3)) == (
            initiative.state,
            initiative.workshop_held_on,
            initiative.co_creation_started_on,
        )
        assert frozenset({platform}) == initiative.platforms

    def test_the_workshop_is_held_once(self, app: CoCreation) -> None:
        """R-INIT-1: the establishment workshop is recorded once; the first date stays."""
        s = Scenario.start(app)
        app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY)
        with pytest.raises(RuleViolation) as refused:
            app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY + timedelta(days=1))
        assert refused.value.rule == "R-INIT-1"
        assert app.get_initiative(s.initiative).workshop_held_on == DAY

    def test_the_workshop_belongs_to_preparation(self, app: CoCreation) -> None:
        """R-INIT-1: once phase 6 runs, no workshop can be recorded (the lifecycle says why)."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        with pytest.raises(LifecycleViolation) as refused:
            app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY)
        assert INITIATIVE.allowed_triggers("co_creating") == refused.value.allowed
        assert "hold_establishment_workshop" not in refused.value.allowed

    def test_starts_only_once(self, app: CoCreation) -> None:
        """R-INIT-1: starting phase 6 again is a lifecycle violation; the start date stays."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        with pytest.raises(LifecycleViolation) as refused:
            app.start_co_creation(s.anchor, s.initiative, on=DAY + timedelta(days=9))
        assert (refused.value.state, refused.value.trigger) == ("co_creating", "start_co_creation")
        assert app.get_initiative(s.initiative).co_creation_started_on == DAY

    def test_only_the_anchor_starts(self, app: CoCreation) -> None:
        """R-INIT-1, R-AUTH-1: a member cannot start phase 6; the anchor role is needed."""
        s = Scenario.start(app)
        s.platform()
        app.hold_establishment_workshop(s.anchor, s.initiative, on=DAY)
        with pytest.raises(NotPermitted) as refused:
            app.start_co_creation(s.person_of(s.actors[0]), s.initiative, on=DAY)
        assert refused.value.role == "anchor"
        assert app.get_initiative(s.initiative).state == "preparing"


class TestConcluding:
    """R-INIT-2: the initiative concludes once every platform is closed or merged."""

    def test_refused_while_a_platform_is_open(self, app: CoCreation) -> None:
        """R-INIT-2: an open platform keeps the initiative from concluding."""
        s = Scenario.start(app)
        closed, still_open = s.platform(name="A"), s.platform(name="B")
        s.start_co_creation()
        close(s, closed)
        with pytest.raises(RuleViolation) as refused:
            app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        assert refused.value.rule == "R-INIT-2"
        initiative = app.get_initiative(s.initiative)
        assert (initiative.state, initiative.concluded_on) == ("co_creating", None)
        assert app.get_platform(still_open).is_open

    def test_refused_while_a_platform_is_on_standby(self, app: CoCreation) -> None:
        """R-INIT-2: a platform on standby is neither closed nor merged."""
        s = Scenario.start(app)
        platform = s.platform()
        s.start_co_creation()
        member = s.person_of(s.actors[0])
        app.put_on_standby(
            member, platform, "awaiting the council", "the anchor follows up", s.consent(platform)
        )
        with pytest.raises(RuleViolation) as refused:
            app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        assert refused.value.rule == "R-INIT-2"

    def test_concludes_with_every_platform_closed_or_merged(self, app: CoCreation) -> None:
        """R-INIT-2: with one platform merged and the other closed, the initiative concludes."""
        s = Scenario.start(app)
        source, target = s.platform(name="A"), s.platform(name="B")
        s.start_co_creation()
        app.merge_platforms(
            s.person_of(s.actors[0]), source, target, s.consent(source), s.consent(target), on=DAY
        )
        close(s, target)
        concluded_on = s.later(30)
        app.conclude_initiative(s.anchor, s.initiative, on=concluded_on)
        initiative = app.get_initiative(s.initiative)
        assert ("concluded", concluded_on) == (initiative.state, initiative.concluded_on)

    def test_concludes_only_from_co_creation(self, app: CoCreation) -> None:
        """R-INIT-2: a preparing initiative cannot conclude; the error lists what it can do."""
        s = Scenario.start(app)
        with pytest.raises(LifecycleViolation) as refused:
            app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        assert INITIATIVE.allowed_triggers("preparing") == refused.value.allowed
        assert "conclude" not in refused.value.allowed

    def test_nothing_happens_after_conclusion(self, app: CoCreation) -> None:
        """R-INIT-2: a concluded initiative accepts no further command."""
        s = Scenario.start(app)
        platform = s.platform()
        s.start_co_creation()
        close(s, platform)
        app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        with pytest.raises(LifecycleViolation) as refused:
            app.hand_over_anchor(s.anchor, s.initiative, s.person_of(s.actors[0]), on=DAY)
        assert refused.value.allowed == ()
        with pytest.raises(LifecycleViolation):
            app.register_actor(s.anchor, s.initiative, "Latecomer", on=DAY)
        with pytest.raises(LifecycleViolation):
            app.establish_platform(s.anchor, s.initiative, "Late", s.actors, on=DAY)
        assert frozenset({platform}) == app.get_initiative(s.initiative).platforms


class TestPhaseSixLength:
    """R-INIT-3: a phase 6 older than the policy is flagged, never blocked."""

    def started(self, app: CoCreation, policies: Policies | None = None) -> Scenario:
        s = Scenario.start(app)
        if policies is not None:
            app.change_policies(s.anchor, s.initiative, policies, on=DAY)
        s.platform()
        s.start_co_creation()
        return s

    def test_start_date_is_recorded(self, app: CoCreation) -> None:
        """R-INIT-3: the business date phase 6 started on is recorded and later events keep it."""
        s = self.started(app)
        app.hand_over_anchor(s.anchor, s.initiative, s.person_of(s.actors[0]), on=s.later(400))
        assert app.get_initiative(s.initiative).co_creation_started_on == DAY

    def test_not_flagged_within_the_policy(self, app: CoCreation) -> None:
        """R-INIT-3: on the last day of the default 24 months phase 6 is not yet flagged."""
        s = self.started(app)
        assert phase6_overdue(app.get_initiative(s.initiative), add_months(DAY, 24)) is None

    def test_flagged_past_the_policy(self, app: CoCreation) -> None:
        """R-INIT-3: the day after 24 months, phase 6 is flagged as due since the limit."""
        s = self.started(app)
        limit = add_months(DAY, 24)
        actual = phase6_overdue(app.get_initiative(s.initiative), limit + timedelta(days=1))
        assert limit == actual

    def test_the_policy_length_is_overridable(self, app: CoCreation) -> None:
        """R-INIT-3: an initiative with a 12-month policy is flagged after 12 months."""
        s = self.started(app, Policies(phase6_months=(3, 12)))
        initiative = app.get_initiative(s.initiative)
        limit = add_months(DAY, 12)
        assert phase6_overdue(initiative, limit) is None
        assert limit == phase6_overdue(initiative, limit + timedelta(days=1))

    def test_never_blocked(self, app: CoCreation) -> None:
        """R-INIT-3: a flagged phase 6 still accepts commands."""
        s = self.started(app)
        late = add_months(DAY, 30)
        assert phase6_overdue(app.get_initiative(s.initiative), late) is not None
        s.today = late
        s.platform(name="Late platform")
        assert len(app.get_initiative(s.initiative).platforms) == 2

    def test_not_flagged_before_start_or_after_conclusion(self, app: CoCreation) -> None:
        """R-INIT-3: only a running phase 6 is flagged."""
        s = Scenario.start(app)
        platform = s.platform()
        much_later = add_months(DAY, 60)
        assert phase6_overdue(app.get_initiative(s.initiative), much_later) is None
        s.start_co_creation()
        close(s, platform)
        app.conclude_initiative(s.anchor, s.initiative, on=DAY)
        assert phase6_overdue(app.get_initiative(s.initiative), much_later) is None


class TestAddMonths:
    """Calendar months for the phase 6 policy (R-INIT-3)."""

    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2025, 1, 6), 24, date(2027, 1, 6)),
            (date(2025, 1, 31), 1, date(2025, 2, 28)),
            (date(2024, 1, 31), 1, date(2024, 2, 29)),
            (date(2025, 11, 15), 3, date(2026, 2, 15)),
        ],
    )
    def test_adds_calendar_months(self, day: date, months: int, expected: date) -> None:
        """R-INIT-3: months are calendar months, clamped to the end of a shorter month."""
        assert expected == add_months(day, months)
