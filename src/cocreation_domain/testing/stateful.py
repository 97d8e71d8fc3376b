"""Hypothesis state machines that drive the real application beside a reference model.

The shape of zarr-python's ``testing/stateful.py``: each machine takes the system under test,
a *factory* of the application (so it runs on every store, and on an embedder's), keeps a
plain reference model (:mod:`~cocreation_domain.testing.platform_model`,
:mod:`~cocreation_domain.testing.initiative_model`), and for every rule puts one
:class:`~cocreation_domain.testing.reference.Call` to both: the application is accepted
exactly when the model predicts no refusal, is refused only for a reason the model sees
(compared by ``DomainError.detail``), and a refused command writes nothing. After every step
the invariants check replay equality (every aggregate the store changed was saved by a command
and rebuilds from its stored events into the live one) and that the application agrees with
the model (here on plain Python objects, briefly; pass ``sqlite_env(path)`` or a PostgreSQL
environment to run them on a store):

>>> from hypothesis import settings
>>> from hypothesis.stateful import run_state_machine_as_test
>>> from cocreation_domain import CoCreation
>>> from cocreation_domain.testing.stateful import InitiativeMachine, PlatformLifecycleMachine
>>> env = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
>>> brief = settings(max_examples=2, stateful_step_count=5, deadline=None)
>>> run_state_machine_as_test(
...     lambda: PlatformLifecycleMachine(lambda: CoCreation(env)), settings=brief
... )
>>> run_state_machine_as_test(InitiativeMachine.on(lambda: CoCreation(env)), settings=brief)

Ids are made by the application, so the models keep everything in the order the run created
it, and choices are drawn as indexes, verdicts and small seeds: a shrunk failure replays step
by step.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, Self, TypeVar
from uuid import UUID

import attrs
from eventsourcing.persistence import Notification
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    PLATFORM,
    PLATFORM_OPEN,
    PLATFORM_WITH_GOALS,
    PLATFORM_WORKING,
    ActorChangeReason,
    Baseline,
    ChangeKind,
    ClosureReason,
    Consent,
    Contribution,
    DomainError,
    Goal,
    GoalProgress,
    Initiative,
    InitiativeState,
    InvalidInput,
    LifecycleViolation,
    Meeting,
    MeetingKind,
    MeetingState,
    Newsletter,
    NewsletterState,
    OnboardingTopic,
    Platform,
    PlatformState,
    Policies,
    Ripple,
)
from cocreation_domain.model.flags import missing_backing
from cocreation_domain.model.hosting import rotation_for, spread
from cocreation_domain.testing.initiative_model import InitiativeWorld, PlatformRecord
from cocreation_domain.testing.platform_model import PlatformWorld, Who, reachable_states
from cocreation_domain.testing.reference import Call
from cocreation_domain.testing.scenario import sample_reality_check
from cocreation_domain.testing.store_watch import StoreWatch, bound_to
from cocreation_domain.testing.strategies import (
    VERDICTS,
    Verdict,
    actor_names,
    baselines,
    blanks,
    business_dates,
    goal_sets,
    goals,
    needed_for,
    person_names,
    policies,
    ripples,
    texts,
)

__all__ = ["InitiativeMachine", "ModelMachine", "PlatformLifecycleMachine"]

T = TypeVar("T")
START = date(2025, 1, 6)


class ModelMachine(RuleBasedStateMachine):
    """What both machines share: the application from ``make_app``, a
    :class:`~cocreation_domain.testing.store_watch.StoreWatch` over its store, the business
    date, :meth:`_do` (one call to the model and the application, compared) and the replay
    invariant. ``model`` is the subclass's reference model."""

    model: Any

    def __init__(self, make_app: Callable[[], CoCreation], start: date = START) -> None:
        super().__init__()
        self.app = make_app()
        self.store = StoreWatch(self.app)
        self.today = start
        self._changed: set[UUID] = set()

    @classmethod
    def on(cls, make_app: Callable[[], CoCreation]) -> type[Self]:
        """This machine bound to ``make_app``, as the zero-argument class that
        ``run_state_machine_as_test`` (in its annotations) and ``TestCase`` expect."""
        return bound_to(cls, make_app)

    def teardown(self) -> None:
        """Close the applications this machine built."""
        self.store.close()
        self.app.close()

    def _do(self, call: Call) -> tuple[Any, DomainError | None]:
        """Put ``call`` to the model and to the application a day after the last step: the
        application is accepted exactly when the model sees no refusal and refused only for a
        reason the model sees; a refusal writes nothing, an acceptance writes and changes the
        model. Returns the command's result and its refusal, if any."""
        self.today += timedelta(days=1)
        prediction = call.to(self.model, self.today)
        described = ", ".join(
            [*map(self._name, call.args), *(f"{k}={self._name(v)}" for k, v in call.kwargs.items())]
        )
        step = f"{call.command}({described})"
        note(f"{self.today}: {step} -> expect {prediction}")
        before = self.store.max_id()
        result: Any = None
        refused: DomainError | None = None
        try:
            result = call.to(self.app, self.today)
        except DomainError as error:
            refused = error
        if refused is not None:
            note(f"    refused: {refused}")
            assert self.store.max_id() == before, f"the refused {step} wrote events"
            assert any(r.matches(refused) for r in prediction.refusals), (
                f"{step} was refused with {refused!r} (detail {refused.detail!r}); "
                f"the model expected {prediction}"
            )
            return None, refused
        assert prediction.accepted, f"{step} was accepted; the model expected {prediction}"
        assert self.store.max_id() > before, f"{step} was accepted but recorded nothing"
        prediction.accept(result)
        return result, None

    def _name(self, value: object) -> str:
        return repr(value)

    def _scan(self) -> None:
        """Note the aggregates the store recorded events of since the last scan, handing
        each notification to :meth:`_saw`. Invariants run in any order: each that needs the
        scan calls it."""
        for notification in self.store.new_notifications():
            self._changed.add(UUID(str(notification.originator_id)))
            self._saw(notification)

    def _saw(self, notification: Notification) -> None:
        """A subclass's look at each new notification."""

    @invariant()
    def stored_events_rebuild_the_live_aggregates(self) -> None:
        """Every aggregate the store changed was saved by a command and rebuilds from its
        stored events into the live aggregate."""
        self._scan()
        changed, saved = self._changed, self.store.saved
        assert changed == saved, f"store changed {sorted(map(str, changed))}, saves {saved}"
        self._changed, self.store.saved = set(), set()
        for ident in changed:
            rebuilt = self.store.rebuild(ident)
            assert rebuilt == self.store.live[ident], f"{ident} rebuilt as {rebuilt!r}"

    def _live(self, ident: UUID, kind: type[T]) -> T:
        live: object = self.store.live[ident]
        assert isinstance(live, kind)
        return live


# --- the platform lifecycle ---------------------------------------------------------------------

verdicts = st.one_of(st.just("passes"), st.sampled_from(VERDICTS))
seeds = st.integers(0, 255)
maybe_blank = st.sampled_from([False, False, False, True]).flatmap(
    lambda blank: blanks() if blank else texts()
)
goal_numbers = st.integers(1, 7).map(lambda n: f"G{n}")
corrections = st.integers(0, 3)


def _corrected(ripple: Ripple, correcting: int) -> Ripple:
    return attrs.evolve(ripple, corrects=f"R{correcting}") if correcting else ripple


class PlatformLifecycleMachine(ModelMachine):
    """One initiative with several platforms, driven by random principals (a member, a member
    of another platform, the anchor, a person of no actor) and decisions that pass or fail in
    every way R-FLAT-3 allows, beside the reference model
    :class:`~cocreation_domain.testing.platform_model.PlatformWorld`."""

    persons: Bundle[UUID] = Bundle("persons")
    actors: Bundle[UUID] = Bundle("actors")
    platforms: Bundle[UUID] = Bundle("platforms")
    principals = st.one_of(persons, st.just("anchor"), st.just("member"))
    model: PlatformWorld

    def __init__(self, make_app: Callable[[], CoCreation], start: date = START) -> None:
        super().__init__(make_app, start)
        self._terminal: dict[UUID, int] = {}
        app = self.app
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=start)
        outsider = app.register_person("Olga Udenfor", on=start)
        initiative = app.found_initiative(anchor, "Safe Harbour", "young people", on=start)
        self.model = w = PlatformWorld(initiative=initiative, anchor=anchor)
        w.persons = {anchor: None, outsider: None}
        for number, representatives in enumerate((2, 1, 2, 1), 1):
            actor = app.register_actor(anchor, initiative, f"Actor {number}", on=start)
            w.actors.append(actor)
            w.representatives[actor] = []
            for rep in range(representatives):
                person = app.register_person(
                    f"Rep {rep + 1} of actor {number}",
                    by=anchor,
                    initiative=initiative,
                    actor=actor,
                    on=start,
                )
                w.representatives[actor].append(person)
                w.persons[person] = actor

    def _name(self, value: object) -> str:
        return self.model.name(value)

    def _made(self, call: Call) -> MultipleResults[UUID]:
        made, _ = self._do(call)
        return multiple(made) if made is not None else multiple()

    def _by(self, who: Who, platform: UUID | None = None) -> UUID:
        return self.model.principal(who, platform)

    def _consent(self, platform: UUID, verdict: Verdict, seed: int) -> Consent:
        """A consent of the platform's actors turning out as ``verdict`` (R-FLAT-3); ``seed``
        picks which actors and which of their persons speak, in the order the run made them."""
        w, rng = self.model, random.Random(seed)
        actors = w.platforms[platform].actors
        speakers = [a for a in actors if w.representatives[a]]
        rng.shuffle(speakers)
        needed = needed_for(len(actors), w.policies.quorum_percent)
        objecting: list[UUID] = []
        if verdict == "objection" and speakers:
            objecting = speakers[: rng.randint(1, len(speakers))]
            consenting = speakers[len(objecting) :][: rng.randint(0, len(speakers))]
        elif verdict == "no_quorum":
            consenting = speakers[: rng.randint(0, max(0, min(needed - 1, len(speakers))))]
        else:
            consenting = speakers[: rng.randint(min(needed, len(speakers)), len(speakers))]

        def persons(of: Iterable[UUID]) -> set[UUID]:
            reps = [w.representatives[actor] for actor in of]
            return {q for r in reps for q in rng.sample(r, rng.randint(1, len(r)))}

        yes, no = persons(consenting), persons(objecting)
        if verdict == "stranger":
            yes.add(rng.choice([q for q, a in w.persons.items() if a not in actors]))
        return Consent(consenting=yes, objecting=no)

    # --- setting up --------------------------------------------------------------------------

    @initialize(target=persons)
    def known_persons(self) -> MultipleResults[UUID]:
        """The anchor, a person of no actor, and every actor's representatives."""
        return multiple(*self.model.persons)

    @initialize(target=actors)
    def known_actors(self) -> MultipleResults[UUID]:
        """The actors registered when the initiative was founded."""
        return multiple(*self.model.actors)

    @initialize(
        target=platforms,
        agreed=st.one_of(st.just(Policies()), policies()),
        memberships=st.lists(
            st.lists(st.integers(0, 3), min_size=1, max_size=4, unique=True),
            min_size=2,
            max_size=3,
        ),
    )
    def establish_at_workshop(
        self, agreed: Policies, memberships: list[list[int]]
    ) -> MultipleResults[UUID]:
        """Agree on the policies and establish the first platforms from the founding actors."""
        w = self.model
        self._do(Call("change_policies", (w.anchor, w.initiative, agreed)))
        made = []
        for number, members in enumerate(memberships, 1):
            chosen = [w.actors[i] for i in members]
            args = (w.anchor, w.initiative, f"Platform {number}", chosen)
            made.append(self._do(Call("establish_platform", args))[0])
        return multiple(*made)

    # --- the initiative ----------------------------------------------------------------------

    @rule(
        who=principals,
        command=st.sampled_from(
            ["hold_establishment_workshop", "start_co_creation", "conclude_initiative"]
        ),
    )
    def initiative_step(self, who: Who, command: str) -> None:
        """The workshop, once, while preparing; phase 6 after it with a platform (R-INIT-1);
        concluding once every platform is closed or merged (R-INIT-2)."""
        self._do(Call(command, (self._by(who), self.model.initiative)))

    @rule(who=principals, to=persons)
    def hand_over_anchor(self, who: Who, to: UUID) -> None:
        """The anchor hands the role to another person before the initiative concludes."""
        self._do(Call("hand_over_anchor", (self._by(who), self.model.initiative, to)))

    @rule(who=principals, quorum=st.integers(-2, 101))
    def change_quorum(self, who: Who, quorum: int) -> None:
        """The quorum stays within 0-99 % (R-FLAT-3): other policies cannot even be made
        (InvalidInput), so no command can store them."""
        refused: InvalidInput | None = None
        try:
            policy = attrs.evolve(self.model.policies, quorum_percent=quorum)
        except InvalidInput as error:
            refused = error
        assert (refused is None) == (0 <= quorum <= 99), f"quorum_percent={quorum}: {refused}"
        if refused is not None:
            assert refused.detail == "Policies.quorum_percent"
            return
        self._do(Call("change_policies", (self._by(who), self.model.initiative, policy)))

    @rule(target=actors, who=principals, name=st.one_of(actor_names(), blanks()))
    def register_actor(self, who: Who, name: str) -> MultipleResults[UUID]:
        """The anchor registers one more organisation taking part, with a name (R-ACT-1)."""
        return self._made(Call("register_actor", (self._by(who), self.model.initiative, name)))

    @rule(target=persons, who=principals, actor=actors, name=st.one_of(person_names(), blanks()))
    def register_representative(self, who: Who, actor: UUID, name: str) -> MultipleResults[UUID]:
        """The anchor registers a named person (R-PII-1) speaking for an actor (R-FLAT-1: still
        one voice)."""
        w = self.model
        kwargs = {"by": self._by(who), "initiative": w.initiative, "actor": actor}
        return self._made(Call("register_person", (name,), kwargs))

    @rule(who=principals, ripple=ripples(), correcting=corrections)
    def record_initiative_ripple(self, who: Who, ripple: Ripple, correcting: int) -> None:
        """Any member or the anchor records ripples on the initiative until it concludes
        (R-RIP-1); a correction refers to an earlier ripple (R-RIP-2)."""
        args = (self._by(who), self.model.initiative, _corrected(ripple, correcting))
        self._do(Call("record_initiative_ripple", args))

    @rule(
        target=platforms,
        who=principals,
        members=st.lists(actors, max_size=4, unique=True),
        name=st.one_of(texts(), blanks()),
    )
    def establish_platform(self, who: Who, members: list[UUID], name: str) -> MultipleResults[UUID]:
        """The anchor establishes a named platform (R-PLAT-1) of at least one actor (R-ACT-4),
        after co-creation started too."""
        args = (self._by(who), self.model.initiative, name, members)
        return self._made(Call("establish_platform", args))

    # --- a platform: coordinator, onboarding, first meeting ----------------------------------

    @rule(
        who=principals,
        platform=platforms,
        actor=actors,
        person=persons,
        sensible=st.booleans(),
        verdict=verdicts,
        seed=seeds,
    )
    def choose_coordinator(
        self,
        who: Who,
        platform: UUID,
        actor: UUID,
        person: UUID,
        sensible: bool,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """The platform decides on its coordinator: a current actor through one of its persons
        (R-ACT-1, R-FLAT-4). ``sensible`` picks such a pair from the model."""
        w = self.model
        pairs = [(a, r) for a in w.platforms[platform].actors for r in w.representatives[a]]
        if sensible and pairs:
            actor, person = random.Random(seed).choice(pairs)
        consent = self._consent(platform, verdict, seed)
        args = (self._by(who, platform), platform, actor, person, consent)
        self._do(Call("choose_coordinator", args))

    @rule(
        who=principals,
        platform=platforms,
        actor=actors,
        topics=st.one_of(
            st.just(frozenset(OnboardingTopic)),
            st.frozensets(st.sampled_from(list(OnboardingTopic))),
        ),
    )
    def onboard_actor(
        self, who: Who, platform: UUID, actor: UUID, topics: frozenset[OnboardingTopic]
    ) -> None:
        """The anchor introduces an actor to the method, the challenge and the common platform
        (R-PLAT-1)."""
        self._do(Call("onboard_actor", (self._by(who, platform), platform, actor, topics)))

    @rule(who=principals, platform=platforms, focus=maybe_blank, contributors=st.integers(0, 3))
    def hold_first_meeting(self, who: Who, platform: UUID, focus: str, contributors: int) -> None:
        """The coordinator records the first meeting's focus (R-PLAT-1, R-PLAT-2)."""
        actors = self.model.platforms[platform].actors[:contributors]
        contributions = [Contribution(actor=a, contribution="time") for a in actors]
        args = (self._by(who, platform), platform, focus, contributions)
        self._do(Call("hold_first_meeting", args))

    # --- a platform: goals and baselines -----------------------------------------------------

    @rule(who=principals, platform=platforms, goal_set=goal_sets(), verdict=verdicts, seed=seeds)
    def set_goals(
        self, who: Who, platform: UUID, goal_set: list[Goal], verdict: Verdict, seed: int
    ) -> None:
        """The platform decides on 3-5 valid goals (R-GOAL-1, R-GOAL-2, R-GOAL-3, R-GOAL-4,
        R-FLAT-4)."""
        consent = self._consent(platform, verdict, seed)
        self._do(Call("set_goals", (self._by(who, platform), platform, goal_set, consent)))

    @rule(
        who=principals,
        platform=platforms,
        case=goal_sets(valid=False, min_size=2, max_size=6),
        verdict=verdicts,
        seed=seeds,
    )
    def set_invalid_goals(
        self, who: Who, platform: UUID, case: tuple[list[Goal], str], verdict: Verdict, seed: int
    ) -> None:
        """A goal set breaking one of R-GOAL-1..4 is refused under that rule: the model's
        reading (``rules.check_goal_set``) names the strategy's rule whenever the count is
        within the policy (outside it, R-GOAL-1 comes first)."""
        goal_set, broken = case
        consent = self._consent(platform, verdict, seed)
        call = Call("set_goals", (self._by(who, platform), platform, goal_set, consent))
        seen = {r.detail for r in call.to(self.model, self.today).refusals}
        policy = self.model.policies
        if policy.goals_min <= len(goal_set) <= policy.goals_max:
            assert broken in seen, f"the strategy says {broken}, the model sees {seen}"
        else:
            assert "R-GOAL-1" in seen, f"{len(goal_set)} goals, the model sees {seen}"
        self._do(call)

    @rule(who=principals, platform=platforms, key=goal_numbers, baseline=baselines())
    def describe_baseline(self, who: Who, platform: UUID, key: str, baseline: Baseline) -> None:
        """A member or the anchor describes a goal's baseline; with every current goal
        baselined the platform is active (R-PLAT-3, R-GOAL-2)."""
        self._do(Call("describe_baseline", (self._by(who, platform), platform, key, baseline)))

    @rule(
        who=principals,
        platform=platforms,
        key=goal_numbers,
        observation=maybe_blank,
        value=st.one_of(st.none(), st.integers(0, 100)),
    )
    def record_goal_progress(
        self, who: Who, platform: UUID, key: str, observation: str, value: int | None
    ) -> None:
        """A member or the anchor records progress; a quantitative goal's needs a number
        (R-GOAL-2)."""
        progress = GoalProgress(observation=observation, observed_on=self.today, value=value)
        args = (self._by(who, platform), platform, key, progress)
        self._do(Call("record_goal_progress", args))

    @rule(who=principals, platform=platforms, key=goal_numbers)
    def reach_goal(self, who: Who, platform: UUID, key: str) -> None:
        """A reached goal stays a current goal (R-GOAL-1)."""
        self._do(Call("reach_goal", (self._by(who, platform), platform, key)))

    @rule(
        who=principals,
        platform=platforms,
        key=goal_numbers,
        goal=st.one_of(goals(), goals(valid=False)),
        change=st.sampled_from(["add_goal", "revise_goal", "drop_goal"]),
        reason=maybe_blank,
        verdict=verdicts,
        seed=seeds,
    )
    def change_goal(
        self,
        who: Who,
        platform: UUID,
        key: str,
        goal: Goal,
        change: str,
        reason: str,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """The platform decides to add, revise or drop a goal (saying why), the set staying
        valid (R-GOAL-1, R-GOAL-2, R-GOAL-3, R-GOAL-4)."""
        by, consent = self._by(who, platform), self._consent(platform, verdict, seed)
        args: dict[str, tuple[Any, ...]] = {
            "add_goal": (by, platform, goal, consent),
            "revise_goal": (by, platform, attrs.evolve(goal, key=key), consent),
            "drop_goal": (by, platform, key, reason, consent),
        }
        self._do(Call(change, args[change]))

    # --- a platform: standby, resume, close, merge -------------------------------------------

    @rule(
        who=principals,
        platform=platforms,
        reason=maybe_blank,
        aftercare=maybe_blank,
        review_on=st.one_of(st.none(), business_dates()),
        verdict=verdicts,
        seed=seeds,
    )
    def put_on_standby(
        self,
        who: Who,
        platform: UUID,
        reason: str,
        aftercare: str,
        review_on: date | None,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """Standby says why (R-PLAT-4) and what happens next (R-PLAT-5), by decision."""
        consent = self._consent(platform, verdict, seed)
        args = (self._by(who, platform), platform, reason, aftercare, consent)
        self._do(Call("put_on_standby", args, {"review_on": review_on}))

    @rule(who=principals, platform=platforms, verdict=verdicts, seed=seeds)
    def resume_platform(self, who: Who, platform: UUID, verdict: Verdict, seed: int) -> None:
        """A resumed platform returns to the state it left for standby, by decision."""
        consent = self._consent(platform, verdict, seed)
        self._do(Call("resume_platform", (self._by(who, platform), platform, consent)))

    @rule(
        who=principals,
        platform=platforms,
        reason=st.sampled_from(list(ClosureReason)),
        aftercare=maybe_blank,
        verdict=verdicts,
        seed=seeds,
    )
    def close_platform(
        self,
        who: Who,
        platform: UUID,
        reason: ClosureReason,
        aftercare: str,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """Closing says what happens next (R-PLAT-5), by decision; it is final (R-PLAT-7)."""
        consent = self._consent(platform, verdict, seed)
        args = (self._by(who, platform), platform, reason, aftercare, consent)
        self._do(Call("close_platform", args))

    @rule(
        who=principals,
        source=platforms,
        into=platforms,
        sensible=st.booleans(),
        verdict=verdicts,
        into_verdict=verdicts,
        seed=seeds,
    )
    def merge_platforms(
        self,
        who: Who,
        source: UUID,
        into: UUID,
        sensible: bool,
        verdict: Verdict,
        into_verdict: Verdict,
        seed: int,
    ) -> None:
        """Both platforms decide; the target is another working platform of the initiative and
        absorbs the source's actors (R-PLAT-6). ``sensible`` picks such a target."""
        working = self.model.platforms.items()
        targets = [t for t, q in working if q.state in PLATFORM_WORKING and t != source]
        if sensible and targets:
            into = random.Random(seed).choice(targets)
        consents = (
            self._consent(source, verdict, seed),
            self._consent(into, into_verdict, seed + 1),
        )
        self._do(Call("merge_platforms", (self._by(who, source), source, into, *consents)))

    # --- a platform: actors and ripples ------------------------------------------------------

    @rule(
        who=principals,
        platform=platforms,
        actor=actors,
        other=actors,
        change=st.sampled_from(["join_actor", "remove_actor", "replace_actor"]),
        sensible=st.booleans(),
        reason=st.sampled_from(list(ActorChangeReason)),
        verdict=verdicts,
        seed=seeds,
    )
    def change_actors(
        self,
        who: Who,
        platform: UUID,
        actor: UUID,
        other: UUID,
        change: str,
        sensible: bool,
        reason: ActorChangeReason,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """An actor joins, leaves or is swapped for another by decision (Card 4): a current
        actor leaves (R-ACT-1), never the last (R-ACT-4), and the coordinator's leaving leaves
        none (R-ACT-2). ``sensible`` picks current and outside actors from the model."""
        w = self.model
        rng = random.Random(seed)
        current, outside = w.platforms[platform].actors, w.outside(platform)
        if sensible:
            actor = rng.choice(current) if current and change != "join_actor" else actor
            actor = rng.choice(outside) if outside and change == "join_actor" else actor
            other = rng.choice(outside) if outside else other
        by, consent = self._by(who, platform), self._consent(platform, verdict, seed)
        args: dict[str, tuple[Any, ...]] = {
            "join_actor": (by, platform, actor, consent),
            "remove_actor": (by, platform, actor, reason, consent),
            "replace_actor": (by, platform, actor, other, reason, consent),
        }
        persons = {"persons": list(w.representatives[actor])} if change == "join_actor" else {}
        self._do(Call(change, args[change], persons))

    @rule(who=principals, platform=platforms, ripple=ripples(), correcting=corrections)
    def record_ripple(self, who: Who, platform: UUID, ripple: Ripple, correcting: int) -> None:
        """Any member or the anchor records ripples on an open platform (R-RIP-1, R-PLAT-7); a
        correction refers to an earlier ripple (R-RIP-2)."""
        args = (self._by(who, platform), platform, _corrected(ripple, correcting))
        self._do(Call("record_ripple", args))

    # --- driving forward, and forbidden triggers ---------------------------------------------

    def _advanceable(self) -> list[UUID]:
        """Platforms whose next happy step the model expects to pass."""
        w = self.model
        calls = {ident: w.next_step(ident) for ident in w.platforms}
        return [i for i, c in calls.items() if c and w.predict(c).accepted]

    @precondition(lambda self: bool(self._advanceable()))
    @rule(seed=seeds, steps=st.integers(1, 8))
    def advance(self, seed: int, steps: int) -> None:
        """Take a platform further along the happy path: coordinator, onboarding, first
        meeting, goals, baselines, resume."""
        platform = random.Random(seed).choice(self._advanceable())
        for _ in range(steps):
            call = self.model.next_step(platform)
            if call is None or not self.model.predict(call).accepted:
                return
            self._do(call)

    @precondition(lambda self: self.model.state != InitiativeState.CONCLUDED)
    @rule()
    def advance_initiative(self) -> None:
        """Take the initiative one phase further: workshop, start of phase 6, or closing every
        open platform by decision and concluding (R-INIT-1, R-INIT-2)."""
        w = self.model
        if not w.workshop:
            self._do(Call("hold_establishment_workshop", (w.anchor, w.initiative)))
            return
        if w.state == InitiativeState.PREPARING:
            self._do(Call("start_co_creation", (w.anchor, w.initiative)))
            return
        for ident, p in w.platforms.items():
            if p.state in PLATFORM_OPEN:
                consent = w.agreed(p.actors)
                speaker = w.speaker(p.actors)
                reason = ClosureReason.GOALS_REACHED
                call = Call("close_platform", (speaker, ident, reason, "none", consent))
                if not w.predict(call).accepted:
                    note(f"{w.name(ident)} cannot close: {w.predict(call)}")
                    return
                self._do(call)
        self._do(Call("conclude_initiative", (w.anchor, w.initiative)))

    @rule(platform=platforms, seed=seeds)
    def forbidden_trigger(self, platform: UUID, seed: int) -> None:
        """A trigger the lifecycle table does not allow from the platform's state is refused
        with a LifecycleViolation naming it, even when everything else about it is right."""
        w = self.model
        state = w.platforms[platform].state
        allowed = PLATFORM.allowed_triggers(state)
        candidates = []
        for trigger in _ATTEMPTED:
            call = None if trigger in allowed else w.attempt(trigger, platform, self.today)
            refusals = w.predict(call).refusals if call else ()
            if refusals and all(r.error is LifecycleViolation for r in refusals):
                candidates.append((trigger, call))
        if not candidates:
            note(f"no forbidden trigger of {w.name(platform)} to try")
            return
        trigger, call = random.Random(seed).choice(candidates)
        assert call is not None
        _, refused = self._do(call)
        assert isinstance(refused, LifecycleViolation), f"{trigger}: {refused!r}"
        assert (refused.lifecycle, refused.state, refused.trigger) == ("platform", state, trigger)

    # --- invariants --------------------------------------------------------------------------

    def _platforms(self) -> Iterable[Platform]:
        return (self._live(ident, Platform) for ident in self.model.platforms)

    @invariant()
    def platform_states_are_in_the_table(self) -> None:
        """Each platform's state is one of the table's states, reachable from ``established``."""
        for platform in self._platforms():
            assert platform.state in _REACHABLE, f"{platform.state!r} is not a reachable state"

    @invariant()
    def goals_stay_within_the_policy(self) -> None:
        """From ``goals_set`` on a platform has goals_min..goals_max current goals (R-GOAL-1)
        covering both horizons (R-GOAL-4)."""
        policy = self.model.policies
        for platform in self._platforms():
            if platform.goals:
                count = len(platform.current_goals)
                assert policy.goals_min <= count <= policy.goals_max, f"R-GOAL-1: {count} goals"
                assert len(platform.horizons()) == 2, "R-GOAL-4: one horizon only"

    @invariant()
    def active_exactly_when_every_goal_has_a_baseline(self) -> None:
        """A platform with goals is ``active`` once every current goal has a baseline, and
        ``goals_set`` while one lacks it (R-PLAT-3)."""
        for platform in self._platforms():
            state = platform.standby_from or platform.state
            if state in PLATFORM_WITH_GOALS:
                baselined = all(r.baseline for r in platform.current_goals.values())
                expected = PlatformState.ACTIVE if baselined else PlatformState.GOALS_SET
                assert state == expected, f"R-PLAT-3: {state} with baselined={baselined}"

    @invariant()
    def coordinator_is_a_current_actor_or_none(self) -> None:
        """The coordinator is a current actor through one of its persons, or there is none
        (R-ACT-1, R-ACT-2); an open platform always has an actor (R-ACT-4)."""
        for platform in self._platforms():
            chosen = platform.coordinator
            if chosen is not None:
                assert chosen.actor in platform.actors, "R-ACT-2: the coordinator's actor left"
                represents = self.model.persons[chosen.person]
                assert represents == chosen.actor, "R-ACT-1: the coordinator's person"
            assert platform.actors or not platform.is_open, f"R-ACT-4: {platform.id} no actor"

    @invariant()
    def closed_and_merged_platforms_never_change(self) -> None:
        """A closed or merged platform keeps the version it finished with (R-PLAT-7)."""
        for platform in self._platforms():
            if platform.state not in PLATFORM_OPEN:
                ended = self._terminal.setdefault(platform.id, platform.version)
                assert platform.version == ended, f"R-PLAT-7: {platform.id} changed"

    @invariant()
    def the_application_agrees_with_the_model(self) -> None:
        """States, actors, onboarding, coordinators, goals and ripples are as predicted."""
        w = self.model
        initiative = self._live(w.initiative, Initiative)
        assert (initiative.state, initiative.anchor) == (w.state, w.anchor)
        assert (initiative.workshop_held_on is not None) == w.workshop
        assert initiative.platforms == frozenset(w.platforms)
        assert (initiative.ripple_count, initiative.policies) == (w.ripples, w.policies)
        assert {a.id for a in initiative.actors} == set(w.actors)
        for ident, expected in w.platforms.items():
            live = self._live(ident, Platform)
            assert (live.state, live.standby_from) == (expected.state, expected.standby_from)
            assert live.actors == set(expected.actors)
            assert live.pending_onboarding == expected.pending
            assert live.coordinator == expected.coordinator
            assert live.ripple_count == expected.ripples
            statuses = {k: (r.goal, r.status, r.baseline) for k, r in live.goals.items()}
            assert statuses == {
                k: (g.goal, g.status, g.baseline) for k, g in expected.goals.items()
            }


_REACHABLE = reachable_states(PLATFORM)

_ATTEMPTED = (
    "choose_coordinator",
    "close",
    "describe_baseline",
    "hold_first_meeting",
    "join_actor",
    "merge",
    "onboard_actor",
    "put_on_standby",
    "reach_goal",
    "record_ripple",
    "resume",
    "set_goals",
)
"""The platform triggers :meth:`PlatformLifecycleMachine.forbidden_trigger` tries."""


# --- the whole initiative -------------------------------------------------------------------------


class InitiativeMachine(ModelMachine):
    """One initiative in phase 6 with three platforms, driven through actor and person
    changes, platform meetings, reality checks, standby, pre-meetings, the coordinator meeting
    and proposed changes, joint status meetings and their newsletters, beside
    :class:`~cocreation_domain.testing.initiative_model.InitiativeWorld`.

    Beyond replay equality the invariants check that a held joint status meeting has exactly
    one newsletter and every newsletter belongs to one (R-NEWS-1), that no newsletter
    publishes before it is compiled (R-NEWS-4), that its recipients are the persons, not
    forgotten, of the actors current when it was published (R-NEWS-4, R-PII-2), that host
    rotations stay within one turn (R-MEET-1, R-MEET-4), that the readiness for the next joint
    status meeting is the model's (R-MEET-5, R-ACT-3), that every person represents at most one
    actor (R-ACT-7) and that the actors flagged for missing backing are the model's (R-ACT-6).
    """

    model: InitiativeWorld

    def __init__(self, make_app: Callable[[], CoCreation], start: date = START) -> None:
        super().__init__(make_app, start)
        self._opened: dict[UUID, int] = {}
        self._compiled: set[UUID] = set()
        app = self.app
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=start)
        initiative = app.found_initiative(anchor, "Safe Harbour", "young people", on=start)
        self.model = w = InitiativeWorld(id=initiative, anchor=anchor, co_creation_started_on=start)
        for number in range(1, 6):
            actor = self._new_actor(f"Actor {number}")
            if number % 2:  # actors 1, 3 and 5 have a second representative
                second = app.register_person(
                    f"Second rep of actor {number}",
                    by=anchor,
                    initiative=initiative,
                    actor=actor,
                    on=start,
                )
                w.persons[second] = actor
        for number, group in enumerate(((0, 1), (2, 3), (1, 4)), 1):
            members = {w.actors[i] for i in group}
            name = f"Platform {number}"
            platform = app.establish_platform(anchor, initiative, name, members, on=start)
            coordinator = w.person_of(w.actors[group[0]])
            since = dict.fromkeys(members, start)
            w.platforms[platform] = PlatformRecord(
                platform, initiative, coordinator, members, since
            )
        app.hold_establishment_workshop(anchor, initiative, on=start)
        app.start_co_creation(anchor, initiative, on=start)
        for platform, p in w.platforms.items():
            actor = w.persons[p.coordinator]
            consent = w.consent(platform)
            app.choose_coordinator(p.coordinator, platform, actor, p.coordinator, consent, on=start)

    def _new_actor(self, name: str) -> UUID:
        """Register an actor with one representative (setup and joins; not a compared step)."""
        w = self.model
        actor = self.app.register_actor(w.anchor, w.id, name, on=self.today)
        person = self.app.register_person(
            f"Rep of {name}", by=w.anchor, initiative=w.id, actor=actor, on=self.today
        )
        w.actors.append(actor)
        w.persons[person] = actor
        return actor

    @staticmethod
    def _pick(items: list[T], index: int) -> T:
        return items[index % len(items)]

    def _platform(self, index: int) -> tuple[UUID, PlatformRecord]:
        return self._pick(list(self.model.platforms.items()), index)

    def _name(self, value: object) -> str:
        w = self.model
        if not isinstance(value, UUID):
            return repr(value)
        known = {"platform": list(w.platforms), "actor": w.actors, "person": list(w.persons)}
        known["newsletter"] = list(w.newsletters)
        for kind, idents in known.items():
            if value in idents:
                return f"{kind} {idents.index(value) + 1}"
        return {w.anchor: "anchor", w.id: "the initiative"}.get(value, repr(value))

    @initialize(count=st.integers(0, 3))
    def first_meetings(self, count: int) -> None:
        """The first ``count`` platforms hold their first meeting right after the workshop."""
        for platform, p in list(self.model.platforms.items())[:count]:
            self._do(Call("hold_first_meeting", (p.coordinator, platform, "Safer")))

    # --- time, actors and persons ------------------------------------------------------------

    @rule(days=st.integers(1, 120))
    def advance(self, days: int) -> None:
        """Time passes."""
        self.today += timedelta(days=days)
        note(f"{self.today}: {days} days later")

    @rule(platform=st.integers(0, 9), which=st.integers(0, 9), join=st.booleans())
    def actor_change(self, platform: int, which: int, join: bool) -> None:
        """A new actor joins a platform by consent and is onboarded by the anchor, or an actor
        that is not the coordinator's leaves one by consent (Card 4)."""
        w = self.model
        ident, p = self._platform(platform)
        if join:
            actor = self._new_actor(f"Actor {len(w.actors) + 1}")
            _, refused = self._do(
                Call("join_actor", (p.coordinator, ident, actor, w.consent(ident)))
            )
            if refused is None:
                self._do(Call("onboard_actor", (w.anchor, ident, actor)))
            return
        others = [a for a in w.actors if a in p.actors and a != w.persons[p.coordinator]]
        if others:
            actor, reason = self._pick(others, which), ActorChangeReason.INACTIVE
            args = (p.coordinator, ident, actor, reason, w.consent(ident))
            self._do(Call("remove_actor", args))

    @rule(index=st.integers(0, 39), forget=st.booleans())
    def person_change(self, index: int, forget: bool) -> None:
        """The anchor registers another person for an actor, or a spare person (no
        coordinator, and their actor keeps another) asks to be forgotten (R-PII-2)."""
        w = self.model
        if not forget:
            actor = self._pick(w.actors, index)
            kwargs = {"by": w.anchor, "initiative": w.id, "actor": actor}
            self._do(Call("register_person", ("Another rep",), kwargs))
        elif spare := w.spare_persons():
            person = self._pick(spare, index)
            self._do(Call("forget_person", (person, person)))

    @rule(index=st.integers(0, 39), to_actor=st.integers(0, 19), backing=st.booleans())
    def person_moves(self, index: int, to_actor: int, backing: bool) -> None:
        """R-ACT-7: a spare person is refused a second actor, then detached and attached to
        another one; or (R-ACT-6) a person of an actor records its backing."""
        w = self.model
        target = self._pick(w.actors, to_actor)
        if backing:
            by = w.person_of(target)
            self._do(Call("record_backing", (by, w.id, target, "the board")))
        elif spare := w.spare_persons():
            person = self._pick(spare, index)
            self._do(Call("attach_person", (w.anchor, person, w.id, target)))
            self._do(Call("detach_person", (w.anchor, person)))
            self._do(Call("attach_person", (w.anchor, person, w.id, target)))

    # --- platforms ---------------------------------------------------------------------------

    @rule(
        platform=st.integers(0, 9),
        work=st.sampled_from(
            ["first_meeting", "meeting", "reality_check", "standby_or_resume", "intruder"]
        ),
        later=st.integers(0, 30),
    )
    def platform_work(self, platform: int, work: str, later: int) -> None:
        """Work on one platform: its first meeting (R-PLAT-2, once), a platform meeting hosted
        by the rotation's suggestion (R-MEET-1), a reality check (R-MEET-5), standby or resume
        by consent, or a member who is not the coordinator trying a coordinator's command."""
        w = self.model
        unfocused = [i for i, p in enumerate(w.platforms.values()) if not p.focused]
        if work == "first_meeting" and platform % 3 and unfocused:
            platform = self._pick(unfocused, platform)
        ident, p = self._platform(platform)
        by = p.coordinator
        if work == "first_meeting":
            self._do(Call("hold_first_meeting", (by, ident, "Safer streets at night")))
        elif work == "meeting":
            day = self.today + timedelta(later)
            planned, refused = self._do(
                Call("plan_meeting", (by, MeetingKind.PLATFORM, day), {"platform": ident})
            )
            if refused is None:
                self._do(Call("invite_meeting", (by, planned)))
                self._do(Call("hold_meeting", (by, planned)))
        elif work == "standby_or_resume":
            consent = w.consent(ident)
            if p.state == PlatformState.STANDBY:
                self._do(Call("resume_platform", (by, ident, consent)))
            else:
                args = (by, ident, "awaiting a decision", "monthly call", consent)
                self._do(Call("put_on_standby", args))
        else:
            if work == "intruder":
                coordinator_actor = w.persons[p.coordinator]
                by = next(
                    (
                        q
                        for q, a in w.persons.items()
                        if a != coordinator_actor and q not in w.forgotten
                    ),
                    by,
                )
            self._do(Call("record_reality_check", (by, ident, sample_reality_check())))

    # --- the common platform -----------------------------------------------------------------

    @rule(actor=st.integers(0, 19))
    def hold_pre_meeting(self, actor: int) -> None:
        """The anchor holds a pre-meeting with an actor (R-ACT-3)."""
        w = self.model
        self._do(Call("hold_pre_meeting", (w.anchor, w.id, self._pick(w.actors, actor))))

    @rule(platform=st.integers(0, 9), propose=st.booleans())
    def coordinator_meeting(self, platform: int, propose: bool) -> None:
        """The anchor proposes closing a platform, from a held coordinator meeting on
        (R-MEET-3), or convenes and holds the coordinator meeting once every platform held its
        first meeting (R-MEET-2)."""
        w = self.model
        if propose:
            ident, _ = self._platform(platform)
            args = (w.anchor, w.id, ident, ChangeKind.CLOSE, "little participation")
            self._do(Call("propose_change", args))
            return
        meeting, refused = self._do(
            Call("convene_coordinator_meeting", (w.anchor, w.id, self.today))
        )
        if refused is None:
            self._do(Call("hold_meeting", (w.anchor, meeting)))

    @rule(
        ahead=st.integers(0, 60),
        override=st.booleans(),
        hold_now=st.booleans(),
        newsletter_first=st.booleans(),
        sections=st.integers(0, 3),
        with_reasons=st.booleans(),
    )
    def common_platform_cycle(
        self,
        ahead: int,
        override: bool,
        hold_now: bool,
        newsletter_first: bool,
        sections: int,
        with_reasons: bool,
    ) -> None:
        """The common platform's cycle (Cards 7, 8): finish the latest newsletter, or hold the
        invited joint status meeting (by a current actor, R-MEET-4; ready or with a reason,
        R-MEET-5, R-ACT-3), or convene the next one once the last was held (and maybe hold it
        right away)."""
        w = self.model
        unfinished = [n for n, m in w.newsletters.items() if m.state != NewsletterState.PUBLISHED]
        if newsletter_first and unfinished:
            which = list(w.newsletters).index(unfinished[-1])
            self.newsletter_work(which, sections, True, with_reasons, True)
            return
        if not w.invited_joint:
            day = self.today + timedelta(ahead)
            self._do(Call("convene_joint_status_meeting", (w.anchor, w.id, day)))
            if not hold_now:
                return
        if w.invited_joint:
            meeting = w.invited_joint[0]
            w.hosts[meeting] = self.app.get_meeting(meeting).host
            reason = "agreed to meet anyway" if override else None
            args, kwargs = (w.anchor, meeting), {"override_reason": reason}
            self._do(Call("hold_joint_status_meeting", args, kwargs))

    @rule(
        which=st.integers(0, 9),
        sections=st.integers(0, 3),
        compile_it=st.booleans(),
        with_reasons=st.booleans(),
        publish_it=st.booleans(),
    )
    def newsletter_work(
        self, which: int, sections: int, compile_it: bool, with_reasons: bool, publish_it: bool
    ) -> None:
        """Coordinators submit ``sections`` sections (R-NEWS-2); the anchor maybe compiles,
        naming the missing sections with a reason or not (R-NEWS-3), and maybe publishes
        (R-NEWS-4; refused unless compiled). Without a newsletter it does nothing (a
        precondition would make the rules Hypothesis draws depend on ids made at random)."""
        w = self.model
        if not w.newsletters:
            return
        ident = self._pick(list(w.newsletters), which)
        n = w.newsletters[ident]
        for index in range(sections):
            platform = self._pick([p for p in w.platforms if p in n.asked], index)
            by = w.platforms[platform].coordinator
            args = (by, ident, platform, "on track", "evenings are hard")
            self._do(Call("submit_newsletter_section", args))
        if compile_it:
            missing = n.asked - n.submitted if with_reasons else set()
            reasons = dict.fromkeys(missing, "the coordinator was away")
            self._do(Call("compile_newsletter", (w.anchor, ident), {"missing": reasons}))
        if publish_it:
            self._do(Call("publish_newsletter", (w.anchor, ident)))

    # --- invariants --------------------------------------------------------------------------

    def _saw(self, notification: Notification) -> None:
        """Count opened newsletters per meeting; a newsletter publishes only once compiled."""
        ident = UUID(str(notification.originator_id))
        event = self.app.mapper.to_domain_event(notification)
        if isinstance(event, Newsletter.Opened):
            self._opened[event.meeting] = self._opened.get(event.meeting, 0) + 1
        elif isinstance(event, Newsletter.Compiled):
            self._compiled.add(ident)
        elif isinstance(event, Newsletter.Published):
            assert ident in self._compiled, f"R-NEWS-4: newsletter {ident} published uncompiled"

    @invariant()
    def a_held_joint_status_meeting_has_exactly_one_newsletter(self) -> None:
        """R-NEWS-1: each held joint status meeting opened exactly one newsletter, and every
        newsletter opened with a held joint status meeting."""
        self._scan()
        held = {
            m.id
            for m in self.store.live_of(Meeting)
            if m.kind is MeetingKind.JOINT_STATUS and m.state == MeetingState.HELD
        }
        assert set(self._opened) == held
        assert all(count == 1 for count in self._opened.values())
        for newsletter in self.store.live_of(Newsletter):
            assert self._live(newsletter.meeting, Meeting).newsletter == newsletter.id

    @invariant()
    def recipients_were_the_persons_of_current_actors(self) -> None:
        """R-NEWS-4, R-PII-2: a published newsletter's recipients are exactly the persons (not
        forgotten) of the actors current when it was published."""
        for ident, n in self.model.newsletters.items():
            live = self._live(ident, Newsletter)
            assert live.state == n.state, f"newsletter {ident} is {live.state}, not {n.state}"
            if n.recipients is not None:
                assert (live.compiled_on is not None, live.recipients) == (True, n.recipients)

    @invariant()
    def a_person_represents_at_most_one_actor(self) -> None:
        """R-ACT-7: every person represents at most one actor, the one the model attached them
        to, and the initiative's index lists them under that actor alone."""
        listed: dict[UUID, UUID] = {}
        for actor, persons in self._live(self.model.id, Initiative).representatives.items():
            for person in persons:
                assert person not in listed, f"{person} listed under two actors"
                listed[person] = UUID(actor)
        assert listed == self.model.persons

    @invariant()
    def missing_backing_is_the_models(self) -> None:
        """R-ACT-6: exactly the actors of platforms past their first meeting whose backing was
        never recorded are flagged."""
        initiative = self._live(self.model.id, Initiative)
        flagged = missing_backing(
            initiative, self.store.live_of(Platform), self.store.live_of(Meeting)
        )
        w = self.model
        expected = {a for p in w.platforms.values() if p.focused for a in p.actors} - w.backed
        assert set(flagged) == expected

    @invariant()
    def host_rotations_stay_within_one(self) -> None:
        """R-MEET-1, R-MEET-4: following the suggestion keeps host turns within one."""
        for platform in self.store.live_of(Platform):
            assert spread(rotation_for(platform.hosts, platform.actors)) <= 1
        assert spread(self._live(self.model.id, Initiative).joint_status_hosts) <= 1

    @invariant()
    def readiness_is_the_models(self) -> None:
        """R-MEET-5, R-ACT-3: the application sees the same gaps as the model."""
        assert self.app.joint_status_readiness(self.model.id) == self.model.readiness()
