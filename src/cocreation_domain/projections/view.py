"""The fold behind every read model: events in, a :class:`~.state.View` out.

One handler per event class, registered with ``singledispatchmethod``; the default handler
returns the view unchanged, so events this fold does not know (yet) cost nothing but their
audit entry.

Folding costs the same for every event, however large the view has grown. A batch of events is
folded into a *draft* (:meth:`ViewFold.thaw`): a view whose dicts are its own copies, which
the handlers change in place, and whose audit entries are appended to a list. Freezing it
(:meth:`ViewFold.freeze`) gives a view again, once per batch. The view a batch starts from is
never changed, so the fold stays pure as seen from outside: given a view that is not a draft,
:meth:`ViewFold.step` and :meth:`ViewFold.apply` leave it as it is and return a new one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import singledispatchmethod, wraps
from typing import Any, TypeVar, cast
from uuid import UUID

import attrs

from cocreation_domain.model import (
    INITIATIVE,
    MEETING,
    NEWSLETTER,
    PLATFORM,
    GoalStatus,
    Initiative,
    Person,
    Platform,
)
from cocreation_domain.model.meeting import Meeting
from cocreation_domain.model.newsletter import Newsletter
from cocreation_domain.model.platform import DECISIONS, last_activity
from cocreation_domain.projections.fold import Fold
from cocreation_domain.projections.rows import referenced_ids
from cocreation_domain.projections.state import (
    AuditEntry,
    GoalEntry,
    InitiativeAct,
    InitiativeView,
    MeetingView,
    NewsletterView,
    PersonView,
    PlatformView,
    RippleEntry,
    View,
    ViewChanges,
)

__all__ = ["ViewFold", "event_name"]

E = TypeVar("E")
V = TypeVar("V", InitiativeView, PlatformView, PersonView, MeetingView, NewsletterView)


def event_name(event: object) -> str:
    """An event's name without the library's prefix, e.g. ``Platform.GoalsSet``."""
    return _naming(type(event))[0]


_NAMINGS: dict[type, tuple[str, str]] = {}


def _naming(cls: type) -> tuple[str, str]:
    """An event class's name and the kind of aggregate it belongs to, e.g. ``platform``."""
    naming = _NAMINGS.get(cls)
    if naming is None:
        topic = getattr(cls, "TOPIC", None)
        name = topic.split(":", 1)[-1] if isinstance(topic, str) else cls.__qualname__
        naming = _NAMINGS[cls] = (name, name.split(".", 1)[0].lower())
    return naming


def _later(first: date, second: date | None) -> date:
    return first if second is None or first >= second else second


@attrs.frozen(eq=False)
class _Draft(View):
    """A view being folded, private to the fold that thawed it.

    Its dicts are its own copies, and so are those of every initiative, platform, person,
    meeting and newsletter in ``owned``: the ones it took (:meth:`initiative`, …) or added since
    it was thawed or last frozen. The handlers change those in place (:func:`_assign`); any
    other one is copied the first time it changes. Its ``audit`` reads as the list
    ``entries`` the fold appends to. :meth:`frozen` gives a view of copies and empties
    ``owned``, so the draft may fold on without ever changing a view it gave.
    """

    entries: list[AuditEntry] = attrs.field(factory=list)
    owned: set[UUID] = attrs.field(factory=set)
    changed: set[UUID] = attrs.field(factory=set)
    """Ids of everything added or changed since the draft was thawed or its changes taken."""
    noted: int = 0
    """How many of ``entries`` were there when the draft was thawed or its changes taken."""

    @classmethod
    def of(cls, view: View) -> _Draft:
        """A draft of ``view``, which stays as it is."""
        entries = list(view.audit)
        draft = cls(
            view.position,
            view.initiatives,
            view.platforms,
            view.persons,
            view.meetings,
            view.newsletters,
            (),
            entries,
            set(),
            set(),
            len(entries),
        )
        object.__setattr__(draft, "audit", entries)
        return draft

    def frozen(self) -> View:
        """The view folded so far, sharing nothing the draft will change."""
        self.owned.clear()
        return View(
            self.position,
            self.initiatives,
            self.platforms,
            self.persons,
            self.meetings,
            self.newsletters,
            self.entries,
        )

    def note(self, entry: AuditEntry) -> None:
        """Append the audit entry of the event just folded, and move to its position."""
        self.entries.append(entry)
        object.__setattr__(self, "position", entry.position)

    def add(self, views: dict[UUID, V], view: V) -> None:
        """Add a new initiative, platform, person, meeting or newsletter."""
        views[view.id] = view
        self.owned.add(view.id)
        self.changed.add(view.id)

    def initiative(self, key: UUID) -> InitiativeView:
        """The initiative ``key``, the draft's own to change in place."""
        return self._own(self.initiatives, key)

    def platform(self, key: UUID) -> PlatformView:
        """The platform ``key``, the draft's own to change in place."""
        return self._own(self.platforms, key)

    def person(self, key: UUID) -> PersonView:
        """The person ``key``, the draft's own to change in place."""
        return self._own(self.persons, key)

    def meeting(self, key: UUID) -> MeetingView:
        """The meeting ``key``, the draft's own to change in place."""
        return self._own(self.meetings, key)

    def newsletter(self, key: UUID) -> NewsletterView:
        """The newsletter ``key``, the draft's own to change in place."""
        return self._own(self.newsletters, key)

    def _own(self, views: dict[UUID, V], key: UUID) -> V:
        view = views[key]
        if key not in self.owned:
            view = views[key] = attrs.evolve(view)  # with its own copies of the view's dicts
            self.owned.add(key)
        self.changed.add(key)
        return view

    def admit(self, entity: object) -> None:
        """Take in a stored initiative, platform, person, meeting or newsletter the draft
        did not hold (it is not a change: only what handlers change is written back)."""
        if isinstance(entity, InitiativeView):
            self.initiatives.setdefault(entity.id, entity)
        elif isinstance(entity, PlatformView):
            self.platforms.setdefault(entity.id, entity)
        elif isinstance(entity, PersonView):
            self.persons.setdefault(entity.id, entity)
        elif isinstance(entity, MeetingView):
            self.meetings.setdefault(entity.id, entity)
        elif isinstance(entity, NewsletterView):
            self.newsletters.setdefault(entity.id, entity)
        else:
            raise TypeError(f"not a row of the view: {entity!r}")

    def take_changes(self) -> ViewChanges:
        """What changed since the draft was thawed or this was last asked: the rows to write
        and the audit entries to append. Afterwards the draft holds no audit entries (they
        are stored), and it folds on in place."""
        changed = self.changed
        initiatives = {k: v for k, v in self.initiatives.items() if k in changed}
        platforms = {k: v for k, v in self.platforms.items() if k in changed}
        persons = {k: v for k, v in self.persons.items() if k in changed}
        meetings = {k: v for k, v in self.meetings.items() if k in changed}
        newsletters = {k: v for k, v in self.newsletters.items() if k in changed}
        changes = ViewChanges(
            position=self.position,
            initiatives=initiatives,
            platforms=platforms,
            persons=persons,
            meetings=meetings,
            newsletters=newsletters,
            audit=tuple(self.entries[self.noted :]),
        )
        self.changed.clear()
        self.entries.clear()
        object.__setattr__(self, "noted", 0)
        return changes


def _assign(view: object, **changes: Any) -> None:
    """Change fields of a view a draft owns in place, converted as its constructor would."""
    converters = _converters(type(view))
    for name, value in changes.items():
        convert = converters[name]
        object.__setattr__(view, name, value if convert is None else convert(value))


_CONVERTERS: dict[type, dict[str, Callable[[Any], Any] | None]] = {}


def _converters(cls: type) -> dict[str, Callable[[Any], Any] | None]:
    """The converter of each field of a view class (``None``: the value as it is)."""
    converters = _CONVERTERS.get(cls)
    if converters is None:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
        converters = {f.name: cast("Callable[[Any], Any] | None", f.converter) for f in fields}
        _CONVERTERS[cls] = converters
    return converters


_DISPATCHERS: dict[type, Callable[[type], Callable[..., View]] | None] = {}


def _dispatcher(fold: type) -> Callable[[type], Callable[..., View]] | None:
    """Finds a fold class's ``apply`` handler for an event class; ``None`` when a subclass
    made ``apply`` something other than a ``singledispatchmethod``."""
    if fold not in _DISPATCHERS:
        apply = inspect.getattr_static(fold, "apply")
        dispatch = apply.dispatcher.dispatch if isinstance(apply, singledispatchmethod) else None
        _DISPATCHERS[fold] = dispatch
    return _DISPATCHERS[fold]


def _in_place(
    handler: Callable[[ViewFold, E, _Draft], None],
) -> Callable[[ViewFold, E, View], View]:
    """An ``apply`` handler from one that changes a draft: a draft it is given is changed and
    returned; any other view is left as it is, and a changed copy returned."""

    @wraps(handler)
    def apply(fold: ViewFold, event: E, state: View) -> View:
        if isinstance(state, _Draft):
            handler(fold, event, state)
            return state
        draft = _Draft.of(state)
        handler(fold, event, draft)
        return draft.frozen()

    return apply


class ViewFold(Fold[View]):
    """Folds the notification log into a :class:`View` and an audit entry per event."""

    version = "view-5"

    def initial(self) -> View:
        """No initiative, platform or person yet."""
        return View()

    def thaw(self, state: View) -> View:
        """A draft of ``state`` that :meth:`step` changes in place; ``state`` stays as it is."""
        return _Draft.of(state)

    def freeze(self, state: View) -> View:
        """The view a draft has folded so far (the draft may fold on); a view as it is."""
        return state.frozen() if isinstance(state, _Draft) else state

    def admit(self, state: View, entities: Iterable[object]) -> None:
        """Take stored rows into a draft made by :meth:`thaw` that holds only part of the
        view (see :meth:`needs`)."""
        if not isinstance(state, _Draft):
            raise TypeError("admit needs a draft made by thaw()")
        for entity in entities:
            state.admit(entity)

    @staticmethod
    def needs(events: Iterable[object]) -> set[UUID]:
        """Every id the handlers and audit entries of ``events`` may look up: their
        aggregates and every id their values hold (persons they mention, say)."""
        wanted: set[UUID] = set()
        for event in events:
            wanted.add(getattr(event, "originator_id"))  # noqa: B009
            referenced_ids(list(vars(event).values()), wanted)
        return wanted

    def take_changes(self, state: View) -> ViewChanges:
        """The rows a draft made by :meth:`thaw` changed and the audit entries it appended
        since it was thawed or this was last asked (see :class:`ViewChanges`); the draft
        forgets those audit entries and folds on."""
        if not isinstance(state, _Draft):
            raise TypeError("take_changes needs a draft made by thaw()")
        return state.take_changes()

    def step(self, state: View, event: object, position: int) -> View:
        """Apply the event's handler, then note the event in the audit trail: in place in a
        draft, in a new view otherwise."""
        in_place = isinstance(state, _Draft)
        draft = state if isinstance(state, _Draft) else _Draft.of(state)
        dispatch = _dispatcher(type(self))
        if dispatch is None:
            applied = self.apply(event, draft)
        else:  # the handler itself, without binding ``apply`` anew for every event
            applied = dispatch(type(event))(self, event, draft)
        if applied is not draft:  # a handler that built a new view: fold on from that one
            changed = draft.changed | set(applied.initiatives) | set(applied.platforms)
            changed |= set(applied.persons) | set(applied.meetings) | set(applied.newsletters)
            noted = draft.noted
            draft = _Draft.of(applied)
            draft.changed.update(changed)  # any of them may differ now
            object.__setattr__(draft, "noted", noted)
        _note_act(draft, event)
        entry = self._audit_entry(draft, event, position)
        if entry.initiative is not None and entry.occurred_on is not None:
            initiative = draft.initiatives.get(entry.initiative)
            if initiative is not None:
                later = _later(entry.occurred_on, initiative.last_activity_on)
                if later != initiative.last_activity_on:
                    _assign(draft.initiative(entry.initiative), last_activity_on=later)
        draft.note(entry)
        return draft if in_place else draft.frozen()

    def _audit_entry(self, state: View, event: object, position: int) -> AuditEntry:
        name, kind = _naming(type(event))
        subject: UUID = getattr(event, "originator_id")  # noqa: B009 (every event has one)
        principal = getattr(event, "principal", None)
        initiative, platform = self._scope(state, subject)
        mentions: set[UUID] = set()
        for field, value in vars(event).items():
            if field not in _NOT_MENTIONS:
                _persons_in(value, state.persons, mentions)
        mentions.discard(principal)
        mentions.discard(subject)
        return AuditEntry(
            position=position,
            event=name,
            subject_kind=kind,
            subject=subject,
            version=getattr(event, "originator_version"),  # noqa: B009
            recorded_at=getattr(event, "timestamp"),  # noqa: B009
            occurred_on=getattr(event, "occurred_on", None),
            principal=principal,
            initiative=initiative,
            platform=platform,
            mentions=frozenset(mentions) if mentions else _NO_ONE,
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
    @_in_place
    def _person_registered(self, event: Person.Registered, draft: _Draft) -> None:
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
        draft.add(draft.persons, person)

    @apply.register(Person.ContactUpdated)
    @_in_place
    def _contact_updated(self, event: Person.ContactUpdated, draft: _Draft) -> None:
        _assign(
            draft.person(event.originator_id),
            name=event.name,
            email=event.email,
            phone=event.phone,
            title=event.title,
        )

    @apply.register(Person.Forgotten)
    @_in_place
    def _forgotten(self, event: Person.Forgotten, draft: _Draft) -> None:
        person = draft.persons.get(event.originator_id)
        if person is not None and not person.forgotten:
            draft.add(draft.persons, person.forgetting())

    @apply.register(Person.AttachedToActor)
    @_in_place
    def _attached(self, event: Person.AttachedToActor, draft: _Draft) -> None:
        _assign(draft.person(event.originator_id), initiative=event.initiative, actor=event.actor)

    @apply.register(Person.DetachedFromActor)
    @_in_place
    def _detached(self, event: Person.DetachedFromActor, draft: _Draft) -> None:
        _assign(draft.person(event.originator_id), initiative=None, actor=None)

    # --- initiative ----------------------------------------------------------------------

    @apply.register(Initiative.Founded)
    @_in_place
    def _founded(self, event: Initiative.Founded, draft: _Draft) -> None:
        initiative = InitiativeView(
            id=event.originator_id,
            name=event.name,
            common_challenge=event.common_challenge,
            state=INITIATIVE.initial,
            anchor=event.anchor,
            policies=event.policies,
            founded_on=event.occurred_on,
            last_activity_on=event.occurred_on,
        )
        draft.add(draft.initiatives, initiative)

    @apply.register(Initiative.EstablishmentWorkshopHeld)
    @_in_place
    def _workshop_held(self, event: Initiative.EstablishmentWorkshopHeld, draft: _Draft) -> None:
        _change_initiative(draft, event, workshop_held_on=event.held_on)

    @apply.register(Initiative.CoCreationStarted)
    @_in_place
    def _co_creation_started(self, event: Initiative.CoCreationStarted, draft: _Draft) -> None:
        _change_initiative(
            draft, event, state=event.state, co_creation_started_on=event.occurred_on
        )

    @apply.register(Initiative.Concluded)
    @_in_place
    def _concluded(self, event: Initiative.Concluded, draft: _Draft) -> None:
        _change_initiative(draft, event, state=event.state, concluded_on=event.occurred_on)

    @apply.register(Initiative.AnchorHandedOver)
    @_in_place
    def _anchor_handed_over(self, event: Initiative.AnchorHandedOver, draft: _Draft) -> None:
        _change_initiative(draft, event, anchor=event.to_person)

    @apply.register(Initiative.ActorRegistered)
    @_in_place
    def _actor_registered(self, event: Initiative.ActorRegistered, draft: _Draft) -> None:
        draft.initiative(event.originator_id).actors[event.actor.id] = event.actor

    @apply.register(Initiative.PlatformRegistered)
    @_in_place
    def _platform_registered(self, event: Initiative.PlatformRegistered, draft: _Draft) -> None:
        initiative = draft.initiative(event.originator_id)
        _assign(initiative, platforms=initiative.platforms | {event.platform})

    @apply.register(Initiative.RippleRecorded)
    @_in_place
    def _initiative_ripple(self, event: Initiative.RippleRecorded, draft: _Draft) -> None:
        entry = RippleEntry(event.ripple, event.occurred_on, event.principal)
        draft.initiative(event.originator_id).ripples[event.ripple.key] = entry

    @apply.register(Initiative.BackingRecorded)
    @_in_place
    def _backing_recorded(self, event: Initiative.BackingRecorded, draft: _Draft) -> None:
        draft.initiative(event.originator_id).backing[event.actor] = event.backing

    @apply.register(Initiative.PoliciesChanged)
    @_in_place
    def _policies_changed(self, event: Initiative.PoliciesChanged, draft: _Draft) -> None:
        _change_initiative(draft, event, policies=event.policies)

    # --- platform: establishing and focus ------------------------------------------------

    @apply.register(Platform.Established)
    @_in_place
    def _established(self, event: Platform.Established, draft: _Draft) -> None:
        platform = PlatformView(
            id=event.originator_id,
            initiative=event.initiative,
            name=event.name,
            state=PLATFORM.initial,
            established_on=event.occurred_on,
            last_activity_on=event.occurred_on,
            actors=event.actors,
            pending_onboarding=event.pending_onboarding,
            coordinator_missing_since=event.occurred_on,
            actor_since=dict.fromkeys(event.actors, event.occurred_on),
        )
        draft.add(draft.platforms, platform)

    @apply.register(Platform.ActorOnboarded)
    @_in_place
    def _onboarded(self, event: Platform.ActorOnboarded, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        _change_platform(
            draft, event, pending_onboarding=platform.pending_onboarding - {event.actor}
        )

    @apply.register(Platform.FirstMeetingHeld)
    @_in_place
    def _first_meeting(self, event: Platform.FirstMeetingHeld, draft: _Draft) -> None:
        _change_platform(
            draft,
            event,
            state=event.state,
            focus=event.focus,
            contributions=event.contributions,
            first_meeting_on=event.occurred_on,
            first_meeting=event.meeting,
            last_meeting_on=event.occurred_on,
        )

    # --- platform: goals (Card 5) --------------------------------------------------------

    @apply.register(Platform.GoalsSet)
    @_in_place
    def _goals_set(self, event: Platform.GoalsSet, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        platform.goals.update(
            (g.key, GoalEntry(goal=g, set_on=event.occurred_on)) for g in event.goals
        )
        _change_platform(draft, event, state=event.state)

    @apply.register(Platform.GoalAdded)
    @_in_place
    def _goal_added(self, event: Platform.GoalAdded, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        platform.goals[event.goal.key] = GoalEntry(goal=event.goal, set_on=event.occurred_on)
        _change_platform(draft, event, state=event.state)

    @apply.register(Platform.BaselineDescribed)
    @_in_place
    def _baseline(self, event: Platform.BaselineDescribed, draft: _Draft) -> None:
        _change_goal(
            draft,
            event,
            event.goal,
            {"state": event.state},
            baseline=event.baseline,
            baselined_on=event.occurred_on,
        )

    @apply.register(Platform.GoalProgressRecorded)
    @_in_place
    def _progress(self, event: Platform.GoalProgressRecorded, draft: _Draft) -> None:
        goal = draft.platforms[event.originator_id].goals[event.goal]
        _change_goal(
            draft,
            event,
            event.goal,
            {},
            progress=(*goal.progress, event.progress),
        )

    @apply.register(Platform.GoalReached)
    @_in_place
    def _reached(self, event: Platform.GoalReached, draft: _Draft) -> None:
        _change_goal(
            draft,
            event,
            event.goal,
            {},
            status=GoalStatus.REACHED,
            reached_on=event.occurred_on,
        )

    @apply.register(Platform.GoalRevised)
    @_in_place
    def _revised(self, event: Platform.GoalRevised, draft: _Draft) -> None:
        _change_goal(draft, event, event.goal.key, {}, goal=event.goal)

    @apply.register(Platform.GoalDropped)
    @_in_place
    def _dropped(self, event: Platform.GoalDropped, draft: _Draft) -> None:
        _change_goal(
            draft,
            event,
            event.goal,
            {"state": event.state},
            status=GoalStatus.DROPPED,
            dropped_on=event.occurred_on,
            drop_reason=event.reason,
        )

    # --- platform: standby, resume, close, merge (Card 4) --------------------------------

    @apply.register(Platform.PutOnStandby)
    @_in_place
    def _standby(self, event: Platform.PutOnStandby, draft: _Draft) -> None:
        _change_platform(
            draft,
            event,
            state=event.state,
            standby_from=event.left,
            standby_since=event.occurred_on,
            standby_reason=event.reason,
            standby_review_on=event.review_on,
            aftercare=event.aftercare,
        )

    @apply.register(Platform.Resumed)
    @_in_place
    def _resumed(self, event: Platform.Resumed, draft: _Draft) -> None:
        _change_platform(
            draft,
            event,
            state=event.state,
            standby_from=None,
            standby_since=None,
            standby_reason=None,
            standby_review_on=None,
        )

    @apply.register(Platform.Closed)
    @_in_place
    def _closed(self, event: Platform.Closed, draft: _Draft) -> None:
        _change_platform(
            draft,
            event,
            state=event.state,
            closure_reason=event.reason,
            aftercare=event.aftercare,
            ended_on=event.occurred_on,
        )

    @apply.register(Platform.Merged)
    @_in_place
    def _merged(self, event: Platform.Merged, draft: _Draft) -> None:
        _change_platform(
            draft, event, state=event.state, merged_into=event.into, ended_on=event.occurred_on
        )

    @apply.register(Platform.Absorbed)
    @_in_place
    def _absorbed(self, event: Platform.Absorbed, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        joined = dict.fromkeys(event.actors, event.occurred_on)
        _change_platform(
            draft,
            event,
            actors=platform.actors | event.actors,
            actor_since={**joined, **platform.actor_since},
            absorbed=platform.absorbed | {event.source},
        )

    # --- platform: actors and coordinator ------------------------------------------------

    @apply.register(Platform.ActorJoined)
    @_in_place
    def _joined(self, event: Platform.ActorJoined, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        pending = platform.pending_onboarding | ({event.actor} if event.needs_onboarding else set())
        _change_platform(
            draft,
            event,
            actors=platform.actors | {event.actor},
            pending_onboarding=pending,
            actor_since={event.actor: event.occurred_on, **platform.actor_since},
        )

    @apply.register(Platform.ActorLeft)
    @_in_place
    def _left(self, event: Platform.ActorLeft, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        changes: dict[str, Any] = {
            "actors": platform.actors - {event.actor},
            "pending_onboarding": platform.pending_onboarding - {event.actor},
        }
        if event.coordinator_left:
            changes.update(coordinator=None, coordinator_missing_since=event.occurred_on)
        _change_platform(draft, event, **changes)

    @apply.register(Platform.ActorReplaced)
    @_in_place
    def _replaced(self, event: Platform.ActorReplaced, draft: _Draft) -> None:
        platform = draft.platform(event.originator_id)
        pending = platform.pending_onboarding - {event.old}
        changes: dict[str, Any] = {
            "actors": (platform.actors - {event.old}) | {event.new},
            "pending_onboarding": pending | ({event.new} if event.needs_onboarding else set()),
            "actor_since": {event.new: event.occurred_on, **platform.actor_since},
        }
        if event.coordinator_left:
            changes.update(coordinator=None, coordinator_missing_since=event.occurred_on)
        _change_platform(draft, event, **changes)

    @apply.register(Platform.CoordinatorChosen)
    @_in_place
    def _coordinator(self, event: Platform.CoordinatorChosen, draft: _Draft) -> None:
        _change_platform(
            draft, event, coordinator=event.coordinator, coordinator_missing_since=None
        )

    # --- platform: ripples (Card 6) ------------------------------------------------------

    @apply.register(Platform.RippleRecorded)
    @_in_place
    def _platform_ripple(self, event: Platform.RippleRecorded, draft: _Draft) -> None:
        entry = RippleEntry(event.ripple, event.occurred_on, event.principal)
        draft.platform(event.originator_id).ripples[event.ripple.key] = entry
        _change_platform(draft, event)

    # --- platform: meetings, reality checks, sparring (Cards 2, 4, 7) ----------------------

    @apply.register(Platform.MeetingHeld)
    @_in_place
    def _platform_meeting(self, event: Platform.MeetingHeld, draft: _Draft) -> None:
        _change_platform(draft, event, last_meeting_on=event.occurred_on)

    @apply.register(Platform.RealityCheckPerformed)
    @_in_place
    def _reality_check(self, event: Platform.RealityCheckPerformed, draft: _Draft) -> None:
        draft.platform(event.originator_id).reality_checks[event.check.key] = event.check
        _change_platform(draft, event, last_reality_check_on=event.occurred_on)

    @apply.register(Platform.SparringRequested)
    @_in_place
    def _sparring_requested(self, event: Platform.SparringRequested, draft: _Draft) -> None:
        draft.platform(event.originator_id).sparring[event.sparring.key] = event.sparring

    @apply.register(Platform.SparringGiven)
    @_in_place
    def _sparring_given(self, event: Platform.SparringGiven, draft: _Draft) -> None:
        sparring = draft.platform(event.originator_id).sparring
        sparring[event.key] = attrs.evolve(
            sparring[event.key], notes=event.notes, given_on=event.occurred_on
        )

    # --- initiative: meetings, change proposals, poster (Cards 3, 7) -----------------------

    @apply.register(Initiative.CoordinatorMeetingHeld)
    @_in_place
    def _coordinator_meeting(self, event: Initiative.CoordinatorMeetingHeld, draft: _Draft) -> None:
        _change_initiative(
            draft,
            event,
            coordinator_meeting_held_on=event.first_held_on,
            last_coordinator_meeting_on=event.occurred_on,
        )

    @apply.register(Initiative.JointStatusMeetingHeld)
    @_in_place
    def _joint_status(self, event: Initiative.JointStatusMeetingHeld, draft: _Draft) -> None:
        _change_initiative(
            draft, event, last_joint_status_on=event.occurred_on, last_newsletter=event.newsletter
        )

    @apply.register(Initiative.PreMeetingHeld)
    @_in_place
    def _pre_meeting(self, event: Initiative.PreMeetingHeld, draft: _Draft) -> None:
        draft.initiative(event.originator_id).pre_meetings[event.actor] = event.occurred_on

    @apply.register(Initiative.ChangeProposed)
    @_in_place
    def _change_proposed(self, event: Initiative.ChangeProposed, draft: _Draft) -> None:
        initiative = draft.initiative(event.originator_id)
        initiative.change_proposals[event.proposal.key] = event.proposal

    @apply.register(Initiative.ChangeDeclined)
    @_in_place
    def _change_declined(self, event: Initiative.ChangeDeclined, draft: _Draft) -> None:
        proposals = draft.initiative(event.originator_id).change_proposals
        proposals[event.key] = attrs.evolve(proposals[event.key], declined_on=event.occurred_on)

    @apply.register(Initiative.PosterUpdated)
    @_in_place
    def _poster_updated(self, event: Initiative.PosterUpdated, draft: _Draft) -> None:
        _change_initiative(draft, event, poster=event.entries, poster_updated_on=event.occurred_on)

    # --- meetings ------------------------------------------------------------------------

    @apply.register(Meeting.Planned)
    @_in_place
    def _meeting_planned(self, event: Meeting.Planned, draft: _Draft) -> None:
        meeting = MeetingView(
            id=event.originator_id,
            initiative=event.initiative,
            kind=event.kind,
            state=MEETING.initial,
            planned_on=event.occurred_on,
            scheduled_on=event.scheduled_on,
            venue=event.venue,
            agenda=event.agenda,
            platform=event.platform,
            host=event.host,
            with_actor=event.with_actor,
            time=event.time,
        )
        draft.add(draft.meetings, meeting)

    @apply.register(Meeting.Invited)
    @_in_place
    def _meeting_invited(self, event: Meeting.Invited, draft: _Draft) -> None:
        _change_meeting(
            draft,
            event,
            state=event.state,
            invitees=event.invitees,
            invited_by=event.principal,
            invited_on=event.occurred_on,
            lead_days=event.lead_days,
        )

    @apply.register(Meeting.Rescheduled)
    @_in_place
    def _meeting_rescheduled(self, event: Meeting.Rescheduled, draft: _Draft) -> None:
        meeting = draft.meetings[event.originator_id]
        _change_meeting(
            draft,
            event,
            scheduled_on=event.scheduled_on,
            host=event.host,
            venue=event.venue,
            time=event.time,
            lead_days=event.lead_days,
            reschedulings=meeting.reschedulings + 1,
        )

    @apply.register(Meeting.AgendaItemAdded)
    @_in_place
    def _agenda_item(self, event: Meeting.AgendaItemAdded, draft: _Draft) -> None:
        meeting = draft.meeting(event.originator_id)
        _change_meeting(draft, event, agenda=meeting.agenda.with_item(event.item))
        meeting.added_by[event.item.key] = event.principal

    @apply.register(Meeting.OverlapReviewed)
    @_in_place
    def _overlap_reviewed(self, event: Meeting.OverlapReviewed, draft: _Draft) -> None:
        draft.meeting(event.originator_id).overlap_reviews[event.key] = event.review

    @apply.register(Meeting.PresentationRecorded)
    @_in_place
    def _presentation(self, event: Meeting.PresentationRecorded, draft: _Draft) -> None:
        draft.meeting(event.originator_id).presentations[event.platform] = event.presenter

    @apply.register(Meeting.CrossPlatformInitiativeRecorded)
    @_in_place
    def _cross_platform(
        self, event: Meeting.CrossPlatformInitiativeRecorded, draft: _Draft
    ) -> None:
        proposed = event.initiative_proposed
        draft.meeting(event.originator_id).cross_platform[proposed.key] = proposed

    @apply.register(Meeting.Cancelled)
    @_in_place
    def _meeting_cancelled(self, event: Meeting.Cancelled, draft: _Draft) -> None:
        _change_meeting(
            draft,
            event,
            state=event.state,
            cancelled_on=event.occurred_on,
            cancel_reason=event.reason,
        )

    @apply.register(Meeting.Held)
    @_in_place
    def _meeting_held(self, event: Meeting.Held, draft: _Draft) -> None:
        _change_meeting(
            draft,
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
    @_in_place
    def _newsletter_opened(self, event: Newsletter.Opened, draft: _Draft) -> None:
        newsletter = NewsletterView(
            id=event.originator_id,
            initiative=event.initiative,
            meeting=event.meeting,
            state=NEWSLETTER.initial,
            opened_on=event.occurred_on,
            platforms=event.platforms,
            previous=event.previous,
        )
        draft.add(draft.newsletters, newsletter)

    @apply.register(Newsletter.SectionSubmitted)
    @_in_place
    def _section(self, event: Newsletter.SectionSubmitted, draft: _Draft) -> None:
        newsletter = draft.newsletter(event.originator_id)
        newsletter.sections[event.section.platform] = event.section
        _change_newsletter(draft, event, state=event.state)

    @apply.register(Newsletter.Compiled)
    @_in_place
    def _compiled(self, event: Newsletter.Compiled, draft: _Draft) -> None:
        _change_newsletter(
            draft, event, state=event.state, missing=event.missing, compiled_on=event.occurred_on
        )

    @apply.register(Newsletter.Published)
    @_in_place
    def _published(self, event: Newsletter.Published, draft: _Draft) -> None:
        _change_newsletter(
            draft,
            event,
            state=event.state,
            recipients=event.recipients,
            actors=event.actors,
            published_on=event.occurred_on,
        )


# --- changing a draft in place -------------------------------------------------------------


def _change_initiative(draft: _Draft, event: Initiative.Event, /, **changes: Any) -> None:
    _assign(draft.initiative(event.originator_id), **changes)


def _change_platform(draft: _Draft, event: Platform.Event, /, **changes: Any) -> None:
    """Change the event's platform; its last activity moves on when the model counts the
    event as activity (R-PLAT-8, :func:`~cocreation_domain.model.platform.last_activity`)."""
    platform = draft.platform(event.originator_id)
    active = last_activity(event, platform.last_activity_on)
    if active != platform.last_activity_on:
        changes["last_activity_on"] = active
    _assign(platform, **changes)


def _change_goal(
    draft: _Draft,
    event: Platform.Event,
    key: str,
    platform_changes: dict[str, Any],
    /,
    **goal_changes: Any,
) -> None:
    goals = draft.platform(event.originator_id).goals
    goals[key] = attrs.evolve(goals[key], **goal_changes)
    _change_platform(draft, event, **platform_changes)


def _note_act(draft: _Draft, event: object) -> None:
    """Note a decision initiated on a platform, or a change proposed for one, with its day and
    principal on the platform (R-FLAT-5, :data:`~cocreation_domain.model.platform.DECISIONS`)."""
    if isinstance(event, Platform.Event) and type(event) in DECISIONS:
        platform, kind = draft.platform(event.originator_id), "decision"
    elif isinstance(event, Initiative.ChangeProposed):
        if event.proposal.platform not in draft.platforms:
            return
        platform, kind = draft.platform(event.proposal.platform), "proposal"
    else:
        return
    act = InitiativeAct(on=event.occurred_on, person=event.principal, kind=kind)
    _assign(platform, acts=(*platform.acts, act))


def _change_meeting(draft: _Draft, event: Meeting.Event, /, **changes: Any) -> None:
    _assign(draft.meeting(event.originator_id), **changes)


def _change_newsletter(draft: _Draft, event: Newsletter.Event, /, **changes: Any) -> None:
    _assign(draft.newsletter(event.originator_id), **changes)


_NO_ONE: frozenset[UUID] = frozenset()
"""The mentions of most events, shared: one object less per audit entry to keep and to sweep."""

_NOT_MENTIONS = frozenset({"originator_id", "originator_version", "timestamp", "principal"})
"""Event attributes that never name a person mentioned by the event."""

_PLAIN: set[type] = {str, int, float, bool, type(None), date, datetime, Decimal}
"""Types of values that never hold a person's id (grows with each such type met)."""


def _persons_in(value: object, persons: dict[UUID, PersonView], found: set[UUID]) -> None:
    """Add to ``found`` the known persons' ids anywhere inside an event's value."""
    cls = type(value)
    if cls in _PLAIN:
        return
    if isinstance(value, UUID):
        if value in persons:
            found.add(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _persons_in(key, persons, found)
            _persons_in(item, persons, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _persons_in(item, persons, found)
    else:
        names = _attrs_fields(cls)
        if not names:
            _PLAIN.add(cls)  # an enum, say: no id in it, ever
        for name in names:
            _persons_in(getattr(value, name), persons, found)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _attrs_fields(cls: type) -> tuple[str, ...]:
    """The names of an attrs class's fields; none for any other class."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = (
            tuple(f.name for f in attrs.fields(cls)) if attrs.has(cls) else ()
        )
    return names
