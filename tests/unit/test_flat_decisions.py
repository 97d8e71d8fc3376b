"""Flat decisions as properties (Card 1): R-FLAT-1, R-FLAT-2, R-FLAT-3.

The decisions are drawn by the public strategies of ``cocreation_domain.testing.strategies``
for a verdict (passes, misses the quorum, meets an objection, carries a stranger's voice), so
every property is checked on decisions that pass as often as on decisions that fail, both on
the model's ``tally`` and through the application.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import (
    CoCreation,
    Consent,
    Decision,
    DomainError,
    Policies,
    RuleViolation,
    Voice,
    tally,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.strategies import (
    VERDICTS,
    Verdict,
    consents,
    decisions,
    needed_for,
)

POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}

current_actors = st.frozensets(st.uuids(), min_size=1, max_size=6)
quorums = st.integers(min_value=0, max_value=99)
verdicts = st.sampled_from(VERDICTS)
DECIDED: tuple[Verdict, ...] = ("passes", "no_quorum", "objection")
"""The verdicts of decisions taken by current actors only."""


def counted(decision: Decision, actors: frozenset[UUID], quorum: int) -> object:
    """What the tally makes of ``decision``: its outcome, or the rule refusing it."""
    try:
        outcome = tally(decision, actors, quorum)
    except RuleViolation as refused:
        return refused.rule
    return (outcome.passes, outcome.consenting, outcome.objecting, outcome.needed)


def passes(decision: Decision, actors: frozenset[UUID], quorum: int) -> bool | str:
    """Whether ``decision`` passes, or the rule refusing to count it."""
    try:
        return tally(decision, actors, quorum).passes
    except RuleViolation as refused:
        return refused.rule


def outcome(command: Callable[[], object]) -> str:
    """``"accepted"``, or the rule id (else the error class) the application refused with."""
    try:
        command()
    except RuleViolation as refused:
        return refused.rule
    except DomainError as refused:
        return type(refused).__name__
    return "accepted"


def expected_outcome(verdict: Verdict, consent: Consent) -> str:
    """How a change of R-FLAT-4 with ``consent`` drawn for ``verdict`` ends."""
    if verdict == "passes":
        return "accepted"
    if not (consent.consenting or consent.objecting):
        return "R-FLAT-4"  # nobody spoke: no decision at all
    return "R-FLAT-3"


def standby(s: Scenario, platform: UUID, by: UUID, consent: Consent) -> str:
    """Try to put ``platform`` on standby with ``consent``; the outcome."""
    return outcome(
        lambda: s.app.put_on_standby(
            by, platform, "awaiting the council", "the anchor follows up", consent, on=s.today
        )
    )


def with_representatives(s: Scenario, extra: Mapping[UUID, int]) -> dict[UUID, list[UUID]]:
    """Every actor's persons: its first representative and ``extra[actor]`` more."""
    return {
        a: [
            s.person_of(a),
            *(
                s.app.register_person(
                    f"Rep {i + 2}", by=s.anchor, initiative=s.initiative, actor=a, on=s.today
                )
                for i in range(extra.get(a, 0))
            ),
        ]
        for a in s.actors
    }


class TestOneVoicePerActor:
    """R-FLAT-1: "Every current actor of a platform has exactly one equal voice in platform
    decisions, whatever the size of its organisation and however many of its persons are
    present." """

    @given(actors=current_actors, quorum=quorums, verdict=verdicts, data=st.data())
    def test_r_flat_1_more_representatives_never_change_the_tally(
        self, actors: frozenset[UUID], quorum: int, verdict: Verdict, data: st.DataObject
    ) -> None:
        """R-FLAT-1: persons added to actors that already speak leave the outcome unchanged."""
        decision = data.draw(decisions(actors, verdict, quorum_percent=quorum))
        more = data.draw(st.lists(st.uuids(), min_size=1, max_size=4))
        speaking = sorted(v.actor for v in decision.consenting | decision.objecting if v.actor)
        grown = data.draw(st.sampled_from(speaking)) if speaking else None
        crowded = Decision(
            consenting={
                *decision.consenting,
                *(Voice(p, grown) for p in more if grown in decision.consenting_actors),
            },
            objecting={
                *decision.objecting,
                *(Voice(p, grown) for p in more if grown in decision.objecting_actors),
            },
        )
        assert counted(decision, actors, quorum) == counted(crowded, actors, quorum)

    @given(actors=current_actors, quorum=quorums, data=st.data())
    def test_r_flat_1_the_tally_counts_actors_not_persons(
        self, actors: frozenset[UUID], quorum: int, data: st.DataObject
    ) -> None:
        """R-FLAT-1: the tally counts one voice per consenting or objecting actor."""
        verdict = data.draw(st.sampled_from(DECIDED))
        decision = data.draw(decisions(actors, verdict, quorum_percent=quorum))
        outcome = tally(decision, actors, quorum)
        assert (decision.consenting_actors, decision.objecting_actors) == (
            outcome.consenting,
            outcome.objecting,
        )

    @given(
        actors=st.integers(min_value=1, max_value=4),
        extra=st.lists(st.integers(min_value=0, max_value=3), min_size=4, max_size=4),
        verdict=verdicts,
        data=st.data(),
    )
    def test_r_flat_1_an_actor_speaking_through_more_persons_decides_the_same(
        self, actors: int, extra: list[int], verdict: Verdict, data: st.DataObject
    ) -> None:
        """R-FLAT-1: through the application, a decision in which actors speak through several
        persons ends as the same decision with one person per actor."""
        s = Scenario.start(CoCreation(env=POPO), actors=actors)
        persons = with_representatives(s, dict(zip(s.actors, extra, strict=False)))
        crowd, single = s.platform(name="Crowd"), s.platform(name="Single")
        consent = data.draw(consents(persons, verdict, strangers=[s.anchor]))
        actor_of = {p: a for a, ps in persons.items() for p in ps}

        def first_rep(voices: frozenset[UUID]) -> set[UUID]:
            return {persons[actor_of[p]][0] if p in actor_of else p for p in voices}

        one_each = Consent(first_rep(consent.consenting), first_rep(consent.objecting))
        by = s.person_of(s.actors[0])
        expected = expected_outcome(verdict, consent)
        assert [expected, expected] == [
            standby(s, crowd, by, consent),
            standby(s, single, by, one_each),
        ]


class TestTheCoordinatorWeighsTheSame:
    """R-FLAT-2: "The coordinator's voice weighs the same as any other actor's. Swapping who is
    coordinator never changes the outcome of a decision." """

    @given(actors=st.integers(min_value=2, max_value=4), verdict=verdicts, data=st.data())
    def test_r_flat_2_every_choice_of_coordinator_decides_the_same(
        self, actors: int, verdict: Verdict, data: st.DataObject
    ) -> None:
        """R-FLAT-2: platforms of the same actors, each coordinated by a different actor, end
        the same consent the same way, as its verdict says."""
        s = Scenario.start(CoCreation(env=POPO), actors=actors)
        coordinated = {a: s.platform(name=f"Coordinated by {i}") for i, a in enumerate(s.actors)}
        for actor, platform in coordinated.items():
            s.coordinate(platform, actor)
        persons = {a: [s.person_of(a)] for a in s.actors}
        consent = data.draw(consents(persons, verdict, strangers=[s.anchor]))
        by = s.person_of(s.actors[-1])
        expected = expected_outcome(verdict, consent)
        assert [expected] * actors == [standby(s, p, by, consent) for p in coordinated.values()]

    @given(actors=st.integers(min_value=2, max_value=4), quorum=quorums, data=st.data())
    def test_r_flat_2_the_coordinators_voice_is_one_voice(
        self, actors: int, quorum: int, data: st.DataObject
    ) -> None:
        """R-FLAT-2: k consenting actors including the coordinator decide exactly as k
        consenting actors without the coordinator."""
        s = Scenario.start(CoCreation(env=POPO), actors=actors)
        s.app.change_policies(s.anchor, s.initiative, Policies(quorum_percent=quorum), on=s.today)
        with_coordinator, without = s.platform(name="With"), s.platform(name="Without")
        coordinator, *others = s.actors
        s.coordinate(with_coordinator, coordinator)
        s.coordinate(without, coordinator)
        k = data.draw(st.integers(min_value=1, max_value=actors - 1))
        alike = [
            Consent(consenting={s.person_of(a) for a in [coordinator, *others][:k]}),
            Consent(consenting={s.person_of(a) for a in others[:k]}),
        ]
        by = s.person_of(coordinator)
        expected = "accepted" if k >= needed_for(actors, quorum) else "R-FLAT-3"
        assert [expected, expected] == [
            standby(s, with_coordinator, by, alike[0]),
            standby(s, without, by, alike[1]),
        ]


class TestConsentByQuorum:
    """R-FLAT-3: "A platform decision passes by consent: at least a quorum of current actors
    (default: more than half) consents, and no current actor objects. Consent and objection
    can only come from current actors; a person speaking for no current actor is refused." """

    @given(actors=current_actors, quorum=quorums, verdict=verdicts, data=st.data())
    def test_r_flat_3_the_tally_ends_as_the_verdict_says(
        self, actors: frozenset[UUID], quorum: int, verdict: Verdict, data: st.DataObject
    ) -> None:
        """R-FLAT-3: more than the quorum consenting and no objection passes; too few, any
        objection or a stranger's voice does not."""
        decision = data.draw(decisions(actors, verdict, quorum_percent=quorum))
        expected = {"passes": True, "no_quorum": False, "objection": False, "stranger": "R-FLAT-3"}
        assert expected[verdict] == passes(decision, actors, quorum)

    @given(actors=current_actors, quorum=quorums, data=st.data())
    def test_r_flat_3_passes_exactly_when_more_than_the_quorum_consents(
        self, actors: frozenset[UUID], quorum: int, data: st.DataObject
    ) -> None:
        """R-FLAT-3: without objection, k of n consenting actors pass iff k > quorum % of n."""
        decision = data.draw(decisions(actors, "no_quorum", quorum_percent=quorum))
        k = len(decision.consenting_actors)
        more = data.draw(st.integers(min_value=0, max_value=len(actors) - k))
        extra = sorted(actors - decision.consenting_actors, key=str)[:more]
        persons = data.draw(st.lists(st.uuids(), min_size=len(extra), max_size=len(extra)))
        voices = (Voice(p, a) for p, a in zip(persons, extra, strict=True))
        grown = Decision(consenting={*decision.consenting, *voices})
        assert (100 * (k + more) > quorum * len(actors)) == tally(grown, actors, quorum).passes

    @pytest.mark.parametrize("stranger", ["anchor", "person of no actor", "actor not on it"])
    @given(data=st.data())
    def test_r_flat_3_a_stranger_is_refused_and_nothing_is_recorded(
        self, stranger: str, data: st.DataObject
    ) -> None:
        """R-FLAT-3: a voice of a person who speaks for no current actor is refused, even when
        every current actor consents, and the refusal records nothing."""
        s = Scenario.start(CoCreation(env=POPO), actors=4)
        platform = s.platform(s.actors[:3])
        outsider = s.app.register_person("Olga Udenfor", on=s.today)
        voice = {
            "anchor": s.anchor,
            "person of no actor": outsider,
            "actor not on it": s.person_of(s.actors[3]),
        }[stranger]
        persons = {a: [s.person_of(a)] for a in s.actors[:3]}
        consent = data.draw(consents(persons, "stranger", strangers=[voice]))
        before = s.app.recorder.max_notification_id()
        refused = standby(s, platform, s.person_of(s.actors[0]), consent)
        assert ("R-FLAT-3", before) == (refused, s.app.recorder.max_notification_id())

    @given(policy=quorums, actors=st.integers(min_value=1, max_value=4), data=st.data())
    def test_r_flat_3_the_quorum_follows_the_policy(
        self, policy: int, actors: int, data: st.DataObject
    ) -> None:
        """R-FLAT-3: the quorum is the initiative's policy; decisions drawn for it end as
        their verdict says."""
        s = Scenario.start(CoCreation(env=POPO), actors=actors)
        s.app.change_policies(s.anchor, s.initiative, Policies(quorum_percent=policy), on=s.today)
        platform = s.platform()
        verdict = data.draw(st.sampled_from(DECIDED))
        persons = {a: [s.person_of(a)] for a in s.actors}
        consent = data.draw(consents(persons, verdict, quorum_percent=policy))
        by = s.person_of(s.actors[0])
        assert expected_outcome(verdict, consent) == standby(s, platform, by, consent)
