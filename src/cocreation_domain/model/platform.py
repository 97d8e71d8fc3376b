"""The development platform: actors with equal voices working on one focus (Cards 2, 4, 5)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs
from eventsourcing.domain import TAggregate

from cocreation_domain.model.agendas import FIRST_MEETING_MUST_COVER
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.decisions import require_passed
from cocreation_domain.model.errors import (
    LifecycleViolation,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from cocreation_domain.model.hosting import after_hosting, suggest_host
from cocreation_domain.model.lifecycles import (
    PLATFORM,
    PLATFORM_OPEN,
    MeetingState,
    left_for_standby,
)
from cocreation_domain.model.rules import (
    KeyRange,
    check_aftercare,
    check_baseline,
    check_goal_set,
    keyed_ripple,
    require_text,
)
from cocreation_domain.model.values import (
    ActorChangeReason,
    Baseline,
    ClosureReason,
    Contribution,
    Coordinator,
    Decision,
    Goal,
    GoalProgress,
    GoalRecord,
    GoalStatus,
    Horizon,
    HostTally,
    MeetingKind,
    OnboardingTopic,
    Policies,
    PosterEntry,
    Principal,
    RealityCheck,
    Ripple,
    Sparring,
)

if TYPE_CHECKING:  # the meeting module imports this one
    from cocreation_domain.model.meeting import Meeting

__all__ = ["ACTIVITY", "DECISIONS", "Platform", "last_activity", "poster_entries"]


class Platform(CoCreationAggregate):
    """A working group of actors with its own focus, goals and ripples.

    The platform holds what its decisions need, nothing more: state, actors and coordinator,
    goal keys with their definition, status and baseline, the counters that number ripples,
    reality checks and sparring requests (so any recorded ripple can be corrected, R-RIP-2),
    the date of the last reality check and the open sparring requests. The history (every
    ripple, progress note, reality check and sparring answer) lives in its events and the
    read models (:mod:`cocreation_domain.projections`), so a snapshot stays small whatever
    the platform's history.
    """

    TOPIC = "cocreation:Platform"
    LIFECYCLE = PLATFORM
    class_version = 2
    """Version of the aggregate's state in snapshots (2: history moved out of the state)."""

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        initiative: UUID
        name: str
        established_on: date
        actors: frozenset[UUID]
        pending_onboarding: frozenset[UUID]
        coordinator: Coordinator | None
        coordinator_missing_since: date | None
        focus: str | None
        contributions: frozenset[Contribution]
        goals: dict[str, GoalRecord]
        ripple_count: int
        last_activity_on: date
        standby_from: str | None
        standby_reason: str | None
        standby_review_on: date | None
        aftercare: str | None
        closure_reason: ClosureReason | None
        merged_into: UUID | None
        absorbed: frozenset[UUID]
        # meetings, reality checks and sparring (Cards 2, 4, 7)
        actor_since: dict[str, date]
        first_meeting: UUID | None
        hosts: dict[str, HostTally]
        reality_check_count: int
        last_reality_check_on: date | None
        sparring_count: int
        open_sparring: dict[str, Sparring]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before version 2 held the whole history: keep its counts only."""
        sparring = state.pop("sparring", {})
        state["ripple_count"] = len(state.pop("ripples", {}))
        state["reality_check_count"] = len(state.pop("reality_checks", {}))
        state["sparring_count"] = len(sparring)
        state["open_sparring"] = {k: s for k, s in sparring.items() if s.given_on is None}
        goals = state.get("goals", {})
        state["goals"] = {k: attrs.evolve(r, progress=()) for k, r in goals.items()}

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

        def mutate(self, aggregate: TAggregate | None) -> TAggregate | None:
            """Apply the event, then move ``last_activity_on`` on when the event counts as
            activity (R-PLAT-8): the one rule of :func:`last_activity`, shared with the read
            models, instead of an assignment in each activity event's ``apply``."""
            platform = super().mutate(aggregate)
            if isinstance(platform, Platform):
                platform.last_activity_on = last_activity(self, platform.last_activity_on)
            return platform

    class Established(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Platform.Established"
        class_version = 1
        initiative: UUID
        name: str
        actors: frozenset[UUID]
        pending_onboarding: frozenset[UUID]

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = PLATFORM.initial
            aggregate.initiative = self.initiative
            aggregate.name = self.name
            aggregate.established_on = self.occurred_on
            aggregate.actors = self.actors
            aggregate.pending_onboarding = self.pending_onboarding
            aggregate.coordinator = None
            aggregate.coordinator_missing_since = self.occurred_on
            aggregate.focus = None
            aggregate.contributions = frozenset()
            aggregate.goals = {}
            aggregate.ripple_count = 0
            aggregate.last_activity_on = self.occurred_on
            aggregate.standby_from = None
            aggregate.standby_reason = None
            aggregate.standby_review_on = None
            aggregate.aftercare = None
            aggregate.closure_reason = None
            aggregate.merged_into = None
            aggregate.absorbed = frozenset()
            aggregate.actor_since = {str(a): self.occurred_on for a in self.actors}
            aggregate.first_meeting = None
            aggregate.hosts = {}
            aggregate.reality_check_count = 0
            aggregate.last_reality_check_on = None
            aggregate.sparring_count = 0
            aggregate.open_sparring = {}

    Created = Established

    class ActorOnboarded(Event):
        TOPIC = "cocreation:Platform.ActorOnboarded"
        class_version = 1
        actor: UUID
        topics: frozenset[OnboardingTopic]

        def apply(self, aggregate: Platform) -> None:
            aggregate.pending_onboarding = aggregate.pending_onboarding - {self.actor}

    class FirstMeetingHeld(Event):
        TOPIC = "cocreation:Platform.FirstMeetingHeld"
        class_version = 1
        state: str
        focus: str
        contributions: frozenset[Contribution]
        meeting: UUID
        hosts: dict[str, HostTally]

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.focus = self.focus
            aggregate.contributions = self.contributions
            aggregate.first_meeting = self.meeting
            aggregate.hosts = self.hosts

    class GoalsSet(Event):
        TOPIC = "cocreation:Platform.GoalsSet"
        class_version = 1
        state: str
        goals: frozenset[Goal]
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            for goal in self.goals:
                aggregate.goals[goal.key] = GoalRecord(goal=goal)

    class BaselineDescribed(Event):
        TOPIC = "cocreation:Platform.BaselineDescribed"
        class_version = 1
        state: str
        goal: str
        baseline: Baseline

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate._change_goal(self.goal, baseline=self.baseline)

    class GoalProgressRecorded(Event):
        TOPIC = "cocreation:Platform.GoalProgressRecorded"
        class_version = 1
        goal: str
        progress: GoalProgress

        def apply(self, aggregate: Platform) -> None:
            """The note itself is history (events and read models); the platform's last
            activity moves in :meth:`Platform.Event.mutate` (R-PLAT-8)."""

    class GoalReached(Event):
        TOPIC = "cocreation:Platform.GoalReached"
        class_version = 1
        goal: str

        def apply(self, aggregate: Platform) -> None:
            aggregate._change_goal(self.goal, status=GoalStatus.REACHED)

    class GoalAdded(Event):
        TOPIC = "cocreation:Platform.GoalAdded"
        class_version = 1
        state: str
        goal: Goal
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.goals[self.goal.key] = GoalRecord(goal=self.goal)

    class GoalRevised(Event):
        TOPIC = "cocreation:Platform.GoalRevised"
        class_version = 1
        goal: Goal
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate._change_goal(self.goal.key, goal=self.goal)

    class GoalDropped(Event):
        TOPIC = "cocreation:Platform.GoalDropped"
        class_version = 1
        state: str
        goal: str
        reason: str
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate._change_goal(self.goal, status=GoalStatus.DROPPED)

    class PutOnStandby(Event):
        TOPIC = "cocreation:Platform.PutOnStandby"
        class_version = 1
        state: str
        left: str
        reason: str
        review_on: date | None
        aftercare: str
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.standby_from = self.left
            aggregate.standby_reason = self.reason
            aggregate.standby_review_on = self.review_on
            aggregate.aftercare = self.aftercare

    class Resumed(Event):
        TOPIC = "cocreation:Platform.Resumed"
        class_version = 1
        state: str
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.standby_from = aggregate.standby_reason = None
            aggregate.standby_review_on = None

    class Closed(Event):
        TOPIC = "cocreation:Platform.Closed"
        class_version = 1
        state: str
        reason: ClosureReason
        aftercare: str
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.closure_reason = self.reason
            aggregate.aftercare = self.aftercare

    class Merged(Event):
        TOPIC = "cocreation:Platform.Merged"
        class_version = 1
        state: str
        into: UUID
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.state = self.state
            aggregate.merged_into = self.into

    class Absorbed(Event):
        TOPIC = "cocreation:Platform.Absorbed"
        class_version = 1
        source: UUID
        actors: frozenset[UUID]
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.actors = aggregate.actors | self.actors
            aggregate.absorbed = aggregate.absorbed | {self.source}
            for actor in self.actors:
                aggregate.actor_since.setdefault(str(actor), self.occurred_on)

    class ActorJoined(Event):
        TOPIC = "cocreation:Platform.ActorJoined"
        class_version = 1
        actor: UUID
        persons: frozenset[UUID]
        needs_onboarding: bool
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.actors = aggregate.actors | {self.actor}
            aggregate.actor_since.setdefault(str(self.actor), self.occurred_on)
            if self.needs_onboarding:
                aggregate.pending_onboarding = aggregate.pending_onboarding | {self.actor}

    class ActorLeft(Event):
        TOPIC = "cocreation:Platform.ActorLeft"
        class_version = 1
        actor: UUID
        reason: ActorChangeReason
        coordinator_left: bool
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.actors = aggregate.actors - {self.actor}
            aggregate.pending_onboarding = aggregate.pending_onboarding - {self.actor}
            if self.coordinator_left:
                aggregate.coordinator = None
                aggregate.coordinator_missing_since = self.occurred_on

    class ActorReplaced(Event):
        TOPIC = "cocreation:Platform.ActorReplaced"
        class_version = 1
        old: UUID
        new: UUID
        reason: ActorChangeReason
        coordinator_left: bool
        needs_onboarding: bool
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.actors = (aggregate.actors - {self.old}) | {self.new}
            aggregate.actor_since.setdefault(str(self.new), self.occurred_on)
            pending = aggregate.pending_onboarding - {self.old}
            aggregate.pending_onboarding = pending | (
                {self.new} if self.needs_onboarding else set()
            )
            if self.coordinator_left:
                aggregate.coordinator = None
                aggregate.coordinator_missing_since = self.occurred_on

    class CoordinatorChosen(Event):
        TOPIC = "cocreation:Platform.CoordinatorChosen"
        class_version = 1
        coordinator: Coordinator
        decision: Decision

        def apply(self, aggregate: Platform) -> None:
            aggregate.coordinator = self.coordinator
            aggregate.coordinator_missing_since = None

    class RippleRecorded(Event):
        TOPIC = "cocreation:Platform.RippleRecorded"
        class_version = 1
        ripple: Ripple

        def apply(self, aggregate: Platform) -> None:
            aggregate.ripple_count += 1  # the ripple itself is history

    class MeetingHeld(Event):
        TOPIC = "cocreation:Platform.MeetingHeld"
        class_version = 1
        meeting: UUID
        kind: MeetingKind
        host: UUID | None
        hosts: dict[str, HostTally]

        def apply(self, aggregate: Platform) -> None:
            aggregate.hosts = self.hosts

    class RealityCheckPerformed(Event):
        TOPIC = "cocreation:Platform.RealityCheckPerformed"
        class_version = 1
        check: RealityCheck

        def apply(self, aggregate: Platform) -> None:
            aggregate.reality_check_count += 1  # the check itself is history
            aggregate.last_reality_check_on = self.occurred_on

    class SparringRequested(Event):
        TOPIC = "cocreation:Platform.SparringRequested"
        class_version = 1
        sparring: Sparring

        def apply(self, aggregate: Platform) -> None:
            aggregate.sparring_count += 1
            aggregate.open_sparring[self.sparring.key] = self.sparring

    class SparringGiven(Event):
        TOPIC = "cocreation:Platform.SparringGiven"
        class_version = 1
        key: str
        notes: str

        def apply(self, aggregate: Platform) -> None:
            del aggregate.open_sparring[self.key]  # answered: its notes are history

    # --- establishing ----------------------------------------------------------------------

    @classmethod
    def establish(
        cls,
        by: Principal,
        on: date,
        initiative: UUID,
        name: str,
        actors: Iterable[UUID],
        after_co_creation_started: bool,
    ) -> Platform:
        """Establish a platform with its first actors (Cards 2, 4).

        A platform established after co-creation started has each actor introduced to the
        method, the common challenge and the common platform before it can leave
        ``established`` (R-PLAT-1). Only the anchor establishes platforms.
        """
        cls._require_anchor(by, "establish a platform")
        members = frozenset(actors)
        if not members:
            raise RuleViolation("R-ACT-4", "a platform starts with at least one actor")
        return cls._create(
            cls.Established,
            principal=by.person,
            occurred_on=on,
            initiative=initiative,
            name=require_text(name, "R-PLAT-1", "a platform's name"),
            actors=members,
            pending_onboarding=members if after_co_creation_started else frozenset(),
        )

    def onboard_actor(
        self, by: Principal, on: date, actor: UUID, topics: Collection[OnboardingTopic]
    ) -> None:
        """Record that the anchor introduced an actor to the method (R-PLAT-1)."""
        self._require_anchor(by, "onboard an actor")
        self._destination("onboard_actor")
        self._require_current(actor)
        missing = set(OnboardingTopic) - set(topics)
        if missing:
            raise RuleViolation(
                "R-PLAT-1", f"onboarding covers {', '.join(sorted(missing))} as well"
            )
        self._record(self.ActorOnboarded, by, on, actor=actor, topics=frozenset(topics))

    def hold_first_meeting(
        self,
        by: Principal,
        on: date,
        meeting: Meeting,
        focus: str,
        contributions: Collection[Contribution],
    ) -> None:
        """Record the first platform meeting: the focus and each actor's contribution.

        ``meeting`` is that meeting, held: R-PLAT-2 needs it invited by the coordinator and
        its agenda revisiting the co-creation premises and the five rules of play. Save the
        meeting and the platform together.
        """
        self._require_coordinator(by, "hold the first platform meeting")
        dest = self._destination("hold_first_meeting")
        if self.pending_onboarding:
            raise RuleViolation(
                "R-PLAT-1",
                f"{len(self.pending_onboarding)} actor(s) still to be onboarded by the anchor",
            )
        self._require_held_here(meeting, MeetingKind.PLATFORM_FIRST, "R-PLAT-2")
        if meeting.invited_as != "coordinator":
            raise RuleViolation("R-PLAT-2", "the first meeting is invited by the coordinator")
        if not meeting.agenda.covers(FIRST_MEETING_MUST_COVER):
            raise RuleViolation(
                "R-PLAT-2",
                "the first meeting's agenda revisits the co-creation premises and the rules "
                "of play",
            )
        for contribution in contributions:
            self._require_current(contribution.actor)
        self._record(
            self.FirstMeetingHeld,
            by,
            on,
            state=dest,
            focus=require_text(focus, "R-PLAT-2", "the platform's focus"),
            contributions=frozenset(contributions),
            meeting=meeting.id,
            hosts=self._hosts_after(meeting, on),
        )

    # --- goals (Card 5) --------------------------------------------------------------------

    def set_goals(
        self, by: Principal, on: date, policies: Policies, decision: Decision, goals: Sequence[Goal]
    ) -> list[str]:
        """Set 3-5 goals at the goal-setting meeting (R-GOAL-1..4, R-FLAT-4); returns their
        keys in the order given."""
        self._require_member(by, "set goals")
        dest = self._destination("set_goals")
        keyed = [attrs.evolve(g, key=f"G{i}") for i, g in enumerate(goals, len(self.goals) + 1)]
        check_goal_set(keyed, policies)
        self._require_decision(decision, policies, "setting goals")
        self._record(self.GoalsSet, by, on, state=dest, goals=frozenset(keyed), decision=decision)
        return [g.key for g in keyed]

    def describe_baseline(self, by: Principal, on: date, goal: str, baseline: Baseline) -> None:
        """Describe a goal's baseline; with every current goal baselined the platform is active
        (R-PLAT-3)."""
        self._require_member_or_anchor(by, "describe a baseline")
        baselined = all(r.baseline for r in self.current_goals.values() if r.goal.key != goal)
        dest = self._destination("describe_baseline", {"all_baselined": baselined})
        record = self._current_goal(goal)
        check_baseline(record.goal, baseline)
        self._record(self.BaselineDescribed, by, on, state=dest, goal=goal, baseline=baseline)

    def record_goal_progress(
        self, by: Principal, on: date, goal: str, progress: GoalProgress
    ) -> None:
        """Record an observation of progress on a goal."""
        self._require_member_or_anchor(by, "record goal progress")
        self._destination("record_goal_progress")
        record = self._current_goal(goal)
        require_text(progress.observation, "R-GOAL-2", "what was observed")
        if record.goal.kind == "quantitative" and progress.value is None:
            raise RuleViolation("R-GOAL-2", f"progress on quantitative goal {goal} needs a number")
        self._record(self.GoalProgressRecorded, by, on, goal=goal, progress=progress)

    def reach_goal(self, by: Principal, on: date, goal: str) -> None:
        """Mark a goal reached; it stays a current goal (R-GOAL-1)."""
        self._require_member_or_anchor(by, "mark a goal reached")
        self._destination("reach_goal")
        if self._current_goal(goal).status is GoalStatus.REACHED:
            raise RuleViolation("R-GOAL-1", f"goal {goal} is already reached")
        self._record(self.GoalReached, by, on, goal=goal)

    def add_goal(
        self, by: Principal, on: date, policies: Policies, decision: Decision, goal: Goal
    ) -> str:
        """Add a goal by decision, keeping 3-5 current goals (R-GOAL-1); it needs a baseline
        before the platform is active again (R-PLAT-3). Returns its key."""
        self._require_member(by, "add a goal")
        dest = self._destination("add_goal")
        goal = attrs.evolve(goal, key=f"G{len(self.goals) + 1}")
        check_goal_set([*(r.goal for r in self.current_goals.values()), goal], policies)
        self._require_decision(decision, policies, "adding a goal")
        self._record(self.GoalAdded, by, on, state=dest, goal=goal, decision=decision)
        return goal.key

    def revise_goal(
        self, by: Principal, on: date, policies: Policies, decision: Decision, goal: Goal
    ) -> None:
        """Revise the goal with ``goal.key`` by decision; its baseline stays (R-FLAT-4)."""
        self._require_member(by, "revise a goal")
        self._destination("revise_goal")
        record = self._current_goal(goal.key)
        others = [r.goal for k, r in self.current_goals.items() if k != goal.key]
        check_goal_set([*others, goal], policies)
        if record.baseline is not None:
            check_baseline(goal, record.baseline)
        self._require_decision(decision, policies, "revising a goal")
        self._record(self.GoalRevised, by, on, goal=goal, decision=decision)

    def drop_goal(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        goal: str,
        reason: str,
    ) -> None:
        """Drop a goal by decision, keeping 3-5 current goals (R-GOAL-1); it stays in history."""
        self._require_member(by, "drop a goal")
        remaining = {k: r for k, r in self.current_goals.items() if k != goal}
        baselined = all(r.baseline for r in remaining.values())
        dest = self._destination("drop_goal", {"all_baselined": baselined})
        self._current_goal(goal)
        check_goal_set([r.goal for r in remaining.values()], policies)
        self._require_decision(decision, policies, "dropping a goal")
        self._record(
            self.GoalDropped,
            by,
            on,
            state=dest,
            goal=goal,
            reason=require_text(reason, "R-GOAL-1", "why the goal is dropped"),
            decision=decision,
        )

    # --- standby, resume, close, merge (Card 4) -------------------------------------------

    def put_on_standby(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        reason: str,
        aftercare: str,
        review_on: date | None = None,
    ) -> None:
        """Pause the platform, saying why (R-PLAT-4) and what happens next (R-PLAT-5)."""
        self._require_member(by, "put the platform on standby")
        dest = self._destination("put_on_standby")
        reason = require_text(reason, "R-PLAT-4", "the reason for standby")
        aftercare = check_aftercare(aftercare)
        self._require_decision(decision, policies, "putting the platform on standby")
        self._record(
            self.PutOnStandby,
            by,
            on,
            state=dest,
            left=self.state,
            reason=reason,
            review_on=review_on,
            aftercare=aftercare,
            decision=decision,
        )

    def resume(self, by: Principal, on: date, policies: Policies, decision: Decision) -> None:
        """Resume work in the state the platform left for standby."""
        self._require_member(by, "resume the platform")
        dest = self._destination("resume", {left_for_standby(self.standby_from): True})
        self._require_decision(decision, policies, "resuming")
        self._record(self.Resumed, by, on, state=dest, decision=decision)

    def close(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        reason: ClosureReason,
        aftercare: str,
    ) -> None:
        """Close the platform for good, saying what happens next (R-PLAT-5)."""
        self._require_member(by, "close the platform")
        dest = self._destination("close")
        aftercare = check_aftercare(aftercare)
        self._require_decision(decision, policies, "closing")
        self._record(
            self.Closed,
            by,
            on,
            state=dest,
            reason=ClosureReason(reason),
            aftercare=aftercare,
            decision=decision,
        )

    def merge_into(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        target: Platform,
        target_decision: Decision,
    ) -> None:
        """Merge this platform into ``target`` (R-PLAT-6); both platforms decide.

        Actors of this platform join the target unless already there; this platform's goals
        and ripples stay in its own history. Save both aggregates together.
        """
        self._require_member(by, "merge the platform")
        dest = self._destination("merge")
        if target.id == self.id or target.initiative != self.initiative:
            raise RuleViolation("R-PLAT-6", "the target is another platform of the initiative")
        try:
            target._destination("absorb")
        except Exception as refused:
            raise RuleViolation(
                "R-PLAT-6", f"the target must be open and not on standby, not {target.state}"
            ) from refused
        self._require_decision(decision, policies, "merging")
        target._require_decision(target_decision, policies, "absorbing a platform")
        self._record(self.Merged, by, on, state=dest, into=target.id, decision=decision)
        target._record(
            target.Absorbed,
            by,
            on,
            source=self.id,
            actors=self.actors - target.actors,
            decision=target_decision,
        )

    # --- actors and coordinator (Card 4) --------------------------------------------------

    def join_actor(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        actor: UUID,
        persons: Collection[UUID],
        after_co_creation_started: bool,
    ) -> None:
        """Let an actor of the initiative join by decision (R-FLAT-4)."""
        self._require_member(by, "let an actor join")
        self._destination("join_actor")
        if actor in self.actors:
            raise RuleViolation("R-ACT-1", f"actor {actor} is already on the platform")
        self._require_decision(decision, policies, "letting an actor join")
        self._record(
            self.ActorJoined,
            by,
            on,
            actor=actor,
            persons=frozenset(persons),
            needs_onboarding=after_co_creation_started,
            decision=decision,
        )

    def leave_actor(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        actor: UUID,
        reason: ActorChangeReason,
    ) -> None:
        """Remove an actor by decision; the last actor leaves only by closing (R-ACT-4)."""
        self._require_member(by, "remove an actor")
        self._destination("leave_actor")
        self._require_current(actor)
        if self.actors == {actor}:
            raise RuleViolation("R-ACT-4", "the last actor leaves only by closing the platform")
        self._require_decision(decision, policies, "removing an actor")
        self._record(
            self.ActorLeft,
            by,
            on,
            actor=actor,
            reason=ActorChangeReason(reason),
            coordinator_left=self.coordinator is not None and self.coordinator.actor == actor,
            decision=decision,
        )

    def replace_actor(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        old: UUID,
        new: UUID,
        reason: ActorChangeReason,
        after_co_creation_started: bool,
    ) -> None:
        """Swap one actor for another by decision (Card 4)."""
        self._require_member(by, "replace an actor")
        self._destination("replace_actor")
        self._require_current(old)
        if new in self.actors:
            raise RuleViolation("R-ACT-1", f"actor {new} is already on the platform")
        self._require_decision(decision, policies, "replacing an actor")
        self._record(
            self.ActorReplaced,
            by,
            on,
            old=old,
            new=new,
            reason=ActorChangeReason(reason),
            coordinator_left=self.coordinator is not None and self.coordinator.actor == old,
            needs_onboarding=after_co_creation_started,
            decision=decision,
        )

    def choose_coordinator(
        self,
        by: Principal,
        on: date,
        policies: Policies,
        decision: Decision,
        coordinator: Coordinator,
        person_actor: UUID | None,
    ) -> None:
        """Choose the coordinator by decision: a current actor, through one of its persons
        (R-ACT-1). ``person_actor`` is the actor the chosen person represents."""
        self._require_member(by, "choose the coordinator")
        self._destination("choose_coordinator")
        if coordinator.actor not in self.actors:
            raise RuleViolation("R-ACT-1", "the coordinator must be a current actor")
        if person_actor != coordinator.actor:
            raise RuleViolation("R-ACT-1", "the coordinator's person must represent its actor")
        if coordinator == self.coordinator:
            raise RuleViolation("R-ACT-1", "that is already the coordinator")
        self._require_decision(decision, policies, "choosing the coordinator")
        self._record(self.CoordinatorChosen, by, on, coordinator=coordinator, decision=decision)

    # --- ripples (Card 6) -----------------------------------------------------------------

    def record_ripple(self, by: Principal, on: date, ripple: Ripple) -> str:
        """Record a ripple, by any member or the anchor (R-RIP-1); a correction names the
        ripple it corrects and never replaces it (R-RIP-2). Returns its key."""
        self._require_member_or_anchor(by, "record a ripple")
        self._destination("correct_ripple" if ripple.corrects else "record_ripple")
        keyed = keyed_ripple(ripple, self.ripple_keys)
        self._record(self.RippleRecorded, by, on, ripple=keyed)
        return keyed.key

    # --- meetings, reality checks and sparring (Cards 2, 4, 7) ------------------------------

    def record_meeting(self, by: Principal, on: date, meeting: Meeting) -> None:
        """Record a held goal-setting or regular platform meeting: activity and host turn.

        The first meeting is recorded by :meth:`hold_first_meeting`. Save the meeting and the
        platform together.
        """
        self._require_coordinator(by, "hold a platform meeting")
        self._destination("hold_meeting")
        if meeting.kind is MeetingKind.PLATFORM_FIRST:
            raise RuleViolation("R-PLAT-2", "the first meeting records the platform's focus")
        self._require_held_here(meeting, meeting.kind, "R-MEET-1")
        self._record(
            self.MeetingHeld,
            by,
            on,
            meeting=meeting.id,
            kind=meeting.kind,
            host=meeting.host,
            hosts=self._hosts_after(meeting, on),
        )

    def record_reality_check(self, by: Principal, on: date, check: RealityCheck) -> str:
        """Record the platform's reality check, by its coordinator (Cards 4, 7; R-MEET-5);
        returns its key (RC1 …)."""
        self._require_coordinator(by, "record a reality check")
        self._destination("record_reality_check")
        keyed = attrs.evolve(
            check,
            progress=require_text(check.progress, "R-MEET-5", "the progress seen"),
            challenges=require_text(check.challenges, "R-MEET-5", "the challenges seen"),
            horizon=require_text(check.horizon, "R-MEET-5", "the time horizon"),
            key=f"RC{self.reality_check_count + 1}",
            performed_on=on,
        )
        self._record(self.RealityCheckPerformed, by, on, check=keyed)
        return keyed.key

    def request_sparring(self, by: Principal, on: date, topic: str) -> str:
        """Ask the anchor for sparring, by the coordinator; returns the request's key (S1, S2 …)."""
        self._require_coordinator(by, "request sparring")
        self._destination("request_sparring")
        key = f"S{self.sparring_count + 1}"
        sparring = Sparring(key=key, topic=topic.strip(), requested_on=on)
        self._record(self.SparringRequested, by, on, sparring=sparring)
        return key

    def give_sparring(self, by: Principal, on: date, key: str, notes: str) -> None:
        """Answer a sparring request, by the anchor; a request is answered once."""
        self._require_anchor(by, "give sparring")
        self._destination("give_sparring")
        if key not in self.open_sparring:
            if key in KeyRange("S", self.sparring_count):
                raise LifecycleViolation("sparring", "given", "give_sparring", ())
            raise NotFound("sparring request", key)
        self._record(self.SparringGiven, by, on, key=key, notes=notes.strip())

    @property
    def suggested_host(self) -> UUID | None:
        """The current actor whose turn it is to host the next platform meeting (R-MEET-1)."""
        return suggest_host(self.hosts, self.actors)

    def _hosts_after(self, meeting: Meeting, on: date) -> dict[str, HostTally]:
        if meeting.host is None:
            return dict(self.hosts)
        return after_hosting(self.hosts, self.actors, meeting.host, on)

    def _require_held_here(self, meeting: Meeting, kind: MeetingKind, rule: str) -> None:
        if (
            meeting.platform != self.id
            or meeting.kind is not kind
            or meeting.state != MeetingState.HELD
        ):
            raise RuleViolation(rule, f"needs a held {kind} meeting of this platform")

    # --- queries --------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Neither closed nor merged."""
        return self.state in PLATFORM_OPEN

    @property
    def ripple_keys(self) -> KeyRange:
        """The keys of every ripple recorded on the platform (R1 … Rn), each correctable."""
        return KeyRange("R", self.ripple_count)

    @property
    def current_goals(self) -> dict[str, GoalRecord]:
        """Goals not dropped, by key (reached goals stay current)."""
        return {k: r for k, r in self.goals.items() if r.is_current}

    def horizons(self) -> frozenset[Horizon]:
        """The horizons the current goals cover."""
        return frozenset(r.goal.horizon for r in self.current_goals.values())

    # --- guards ---------------------------------------------------------------------------

    def _change_goal(self, key: str, **changes: Any) -> None:
        """For events' ``apply``: the goal ``key``'s record becomes a copy with ``changes``."""
        self.goals[key] = attrs.evolve(self.goals[key], **changes)

    def _current_goal(self, key: str) -> GoalRecord:
        record = self.goals.get(key)
        if record is None or not record.is_current:
            raise NotFound("goal", key)
        return record

    def _require_current(self, actor: UUID) -> None:
        if actor not in self.actors:
            raise RuleViolation("R-ACT-1", f"actor {actor} is not a current actor of the platform")

    def _require_member(self, by: Principal, what: str) -> None:
        if by.actor not in self.actors:
            raise NotPermitted("member", what)

    def _require_member_or_anchor(self, by: Principal, what: str) -> None:
        if not by.is_anchor and by.actor not in self.actors:
            raise NotPermitted("member or anchor", what)

    def _require_coordinator(self, by: Principal, what: str) -> None:
        if self.coordinator is None or self.coordinator.person != by.person:
            raise NotPermitted("coordinator", what)

    def _require_decision(self, decision: Decision | None, policies: Policies, what: str) -> None:
        require_passed(decision, self.actors, policies.quorum_percent, what)


ACTIVITY: frozenset[type[Platform.Event]] = frozenset(
    {
        Platform.FirstMeetingHeld,
        Platform.GoalsSet,
        Platform.GoalProgressRecorded,
        Platform.GoalReached,
        Platform.Resumed,
        Platform.RippleRecorded,
        Platform.MeetingHeld,
        Platform.RealityCheckPerformed,
    }
)
"""What counts as a platform's recorded activity (R-PLAT-8: "meeting, goal progress, ripple,
reality check"; Card 4): its meetings (the first one and the goal-setting one included), goal
progress and reached goals, ripples, reality checks, and resuming from standby."""


DECISIONS: frozenset[type[Platform.Event]] = frozenset(
    {
        Platform.GoalsSet,
        Platform.GoalRevised,
        Platform.GoalDropped,
        Platform.GoalAdded,
        Platform.PutOnStandby,
        Platform.Resumed,
        Platform.Closed,
        Platform.Merged,
        Platform.ActorJoined,
        Platform.ActorLeft,
        Platform.ActorReplaced,
        Platform.CoordinatorChosen,
    }
)
"""The platform decisions whose ``principal`` initiated them (R-FLAT-5, Card 1): goals set,
revised, dropped or added, standby and resumption, closure, merging (on the platform merged
away), actors joining, leaving or replaced, and the coordinator chosen. The read model notes
each one's day and principal on the platform (``PlatformView.acts``); the aggregate does not
keep them (its decisions do not need them);
:func:`cocreation_domain.testing.history.initiative_acts_of` reads them from the events."""


def last_activity(event: object, previous: date) -> date:
    """The platform's last activity day after ``event``: the event's business date when it is
    :data:`ACTIVITY` and later than ``previous``, ``previous`` otherwise (an event entered late
    never moves it back). Aggregates and read models both ask this (R-PLAT-8).

    >>> from uuid import uuid4
    >>> ripple = Platform.RippleRecorded.__new__(Platform.RippleRecorded)
    >>> object.__setattr__(ripple, "occurred_on", date(2025, 3, 1))
    >>> last_activity(ripple, date(2025, 2, 1)), last_activity(ripple, date(2025, 4, 1))
    (datetime.date(2025, 3, 1), datetime.date(2025, 4, 1))
    """
    if type(event) not in ACTIVITY:
        return previous
    occurred_on: date = getattr(event, "occurred_on")  # noqa: B009 (every event has one)
    return occurred_on if occurred_on > previous else previous


def poster_entries(platforms: Iterable[Platform]) -> list[PosterEntry]:
    """The poster's entries: each open platform's name, state, focus, actors and coordinator's
    actor (Card 3, R-MEET-3)."""
    return [
        PosterEntry(
            platform=p.id,
            name=p.name,
            state=p.state,
            focus=p.focus,
            actors=p.actors,
            coordinator=p.coordinator.actor if p.coordinator else None,
        )
        for p in platforms
        if p.is_open
    ]
