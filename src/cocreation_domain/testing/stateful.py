"""A Hypothesis state machine that drives one initiative and its platforms through any store.

Following zarr's ``testing/stateful.py``, the machine ships with the library and takes the
system under test in its constructor, so this library's tests run it on every store and an
embedder runs it on theirs::

    from hypothesis.stateful import run_state_machine_as_test
    from cocreation_domain import CoCreation
    from cocreation_domain.testing import PlatformLifecycleMachine

    run_state_machine_as_test(lambda: PlatformLifecycleMachine(lambda: CoCreation(env)))
    run_state_machine_as_test(PlatformLifecycleMachine.on(lambda: CoCreation(env)))  # typed

Bundles hold the ids of persons, actors and platforms. Every rule issues one command of the
application as a random principal (a member, a member of another platform, the anchor, a
person of no actor), with decisions that pass, miss the quorum, meet an objection or carry a
stranger's voice, valid and invalid goal sets, and so on. A small model of the domain predicts
for every command whether it is accepted or which refusals (error class and rule id, role,
trigger or kind) are legitimate; the machine checks the application against that prediction,
and that a refused command wrote nothing. After every step the invariants check that each
platform's state is one the lifecycle table allows and reaches, that every aggregate rebuilt
from its stored events equals the live one, that goals stay within the policy from
``goals_set`` on, that the coordinator is a current actor or there is none, that an open
platform keeps an actor, that closed and merged platforms never change again, and that the
application agrees with the model.

Ids are made by the application, so the model keeps everything in the order the run created
it, and choices such as "which persons consent" are drawn as a verdict and a small seed: a
shrunk failure replays step by step.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from uuid import UUID

import attrs
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
    ClosureReason,
    DomainError,
    Goal,
    Initiative,
    InitiativeState,
    InvalidInput,
    LifecycleViolation,
    OnboardingTopic,
    Platform,
    PlatformState,
    Policies,
    Ripple,
)
from cocreation_domain.testing.platform_model import (
    Plan,
    PlatformCommands,
    Refusal,
    Who,
    World,
    reachable_states,
)
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
    person_names,
    policies,
    ripples,
    texts,
)

__all__ = ["PlatformLifecycleMachine"]

verdicts = st.one_of(st.just("passes"), st.sampled_from(VERDICTS))
seeds = st.integers(0, 255)
maybe_blank = st.sampled_from([False, False, False, True]).flatmap(
    lambda blank: blanks() if blank else texts()
)
goal_numbers = st.integers(1, 7)
ripple_corrections = st.integers(0, 3)


class PlatformLifecycleMachine(PlatformCommands, RuleBasedStateMachine):
    """One initiative with several platforms, driven by random principals and decisions.

    ``make_app`` builds the application under test; the machine calls it once and closes the
    application at teardown. A :class:`~cocreation_domain.testing.store_watch.StoreWatch`
    keeps a copy of every aggregate the application saves (the live ones) and rebuilds
    aggregates "from scratch" from their stored events: through a second application over the
    same store for SQLite and PostgreSQL, and by replaying the application's own event store
    for plain Python objects (and in-memory SQLite), where a second application would see an
    empty store.
    """

    persons: Bundle[UUID] = Bundle("persons")
    actors: Bundle[UUID] = Bundle("actors")
    platforms: Bundle[UUID] = Bundle("platforms")
    principals = st.one_of(persons, st.just("anchor"), st.just("member"))

    def __init__(self, make_app: Callable[[], CoCreation], start: date = date(2025, 1, 6)):
        super().__init__()
        self.app = make_app()
        self._store = StoreWatch(self.app)
        self._terminal: dict[UUID, int] = {}
        self.today = start
        app = self.app
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=start)
        outsider = app.register_person("Olga Udenfor", on=start)
        initiative = app.found_initiative(
            anchor, "Safe Harbour", "young people drifting into crime", on=start
        )
        self.model = World(initiative=initiative, anchor=anchor, policies=Policies())
        self.model.persons = {anchor: None, outsider: None}
        for number, representatives in enumerate((2, 1, 2, 1), 1):
            actor = app.register_actor(anchor, initiative, f"Actor {number}", on=start)
            self.model.actors.append(actor)
            self.model.representatives[actor] = []
            for rep in range(representatives):
                person = app.register_person(
                    f"Rep {rep + 1} of actor {number}",
                    by=anchor,
                    initiative=initiative,
                    actor=actor,
                    on=start,
                )
                self.model.representatives[actor].append(person)
                self.model.persons[person] = actor

    @classmethod
    def on(cls, make_app: Callable[[], CoCreation]) -> type[PlatformLifecycleMachine]:
        """This machine bound to ``make_app``, as the class ``run_state_machine_as_test`` (in
        its annotations) and unittest's ``TestCase`` wrapper expect::

            run_state_machine_as_test(PlatformLifecycleMachine.on(lambda: CoCreation(env)))
            TestPlatforms = PlatformLifecycleMachine.on(lambda: CoCreation(env)).TestCase
        """

        return bound_to(cls, make_app)

    # --- setting up ----------------------------------------------------------------------

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
        self._run(self._plan_change_policies(self.model.anchor, agreed))
        made: list[UUID] = []
        for number, members in enumerate(memberships, 1):
            chosen = [self.model.actors[i] for i in members]
            self._run(self._plan_establish(self.model.anchor, chosen, f"Platform {number}", made))
        return multiple(*made)

    def teardown(self) -> None:
        """Close the applications this machine built."""
        self._store.close()
        self.app.close()

    # --- the initiative ------------------------------------------------------------------

    @rule(who=principals)
    def hold_establishment_workshop(self, who: Who) -> None:
        """The anchor records the establishment workshop, once, while preparing."""
        self._run(self._plan_workshop(self._person(who, None)))

    @rule(who=principals)
    def start_co_creation(self, who: Who) -> None:
        """Phase 6 begins after the workshop with at least one platform (R-INIT-1)."""
        self._run(self._plan_start(self._person(who, None)))

    @rule(who=principals)
    def conclude_initiative(self, who: Who) -> None:
        """The initiative concludes once every platform is closed or merged (R-INIT-2)."""
        self._run(self._plan_conclude(self._person(who, None)))

    @rule(who=principals, to=persons)
    def hand_over_anchor(self, who: Who, to: UUID) -> None:
        """The anchor hands the role to another person before the initiative concludes."""
        by = self._person(who, None)
        self._run(self._plan_hand_over(by, to))

    @rule(who=principals, quorum=st.integers(-2, 101))
    def change_quorum(self, who: Who, quorum: int) -> None:
        """The anchor changes the decision quorum; it stays within 0-99 % (R-FLAT-3): other
        policies cannot even be made (InvalidInput), so no command can store them."""
        by = self._person(who, None)
        refused: InvalidInput | None = None
        try:
            policy = attrs.evolve(self.model.policies, quorum_percent=quorum)
        except InvalidInput as error:
            refused = error
        assert (refused is None) == (0 <= quorum <= 99), f"quorum_percent={quorum}: {refused}"
        if refused is not None:
            note(f"Policies(quorum_percent={quorum}) refused: {refused}")
            assert refused.parameter == "Policies.quorum_percent"
            return
        self._run(self._plan_change_policies(by, policy))

    @rule(target=actors, who=principals, name=st.one_of(actor_names(), blanks()))
    def register_actor(self, who: Who, name: str) -> MultipleResults[UUID]:
        """The anchor registers one more organisation taking part."""
        by = self._person(who, None)
        made: list[UUID] = []
        self._run(self._plan_register_actor(by, name, made))
        return multiple(*made)

    @precondition(lambda self: self.model.state != InitiativeState.CONCLUDED)
    @rule(target=persons, who=principals, actor=actors, name=st.one_of(person_names(), blanks()))
    def register_representative(self, who: Who, actor: UUID, name: str) -> MultipleResults[UUID]:
        """The anchor registers a person speaking for an actor (R-FLAT-1: still one voice)."""
        by = self._person(who, None)
        made: list[UUID] = []
        self._run(self._plan_representative(by, actor, name, made))
        return multiple(*made)

    @rule(who=principals, ripple=ripples(), correcting=ripple_corrections)
    def record_initiative_ripple(self, who: Who, ripple: Ripple, correcting: int) -> None:
        """Any member or the anchor records ripples on the initiative until it concludes
        (R-RIP-1); a correction refers to an earlier ripple (R-RIP-2)."""
        by = self._person(who, None)
        self._run(self._plan_initiative_ripple(by, ripple, correcting))

    @rule(
        target=platforms,
        who=principals,
        members=st.lists(actors, max_size=4, unique=True),
        name=st.one_of(texts(), blanks()),
    )
    def establish_platform(self, who: Who, members: list[UUID], name: str) -> MultipleResults[UUID]:
        """The anchor establishes a platform, after co-creation started too (R-PLAT-1)."""
        by = self._person(who, None)
        made: list[UUID] = []
        self._run(self._plan_establish(by, members, name, made))
        return multiple(*made)

    # --- platforms: coordinator, onboarding, first meeting -------------------------------

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
        """The platform decides on its coordinator: a current actor through one of its
        persons (R-ACT-1, R-FLAT-4). ``sensible`` picks such a pair from the model."""
        by = self._person(who, platform)
        p = self.model.platforms[platform]
        if sensible:
            candidates = [(a, r) for a in p.actors for r in self.model.representatives[a]]
            if candidates:
                actor, person = random.Random(seed).choice(candidates)
        self._run(self._plan_choose_coordinator(by, platform, actor, person, verdict, seed))

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
        """The anchor introduces an actor to the method, the challenge and the common
        platform (R-PLAT-1)."""
        by = self._person(who, platform)
        self._run(self._plan_onboard(by, platform, actor, topics))

    @rule(who=principals, platform=platforms, focus=maybe_blank, contributors=st.integers(0, 3))
    def hold_first_meeting(self, who: Who, platform: UUID, focus: str, contributors: int) -> None:
        """The coordinator records the first meeting's focus (R-PLAT-1, R-PLAT-2)."""
        by = self._person(who, platform)
        self._run(self._plan_first_meeting(by, platform, focus, contributors))

    # --- platforms: goals and baselines --------------------------------------------------

    @rule(who=principals, platform=platforms, goal_set=goal_sets(), verdict=verdicts, seed=seeds)
    def set_goals(
        self, who: Who, platform: UUID, goal_set: list[Goal], verdict: Verdict, seed: int
    ) -> None:
        """The platform decides on 3-5 valid goals (R-GOAL-1..4, R-FLAT-4)."""
        by = self._person(who, platform)
        self._run(self._plan_set_goals(by, platform, goal_set, verdict, seed))

    @rule(
        who=principals,
        platform=platforms,
        case=goal_sets(valid=False, min_size=2, max_size=6),
        verdict=verdicts,
        seed=seeds,
    )
    def set_invalid_goals(
        self,
        who: Who,
        platform: UUID,
        case: tuple[list[Goal], str],
        verdict: Verdict,
        seed: int,
    ) -> None:
        """A goal set breaking one of R-GOAL-1..4 is refused under that rule."""
        by = self._person(who, platform)
        goal_set, broken = case
        plan = self._plan_set_goals(by, platform, goal_set, verdict, seed)
        goal_rules = {r.detail for r in plan.refusals if (r.detail or "").startswith("R-GOAL")}
        assert broken in goal_rules, (
            f"the strategy says {broken}, the model sees {sorted(map(str, goal_rules))}"
        )
        self._run(plan)

    @rule(who=principals, platform=platforms, number=goal_numbers, baseline=baselines())
    def describe_baseline(self, who: Who, platform: UUID, number: int, baseline: Baseline) -> None:
        """A member or the anchor describes a goal's baseline; with every current goal
        baselined the platform is active (R-PLAT-3, R-GOAL-2)."""
        by = self._person(who, platform)
        self._run(self._plan_baseline(by, platform, f"G{number}", baseline))

    @rule(
        who=principals,
        platform=platforms,
        number=goal_numbers,
        observation=maybe_blank,
        value=st.one_of(st.none(), st.integers(0, 100)),
    )
    def record_goal_progress(
        self, who: Who, platform: UUID, number: int, observation: str, value: int | None
    ) -> None:
        """A member or the anchor records progress; a quantitative goal's needs a number
        (R-GOAL-2)."""
        by = self._person(who, platform)
        self._run(self._plan_goal_progress(by, platform, f"G{number}", observation, value))

    @rule(who=principals, platform=platforms, number=goal_numbers)
    def reach_goal(self, who: Who, platform: UUID, number: int) -> None:
        """A reached goal stays a current goal (R-GOAL-1)."""
        by = self._person(who, platform)
        self._run(self._plan_reach(by, platform, f"G{number}"))

    @rule(who=principals, platform=platforms, goal=goals(), verdict=verdicts, seed=seeds)
    def add_goal(self, who: Who, platform: UUID, goal: Goal, verdict: Verdict, seed: int) -> None:
        """The platform decides to add a goal, keeping the count in range (R-GOAL-1)."""
        by = self._person(who, platform)
        self._run(self._plan_add_goal(by, platform, goal, verdict, seed))

    @rule(
        who=principals,
        platform=platforms,
        number=goal_numbers,
        goal=st.one_of(goals(), goals(valid=False)),
        verdict=verdicts,
        seed=seeds,
    )
    def revise_goal(
        self, who: Who, platform: UUID, number: int, goal: Goal, verdict: Verdict, seed: int
    ) -> None:
        """The platform decides to revise a goal; the set stays valid (R-GOAL-1..4)."""
        by = self._person(who, platform)
        self._run(self._plan_revise_goal(by, platform, f"G{number}", goal, verdict, seed))

    @rule(
        who=principals,
        platform=platforms,
        number=goal_numbers,
        reason=maybe_blank,
        verdict=verdicts,
        seed=seeds,
    )
    def drop_goal(
        self, who: Who, platform: UUID, number: int, reason: str, verdict: Verdict, seed: int
    ) -> None:
        """The platform decides to drop a goal, keeping the count in range (R-GOAL-1)."""
        by = self._person(who, platform)
        self._run(self._plan_drop_goal(by, platform, f"G{number}", reason, verdict, seed))

    # --- platforms: standby, resume, close, merge ----------------------------------------

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
        by = self._person(who, platform)
        self._run(self._plan_standby(by, platform, reason, aftercare, review_on, verdict, seed))

    @rule(who=principals, platform=platforms, verdict=verdicts, seed=seeds)
    def resume_platform(self, who: Who, platform: UUID, verdict: Verdict, seed: int) -> None:
        """A resumed platform returns to the state it left for standby, by decision."""
        by = self._person(who, platform)
        self._run(self._plan_resume(by, platform, verdict, seed))

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
        by = self._person(who, platform)
        self._run(self._plan_close(by, platform, reason, aftercare, verdict, seed))

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
        """Both platforms decide; the target is another open, working platform of the
        initiative and absorbs the source's actors (R-PLAT-6). ``sensible`` picks such a
        target from the model."""
        by = self._person(who, source)
        if sensible:
            working = [t for t, q in self.model.platforms.items() if q.state in PLATFORM_WORKING]
            targets = [t for t in working if t != source]
            if targets:
                into = random.Random(seed).choice(targets)
        self._run(self._plan_merge(by, source, into, verdict, into_verdict, seed))

    # --- platforms: actors ---------------------------------------------------------------

    @rule(
        who=principals,
        platform=platforms,
        actor=actors,
        sensible=st.booleans(),
        verdict=verdicts,
        seed=seeds,
    )
    def join_actor(
        self, who: Who, platform: UUID, actor: UUID, sensible: bool, verdict: Verdict, seed: int
    ) -> None:
        """An actor of the initiative joins a platform by decision. ``sensible`` picks an
        actor not on the platform from the model."""
        by = self._person(who, platform)
        if sensible:
            actor = self._pick(self._outside(platform), seed, actor)
        self._run(self._plan_join(by, platform, actor, verdict, seed))

    @rule(
        who=principals,
        platform=platforms,
        actor=actors,
        sensible=st.booleans(),
        reason=st.sampled_from(list(ActorChangeReason)),
        verdict=verdicts,
        seed=seeds,
    )
    def remove_actor(
        self,
        who: Who,
        platform: UUID,
        actor: UUID,
        sensible: bool,
        reason: ActorChangeReason,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """An actor leaves by decision; the coordinator's leaving leaves none (R-ACT-2);
        the last actor leaves only by closing (R-ACT-4). ``sensible`` picks a current actor
        from the model."""
        by = self._person(who, platform)
        if sensible:
            actor = self._pick(self.model.platforms[platform].actors, seed, actor)
        self._run(self._plan_leave(by, platform, actor, reason, verdict, seed))

    @rule(
        who=principals,
        platform=platforms,
        old=actors,
        new=actors,
        sensible=st.booleans(),
        reason=st.sampled_from(list(ActorChangeReason)),
        verdict=verdicts,
        seed=seeds,
    )
    def replace_actor(
        self,
        who: Who,
        platform: UUID,
        old: UUID,
        new: UUID,
        sensible: bool,
        reason: ActorChangeReason,
        verdict: Verdict,
        seed: int,
    ) -> None:
        """One actor is swapped for another by decision (Card 4). ``sensible`` picks a
        current actor and one from outside the platform from the model."""
        by = self._person(who, platform)
        if sensible:
            old = self._pick(self.model.platforms[platform].actors, seed, old)
            new = self._pick(self._outside(platform), seed, new)
        self._run(self._plan_replace(by, platform, old, new, reason, verdict, seed))

    @rule(who=principals, platform=platforms, ripple=ripples(), correcting=ripple_corrections)
    def record_ripple(self, who: Who, platform: UUID, ripple: Ripple, correcting: int) -> None:
        """Any member or the anchor records ripples on an open platform (R-RIP-1, R-PLAT-7);
        a correction refers to an earlier ripple (R-RIP-2)."""
        by = self._person(who, platform)
        self._run(self._plan_ripple(by, platform, ripple, correcting))

    # --- driving forward, and forbidden triggers -----------------------------------------

    @precondition(lambda self: bool(self._advanceable()))
    @rule(seed=seeds, steps=st.integers(1, 8))
    def advance(self, seed: int, steps: int) -> None:
        """Take a platform whose next step the lifecycle table allows further along the happy
        path: coordinator, onboarding, first meeting, goals, baselines, resume."""
        platform = random.Random(seed).choice(self._advanceable())
        for _ in range(steps):
            plan = self._next_step(platform)
            if plan is None or plan.refusals:
                return
            self._run(plan)

    @precondition(lambda self: self.model.state != InitiativeState.CONCLUDED)
    @rule()
    def advance_initiative(self) -> None:
        """Take the initiative one phase further: workshop, start of phase 6, or closing
        every open platform by decision and concluding (R-INIT-1, R-INIT-2)."""
        w = self.model
        if not w.workshop:
            self._run(self._plan_workshop(w.anchor))
        elif w.state == InitiativeState.PREPARING:
            self._run(self._plan_start(w.anchor))
        else:
            for ident, p in w.platforms.items():
                if p.state in PLATFORM_OPEN:
                    plan = self._plan_close(
                        self._speaker(p.actors),
                        ident,
                        ClosureReason.GOALS_REACHED,
                        "none",
                        "passes",
                        0,
                    )
                    if plan.refusals:
                        note(f"{self._platform(ident)} cannot close: {plan.refusals}")
                        return
                    self._run(plan)
            self._run(self._plan_conclude(w.anchor))

    @rule(platform=platforms, seed=seeds)
    def forbidden_trigger(self, platform: UUID, seed: int) -> None:
        """A trigger the lifecycle table does not allow from the platform's state is refused
        with a LifecycleViolation naming it, even when everything else about it is right."""
        state = self.model.platforms[platform].state
        allowed = PLATFORM.allowed_triggers(state)
        candidates = []
        for trigger in _ATTEMPTED:
            if trigger in allowed:
                continue
            plan = self._best_attempt(trigger, platform)
            if plan is not None and plan.refusals == (Refusal(LifecycleViolation, trigger),):
                candidates.append((trigger, plan))
        if not candidates:
            note(f"no forbidden trigger of {self._platform(platform)} ({state}) to try")
            return
        trigger, plan = random.Random(seed).choice(candidates)
        refused = self._run(plan, expect_refusal=True)
        assert isinstance(refused, LifecycleViolation)
        assert (refused.lifecycle, refused.state, refused.trigger) == ("platform", state, trigger)

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def stored_events_rebuild_the_live_aggregates(self) -> None:
        """Every aggregate the store changed was saved by a command, rebuilds from its events
        into the live aggregate, and is not a closed or merged platform."""
        store = self._store
        changed = store.changed()
        assert changed == store.saved, (
            f"store changed {sorted(map(str, changed))}, saves {sorted(map(str, store.saved))}"
        )
        store.saved = set()
        for ident in changed:
            assert ident not in self._terminal, f"closed or merged platform {ident} changed"
            rebuilt = store.rebuild(ident)
            live = store.live[ident]
            assert rebuilt == live, f"{ident} rebuilt as {rebuilt!r}, live {live!r}"
        for ident, live in store.live.items():
            if isinstance(live, Platform) and live.state not in PLATFORM_OPEN:
                self._terminal.setdefault(ident, live.version)

    @invariant()
    def platform_states_are_in_the_table(self) -> None:
        """Each platform's state is one of the table's states, reachable from ``established``."""
        for platform in self._live_platforms():
            assert platform.state in PLATFORM.states, f"{platform.state!r} is no platform state"
            assert platform.state in _REACHABLE, f"{platform.state!r} is not reachable"

    @invariant()
    def goals_stay_within_the_policy(self) -> None:
        """From ``goals_set`` on a platform has goals_min..goals_max current goals (R-GOAL-1)
        covering both horizons (R-GOAL-4)."""
        policy = self.model.policies
        for platform in self._live_platforms():
            if platform.goals:
                count = len(platform.current_goals)
                assert policy.goals_min <= count <= policy.goals_max, f"R-GOAL-1: {count} goals"
                assert len(platform.horizons()) == 2, "R-GOAL-4: one horizon only"

    @invariant()
    def active_exactly_when_every_goal_has_a_baseline(self) -> None:
        """A platform with goals is ``active`` once every current goal has a baseline, and
        ``goals_set`` while one lacks it (R-PLAT-3)."""
        for platform in self._live_platforms():
            state = (
                platform.standby_from if platform.state == PlatformState.STANDBY else platform.state
            )
            if state in PLATFORM_WITH_GOALS:
                baselined = all(r.baseline for r in platform.current_goals.values())
                expected = PlatformState.ACTIVE if baselined else PlatformState.GOALS_SET
                assert state == expected, f"R-PLAT-3: {state} with baselined={baselined}"

    @invariant()
    def coordinator_is_a_current_actor_or_none(self) -> None:
        """The coordinator is a current actor through one of its persons, or there is none
        (R-ACT-1, R-ACT-2)."""
        for platform in self._live_platforms():
            chosen = platform.coordinator
            if chosen is not None:
                assert chosen.actor in platform.actors, "R-ACT-2: the coordinator's actor left"
                represents = self.model.persons[chosen.person]
                assert represents == chosen.actor, "R-ACT-1: the coordinator's person"

    @invariant()
    def open_platforms_keep_an_actor(self) -> None:
        """An open platform always has at least one current actor (R-ACT-4)."""
        for platform in self._live_platforms():
            if platform.is_open:
                assert platform.actors, f"R-ACT-4: open platform {platform.id} has no actor"

    @invariant()
    def closed_and_merged_platforms_never_change(self) -> None:
        """A closed or merged platform keeps the version it finished with (R-PLAT-7)."""
        for ident, version in self._terminal.items():
            assert self._store.live[ident].version == version, f"R-PLAT-7: {ident} changed"

    @invariant()
    def the_application_agrees_with_the_model(self) -> None:
        """States, actors, onboarding, coordinators, goals and ripples are as predicted."""
        w = self.model
        initiative = self._store.live[w.initiative]
        assert isinstance(initiative, Initiative)
        assert (initiative.state, initiative.anchor) == (w.state, w.anchor)
        assert (initiative.workshop_held_on is not None) == w.workshop
        assert initiative.platforms == frozenset(w.platforms)
        assert initiative.ripple_count == w.ripples
        assert initiative.policies == w.policies
        assert {a.id for a in initiative.actors} == set(w.actors)
        for ident, expected in w.platforms.items():
            live = self._store.live[ident]
            assert isinstance(live, Platform)
            assert (live.state, live.standby_from) == (expected.state, expected.standby_from)
            assert live.actors == set(expected.actors)
            assert live.pending_onboarding == expected.pending
            assert live.coordinator == expected.coordinator
            assert live.ripple_count == expected.ripples
            statuses = {k: (r.goal, r.status, r.baseline) for k, r in live.goals.items()}
            assert statuses == {
                k: (g.goal, g.status, g.baseline) for k, g in expected.goals.items()
            }

    # --- running a plan ------------------------------------------------------------------

    def _run(self, plan: Plan, expect_refusal: bool = False) -> DomainError | None:
        """Run one command and check it against the model: accepted exactly when the model
        sees no refusal, refused only for a reason the model sees, and a refusal writes
        nothing. Returns the refusal, if any."""
        self.today += timedelta(days=1)
        expected = ", ".join(f"{r.error.__name__}({r.detail})" for r in plan.refusals)
        note(f"{self.today}: {plan.step} -> expect {expected or 'success'}")
        before = self._store.max_id()
        refused: DomainError | None = None
        result: object = None
        try:
            result = plan.command()
        except DomainError as error:
            refused = error
        if refused is not None:
            note(f"    refused: {refused}")
            assert self._store.max_id() == before, f"the refused {plan.step} wrote events"
            assert plan.refusals, f"{plan.step} was refused ({refused!r}); the model saw no reason"
            assert any(r.matches(refused) for r in plan.refusals), (
                f"{plan.step} was refused with {refused!r}; the model expected {expected}"
            )
            return refused
        assert not plan.refusals, f"{plan.step} was accepted; the model expected {expected}"
        assert not expect_refusal, f"{plan.step} was accepted; a refusal was expected"
        assert self._store.max_id() > before, f"{plan.step} was accepted but recorded nothing"
        plan.update(result)
        return None

    # --- the store ------------------------------------------------------------------------

    def _live_platforms(self) -> Iterable[Platform]:
        for ident in self.model.platforms:
            platform = self._store.live[ident]
            assert isinstance(platform, Platform)
            yield platform


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
