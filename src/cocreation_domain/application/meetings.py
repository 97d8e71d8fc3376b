"""Holding meetings (Cards 2, 3, 7; R-MEET-1..8, R-PLAT-2, R-FLAT-4, R-NEWS-1, R-ACT-3), what
the held meetings record, and the meeting queries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import _text_argument, _today
from cocreation_domain.application.planning import MeetingPlanning
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Consent,
    Contribution,
    Goal,
    Initiative,
    Meeting,
    MeetingKind,
    Minutes,
    Newsletter,
    Platform,
    Readiness,
    Ripple,
    RuleViolation,
)
from cocreation_domain.model.agendas import default_agenda
from cocreation_domain.model.meeting import (
    invitees_of,
    joint_status_readiness,
    participants_of,
)
from cocreation_domain.model.values import (
    Beneficiary,
    CrossPlatformInitiative,
    CrossPlatformLead,
    OverlapReview,
    RippleKind,
)


class MeetingCommands(MeetingPlanning):
    """Holding meetings (Cards 2, 3, 7; R-MEET-1..8, R-PLAT-2, R-FLAT-4, R-NEWS-1, R-ACT-3),
    what the held meetings record, and the meeting queries."""

    @command
    def hold_meeting(
        self,
        by: UUID,
        meeting: UUID,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> None:
        """Hold a regular platform meeting, the coordinator meeting or a pre-meeting.

        ``attendance`` (actors present) defaults to the invitees. The platform records the
        activity and the host's turn (R-MEET-1); the initiative records the coordinator meeting
        (R-MEET-2) or the pre-meeting (R-ACT-3), in the same save. The first platform meeting,
        the goal-setting meeting and the joint status meeting have their own commands.
        """
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        day = _today(on)
        special = {
            MeetingKind.PLATFORM_FIRST: ("R-PLAT-2", "hold_first_platform_meeting"),
            MeetingKind.PLATFORM_GOAL_SETTING: ("R-FLAT-4", "hold_goal_setting_meeting"),
            MeetingKind.JOINT_STATUS: ("R-NEWS-1", "hold_joint_status_meeting"),
        }.get(the_meeting.kind)
        if special is not None:
            rule, method = special
            raise RuleViolation(rule, f"a {the_meeting.kind} meeting is held with {method}")
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            platform=platform,
        )
        if platform is not None:
            platform.record_meeting(principal, day, the_meeting)
            self.save(the_meeting, platform)
        elif the_meeting.kind is MeetingKind.COORDINATOR:
            initiative.hold_coordinator_meeting(principal, day, the_meeting)
            self.save(the_meeting, initiative)
        else:
            initiative.record_pre_meeting(principal, day, the_meeting)
            self.save(the_meeting, initiative)

    @command
    def hold_first_meeting(
        self,
        by: UUID,
        platform: UUID,
        focus: str,
        contributions: Collection[Contribution] = (),
        *,
        on: date | None = None,
    ) -> None:
        """Record the first platform meeting's focus and contributions in one step.

        The one way a first meeting is held, in one save: what :meth:`plan_meeting`,
        :meth:`invite_meeting` and :meth:`hold_first_platform_meeting` do, on ``on``. A real
        :class:`Meeting` (R-PLAT-2), planned and invited by the coordinator with the default
        first-meeting agenda (premises, rules of play, *Fokus + Aktører*), hosted by the
        rotation's suggestion, held with every invited actor present.
        """
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        kind = MeetingKind.PLATFORM_FIRST
        meeting = self._plan(principal, day, initiative, kind, day, platform=the_platform)
        invitees = invitees_of(meeting, the_platform, ())
        meeting.invite(principal, day, invitees, platform=the_platform)
        self._hold_first(
            principal,
            day,
            meeting,
            the_platform,
            focus,
            contributions,
            invitees,
            Minutes(summary=focus),
        )
        # Registered last, so the save's events are in the order they were made (time travel
        # by recorded time reads the log in that order).
        initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_platform, initiative)

    @command
    def hold_first_platform_meeting(
        self,
        by: UUID,
        meeting: UUID,
        focus: str,
        contributions: Collection[Contribution] = (),
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> None:
        """Hold the platform's first meeting: its focus and each actor's contribution (the
        *Fokus + Aktører* template). The platform becomes ``focused`` in the same save
        (R-PLAT-2: invited by the coordinator, agenda revisiting premises and rules of play)."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        if platform is None or the_meeting.kind is not MeetingKind.PLATFORM_FIRST:
            raise RuleViolation("R-PLAT-2", "this is not a platform's first meeting")
        attendees = self._attendance(the_meeting, initiative, attendance)
        self._hold_first(
            principal, _today(on), the_meeting, platform, focus, contributions, attendees, minutes
        )
        self.save(the_meeting, platform)

    @command
    def hold_goal_setting_meeting(
        self,
        by: UUID,
        meeting: UUID,
        goals: Sequence[Goal],
        consent: Consent,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> list[str]:
        """Hold the second platform meeting, where the platform sets its 3-5 goals by decision
        (Card 5, R-GOAL-1..4, R-FLAT-4); returns the goal keys."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        if platform is None or the_meeting.kind is not MeetingKind.PLATFORM_GOAL_SETTING:
            raise RuleViolation("R-FLAT-4", "this is not a platform's goal-setting meeting")
        day = _today(on)
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            platform=platform,
        )
        decision = self._decision(consent, initiative)
        keys = platform.set_goals(principal, day, initiative.policies, decision, goals)
        platform.record_meeting(principal, day, the_meeting)
        self.save(the_meeting, platform)
        return keys

    @command
    def hold_joint_status_meeting(
        self,
        by: UUID,
        meeting: UUID,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        override_reason: str | None = None,
        on: date | None = None,
    ) -> UUID:
        """Hold a joint status meeting and open its newsletter in the same save (R-NEWS-1);
        returns the newsletter's id.

        The readiness gate (R-MEET-5, R-ACT-3) refuses unless every open, non-standby platform
        performed a reality check and every new actor had its pre-meeting since the previous
        joint status meeting, or an ``override_reason`` is given (recorded with the gaps).
        """
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        if the_meeting.kind is not MeetingKind.JOINT_STATUS:
            raise RuleViolation("R-NEWS-1", "this is not a joint status meeting")
        day = _today(on)
        platforms = self._platforms(initiative)
        participants = participants_of(platforms)
        newsletter_id = Newsletter.create_id()
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            participants=participants,
            readiness=joint_status_readiness(initiative, platforms),
            override_reason=override_reason,
            newsletter=newsletter_id,
        )
        newsletter = Newsletter.open(
            principal,
            day,
            the_meeting,
            [p.id for p in platforms if p.is_open],
            initiative.last_newsletter,
            newsletter_id,
        )
        initiative.hold_joint_status_meeting(
            principal, day, the_meeting, newsletter.id, participants
        )
        self.save(the_meeting, newsletter, initiative)
        return newsletter.id

    @command
    def hold_pre_meeting(
        self,
        by: UUID,
        initiative: UUID,
        actor: UUID,
        *,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> UUID:
        """Record the anchor's pre-meeting with a new actor, planned, invited and held on ``on``
        in one save (R-ACT-3); returns the meeting's id."""
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        meeting = Meeting.plan(
            principal,
            day,
            the_initiative,
            MeetingKind.PRE_MEETING,
            day,
            default_agenda(MeetingKind.PRE_MEETING),
            with_actor=actor,
        )
        meeting.invite(principal, day, {actor})
        meeting.hold(principal, day, {actor}, minutes or Minutes())
        the_initiative.register_meeting(principal, day, meeting)
        the_initiative.record_pre_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    @command
    def record_overlap_review(
        self, by: UUID, meeting: UUID, review: OverlapReview, *, on: date | None = None
    ) -> None:
        """R-MEET-7 (Cards 3, 7): the anchor records the overlap review of a held coordinator
        or joint status meeting: the platforms compared and the outcome."""
        if not isinstance(review, OverlapReview):
            raise RuleViolation("R-MEET-7", "an overlap review is an OverlapReview")
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        the_meeting.record_overlap_review(principal, _today(on), review, initiative.platforms)
        self.save(the_meeting)

    @command
    def record_presentation(
        self, by: UUID, meeting: UUID, platform: UUID, *, on: date | None = None
    ) -> None:
        """R-MEET-8 (Card 3): the anchor records that ``platform``'s coordinator presented it
        at the held coordinator meeting."""
        the_meeting, _, principal, _ = self._meeting(by, meeting)
        the_meeting.record_presentation(principal, _today(on), self._get(Platform, platform))
        self.save(the_meeting)

    @command
    def record_cross_platform_initiative(
        self,
        by: UUID,
        meeting: UUID,
        title: str,
        description: str,
        platforms: Collection[UUID],
        leads_to: CrossPlatformLead,
        *,
        on: date | None = None,
    ) -> str:
        """R-NEWS-5 (Card 7): the anchor records a new initiative across platforms that the
        held joint status meeting proposed; it leads to a proposed new platform, or to a ripple
        on the initiative recorded in the same save. Returns its key (``X1`` …)."""
        if leads_to not in set(CrossPlatformLead):
            raise RuleViolation("R-NEWS-5", "it leads to a new platform or to a ripple")
        lead = CrossPlatformLead(leads_to)
        text = _text_argument(title, "R-NEWS-5", "the initiative's title")
        about = _text_argument(description, "R-NEWS-5", "what it is about")
        named: Collection[object] = platforms  # callers from outside the type system too
        if not all(isinstance(p, UUID) for p in named):
            raise RuleViolation("R-NEWS-5", "the platforms are named by their ids")
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        day = _today(on)
        ripple_key = None
        if lead is CrossPlatformLead.RIPPLE:
            ripple = Ripple(
                description=f"{text}: {about}",
                kind=RippleKind.NEW_IDEA,
                beneficiaries={Beneficiary.OTHER_ACTORS},
                observed_on=day,
            )
            ripple_key = initiative.record_ripple(principal, day, ripple)
        proposed = CrossPlatformInitiative(
            title=text,
            description=about,
            platforms=frozenset(platforms),
            leads_to=lead,
            ripple=ripple_key,
        )
        keyed = the_meeting.record_cross_platform_initiative(
            principal, day, proposed, initiative.platforms
        )
        self.save(the_meeting, initiative)
        return keyed.key

    def get_meeting(self, meeting: UUID) -> Meeting:
        """The meeting as its events left it."""
        return self._get(Meeting, meeting)

    def meetings_of(self, initiative: UUID) -> list[Meeting]:
        """Every meeting of the initiative, by date."""
        ids = self._get(Initiative, initiative).meetings
        meetings = [self._get(Meeting, UUID(m)) for m in ids]
        return sorted(meetings, key=lambda m: (m.scheduled_on, str(m.id)))

    def joint_status_readiness(self, initiative: UUID) -> Readiness:
        """What the next joint status meeting still waits for (R-MEET-5, R-ACT-3)."""
        the_initiative = self._get(Initiative, initiative)
        return joint_status_readiness(the_initiative, self._platforms(the_initiative))

    def suggest_joint_status_host(self, initiative: UUID) -> UUID | None:
        """The current actor whose turn it is to host the next joint status meeting
        (R-MEET-4)."""
        the_initiative = self._get(Initiative, initiative)
        participants = participants_of(self._platforms(the_initiative))
        return the_initiative.suggested_joint_status_host(participants)
