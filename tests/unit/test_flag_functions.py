"""The card signals of model/flags.py on plain facts, at their edges (issue 15.7).

Each function is called with small hand-made facts (the protocols of ``model/facts.py``), so a
test can put a day on a boundary, a platform in another initiative or an actor without a
joining day exactly where the rule draws its line. These cases were left open by a mutmut run:
the application-level tests of ``test_cards.py`` reach the functions, but not these edges.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, cast
from uuid import UUID

import attrs
import pytest

from cocreation_domain import Beneficiary, NotFound, Ripple, RippleKind
from cocreation_domain.model.facts import InitiativeFacts, MeetingFacts, PlatformFacts
from cocreation_domain.model.flags import (
    dominant_actor,
    held_platform_meetings,
    inactive_actors,
    initiative_shares,
    missing_backing,
    missing_presentations,
    overlap_review_missing,
)
from cocreation_domain.model.lifecycles import PLATFORM_OPEN, MeetingState, PlatformState
from cocreation_domain.model.rules import KeyRange, keyed_ripple
from cocreation_domain.model.values import (
    Backing,
    Coordinator,
    MeetingKind,
    NewsletterSection,
    Policies,
)

START = date(2025, 3, 3)
INITIATIVE = UUID(int=1000)
PLATFORM = UUID(int=2000)


def day(n: int) -> date:
    """The ``n``-th day after the start of these histories."""
    return START + timedelta(days=n)


def uid(n: int) -> UUID:
    """A readable id; ids sort by their number."""
    return UUID(int=n)


@attrs.frozen
class Meeting:
    """Meeting facts: a held platform meeting unless told otherwise."""

    id: UUID
    held_on: date | None = None
    scheduled_on: date = START
    state: str = MeetingState.HELD
    kind: MeetingKind = MeetingKind.PLATFORM
    platform: UUID | None = PLATFORM
    initiative: UUID = INITIATIVE
    host: UUID | None = None
    attendance: frozenset[UUID] = frozenset()
    added_by: Mapping[str, UUID] = attrs.field(factory=dict)
    overlap_reviews: Mapping[str, Any] = attrs.field(factory=dict)
    presentations: Mapping[Any, UUID] = attrs.field(factory=dict)


@attrs.frozen
class Platform:
    """Platform facts: an active platform of the initiative unless told otherwise."""

    actors: frozenset[UUID]
    actor_since: Mapping[Any, date] = attrs.field(factory=dict)
    id: UUID = PLATFORM
    initiative: UUID = INITIATIVE
    state: str = PlatformState.ACTIVE
    first_meeting: UUID | None = None
    established_on: date = START

    @property
    def is_open(self) -> bool:
        """Neither closed nor merged."""
        return self.state in PLATFORM_OPEN


@attrs.frozen
class Initiative:
    """Initiative facts: what missing_backing reads."""

    backing: Mapping[Any, Backing]
    id: UUID = INITIATIVE


@attrs.frozen
class Newsletter:
    """Newsletter facts: the sections submitted, by platform."""

    sections: Mapping[Any, NewsletterSection]


def meetings(*facts: Meeting) -> list[MeetingFacts]:
    """Hand-made meetings as the protocol the flags read."""
    return [cast(MeetingFacts, m) for m in facts]


def platform(**facts: Any) -> PlatformFacts:
    """A hand-made platform as the protocol the flags read."""
    return cast(PlatformFacts, Platform(**facts))


def section(platform: UUID, person: UUID | None, on: date | None) -> NewsletterSection:
    """A newsletter section for ``platform`` submitted by ``person`` as coordinator on ``on``."""
    coordinator = None if person is None else Coordinator(uid(999), person)
    return NewsletterSection(platform, "on track", "none", coordinator=coordinator, submitted_on=on)


class TestHeldPlatformMeetings:
    """R-FLAT-5, R-ACT-5: the window counts the platform's held meetings, oldest held first."""

    def test_r_act_5_meetings_are_ordered_by_the_day_they_were_held(self) -> None:
        """R-ACT-5: a meeting held later than one scheduled after it comes after it."""
        postponed = Meeting(uid(1), scheduled_on=day(0), held_on=day(20))
        prompt = Meeting(uid(2), scheduled_on=day(5), held_on=day(6))
        held = held_platform_meetings(platform(actors=frozenset()), meetings(postponed, prompt))
        assert [m.id for m in held] == [uid(2), uid(1)]

    def test_r_act_5_meetings_held_the_same_day_are_ordered_by_id(self) -> None:
        """R-ACT-5: two meetings held on one day keep one order, by id, whatever order they
        are given in."""
        second, first = Meeting(uid(2), held_on=day(3)), Meeting(uid(1), held_on=day(3))
        held = held_platform_meetings(platform(actors=frozenset()), meetings(second, first))
        assert [m.id for m in held] == [uid(1), uid(2)]


A, B, C, OUTSIDER = uid(1), uid(2), uid(3), uid(4)
PERSON_OF = {A: uid(11), B: uid(12), C: uid(13), OUTSIDER: uid(14)}
ACTOR_OF = {person: actor for actor, person in PERSON_OF.items()}
OTHER_PLATFORM = uid(2001)


def actor_of(person: UUID) -> UUID | None:
    """The actor a person represents (the anchor, ``uid(10)``, represents none)."""
    return ACTOR_OF.get(person)


class TestInitiativeShares:
    """R-FLAT-5: the shares count what was done within the window's span of held days."""

    WINDOW = (
        Meeting(uid(101), scheduled_on=day(0), held_on=day(2), host=A),
        Meeting(uid(102), scheduled_on=day(5), held_on=day(10), host=B),
    )
    POLICIES = Policies(dominance_window_meetings=2, dominance_share_percent=30)

    def shares(self, **counted: Any) -> dict[UUID, Fraction]:
        """The shares of A, B and C over the two-meeting window, with ``counted`` acts."""
        return initiative_shares(
            platform(actors=frozenset({A, B, C})),
            meetings(*self.WINDOW),
            actor_of,
            self.POLICIES,
            **counted,
        )

    def test_r_flat_5_acts_count_from_the_first_held_day_to_the_last(self) -> None:
        """R-FLAT-5: acts on the first and last held day count, and between them even while
        the last meeting was postponed; acts before the first meeting was held (though after
        it was scheduled) or after the last do not."""
        c = PERSON_OF[C]
        acts = [(day(1), c), (day(2), c), (day(7), c), (day(10), c), (day(11), c)]
        assert self.shares(acts=acts) == {A: Fraction(1, 5), B: Fraction(1, 5), C: Fraction(3, 5)}

    def test_r_flat_5_acts_of_persons_of_no_current_actor_do_not_count(self) -> None:
        """R-FLAT-5: the anchor (no actor) and a person of an actor not on the platform take no
        share."""
        acts = [(day(3), uid(10)), (day(3), PERSON_OF[OUTSIDER]), (day(3), PERSON_OF[C])]
        assert self.shares(acts=acts) == {A: Fraction(1, 3), B: Fraction(1, 3), C: Fraction(1, 3)}

    def test_r_flat_5_only_this_platform_s_submitted_sections_count(self) -> None:
        """R-FLAT-5: sections of this platform submitted on the first and last held day count
        for the coordinator's actor; another platform's section, a section without a
        coordinator, one not submitted or one submitted after the window do not."""
        c = PERSON_OF[C]
        letter = Newsletter(
            {
                "1": section(PLATFORM, c, day(2)),
                "2": section(PLATFORM, c, day(10)),
                "3": section(OTHER_PLATFORM, PERSON_OF[A], day(5)),
                "4": section(PLATFORM, None, day(5)),
                "5": section(PLATFORM, c, None),
                "6": section(PLATFORM, c, day(11)),
            }
        )
        shares = self.shares(newsletters=[letter])
        assert shares == {A: Fraction(1, 4), B: Fraction(1, 4), C: Fraction(2, 4)}

    def test_r_flat_5_the_actor_with_the_largest_share_is_dominant(self) -> None:
        """R-FLAT-5: when two actors are over the policy's share, the larger is named."""
        acts = [(day(3), PERSON_OF[C])] * 3 + [(day(3), PERSON_OF[A])]
        assert self.shares(acts=acts) == {A: Fraction(2, 6), B: Fraction(1, 6), C: Fraction(3, 6)}
        found = dominant_actor(
            platform(actors=frozenset({A, B, C})),
            meetings(*self.WINDOW),
            actor_of,
            self.POLICIES,
            acts=acts,
        )
        assert found == (C, day(10))


class TestInactiveActors:
    """R-ACT-5: an actor absent from each of the last meetings, and there for all of them."""

    def test_r_act_5_who_was_on_the_platform_for_the_whole_window(self) -> None:
        """R-ACT-5: absent actors who joined by the first window meeting's day (or whose
        joining day is unknown) are flagged on the last one's day; an actor who joined after
        the first, or who attended one, is not."""
        early, on_the_day, late, unknown, present = uid(1), uid(2), uid(3), uid(4), uid(5)
        facts = platform(
            actors=frozenset({early, on_the_day, late, unknown, present}),
            actor_since={
                str(early): day(0),
                str(on_the_day): day(2),
                str(late): day(5),
                str(present): day(0),
            },
        )
        window = meetings(
            Meeting(uid(101), held_on=day(2)),
            Meeting(uid(102), held_on=day(10), attendance=frozenset({present})),
        )
        found = inactive_actors(facts, window, Policies(inactive_after_meetings=2))
        assert found == {early: day(10), on_the_day: day(10), unknown: day(10)}


class TestMissingBacking:
    """R-ACT-6: actors of the initiative's open platforms past their first meeting."""

    def test_r_act_6_each_actor_is_due_from_its_earliest_first_meeting(self) -> None:
        """R-ACT-6: an actor is due from the earliest first meeting it sat in, or from the day
        it joined when later (from the meeting when its day is unknown); backed actors,
        platforms of another initiative, closed ones and ones before their first meeting do
        not count; the actors are listed by id."""
        x, joined_late, unknown, backed, foreign, closed, waiting = (
            uid(n) for n in range(9, 2, -1)
        )
        held = meetings(
            Meeting(uid(101), held_on=day(10)),
            Meeting(uid(102), held_on=day(4)),
            Meeting(uid(103), held_on=day(1)),
            Meeting(uid(104), held_on=day(1)),
            Meeting(uid(105), state=MeetingState.INVITED),
        )
        platforms = [
            platform(id=uid(202), actors=frozenset({x}), first_meeting=uid(102), actor_since={}),
            platform(
                id=uid(201),
                actors=frozenset({x, joined_late, unknown, backed}),
                first_meeting=uid(101),
                actor_since={str(x): day(0), str(joined_late): day(15), str(backed): day(0)},
            ),
            platform(
                id=uid(203),
                initiative=uid(1001),
                actors=frozenset({foreign}),
                first_meeting=uid(103),
            ),
            platform(
                id=uid(204),
                state=PlatformState.CLOSED,
                actors=frozenset({closed}),
                first_meeting=uid(104),
            ),
            platform(id=uid(205), actors=frozenset({waiting}), first_meeting=uid(105)),
        ]
        initiative = Initiative({str(backed): Backing("the board", day(0))})
        due = missing_backing(cast(InitiativeFacts, initiative), platforms, held)
        assert list(due.items()) == [(unknown, day(10)), (joined_late, day(15)), (x, day(4))]


class TestReviewedPlatforms:
    """R-MEET-7, R-MEET-8: a held meeting reviews the open platforms of its initiative
    established by the day it was held."""

    HELD_ON = day(10)
    OWN = platform(id=uid(201), actors=frozenset(), established_on=day(0))
    SAME_DAY = platform(id=uid(202), actors=frozenset(), established_on=day(10))
    LATER = platform(id=uid(206), actors=frozenset(), established_on=day(11))
    FOREIGN = platform(id=uid(203), initiative=uid(1001), actors=frozenset())
    CLOSED = platform(id=uid(204), state=PlatformState.CLOSED, actors=frozenset())

    def coordinator_meeting(self, **facts: Any) -> MeetingFacts:
        """A coordinator meeting of the initiative held on day 10."""
        held = Meeting(
            uid(100), held_on=self.HELD_ON, kind=MeetingKind.COORDINATOR, platform=None, **facts
        )
        return cast(MeetingFacts, held)

    def test_r_meet_8_presentations_are_owed_by_the_reviewed_platforms_only(self) -> None:
        """R-MEET-8: a platform established on the meeting's day owes a presentation; one
        presented, one established later, another initiative's and a closed one do not."""
        meeting = self.coordinator_meeting(presentations={str(uid(201)): uid(11)})
        others = [self.LATER, self.FOREIGN, self.CLOSED]
        assert missing_presentations(meeting, [self.OWN, self.SAME_DAY, *others]) == (uid(202),)

    def test_r_meet_7_one_reviewed_platform_needs_no_overlap_review(self) -> None:
        """R-MEET-7: another initiative's platform and a closed one are not compared, so one
        platform of its own owes no review; with a second, established that day, it does."""
        meeting = self.coordinator_meeting()
        assert overlap_review_missing(meeting, [self.OWN, self.FOREIGN, self.CLOSED]) is None
        assert overlap_review_missing(meeting, [self.OWN, self.SAME_DAY]) == self.HELD_ON


class TestRippleKeys:
    """R-RIP-2: a correction names the key of a ripple recorded before it."""

    @pytest.mark.parametrize("corrects", ["R0", "R01", "R3", "S1", "R", "r1"])
    def test_r_rip_2_a_key_never_handed_out_is_not_found(self, corrects: str) -> None:
        """R-RIP-2: after R1 and R2, a correction of R0, R01, R3, S1, R or r1 is refused."""
        ripple = Ripple(
            "a hall shared", RippleKind.OTHER, {Beneficiary.OTHER_ACTORS}, day(0), corrects=corrects
        )
        with pytest.raises(NotFound):
            keyed_ripple(ripple, KeyRange("R", 2))

    def test_r_rip_2_a_recorded_key_is_corrected(self) -> None:
        """R-RIP-2: a correction of R2 after R1 and R2 is recorded as R3."""
        ripple = Ripple(
            "a hall shared", RippleKind.OTHER, {Beneficiary.OTHER_ACTORS}, day(0), corrects="R2"
        )
        assert keyed_ripple(ripple, KeyRange("R", 2)).key == "R3"

    @pytest.mark.parametrize("thing", [None, 1, uid(1), ("R", 1)])
    def test_r_rip_2_only_text_can_be_a_key(self, thing: object) -> None:
        """R-RIP-2: the keys handed out are text; nothing else is one of them."""
        assert thing not in KeyRange("R", 2)
