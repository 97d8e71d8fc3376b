"""Platforms: establishing, standby, closing and merging (R-PLAT-4, R-PLAT-5), reality checks,
sparring and ripples, and the platform queries."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    ClosureReason,
    Consent,
    Initiative,
    InitiativeState,
    Platform,
    RealityCheck,
    Ripple,
)


class PlatformCommands(Base):
    """Platforms: establishing, standby, closing and merging (R-PLAT-4, R-PLAT-5), reality
    checks, sparring and ripples, and the platform queries."""

    @command
    def establish_platform(
        self,
        by: UUID,
        initiative: UUID,
        name: str,
        actors: Collection[UUID],
        *,
        on: date | None = None,
    ) -> UUID:
        """Establish a platform of registered actors; the initiative registers it atomically."""
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        for actor in actors:
            the_initiative.actor(actor)
        platform = Platform.establish(
            principal,
            day,
            the_initiative.id,
            name,
            actors,
            after_co_creation_started=the_initiative.state != InitiativeState.PREPARING,
        )
        the_initiative.register_platform(principal, day, platform.id)
        self.save(platform, the_initiative)
        return platform.id

    @command
    def put_on_standby(
        self,
        by: UUID,
        platform: UUID,
        reason: str,
        aftercare: str,
        consent: Consent,
        *,
        review_on: date | None = None,
        on: date | None = None,
    ) -> None:
        """Pause a platform by decision (R-PLAT-4, R-PLAT-5)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.put_on_standby(
            principal, day, initiative.policies, decision, reason, aftercare, review_on
        )
        self.save(the_platform)

    @command
    def resume_platform(
        self, by: UUID, platform: UUID, consent: Consent, *, on: date | None = None
    ) -> None:
        """Resume a platform from standby by decision."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.resume(principal, day, initiative.policies, decision)
        self.save(the_platform)

    @command
    def close_platform(
        self,
        by: UUID,
        platform: UUID,
        reason: ClosureReason,
        aftercare: str,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Close a platform by decision (R-PLAT-5)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.close(principal, day, initiative.policies, decision, reason, aftercare)
        self.save(the_platform)

    @command
    def merge_platforms(
        self,
        by: UUID,
        source: UUID,
        target: UUID,
        consent: Consent,
        target_consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Merge ``source`` into ``target``; both platforms decide, both are saved together."""
        the_source = self._get(Platform, source)
        the_target = self._get(Platform, target)
        initiative = self._get(Initiative, the_source.initiative)
        the_source.merge_into(
            self._principal(by, initiative),
            _today(on),
            initiative.policies,
            self._decision(consent, initiative),
            the_target,
            self._decision(target_consent, initiative),
        )
        self.save(the_source, the_target)

    @command
    def record_reality_check(
        self, by: UUID, platform: UUID, check: RealityCheck, *, on: date | None = None
    ) -> str:
        """Record the platform's reality check, by its coordinator; returns its key (RC1 …)."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.record_reality_check(principal, day, check)
        self.save(the_platform)
        return key

    @command
    def request_sparring(
        self, by: UUID, platform: UUID, topic: str, *, on: date | None = None
    ) -> str:
        """Ask the anchor for sparring, by the platform's coordinator; returns the key."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.request_sparring(principal, day, topic)
        self.save(the_platform)
        return key

    @command
    def give_sparring(
        self, by: UUID, platform: UUID, key: str, notes: str, *, on: date | None = None
    ) -> None:
        """Answer a platform's sparring request, by the anchor."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.give_sparring(principal, day, key, notes)
        self.save(the_platform)

    @command
    def record_ripple(
        self, by: UUID, platform: UUID, ripple: Ripple, *, on: date | None = None
    ) -> str:
        """Record (or correct) a ripple on a platform (R-RIP-1, R-RIP-2); returns its key."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.record_ripple(principal, day, ripple)
        self.save(the_platform)
        return key

    def get_platform(self, platform: UUID) -> Platform:
        """The platform as its events left it."""
        return self._get(Platform, platform)

    def suggest_host(self, platform: UUID) -> UUID | None:
        """The current actor whose turn it is to host the platform's next meeting (R-MEET-1)."""
        return self._get(Platform, platform).suggested_host
