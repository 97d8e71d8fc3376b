"""The fold behind every read model: events in, a :class:`~.state.View` out.

One handler per event class, registered with ``singledispatchmethod``; the default handler
returns the view unchanged, so events this fold does not know (yet) cost nothing but their
audit entry. Handlers only read the event and the view they are given and return a new view.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatchmethod
from typing import Any, cast
from uuid import UUID

import attrs

from cocreation_domain.model import GoalStatus, Initiative, Person, Platform
from cocreation_domain.model.meeting import Meeting
from cocreation_domain.model.newsletter import Newsletter
from cocreation_domain.projections.fold import Fold
from cocreation_domain.projections.state import (
    AuditEntry,
    GoalEntry,
    InitiativeView,
    MeetingView,
    NewsletterView,
    PersonView,
    PlatformView,
    RippleEntry,
    View,
)

__all__ = ["ViewFold", "event_name"]


def event_name(event: object) -> str:
    """An event's name without the library's prefix, e.g. ``Platform.GoalsSet``."""
    topic = getattr(type(event), "TOPIC", None)
    if not isinstance(topic, str):
        return type(event).__qualname__
    return topic.split(":", 1)[-1]


def _later(first: date, second: date | None) -> date:
    return first if second is None or first >= second else second


class ViewFold(Fold[View]):
    """Folds the notification log into a :class:`View` and an audit entry per event."""

    version = "view-2"

    def initial(self) -> View:
        """No initiative, platform or person yet."""
        return View()

    def step(self, state: View, event: object, position: int) -> View:
        """Apply the event's handler, then note the event in the audit trail."""
        state = self.apply(event, state)
        entry = self._audit_entry(state, event, position)
        if entry.initiative is not None and entry.occurred_on is not None:
            initiative = state.initiatives.get(entry.initiative)
            if initiative is not None:
                touched = attrs.evolve(
                    initiative,
                    last_activity_on=_later(entry.occurred_on, initiative.last_activity_on),
                )
                state = _put_initiative(state, touched)
        return attrs.evolve(state, position=position, audit=(*state.audit, entry))

    def _audit_entry(self, state: View, event: object, position: int) -> AuditEntry:
        name = event_name(event)
        subject: UUID = getattr(event, "originator_id")  # noqa: B009 (every event has one)
        principal = getattr(event, "principal", None)
        initiative, platform = self._scope(state, subject)
        fields = {k: v for k, v in vars(event).items() if k not in _NOT_MENTIONS}
        mentions = _persons_in(fields, state) - {principal, subject}
        return AuditEntry(
            position=position,
            event=name,
            subject_kind=name.split(".", 1)[0].lower(),
            subject=subject,
            version=getattr(event, "originator_version"),  # noqa: B009
            recorded_at=getattr(event, "timestamp"),  # noqa: B009
            occurred_on=getattr(event, "occurred_on", None),
            principal=principal,
            initiative=initiative,
            platform=platform,
            mentions=frozenset(mentions),
        )

    @staticmethod
    def _scope(state: View, subject: UUID) -> tuple[UUID | None, UUID | None]:
        """The initiative and platform an aggregate belongs to, as far as the view knows."""
        if subject in state.initiatives:
            return subject, None
        if subject in state.platforms:
            return state.platforms[subject].initiative, subject
        if subject in state.persons:
            return state.persons[subject].initiative, None
        if subject in state.meetings:
            meeting = state.meetings[subject]
            return meeting.initiative, meeting.platform
        if subject in state.newsletters:
            return state.newsletters[subject].initiative, None
        return None, None

    @singledispatchmethod
    def apply(self, event: object, state: View) -> View:
        """Events no handler knows leave the view as it is."""
        return state

    # --- persons (the only events with personal data, R-PII-1) ---------------------------

    @apply.register(Person.Registered)
    def _person_registered(self, event: Person.Registered, state: View) -> View:
        person = PersonView(
            id=event.originator_id,
            name=event.name,
            registered_on=event.occurred_on,
            initiative=event.initiative,
            actor=event.actor,
            email=event.email,
            phone=event.phone,
            title=event.title,
        )
        return _put_person(state, person)

    @apply.register(Person.ContactUpdated)
    def _contact_updated(self, event: Person.ContactUpdated, state: View) -> View:
        person = attrs.evolve(
            state.persons[event.originator_id],
            name=event.name,
            email=event.email,
            phone=event.phone,
            title=event.title,
        )
        return _put_person(state, person)

    @apply.register(Person.Forgotten)
    def _forgotten(self, event: Person.Forgotten, state: View) -> View:
        return state.forgetting([event.originator_id])

    # --- initiative ----------------------------------------------------------------------

    @apply.register(Initiative.Founded)
    def _founded(self, event: Initiative.Founded, state: View) -> View:
        initiative = InitiativeView(
            id=event.originator_id,
            name=event.name,
            common_challenge=event.common_challenge,
            state="preparing",
            anchor=event.anchor,
            policies=event.policies,
            founded_on=event.occurred_on,
            last_activity_on=event.occurred_on,
        )
        return _put_initiative(state, initiative)

    @apply.register(Initiative.EstablishmentWorkshopHeld)
    def _workshop_held(self, event: Initiative.EstablishmentWorkshopHeld, state: View) -> View:
        return _change_initiative(state, event, workshop_held_on=event.held_on)

    @apply.register(Initiative.CoCreationStarted)
    def _co_creation_started(self, event: Initiative.CoCreationStarted, state: View) -> View:
        return _change_initiative(
            state, event, state=event.state, co_creation_started_on=event.occurred_on
        )

    @apply.register(Initiative.Concluded)
    def _concluded(self, event: Initiative.Concluded, state: View) -> View:
        return _change_initiative(state, event, state=event.state, concluded_on=event.occurred_on)

    @apply.register(Initiative.AnchorHandedOver)
    def _anchor_handed_over(self, event: Initiative.AnchorHandedOver, state: View) -> View:
        return _change_initiative(state, event, anchor=event.to_person)

    @apply.register(Initiative.ActorRegistered)
    def _actor_registered(self, event: Initiative.ActorRegistered, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        actors = {**initiative.actors, event.actor.id: event.actor}
        return _put_initiative(state, attrs.evolve(initiative, actors=actors))

    @apply.register(Initiative.PlatformRegistered)
    def _platform_registered(self, event: Initiative.PlatformRegistered, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        platforms = initiative.platforms | {event.platform}
        return _put_initiative(state, attrs.evolve(initiative, platforms=platforms))

    @apply.register(Initiative.RippleRecorded)
    def _initiative_ripple(self, event: Initiative.RippleRecorded, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        entry = RippleEntry(event.ripple, event.occurred_on, event.principal)
        ripples = {**initiative.ripples, event.ripple.key: entry}
        return _put_initiative(state, attrs.evolve(initiative, ripples=ripples))

    @apply.register(Initiative.PoliciesChanged)
    def _policies_changed(self, event: Initiative.PoliciesChanged, state: View) -> View:
        return _change_initiative(state, event, policies=event.policies)

    # --- platform: establishing and focus ------------------------------------------------

    @apply.register(Platform.Established)
    def _established(self, event: Platform.Established, state: View) -> View:
        platform = PlatformView(
            id=event.originator_id,
            initiative=event.initiative,
            name=event.name,
            state="established",
            established_on=event.occurred_on,
            last_activity_on=event.occurred_on,
            actors=event.actors,
            pending_onboarding=event.pending_onboarding,
            coordinator_missing_since=event.occurred_on,
            actor_since=dict.fromkeys(event.actors, event.occurred_on),
        )
        return _put_platform(state, platform)

    @apply.register(Platform.ActorOnboarded)
    def _onboarded(self, event: Platform.ActorOnboarded, state: View) -> View:
        platform = state.platforms[event.originator_id]
        return _change_platform(
            state, event, pending_onboarding=platform.pending_onboarding - {event.actor}
        )

    @apply.register(Platform.FirstMeetingHeld)
    def _first_meeting(self, event: Platform.FirstMeetingHeld, state: View) -> View:
        return _change_platform(
            state,
            event,
            active=True,
            state=event.state,
            focus=event.focus,
            contributions=event.contributions,
            first_meeting_on=event.occurred_on,
            first_meeting=event.meeting,
            last_meeting_on=event.occurred_on,
        )

    # --- platform: goals (Card 5) --------------------------------------------------------

    @apply.register(Platform.GoalsSet)
    def _goals_set(self, event: Platform.GoalsSet, state: View) -> View:
        platform = state.platforms[event.originator_id]
        new = {g.key: GoalEntry(goal=g, set_on=event.occurred_on) for g in event.goals}
        return _change_platform(
            state, event, active=True, state=event.state, goals={**platform.goals, **new}
        )

    @apply.register(Platform.GoalAdded)
    def _goal_added(self, event: Platform.GoalAdded, state: View) -> View:
        platform = state.platforms[event.originator_id]
        entry = GoalEntry(goal=event.goal, set_on=event.occurred_on)
        return _change_platform(
            state, event, state=event.state, goals={**platform.goals, event.goal.key: entry}
        )

    @apply.register(Platform.BaselineDescribed)
    def _baseline(self, event: Platform.BaselineDescribed, state: View) -> View:
        return _change_goal(
            state,
            event,
            event.goal,
            {"state": event.state},
            baseline=event.baseline,
            baselined_on=event.occurred_on,
        )

    @apply.register(Platform.GoalProgressRecorded)
    def _progress(self, event: Platform.GoalProgressRecorded, state: View) -> View:
        goal = state.platforms[event.originator_id].goals[event.goal]
        return _change_goal(
            state,
            event,
            event.goal,
            {"active": True},
            progress=(*goal.progress, event.progress),
        )

    @apply.register(Platform.GoalReached)
    def _reached(self, event: Platform.GoalReached, state: View) -> View:
        return _change_goal(
            state,
            event,
            event.goal,
            {"active": True},
            status=GoalStatus.REACHED,
            reached_on=event.occurred_on,
        )

    @apply.register(Platform.GoalRevised)
    def _revised(self, event: Platform.GoalRevised, state: View) -> View:
        return _change_goal(state, event, event.goal.key, {}, goal=event.goal)

    @apply.register(Platform.GoalDropped)
    def _dropped(self, event: Platform.GoalDropped, state: View) -> View:
        return _change_goal(
            state,
            event,
            event.goal,
            {"state": event.state},
            status=GoalStatus.DROPPED,
            dropped_on=event.occurred_on,
            drop_reason=event.reason,
        )

    # --- platform: standby, resume, close, merge (Card 4) --------------------------------

    @apply.register(Platform.PutOnStandby)
    def _standby(self, event: Platform.PutOnStandby, state: View) -> View:
        return _change_platform(
            state,
            event,
            state=event.state,
            standby_from=event.left,
            standby_since=event.occurred_on,
            standby_reason=event.reason,
            standby_review_on=event.review_on,
            aftercare=event.aftercare,
        )

    @apply.register(Platform.Resumed)
    def _resumed(self, event: Platform.Resumed, state: View) -> View:
        return _change_platform(
            state,
            event,
            active=True,
            state=event.state,
            standby_from=None,
            standby_since=None,
            standby_reason=None,
            standby_review_on=None,
        )

    @apply.register(Platform.Closed)
    def _closed(self, event: Platform.Closed, state: View) -> View:
        return _change_platform(
            state,
            event,
            state=event.state,
            closure_reason=event.reason,
            aftercare=event.aftercare,
            ended_on=event.occurred_on,
        )

    @apply.register(Platform.Merged)
    def _merged(self, event: Platform.Merged, state: View) -> View:
        return _change_platform(
            state, event, state=event.state, merged_into=event.into, ended_on=event.occurred_on
        )

    @apply.register(Platform.Absorbed)
    def _absorbed(self, event: Platform.Absorbed, state: View) -> View:
        platform = state.platforms[event.originator_id]
        joined = dict.fromkeys(event.actors, event.occurred_on)
        return _change_platform(
            state,
            event,
            actors=platform.actors | event.actors,
            actor_since={**joined, **platform.actor_since},
            absorbed=platform.absorbed | {event.source},
        )

    # --- platform: actors and coordinator ------------------------------------------------

    @apply.register(Platform.ActorJoined)
    def _joined(self, event: Platform.ActorJoined, state: View) -> View:
        platform = state.platforms[event.originator_id]
        pending = platform.pending_onboarding | ({event.actor} if event.needs_onboarding else set())
        return _change_platform(
            state,
            event,
            actors=platform.actors | {event.actor},
            pending_onboarding=pending,
            actor_since={event.actor: event.occurred_on, **platform.actor_since},
        )

    @apply.register(Platform.ActorLeft)
    def _left(self, event: Platform.ActorLeft, state: View) -> View:
        platform = state.platforms[event.originator_id]
        changes: dict[str, Any] = {
            "actors": platform.actors - {event.actor},
            "pending_onboarding": platform.pending_onboarding - {event.actor},
        }
        if event.coordinator_left:
            changes.update(coordinator=None, coordinator_missing_since=event.occurred_on)
        return _change_platform(state, event, **changes)

    @apply.register(Platform.ActorReplaced)
    def _replaced(self, event: Platform.ActorReplaced, state: View) -> View:
        platform = state.platforms[event.originator_id]
        pending = platform.pending_onboarding - {event.old}
        changes: dict[str, Any] = {
            "actors": (platform.actors - {event.old}) | {event.new},
            "pending_onboarding": pending | ({event.new} if event.needs_onboarding else set()),
            "actor_since": {event.new: event.occurred_on, **platform.actor_since},
        }
        if event.coordinator_left:
            changes.update(coordinator=None, coordinator_missing_since=event.occurred_on)
        return _change_platform(state, event, **changes)

    @apply.register(Platform.CoordinatorChosen)
    def _coordinator(self, event: Platform.CoordinatorChosen, state: View) -> View:
        return _change_platform(
            state, event, coordinator=event.coordinator, coordinator_missing_since=None
        )

    # --- platform: ripples (Card 6) ------------------------------------------------------

    @apply.register(Platform.RippleRecorded)
    def _platform_ripple(self, event: Platform.RippleRecorded, state: View) -> View:
        platform = state.platforms[event.originator_id]
        entry = RippleEntry(event.ripple, event.occurred_on, event.principal)
        return _change_platform(
            state, event, active=True, ripples={**platform.ripples, event.ripple.key: entry}
        )

    # --- platform: meetings, reality checks, sparring (Cards 2, 4, 7) ----------------------

    @apply.register(Platform.MeetingHeld)
    def _platform_meeting(self, event: Platform.MeetingHeld, state: View) -> View:
        return _change_platform(state, event, active=True, last_meeting_on=event.occurred_on)

    @apply.register(Platform.RealityCheckPerformed)
    def _reality_check(self, event: Platform.RealityCheckPerformed, state: View) -> View:
        platform = state.platforms[event.originator_id]
        return _change_platform(
            state,
            event,
            active=True,
            reality_checks={**platform.reality_checks, event.check.key: event.check},
            last_reality_check_on=event.occurred_on,
        )

    @apply.register(Platform.SparringRequested)
    def _sparring_requested(self, event: Platform.SparringRequested, state: View) -> View:
        platform = state.platforms[event.originator_id]
        sparring = {**platform.sparring, event.sparring.key: event.sparring}
        return _change_platform(state, event, sparring=sparring)

    @apply.register(Platform.SparringGiven)
    def _sparring_given(self, event: Platform.SparringGiven, state: View) -> View:
        platform = state.platforms[event.originator_id]
        given = attrs.evolve(
            platform.sparring[event.key], notes=event.notes, given_on=event.occurred_on
        )
        return _change_platform(state, event, sparring={**platform.sparring, event.key: given})

    # --- initiative: meetings, change proposals, poster (Cards 3, 7) -----------------------

    @apply.register(Initiative.CoordinatorMeetingHeld)
    def _coordinator_meeting(self, event: Initiative.CoordinatorMeetingHeld, state: View) -> View:
        return _change_initiative(
            state,
            event,
            coordinator_meeting_held_on=event.first_held_on,
            last_coordinator_meeting_on=event.occurred_on,
        )

    @apply.register(Initiative.JointStatusMeetingHeld)
    def _joint_status(self, event: Initiative.JointStatusMeetingHeld, state: View) -> View:
        return _change_initiative(
            state, event, last_joint_status_on=event.occurred_on, last_newsletter=event.newsletter
        )

    @apply.register(Initiative.PreMeetingHeld)
    def _pre_meeting(self, event: Initiative.PreMeetingHeld, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        pre_meetings = {**initiative.pre_meetings, event.actor: event.occurred_on}
        return _put_initiative(state, attrs.evolve(initiative, pre_meetings=pre_meetings))

    @apply.register(Initiative.ChangeProposed)
    def _change_proposed(self, event: Initiative.ChangeProposed, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        proposals = {**initiative.change_proposals, event.proposal.key: event.proposal}
        return _put_initiative(state, attrs.evolve(initiative, change_proposals=proposals))

    @apply.register(Initiative.ChangeDeclined)
    def _change_declined(self, event: Initiative.ChangeDeclined, state: View) -> View:
        initiative = state.initiatives[event.originator_id]
        declined = attrs.evolve(
            initiative.change_proposals[event.key], declined_on=event.occurred_on
        )
        proposals = {**initiative.change_proposals, event.key: declined}
        return _put_initiative(state, attrs.evolve(initiative, change_proposals=proposals))

    @apply.register(Initiative.PosterUpdated)
    def _poster_updated(self, event: Initiative.PosterUpdated, state: View) -> View:
        return _change_initiative(
            state, event, poster=event.entries, poster_updated_on=event.occurred_on
        )

    # --- meetings ------------------------------------------------------------------------

    @apply.register(Meeting.Planned)
    def _meeting_planned(self, event: Meeting.Planned, state: View) -> View:
        meeting = MeetingView(
            id=event.originator_id,
            initiative=event.initiative,
            kind=event.kind,
            state="planned",
            planned_on=event.occurred_on,
            scheduled_on=event.scheduled_on,
            venue=event.venue,
            agenda=event.agenda,
            platform=event.platform,
            host=event.host,
            with_actor=event.with_actor,
        )
        return _put_meeting(state, meeting)

    @apply.register(Meeting.Invited)
    def _meeting_invited(self, event: Meeting.Invited, state: View) -> View:
        return _change_meeting(
            state,
            event,
            state=event.state,
            invitees=event.invitees,
            invited_on=event.occurred_on,
            lead_days=event.lead_days,
        )

    @apply.register(Meeting.Rescheduled)
    def _meeting_rescheduled(self, event: Meeting.Rescheduled, state: View) -> View:
        meeting = state.meetings[event.originator_id]
        return _change_meeting(
            state,
            event,
            scheduled_on=event.scheduled_on,
            host=event.host,
            venue=event.venue,
            lead_days=event.lead_days,
            reschedulings=meeting.reschedulings + 1,
        )

    @apply.register(Meeting.AgendaItemAdded)
    def _agenda_item(self, event: Meeting.AgendaItemAdded, state: View) -> View:
        meeting = state.meetings[event.originator_id]
        return _change_meeting(state, event, agenda=meeting.agenda.with_item(event.item))

    @apply.register(Meeting.Cancelled)
    def _meeting_cancelled(self, event: Meeting.Cancelled, state: View) -> View:
        return _change_meeting(
            state,
            event,
            state=event.state,
            cancelled_on=event.occurred_on,
            cancel_reason=event.reason,
        )

    @apply.register(Meeting.Held)
    def _meeting_held(self, event: Meeting.Held, state: View) -> View:
        return _change_meeting(
            state,
            event,
            state=event.state,
            held_on=event.occurred_on,
            attendance=event.attendance,
            minutes=event.minutes,
            readiness=event.readiness,
            override_reason=event.override_reason,
            newsletter=event.newsletter,
        )

    # --- newsletters (Cards 7, 8) --------------------------------------------------------

    @apply.register(Newsletter.Opened)
    def _newsletter_opened(self, event: Newsletter.Opened, state: View) -> View:
        newsletter = NewsletterView(
            id=event.originator_id,
            initiative=event.initiative,
            meeting=event.meeting,
            state="collecting",
            opened_on=event.occurred_on,
            platforms=event.platforms,
            previous=event.previous,
        )
        return _put_newsletter(state, newsletter)

    @apply.register(Newsletter.SectionSubmitted)
    def _section(self, event: Newsletter.SectionSubmitted, state: View) -> View:
        newsletter = state.newsletters[event.originator_id]
        sections = {**newsletter.sections, event.section.platform: event.section}
        return _change_newsletter(state, event, state=event.state, sections=sections)

    @apply.register(Newsletter.Compiled)
    def _compiled(self, event: Newsletter.Compiled, state: View) -> View:
        return _change_newsletter(
            state, event, state=event.state, missing=event.missing, compiled_on=event.occurred_on
        )

    @apply.register(Newsletter.Published)
    def _published(self, event: Newsletter.Published, state: View) -> View:
        return _change_newsletter(
            state,
            event,
            state=event.state,
            recipients=event.recipients,
            actors=event.actors,
            published_on=event.occurred_on,
        )


# --- building new views ------------------------------------------------------------------


def _put_person(state: View, person: PersonView) -> View:
    return attrs.evolve(state, persons={**state.persons, person.id: person})


def _put_initiative(state: View, initiative: InitiativeView) -> View:
    return attrs.evolve(state, initiatives={**state.initiatives, initiative.id: initiative})


def _put_platform(state: View, platform: PlatformView) -> View:
    return attrs.evolve(state, platforms={**state.platforms, platform.id: platform})


def _change_initiative(view: View, event: Initiative.Event, /, **changes: Any) -> View:
    initiative = view.initiatives[event.originator_id]
    return _put_initiative(view, attrs.evolve(initiative, **changes))


def _change_platform(
    view: View, event: Platform.Event, /, *, active: bool = False, **changes: Any
) -> View:
    """The view with the event's platform changed; ``active`` marks recorded activity
    (meetings, goals, progress, ripples, resuming: R-PLAT-8), which never moves back."""
    platform = view.platforms[event.originator_id]
    if active:
        changes["last_activity_on"] = _later(event.occurred_on, platform.last_activity_on)
    return _put_platform(view, attrs.evolve(platform, **changes))


def _change_goal(
    view: View,
    event: Platform.Event,
    key: str,
    platform_changes: dict[str, Any],
    /,
    **goal_changes: Any,
) -> View:
    platform = view.platforms[event.originator_id]
    goal = attrs.evolve(platform.goals[key], **goal_changes)
    return _change_platform(view, event, **platform_changes, goals={**platform.goals, key: goal})


def _put_meeting(view: View, meeting: MeetingView) -> View:
    return attrs.evolve(view, meetings={**view.meetings, meeting.id: meeting})


def _change_meeting(view: View, event: Meeting.Event, /, **changes: Any) -> View:
    meeting = view.meetings[event.originator_id]
    return _put_meeting(view, attrs.evolve(meeting, **changes))


def _put_newsletter(view: View, newsletter: NewsletterView) -> View:
    return attrs.evolve(view, newsletters={**view.newsletters, newsletter.id: newsletter})


def _change_newsletter(view: View, event: Newsletter.Event, /, **changes: Any) -> View:
    newsletter = view.newsletters[event.originator_id]
    return _put_newsletter(view, attrs.evolve(newsletter, **changes))


_NOT_MENTIONS = frozenset({"originator_id", "originator_version", "timestamp", "principal"})
"""Event attributes that never name a person mentioned by the event."""


def _persons_in(value: object, view: View) -> set[UUID]:
    """The known persons' ids anywhere inside an event's value."""
    if isinstance(value, UUID):
        return {value} if value in view.persons else set()
    if isinstance(value, dict):
        return _persons_in(list(value.keys()), view) | _persons_in(list(value.values()), view)
    if isinstance(value, (list, tuple, set, frozenset)):
        found: set[UUID] = set()
        for item in value:
            found |= _persons_in(item, view)
        return found
    if attrs.has(type(value)):
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(value)))
        return _persons_in([getattr(value, f.name) for f in fields], view)
    return set()
