"""Newsletters (Cards 7, 8; R-NEWS-1..4): sections, compiling, publishing, and the newsletter
queries."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Initiative,
    Newsletter,
    NewsletterSection,
    Person,
    Platform,
)
from cocreation_domain.model.meeting import participants_of
from cocreation_domain.model.newsletter import new_ripples, recipients_of


class NewsletterCommands(Base):
    """Newsletters (Cards 7, 8; R-NEWS-1..4): sections, compiling, publishing, and the
    newsletter queries."""

    @command
    def submit_newsletter_section(
        self,
        by: UUID,
        newsletter: UUID,
        platform: UUID,
        progress: str,
        hard: str,
        *,
        ripples: Collection[str] | None = None,
        on: date | None = None,
    ) -> None:
        """Submit a platform's newsletter section, by its coordinator (R-NEWS-2). ``ripples``
        default to the platform's ripples not reported in an earlier newsletter."""
        the_newsletter = self._get(Newsletter, newsletter)
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_newsletter.initiative)
        if ripples is None:
            ripples = new_ripples(the_platform, self._earlier_sections(the_newsletter))
        the_newsletter.submit_section(
            self._principal(by, initiative), _today(on), the_platform, progress, hard, ripples
        )
        self.save(the_newsletter)

    @command
    def compile_newsletter(
        self,
        by: UUID,
        newsletter: UUID,
        *,
        missing: Mapping[UUID, str] | None = None,
        on: date | None = None,
    ) -> None:
        """Compile a newsletter, by the anchor, naming each missing section with a reason
        (R-NEWS-3)."""
        the_newsletter = self._get(Newsletter, newsletter)
        initiative = self._get(Initiative, the_newsletter.initiative)
        the_newsletter.compile(self._principal(by, initiative), _today(on), missing or {})
        self.save(the_newsletter)

    @command
    def publish_newsletter(
        self, by: UUID, newsletter: UUID, *, on: date | None = None
    ) -> frozenset[UUID]:
        """Publish a compiled newsletter, by the anchor, to every person of every current
        actor, forgotten persons excluded (R-NEWS-4); returns the recorded recipients."""
        the_newsletter = self._get(Newsletter, newsletter)
        initiative = self._get(Initiative, the_newsletter.initiative)
        principal = self._principal(by, initiative)
        actors = participants_of(self._platforms(initiative))
        forgotten = {
            person
            for actor in actors
            for person in initiative.persons_of(actor)
            if self._get(Person, person).is_forgotten
        }
        recipients = recipients_of(initiative, actors, forgotten)
        the_newsletter.publish(principal, _today(on), recipients, actors)
        self.save(the_newsletter)
        return recipients

    def _earlier_sections(self, newsletter: Newsletter) -> list[NewsletterSection]:
        """Every section of the newsletters before ``newsletter``, newest first."""
        sections: list[NewsletterSection] = []
        previous = newsletter.previous
        while previous is not None:
            earlier = self._get(Newsletter, previous)
            sections.extend(earlier.sections.values())
            previous = earlier.previous
        return sections

    def get_newsletter(self, newsletter: UUID) -> Newsletter:
        """The newsletter as its events left it."""
        return self._get(Newsletter, newsletter)

    def newsletters_of(self, initiative: UUID) -> list[Newsletter]:
        """Every newsletter of the initiative, oldest first."""
        ids = self._get(Initiative, initiative).joint_status_newsletters.values()
        return sorted((self._get(Newsletter, n) for n in ids), key=lambda n: n.opened_on)
