"""A platform's actors: onboarding (R-PLAT-1), joining, leaving, replacing (R-ACT-2, R-ACT-4)
and the coordinator (R-ACT-1)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    ActorChangeReason,
    Consent,
    Coordinator,
    InitiativeState,
    OnboardingTopic,
    Person,
)
from cocreation_domain.model.person import require_representatives


class ActorCommands(Base):
    """A platform's actors: onboarding (R-PLAT-1), joining, leaving, replacing (R-ACT-2,
    R-ACT-4) and the coordinator (R-ACT-1)."""

    @command
    def onboard_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        topics: Collection[OnboardingTopic] = tuple(OnboardingTopic),
        *,
        on: date | None = None,
    ) -> None:
        """Record that the anchor introduced an actor to the method (R-PLAT-1)."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.onboard_actor(principal, day, actor, topics)
        self.save(the_platform)

    @command
    def join_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        consent: Consent,
        *,
        persons: Collection[UUID] = (),
        on: date | None = None,
    ) -> None:
        """Let a registered actor join a platform by decision, with the persons who represent
        it (registered for that actor, not forgotten)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        initiative.actor(actor)
        require_representatives((self._get(Person, p) for p in persons), initiative.id, actor)
        the_platform.join_actor(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            actor,
            persons,
            initiative.state != InitiativeState.PREPARING,
        )
        self.save(the_platform)

    @command
    def remove_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Remove an actor by decision (R-ACT-2, R-ACT-4)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.leave_actor(principal, day, initiative.policies, decision, actor, reason)
        self.save(the_platform)

    @command
    def replace_actor(
        self,
        by: UUID,
        platform: UUID,
        old: UUID,
        new: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Swap one actor for another by decision."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        initiative.actor(new)
        the_platform.replace_actor(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            old,
            new,
            reason,
            initiative.state != InitiativeState.PREPARING,
        )
        self.save(the_platform)

    @command
    def choose_coordinator(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        person: UUID,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Choose the platform's coordinator by decision (R-ACT-1)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        chosen = self._voice(person, initiative)
        the_platform.choose_coordinator(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            Coordinator(actor=actor, person=person),
            chosen.actor,
        )
        self.save(the_platform)
