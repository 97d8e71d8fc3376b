"""Meetings before they are held: planning, inviting, rescheduling, agendas and guest talks,
cancelling, convening (R-MEET-1, R-MEET-2, R-MEET-4, R-MEET-6), and the meeting plumbing the
holding commands share."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Agenda,
    AgendaItem,
    Contribution,
    GuestTalk,
    Initiative,
    Meeting,
    MeetingKind,
    MeetingTime,
    Minutes,
    NotFound,
    Person,
    Platform,
    Principal,
    Venue,
)
from cocreation_domain.model.agendas import default_agenda
from cocreation_domain.model.meeting import (
    invitees_of,
    participants_of,
    unfocused_platforms,
)


class MeetingPlanning(Base):
    """Meetings before they are held: planning, inviting, rescheduling, agendas and guest talks,
    cancelling, convening (R-MEET-1, R-MEET-2, R-MEET-4, R-MEET-6), and the meeting plumbing the
    holding commands share."""

    @command
    def plan_meeting(
        self,
        by: UUID,
        kind: MeetingKind,
        scheduled_on: date,
        *,
        initiative: UUID | None = None,
        platform: UUID | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        with_actor: UUID | None = None,
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan a meeting; returns its id. Without a ``time`` (start, duration, time zone)
        the meeting lasts all day.

        Platform meetings (``platform_first``, ``platform_goal_setting``, ``platform``) name
        the ``platform`` and are planned by its coordinator (R-MEET-1); the others name the
        ``initiative`` and are planned by the anchor. The host defaults to the rotation's
        suggestion (R-MEET-1, R-MEET-4), the agenda to the kind's default (in Danish and
        English). A pre-meeting names the actor it is held ``with_actor`` (R-ACT-3).
        """
        the_platform = self._get(Platform, platform) if platform is not None else None
        if the_platform is not None:
            if initiative not in (None, the_platform.initiative):
                raise NotFound("initiative", initiative)
            initiative = the_platform.initiative
        if initiative is None:
            raise NotFound("initiative", None)
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        if with_actor is not None:
            the_initiative.actor(with_actor)
        meeting = self._plan(
            principal,
            day,
            the_initiative,
            kind,
            scheduled_on,
            platform=the_platform,
            host=host,
            venue=venue,
            agenda=agenda,
            with_actor=with_actor,
            time=time,
        )
        the_initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    def _plan(
        self,
        principal: Principal,
        day: date,
        initiative: Initiative,
        kind: MeetingKind,
        scheduled_on: date,
        *,
        platform: Platform | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        with_actor: UUID | None = None,
        time: MeetingTime | None = None,
        platforms: list[Platform] | None = None,
    ) -> Meeting:
        """Plan a meeting (neither registered on the initiative nor saved): see
        :meth:`plan_meeting`. ``platforms``: the initiative's, when the caller has them."""
        if platforms is None:
            platforms = self._platforms(initiative)
        participants = participants_of(platforms)
        if host is None and platform is not None:
            host = platform.suggested_host
        elif host is None and kind is MeetingKind.JOINT_STATUS:
            host = initiative.suggested_joint_status_host(participants)
        return Meeting.plan(
            principal,
            day,
            initiative,
            kind,
            scheduled_on,
            agenda if agenda is not None else default_agenda(kind),
            time=time,
            host=host,
            venue=venue,
            platform=platform,
            with_actor=with_actor,
            participants=participants,
            unfocused=unfocused_platforms(platforms),
        )

    @command
    def invite_meeting(self, by: UUID, meeting: UUID, *, on: date | None = None) -> None:
        """Send a planned meeting's invitations: the platform's current actors, the
        coordinators' actors, every current actor of the initiative (joint status, R-MEET-4),
        or the pre-meeting's actor. The lead time is recorded (a short one is flagged)."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        platforms = self._platforms(initiative)
        the_meeting.invite(
            principal,
            _today(on),
            invitees_of(the_meeting, platform, platforms),
            platform=platform,
            unfocused=unfocused_platforms(platforms),
        )
        self.save(the_meeting)

    @command
    def reschedule_meeting(
        self,
        by: UUID,
        meeting: UUID,
        scheduled_on: date,
        *,
        reason: str = "",
        host: UUID | None = None,
        venue: Venue | None = None,
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> None:
        """Move a planned or invited meeting to another date (and time, host or venue; each
        kept unless given). Its invitation's ``SEQUENCE`` grows by one."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        the_meeting.reschedule(
            principal,
            _today(on),
            scheduled_on,
            reason=reason,
            time=time,
            host=host,
            venue=venue,
            platform=platform,
            participants=participants_of(self._platforms(initiative)),
        )
        self.save(the_meeting)

    @command
    def add_agenda_item(
        self, by: UUID, meeting: UUID, item: AgendaItem, *, on: date | None = None
    ) -> str:
        """Add a point to a meeting's agenda; returns the point's key."""
        the_meeting, _, principal, platform = self._meeting(by, meeting)
        the_meeting.add_agenda_item(principal, _today(on), item, platform=platform)
        self.save(the_meeting)
        return the_meeting.agenda.items[-1].key

    @command
    def add_guest_talk(
        self,
        by: UUID,
        meeting: UUID,
        speaker: UUID,
        topic: str,
        *,
        organisation: str = "",
        on: date | None = None,
    ) -> str:
        """Put a guest talk by a registered person (from ``organisation``) on a joint status
        meeting's agenda (R-MEET-6, R-NEWS-5); returns the point's key."""
        the_meeting, _, principal, _ = self._meeting(by, meeting)
        if self._get(Person, speaker).is_forgotten:
            raise NotFound("person", speaker)
        talk = GuestTalk(speaker=speaker, topic=topic, organisation=organisation)
        the_meeting.add_guest_talk(principal, _today(on), talk)
        self.save(the_meeting)
        return the_meeting.agenda.items[-1].key

    @command
    def cancel_meeting(
        self, by: UUID, meeting: UUID, reason: str = "", *, on: date | None = None
    ) -> None:
        """Cancel a planned or invited meeting."""
        the_meeting, _, principal, platform = self._meeting(by, meeting)
        the_meeting.cancel(principal, _today(on), reason, platform=platform)
        self.save(the_meeting)

    @command
    def convene_coordinator_meeting(
        self,
        by: UUID,
        initiative: UUID,
        scheduled_on: date,
        *,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan and invite the coordinator meeting with Card 3's eight points, once every open
        platform has held its first meeting (R-MEET-2); returns the meeting's id."""
        return self._convene(
            by,
            initiative,
            MeetingKind.COORDINATOR,
            scheduled_on,
            host,
            venue,
            agenda,
            on,
            time=time,
        )

    @command
    def convene_joint_status_meeting(
        self,
        by: UUID,
        initiative: UUID,
        scheduled_on: date,
        *,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        guest_talk: GuestTalk | None = None,
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan and invite a joint status meeting of all actors (R-MEET-4), hosted by the
        rotation's suggestion unless ``host`` is given, with an optional guest talk (R-MEET-6);
        returns the meeting's id."""
        return self._convene(
            by,
            initiative,
            MeetingKind.JOINT_STATUS,
            scheduled_on,
            host,
            venue,
            agenda,
            on,
            guest_talk=guest_talk,
            time=time,
        )

    def _convene(
        self,
        by: UUID,
        initiative: UUID,
        kind: MeetingKind,
        scheduled_on: date,
        host: UUID | None,
        venue: Venue | None,
        agenda: Agenda | None,
        on: date | None,
        guest_talk: GuestTalk | None = None,
        time: MeetingTime | None = None,
    ) -> UUID:
        """Plan and invite a meeting the anchor convenes (with a guest talk), in one save."""
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        platforms = self._platforms(the_initiative)
        meeting = self._plan(
            principal,
            day,
            the_initiative,
            kind,
            scheduled_on,
            host=host,
            venue=venue,
            agenda=agenda,
            time=time,
            platforms=platforms,
        )
        meeting.invite(
            principal,
            day,
            invitees_of(meeting, None, platforms),
            unfocused=unfocused_platforms(platforms),
        )
        if guest_talk is not None:
            if self._get(Person, guest_talk.speaker).is_forgotten:
                raise NotFound("person", guest_talk.speaker)
            meeting.add_guest_talk(principal, day, guest_talk)
        the_initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    def _meeting(
        self, by: UUID, meeting: UUID
    ) -> tuple[Meeting, Initiative, Principal, Platform | None]:
        """A meeting, its initiative, the principal's roles there, and its platform if any."""
        the_meeting = self._get(Meeting, meeting)
        initiative = self._get(Initiative, the_meeting.initiative)
        platform = (
            self._get(Platform, the_meeting.platform) if the_meeting.platform is not None else None
        )
        return the_meeting, initiative, self._principal(by, initiative), platform

    @staticmethod
    def _attendance(
        meeting: Meeting, initiative: Initiative, attendance: Collection[UUID] | None
    ) -> frozenset[UUID]:
        """The actors present (the invitees unless given); each an actor of the initiative."""
        present = frozenset(meeting.invitees if attendance is None else attendance)
        for actor in present:
            initiative.actor(actor)
        return present

    def _hold_first(
        self,
        principal: Principal,
        day: date,
        meeting: Meeting,
        platform: Platform,
        focus: str,
        contributions: Collection[Contribution],
        attendance: Collection[UUID],
        minutes: Minutes | None,
    ) -> None:
        meeting.hold(principal, day, attendance, minutes or Minutes(), platform=platform)
        platform.hold_first_meeting(principal, day, meeting, focus, contributions)
