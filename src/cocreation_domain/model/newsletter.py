"""The newsletter that closes each joint status meeting (Cards 7 and 8, R-NEWS-1..4).

A :class:`Newsletter` opens in the same atomic save as its joint status meeting is held and
asks every platform open at that meeting for a section (R-NEWS-1). Each platform's coordinator
submits the section (R-NEWS-2); the anchor compiles it once every section is in, or names the
missing ones with a reason (R-NEWS-3); publishing records the recipients: every person of every
current actor, forgotten persons excluded (R-NEWS-4). The newsletter holds ids, keys and text,
never personal data (R-PII-1): contact data is read from the persons when it is rendered.

Its attention flag (R-NEWS-3, not compiled) is :func:`cocreation_domain.model.flags.not_compiled`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import NotFound, NotPermitted, RuleViolation
from cocreation_domain.model.lifecycles import NEWSLETTER, MeetingState
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import (
    GoalStatus,
    MeetingKind,
    MissingSection,
    NewsletterSection,
    Principal,
)

if TYPE_CHECKING:
    from cocreation_domain.model.initiative import Initiative
    from cocreation_domain.model.meeting import Meeting
    from cocreation_domain.model.platform import Platform

__all__ = ["Newsletter", "new_ripples", "recipients_of"]


class Newsletter(CoCreationAggregate):
    """The minutes of one joint status meeting, compiled from the platforms' sections."""

    TOPIC = "cocreation:Newsletter"
    LIFECYCLE = NEWSLETTER

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        initiative: UUID
        meeting: UUID
        opened_on: date
        platforms: frozenset[UUID]
        previous: UUID | None
        sections: dict[str, NewsletterSection]
        missing: frozenset[MissingSection]
        compiled_on: date | None
        published_on: date | None
        recipients: frozenset[UUID]
        actors: frozenset[UUID]

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Opened(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Newsletter.Opened"
        class_version = 1
        initiative: UUID
        meeting: UUID
        platforms: frozenset[UUID]
        previous: UUID | None

        def apply(self, aggregate: Newsletter) -> None:
            aggregate.state = NEWSLETTER.initial
            aggregate.initiative = self.initiative
            aggregate.meeting = self.meeting
            aggregate.opened_on = self.occurred_on
            aggregate.platforms = self.platforms
            aggregate.previous = self.previous
            aggregate.sections = {}
            aggregate.missing = frozenset()
            aggregate.compiled_on = None
            aggregate.published_on = None
            aggregate.recipients = frozenset()
            aggregate.actors = frozenset()

    Created = Opened

    class SectionSubmitted(Event):
        TOPIC = "cocreation:Newsletter.SectionSubmitted"
        class_version = 1
        state: str
        section: NewsletterSection

        def apply(self, aggregate: Newsletter) -> None:
            aggregate.state = self.state
            key = str(self.section.platform)
            aggregate.sections[key] = self.section

    class Compiled(Event):
        TOPIC = "cocreation:Newsletter.Compiled"
        class_version = 1
        state: str
        missing: frozenset[MissingSection]

        def apply(self, aggregate: Newsletter) -> None:
            aggregate.state = self.state
            aggregate.missing = self.missing
            aggregate.compiled_on = self.occurred_on

    class Published(Event):
        TOPIC = "cocreation:Newsletter.Published"
        class_version = 1
        state: str
        recipients: frozenset[UUID]
        actors: frozenset[UUID]

        def apply(self, aggregate: Newsletter) -> None:
            aggregate.state = self.state
            aggregate.recipients = self.recipients
            aggregate.actors = self.actors
            aggregate.published_on = self.occurred_on

    # --- commands ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        by: Principal,
        on: date,
        meeting: Meeting,
        platforms: Collection[UUID],
        previous: UUID | None,
        id: UUID,
    ) -> Newsletter:
        """Open the newsletter of a joint status meeting being held (R-NEWS-1).

        ``platforms`` are the platforms open at the meeting: each is asked for a section.
        ``id`` is the id the held meeting names. Save it with the meeting.
        """
        cls._require_anchor(by, "open a newsletter")
        if (
            meeting.kind is not MeetingKind.JOINT_STATUS
            or meeting.state != MeetingState.HELD
            or meeting.newsletter != id
        ):
            raise RuleViolation(
                "R-NEWS-1", "a newsletter opens when its joint status meeting is held"
            )
        return cls._create(
            cls.Opened,
            id=id,
            principal=by.person,
            occurred_on=on,
            initiative=meeting.initiative,
            meeting=meeting.id,
            platforms=frozenset(platforms),
            previous=previous,
        )

    def submit_section(
        self,
        by: Principal,
        on: date,
        platform: Platform,
        progress: str,
        hard: str,
        ripples: Collection[str],
    ) -> None:
        """Submit (or replace) a platform's section, by that platform's coordinator (R-NEWS-2).

        Focus, actors, coordinator and goals are read from ``platform``; ``ripples`` are keys of
        its ripples (by default those since its previous section, see :func:`new_ripples`).
        """
        dest = self._destination("submit_section")
        if platform.id not in self.platforms:
            raise RuleViolation(
                "R-NEWS-1", f"platform {platform.id} was not open at the joint status meeting"
            )
        coordinator = platform.coordinator
        if coordinator is None or coordinator.person != by.person:
            raise NotPermitted("coordinator", "submit the platform's newsletter section (R-NEWS-2)")
        unknown = {key for key in ripples if key not in platform.ripple_keys}
        if unknown:
            raise NotFound("ripple", sorted(unknown)[0])
        goals = platform.current_goals
        section = NewsletterSection(
            platform=platform.id,
            progress=require_text(progress, "R-NEWS-2", "the progress on goals"),
            hard=require_text(hard, "R-NEWS-2", "what has been hard"),
            focus=platform.focus,
            actors=platform.actors,
            coordinator=coordinator,
            goals=frozenset(goals),
            goals_reached={k for k, r in goals.items() if r.status is GoalStatus.REACHED},
            ripples=ripples,
            submitted_on=on,
        )
        self._record(self.SectionSubmitted, by, on, state=dest, section=section)

    def compile(self, by: Principal, on: date, reasons: Mapping[UUID, str] = {}) -> None:
        """Compile the newsletter, by the anchor: every section is in, or each missing one is
        named with a reason (R-NEWS-3)."""
        self._require_anchor(by, "compile the newsletter")
        dest = self._destination("compile")
        missing = self.missing_platforms
        needless = set(reasons) - missing
        if needless:
            raise RuleViolation("R-NEWS-3", f"platform {sorted(needless)[0]} has its section")
        unexplained = {p for p in missing if not (reasons.get(p) or "").strip()}
        if unexplained:
            raise RuleViolation(
                "R-NEWS-3",
                f"{len(unexplained)} section(s) missing; name each with a reason to compile",
            )
        named = frozenset(MissingSection(platform=p, reason=reasons[p].strip()) for p in missing)
        self._record(self.Compiled, by, on, state=dest, missing=named)

    def publish(
        self, by: Principal, on: date, recipients: Collection[UUID], actors: Collection[UUID]
    ) -> None:
        """Publish, by the anchor, recording the recipients (R-NEWS-4): the persons of the
        current ``actors`` (see :func:`recipients_of`)."""
        self._require_anchor(by, "publish the newsletter")
        dest = self._destination("publish")
        self._record(
            self.Published,
            by,
            on,
            state=dest,
            recipients=frozenset(recipients),
            actors=frozenset(actors),
        )

    # --- queries -------------------------------------------------------------------------

    @property
    def missing_platforms(self) -> frozenset[UUID]:
        """The asked platforms whose section is not in."""
        return frozenset(p for p in self.platforms if str(p) not in self.sections)


def new_ripples(platform: Platform, earlier: Iterable[NewsletterSection]) -> frozenset[str]:
    """The keys of the platform's ripples not reported in any of its ``earlier`` sections."""
    reported = {key for s in earlier if s.platform == platform.id for key in s.ripples}
    return frozenset(platform.ripple_keys) - reported


def recipients_of(
    initiative: Initiative, actors: Iterable[UUID], forgotten: Collection[UUID]
) -> frozenset[UUID]:
    """Every person of every one of ``actors``, forgotten persons excluded (R-NEWS-4)."""
    return frozenset(p for a in actors for p in initiative.persons_of(a) if p not in forgotten)
