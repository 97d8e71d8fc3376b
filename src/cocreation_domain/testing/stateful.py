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
from collections.abc import Callable, Collection, Iterable, Sequence
from copy import deepcopy
from datetime import date, timedelta
from typing import Any, Literal, TypeVar
from uuid import UUID

import attrs
from eventsourcing.application import project_aggregate
from eventsourcing.domain import BaseAggregate
from eventsourcing.popo import POPOApplicationRecorder
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
    INITIATIVE,
    PLATFORM,
    ActorChangeReason,
    Baseline,
    ClosureReason,
    Consent,
    Contribution,
    Coordinator,
    DomainError,
    Goal,
    GoalKind,
    GoalProgress,
    GoalStatus,
    Initiative,
    Lifecycle,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    Platform,
    Policies,
    Ripple,
    RuleViolation,
)
from cocreation_domain.testing.scenario import sample_goals
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

__all__ = ["PlatformLifecycleMachine", "Refusal", "reachable_states"]

R = TypeVar("R")

_OPEN = frozenset({"established", "focused", "goals_set", "active", "standby"})
_WORKING = _OPEN - {"standby"}


def reachable_states(lifecycle: Lifecycle) -> frozenset[str]:
    """The states a lifecycle's table reaches from its initial state."""
    reached = {lifecycle.initial}
    frontier = [lifecycle.initial]
    while frontier:
        state = frontier.pop()
        for row in lifecycle.table:
            sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
            dest = state if row["dest"] == "=" else row["dest"]
            if state in sources and dest not in reached:
                reached.add(dest)
                frontier.append(dest)
    return frozenset(reached)


@attrs.frozen
class Refusal:
    """A refusal the model predicts: the error's class and, where it has one, its detail.

    The detail is the rule id of a :class:`RuleViolation`, the role of a
    :class:`NotPermitted`, the trigger of a :class:`LifecycleViolation` and the kind of a
    :class:`NotFound`; ``None`` accepts any.
    """

    error: type[DomainError]
    detail: str | None = None

    def matches(self, error: DomainError) -> bool:
        """Whether ``error`` is this refusal."""
        return isinstance(error, self.error) and self.detail in (None, _detail(error))


def _detail(error: DomainError) -> str | None:
    if isinstance(error, RuleViolation):
        return error.rule
    if isinstance(error, NotPermitted):
        return error.role
    if isinstance(error, LifecycleViolation):
        return error.trigger
    if isinstance(error, NotFound):
        return error.kind
    return None


def _rule(rule_id: str) -> Refusal:
    return Refusal(RuleViolation, rule_id)


def _role(role: str) -> Refusal:
    return Refusal(NotPermitted, role)


def _blank(text: str | None) -> bool:
    return not (text and text.strip())


# --- the model ---------------------------------------------------------------------------


@attrs.define
class _GoalModel:
    goal: Goal
    status: GoalStatus = GoalStatus.CURRENT
    baseline: Baseline | None = None


@attrs.define
class _PlatformModel:
    actors: list[UUID]
    pending: set[UUID]
    state: str = "established"
    coordinator: Coordinator | None = None
    goals: dict[str, _GoalModel] = attrs.Factory(dict)
    standby_from: str | None = None
    ripples: int = 0

    def current_goals(self) -> dict[str, _GoalModel]:
        return {k: g for k, g in self.goals.items() if g.status is not GoalStatus.DROPPED}


@attrs.define
class _World:
    initiative: UUID
    anchor: UUID
    policies: Policies
    state: str = "preparing"
    workshop: bool = False
    actors: list[UUID] = attrs.Factory(list)
    representatives: dict[UUID, list[UUID]] = attrs.Factory(dict)
    persons: dict[UUID, UUID | None] = attrs.Factory(dict)
    """Every person of the run and the actor they represent (or None)."""
    platforms: dict[UUID, _PlatformModel] = attrs.Factory(dict)
    ripples: int = 0


@attrs.frozen
class _Plan:
    """One command: its lifecycle trigger, a readable step, the refusals the model expects,
    how to run it and how the model changes when it is accepted."""

    trigger: str
    step: str
    refusals: tuple[Refusal, ...]
    command: Callable[[], object]
    update: Callable[[object], None] = lambda _: None


def _goal_set_refusals(goal_set: Sequence[Goal], policy: Policies) -> list[Refusal]:
    """R-GOAL-1..4 as the model reads them, independent of ``rules.check_goal_set``."""
    found = []
    if not policy.goals_min <= len(goal_set) <= policy.goals_max:
        found.append(_rule("R-GOAL-1"))
    for goal in goal_set:
        if _blank(goal.title) or _blank(goal.serves_challenge):
            found.append(_rule("R-GOAL-1"))
        if goal.kind is GoalKind.QUANTITATIVE and (_blank(goal.indicator) or _blank(goal.unit)):
            found.append(_rule("R-GOAL-2"))
        if goal.kind is GoalKind.HYPOTHESIS and (_blank(goal.argument) or _blank(goal.weaknesses)):
            found.append(_rule("R-GOAL-3"))
    if len({g.horizon for g in goal_set}) < 2:
        found.append(_rule("R-GOAL-4"))
    return found


def _baseline_refusals(goal: Goal, baseline: Baseline) -> list[Refusal]:
    found = []
    if _blank(baseline.description):
        found.append(_rule("R-PLAT-3"))
    if goal.kind is GoalKind.QUANTITATIVE and baseline.value is None:
        found.append(_rule("R-GOAL-2"))
    return found


Who = UUID | Literal["anchor", "member"]
"""A principal as a rule draws it: a person of the run, or whoever is the anchor now, or a
person speaking for a current actor of the platform concerned (the model picks one)."""

verdicts = st.one_of(st.just("passes"), st.sampled_from(VERDICTS))
seeds = st.integers(0, 255)
maybe_blank = st.sampled_from([False, False, False, True]).flatmap(
    lambda blank: blanks() if blank else texts()
)
goal_numbers = st.integers(1, 7)
ripple_corrections = st.integers(0, 3)


class PlatformLifecycleMachine(RuleBasedStateMachine):
    """One initiative with several platforms, driven by random principals and decisions.

    ``make_app`` builds the application under test; the machine calls it once and closes the
    application at teardown. To rebuild aggregates "from scratch" it replays the stored
    events: through a second application over the same store for SQLite and PostgreSQL, and
    through :func:`eventsourcing.application.project_aggregate` over the application's own
    event store for plain Python objects (and in-memory SQLite), where a second application
    would see an empty store. To know the live aggregates it keeps a copy of every aggregate
    the application saves (it wraps the application's ``save``).
    """

    persons: Bundle[UUID] = Bundle("persons")
    actors: Bundle[UUID] = Bundle("actors")
    platforms: Bundle[UUID] = Bundle("platforms")
    principals = st.one_of(persons, st.just("anchor"), st.just("member"))

    def __init__(self, make_app: Callable[[], CoCreation], start: date = date(2025, 1, 6)):
        super().__init__()
        self.app = make_app()
        self._reader = self._second_application(self.app)
        self._live: dict[UUID, BaseAggregate[UUID]] = {}
        self._saved: set[UUID] = set()
        self._terminal: dict[UUID, int] = {}
        self._spy_on_saves()
        self._checked_upto = self._max_id()
        self.today = start
        app = self.app
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=start)
        outsider = app.register_person("Olga Udenfor", on=start)
        initiative = app.found_initiative(
            anchor, "Safe Harbour", "young people drifting into crime", on=start
        )
        self.model = _World(initiative=initiative, anchor=anchor, policies=Policies())
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

        class Bound(cls):  # type: ignore[valid-type,misc]
            def __init__(self) -> None:
                super().__init__(make_app)

        Bound.__name__ = Bound.__qualname__ = cls.__name__
        return Bound

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
        if self._reader is not None:
            self._reader.close()
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
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "hand_over_anchor")]

        def update(_: object) -> None:
            w.anchor = to

        self._run(
            _Plan(
                "hand_over_anchor",
                f"hand_over_anchor(by={self._who(by)}, to={self._who(to)})",
                tuple(refusals),
                lambda: self.app.hand_over_anchor(by, w.initiative, to, on=self.today),
                update,
            )
        )

    @rule(who=principals, quorum=st.integers(-2, 101))
    def change_quorum(self, who: Who, quorum: int) -> None:
        """The anchor changes the decision quorum; it stays within 0-99 % (R-FLAT-3)."""
        by = self._person(who, None)
        policy = attrs.evolve(self.model.policies, quorum_percent=quorum)
        self._run(self._plan_change_policies(by, policy))

    @rule(target=actors, who=principals, name=st.one_of(actor_names(), blanks()))
    def register_actor(self, who: Who, name: str) -> MultipleResults[UUID]:
        """The anchor registers one more organisation taking part."""
        by = self._person(who, None)
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "register_actor")]
        if _blank(name):
            refusals.append(_rule("R-ACT-1"))
        made: list[UUID] = []

        def update(actor: object) -> None:
            assert isinstance(actor, UUID)
            w.actors.append(actor)
            w.representatives[actor] = []
            made.append(actor)

        self._run(
            _Plan(
                "register_actor",
                f"register_actor(by={self._who(by)}, name={name!r})",
                tuple(refusals),
                lambda: self.app.register_actor(by, w.initiative, name, on=self.today),
                update,
            )
        )
        return multiple(*made)

    @precondition(lambda self: self.model.state != "concluded")
    @rule(target=persons, who=principals, actor=actors, name=st.one_of(person_names(), blanks()))
    def register_representative(self, who: Who, actor: UUID, name: str) -> MultipleResults[UUID]:
        """The anchor registers a person speaking for an actor (R-FLAT-1: still one voice)."""
        by = self._person(who, None)
        w = self.model
        refusals = self._anchor(by)
        if _blank(name):
            refusals.append(_rule("R-PII-1"))
        made: list[UUID] = []

        def update(person: object) -> None:
            assert isinstance(person, UUID)
            w.representatives[actor].append(person)
            w.persons[person] = actor
            made.append(person)

        self._run(
            _Plan(
                "add_representative",
                f"register_person({name!r}, by={self._who(by)}, actor={self._actor(actor)})",
                tuple(refusals),
                lambda: self.app.register_person(
                    name, by=by, initiative=w.initiative, actor=actor, on=self.today
                ),
                update,
            )
        )
        return multiple(*made)

    @rule(who=principals, ripple=ripples(), correcting=ripple_corrections)
    def record_initiative_ripple(self, who: Who, ripple: Ripple, correcting: int) -> None:
        """Any member or the anchor records ripples on the initiative until it concludes
        (R-RIP-1); a correction refers to an earlier ripple (R-RIP-2)."""
        by = self._person(who, None)
        w = self.model
        if correcting:
            ripple = attrs.evolve(ripple, corrects=f"R{correcting}")
        trigger = "correct_ripple" if correcting else "record_ripple"
        refusals = self._lifecycle(INITIATIVE, trigger)
        if by != w.anchor and w.persons[by] is None:
            refusals.append(_role("member or anchor"))
        if correcting > w.ripples:
            refusals.append(Refusal(NotFound, "ripple"))

        def update(_: object) -> None:
            w.ripples += 1

        self._run(
            _Plan(
                trigger,
                f"record_initiative_ripple(by={self._who(by)}, corrects={ripple.corrects!r})",
                tuple(refusals),
                lambda: self.app.record_initiative_ripple(by, w.initiative, ripple, on=self.today),
                update,
            )
        )

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
        p = self.model.platforms[platform]
        key = f"G{number}"
        refusals = [
            *self._member_or_anchor(by, p),
            *self._lifecycle(PLATFORM, "record_goal_progress", p.state),
        ]
        record = p.current_goals().get(key)
        if record is None:
            refusals.append(Refusal(NotFound, "goal"))
        elif record.goal.kind is GoalKind.QUANTITATIVE and value is None:
            refusals.append(_rule("R-GOAL-2"))
        if _blank(observation):
            refusals.append(_rule("R-GOAL-2"))
        progress = GoalProgress(observation=observation, observed_on=self.today, value=value)
        self._run(
            _Plan(
                "record_goal_progress",
                f"record_goal_progress(by={self._who(by)}, {self._platform(platform)}, {key})",
                tuple(refusals),
                lambda: self.app.record_goal_progress(by, platform, key, progress, on=self.today),
            )
        )

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
            working = [t for t, q in self.model.platforms.items() if q.state in _WORKING]
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

    @precondition(lambda self: self.model.state != "concluded")
    @rule()
    def advance_initiative(self) -> None:
        """Take the initiative one phase further: workshop, start of phase 6, or closing
        every open platform by decision and concluding (R-INIT-1, R-INIT-2)."""
        w = self.model
        if not w.workshop:
            self._run(self._plan_workshop(w.anchor))
        elif w.state == "preparing":
            self._run(self._plan_start(w.anchor))
        else:
            for ident, p in w.platforms.items():
                if p.state in _OPEN:
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
        changed = self._changed_in_store()
        assert changed == self._saved, (
            f"store changed {sorted(map(str, changed))}, saves {sorted(map(str, self._saved))}"
        )
        self._saved = set()
        for ident in changed:
            assert ident not in self._terminal, f"closed or merged platform {ident} changed"
            rebuilt = self._rebuild(ident)
            assert rebuilt == self._live[ident], f"{ident} rebuilt {rebuilt!r}, live {ident!r}"
        for ident, live in self._live.items():
            if isinstance(live, Platform) and live.state not in _OPEN:
                self._terminal.setdefault(ident, live.version)

    @invariant()
    def platform_states_are_in_the_table(self) -> None:
        """Each platform's state is one of the table's states, reachable from ``established``."""
        for platform in self._live_platforms():
            assert platform.state in PLATFORM.states
            assert platform.state in _REACHABLE

    @invariant()
    def goals_stay_within_the_policy(self) -> None:
        """From ``goals_set`` on a platform has goals_min..goals_max current goals (R-GOAL-1)
        covering both horizons (R-GOAL-4)."""
        policy = self.model.policies
        for platform in self._live_platforms():
            if platform.goals:
                assert policy.goals_min <= len(platform.current_goals) <= policy.goals_max
                assert len(platform.horizons()) == 2

    @invariant()
    def active_exactly_when_every_goal_has_a_baseline(self) -> None:
        """A platform with goals is ``active`` once every current goal has a baseline, and
        ``goals_set`` while one lacks it (R-PLAT-3)."""
        for platform in self._live_platforms():
            state = platform.standby_from if platform.state == "standby" else platform.state
            if state in ("goals_set", "active"):
                baselined = all(r.baseline for r in platform.current_goals.values())
                assert state == ("active" if baselined else "goals_set")

    @invariant()
    def coordinator_is_a_current_actor_or_none(self) -> None:
        """The coordinator is a current actor through one of its persons, or there is none
        (R-ACT-1, R-ACT-2)."""
        for platform in self._live_platforms():
            chosen = platform.coordinator
            if chosen is not None:
                assert chosen.actor in platform.actors
                assert self.model.persons[chosen.person] == chosen.actor

    @invariant()
    def open_platforms_keep_an_actor(self) -> None:
        """An open platform always has at least one current actor (R-ACT-4)."""
        for platform in self._live_platforms():
            if platform.is_open:
                assert platform.actors

    @invariant()
    def closed_and_merged_platforms_never_change(self) -> None:
        """A closed or merged platform keeps the version it finished with (R-PLAT-7)."""
        for ident, version in self._terminal.items():
            assert self._live[ident].version == version

    @invariant()
    def the_application_agrees_with_the_model(self) -> None:
        """States, actors, onboarding, coordinators, goals and ripples are as predicted."""
        w = self.model
        initiative = self._live[w.initiative]
        assert isinstance(initiative, Initiative)
        assert (initiative.state, initiative.anchor) == (w.state, w.anchor)
        assert (initiative.workshop_held_on is not None) == w.workshop
        assert initiative.platforms == frozenset(w.platforms)
        assert len(initiative.ripples) == w.ripples
        assert initiative.policies == w.policies
        assert {a.id for a in initiative.actors} == set(w.actors)
        for ident, expected in w.platforms.items():
            live = self._live[ident]
            assert isinstance(live, Platform)
            assert (live.state, live.standby_from) == (expected.state, expected.standby_from)
            assert live.actors == set(expected.actors)
            assert live.pending_onboarding == expected.pending
            assert live.coordinator == expected.coordinator
            assert len(live.ripples) == expected.ripples
            statuses = {k: (r.goal, r.status, r.baseline) for k, r in live.goals.items()}
            assert statuses == {
                k: (g.goal, g.status, g.baseline) for k, g in expected.goals.items()
            }

    # --- plans: one per command, shared by the rules, ``advance`` and ``forbidden_trigger``

    def _plan_workshop(self, by: UUID) -> _Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "hold_establishment_workshop")]
        if w.workshop:
            refusals.append(_rule("R-INIT-1"))

        def update(_: object) -> None:
            w.workshop = True

        return _Plan(
            "hold_establishment_workshop",
            f"hold_establishment_workshop(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.hold_establishment_workshop(by, w.initiative, on=self.today),
            update,
        )

    def _plan_start(self, by: UUID) -> _Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "start_co_creation")]
        if not w.workshop or not w.platforms:
            refusals.append(_rule("R-INIT-1"))

        def update(_: object) -> None:
            w.state = "co_creating"

        return _Plan(
            "start_co_creation",
            f"start_co_creation(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.start_co_creation(by, w.initiative, on=self.today),
            update,
        )

    def _plan_conclude(self, by: UUID) -> _Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "conclude")]
        if any(p.state in _OPEN for p in w.platforms.values()):
            refusals.append(_rule("R-INIT-2"))

        def update(_: object) -> None:
            w.state = "concluded"

        return _Plan(
            "conclude",
            f"conclude_initiative(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.conclude_initiative(by, w.initiative, on=self.today),
            update,
        )

    def _plan_change_policies(self, by: UUID, policy: Policies) -> _Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "change_policies")]
        if not 0 <= policy.quorum_percent < 100 or policy.goals_min > policy.goals_max:
            refusals.append(_rule("R-FLAT-3"))

        def update(_: object) -> None:
            w.policies = policy

        return _Plan(
            "change_policies",
            f"change_policies(by={self._who(by)}, {policy!r})",
            tuple(refusals),
            lambda: self.app.change_policies(by, w.initiative, policy, on=self.today),
            update,
        )

    def _plan_establish(
        self, by: UUID, members: Sequence[UUID], name: str, made: list[UUID]
    ) -> _Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "register_platform")]
        if not members:
            refusals.append(_rule("R-ACT-4"))
        if _blank(name):
            refusals.append(_rule("R-PLAT-1"))
        after_start = w.state != "preparing"

        def update(platform: object) -> None:
            assert isinstance(platform, UUID)
            pending = set(members) if after_start else set()
            w.platforms[platform] = _PlatformModel(actors=list(members), pending=pending)
            made.append(platform)

        actors = ", ".join(self._actor(a) for a in members)
        return _Plan(
            "register_platform",
            f"establish_platform(by={self._who(by)}, {name!r}, actors=[{actors}])",
            tuple(refusals),
            lambda: self.app.establish_platform(by, w.initiative, name, members, on=self.today),
            update,
        )

    def _plan_choose_coordinator(
        self, by: UUID, platform: UUID, actor: UUID, person: UUID, verdict: Verdict, seed: int
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        chosen = Coordinator(actor=actor, person=person)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "choose_coordinator", p.state)]
        if actor not in p.actors or self.model.persons[person] != actor or chosen == p.coordinator:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.coordinator = chosen

        return _Plan(
            "choose_coordinator",
            f"choose_coordinator(by={self._who(by)}, {self._platform(platform)}, "
            f"{self._actor(actor)} through {self._who(person)}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.choose_coordinator(
                by, platform, actor, person, consent, on=self.today
            ),
            update,
        )

    def _plan_onboard(
        self, by: UUID, platform: UUID, actor: UUID, topics: Collection[OnboardingTopic]
    ) -> _Plan:
        p = self.model.platforms[platform]
        refusals = [*self._anchor(by), *self._lifecycle(PLATFORM, "onboard_actor", p.state)]
        if actor not in p.actors:
            refusals.append(_rule("R-ACT-1"))
        if set(topics) != set(OnboardingTopic):
            refusals.append(_rule("R-PLAT-1"))

        def update(_: object) -> None:
            p.pending.discard(actor)

        return _Plan(
            "onboard_actor",
            f"onboard_actor(by={self._who(by)}, {self._platform(platform)}, "
            f"{self._actor(actor)}, topics={sorted(topics)})",
            tuple(refusals),
            lambda: self.app.onboard_actor(by, platform, actor, topics, on=self.today),
            update,
        )

    def _plan_first_meeting(self, by: UUID, platform: UUID, focus: str, contributors: int) -> _Plan:
        p = self.model.platforms[platform]
        refusals = self._coordinator(by, p) + self._lifecycle(
            PLATFORM, "hold_first_meeting", p.state
        )
        if p.pending:
            refusals.append(_rule("R-PLAT-1"))
        if _blank(focus):
            refusals.append(_rule("R-PLAT-2"))
        contributions = [
            Contribution(actor=a, contribution="time") for a in p.actors[:contributors]
        ]

        def update(_: object) -> None:
            p.state = "focused"

        return _Plan(
            "hold_first_meeting",
            f"hold_first_meeting(by={self._who(by)}, {self._platform(platform)}, {focus!r})",
            tuple(refusals),
            lambda: self.app.hold_first_meeting(by, platform, focus, contributions, on=self.today),
            update,
        )

    def _plan_set_goals(
        self, by: UUID, platform: UUID, goal_set: Sequence[Goal], verdict: Verdict, seed: int
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "set_goals", p.state)]
        refusals += _goal_set_refusals(goal_set, self.model.policies)
        refusals += self._decision(consent, p.actors)
        first = len(p.goals) + 1

        def update(_: object) -> None:
            for number, goal in enumerate(goal_set, first):
                p.goals[f"G{number}"] = _GoalModel(attrs.evolve(goal, key=f"G{number}"))
            p.state = "goals_set"

        return _Plan(
            "set_goals",
            f"set_goals(by={self._who(by)}, {self._platform(platform)}, {len(goal_set)} goals, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.set_goals(by, platform, goal_set, consent, on=self.today),
            update,
        )

    def _plan_baseline(self, by: UUID, platform: UUID, key: str, baseline: Baseline) -> _Plan:
        p = self.model.platforms[platform]
        current = p.current_goals()
        refusals = [
            *self._member_or_anchor(by, p),
            *self._lifecycle(PLATFORM, "describe_baseline", p.state),
        ]
        if key not in current:
            refusals.append(Refusal(NotFound, "goal"))
        else:
            refusals += _baseline_refusals(current[key].goal, baseline)

        def update(_: object) -> None:
            p.goals[key].baseline = baseline
            if p.state == "goals_set" and all(g.baseline for g in p.current_goals().values()):
                p.state = "active"

        return _Plan(
            "describe_baseline",
            f"describe_baseline(by={self._who(by)}, {self._platform(platform)}, {key}, "
            f"{baseline!r})",
            tuple(refusals),
            lambda: self.app.describe_baseline(by, platform, key, baseline, on=self.today),
            update,
        )

    def _plan_reach(self, by: UUID, platform: UUID, key: str) -> _Plan:
        p = self.model.platforms[platform]
        refusals = [
            *self._member_or_anchor(by, p),
            *self._lifecycle(PLATFORM, "reach_goal", p.state),
        ]
        record = p.current_goals().get(key)
        if record is None:
            refusals.append(Refusal(NotFound, "goal"))
        elif record.status is GoalStatus.REACHED:
            refusals.append(_rule("R-GOAL-1"))

        def update(_: object) -> None:
            p.goals[key].status = GoalStatus.REACHED

        return _Plan(
            "reach_goal",
            f"reach_goal(by={self._who(by)}, {self._platform(platform)}, {key})",
            tuple(refusals),
            lambda: self.app.reach_goal(by, platform, key, on=self.today),
            update,
        )

    def _plan_add_goal(
        self, by: UUID, platform: UUID, goal: Goal, verdict: Verdict, seed: int
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        key = f"G{len(p.goals) + 1}"
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "add_goal", p.state)]
        goal_set = [g.goal for g in p.current_goals().values()] + [goal]
        refusals += _goal_set_refusals(goal_set, self.model.policies)
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.goals[key] = _GoalModel(attrs.evolve(goal, key=key))
            p.state = "goals_set"

        return _Plan(
            "add_goal",
            f"add_goal(by={self._who(by)}, {self._platform(platform)}, {goal!r}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.add_goal(by, platform, goal, consent, on=self.today),
            update,
        )

    def _plan_revise_goal(
        self, by: UUID, platform: UUID, key: str, goal: Goal, verdict: Verdict, seed: int
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        revised = attrs.evolve(goal, key=key)
        current = p.current_goals()
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "revise_goal", p.state)]
        if key not in current:
            refusals.append(Refusal(NotFound, "goal"))
        else:
            others = [g.goal for k, g in current.items() if k != key]
            refusals += _goal_set_refusals([*others, revised], self.model.policies)
            baseline = current[key].baseline
            if baseline is not None:
                refusals += _baseline_refusals(revised, baseline)
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.goals[key].goal = revised

        return _Plan(
            "revise_goal",
            f"revise_goal(by={self._who(by)}, {self._platform(platform)}, {revised!r}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.revise_goal(by, platform, revised, consent, on=self.today),
            update,
        )

    def _plan_drop_goal(
        self, by: UUID, platform: UUID, key: str, reason: str, verdict: Verdict, seed: int
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        current = p.current_goals()
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "drop_goal", p.state)]
        if key not in current:
            refusals.append(Refusal(NotFound, "goal"))
        else:
            remaining = [g.goal for k, g in current.items() if k != key]
            refusals += _goal_set_refusals(remaining, self.model.policies)
        if _blank(reason):
            refusals.append(_rule("R-GOAL-1"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.goals[key].status = GoalStatus.DROPPED
            if p.state == "goals_set" and all(g.baseline for g in p.current_goals().values()):
                p.state = "active"

        return _Plan(
            "drop_goal",
            f"drop_goal(by={self._who(by)}, {self._platform(platform)}, {key}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.drop_goal(by, platform, key, reason, consent, on=self.today),
            update,
        )

    def _plan_standby(
        self,
        by: UUID,
        platform: UUID,
        reason: str,
        aftercare: str,
        review_on: date | None,
        verdict: Verdict,
        seed: int,
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "put_on_standby", p.state)]
        if _blank(reason):
            refusals.append(_rule("R-PLAT-4"))
        if _blank(aftercare):
            refusals.append(_rule("R-PLAT-5"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.standby_from, p.state = p.state, "standby"

        return _Plan(
            "put_on_standby",
            f"put_on_standby(by={self._who(by)}, {self._platform(platform)}, {reason!r}, "
            f"{aftercare!r}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.put_on_standby(
                by, platform, reason, aftercare, consent, review_on=review_on, on=self.today
            ),
            update,
        )

    def _plan_resume(self, by: UUID, platform: UUID, verdict: Verdict, seed: int) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "resume", p.state)]
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            assert p.standby_from is not None
            p.state, p.standby_from = p.standby_from, None

        return _Plan(
            "resume",
            f"resume_platform(by={self._who(by)}, {self._platform(platform)}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.resume_platform(by, platform, consent, on=self.today),
            update,
        )

    def _plan_close(
        self,
        by: UUID,
        platform: UUID,
        reason: ClosureReason,
        aftercare: str,
        verdict: Verdict,
        seed: int,
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "close", p.state)]
        if _blank(aftercare):
            refusals.append(_rule("R-PLAT-5"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.state = "closed"

        return _Plan(
            "close",
            f"close_platform(by={self._who(by)}, {self._platform(platform)}, {reason!r}, "
            f"{aftercare!r}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.close_platform(
                by, platform, reason, aftercare, consent, on=self.today
            ),
            update,
        )

    def _plan_merge(
        self,
        by: UUID,
        source: UUID,
        target: UUID,
        verdict: Verdict,
        target_verdict: Verdict,
        seed: int,
    ) -> _Plan:
        s = self.model.platforms[source]
        t = self.model.platforms[target]
        consent = self._consent(s.actors, verdict, seed)
        target_consent = self._consent(t.actors, target_verdict, seed + 1)
        refusals = [*self._member(by, s), *self._lifecycle(PLATFORM, "merge", s.state)]
        if source == target or t.state not in _WORKING:
            refusals.append(_rule("R-PLAT-6"))
        refusals += self._decision(consent, s.actors)
        refusals += self._decision(target_consent, t.actors)

        def update(_: object) -> None:
            s.state = "merged"
            t.actors += [a for a in s.actors if a not in t.actors]

        return _Plan(
            "merge",
            f"merge_platforms(by={self._who(by)}, {self._platform(source)} into "
            f"{self._platform(target)}, {self._says(consent)}, {self._says(target_consent)})",
            tuple(refusals),
            lambda: self.app.merge_platforms(
                by, source, target, consent, target_consent, on=self.today
            ),
            update,
        )

    def _plan_join(
        self, by: UUID, platform: UUID, actor: UUID, verdict: Verdict, seed: int
    ) -> _Plan:
        w = self.model
        p = w.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "join_actor", p.state)]
        if actor in p.actors:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)
        after_start = w.state != "preparing"

        def update(_: object) -> None:
            p.actors.append(actor)
            if after_start:
                p.pending.add(actor)

        persons = list(w.representatives[actor])
        return _Plan(
            "join_actor",
            f"join_actor(by={self._who(by)}, {self._platform(platform)}, {self._actor(actor)}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.join_actor(
                by, platform, actor, consent, persons=persons, on=self.today
            ),
            update,
        )

    def _plan_leave(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        reason: ActorChangeReason,
        verdict: Verdict,
        seed: int,
    ) -> _Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "leave_actor", p.state)]
        if actor not in p.actors:
            refusals.append(_rule("R-ACT-1"))
        elif p.actors == [actor]:
            refusals.append(_rule("R-ACT-4"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.actors.remove(actor)
            p.pending.discard(actor)
            if p.coordinator is not None and p.coordinator.actor == actor:
                p.coordinator = None

        return _Plan(
            "leave_actor",
            f"remove_actor(by={self._who(by)}, {self._platform(platform)}, {self._actor(actor)}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.remove_actor(by, platform, actor, reason, consent, on=self.today),
            update,
        )

    def _plan_replace(
        self,
        by: UUID,
        platform: UUID,
        old: UUID,
        new: UUID,
        reason: ActorChangeReason,
        verdict: Verdict,
        seed: int,
    ) -> _Plan:
        w = self.model
        p = w.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "replace_actor", p.state)]
        if old not in p.actors or new in p.actors:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)
        after_start = w.state != "preparing"

        def update(_: object) -> None:
            p.actors[p.actors.index(old)] = new
            p.pending.discard(old)
            if after_start:
                p.pending.add(new)
            if p.coordinator is not None and p.coordinator.actor == old:
                p.coordinator = None

        return _Plan(
            "replace_actor",
            f"replace_actor(by={self._who(by)}, {self._platform(platform)}, {self._actor(old)} "
            f"by {self._actor(new)}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.replace_actor(by, platform, old, new, reason, consent, on=self.today),
            update,
        )

    def _plan_ripple(self, by: UUID, platform: UUID, ripple: Ripple, correcting: int) -> _Plan:
        p = self.model.platforms[platform]
        if correcting:
            ripple = attrs.evolve(ripple, corrects=f"R{correcting}")
        trigger = "correct_ripple" if correcting else "record_ripple"
        refusals = [*self._member_or_anchor(by, p), *self._lifecycle(PLATFORM, trigger, p.state)]
        if _blank(ripple.description) or not ripple.beneficiaries:
            refusals.append(_rule("R-RIP-1"))
        if correcting > p.ripples:
            refusals.append(Refusal(NotFound, "ripple"))

        def update(_: object) -> None:
            p.ripples += 1

        return _Plan(
            trigger,
            f"record_ripple(by={self._who(by)}, {self._platform(platform)}, "
            f"corrects={ripple.corrects!r})",
            tuple(refusals),
            lambda: self.app.record_ripple(by, platform, ripple, on=self.today),
            update,
        )

    # --- the happy path and the best attempt at each trigger -----------------------------

    def _next_step(self, platform: UUID) -> _Plan | None:
        """The next step along the happy path, or None when there is none to take."""
        p = self.model.platforms[platform]
        if p.state not in _OPEN:
            return None
        if p.state == "standby":
            return self._plan_resume(self._speaker(p.actors), platform, "passes", 0)
        if p.coordinator is None:
            pairs = [(a, r) for a in p.actors for r in self.model.representatives[a]]
            if not pairs:
                return None
            actor, person = pairs[0]
            return self._plan_choose_coordinator(person, platform, actor, person, "passes", 0)
        if p.state == "established" and p.pending:
            return self._plan_onboard(self.model.anchor, platform, sorted(p.pending)[0], topics())
        if p.state == "established":
            return self._plan_first_meeting(p.coordinator.person, platform, "Safer nights", 2)
        if p.state == "focused":
            goal_set = sample_goals(self.model.policies.goals_min)
            return self._plan_set_goals(p.coordinator.person, platform, goal_set, "passes", 0)
        if p.state == "goals_set":
            key = next((k for k, g in p.current_goals().items() if g.baseline is None), None)
            if key is None:
                return None
            baseline = Baseline("as things stood", 5, self.today)
            return self._plan_baseline(self.model.anchor, platform, key, baseline)
        return None

    def _advanceable(self) -> list[UUID]:
        """Platforms whose next happy step the table allows and the model expects to pass."""
        found = []
        for ident, p in self.model.platforms.items():
            plan = self._next_step(ident)
            if plan and not plan.refusals and plan.trigger in PLATFORM.allowed_triggers(p.state):
                found.append(ident)
        return found

    def _best_attempt(self, trigger: str, platform: UUID) -> _Plan | None:
        """The command behind ``trigger`` with everything but the lifecycle right, if the
        model can make it so."""
        w = self.model
        p = w.platforms[platform]
        speaker = self._speaker(p.actors)
        coordinator = p.coordinator.person if p.coordinator else speaker
        current = list(p.current_goals())
        first_goal = current[0] if current else "G1"
        others = [t for t, q in w.platforms.items() if t != platform and q.state in _WORKING]
        outside = [a for a in w.actors if a not in p.actors]
        plans: dict[str, Callable[[], _Plan | None]] = {
            "hold_first_meeting": lambda: self._plan_first_meeting(
                coordinator, platform, "Focus", 0
            ),
            "set_goals": lambda: self._plan_set_goals(
                speaker, platform, sample_goals(w.policies.goals_min), "passes", 0
            ),
            "describe_baseline": lambda: self._plan_baseline(
                w.anchor, platform, first_goal, Baseline("start", 1)
            ),
            "reach_goal": lambda: self._plan_reach(w.anchor, platform, first_goal),
            "put_on_standby": lambda: self._plan_standby(
                speaker, platform, "awaiting a decision", "we meet again", None, "passes", 0
            ),
            "resume": lambda: self._plan_resume(speaker, platform, "passes", 0),
            "close": lambda: self._plan_close(
                speaker, platform, ClosureReason.OTHER, "handed over", "passes", 0
            ),
            "merge": lambda: (
                self._plan_merge(speaker, platform, others[0], "passes", "passes", 0)
                if others
                else None
            ),
            "join_actor": lambda: (
                self._plan_join(speaker, platform, outside[0], "passes", 0) if outside else None
            ),
            "choose_coordinator": lambda: self._plan_choose_coordinator(
                speaker, platform, w.persons[speaker] or w.actors[0], speaker, "passes", 0
            ),
            "onboard_actor": lambda: self._plan_onboard(w.anchor, platform, p.actors[0], topics()),
            "record_ripple": lambda: self._plan_ripple(
                w.anchor,
                platform,
                Ripple("a new friendship", "new_relationship", ["own_platform"], self.today),
                0,
            ),
        }
        return plans[trigger]()

    # --- principals, decisions and the model's reading of them ---------------------------

    def _consent(self, actors: Sequence[UUID], verdict: Verdict, seed: int) -> Consent:
        """A consent of the platform's ``actors`` turning out as ``verdict``; ``seed`` picks
        which actors and persons speak, in the order the run created them."""
        w = self.model
        rng = random.Random(seed)
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
            chosen: set[UUID] = set()
            for actor in of:
                reps = w.representatives[actor]
                chosen.update(rng.sample(reps, rng.randint(1, len(reps))))
            return chosen

        yes, no = persons(consenting), persons(objecting)
        if verdict == "stranger":
            strangers = [q for q, a in w.persons.items() if a not in actors]
            yes.add(rng.choice(strangers))
        return Consent(consenting=yes, objecting=no)

    def _decision(self, consent: Consent, actors: Collection[UUID]) -> list[Refusal]:
        """R-FLAT-1..4 as the model reads them, independent of ``decisions.tally``: nobody
        speaking is no decision (R-FLAT-4); a stranger's voice, an objection or too few
        consenting actors fail it (R-FLAT-3)."""
        voices = consent.consenting | consent.objecting
        if not voices:
            return [_rule("R-FLAT-4")]
        if any(self.model.persons[v] not in actors for v in voices):
            return [_rule("R-FLAT-3")]
        consenting = {self.model.persons[v] for v in consent.consenting}
        needed = needed_for(len(actors), self.model.policies.quorum_percent)
        if consent.objecting or len(consenting) < needed:
            return [_rule("R-FLAT-3")]
        return []

    def _person(self, who: Who, platform: UUID | None) -> UUID:
        """The person behind a drawn principal."""
        if who == "anchor":
            return self.model.anchor
        if who == "member":
            actors = self.model.platforms[platform].actors if platform else self.model.actors
            return self._speaker(actors)
        assert isinstance(who, UUID)
        return who

    @staticmethod
    def _pick(candidates: Sequence[UUID], seed: int, otherwise: UUID) -> UUID:
        """One of ``candidates`` chosen by ``seed``, or ``otherwise`` when there is none."""
        return random.Random(seed).choice(candidates) if candidates else otherwise

    def _outside(self, platform: UUID) -> list[UUID]:
        """The initiative's actors that are not on the platform, in registration order."""
        on = self.model.platforms[platform].actors
        return [a for a in self.model.actors if a not in on]

    def _speaker(self, actors: Sequence[UUID]) -> UUID:
        """The first person who speaks for one of ``actors``, else the anchor."""
        for actor in actors:
            if self.model.representatives[actor]:
                return self.model.representatives[actor][0]
        return self.model.anchor

    def _anchor(self, by: UUID) -> list[Refusal]:
        return [] if by == self.model.anchor else [_role("anchor")]

    def _member(self, by: UUID, p: _PlatformModel) -> list[Refusal]:
        return [] if self.model.persons[by] in p.actors else [_role("member")]

    def _member_or_anchor(self, by: UUID, p: _PlatformModel) -> list[Refusal]:
        if by == self.model.anchor or self.model.persons[by] in p.actors:
            return []
        return [_role("member or anchor")]

    def _coordinator(self, by: UUID, p: _PlatformModel) -> list[Refusal]:
        if p.coordinator is not None and p.coordinator.person == by:
            return []
        return [_role("coordinator")]

    def _lifecycle(self, lifecycle: Lifecycle, trigger: str, state: str = "") -> list[Refusal]:
        state = state or self.model.state
        if trigger in lifecycle.allowed_triggers(state):
            return []
        return [Refusal(LifecycleViolation, trigger)]

    # --- running a plan ------------------------------------------------------------------

    def _run(self, plan: _Plan, expect_refusal: bool = False) -> DomainError | None:
        """Run one command and check it against the model: accepted exactly when the model
        sees no refusal, refused only for a reason the model sees, and a refusal writes
        nothing. Returns the refusal, if any."""
        self.today += timedelta(days=1)
        expected = ", ".join(f"{r.error.__name__}({r.detail})" for r in plan.refusals)
        note(f"{self.today}: {plan.step} -> expect {expected or 'success'}")
        before = self._max_id()
        refused: DomainError | None = None
        result: object = None
        try:
            result = plan.command()
        except DomainError as error:
            refused = error
        if refused is not None:
            note(f"    refused: {refused}")
            assert self._max_id() == before, f"the refused {plan.step} wrote events"
            assert plan.refusals, f"{plan.step} was refused ({refused!r}); the model saw no reason"
            assert any(r.matches(refused) for r in plan.refusals), (
                f"{plan.step} was refused with {refused!r}; the model expected {expected}"
            )
            return refused
        assert not plan.refusals, f"{plan.step} was accepted; the model expected {expected}"
        assert not expect_refusal, f"{plan.step} was accepted; a refusal was expected"
        assert self._max_id() > before, f"{plan.step} was accepted but recorded nothing"
        plan.update(result)
        return None

    # --- the store ------------------------------------------------------------------------

    @staticmethod
    def _second_application(app: CoCreation) -> CoCreation | None:
        """Another application over the same store, or None where it would see no events."""
        if isinstance(app.recorder, POPOApplicationRecorder):
            return None
        if "memory" in str(app.env.get("SQLITE_DBNAME", "")):
            return None
        return type(app)(env=dict(app.env))

    def _spy_on_saves(self) -> None:
        """Keep a copy of every aggregate the application saves with new events: the live one."""
        save = self.app.save

        def saving(*objs: Any, **kwargs: Any) -> Any:
            dirty = [o for o in objs if isinstance(o, BaseAggregate) and o.pending_events]
            recordings = save(*objs, **kwargs)
            for aggregate in dirty:
                self._live[aggregate.id] = deepcopy(aggregate)
                self._saved.add(aggregate.id)
            return recordings

        self.app.save = saving  # type: ignore[method-assign]

    def _max_id(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _changed_in_store(self) -> set[UUID]:
        """The aggregates whose events the store recorded since the last check."""
        changed: set[UUID] = set()
        while True:
            batch = self.app.recorder.select_notifications(
                self._checked_upto, 100, inclusive_of_start=False
            )
            if not batch:
                return changed
            changed.update(UUID(str(n.originator_id)) for n in batch)
            self._checked_upto = batch[-1].id

    def _rebuild(self, ident: UUID) -> BaseAggregate[UUID]:
        """The aggregate rebuilt from its stored events alone."""
        if self._reader is not None:
            rebuilt: BaseAggregate[UUID] = self._reader.repository.get(ident)
            return rebuilt
        replayed: BaseAggregate[UUID] | None = project_aggregate(None, self.app.events.get(ident))
        assert replayed is not None, f"no stored events of {ident}"
        return replayed

    def _live_platforms(self) -> Iterable[Platform]:
        for ident in self.model.platforms:
            platform = self._live[ident]
            assert isinstance(platform, Platform)
            yield platform

    # --- readable notes ------------------------------------------------------------------

    def _who(self, person: UUID) -> str:
        w = self.model
        if person == w.anchor:
            return "anchor"
        actor = w.persons.get(person)
        if actor is None:
            return "a person of no actor"
        number = w.representatives[actor].index(person) + 1
        return f"rep {number} of {self._actor(actor)}"

    def _actor(self, actor: UUID) -> str:
        return f"actor {self.model.actors.index(actor) + 1}"

    def _platform(self, platform: UUID) -> str:
        p = self.model.platforms[platform]
        return f"platform {list(self.model.platforms).index(platform) + 1} ({p.state})"

    def _says(self, consent: Consent) -> str:
        def actors(persons: Iterable[UUID]) -> str:
            return ", ".join(sorted({self._who(p) for p in persons}))

        return f"consenting [{actors(consent.consenting)}], objecting [{actors(consent.objecting)}]"


def topics() -> frozenset[OnboardingTopic]:
    """Every onboarding topic (R-PLAT-1)."""
    return frozenset(OnboardingTopic)


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
