"""Flag functions on their edges (issue 15.7, mutants that survived a mutmut run): a concluded
initiative owes no joint status meeting, and baseline keys sort by number past G9."""

from __future__ import annotations

from datetime import timedelta

from cocreation_domain import Baseline, ClosureReason, CoCreation
from cocreation_domain.model.flags import goals_without_baseline, joint_status_overdue
from cocreation_domain.testing import Scenario


class TestConcludedInitiative:
    """R-MEET-4: joint status meetings are due while co-creation runs, not after it ends."""

    def test_r_meet_4_a_concluded_initiative_is_never_overdue(self, app: CoCreation) -> None:
        """R-MEET-4: a year after concluding, no joint status meeting is flagged overdue, though
        one running as long would be."""
        s = Scenario.start(app)
        platform = s.platform()
        s.start_co_creation()
        started = app.get_initiative(s.initiative)
        a_year_on = s.today + timedelta(days=365)
        assert joint_status_overdue(started, a_year_on) is not None
        app.close_platform(
            s.person_of(s.actors[0]),
            platform,
            ClosureReason.NO_LONGER_NEEDED,
            "the school carries on",
            s.consent(platform),
            on=s.today,
        )
        app.conclude_initiative(s.anchor, s.initiative, on=s.today)
        assert joint_status_overdue(app.get_initiative(s.initiative), a_year_on) is None


class TestBaselineKeysInNumberOrder:
    """R-PLAT-3: the goals still without a baseline are listed G2 before G10."""

    def test_r_plat_3_keys_sort_by_number(self, app: CoCreation) -> None:
        """R-PLAT-3: after goals G1..G10 were keyed, the missing baselines read in number order
        (G2 before G10), not in text order."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        coordinator = s.person_of(sorted(app.get_platform(platform).actors)[0])
        by = coordinator
        goal = app.get_platform(platform).current_goals[keys[0]].goal
        for _ in range(6):  # G4 .. G9, each added and dropped again
            added = app.add_goal(by, platform, goal, s.consent(platform), on=s.today)
            app.drop_goal(by, platform, added, "replaced", s.consent(platform), on=s.today)
        last = app.add_goal(by, platform, goal, s.consent(platform), on=s.today)
        app.describe_baseline(by, platform, keys[0], Baseline("as it was"), on=s.today)
        missing = goals_without_baseline(app.get_platform(platform))
        assert missing == (keys[1], keys[2], last)
        assert last == "G10"
