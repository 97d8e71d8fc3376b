"""What :class:`~cocreation_domain.testing.stateful.PlatformLifecycleMachine` expects of the
application: a small model of one initiative and its platforms, and a plan for every command.

A plan names the command's lifecycle trigger, describes the step readably, lists the refusals
the model sees as legitimate (error class with its rule id, role, trigger or kind: the domain's
rules read independently of the library's own checks, so the order in which a command checks
them does not matter), runs the command, and updates the model when it is accepted. The
machine's rules draw the arguments; the plans here decide what should happen.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import Literal
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    INITIATIVE,
    PLATFORM,
    PLATFORM_OPEN,
    PLATFORM_WORKING,
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
    InitiativeState,
    Lifecycle,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    PlatformState,
    Policies,
    Ripple,
    RuleViolation,
)
from cocreation_domain.testing.scenario import sample_goals
from cocreation_domain.testing.strategies import Verdict, needed_for

__all__ = [
    "GoalModel",
    "Plan",
    "PlatformCommands",
    "PlatformModel",
    "Refusal",
    "Who",
    "World",
    "reachable_states",
]


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
class GoalModel:
    """A goal as the model holds it: the goal, its status and its baseline."""

    goal: Goal
    status: GoalStatus = GoalStatus.CURRENT
    baseline: Baseline | None = None


@attrs.define
class PlatformModel:
    """A platform as the model holds it; ``actors`` in the order they came to it."""

    actors: list[UUID]
    pending: set[UUID]
    state: str = PlatformState.ESTABLISHED
    coordinator: Coordinator | None = None
    goals: dict[str, GoalModel] = attrs.Factory(dict)
    standby_from: str | None = None
    ripples: int = 0

    def current_goals(self) -> dict[str, GoalModel]:
        """Goals not dropped, by key (R-GOAL-1)."""
        return {k: g for k, g in self.goals.items() if g.status is not GoalStatus.DROPPED}


@attrs.define
class World:
    """The initiative as the model holds it, everything in the order the run made it."""

    initiative: UUID
    anchor: UUID
    policies: Policies
    state: str = InitiativeState.PREPARING
    workshop: bool = False
    actors: list[UUID] = attrs.Factory(list)
    representatives: dict[UUID, list[UUID]] = attrs.Factory(dict)
    persons: dict[UUID, UUID | None] = attrs.Factory(dict)
    """Every person of the run and the actor they represent (or None)."""
    platforms: dict[UUID, PlatformModel] = attrs.Factory(dict)
    ripples: int = 0


@attrs.frozen
class Plan:
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


class PlatformCommands:
    """Every command of the machine as a plan over the model, and the model's reading of
    principals and decisions. Mixed into the machine, which provides ``app``, ``model`` and
    ``today``."""

    app: CoCreation
    model: World
    today: date

    # --- plans: one per command, shared by the rules, ``advance`` and ``forbidden_trigger``

    def _plan_workshop(self, by: UUID) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "hold_establishment_workshop")]
        if w.workshop:
            refusals.append(_rule("R-INIT-1"))

        def update(_: object) -> None:
            w.workshop = True

        return Plan(
            "hold_establishment_workshop",
            f"hold_establishment_workshop(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.hold_establishment_workshop(by, w.initiative, on=self.today),
            update,
        )

    def _plan_start(self, by: UUID) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "start_co_creation")]
        if not w.workshop or not w.platforms:
            refusals.append(_rule("R-INIT-1"))

        def update(_: object) -> None:
            w.state = InitiativeState.CO_CREATING

        return Plan(
            "start_co_creation",
            f"start_co_creation(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.start_co_creation(by, w.initiative, on=self.today),
            update,
        )

    def _plan_conclude(self, by: UUID) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "conclude")]
        if any(p.state in PLATFORM_OPEN for p in w.platforms.values()):
            refusals.append(_rule("R-INIT-2"))

        def update(_: object) -> None:
            w.state = InitiativeState.CONCLUDED

        return Plan(
            "conclude",
            f"conclude_initiative(by={self._who(by)})",
            tuple(refusals),
            lambda: self.app.conclude_initiative(by, w.initiative, on=self.today),
            update,
        )

    def _plan_hand_over(self, by: UUID, to: UUID) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "hand_over_anchor")]

        def update(_: object) -> None:
            w.anchor = to

        return Plan(
            "hand_over_anchor",
            f"hand_over_anchor(by={self._who(by)}, to={self._who(to)})",
            tuple(refusals),
            lambda: self.app.hand_over_anchor(by, w.initiative, to, on=self.today),
            update,
        )

    def _plan_register_actor(self, by: UUID, name: str, made: list[UUID]) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "register_actor")]
        if _blank(name):
            refusals.append(_rule("R-ACT-1"))

        def update(actor: object) -> None:
            assert isinstance(actor, UUID)
            w.actors.append(actor)
            w.representatives[actor] = []
            made.append(actor)

        return Plan(
            "register_actor",
            f"register_actor(by={self._who(by)}, name={name!r})",
            tuple(refusals),
            lambda: self.app.register_actor(by, w.initiative, name, on=self.today),
            update,
        )

    def _plan_representative(self, by: UUID, actor: UUID, name: str, made: list[UUID]) -> Plan:
        w = self.model
        refusals = self._anchor(by)
        if _blank(name):
            refusals.append(_rule("R-PII-1"))

        def update(person: object) -> None:
            assert isinstance(person, UUID)
            w.representatives[actor].append(person)
            w.persons[person] = actor
            made.append(person)

        return Plan(
            "add_representative",
            f"register_person({name!r}, by={self._who(by)}, actor={self._actor(actor)})",
            tuple(refusals),
            lambda: self.app.register_person(
                name, by=by, initiative=w.initiative, actor=actor, on=self.today
            ),
            update,
        )

    def _plan_initiative_ripple(self, by: UUID, ripple: Ripple, correcting: int) -> Plan:
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

        return Plan(
            trigger,
            f"record_initiative_ripple(by={self._who(by)}, corrects={ripple.corrects!r})",
            tuple(refusals),
            lambda: self.app.record_initiative_ripple(by, w.initiative, ripple, on=self.today),
            update,
        )

    def _plan_goal_progress(
        self, by: UUID, platform: UUID, key: str, observation: str, value: int | None
    ) -> Plan:
        p = self.model.platforms[platform]
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
        return Plan(
            "record_goal_progress",
            f"record_goal_progress(by={self._who(by)}, {self._platform(platform)}, {key})",
            tuple(refusals),
            lambda: self.app.record_goal_progress(by, platform, key, progress, on=self.today),
        )

    def _plan_change_policies(self, by: UUID, policy: Policies) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "change_policies")]

        def update(_: object) -> None:
            w.policies = policy

        return Plan(
            "change_policies",
            f"change_policies(by={self._who(by)}, {policy!r})",
            tuple(refusals),
            lambda: self.app.change_policies(by, w.initiative, policy, on=self.today),
            update,
        )

    def _plan_establish(
        self, by: UUID, members: Sequence[UUID], name: str, made: list[UUID]
    ) -> Plan:
        w = self.model
        refusals = [*self._anchor(by), *self._lifecycle(INITIATIVE, "register_platform")]
        if not members:
            refusals.append(_rule("R-ACT-4"))
        if _blank(name):
            refusals.append(_rule("R-PLAT-1"))
        after_start = w.state != InitiativeState.PREPARING

        def update(platform: object) -> None:
            assert isinstance(platform, UUID)
            pending = set(members) if after_start else set()
            w.platforms[platform] = PlatformModel(actors=list(members), pending=pending)
            made.append(platform)

        actors = ", ".join(self._actor(a) for a in members)
        return Plan(
            "register_platform",
            f"establish_platform(by={self._who(by)}, {name!r}, actors=[{actors}])",
            tuple(refusals),
            lambda: self.app.establish_platform(by, w.initiative, name, members, on=self.today),
            update,
        )

    def _plan_choose_coordinator(
        self, by: UUID, platform: UUID, actor: UUID, person: UUID, verdict: Verdict, seed: int
    ) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        chosen = Coordinator(actor=actor, person=person)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "choose_coordinator", p.state)]
        if actor not in p.actors or self.model.persons[person] != actor or chosen == p.coordinator:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.coordinator = chosen

        return Plan(
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
    ) -> Plan:
        p = self.model.platforms[platform]
        refusals = [*self._anchor(by), *self._lifecycle(PLATFORM, "onboard_actor", p.state)]
        if actor not in p.actors:
            refusals.append(_rule("R-ACT-1"))
        if set(topics) != set(OnboardingTopic):
            refusals.append(_rule("R-PLAT-1"))

        def update(_: object) -> None:
            p.pending.discard(actor)

        return Plan(
            "onboard_actor",
            f"onboard_actor(by={self._who(by)}, {self._platform(platform)}, "
            f"{self._actor(actor)}, topics={sorted(topics)})",
            tuple(refusals),
            lambda: self.app.onboard_actor(by, platform, actor, topics, on=self.today),
            update,
        )

    def _plan_first_meeting(self, by: UUID, platform: UUID, focus: str, contributors: int) -> Plan:
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
            p.state = PlatformState.FOCUSED

        return Plan(
            "hold_first_meeting",
            f"hold_first_meeting(by={self._who(by)}, {self._platform(platform)}, {focus!r})",
            tuple(refusals),
            lambda: self.app.hold_first_meeting(by, platform, focus, contributions, on=self.today),
            update,
        )

    def _plan_set_goals(
        self, by: UUID, platform: UUID, goal_set: Sequence[Goal], verdict: Verdict, seed: int
    ) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "set_goals", p.state)]
        refusals += _goal_set_refusals(goal_set, self.model.policies)
        refusals += self._decision(consent, p.actors)
        first = len(p.goals) + 1

        def update(_: object) -> None:
            for number, goal in enumerate(goal_set, first):
                p.goals[f"G{number}"] = GoalModel(attrs.evolve(goal, key=f"G{number}"))
            p.state = PlatformState.GOALS_SET

        return Plan(
            "set_goals",
            f"set_goals(by={self._who(by)}, {self._platform(platform)}, {len(goal_set)} goals, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.set_goals(by, platform, goal_set, consent, on=self.today),
            update,
        )

    def _plan_baseline(self, by: UUID, platform: UUID, key: str, baseline: Baseline) -> Plan:
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
            if p.state == PlatformState.GOALS_SET and all(
                g.baseline for g in p.current_goals().values()
            ):
                p.state = PlatformState.ACTIVE

        return Plan(
            "describe_baseline",
            f"describe_baseline(by={self._who(by)}, {self._platform(platform)}, {key}, "
            f"{baseline!r})",
            tuple(refusals),
            lambda: self.app.describe_baseline(by, platform, key, baseline, on=self.today),
            update,
        )

    def _plan_reach(self, by: UUID, platform: UUID, key: str) -> Plan:
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

        return Plan(
            "reach_goal",
            f"reach_goal(by={self._who(by)}, {self._platform(platform)}, {key})",
            tuple(refusals),
            lambda: self.app.reach_goal(by, platform, key, on=self.today),
            update,
        )

    def _plan_add_goal(
        self, by: UUID, platform: UUID, goal: Goal, verdict: Verdict, seed: int
    ) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        key = f"G{len(p.goals) + 1}"
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "add_goal", p.state)]
        goal_set = [g.goal for g in p.current_goals().values()] + [goal]
        refusals += _goal_set_refusals(goal_set, self.model.policies)
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.goals[key] = GoalModel(attrs.evolve(goal, key=key))
            p.state = PlatformState.GOALS_SET

        return Plan(
            "add_goal",
            f"add_goal(by={self._who(by)}, {self._platform(platform)}, {goal!r}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.add_goal(by, platform, goal, consent, on=self.today),
            update,
        )

    def _plan_revise_goal(
        self, by: UUID, platform: UUID, key: str, goal: Goal, verdict: Verdict, seed: int
    ) -> Plan:
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

        return Plan(
            "revise_goal",
            f"revise_goal(by={self._who(by)}, {self._platform(platform)}, {revised!r}, "
            f"{self._says(consent)})",
            tuple(refusals),
            lambda: self.app.revise_goal(by, platform, revised, consent, on=self.today),
            update,
        )

    def _plan_drop_goal(
        self, by: UUID, platform: UUID, key: str, reason: str, verdict: Verdict, seed: int
    ) -> Plan:
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
            if p.state == PlatformState.GOALS_SET and all(
                g.baseline for g in p.current_goals().values()
            ):
                p.state = PlatformState.ACTIVE

        return Plan(
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
    ) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "put_on_standby", p.state)]
        if _blank(reason):
            refusals.append(_rule("R-PLAT-4"))
        if _blank(aftercare):
            refusals.append(_rule("R-PLAT-5"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.standby_from, p.state = p.state, PlatformState.STANDBY

        return Plan(
            "put_on_standby",
            f"put_on_standby(by={self._who(by)}, {self._platform(platform)}, {reason!r}, "
            f"{aftercare!r}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.put_on_standby(
                by, platform, reason, aftercare, consent, review_on=review_on, on=self.today
            ),
            update,
        )

    def _plan_resume(self, by: UUID, platform: UUID, verdict: Verdict, seed: int) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "resume", p.state)]
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            assert p.standby_from is not None
            p.state, p.standby_from = p.standby_from, None

        return Plan(
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
    ) -> Plan:
        p = self.model.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "close", p.state)]
        if _blank(aftercare):
            refusals.append(_rule("R-PLAT-5"))
        refusals += self._decision(consent, p.actors)

        def update(_: object) -> None:
            p.state = PlatformState.CLOSED

        return Plan(
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
    ) -> Plan:
        s = self.model.platforms[source]
        t = self.model.platforms[target]
        consent = self._consent(s.actors, verdict, seed)
        target_consent = self._consent(t.actors, target_verdict, seed + 1)
        refusals = [*self._member(by, s), *self._lifecycle(PLATFORM, "merge", s.state)]
        if source == target or t.state not in PLATFORM_WORKING:
            refusals.append(_rule("R-PLAT-6"))
        refusals += self._decision(consent, s.actors)
        refusals += self._decision(target_consent, t.actors)

        def update(_: object) -> None:
            s.state = PlatformState.MERGED
            t.actors += [a for a in s.actors if a not in t.actors]

        return Plan(
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
    ) -> Plan:
        w = self.model
        p = w.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "join_actor", p.state)]
        if actor in p.actors:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)
        after_start = w.state != InitiativeState.PREPARING

        def update(_: object) -> None:
            p.actors.append(actor)
            if after_start:
                p.pending.add(actor)

        persons = list(w.representatives[actor])
        return Plan(
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
    ) -> Plan:
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

        return Plan(
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
    ) -> Plan:
        w = self.model
        p = w.platforms[platform]
        consent = self._consent(p.actors, verdict, seed)
        refusals = [*self._member(by, p), *self._lifecycle(PLATFORM, "replace_actor", p.state)]
        if old not in p.actors or new in p.actors:
            refusals.append(_rule("R-ACT-1"))
        refusals += self._decision(consent, p.actors)
        after_start = w.state != InitiativeState.PREPARING

        def update(_: object) -> None:
            p.actors[p.actors.index(old)] = new
            p.pending.discard(old)
            if after_start:
                p.pending.add(new)
            if p.coordinator is not None and p.coordinator.actor == old:
                p.coordinator = None

        return Plan(
            "replace_actor",
            f"replace_actor(by={self._who(by)}, {self._platform(platform)}, {self._actor(old)} "
            f"by {self._actor(new)}, {self._says(consent)})",
            tuple(refusals),
            lambda: self.app.replace_actor(by, platform, old, new, reason, consent, on=self.today),
            update,
        )

    def _plan_ripple(self, by: UUID, platform: UUID, ripple: Ripple, correcting: int) -> Plan:
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

        return Plan(
            trigger,
            f"record_ripple(by={self._who(by)}, {self._platform(platform)}, "
            f"corrects={ripple.corrects!r})",
            tuple(refusals),
            lambda: self.app.record_ripple(by, platform, ripple, on=self.today),
            update,
        )

    # --- the happy path and the best attempt at each trigger -----------------------------

    def _next_step(self, platform: UUID) -> Plan | None:
        """The next step along the happy path, or None when there is none to take."""
        p = self.model.platforms[platform]
        if p.state not in PLATFORM_OPEN:
            return None
        if p.state == PlatformState.STANDBY:
            return self._plan_resume(self._speaker(p.actors), platform, "passes", 0)
        if p.coordinator is None:
            pairs = [(a, r) for a in p.actors for r in self.model.representatives[a]]
            if not pairs:
                return None
            actor, person = pairs[0]
            return self._plan_choose_coordinator(person, platform, actor, person, "passes", 0)
        if p.state == PlatformState.ESTABLISHED and p.pending:
            return self._plan_onboard(self.model.anchor, platform, sorted(p.pending)[0], topics())
        if p.state == PlatformState.ESTABLISHED:
            return self._plan_first_meeting(p.coordinator.person, platform, "Safer nights", 2)
        if p.state == PlatformState.FOCUSED:
            goal_set = sample_goals(self.model.policies.goals_min)
            return self._plan_set_goals(p.coordinator.person, platform, goal_set, "passes", 0)
        if p.state == PlatformState.GOALS_SET:
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

    def _best_attempt(self, trigger: str, platform: UUID) -> Plan | None:
        """The command behind ``trigger`` with everything but the lifecycle right, if the
        model can make it so."""
        w = self.model
        p = w.platforms[platform]
        speaker = self._speaker(p.actors)
        coordinator = p.coordinator.person if p.coordinator else speaker
        current = list(p.current_goals())
        first_goal = current[0] if current else "G1"
        others = [
            t for t, q in w.platforms.items() if t != platform and q.state in PLATFORM_WORKING
        ]
        outside = [a for a in w.actors if a not in p.actors]
        plans: dict[str, Callable[[], Plan | None]] = {
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

    def _member(self, by: UUID, p: PlatformModel) -> list[Refusal]:
        return [] if self.model.persons[by] in p.actors else [_role("member")]

    def _member_or_anchor(self, by: UUID, p: PlatformModel) -> list[Refusal]:
        if by == self.model.anchor or self.model.persons[by] in p.actors:
            return []
        return [_role("member or anchor")]

    def _coordinator(self, by: UUID, p: PlatformModel) -> list[Refusal]:
        if p.coordinator is not None and p.coordinator.person == by:
            return []
        return [_role("coordinator")]

    def _lifecycle(self, lifecycle: Lifecycle, trigger: str, state: str = "") -> list[Refusal]:
        state = state or self.model.state
        if trigger in lifecycle.allowed_triggers(state):
            return []
        return [Refusal(LifecycleViolation, trigger)]

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
