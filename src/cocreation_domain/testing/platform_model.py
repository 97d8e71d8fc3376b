"""The reference model of one initiative and its platforms, behind
:class:`~cocreation_domain.testing.stateful.PlatformLifecycleMachine`.

Plain Python: no Hypothesis, no store. :class:`PlatformWorld` has one method per command of
``CoCreation`` it models, with the command's own signature, and answers each with a
:class:`~cocreation_domain.testing.reference.Prediction`: every refusal it sees as legitimate,
and how it changes when the command is accepted. The rules come from the model's own
functions (``rules.check_goal_set``, ``decisions.require_passed``, ``Lifecycle.destination`` for
both the refusal and the state a command leads to); what the model keeps is its own record of
who is anchor, which actors sit on which platform, who represents them, goals and baselines.

>>> from uuid import uuid4
>>> anchor, initiative = uuid4(), uuid4()
>>> world = PlatformWorld(initiative=initiative, anchor=anchor)
>>> print(world.start_co_creation(anchor, initiative, on=None))
RuleViolation(R-INIT-1)
>>> print(world.hold_establishment_workshop(uuid4(), initiative, on=None))
NotPermitted(anchor)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import Any, Literal
from uuid import UUID

import attrs

from cocreation_domain.model import (
    INITIATIVE,
    PLATFORM_OPEN,
    PLATFORM_WORKING,
    ActorChangeReason,
    Baseline,
    ClosureReason,
    Consent,
    Contribution,
    Coordinator,
    Decision,
    Goal,
    GoalKind,
    GoalProgress,
    GoalStatus,
    InitiativeState,
    Lifecycle,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    PlatformState,
    Policies,
    Ripple,
    RuleViolation,
    Voice,
)
from cocreation_domain.model.decisions import require_passed
from cocreation_domain.model.rules import (
    KeyRange,
    check_aftercare,
    check_baseline,
    check_goal_set,
    keyed_ripple,
    require_text,
)
from cocreation_domain.testing.reference import (
    Call,
    Prediction,
    Refusal,
    platform_refusals,
    refused,
    to_platform_state,
)
from cocreation_domain.testing.scenario import sample_goals

__all__ = ["GoalRecord", "PlatformRecord", "PlatformWorld", "Who", "reachable_states"]

Who = UUID | Literal["anchor", "member"]
"""A principal as a rule draws it: a person of the run, whoever is the anchor now, or a person
speaking for a current actor of the platform concerned (the model picks one)."""


def reachable_states(lifecycle: Lifecycle) -> frozenset[str]:
    """The states a lifecycle's table reaches from its initial state (a reflexive ``"="`` or
    internal ``None`` row stays where it is)."""
    reached, frontier = {lifecycle.initial}, [lifecycle.initial]
    while frontier:
        state = frontier.pop()
        for row in lifecycle.table:
            sources = [row["source"]] if isinstance(row["source"], str) else list(row["source"])
            dest = state if row["dest"] in ("=", None) else row["dest"]
            if state in sources and dest not in reached:
                reached.add(dest)
                frontier.append(dest)
    return frozenset(reached)


@attrs.define
class GoalRecord:
    """A goal as the model holds it: the goal, its status and its baseline."""

    goal: Goal
    status: GoalStatus = GoalStatus.CURRENT
    baseline: Baseline | None = None


@attrs.define
class PlatformRecord:
    """A platform as the model holds it; ``actors`` in the order they came to it."""

    actors: list[UUID]
    pending: set[UUID]
    """Actors not onboarded yet (R-PLAT-1)."""
    state: str = PlatformState.ESTABLISHED
    coordinator: Coordinator | None = None
    goals: dict[str, GoalRecord] = attrs.Factory(dict)
    standby_from: str | None = None
    ripples: int = 0

    def current_goals(self) -> dict[str, GoalRecord]:
        """Goals not dropped, by key (R-GOAL-1)."""
        return {k: g for k, g in self.goals.items() if g.status is not GoalStatus.DROPPED}

    def all_baselined(self) -> bool:
        """Every current goal has a baseline (the fact R-PLAT-3's row of the table reads)."""
        return all(g.baseline for g in self.current_goals().values())


def _rule(rule: str) -> list[Refusal]:
    return [Refusal(RuleViolation, rule)]


def _not_found(kind: str) -> list[Refusal]:
    return [Refusal(NotFound, kind)]


@attrs.define
class PlatformWorld:
    """One initiative and its platforms, everything in the order the run made it."""

    initiative: UUID
    anchor: UUID
    policies: Policies = attrs.Factory(Policies)
    state: str = InitiativeState.PREPARING
    workshop: bool = False
    actors: list[UUID] = attrs.Factory(list)
    representatives: dict[UUID, list[UUID]] = attrs.Factory(dict)
    persons: dict[UUID, UUID | None] = attrs.Factory(dict)
    """Every person of the run and the actor they represent (or None)."""
    platforms: dict[UUID, PlatformRecord] = attrs.Factory(dict)
    ripples: int = 0

    # --- the initiative ----------------------------------------------------------------------

    def hold_establishment_workshop(self, by: UUID, initiative: UUID, *, on: object) -> Prediction:
        """The anchor records the workshop once, while preparing (R-INIT-1)."""
        refusals = self._anchor(by) + self._on_initiative("hold_establishment_workshop")
        refusals += _rule("R-INIT-1") if self.workshop else []
        return self._predict(refusals, lambda _: setattr(self, "workshop", True))

    def start_co_creation(self, by: UUID, initiative: UUID, *, on: object) -> Prediction:
        """Phase 6 starts after the workshop with a platform (R-INIT-1)."""
        refusals = self._anchor(by) + self._on_initiative("start_co_creation")
        refusals += [] if self.workshop and self.platforms else _rule("R-INIT-1")
        return self._predict(refusals, self._to_initiative_state("start_co_creation"))

    def conclude_initiative(self, by: UUID, initiative: UUID, *, on: object) -> Prediction:
        """The initiative concludes once no platform is open (R-INIT-2)."""
        refusals = self._anchor(by) + self._on_initiative("conclude")
        is_open = any(p.state in PLATFORM_OPEN for p in self.platforms.values())
        refusals += _rule("R-INIT-2") if is_open else []
        return self._predict(refusals, self._to_initiative_state("conclude"))

    def hand_over_anchor(self, by: UUID, initiative: UUID, to: UUID, *, on: object) -> Prediction:
        """The anchor hands the role on."""
        refusals = self._anchor(by) + self._on_initiative("hand_over_anchor")
        return self._predict(refusals, lambda _: setattr(self, "anchor", to))

    def change_policies(
        self, by: UUID, initiative: UUID, policies: Policies, *, on: object
    ) -> Prediction:
        """The anchor changes the initiative's policies."""
        refusals = self._anchor(by) + self._on_initiative("change_policies")
        return self._predict(refusals, lambda _: setattr(self, "policies", policies))

    def register_actor(self, by: UUID, initiative: UUID, name: str, *, on: object) -> Prediction:
        """The anchor registers an organisation with a name (R-ACT-1)."""
        refusals = self._anchor(by) + self._on_initiative("register_actor")
        refusals += refused(lambda: require_text(name, "R-ACT-1", "an actor's name"))

        def accept(actor: UUID) -> None:
            self.actors.append(actor)
            self.representatives[actor] = []

        return self._predict(refusals, accept)

    def register_person(
        self, name: str, *, by: UUID, initiative: UUID, actor: UUID, on: object
    ) -> Prediction:
        """The anchor registers a person with a name speaking for an actor (R-PII-1)."""
        refusals = self._anchor(by) + self._on_initiative("add_representative")
        refusals += refused(lambda: require_text(name, "R-PII-1", "a person's name"))

        def accept(person: UUID) -> None:
            self.representatives[actor].append(person)
            self.persons[person] = actor

        return self._predict(refusals, accept)

    def record_initiative_ripple(
        self, by: UUID, initiative: UUID, ripple: Ripple, *, on: object
    ) -> Prediction:
        """Any member or the anchor records a ripple (R-RIP-1), or corrects one (R-RIP-2)."""
        trigger = "correct_ripple" if ripple.corrects else "record_ripple"
        refusals = self._on_initiative(trigger)
        if by != self.anchor and self.persons.get(by) is None:
            refusals += [Refusal(NotPermitted, "member or anchor")]
        refusals += refused(lambda: keyed_ripple(ripple, KeyRange("R", self.ripples)))
        return self._predict(refusals, lambda _: setattr(self, "ripples", self.ripples + 1))

    def establish_platform(
        self, by: UUID, initiative: UUID, name: str, actors: Sequence[UUID], *, on: object
    ) -> Prediction:
        """The anchor establishes a named platform (R-PLAT-1) of at least one actor (R-ACT-4);
        after co-creation started its actors wait for their onboarding."""
        refusals = self._anchor(by) + self._on_initiative("register_platform")
        refusals += [] if actors else _rule("R-ACT-4")
        refusals += refused(lambda: require_text(name, "R-PLAT-1", "a platform's name"))
        pending = set(actors) if self.state != InitiativeState.PREPARING else set()

        def accept(platform: UUID) -> None:
            self.platforms[platform] = PlatformRecord(actors=list(actors), pending=pending)

        return self._predict(refusals, accept)

    # --- a platform: coordinator, onboarding, first meeting ------------------------------------

    def choose_coordinator(
        self, by: UUID, platform: UUID, actor: UUID, person: UUID, consent: Consent, *, on: object
    ) -> Prediction:
        """The platform decides on a new coordinator: a current actor through one of its
        persons (R-ACT-1, R-FLAT-4)."""
        p = self.platforms[platform]
        chosen = Coordinator(actor=actor, person=person)
        refusals = self._member(by, p) + self._on(p, "choose_coordinator")
        fits = actor in p.actors and self.persons.get(person) == actor and chosen != p.coordinator
        refusals += [] if fits else _rule("R-ACT-1")
        refusals += self._decision(consent, p.actors)
        return self._predict(refusals, lambda _: setattr(p, "coordinator", chosen))

    def onboard_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        topics: Collection[OnboardingTopic],
        *,
        on: object,
    ) -> Prediction:
        """The anchor introduces a current actor to every topic (R-PLAT-1)."""
        p = self.platforms[platform]
        refusals = self._anchor(by) + self._on(p, "onboard_actor")
        refusals += [] if actor in p.actors else _rule("R-ACT-1")
        refusals += [] if set(topics) == set(OnboardingTopic) else _rule("R-PLAT-1")
        return self._predict(refusals, lambda _: p.pending.discard(actor))

    def hold_first_meeting(
        self,
        by: UUID,
        platform: UUID,
        focus: str,
        contributions: Sequence[Contribution] = (),
        *,
        on: object,
    ) -> Prediction:
        """The coordinator records the focus (R-PLAT-2) once every actor is onboarded
        (R-PLAT-1)."""
        p = self.platforms[platform]
        refusals = self._coordinator(by, p) + self._on(p, "hold_first_meeting")
        refusals += _rule("R-PLAT-1") if p.pending else []
        refusals += refused(lambda: require_text(focus, "R-PLAT-2", "the platform's focus"))
        return self._predict(refusals, self._to_state(p, "hold_first_meeting"))

    # --- a platform: goals and baselines -------------------------------------------------------

    def set_goals(
        self, by: UUID, platform: UUID, goals: Sequence[Goal], consent: Consent, *, on: object
    ) -> Prediction:
        """The platform decides on its goals (R-GOAL-1..4, R-FLAT-4), keyed after earlier ones."""
        p = self.platforms[platform]
        first = len(p.goals) + 1
        keyed = [attrs.evolve(g, key=f"G{n}") for n, g in enumerate(goals, first)]
        refusals = self._member(by, p) + self._on(p, "set_goals")
        refusals += refused(lambda: check_goal_set(keyed, self.policies))
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            p.goals.update({g.key: GoalRecord(g) for g in keyed})
            self._to_state(p, "set_goals")(None)

        return self._predict(refusals, accept)

    def describe_baseline(
        self, by: UUID, platform: UUID, key: str, baseline: Baseline, *, on: object
    ) -> Prediction:
        """A member or the anchor describes a current goal's baseline (R-PLAT-3, R-GOAL-2)."""
        p = self.platforms[platform]
        record = p.current_goals().get(key)
        refusals = self._member_or_anchor(by, p) + self._on(p, "describe_baseline")
        if record is None:
            refusals += _not_found("goal")
        else:
            refusals += refused(lambda: check_baseline(record.goal, baseline))

        def accept(_: object) -> None:
            p.goals[key].baseline = baseline
            self._to_state(p, "describe_baseline", all_baselined=p.all_baselined())(None)

        return self._predict(refusals, accept)

    def record_goal_progress(
        self, by: UUID, platform: UUID, key: str, progress: GoalProgress, *, on: object
    ) -> Prediction:
        """A member or the anchor records progress; a quantitative goal's needs a number
        (R-GOAL-2)."""
        p = self.platforms[platform]
        record = p.current_goals().get(key)
        refusals = self._member_or_anchor(by, p) + self._on(p, "record_goal_progress")
        if record is None:
            refusals += _not_found("goal")
        elif record.goal.kind is GoalKind.QUANTITATIVE and progress.value is None:
            refusals += _rule("R-GOAL-2")
        refusals += refused(lambda: require_text(progress.observation, "R-GOAL-2", "what"))
        return self._predict(refusals)

    def reach_goal(self, by: UUID, platform: UUID, key: str, *, on: object) -> Prediction:
        """A current goal is reached once; it stays current (R-GOAL-1)."""
        p = self.platforms[platform]
        record = p.current_goals().get(key)
        refusals = self._member_or_anchor(by, p) + self._on(p, "reach_goal")
        if record is None:
            refusals += _not_found("goal")
        elif record.status is GoalStatus.REACHED:
            refusals += _rule("R-GOAL-1")
        return self._predict(
            refusals, lambda _: setattr(p.goals[key], "status", GoalStatus.REACHED)
        )

    def add_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: object
    ) -> Prediction:
        """The platform decides to add a goal, the set staying valid (R-GOAL-1..4)."""
        p = self.platforms[platform]
        goal = attrs.evolve(goal, key=f"G{len(p.goals) + 1}")
        refusals = self._member(by, p) + self._on(p, "add_goal")
        goal_set = [g.goal for g in p.current_goals().values()] + [goal]
        refusals += refused(lambda: check_goal_set(goal_set, self.policies))
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            p.goals[goal.key] = GoalRecord(goal)
            self._to_state(p, "add_goal")(None)

        return self._predict(refusals, accept)

    def revise_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: object
    ) -> Prediction:
        """The platform decides to revise the goal ``goal.key``; the set stays valid and its
        baseline still fits (R-GOAL-1..4)."""
        p = self.platforms[platform]
        current = p.current_goals()
        refusals = self._member(by, p) + self._on(p, "revise_goal")
        if goal.key not in current:
            refusals += _not_found("goal")
        else:
            others = [g.goal for k, g in current.items() if k != goal.key]
            refusals += refused(lambda: check_goal_set([*others, goal], self.policies))
            baseline = current[goal.key].baseline
            if baseline is not None:
                refusals += refused(lambda: check_baseline(goal, baseline))
        refusals += self._decision(consent, p.actors)
        return self._predict(refusals, lambda _: setattr(p.goals[goal.key], "goal", goal))

    def drop_goal(
        self, by: UUID, platform: UUID, key: str, reason: str, consent: Consent, *, on: object
    ) -> Prediction:
        """The platform decides to drop a goal, saying why; the rest stays valid (R-GOAL-1)."""
        p = self.platforms[platform]
        current = p.current_goals()
        refusals = self._member(by, p) + self._on(p, "drop_goal")
        if key not in current:
            refusals += _not_found("goal")
        else:
            remaining = [g.goal for k, g in current.items() if k != key]
            refusals += refused(lambda: check_goal_set(remaining, self.policies))
        refusals += refused(lambda: require_text(reason, "R-GOAL-1", "why"))
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            p.goals[key].status = GoalStatus.DROPPED
            self._to_state(p, "drop_goal", all_baselined=p.all_baselined())(None)

        return self._predict(refusals, accept)

    # --- a platform: standby, resume, close, merge ---------------------------------------------

    def put_on_standby(
        self,
        by: UUID,
        platform: UUID,
        reason: str,
        aftercare: str,
        consent: Consent,
        *,
        review_on: date | None = None,
        on: object,
    ) -> Prediction:
        """Standby says why (R-PLAT-4) and what happens next (R-PLAT-5), by decision."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "put_on_standby")
        refusals += refused(lambda: require_text(reason, "R-PLAT-4", "why"))
        refusals += refused(lambda: check_aftercare(aftercare))
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            p.standby_from = p.state
            self._to_state(p, "put_on_standby")(None)

        return self._predict(refusals, accept)

    def resume_platform(
        self, by: UUID, platform: UUID, consent: Consent, *, on: object
    ) -> Prediction:
        """A resumed platform returns to the state it left for standby, by decision."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "resume")
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            self._to_state(p, "resume")(None)
            p.standby_from = None

        return self._predict(refusals, accept)

    def close_platform(
        self,
        by: UUID,
        platform: UUID,
        reason: ClosureReason,
        aftercare: str,
        consent: Consent,
        *,
        on: object,
    ) -> Prediction:
        """Closing says what happens next (R-PLAT-5), by decision; it is final (R-PLAT-7)."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "close")
        refusals += refused(lambda: check_aftercare(aftercare))
        refusals += self._decision(consent, p.actors)
        return self._predict(refusals, self._to_state(p, "close"))

    def merge_platforms(
        self,
        by: UUID,
        source: UUID,
        target: UUID,
        consent: Consent,
        target_consent: Consent,
        *,
        on: object,
    ) -> Prediction:
        """Both platforms decide; the target is another working platform and absorbs the
        source's actors (R-PLAT-6)."""
        s, t = self.platforms[source], self.platforms[target]
        refusals = self._member(by, s) + self._on(s, "merge")
        refusals += [] if source != target and t.state in PLATFORM_WORKING else _rule("R-PLAT-6")
        refusals += self._decision(consent, s.actors) + self._decision(target_consent, t.actors)

        def accept(_: object) -> None:
            self._to_state(s, "merge")(None)
            t.actors += [a for a in s.actors if a not in t.actors]

        return self._predict(refusals, accept)

    # --- a platform: actors and ripples --------------------------------------------------------

    def join_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        consent: Consent,
        *,
        persons: Collection[UUID] = (),
        on: object,
    ) -> Prediction:
        """An actor not on the platform joins by decision (R-ACT-1); after co-creation started
        it waits for its onboarding (R-PLAT-1)."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "join_actor")
        refusals += _rule("R-ACT-1") if actor in p.actors else []
        refusals += self._decision(consent, p.actors)
        onboarding = self.state != InitiativeState.PREPARING

        def accept(_: object) -> None:
            p.actors.append(actor)
            if onboarding:
                p.pending.add(actor)

        return self._predict(refusals, accept)

    def remove_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: object,
    ) -> Prediction:
        """A current actor leaves by decision (R-ACT-1), never the last one (R-ACT-4); the
        coordinator's leaving leaves none (R-ACT-2)."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "leave_actor")
        if actor not in p.actors:
            refusals += _rule("R-ACT-1")
        elif p.actors == [actor]:
            refusals += _rule("R-ACT-4")
        refusals += self._decision(consent, p.actors)

        def accept(_: object) -> None:
            p.actors.remove(actor)
            p.pending.discard(actor)
            if p.coordinator is not None and p.coordinator.actor == actor:
                p.coordinator = None

        return self._predict(refusals, accept)

    def replace_actor(
        self,
        by: UUID,
        platform: UUID,
        old: UUID,
        new: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: object,
    ) -> Prediction:
        """A current actor is swapped for one not on the platform, by decision (R-ACT-1,
        R-ACT-2)."""
        p = self.platforms[platform]
        refusals = self._member(by, p) + self._on(p, "replace_actor")
        refusals += [] if old in p.actors and new not in p.actors else _rule("R-ACT-1")
        refusals += self._decision(consent, p.actors)
        onboarding = self.state != InitiativeState.PREPARING

        def accept(_: object) -> None:
            p.actors[p.actors.index(old)] = new
            p.pending.discard(old)
            if onboarding:
                p.pending.add(new)
            if p.coordinator is not None and p.coordinator.actor == old:
                p.coordinator = None

        return self._predict(refusals, accept)

    def record_ripple(self, by: UUID, platform: UUID, ripple: Ripple, *, on: object) -> Prediction:
        """Any member or the anchor records a ripple on an open platform (R-RIP-1, R-PLAT-7),
        or corrects an earlier one (R-RIP-2)."""
        p = self.platforms[platform]
        trigger = "correct_ripple" if ripple.corrects else "record_ripple"
        refusals = self._member_or_anchor(by, p) + self._on(p, trigger)
        refusals += refused(lambda: keyed_ripple(ripple, KeyRange("R", p.ripples)))
        return self._predict(refusals, lambda _: setattr(p, "ripples", p.ripples + 1))

    # --- principals and decisions, as a machine draws them ---------------------------------------

    def principal(self, who: Who, platform: UUID | None = None) -> UUID:
        """The person behind a drawn principal."""
        if who == "anchor":
            return self.anchor
        if who == "member":
            return self.speaker(self.platforms[platform].actors if platform else self.actors)
        assert isinstance(who, UUID)
        return who

    def speaker(self, actors: Iterable[UUID]) -> UUID:
        """The first person who speaks for one of ``actors``, else the anchor."""
        return (
            next((self.representatives[a][0] for a in actors if self.representatives[a]), None)
            or self.anchor
        )

    def outside(self, platform: UUID) -> list[UUID]:
        """The initiative's actors not on the platform, in registration order."""
        return [a for a in self.actors if a not in self.platforms[platform].actors]

    def agreed(self, actors: Iterable[UUID]) -> Consent:
        """Every one of ``actors`` that a person speaks for consents, through its first person."""
        return Consent(consenting={self.speaker([a]) for a in actors if self.representatives[a]})

    # --- the happy path, and the best attempt at a trigger ---------------------------------------

    def next_step(self, platform: UUID) -> Call | None:
        """The platform's next step along the happy path (coordinator, onboarding, first
        meeting, goals, baselines; resume from standby), or None."""
        p = self.platforms[platform]
        speaker = self.speaker(p.actors)
        if p.state not in PLATFORM_OPEN:
            return None
        if p.state == PlatformState.STANDBY:
            return Call("resume_platform", (speaker, platform, self.agreed(p.actors)))
        if p.coordinator is None:
            pairs = [(a, r) for a in p.actors for r in self.representatives[a]]
            if not pairs:
                return None
            actor, person = pairs[0]
            consent = self.agreed(p.actors)
            return Call("choose_coordinator", (person, platform, actor, person, consent))
        coordinator = p.coordinator.person
        if p.state == PlatformState.ESTABLISHED and p.pending:
            actor = sorted(p.pending)[0]
            return Call("onboard_actor", (self.anchor, platform, actor, frozenset(OnboardingTopic)))
        if p.state == PlatformState.ESTABLISHED:
            return Call("hold_first_meeting", (coordinator, platform, "Safer nights"))
        if p.state == PlatformState.FOCUSED:
            goal_set = sample_goals(self.policies.goals_min)
            consent = self.agreed(p.actors)
            return Call("set_goals", (coordinator, platform, goal_set, consent))
        key = next((k for k, g in p.current_goals().items() if g.baseline is None), None)
        if p.state == PlatformState.GOALS_SET and key is not None:
            baseline = Baseline("as things stood", 5)
            return Call("describe_baseline", (self.anchor, platform, key, baseline))
        return None

    def attempt(self, trigger: str, platform: UUID, today: date) -> Call | None:
        """The command behind platform ``trigger`` with everything but the lifecycle right, where
        the model can make it so."""
        p = self.platforms[platform]
        speaker = self.speaker(p.actors)
        coordinator = p.coordinator.person if p.coordinator else speaker
        yes = self.agreed(p.actors)
        goal = next(iter(p.current_goals()), "G1")
        others = [
            t for t, q in self.platforms.items() if t != platform and q.state in PLATFORM_WORKING
        ]
        outside = self.outside(platform)
        calls: dict[str, Callable[[], Call | None]] = {
            "hold_first_meeting": lambda: Call(
                "hold_first_meeting", (coordinator, platform, "Focus")
            ),
            "set_goals": lambda: Call(
                "set_goals", (speaker, platform, sample_goals(self.policies.goals_min), yes)
            ),
            "describe_baseline": lambda: Call(
                "describe_baseline", (self.anchor, platform, goal, Baseline("start", 1))
            ),
            "reach_goal": lambda: Call("reach_goal", (self.anchor, platform, goal)),
            "put_on_standby": lambda: Call(
                "put_on_standby", (speaker, platform, "awaiting a decision", "we meet again", yes)
            ),
            "resume": lambda: Call("resume_platform", (speaker, platform, yes)),
            "close": lambda: Call(
                "close_platform", (speaker, platform, ClosureReason.OTHER, "handed over", yes)
            ),
            "merge": lambda: (
                Call(
                    "merge_platforms",
                    (
                        speaker,
                        platform,
                        others[0],
                        yes,
                        self.agreed(self.platforms[others[0]].actors),
                    ),
                )
                if others
                else None
            ),
            "join_actor": lambda: (
                Call("join_actor", (speaker, platform, outside[0], yes)) if outside else None
            ),
            "choose_coordinator": lambda: Call(
                "choose_coordinator",
                (speaker, platform, self.persons.get(speaker) or self.actors[0], speaker, yes),
            ),
            "onboard_actor": lambda: Call(
                "onboard_actor", (self.anchor, platform, p.actors[0], frozenset(OnboardingTopic))
            ),
            "record_ripple": lambda: Call(
                "record_ripple",
                (
                    self.anchor,
                    platform,
                    Ripple("a new friendship", "new_relationship", ["own_platform"], today),
                ),
            ),
        }
        return calls[trigger]()

    def predict(self, call: Call) -> Prediction:
        """The model's answer to ``call``."""
        prediction: Prediction = call.to(self, date.min)
        return prediction

    # --- readable notes ----------------------------------------------------------------------

    def name(self, value: object) -> str:
        """``value`` as a note names it: persons, actors and platforms by their place in the
        run, decisions by who speaks, everything else as its repr."""
        if isinstance(value, Consent):
            said = [sorted(self.name(p) for p in v) for v in (value.consenting, value.objecting)]
            return f"Consent(yes={said[0]}, no={said[1]})"
        if not isinstance(value, UUID):
            return repr(value)
        if value in (self.anchor, self.initiative):
            return "anchor" if value == self.anchor else "the initiative"
        if value in self.platforms:
            state = self.platforms[value].state
            return f"platform {list(self.platforms).index(value) + 1} ({state})"
        if value in self.actors:
            return f"actor {self.actors.index(value) + 1}"
        actor = self.persons.get(value)
        if actor is None:
            return "a person of no actor" if value in self.persons else repr(value)
        return f"rep {self.representatives[actor].index(value) + 1} of {self.name(actor)}"

    # --- the model's reading of roles, lifecycles and decisions ----------------------------------

    def _predict(
        self, refusals: list[Refusal], accept: Callable[[Any], None] = lambda _: None
    ) -> Prediction:
        return Prediction(tuple(refusals), accept)

    def _anchor(self, by: UUID) -> list[Refusal]:
        return [] if by == self.anchor else [Refusal(NotPermitted, "anchor")]

    def _member(self, by: UUID, p: PlatformRecord) -> list[Refusal]:
        return [] if self.persons.get(by) in p.actors else [Refusal(NotPermitted, "member")]

    def _member_or_anchor(self, by: UUID, p: PlatformRecord) -> list[Refusal]:
        if by == self.anchor or self.persons.get(by) in p.actors:
            return []
        return [Refusal(NotPermitted, "member or anchor")]

    def _coordinator(self, by: UUID, p: PlatformRecord) -> list[Refusal]:
        if p.coordinator is not None and p.coordinator.person == by:
            return []
        return [Refusal(NotPermitted, "coordinator")]

    def _on_initiative(self, trigger: str) -> list[Refusal]:
        return refused(lambda: INITIATIVE.destination(trigger, self.state))

    _on = staticmethod(platform_refusals)
    _to_state = staticmethod(to_platform_state)

    def _to_initiative_state(self, trigger: str) -> Callable[[object], None]:
        return lambda _: setattr(self, "state", INITIATIVE.destination(trigger, self.state))

    def _decision(self, consent: Consent, actors: Collection[UUID]) -> list[Refusal]:
        """R-FLAT-1..4 through ``decisions.require_passed``, the voices read from the model's
        record of who represents which actor."""

        def voices(persons: Iterable[UUID]) -> frozenset[Voice]:
            return frozenset(Voice(person=q, actor=self.persons.get(q)) for q in persons)

        decision = Decision(
            consenting=voices(consent.consenting), objecting=voices(consent.objecting)
        )
        return refused(
            lambda: require_passed(decision, set(actors), self.policies.quorum_percent, "it")
        )
