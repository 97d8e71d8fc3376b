"""A platform's goals: setting, baselines, progress, reaching, adding, revising and dropping
them (R-GOAL-*, R-PLAT-3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Baseline,
    Consent,
    Goal,
    GoalProgress,
)


class GoalCommands(Base):
    """A platform's goals: setting, baselines, progress, reaching, adding, revising and dropping
    them (R-GOAL-*, R-PLAT-3)."""

    @command
    def set_goals(
        self,
        by: UUID,
        platform: UUID,
        goals: Sequence[Goal],
        consent: Consent,
        *,
        on: date | None = None,
    ) -> list[str]:
        """Set the platform's 3-5 goals by decision; returns their keys (G1, G2 …)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        keys = the_platform.set_goals(principal, day, initiative.policies, decision, goals)
        self.save(the_platform)
        return keys

    @command
    def describe_baseline(
        self, by: UUID, platform: UUID, goal: str, baseline: Baseline, *, on: date | None = None
    ) -> None:
        """Describe how things stood before the work on ``goal`` began (R-PLAT-3)."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.describe_baseline(principal, day, goal, baseline)
        self.save(the_platform)

    @command
    def record_goal_progress(
        self,
        by: UUID,
        platform: UUID,
        goal: str,
        progress: GoalProgress,
        *,
        on: date | None = None,
    ) -> None:
        """Record an observation of progress on a goal."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.record_goal_progress(principal, day, goal, progress)
        self.save(the_platform)

    @command
    def reach_goal(self, by: UUID, platform: UUID, goal: str, *, on: date | None = None) -> None:
        """Mark a goal reached."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.reach_goal(principal, day, goal)
        self.save(the_platform)

    @command
    def add_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> str:
        """Add a goal by decision; returns its key."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        key = the_platform.add_goal(principal, day, initiative.policies, decision, goal)
        self.save(the_platform)
        return key

    @command
    def revise_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> None:
        """Revise the goal with ``goal.key`` by decision."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.revise_goal(principal, day, initiative.policies, decision, goal)
        self.save(the_platform)

    @command
    def drop_goal(
        self,
        by: UUID,
        platform: UUID,
        goal: str,
        reason: str,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Drop a goal by decision; it stays in the platform's history."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.drop_goal(principal, day, initiative.policies, decision, goal, reason)
        self.save(the_platform)
