"""The registers: goals with baselines and progress (Card 5), ripples (Card 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import (
    FORGOTTEN,
    Baseline,
    Beneficiary,
    CoCreation,
    GoalKind,
    GoalProgress,
    GoalStatus,
    Ripple,
    RippleKind,
)
from cocreation_domain.projections import (
    ViewFold,
    current_value,
    goals_register,
    latest_observation,
    progress_fraction,
    rebuild,
    ripples_register,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals
from cocreation_domain.testing.story import tell_story

numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2)


class TestProgressFraction:
    """A quantitative goal's progress is ``(current - baseline) / (target - baseline)``."""

    @given(baseline=numbers, target=numbers, current=numbers)
    def test_fraction_measures_the_way_from_baseline_to_target(
        self, baseline: Decimal, target: Decimal, current: Decimal
    ) -> None:
        """The fraction times the distance to go, added to the baseline, gives the current
        value; 0 at the baseline and 1 at the target."""
        fraction = progress_fraction(GoalKind.QUANTITATIVE, baseline, target, current)
        if target == baseline:
            assert fraction is None
            return
        assert fraction is not None
        assert abs(baseline + fraction * (target - baseline) - current) < Decimal("1e-20")
        assert Decimal(0) == progress_fraction(GoalKind.QUANTITATIVE, baseline, target, baseline)
        assert Decimal(1) == progress_fraction(GoalKind.QUANTITATIVE, baseline, target, target)

    def test_only_quantitative_goals_with_all_three_numbers_have_a_fraction(self) -> None:
        """R-GOAL-2: qualitative and hypothesis goals, and missing numbers, give no fraction."""
        one, two, three = Decimal(1), Decimal(2), Decimal(3)
        assert progress_fraction(GoalKind.QUALITATIVE, one, two, three) is None
        assert progress_fraction(GoalKind.HYPOTHESIS, one, two, three) is None
        assert progress_fraction(GoalKind.QUANTITATIVE, None, two, three) is None
        assert progress_fraction(GoalKind.QUANTITATIVE, one, None, three) is None
        assert progress_fraction(GoalKind.QUANTITATIVE, one, two, None) is None


class TestGoalsRegister:
    """Every goal of every platform, with its baseline, its progress and where it stands."""

    def test_quantitative_goal_shows_latest_value_and_fraction(self, app: CoCreation) -> None:
        """The current value is the latest observation's (by observation date), not the last
        recorded, and the fraction follows from it."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        s.active(platform)  # baselines of 5; sample goal G2 is quantitative with target 10
        active_on = s.today
        member = s.person_of(s.actors[0])
        first, second = s.later(30), s.later(30)
        app.record_goal_progress(
            member, platform, "G2", GoalProgress("counted", second, 9), on=second
        )
        app.record_goal_progress(
            member, platform, "G2", GoalProgress("late count", first, 6), on=second
        )
        row = next(
            r for r in goals_register(rebuild(app, ViewFold()), s.initiative) if r.key == "G2"
        )
        assert (Decimal(9), Decimal("0.8")) == (row.current, row.fraction)
        assert Baseline("as things stood", 5, active_on) == row.baseline
        assert len(row.progress) == 2

    def test_register_keeps_reached_revised_and_dropped_goals(self, app: CoCreation) -> None:
        """R-GOAL-1: a reached goal stays current, a dropped one stays in the register with
        its reason, a revised one shows its new wording."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        keys = s.active(platform, count=4)
        member = s.person_of(s.actors[0])
        app.reach_goal(member, platform, keys[0], on=s.later(10))
        revised = attrs.evolve(sample_goals(4)[1], title="Fewer reports", key=keys[1])
        app.revise_goal(member, platform, revised, s.consent(platform), on=s.today)
        app.drop_goal(member, platform, keys[3], "out of reach", s.consent(platform), on=s.today)
        rows = {r.key: r for r in goals_register(rebuild(app, ViewFold()), s.initiative)}
        assert keys == list(rows)
        assert (GoalStatus.REACHED, s.today) == (rows[keys[0]].status, rows[keys[0]].reached_on)
        assert rows[keys[1]].goal.title == "Fewer reports"
        assert (
            rows[keys[3]].status,
            rows[keys[3]].drop_reason,
        ) == (GoalStatus.DROPPED, "out of reach")

    def test_register_is_ordered_by_platform_then_goal(self, app: CoCreation) -> None:
        """Platforms in the order they were established, goals by their number."""
        story = tell_story(app)
        rows = goals_register(rebuild(app, ViewFold()), story.initiative)
        expected = [("Night life", f"G{i}") for i in (1, 2, 3)]
        expected += [("Schools", f"G{i}") for i in (1, 2, 3)]
        assert expected == [(r.platform_name, r.key) for r in rows]


class TestRipplesRegister:
    """Every ripple of the initiative and its platforms; corrections never replace."""

    def test_r_rip_2_a_correction_stays_next_to_the_ripple_it_corrects(
        self, app: CoCreation
    ) -> None:
        """The original and its correction are both listed, linked both ways."""
        story = tell_story(app)
        rows = ripples_register(rebuild(app, ViewFold()), story.initiative)
        night = {r.key: r for r in rows if r.where == "Night life"}
        assert night["R1"].corrected_by == ("R2",)
        assert night["R2"].corrects == "R1"
        assert night["R2"].description == "a youth club and two housing associations met"

    def test_r_rip_1_ripples_on_the_initiative_are_listed_with_its_name(
        self, app: CoCreation
    ) -> None:
        """A ripple on the initiative itself has no platform and is listed under the initiative."""
        story = tell_story(app)
        rows = ripples_register(rebuild(app, ViewFold()), story.initiative)
        own = [r for r in rows if r.platform is None]
        assert [(r.where, r.key, r.kind) for r in own] == [
            ("Safe Harbour", "R1", RippleKind.NEW_IDEA)
        ]
        assert own[0].beneficiaries == (Beneficiary.OUTSIDE_INITIATIVE,)

    def test_r_pii_2_recorder_of_a_ripple_reads_forgotten(self, app: CoCreation) -> None:
        """Who recorded a ripple reads "(forgotten)" once they are forgotten."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        member = s.person_of(s.actors[0])
        ripple = Ripple("met the school", RippleKind.NEW_RELATIONSHIP, ["own_platform"], s.today)
        app.record_ripple(member, platform, ripple, on=s.today)
        app.forget_person(member, member, on=s.later(1))
        (row,) = ripples_register(rebuild(app, ViewFold()), s.initiative)
        assert row.recorded_by.name == FORGOTTEN

    def test_r_plat_6_ripples_of_a_merged_platform_stay_in_the_register(
        self, app: CoCreation
    ) -> None:
        """A merged platform's ripples stay in its history and in the register."""
        s = Scenario.start(app)
        source = s.platform([s.actors[0]], name="Source")
        target = s.platform([s.actors[1]], name="Target")
        member = s.person_of(s.actors[0])
        ripple = Ripple("met the school", RippleKind.NEW_RELATIONSHIP, ["own_platform"], s.today)
        app.record_ripple(member, source, ripple, on=s.today)
        app.merge_platforms(member, source, target, s.consent(source), s.consent(target))
        rows = ripples_register(rebuild(app, ViewFold()), s.initiative)
        assert [(r.where, r.key) for r in rows] == [("Source", "R1")]


class TestCurrentValue:
    """One rule for a goal's current value, shared by the goals register and the newsletter."""

    def test_the_latest_observation_date_wins(self) -> None:
        """An observation of a later date is current even when it was recorded first."""
        later = GoalProgress("spring count", date(2025, 4, 1), Decimal(9))
        earlier = GoalProgress("winter count", date(2025, 1, 1), Decimal(3))
        assert current_value([later, earlier]) == Decimal(9)

    def test_on_a_tie_the_one_recorded_last_wins(self) -> None:
        """Two observations of the same day: the one recorded last (a recount) is current."""
        first = GoalProgress("first count", date(2025, 3, 1), Decimal(4))
        recount = GoalProgress("recount", date(2025, 3, 1), Decimal(6))
        assert (current_value([first, recount]), current_value([recount, first])) == (
            Decimal(6),
            Decimal(4),
        )
        assert latest_observation([first, recount]) == recount

    def test_observations_without_a_value_are_passed_over(self) -> None:
        """A qualitative note after the last count leaves the count current; none: ``None``."""
        count = GoalProgress("count", date(2025, 3, 1), Decimal(4))
        note = GoalProgress("parents report calmer evenings", date(2025, 5, 1))
        assert (current_value([count, note]), current_value([note])) == (Decimal(4), None)
        assert latest_observation([count, note]) == note
