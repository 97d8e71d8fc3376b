"""A builder for phase 6 with platforms, coordinators and meetings, for tests and examples.

>>> from cocreation_domain import CoCreation
>>> p6 = Phase6.start(CoCreation())
>>> [p6.app.get_platform(p).state for p in p6.platforms]
['focused', 'focused']
>>> p6.reality_checks()
>>> meeting, newsletter = p6.joint_status()
>>> p6.app.get_newsletter(newsletter).state
'collecting'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import RealityCheck, Recommendation
from cocreation_domain.testing.scenario import Scenario

__all__ = ["Phase6", "sample_reality_check"]


def sample_reality_check(
    recommendation: Recommendation = Recommendation.CONTINUE, needs_sparring: bool = False
) -> RealityCheck:
    """A complete reality check recommending ``recommendation``."""
    return RealityCheck(
        progress="two of three goals on track",
        challenges="hard to reach the young people in the evening",
        needs_sparring=needs_sparring,
        horizon="another year",
        recommendation=recommendation,
    )


@attrs.define
class Phase6:
    """An initiative in phase 6: platforms of the founding actors, each with a coordinator
    (the platform's first actor in id order) and, unless asked otherwise, its first meeting
    held."""

    s: Scenario
    platforms: list[UUID]
    coordinators: dict[UUID, UUID]
    """The coordinator's person of each platform."""

    @property
    def app(self) -> CoCreation:
        """The application under test."""
        return self.s.app

    @property
    def anchor(self) -> UUID:
        """The anchor's person."""
        return self.s.anchor

    @property
    def initiative(self) -> UUID:
        """The initiative's id."""
        return self.s.initiative

    @classmethod
    def start(
        cls,
        app: CoCreation,
        actors: int = 4,
        groups: Sequence[Sequence[int]] = ((0, 1), (2, 3)),
        focused: bool = True,
    ) -> Phase6:
        """Found, establish a platform per group of actor numbers at the workshop, start
        co-creation, choose coordinators and (if ``focused``) hold the first meetings."""
        s = Scenario.start(app, actors=actors)
        platforms = [
            s.platform([s.actors[i] for i in group], name=f"Platform {n}")
            for n, group in enumerate(groups, 1)
        ]
        s.start_co_creation()
        coordinators = {p: s.coordinate(p) for p in platforms}
        phase6 = cls(s, platforms, coordinators)
        if focused:
            for platform in platforms:
                phase6.focus(platform)
        return phase6

    def focus(self, platform: UUID, focus: str = "Safer streets at night") -> None:
        """Hold the platform's first meeting (through a real meeting, R-PLAT-2)."""
        self.app.hold_first_meeting(self.coordinators[platform], platform, focus, on=self.s.today)

    def member(self, platform: UUID) -> UUID:
        """A person of the platform's first actor in id order (the coordinator's actor)."""
        return self.s.person_of(sorted(self.app.get_platform(platform).actors)[0])

    def reality_checks(self, platforms: Sequence[UUID] | None = None) -> None:
        """Every (or each given) platform's coordinator records a reality check today."""
        for platform in self.platforms if platforms is None else platforms:
            self.app.record_reality_check(
                self.coordinators[platform], platform, sample_reality_check(), on=self.s.today
            )

    def joint_status(
        self, days_ahead: int = 42, override_reason: str | None = None
    ) -> tuple[UUID, UUID]:
        """Convene a joint status meeting ``days_ahead`` days from today, move to its day and
        hold it; returns the meeting's and the newsletter's ids."""
        meeting = self.app.convene_joint_status_meeting(
            self.anchor, self.initiative, self.s.today + timedelta(days_ahead), on=self.s.today
        )
        self.s.later(days_ahead)
        newsletter = self.app.hold_joint_status_meeting(
            self.anchor, meeting, override_reason=override_reason, on=self.s.today
        )
        return meeting, newsletter
