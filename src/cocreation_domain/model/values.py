"""Value objects and vocabularies of the domain (DOMAIN.md glossary).

Value objects are frozen attrs classes. Their validators check only shape (types), never
domain rules: stored events are decoded through these classes, and old events must still
decode after a rule changes. Domain rules live in :mod:`cocreation_domain.model.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

import attrs

__all__ = [
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


def _decimal_or_none(value: Decimal | int | float | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _voices(voices: Iterable[Voice]) -> frozenset[Voice]:
    return frozenset(voices)


def _persons(persons: Iterable[UUID]) -> frozenset[UUID]:
    return frozenset(persons)


def _beneficiaries(items: Iterable[Beneficiary | str]) -> frozenset[Beneficiary]:
    return frozenset(Beneficiary(b) for b in items)


def _progress(items: Iterable[GoalProgress]) -> tuple[GoalProgress, ...]:
    return tuple(items)


def _window(items: Iterable[int]) -> tuple[int, int]:
    low, high = items
    return (low, high)


def _percent(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    """A share in whole per cent, 1 to 99 (0 % or 100 % would make the signal meaningless)."""
    if type(value) is not int or not 0 < value < 100:
        raise ValueError(f"{attribute.name} must be a whole per cent from 1 to 99, not {value!r}")


def _at_least_one(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    """A count of meetings: a whole number, at least one."""
    if type(value) is not int or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1, not {value!r}")


def _text_or_none(value: str | None) -> str | None:
    return value or None


@attrs.frozen
class Principal:
    """Who issues a command, with the roles the application derived from history.

    The caller names only a person; ``actor`` (the actor that person represents) and
    ``is_anchor`` (anchor of the initiative concerned) are read from stored events.
    """

    person: UUID
    actor: UUID | None = None
    is_anchor: bool = False


@attrs.frozen
class ActorProfile:
    """An organisation taking part in an initiative."""

    id: UUID
    name: str
    kind: str = ""


@attrs.frozen
class Coordinator:
    """The actor convening a platform, acting through one of its persons."""

    actor: UUID
    person: UUID


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

    consenting: frozenset[Voice] = attrs.field(converter=_voices, factory=frozenset)
    objecting: frozenset[Voice] = attrs.field(converter=_voices, factory=frozenset)

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

    title: str
    kind: GoalKind = attrs.field(converter=GoalKind)
    horizon: Horizon = attrs.field(converter=Horizon)
    serves_challenge: str
    evaluation: str
    indicator: str | None = attrs.field(default=None, converter=_text_or_none)
    unit: str | None = attrs.field(default=None, converter=_text_or_none)
    target: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    argument: str | None = attrs.field(default=None, converter=_text_or_none)
    weaknesses: str | None = attrs.field(default=None, converter=_text_or_none)
    key: str = ""


@attrs.frozen
class Baseline:
    """How things stood before the work began: the yardstick for a goal."""

    description: str
    value: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    measured_on: date | None = None


@attrs.frozen
class GoalProgress:
    """An observation of progress towards a goal."""

    observation: str
    observed_on: date
    value: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)


@attrs.frozen
class Ripple:
    """An unplanned bonus effect ("ringe i vandet", Card 6).

    ``key`` (``R1``, ``R2`` …) is given when it is recorded; a correction names in
    ``corrects`` the key of the ripple it corrects (R-RIP-2).
    """

    description: str
    kind: RippleKind = attrs.field(converter=RippleKind)
    beneficiaries: frozenset[Beneficiary] = attrs.field(converter=_beneficiaries)
    observed_on: date
    corrects: str | None = None
    key: str = ""


@attrs.frozen
class Contribution:
    """What one actor brings to a platform (the *Fokus + Aktører* template)."""

    actor: UUID
    contribution: str


@attrs.frozen
class Policies:
    """The policies of one initiative (DOMAIN.md *Policies*), each overridable."""

    goals_min: int = 3
    goals_max: int = 5
    status_meeting_cadence_months: int = 6
    status_invitation_lead_days: int = 42
    coordinator_meeting_window_days: tuple[int, int] = attrs.field(
        default=(30, 61), converter=_window
    )
    first_meeting_flag_days: int = 28
    stagnation_days: int = 90
    phase6_months: tuple[int, int] = attrs.field(default=(3, 24), converter=_window)
    quorum_percent: int = 50
    # Card 1 (R-FLAT-5) and Card 4 (R-ACT-5): signals for the anchor, never blocks.
    dominance_share_percent: int = attrs.field(default=50, validator=_percent)
    """An actor holding more than this share of a platform's initiative is flagged."""
    dominance_window_meetings: int = attrs.field(default=6, validator=_at_least_one)
    """How many of a platform's last held meetings the dominance share is counted over."""
    inactive_after_meetings: int = attrs.field(default=3, validator=_at_least_one)
    """An actor absent from this many of its platform's last held meetings is flagged."""


@attrs.frozen
class GoalRecord:
    """A goal as the platform holds it: definition, status, baseline and progress."""

    goal: Goal
    status: GoalStatus = attrs.field(default=GoalStatus.CURRENT, converter=GoalStatus)
    baseline: Baseline | None = None
    progress: tuple[GoalProgress, ...] = attrs.field(default=(), converter=_progress)

    @property
    def is_current(self) -> bool:
        """Current goals are those not dropped; reached goals still count (R-GOAL-1)."""
        return self.status is not GoalStatus.DROPPED


@attrs.frozen
class Consent:
    """What a caller brings to a platform decision: the persons who consented and objected.

    The application reads which actor each person represents and records a :class:`Decision`.
    """

    consenting: frozenset[UUID] = attrs.field(converter=_persons, factory=frozenset)
    objecting: frozenset[UUID] = attrs.field(converter=_persons, factory=frozenset)


# --- meetings, reality checks and newsletters (Cards 2, 3, 7, 8) ---------------------------


def _uuids(items: Iterable[UUID]) -> frozenset[UUID]:
    return frozenset(items)


def _keys(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items)


def _agenda_items(items: Iterable[AgendaItem]) -> tuple[AgendaItem, ...]:
    return tuple(items)


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


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

    place: str = ""
    room_booked: bool = False


@attrs.frozen
class GuestTalk:
    """A talk by a relevant speaker at a joint status meeting (Card 7, R-MEET-6).

    The speaker is a registered person (by id: personal data stays in person events).
    """

    speaker: UUID
    topic: str
    organisation: str = ""
    """Where the speaker comes from, as the newsletter names it (R-NEWS-5); may be empty."""


@attrs.frozen
class AgendaItem:
    """One point of a meeting's agenda, in English and Danish.

    ``key`` names the point (``premises``, ``rules_of_play`` …) so rules can ask whether an
    agenda covers it, whatever the wording.
    """

    key: str
    en: str = ""
    da: str = ""
    guest_talk: GuestTalk | None = None

    def text(self, language: str = "en") -> str:
        """The point in ``language`` (``"en"`` or ``"da"``), or in the other one if missing."""
        first, second = (self.da, self.en) if language == "da" else (self.en, self.da)
        return first or second


@attrs.frozen
class Agenda:
    """A meeting's agenda: its points in order."""

    items: tuple[AgendaItem, ...] = attrs.field(converter=_agenda_items, default=())

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

    summary: str = ""
    decisions: tuple[str, ...] = attrs.field(converter=_texts, default=())


@attrs.frozen
class Readiness:
    """The readiness gate of a joint status meeting (R-MEET-5, R-ACT-3).

    ``missing_reality_checks``: open, non-standby platforms without a reality check since the
    previous joint status meeting. ``missing_pre_meetings``: actors new since then without a
    pre-meeting with the anchor.
    """

    missing_reality_checks: frozenset[UUID] = attrs.field(converter=_uuids, factory=frozenset)
    missing_pre_meetings: frozenset[UUID] = attrs.field(converter=_uuids, factory=frozenset)

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

    progress: str
    challenges: str
    needs_sparring: bool
    horizon: str
    recommendation: Recommendation = attrs.field(converter=Recommendation)
    key: str = ""
    performed_on: date | None = None


@attrs.frozen
class Sparring:
    """A platform's request for the anchor's advice, and the answer once given."""

    key: str
    topic: str
    requested_on: date
    notes: str | None = None
    given_on: date | None = None


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

    key: str
    platform: UUID
    kind: ChangeKind = attrs.field(converter=ChangeKind)
    reason: str = ""
    into: UUID | None = None
    meeting: UUID | None = None
    proposed_on: date | None = None
    declined_on: date | None = None


@attrs.frozen
class PosterEntry:
    """One platform on the initiative's poster: what it works on and which actors take part."""

    platform: UUID
    name: str
    state: str
    focus: str | None
    actors: frozenset[UUID] = attrs.field(converter=_uuids)
    coordinator: UUID | None = None


@attrs.frozen
class NewsletterSection:
    """One platform's section of a newsletter (Card 8, R-NEWS-2), by ids, keys and text.

    ``focus``, ``actors``, ``coordinator``, goal keys and ``ripples`` (keys of the platform's
    ripples since its previous section) are read from the platform when submitted;
    ``progress`` and ``hard`` are the coordinator's words.
    """

    platform: UUID
    progress: str
    hard: str
    focus: str | None = None
    actors: frozenset[UUID] = attrs.field(converter=_uuids, factory=frozenset)
    coordinator: Coordinator | None = None
    goals: frozenset[str] = attrs.field(converter=_keys, factory=frozenset)
    goals_reached: frozenset[str] = attrs.field(converter=_keys, factory=frozenset)
    ripples: frozenset[str] = attrs.field(converter=_keys, factory=frozenset)
    submitted_on: date | None = None


@attrs.frozen
class MissingSection:
    """A platform whose section the anchor compiled without, and why (R-NEWS-3)."""

    platform: UUID
    reason: str


class OverlapOutcome(_Vocabulary):
    """What an overlap review between platforms concluded (Cards 3, 7, R-MEET-7)."""

    NONE = "none"
    COORDINATE = "coordinate"
    CHANGE_PROPOSED = "change_proposed"


@attrs.frozen
class OverlapReview:
    """An overlap review recorded at a coordinator or joint status meeting (R-MEET-7): which
    platforms were compared and what came of it."""

    platforms: frozenset[UUID] = attrs.field(converter=_uuids)
    outcome: OverlapOutcome = attrs.field(converter=OverlapOutcome)
    note: str = ""


class CrossPlatformLead(_Vocabulary):
    """Where a new cross-platform initiative leads (Card 7, R-NEWS-5)."""

    NEW_PLATFORM = "new_platform"
    RIPPLE = "ripple"


@attrs.frozen
class CrossPlatformInitiative:
    """A new initiative across platforms, proposed at a joint status meeting (Card 7,
    R-NEWS-5): a proposed new platform, or a ripple on the initiative (``ripple`` names it)."""

    title: str
    description: str
    platforms: frozenset[UUID] = attrs.field(converter=_uuids)
    leads_to: CrossPlatformLead = attrs.field(converter=CrossPlatformLead)
    ripple: str | None = None
    key: str = ""


@attrs.frozen
class Backing:
    """An actor's backing from its home organisation (Card 2, R-ACT-6).

    ``given_by`` names the office that gave it (e.g. "the board of the housing association"),
    never a person: personal data stays in person events (R-PII-1).
    """

    given_by: str
    given_on: date
