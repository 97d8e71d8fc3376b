"""Platform decisions by consent, one equal voice per actor (Card 1): R-FLAT-1..4."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreation_domain import (
    ActorChangeReason,
    ClosureReason,
    CoCreation,
    Consent,
    Decision,
    Platform,
    Policies,
    RuleViolation,
    Voice,
    tally,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals

DAY = date(2025, 1, 6)


def standby_with(s: Scenario, platform: UUID, consent: Consent) -> None:
    """Ask to put ``platform`` on standby with ``consent`` (a change of R-FLAT-4)."""
    s.app.put_on_standby(
        s.person_of(sorted(s.app.get_platform(platform).actors)[0]),
        platform,
        "awaiting the council",
        "the anchor follows up",
        consent,
        on=DAY,
    )


def refused_rule(s: Scenario, platform: UUID, consent: Consent) -> str | None:
    """The rule refusing standby with ``consent``, or ``None`` when it passed."""
    try:
        standby_with(s, platform, consent)
    except RuleViolation as refused:
        assert s.app.get_platform(platform).state != "standby"
        return refused.rule
    assert s.app.get_platform(platform).state == "standby"
    return None


def spare_rep(s: Scenario, actor: UUID, name: str = "Second Rep") -> UUID:
    """Register another person for ``actor``."""
    return s.app.register_person(name, by=s.anchor, initiative=s.initiative, actor=actor, on=DAY)


class TestOneVoicePerActor:
    """R-FLAT-1: every current actor has exactly one equal voice, however many persons speak."""

    def test_two_persons_of_one_actor_are_one_voice(self, app: CoCreation) -> None:
        """R-FLAT-1: two representatives of one actor of three do not make a quorum."""
        s = Scenario.start(app)
        platform = s.platform()
        a = s.actors[0]
        consent = Consent(consenting={s.person_of(a), spare_rep(s, a)})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_a_large_actor_does_not_outvote_an_objection(self, app: CoCreation) -> None:
        """R-FLAT-1: five persons of one actor consenting do not outweigh one actor objecting."""
        s = Scenario.start(app, actors=2)
        platform = s.platform()
        big, small = s.actors
        crowd = {s.person_of(big), *(spare_rep(s, big, f"Rep {i}") for i in range(4))}
        consent = Consent(consenting=crowd, objecting={s.person_of(small)})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_the_recorded_decision_counts_actors(self, app: CoCreation) -> None:
        """R-FLAT-1: the decision records each person with the actor it spoke for."""
        s = Scenario.start(app)
        platform = s.platform()
        a, b, _ = s.actors
        extra = spare_rep(s, a)
        standby_with(s, platform, Consent(consenting={s.person_of(a), extra, s.person_of(b)}))
        event = list(app.events.get(platform))[-1]
        assert isinstance(event, Platform.PutOnStandby)
        expected = Decision(
            consenting={Voice(s.person_of(a), a), Voice(extra, a), Voice(s.person_of(b), b)}
        )
        assert (expected, frozenset({a, b})) == (event.decision, event.decision.consenting_actors)

    def test_tally_counts_each_actor_once(self) -> None:
        """R-FLAT-1: the tally counts the actors behind the voices, not the voices."""
        a, b, c = uuid4(), uuid4(), uuid4()
        decision = Decision(consenting={Voice(uuid4(), a), Voice(uuid4(), a), Voice(uuid4(), b)})
        outcome = tally(decision, {a, b, c})
        assert (frozenset({a, b}), 2, True) == (outcome.consenting, outcome.needed, outcome.passes)


class TestTheCoordinatorWeighsTheSame:
    """R-FLAT-2: the coordinator's voice weighs the same as any other actor's."""

    def test_the_coordinator_alone_does_not_decide(self, app: CoCreation) -> None:
        """R-FLAT-2: the coordinator consenting alone among three actors is no quorum."""
        s = Scenario.start(app)
        platform = s.platform()
        coordinator = s.coordinate(platform)
        assert refused_rule(s, platform, Consent(consenting={coordinator})) == "R-FLAT-3"

    def test_the_others_decide_without_the_coordinator(self, app: CoCreation) -> None:
        """R-FLAT-2: two of three actors consenting pass, whether or not the coordinator speaks."""
        s = Scenario.start(app)
        platform = s.platform()
        coordinator = s.coordinate(platform)
        others = {s.person_of(a) for a in s.actors} - {coordinator}
        assert refused_rule(s, platform, Consent(consenting=others)) is None

    def test_the_coordinators_objection_blocks_like_any_other(self, app: CoCreation) -> None:
        """R-FLAT-2: an objection by the coordinator blocks exactly as another actor's would."""
        s = Scenario.start(app)
        platform = s.platform()
        coordinator = s.coordinate(platform)
        others = {s.person_of(a) for a in s.actors} - {coordinator}
        consent = Consent(consenting=others, objecting={coordinator})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    @settings(max_examples=15)
    @given(
        actors=st.integers(min_value=2, max_value=4),
        data=st.data(),
    )
    def test_swapping_the_coordinator_never_changes_the_outcome(
        self, actors: int, data: st.DataObject
    ) -> None:
        """R-FLAT-2: two platforms of the same actors, coordinated by different actors, decide
        the same way on the same voices."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        s = Scenario.start(app, actors=actors)
        first, second = s.platform(name="First"), s.platform(name="Second")
        one, other = data.draw(st.permutations(s.actors))[:2]
        s.coordinate(first, one)
        s.coordinate(second, other)
        speaks = data.draw(
            st.lists(
                st.sampled_from(["consents", "objects", "silent"]), min_size=actors, max_size=actors
            )
        )
        consent = Consent(
            consenting={
                s.person_of(a) for a, v in zip(s.actors, speaks, strict=True) if v == "consents"
            },
            objecting={
                s.person_of(a) for a, v in zip(s.actors, speaks, strict=True) if v == "objects"
            },
        )
        assert refused_rule(s, first, consent) == refused_rule(s, second, consent)


class TestConsent:
    """R-FLAT-3: a decision passes when more than the quorum consents and nobody objects."""

    @pytest.mark.parametrize(
        ("actors", "consenting", "passes"),
        [
            (1, 1, True),
            (2, 1, False),
            (2, 2, True),
            (3, 1, False),
            (3, 2, True),
            (4, 2, False),
            (4, 3, True),
        ],
    )
    def test_more_than_half_consents(
        self, app: CoCreation, actors: int, consenting: int, passes: bool
    ) -> None:
        """R-FLAT-3: a decision needs more than half of the current actors to consent."""
        s = Scenario.start(app, actors=actors)
        platform = s.platform()
        consent = Consent(consenting={s.person_of(a) for a in s.actors[:consenting]})
        assert (None if passes else "R-FLAT-3") == refused_rule(s, platform, consent)

    def test_one_objection_blocks(self, app: CoCreation) -> None:
        """R-FLAT-3: three of four consenting do not pass while the fourth objects."""
        s = Scenario.start(app, actors=4)
        platform = s.platform()
        consent = Consent(
            consenting={s.person_of(a) for a in s.actors[:3]}, objecting={s.person_of(s.actors[3])}
        )
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_the_quorum_follows_the_policy(self, app: CoCreation) -> None:
        """R-FLAT-3: with a 75 % quorum, three of four actors are not enough."""
        s = Scenario.start(app, actors=4)
        app.change_policies(s.anchor, s.initiative, Policies(quorum_percent=75), on=DAY)
        platform = s.platform()
        three = Consent(consenting={s.person_of(a) for a in s.actors[:3]})
        assert refused_rule(s, platform, three) == "R-FLAT-3"
        assert refused_rule(s, platform, s.consent(platform)) is None

    def test_the_anchor_has_no_voice(self, app: CoCreation) -> None:
        """R-FLAT-3: the anchor speaks for no current actor, so its voice is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        consent = Consent(consenting={*(s.person_of(a) for a in s.actors), s.anchor})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_an_actor_of_another_platform_has_no_voice(self, app: CoCreation) -> None:
        """R-FLAT-3: a person whose actor is not on this platform is refused."""
        s = Scenario.start(app, actors=4)
        platform = s.platform(s.actors[:3])
        consent = Consent(consenting={s.person_of(a) for a in s.actors})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_a_removed_actor_has_no_voice(self, app: CoCreation) -> None:
        """R-FLAT-3: once an actor has left, its persons no longer speak on the platform."""
        s = Scenario.start(app, actors=4)
        platform = s.platform()
        gone = s.actors[3]
        app.remove_actor(
            s.person_of(s.actors[0]), platform, gone, ActorChangeReason.OTHER, s.consent(platform)
        )
        consent = Consent(objecting={s.person_of(gone)}, consenting=s.consent(platform).consenting)
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_a_forgotten_person_has_no_voice(self, app: CoCreation) -> None:
        """R-FLAT-3: a forgotten person speaks for no actor any more."""
        s = Scenario.start(app)
        platform = s.platform()
        forgotten = spare_rep(s, s.actors[0])
        app.forget_person(forgotten, forgotten, on=DAY)
        consent = Consent(consenting={*s.consent(platform).consenting, forgotten})
        assert refused_rule(s, platform, consent) == "R-FLAT-3"

    def test_tally_refuses_strangers(self) -> None:
        """R-FLAT-3: the tally refuses a voice of a person who speaks for no current actor."""
        a = uuid4()
        with pytest.raises(RuleViolation) as refused:
            tally(Decision(consenting={Voice(uuid4(), a), Voice(uuid4(), None)}), {a})
        assert refused.value.rule == "R-FLAT-3"


def r_flat_4_changes(s: Scenario, p: UUID, q: UUID) -> dict[str, Callable[[Consent], object]]:
    """Every change of R-FLAT-4 on platform ``p`` (goals set on it), with ``q`` as merge target."""
    app = s.app
    by = s.person_of(s.actors[0])
    goals = app.get_platform(p).goals
    coordinator = app.get_platform(p).coordinator
    successor = next(a for a in s.actors[:3] if coordinator is None or a != coordinator.actor)
    return {
        "set goals": lambda c: app.set_goals(by, q, sample_goals(3), c),
        "add a goal": lambda c: app.add_goal(by, p, sample_goals(1)[0], c),
        "revise a goal": lambda c: app.revise_goal(by, p, goals["G1"].goal, c),
        "drop a goal": lambda c: app.drop_goal(by, p, "G4", "no data", c),
        "standby": lambda c: app.put_on_standby(by, p, "budget", "wait", c),
        "close": lambda c: app.close_platform(by, p, ClosureReason.OTHER, "hand over", c),
        "merge": lambda c: app.merge_platforms(by, p, q, c, s.consent(q)),
        "remove an actor": lambda c: app.remove_actor(
            by, p, s.actors[2], ActorChangeReason.INACTIVE, c
        ),
        "let an actor join": lambda c: app.join_actor(by, p, s.actors[3], c),
        "replace an actor": lambda c: app.replace_actor(
            by, p, s.actors[2], s.actors[3], ActorChangeReason.INACTIVE, c
        ),
        "choose the coordinator": lambda c: app.choose_coordinator(
            by, p, successor, s.person_of(successor), c
        ),
    }


CHANGES = [
    "set goals",
    "add a goal",
    "revise a goal",
    "drop a goal",
    "standby",
    "close",
    "merge",
    "remove an actor",
    "let an actor join",
    "replace an actor",
    "choose the coordinator",
]


class TestChangesNeedADecision:
    """R-FLAT-4: goals, standby, resume, close, merge, actors and coordinator need a decision."""

    def setup(self, app: CoCreation) -> tuple[Scenario, UUID, UUID]:
        s = Scenario.start(app, actors=4)
        platform = s.platform(s.actors[:3], name="Deciding")
        s.with_goals(platform, 4)
        target = s.platform(s.actors[:3], name="Target")
        s.focused(target)
        return s, platform, target

    @pytest.mark.parametrize("change", CHANGES)
    def test_refused_without_a_decision(self, app: CoCreation, change: str) -> None:
        """R-FLAT-4: without anyone's consent the change is refused and nothing is recorded."""
        s, platform, target = self.setup(app)
        before = app.get_platform(platform), app.get_platform(target)
        with pytest.raises(RuleViolation) as refused:
            r_flat_4_changes(s, platform, target)[change](Consent())
        assert refused.value.rule == "R-FLAT-4"
        assert before == (app.get_platform(platform), app.get_platform(target))

    @pytest.mark.parametrize("change", CHANGES)
    def test_refused_with_a_failed_decision(self, app: CoCreation, change: str) -> None:
        """R-FLAT-4: a decision that did not pass (R-FLAT-3) does not make the change either."""
        s, platform, target = self.setup(app)
        before = app.get_platform(platform), app.get_platform(target)
        one_voice = Consent(consenting={s.person_of(s.actors[0])})
        with pytest.raises(RuleViolation) as refused:
            r_flat_4_changes(s, platform, target)[change](one_voice)
        assert refused.value.rule == "R-FLAT-3"
        assert before == (app.get_platform(platform), app.get_platform(target))

    @pytest.mark.parametrize("change", CHANGES)
    def test_made_with_a_passed_decision(self, app: CoCreation, change: str) -> None:
        """R-FLAT-4: with a passed decision the change is recorded, carrying that decision."""
        s, platform, target = self.setup(app)
        consent = s.consent(platform)
        changed = target if change == "set goals" else platform
        version = app.get_platform(changed).version
        r_flat_4_changes(s, platform, target)[change](consent)
        event = list(app.events.get(changed))[-1]
        voices = {Voice(s.person_of(a), a) for a in s.actors[:3]}
        assert (version + 1, Decision(consenting=voices)) == (
            app.get_platform(changed).version,
            getattr(event, "decision", None),
        )

    def test_resuming_needs_a_decision(self, app: CoCreation) -> None:
        """R-FLAT-4: a platform on standby resumes only by a passed decision."""
        s = Scenario.start(app)
        platform = s.platform()
        standby_with(s, platform, s.consent(platform))
        by = s.person_of(s.actors[0])
        with pytest.raises(RuleViolation) as refused:
            app.resume_platform(by, platform, Consent())
        assert refused.value.rule == "R-FLAT-4"
        with pytest.raises(RuleViolation) as refused:
            app.resume_platform(by, platform, Consent(objecting={by}))
        assert refused.value.rule == "R-FLAT-3"
        app.resume_platform(by, platform, s.consent(platform))
        assert app.get_platform(platform).state == "established"


@st.composite
def spoken(draw: st.DrawFn) -> tuple[frozenset[UUID], dict[UUID, str], int]:
    """Current actors, what each says (consents, objects or is silent), and a quorum."""
    actors = frozenset(draw(st.lists(st.uuids(), min_size=1, max_size=6, unique=True)))
    says = {a: draw(st.sampled_from(["consents", "objects", "silent"])) for a in sorted(actors)}
    return actors, says, draw(st.integers(min_value=0, max_value=99))


def decision_of(says: dict[UUID, str], reps: dict[UUID, int]) -> Decision:
    """Each actor speaks through ``reps[actor]`` persons (default one), all saying the same."""

    def voices(what: str) -> set[Voice]:
        return {
            Voice(UUID(int=(a.int + i) % 2**128), a)
            for a, said in says.items()
            if said == what
            for i in range(reps.get(a, 1))
        }

    return Decision(consenting=voices("consents"), objecting=voices("objects"))


class TestTallyProperties:
    """R-FLAT-1, R-FLAT-3: the tally over generated decisions."""

    @given(case=spoken(), extra=st.integers(min_value=1, max_value=5), data=st.data())
    def test_more_representatives_never_change_the_outcome(
        self, case: tuple[frozenset[UUID], dict[UUID, str], int], extra: int, data: st.DataObject
    ) -> None:
        """R-FLAT-1: adding representatives to one actor never changes a decision's outcome."""
        actors, says, quorum = case
        grown = data.draw(st.sampled_from(sorted(actors)))
        plain = tally(decision_of(says, {}), actors, quorum)
        crowded = tally(decision_of(says, {grown: 1 + extra}), actors, quorum)
        assert (plain.passes, plain.consenting, plain.objecting) == (
            crowded.passes,
            crowded.consenting,
            crowded.objecting,
        )

    @given(case=spoken())
    def test_passes_exactly_by_consent(
        self, case: tuple[frozenset[UUID], dict[UUID, str], int]
    ) -> None:
        """R-FLAT-3: passes iff no actor objects and more than the quorum percent consent."""
        actors, says, quorum = case
        consenting = sum(1 for said in says.values() if said == "consents")
        expected = "objects" not in says.values() and consenting * 100 > quorum * len(actors)
        assert expected == tally(decision_of(says, {}), actors, quorum).passes
