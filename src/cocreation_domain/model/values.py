"""Value objects and vocabularies of the domain (DOMAIN.md glossary).

Value objects are frozen attrs classes. Their validators check each field at the boundary
(:mod:`cocreation_domain.model.checks`: kind, shape and documented range) and raise
:class:`~cocreation_domain.model.errors.InvalidInput` naming ``Class.field``; text is
stripped and numbers become ``Decimal``. They never check domain rules: stored events are
decoded through these classes, and old events must still decode after a rule changes. Domain
rules live in :mod:`cocreation_domain.model.rules`. :class:`Policies` keeps its invariants
(its own bounds, not a rule of the method).

>>> Ripple("New contact", "new_idea", {"own_platform"}, "2025-13-40")
Traceback (most recent call last):
...
cocreation_domain.model.errors.InvalidInput: Ripple.observed_on: expected a date, got '2025-13-40'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, time
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any
from uuid import UUID

import attrs

from cocreation_domain.model import checks
from cocreation_domain.model.checks import each, instance_of, optional, stripped, validator
from cocreation_domain.model.errors import InvalidInput

__all__ = [
    "DEFAULT_TIME_ZONE",
    "ActorChangeReason",
    "ActorProfile",
    "Agenda",
    "AgendaItem",
    "Backing",
    "Baseline",
    "Beneficiary",
    "ChangeKind",
    "ChangeProposal",
    "ClosureReason",
    "Consent",
    "Contribution",
    "Coordinator",
    "CrossPlatformInitiative",
    "CrossPlatformLead",
    "Decision",
    "Goal",
    "GoalKind",
    "GoalProgress",
    "GoalRecord",
    "GoalStatus",
    "GuestTalk",
    "Horizon",
    "HostTally",
    "MeetingKind",
    "MeetingTime",
    "Minutes",
    "MissingSection",
    "NewsletterSection",
    "OnboardingTopic",
    "OverlapOutcome",
    "OverlapReview",
    "Policies",
    "PosterEntry",
    "Principal",
    "Readiness",
    "RealityCheck",
    "Recommendation",
    "Ripple",
    "RippleKind",
    "Sparring",
    "Venue",
    "Voice",
]


class _Vocabulary(StrEnum):
    """A closed vocabulary whose repr is the expression naming the member, so values (and the
    attrs values holding them) print as code that pastes into a test.

    >>> GoalKind.QUANTITATIVE
    GoalKind.QUANTITATIVE
    """

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class GoalKind(_Vocabulary):
    """What sort of goal it is (Card 5)."""

    QUALITATIVE = "qualitative"
    QUANTITATIVE = "quantitative"
    HYPOTHESIS = "hypothesis"


class Horizon(_Vocabulary):
    """How far ahead a goal looks."""

    SHORT = "short"
    LONG = "long"


class GoalStatus(_Vocabulary):
    """Where a goal stands; only ``current`` and ``reached`` goals count as current goals."""

    CURRENT = "current"
    REACHED = "reached"
    DROPPED = "dropped"


class RippleKind(_Vocabulary):
    """What an unplanned bonus effect brought (Card 6)."""

    NEW_RELATIONSHIP = "new_relationship"
    NEW_IDEA = "new_idea"
    OTHER = "other"


class Beneficiary(_Vocabulary):
    """Who a ripple benefited."""

    OWN_PLATFORM = "own_platform"
    OTHER_ACTORS = "other_actors"
    OUTSIDE_INITIATIVE = "outside_initiative"


class ClosureReason(_Vocabulary):
    """Why a platform closed (Card 4)."""

    LACK_OF_PARTICIPATION = "lack_of_participation"
    GOALS_REACHED = "goals_reached"
    NO_LONGER_NEEDED = "no_longer_needed"
    OTHER = "other"


class ActorChangeReason(_Vocabulary):
    """Why an actor left or was replaced (Card 4)."""

    NOT_CONTRIBUTING = "not_contributing"
    NOT_BENEFITING = "not_benefiting"
    INACTIVE = "inactive"
    MISSING_COMPETENCE = "missing_competence"
    OTHER = "other"


class OnboardingTopic(_Vocabulary):
    """What an actor new to a platform is introduced to (R-PLAT-1)."""

    METHOD = "method"
    COMMON_CHALLENGE = "common_challenge"
    COMMON_PLATFORM = "common_platform"


# Converters never raise: they normalise what they can (text stripped, ints to Decimal, enum
# values to members, iterables to frozensets or tuples) and leave the rest to the validators,
# which raise InvalidInput naming the field.


def _decimal_or_none(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _number(value: object, parameter: str) -> Decimal:
    return checks.number(value, parameter)


def _collection(value: Any) -> Any:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    try:
        return frozenset(value)
    except TypeError:
        return value


def _sequence(value: Any) -> Any:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def _member(enum: type[Enum], value: Any) -> Any:
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except (ValueError, TypeError):
        return value


def _beneficiaries(items: Any) -> Any:
    items = _collection(items)
    if isinstance(items, frozenset):
        return frozenset(_member(Beneficiary, b) for b in items)
    return items


def _window(items: Any) -> Any:
    return _sequence(items)


def _text_or_none(value: Any) -> Any:
    value = stripped(value)
    return value or None


def _vocabulary(enum: type[Enum]) -> Callable[[object, str], Any]:
    def check(value: object, parameter: str) -> Any:
        return checks.vocabulary(value, parameter, enum)

    return check


def _frozenset_of(check: Callable[[object, str], Any], what: str) -> list[Any]:
    return [validator(instance_of(frozenset, f"a set of {what}")), each(check, what)]


def _tuple_of(check: Callable[[object, str], Any], what: str) -> list[Any]:
    return [validator(instance_of(tuple, f"a sequence of {what}")), each(check, what)]


def _is(kind: type[Any], what: str) -> Any:
    return validator(instance_of(kind, what))


def _maybe(kind: type[Any], what: str) -> Any:
    return optional(instance_of(kind, what))


def _goal_kind(value: Any) -> Any:
    return _member(GoalKind, value)


def _horizon(value: Any) -> Any:
    return _member(Horizon, value)


def _ripple_kind(value: Any) -> Any:
    return _member(RippleKind, value)


def _goal_status(value: Any) -> Any:
    return _member(GoalStatus, value)


def _recommendation(value: Any) -> Any:
    return _member(Recommendation, value)


def _overlap_outcome(value: Any) -> Any:
    return _member(OverlapOutcome, value)


def _cross_platform_lead(value: Any) -> Any:
    return _member(CrossPlatformLead, value)


def _change_kind(value: Any) -> Any:
    return _member(ChangeKind, value)


def _voice(value: object, parameter: str) -> Any:
    if not isinstance(value, Voice):
        raise InvalidInput(parameter, "a Voice", value)
    return value


_VOICE = _voice
_ID = checks.identifier
_uuid = validator(checks.identifier)
_uuid_or_none = optional(checks.identifier)
_line = validator(checks.line)
_line_or_none = optional(checks.line)
_text = validator(checks.text)
_text_or_none_v = optional(checks.text)
_day = validator(checks.day)
_day_or_none = optional(checks.day)
_flag = validator(checks.flag)
_number_or_none = optional(_number)


@attrs.frozen
class Principal:
    """Who issues a command, with the roles the application derived from history.

    Made by the application from checked arguments and stored events, never by a caller, so
    its fields are not checked again (nor are those of :class:`Voice`, :class:`Decision`,
    :class:`GoalRecord` and :class:`HostTally`, the model's own state).

    The caller names only a person; ``actor`` (the actor that person represents) and
    ``is_anchor`` (anchor of the initiative concerned) are read from stored events.
    """

    person: UUID
    actor: UUID | None = None
    is_anchor: bool = False


@attrs.frozen
class ActorProfile:
    """An organisation taking part in an initiative."""

    id: UUID = attrs.field(validator=_uuid)
    name: str = attrs.field(converter=stripped, validator=_line)
    kind: str = attrs.field(default="", converter=stripped, validator=_line)


@attrs.frozen
class Coordinator:
    """The actor convening a platform, acting through one of its persons."""

    actor: UUID = attrs.field(validator=_uuid)
    person: UUID = attrs.field(validator=_uuid)


@attrs.frozen
class Voice:
    """A person speaking in a platform decision for the actor they represent."""

    person: UUID
    actor: UUID | None


@attrs.frozen
class Decision:
    """A platform decision by consent: the voices that consented and those that objected.

    Only the actors behind the voices count (R-FLAT-1): two persons of one actor are one voice.
    """

    consenting: frozenset[Voice] = attrs.field(converter=_collection, factory=frozenset)
    objecting: frozenset[Voice] = attrs.field(converter=_collection, factory=frozenset)

    @property
    def consenting_actors(self) -> frozenset[UUID | None]:
        """The actors (one voice each) that consented."""
        return frozenset(v.actor for v in self.consenting)

    @property
    def objecting_actors(self) -> frozenset[UUID | None]:
        """The actors (one voice each) that objected."""
        return frozenset(v.actor for v in self.objecting)


@attrs.frozen
class Goal:
    """One of a platform's 3-5 goals (Card 5, the *Målsætning* template).

    ``key`` is the platform's own label (``G1``, ``G2`` …), given when the goal is set and
    stable across revisions.
    """

    title: str = attrs.field(converter=stripped, validator=_line)
    kind: GoalKind = attrs.field(converter=_goal_kind, validator=validator(_vocabulary(GoalKind)))
    horizon: Horizon = attrs.field(converter=_horizon, validator=validator(_vocabulary(Horizon)))
    serves_challenge: str = attrs.field(converter=stripped, validator=_text)
    evaluation: str = attrs.field(converter=stripped, validator=_text)
    indicator: str | None = attrs.field(
        default=None, converter=_text_or_none, validator=_text_or_none_v
    )
    unit: str | None = attrs.field(default=None, converter=_text_or_none, validator=_line_or_none)
    target: Decimal | None = attrs.field(
        default=None, converter=_decimal_or_none, validator=_number_or_none
    )
    argument: str | None = attrs.field(
        default=None, converter=_text_or_none, validator=_text_or_none_v
    )
    weaknesses: str | None = attrs.field(
        default=None, converter=_text_or_none, validator=_text_or_none_v
    )
    key: str = attrs.field(default="", converter=stripped, validator=_line)


@attrs.frozen
class Baseline:
    """How things stood before the work began: the yardstick for a goal."""

    description: str = attrs.field(converter=stripped, validator=_text)
    value: Decimal | None = attrs.field(
        default=None, converter=_decimal_or_none, validator=_number_or_none
    )
    measured_on: date | None = attrs.field(default=None, validator=_day_or_none)


@attrs.frozen
class GoalProgress:
    """An observation of progress towards a goal."""

    observation: str = attrs.field(converter=stripped, validator=_text)
    observed_on: date = attrs.field(validator=_day)
    value: Decimal | None = attrs.field(
        default=None, converter=_decimal_or_none, validator=_number_or_none
    )


@attrs.frozen
class Ripple:
    """An unplanned bonus effect ("ringe i vandet", Card 6).

    ``key`` (``R1``, ``R2`` …) is given when it is recorded; a correction names in
    ``corrects`` the key of the ripple it corrects (R-RIP-2).
    """

    description: str = attrs.field(converter=stripped, validator=_text)
    kind: RippleKind = attrs.field(
        converter=_ripple_kind, validator=validator(_vocabulary(RippleKind))
    )
    beneficiaries: frozenset[Beneficiary] = attrs.field(
        converter=_beneficiaries,
        validator=_frozenset_of(_vocabulary(Beneficiary), "beneficiaries"),
    )
    observed_on: date = attrs.field(validator=_day)
    corrects: str | None = attrs.field(
        default=None, converter=_text_or_none, validator=_line_or_none
    )
    key: str = attrs.field(default="", converter=stripped, validator=_line)


@attrs.frozen
class Contribution:
    """What one actor brings to a platform (the *Fokus + Aktører* template)."""

    actor: UUID = attrs.field(validator=_uuid)
    contribution: str = attrs.field(converter=stripped, validator=_text)


def _goal_count(value: object, parameter: str) -> int:
    return checks.whole(value, parameter, 1, 10)


def _days(value: object, parameter: str) -> int:
    return checks.whole(value, parameter, 1, MAX_POLICY_DAYS)


def _months(value: object, parameter: str) -> int:
    return checks.whole(value, parameter, 1, MAX_POLICY_MONTHS)


def _percent(value: object, parameter: str) -> int:
    return checks.whole(value, parameter, 0, 99)


def _share_percent(value: object, parameter: str) -> int:
    """A share in whole per cent, 1 to 99 (0 % or 100 % would make the signal meaningless)."""
    return checks.whole(value, parameter, 1, 99)


def _meetings(value: object, parameter: str) -> int:
    """A count of meetings: a whole number, at least one."""
    return checks.whole(value, parameter, 1, 100)


def _ordered_window(check: Callable[[object, str], int]) -> Any:
    def window(instance: object, attribute: Any, value: object) -> None:
        name = f"{type(instance).__name__}.{attribute.name}"
        if not isinstance(value, tuple) or len(value) != 2:
            raise InvalidInput(name, "a window (low, high)", value)
        low, high = (check(value[0], f"{name}[0]"), check(value[1], f"{name}[1]"))
        if low > high:
            raise InvalidInput(name, "an ordered window (low <= high)", value)

    return window


def _at_least_min(instance: Any, attribute: Any, value: int) -> None:
    if value < instance.goals_min:
        raise InvalidInput(
            f"{type(instance).__name__}.{attribute.name}",
            f"at least goals_min ({instance.goals_min})",
            value,
        )


MAX_POLICY_DAYS = 3660
"""The longest day count a policy takes (ten years)."""
MAX_POLICY_MONTHS = 120
"""The longest month count a policy takes (ten years)."""


@attrs.frozen
class Policies:
    """The policies of one initiative (DOMAIN.md *Policies*), each overridable.

    Invariants, checked whenever policies are made: ``1 <= goals_min <= goals_max <= 10``;
    ``quorum_percent`` from 0 to 99 (R-FLAT-3: a decision passes with *more than* that share
    of current actors, so 100 could never pass and 0 means at least one); every day count
    from 1 to :data:`MAX_POLICY_DAYS`, every month count from 1 to :data:`MAX_POLICY_MONTHS`;
    windows ordered (low <= high).

    >>> Policies(goals_min=4, goals_max=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cocreation_domain.model.errors.InvalidInput: Policies.goals_max: expected at least ...
    """

    goals_min: int = attrs.field(default=3, validator=validator(_goal_count))
    goals_max: int = attrs.field(default=5, validator=[validator(_goal_count), _at_least_min])
    status_meeting_cadence_months: int = attrs.field(default=6, validator=validator(_months))
    status_invitation_lead_days: int = attrs.field(default=42, validator=validator(_days))
    coordinator_meeting_window_days: tuple[int, int] = attrs.field(
        default=(30, 61), converter=_window, validator=_ordered_window(_days)
    )
    first_meeting_flag_days: int = attrs.field(default=28, validator=validator(_days))
    stagnation_days: int = attrs.field(default=90, validator=validator(_days))
    phase6_months: tuple[int, int] = attrs.field(
        default=(3, 24), converter=_window, validator=_ordered_window(_months)
    )
    quorum_percent: int = attrs.field(default=50, validator=validator(_percent))
    # Card 1 (R-FLAT-5) and Card 4 (R-ACT-5): signals for the anchor, never blocks.
    dominance_share_percent: int = attrs.field(default=50, validator=validator(_share_percent))
    """An actor holding more than this share of a platform's initiative is flagged."""
    dominance_window_meetings: int = attrs.field(default=6, validator=validator(_meetings))
    """How many of a platform's last held meetings the dominance share is counted over."""
    inactive_after_meetings: int = attrs.field(default=3, validator=validator(_meetings))
    """An actor absent from this many of its platform's last held meetings is flagged."""


@attrs.frozen
class GoalRecord:
    """A goal as the platform holds it: definition, status, baseline and progress."""

    goal: Goal
    status: GoalStatus = attrs.field(default=GoalStatus.CURRENT, converter=_goal_status)
    baseline: Baseline | None = None
    progress: tuple[GoalProgress, ...] = attrs.field(default=(), converter=_sequence)

    @property
    def is_current(self) -> bool:
        """Current goals are those not dropped; reached goals still count (R-GOAL-1)."""
        return self.status is not GoalStatus.DROPPED


@attrs.frozen
class Consent:
    """What a caller brings to a platform decision: the persons who consented and objected.

    The application reads which actor each person represents and records a :class:`Decision`.
    """

    consenting: frozenset[UUID] = attrs.field(
        converter=_collection, factory=frozenset, validator=_frozenset_of(_ID, "person ids")
    )
    objecting: frozenset[UUID] = attrs.field(
        converter=_collection, factory=frozenset, validator=_frozenset_of(_ID, "person ids")
    )


# --- meetings, reality checks and newsletters (Cards 2, 3, 7, 8) ---------------------------


_ids_v = _frozenset_of(checks.identifier, "ids")
_keys_v = _frozenset_of(checks.line, "keys")


class MeetingKind(_Vocabulary):
    """Which meeting of the method it is (DOMAIN.md *Meetings*)."""

    PLATFORM_FIRST = "platform_first"
    PLATFORM_GOAL_SETTING = "platform_goal_setting"
    PLATFORM = "platform"
    COORDINATOR = "coordinator"
    JOINT_STATUS = "joint_status"
    PRE_MEETING = "pre_meeting"

    @property
    def on_platform(self) -> bool:
        """Platform meetings are invited and held by the platform's coordinator (R-MEET-1)."""
        return self in (
            MeetingKind.PLATFORM_FIRST,
            MeetingKind.PLATFORM_GOAL_SETTING,
            MeetingKind.PLATFORM,
        )


@attrs.frozen
class Venue:
    """Where a meeting takes place and whether the room is booked (Card 2)."""

    place: str = attrs.field(default="", converter=stripped, validator=_line)
    room_booked: bool = attrs.field(default=False, validator=_flag)


DEFAULT_TIME_ZONE = "Europe/Copenhagen"
"""The time zone of a meeting whose time names none (DOMAIN.md *Policies*: meeting time zone)."""


@attrs.frozen
class MeetingTime:
    """When on its day a meeting starts, how long it lasts, and the time zone of its clock.

    ``start`` is a wall-clock time without a time zone; ``zone`` is an IANA time zone name
    (``Europe/Copenhagen`` unless given), so a meeting at 15:00 stays at 15:00 across a change
    to summer time. A meeting without a ``MeetingTime`` lasts all day (as every meeting recorded
    before times existed does). That the zone exists and the duration is positive is checked
    by the commands (:func:`cocreation_domain.model.meeting.require_meeting_time`).
    """

    start: time = attrs.field(validator=attrs.validators.instance_of(time))
    minutes: int = attrs.field(default=120, validator=attrs.validators.instance_of(int))
    zone: str = attrs.field(default=DEFAULT_TIME_ZONE, validator=attrs.validators.instance_of(str))


@attrs.frozen
class GuestTalk:
    """A talk by a relevant speaker at a joint status meeting (Card 7, R-MEET-6).

    The speaker is a registered person (by id: personal data stays in person events).
    """

    speaker: UUID = attrs.field(validator=_uuid)
    topic: str = attrs.field(converter=stripped, validator=_text)
    organisation: str = attrs.field(default="", converter=stripped, validator=_line)
    """Where the speaker comes from, as the newsletter names it (R-NEWS-5); may be empty."""


@attrs.frozen
class AgendaItem:
    """One point of a meeting's agenda, in English and Danish.

    ``key`` names the point (``premises``, ``rules_of_play`` …) so rules can ask whether an
    agenda covers it, whatever the wording.
    """

    key: str = attrs.field(converter=stripped, validator=_line)
    en: str = attrs.field(default="", converter=stripped, validator=_text)
    da: str = attrs.field(default="", converter=stripped, validator=_text)
    guest_talk: GuestTalk | None = attrs.field(
        default=None, validator=_maybe(GuestTalk, "a GuestTalk")
    )

    def text(self, language: str = "en") -> str:
        """The point in ``language`` (``"en"`` or ``"da"``), or in the other one if missing."""
        first, second = (self.da, self.en) if language == "da" else (self.en, self.da)
        return first or second


@attrs.frozen
class Agenda:
    """A meeting's agenda: its points in order."""

    items: tuple[AgendaItem, ...] = attrs.field(
        converter=_sequence,
        default=(),
        validator=_tuple_of(instance_of(AgendaItem, "an AgendaItem"), "agenda items"),
    )

    @property
    def keys(self) -> frozenset[str]:
        """The keys of every point."""
        return frozenset(item.key for item in self.items)

    def covers(self, keys: Iterable[str]) -> bool:
        """Whether every one of ``keys`` is a point of this agenda."""
        return set(keys) <= self.keys

    def with_item(self, item: AgendaItem) -> Agenda:
        """This agenda with ``item`` appended."""
        return Agenda((*self.items, item))

    def lines(self, language: str = "en") -> tuple[str, ...]:
        """The numbered points in ``language``."""
        return tuple(f"{i}. {item.text(language)}" for i, item in enumerate(self.items, 1))


@attrs.frozen
class Minutes:
    """What a held meeting recorded: a summary and the decisions taken, in order."""

    summary: str = attrs.field(default="", converter=stripped, validator=_text)
    decisions: tuple[str, ...] = attrs.field(
        converter=_sequence, default=(), validator=_tuple_of(checks.text, "decisions")
    )


@attrs.frozen
class Readiness:
    """The readiness gate of a joint status meeting (R-MEET-5, R-ACT-3).

    ``missing_reality_checks``: open, non-standby platforms without a reality check since the
    previous joint status meeting. ``missing_pre_meetings``: actors new since then without a
    pre-meeting with the anchor.
    """

    missing_reality_checks: frozenset[UUID] = attrs.field(
        converter=_collection, factory=frozenset, validator=_ids_v
    )
    missing_pre_meetings: frozenset[UUID] = attrs.field(
        converter=_collection, factory=frozenset, validator=_ids_v
    )

    @property
    def ready(self) -> bool:
        """Nothing is missing."""
        return not (self.missing_reality_checks or self.missing_pre_meetings)


@attrs.frozen
class HostTally:
    """One actor's standing in a host rotation (R-MEET-1, R-MEET-4).

    ``turns`` counts hostings in the rotation; an actor entering the rotation starts level with
    those who hosted least (see :mod:`cocreation_domain.model.hosting`).
    """

    turns: int = 0
    last_hosted_on: date | None = None


class Recommendation(_Vocabulary):
    """What a reality check recommends for the platform (Cards 4, 7)."""

    CONTINUE = "continue"
    STANDBY = "standby"
    CLOSE = "close"
    REPLACE_ACTOR = "replace_actor"
    MERGE = "merge"
    NEW_PLATFORM = "new_platform"


@attrs.frozen
class RealityCheck:
    """A platform's own look at its progress (the Phase 7 tool used in Phase 6).

    ``horizon`` is the platform's view of the time horizon of its work (free text). ``key``
    (``RC1`` …) and ``performed_on`` are given when it is recorded.
    """

    progress: str = attrs.field(converter=stripped, validator=_text)
    challenges: str = attrs.field(converter=stripped, validator=_text)
    needs_sparring: bool = attrs.field(validator=_flag)
    horizon: str = attrs.field(converter=stripped, validator=_text)
    recommendation: Recommendation = attrs.field(
        converter=_recommendation, validator=validator(_vocabulary(Recommendation))
    )
    key: str = attrs.field(default="", converter=stripped, validator=_line)
    performed_on: date | None = attrs.field(default=None, validator=_day_or_none)


@attrs.frozen
class Sparring:
    """A platform's request for the anchor's advice, and the answer once given."""

    key: str = attrs.field(converter=stripped, validator=_line)
    topic: str = attrs.field(converter=stripped, validator=_text)
    requested_on: date = attrs.field(validator=_day)
    notes: str | None = attrs.field(default=None, validator=_text_or_none_v)
    given_on: date | None = attrs.field(default=None, validator=_day_or_none)


class ChangeKind(_Vocabulary):
    """What a coordinator meeting may propose for a platform (Card 3, R-MEET-3)."""

    MERGE = "merge"
    CLOSE = "close"


@attrs.frozen
class ChangeProposal:
    """A proposed merge or closure; only a platform decision carries it out (R-MEET-3).

    ``into`` is the proposed target of a merge. ``meeting`` is the coordinator meeting it came
    from. ``declined_on`` is set when the platform decided against it.
    """

    key: str = attrs.field(converter=stripped, validator=_line)
    platform: UUID = attrs.field(validator=_uuid)
    kind: ChangeKind = attrs.field(
        converter=_change_kind, validator=validator(_vocabulary(ChangeKind))
    )
    reason: str = attrs.field(default="", converter=stripped, validator=_text)
    into: UUID | None = attrs.field(default=None, validator=_uuid_or_none)
    meeting: UUID | None = attrs.field(default=None, validator=_uuid_or_none)
    proposed_on: date | None = attrs.field(default=None, validator=_day_or_none)
    declined_on: date | None = attrs.field(default=None, validator=_day_or_none)


@attrs.frozen
class PosterEntry:
    """One platform on the initiative's poster: what it works on and which actors take part."""

    platform: UUID = attrs.field(validator=_uuid)
    name: str = attrs.field(validator=_line)
    state: str = attrs.field(validator=_line)
    focus: str | None = attrs.field(validator=_text_or_none_v)
    actors: frozenset[UUID] = attrs.field(converter=_collection, validator=_ids_v)
    coordinator: UUID | None = attrs.field(default=None, validator=_uuid_or_none)


@attrs.frozen
class NewsletterSection:
    """One platform's section of a newsletter (Card 8, R-NEWS-2), by ids, keys and text.

    ``focus``, ``actors``, ``coordinator``, goal keys and ``ripples`` (keys of the platform's
    ripples since its previous section) are read from the platform when submitted;
    ``progress`` and ``hard`` are the coordinator's words.
    """

    platform: UUID = attrs.field(validator=_uuid)
    progress: str = attrs.field(converter=stripped, validator=_text)
    hard: str = attrs.field(converter=stripped, validator=_text)
    focus: str | None = attrs.field(default=None, validator=_text_or_none_v)
    actors: frozenset[UUID] = attrs.field(
        converter=_collection, factory=frozenset, validator=_ids_v
    )
    coordinator: Coordinator | None = attrs.field(
        default=None, validator=_maybe(Coordinator, "a Coordinator")
    )
    goals: frozenset[str] = attrs.field(converter=_collection, factory=frozenset, validator=_keys_v)
    goals_reached: frozenset[str] = attrs.field(
        converter=_collection, factory=frozenset, validator=_keys_v
    )
    ripples: frozenset[str] = attrs.field(
        converter=_collection, factory=frozenset, validator=_keys_v
    )
    submitted_on: date | None = attrs.field(default=None, validator=_day_or_none)


@attrs.frozen
class MissingSection:
    """A platform whose section the anchor compiled without, and why (R-NEWS-3)."""

    platform: UUID = attrs.field(validator=_uuid)
    reason: str = attrs.field(converter=stripped, validator=_text)


class OverlapOutcome(_Vocabulary):
    """What an overlap review between platforms concluded (Cards 3, 7, R-MEET-7)."""

    NONE = "none"
    COORDINATE = "coordinate"
    CHANGE_PROPOSED = "change_proposed"


@attrs.frozen
class OverlapReview:
    """An overlap review recorded at a coordinator or joint status meeting (R-MEET-7): which
    platforms were compared and what came of it."""

    platforms: frozenset[UUID] = attrs.field(converter=_collection, validator=_ids_v)
    outcome: OverlapOutcome = attrs.field(
        converter=_overlap_outcome, validator=validator(_vocabulary(OverlapOutcome))
    )
    note: str = attrs.field(default="", converter=stripped, validator=_text)


class CrossPlatformLead(_Vocabulary):
    """Where a new cross-platform initiative leads (Card 7, R-NEWS-5)."""

    NEW_PLATFORM = "new_platform"
    RIPPLE = "ripple"


@attrs.frozen
class CrossPlatformInitiative:
    """A new initiative across platforms, proposed at a joint status meeting (Card 7,
    R-NEWS-5): a proposed new platform, or a ripple on the initiative (``ripple`` names it)."""

    title: str = attrs.field(converter=stripped, validator=_line)
    description: str = attrs.field(converter=stripped, validator=_text)
    platforms: frozenset[UUID] = attrs.field(converter=_collection, validator=_ids_v)
    leads_to: CrossPlatformLead = attrs.field(
        converter=_cross_platform_lead, validator=validator(_vocabulary(CrossPlatformLead))
    )
    ripple: str | None = attrs.field(default=None, validator=_line_or_none)
    key: str = attrs.field(default="", validator=_line)


@attrs.frozen
class Backing:
    """An actor's backing from its home organisation (Card 2, R-ACT-6).

    ``given_by`` names the office that gave it (e.g. "the board of the housing association"),
    never a person: personal data stays in person events (R-PII-1).
    """

    given_by: str = attrs.field(converter=stripped, validator=_line)
    given_on: date = attrs.field(validator=_day)
