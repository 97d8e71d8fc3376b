"""A Hypothesis state machine that drives a whole initiative in phase 6 through any store.

Platforms, actors joining and leaving, persons registered, forgotten, detached and attached to
another actor (R-ACT-7), actors' backing (R-ACT-6), platform meetings,
reality checks, standby, pre-meetings, the coordinator meeting and proposed changes, joint
status meetings and their newsletters. Like
:class:`~cocreation_domain.testing.stateful.PlatformLifecycleMachine` it takes the application
factory in its constructor, so every store and every embedder reuses it::

    from hypothesis.stateful import run_state_machine_as_test
    from cocreation_domain import CoCreation
    from cocreation_domain.testing.initiative_machine import InitiativeMachine

    run_state_machine_as_test(InitiativeMachine.on(lambda: CoCreation(env)))

A small model predicts, for the commands that matter to meetings and newsletters, whether
they are accepted or which refusal (error class and rule id) is legitimate: the readiness gate
of joint status meetings (R-MEET-5, R-ACT-3) from its own record of reality checks, first
joins and pre-meetings; compiling (R-NEWS-3) and publishing (R-NEWS-4) from its own record of
newsletter states; the coordinator meeting (R-MEET-2). Every refused command must write
nothing. After every step the invariants check that:

- every aggregate the store changed was saved by a command and rebuilds from its stored events
  into the live aggregate (replay equality);
- a held joint status meeting has exactly one newsletter, and every newsletter belongs to a
  held joint status meeting (R-NEWS-1);
- no newsletter publishes before it is compiled (its events come in that order, R-NEWS-4);
- every recipient of a published newsletter was a person, not forgotten, of an actor current
  at publishing time, and every such person is a recipient (R-NEWS-4, R-PII-2);
- host rotations stay within one turn, on every platform and across the initiative
  (R-MEET-1, R-MEET-4);
- the application's readiness for the next joint status meeting is the model's;
- every person represents at most one actor, the one the model says (R-ACT-7);
- the actors flagged for missing backing are the model's (R-ACT-6).

Steps pick platforms, actors, persons, meetings and newsletters by index into the model's
lists (in creation order), so a shrunk failure replays step by step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

import attrs
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    ActorChangeReason,
    ChangeKind,
    Consent,
    DomainError,
    Initiative,
    LifecycleViolation,
    Meeting,
    MeetingKind,
    MeetingState,
    Newsletter,
    NewsletterState,
    NotPermitted,
    Platform,
    PlatformState,
    Readiness,
    RuleViolation,
)
from cocreation_domain.model.flags import missing_backing
from cocreation_domain.model.hosting import rotation_for, spread
from cocreation_domain.testing.meetings import sample_reality_check
from cocreation_domain.testing.store_watch import StoreWatch, bound_to

__all__ = ["InitiativeMachine"]

T = TypeVar("T")
Expectation = tuple[type[DomainError], str | None] | None
"""What the model predicts: ``None`` for success, else the error class and its rule id (for a
:class:`RuleViolation`), role (:class:`NotPermitted`) or state (:class:`LifecycleViolation`)."""


@attrs.define
class _Platform:
    actors: set[UUID]
    coordinator: UUID
    """The coordinator's person (never removed or forgotten in this machine)."""
    focused: bool = False
    standby: bool = False
    last_check: date | None = None


@attrs.define
class _Newsletter:
    meeting: UUID
    asked: set[UUID]
    state: str = NewsletterState.COLLECTING
    submitted: set[UUID] = attrs.field(factory=set)
    recipients: frozenset[UUID] | None = None


@attrs.define
class _World:
    initiative: UUID
    anchor: UUID
    started: date
    actors: list[UUID] = attrs.field(factory=list)
    persons: dict[UUID, UUID] = attrs.field(factory=dict)
    """Each registered representative and the actor it represents."""
    forgotten: set[UUID] = attrs.field(factory=set)
    platforms: dict[UUID, _Platform] = attrs.field(factory=dict)
    first_join: dict[UUID, date] = attrs.field(factory=dict)
    pre_met: dict[UUID, date] = attrs.field(factory=dict)
    last_joint: date | None = None
    coordinator_meeting: bool = False
    invited_joint: list[UUID] = attrs.field(factory=list)
    newsletters: dict[UUID, _Newsletter] = attrs.field(factory=dict)
    backed: set[UUID] = attrs.field(factory=set)
    """Actors whose home organisation's backing was recorded (R-ACT-6)."""

    def participants(self) -> set[UUID]:
        return {a for p in self.platforms.values() for a in p.actors}

    def readiness(self) -> Readiness:
        """R-MEET-5 and R-ACT-3 as the model sees them."""
        since = self.last_joint
        checks = {
            ident
            for ident, p in self.platforms.items()
            if not p.standby
            and (p.last_check is None or (since is not None and p.last_check <= since))
        }
        baseline = since or self.started
        new = {a for a in self.participants() if self.first_join[a] > baseline}
        missing = {
            a
            for a in new
            if a not in self.pre_met or (since is not None and self.pre_met[a] <= since)
        }
        return Readiness(missing_reality_checks=checks, missing_pre_meetings=missing)

    def recipients(self) -> frozenset[UUID]:
        current = self.participants()
        return frozenset(
            p for p, a in self.persons.items() if a in current and p not in self.forgotten
        )


class InitiativeMachine(RuleBasedStateMachine):
    """One initiative in phase 6 with two or three platforms, driven through its meetings,
    reality checks and newsletters.

    ``make_app`` builds the application under test; the machine calls it once and closes the
    application at teardown. A :class:`~cocreation_domain.testing.store_watch.StoreWatch`
    keeps the live aggregates and rebuilds them from stored events through a second
    application over the same store (SQLite, PostgreSQL) or, where a second application would
    see an empty store (plain Python objects), by replaying the application's own event store.
    """

    def __init__(self, make_app: Callable[[], CoCreation], start: date = date(2025, 1, 6)):
        super().__init__()
        self.app = make_app()
        self._store = StoreWatch(self.app)
        self._changed: set[UUID] = set()
        self._opened: dict[UUID, int] = {}
        self._compiled: set[UUID] = set()
        self.today = start
        app = self.app
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=start)
        initiative = app.found_initiative(
            anchor, "Safe Harbour", "young people drifting into crime", on=start
        )
        self.model = _World(initiative=initiative, anchor=anchor, started=start)
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
                self.model.persons[second] = actor
        groups = ((0, 1), (2, 3), (1, 4))
        for number, group in enumerate(groups, 1):
            members = [self.model.actors[i] for i in group]
            platform = app.establish_platform(
                anchor, initiative, f"Platform {number}", members, on=start
            )
            coordinator = self._person_of(members[0])
            self.model.platforms[platform] = _Platform(set(members), coordinator)
        app.hold_establishment_workshop(anchor, initiative, on=start)
        app.start_co_creation(anchor, initiative, on=start)
        for platform, modelled in self.model.platforms.items():
            app.choose_coordinator(
                modelled.coordinator,
                platform,
                self.model.persons[modelled.coordinator],
                modelled.coordinator,
                self._consent(platform),
                on=start,
            )
        for actor in self.model.actors:
            self.model.first_join[actor] = start

    @classmethod
    def on(cls, make_app: Callable[[], CoCreation]) -> type[InitiativeMachine]:
        """This machine bound to ``make_app``, as the class ``run_state_machine_as_test`` and
        ``TestCase`` wrappers expect::

            run_state_machine_as_test(InitiativeMachine.on(lambda: CoCreation(env)))
        """

        return bound_to(cls, make_app)

    @initialize(count=st.integers(0, 3))
    def first_meetings(self, count: int) -> None:
        """The first ``count`` platforms hold their first meeting right after the workshop."""
        for platform in list(self.model.platforms)[:count]:
            modelled = self.model.platforms[platform]
            self.app.hold_first_meeting(modelled.coordinator, platform, "Safer", on=self.today)
            modelled.focused = True

    def teardown(self) -> None:
        """Close the applications this machine built."""
        self._store.close()
        self.app.close()

    # --- time and people ---------------------------------------------------------------

    @rule(days=st.integers(1, 120))
    def advance(self, days: int) -> None:
        """Time passes."""
        self.today += timedelta(days=days)
        note(f"{self.today}: {days} days later")

    @rule(platform=st.integers(0, 9), which=st.integers(0, 9), join=st.booleans())
    def actor_change(self, platform: int, which: int, join: bool) -> None:
        """A new actor joins a platform, or an actor leaves one (Card 4)."""
        if join:
            self._join_new_actor(platform)
        else:
            self._remove_actor(platform, which)

    def _join_new_actor(self, platform: int) -> None:
        """A new actor with one representative joins a platform by consent and is onboarded
        by the anchor."""
        ident = self._pick(list(self.model.platforms), platform)
        actor = self._new_actor(f"Actor {len(self.model.actors) + 1}")
        consent = self._consent(ident)
        members = self.model.platforms[ident]
        member = members.coordinator

        def join() -> object:
            self.app.join_actor(member, ident, actor, consent, on=self.today)
            self.app.onboard_actor(self.model.anchor, ident, actor, on=self.today)
            return None

        if self._run(f"join_actor({self._name(actor)} -> {self._name(ident)})", join, None):
            members.actors.add(actor)
            self.model.first_join.setdefault(actor, self.today)

    def _remove_actor(self, platform: int, which: int) -> None:
        """A platform lets an actor that is not its coordinator's leave, by consent."""
        ident = self._pick(list(self.model.platforms), platform)
        members = self.model.platforms[ident]
        coordinator_actor = self.model.persons[members.coordinator]
        candidates = [
            a for a in self.model.actors if a in members.actors and a != coordinator_actor
        ]
        if not candidates:
            return
        actor = self._pick(candidates, which)
        consent = self._consent(ident)
        if self._run(
            f"remove_actor({self._name(actor)} from {self._name(ident)})",
            lambda: self.app.remove_actor(
                members.coordinator,
                ident,
                actor,
                ActorChangeReason.INACTIVE,
                consent,
                on=self.today,
            ),
            None,
        ):
            members.actors.discard(actor)

    @rule(index=st.integers(0, 39), forget=st.booleans())
    def person_change(self, index: int, forget: bool) -> None:
        """A person is registered for an actor, or a representative is forgotten."""
        if forget:
            self._forget_person(index)
        else:
            self._register_representative(index)

    def _register_representative(self, actor: int) -> None:
        """The anchor registers another person for an actor (indexed for newsletters)."""
        ident = self._pick(self.model.actors, actor)
        made: list[UUID] = []

        def register() -> object:
            made.append(
                self.app.register_person(
                    "Another rep",
                    by=self.model.anchor,
                    initiative=self.model.initiative,
                    actor=ident,
                    on=self.today,
                )
            )
            return None

        if self._run(f"register_person(for {self._name(ident)})", register, None):
            self.model.persons[made[0]] = ident

    def _forget_person(self, person: int) -> None:
        """A representative who is no coordinator, and whose actor keeps another one, asks to
        be forgotten (R-PII-2)."""
        w = self.model
        coordinators = {p.coordinator for p in w.platforms.values()}
        remembered = [p for p in w.persons if p not in w.forgotten]
        candidates = [
            p
            for p in remembered
            if p not in coordinators and sum(w.persons[q] == w.persons[p] for q in remembered) > 1
        ]
        if not candidates:
            return
        chosen = self._pick(candidates, person)
        if self._run(
            f"forget_person({self._name(chosen)})",
            lambda: self.app.forget_person(chosen, chosen, on=self.today),
            None,
        ):
            self.model.forgotten.add(chosen)

    @rule(index=st.integers(0, 39), to_actor=st.integers(0, 19), backing=st.booleans())
    def person_moves(self, index: int, to_actor: int, backing: bool) -> None:
        """R-ACT-7: a spare representative (no coordinator, and their actor keeps another) is
        refused a second actor, then detached and attached to another one; or (R-ACT-6) a
        person of an actor records its backing."""
        w = self.model
        if backing:
            actor = self._pick(w.actors, to_actor)
            person = next(p for p, a in w.persons.items() if a == actor and p not in w.forgotten)
            if self._run(
                f"record_backing({self._name(actor)}, by {self._name(person)})",
                lambda: self.app.record_backing(
                    person, w.initiative, actor, "the board", on=self.today
                ),
                None,
            ):
                w.backed.add(actor)
            return
        coordinators = {p.coordinator for p in w.platforms.values()}
        remembered = [p for p in w.persons if p not in w.forgotten]
        spare = [
            p
            for p in remembered
            if p not in coordinators and sum(w.persons[q] == w.persons[p] for q in remembered) > 1
        ]
        if not spare:
            return
        person = self._pick(spare, index)
        target = self._pick(w.actors, to_actor)
        who, to = self._name(person), self._name(target)
        self._run(
            f"attach_person({who} to {to}, already attached)",
            lambda: self.app.attach_person(w.anchor, person, w.initiative, target, on=self.today),
            (RuleViolation, "R-ACT-7"),
        )
        if self._run(
            f"detach_person({who})",
            lambda: self.app.detach_person(w.anchor, person, on=self.today),
            None,
        ):
            del w.persons[person]
        if self._run(
            f"attach_person({who} to {to})",
            lambda: self.app.attach_person(w.anchor, person, w.initiative, target, on=self.today),
            None,
        ):
            w.persons[person] = target

    # --- platforms -----------------------------------------------------------------------

    @rule(
        platform=st.integers(0, 9),
        work=st.sampled_from(
            ["first_meeting", "meeting", "reality_check", "standby_or_resume", "intruder"]
        ),
        later=st.integers(0, 30),
    )
    def platform_work(self, platform: int, work: str, later: int) -> None:
        """Work on one platform: its first meeting, a platform meeting, a reality check,
        standby or resume, or a member who is not the coordinator trying a coordinator's
        command."""
        if work == "first_meeting":
            self._hold_first_meeting(platform)
        elif work == "meeting":
            self._platform_meeting(platform, later)
        elif work == "reality_check":
            self._record_reality_check(platform)
        elif work == "standby_or_resume":
            self._standby_or_resume(platform)
        else:
            self._an_intruder_is_refused(platform)

    def _hold_first_meeting(self, platform: int) -> None:
        """The coordinator holds a platform's first meeting (R-PLAT-2); a platform that held
        it already (or is on standby) refuses."""
        unfocused = [p for p, m in self.model.platforms.items() if not m.focused]
        ident = self._pick(
            unfocused if platform % 3 and unfocused else list(self.model.platforms), platform
        )
        modelled = self.model.platforms[ident]
        expected: Expectation = None
        if modelled.focused or modelled.standby:
            expected = (
                LifecycleViolation,
                PlatformState.STANDBY if modelled.standby else PlatformState.FOCUSED,
            )
        if self._run(
            f"hold_first_meeting({self._name(ident)})",
            lambda: self.app.hold_first_meeting(
                modelled.coordinator, ident, "Safer streets at night", on=self.today
            ),
            expected,
        ):
            modelled.focused = True

    def _platform_meeting(self, platform: int, later: int) -> None:
        """The coordinator plans a platform meeting hosted by the rotation's suggestion,
        invites and holds it (R-MEET-1)."""
        ident = self._pick(list(self.model.platforms), platform)
        modelled = self.model.platforms[ident]
        expected: Expectation = (
            (LifecycleViolation, PlatformState.STANDBY) if modelled.standby else None
        )

        def meet() -> object:
            meeting = self.app.plan_meeting(
                modelled.coordinator,
                MeetingKind.PLATFORM,
                self.today + timedelta(later),
                platform=ident,
                on=self.today,
            )
            self.app.invite_meeting(modelled.coordinator, meeting, on=self.today)
            self.app.hold_meeting(modelled.coordinator, meeting, on=self.today)
            return None

        self._run(f"platform meeting on {self._name(ident)}", meet, expected)

    def _record_reality_check(self, platform: int) -> None:
        """The coordinator records the platform's reality check (R-MEET-5)."""
        ident = self._pick(list(self.model.platforms), platform)
        modelled = self.model.platforms[ident]
        expected: Expectation = (
            (LifecycleViolation, PlatformState.STANDBY) if modelled.standby else None
        )
        if self._run(
            f"record_reality_check({self._name(ident)})",
            lambda: self.app.record_reality_check(
                modelled.coordinator, ident, sample_reality_check(), on=self.today
            ),
            expected,
        ):
            modelled.last_check = self.today

    def _standby_or_resume(self, platform: int) -> None:
        """A platform goes on standby, or resumes, by consent."""
        ident = self._pick(list(self.model.platforms), platform)
        modelled = self.model.platforms[ident]
        consent = self._consent(ident)

        def toggle() -> object:
            if modelled.standby:
                self.app.resume_platform(modelled.coordinator, ident, consent, on=self.today)
            else:
                self.app.put_on_standby(
                    modelled.coordinator,
                    ident,
                    "awaiting a decision",
                    "monthly call",
                    consent,
                    on=self.today,
                )
            return None

        step = f"{'resume' if modelled.standby else 'put_on_standby'}({self._name(ident)})"
        if self._run(step, toggle, None):
            modelled.standby = not modelled.standby

    def _an_intruder_is_refused(self, platform: int) -> None:
        """A member who is not the coordinator cannot record a reality check or invite to a
        platform meeting (R-MEET-1); the refusal writes nothing."""
        ident = self._pick(list(self.model.platforms), platform)
        modelled = self.model.platforms[ident]
        coordinator_actor = self.model.persons[modelled.coordinator]
        intruders = [
            p
            for p, a in self.model.persons.items()
            if a != coordinator_actor and p not in self.model.forgotten
        ]
        if not intruders:
            return
        intruder = intruders[0]
        self._run(
            f"record_reality_check(by {self._name(intruder)} on {self._name(ident)})",
            lambda: self.app.record_reality_check(
                intruder, ident, sample_reality_check(), on=self.today
            ),
            (NotPermitted, "coordinator"),
        )

    # --- the common platform -------------------------------------------------------------

    @rule(actor=st.integers(0, 19))
    def hold_pre_meeting(self, actor: int) -> None:
        """The anchor holds a pre-meeting with an actor (R-ACT-3)."""
        ident = self._pick(self.model.actors, actor)
        if self._run(
            f"hold_pre_meeting({self._name(ident)})",
            lambda: self.app.hold_pre_meeting(
                self.model.anchor, self.model.initiative, ident, on=self.today
            ),
            None,
        ):
            self.model.pre_met[ident] = self.today

    @rule(platform=st.integers(0, 9), propose=st.booleans())
    def coordinator_meeting(self, platform: int, propose: bool) -> None:
        """The anchor holds the coordinator meeting, or proposes closing a platform."""
        if propose:
            self._propose_closing(platform)
        else:
            self._coordinator_meeting()

    def _coordinator_meeting(self) -> None:
        """The anchor convenes and holds the coordinator meeting once every platform has held
        its first meeting (R-MEET-2)."""
        unfocused = [p for p, m in self.model.platforms.items() if not m.focused]
        expected: Expectation = (RuleViolation, "R-MEET-2") if unfocused else None

        def meet() -> object:
            meeting = self.app.convene_coordinator_meeting(
                self.model.anchor, self.model.initiative, self.today, on=self.today
            )
            self.app.hold_meeting(self.model.anchor, meeting, on=self.today)
            return None

        if self._run("coordinator meeting", meet, expected):
            self.model.coordinator_meeting = True

    def _propose_closing(self, platform: int) -> None:
        """The anchor proposes closing a platform (R-MEET-3): nothing happens to it."""
        ident = self._pick(list(self.model.platforms), platform)
        expected: Expectation = (
            None if self.model.coordinator_meeting else (RuleViolation, "R-MEET-3")
        )
        self._run(
            f"propose_change(close {self._name(ident)})",
            lambda: self.app.propose_change(
                self.model.anchor,
                self.model.initiative,
                ident,
                ChangeKind.CLOSE,
                "little participation",
                on=self.today,
            ),
            expected,
        )

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
        """The common platform's cycle (Cards 7, 8): finish the latest newsletter (sections,
        compile, publish), or hold the invited joint status meeting, or convene the next one
        (and maybe hold it right away)."""
        unfinished = [
            n for n, m in self.model.newsletters.items() if m.state != NewsletterState.PUBLISHED
        ]
        if newsletter_first and unfinished:
            which = list(self.model.newsletters).index(unfinished[-1])
            self.newsletter_work(which, sections, True, with_reasons, True)
            return
        if not self.model.invited_joint:
            self._convene_joint_status_meeting(ahead)
            if not hold_now:
                return
        if self.model.invited_joint:
            self._hold_joint_status_meeting(0, override)

    def _convene_joint_status_meeting(self, ahead: int) -> None:
        """The anchor convenes the next joint status meeting ``ahead`` days from today, once
        the previous one was held (R-MEET-4): the host suggestion counts held meetings, so the
        next host is chosen after the last meeting, as the method does."""
        made: list[UUID] = []

        def convene() -> object:
            made.append(
                self.app.convene_joint_status_meeting(
                    self.model.anchor,
                    self.model.initiative,
                    self.today + timedelta(ahead),
                    on=self.today,
                )
            )
            return None

        if self._run(f"convene_joint_status_meeting({ahead} days ahead)", convene, None):
            self.model.invited_joint.append(made[0])

    def _hold_joint_status_meeting(self, which: int, override: bool) -> None:
        """The anchor holds a joint status meeting, with or without an override reason; it
        opens its newsletter in the same save (R-MEET-5, R-ACT-3, R-NEWS-1)."""
        meeting = self._pick(self.model.invited_joint, which)
        host = self.app.get_meeting(meeting).host
        gaps = self.model.readiness()
        expected: Expectation = None
        if host not in self.model.participants():
            expected = (RuleViolation, "R-MEET-4")
        elif not gaps.ready and not override:
            rule_id = "R-MEET-5" if gaps.missing_reality_checks else "R-ACT-3"
            expected = (RuleViolation, rule_id)
        made: list[UUID] = []

        def hold() -> object:
            made.append(
                self.app.hold_joint_status_meeting(
                    self.model.anchor,
                    meeting,
                    override_reason="agreed to meet anyway" if override else None,
                    on=self.today,
                )
            )
            return None

        asked = set(self.model.platforms)
        if self._run(f"hold_joint_status_meeting(override={override})", hold, expected):
            self.model.invited_joint.remove(meeting)
            self.model.newsletters[made[0]] = _Newsletter(meeting=meeting, asked=asked)
            self.model.last_joint = self.today

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
        """Coordinators submit ``sections`` sections of a newsletter; then the anchor maybe
        compiles it, naming the missing sections with a reason or not, and maybe publishes it
        (refused unless compiled). Without a newsletter it does nothing (a precondition would
        make the rules Hypothesis draws depend on ids the application makes at random)."""
        if not self.model.newsletters:
            return
        for platform in range(sections):
            self._submit_section(which, platform)
        if compile_it:
            self._compile_newsletter(which, with_reasons)
        if publish_it:
            self._publish_newsletter(which)

    def _submit_section(self, which: int, platform: int) -> None:
        """A platform's coordinator submits its newsletter section (R-NEWS-2)."""
        ident = self._pick(list(self.model.newsletters), which)
        modelled = self.model.newsletters[ident]
        chosen = self._pick([p for p in self.model.platforms if p in modelled.asked], platform)
        coordinator = self.model.platforms[chosen].coordinator
        expected: Expectation = (
            None
            if modelled.state == NewsletterState.COLLECTING
            else (LifecycleViolation, modelled.state)
        )
        if self._run(
            f"submit_newsletter_section({self._name(chosen)})",
            lambda: self.app.submit_newsletter_section(
                coordinator, ident, chosen, "on track", "evenings are hard", on=self.today
            ),
            expected,
        ):
            modelled.submitted.add(chosen)

    def _compile_newsletter(self, which: int, with_reasons: bool) -> None:
        """The anchor compiles, naming missing sections with a reason or not (R-NEWS-3)."""
        ident = self._pick(list(self.model.newsletters), which)
        modelled = self.model.newsletters[ident]
        missing = modelled.asked - modelled.submitted
        expected: Expectation = None
        if modelled.state != NewsletterState.COLLECTING:
            expected = (LifecycleViolation, modelled.state)
        elif missing and not with_reasons:
            expected = (RuleViolation, "R-NEWS-3")
        reasons = dict.fromkeys(missing, "the coordinator was away") if with_reasons else {}
        if self._run(
            f"compile_newsletter(missing={len(missing)}, reasons={with_reasons})",
            lambda: self.app.compile_newsletter(
                self.model.anchor, ident, missing=reasons, on=self.today
            ),
            expected,
        ):
            modelled.state = NewsletterState.COMPILED

    def _publish_newsletter(self, which: int) -> None:
        """The anchor publishes a compiled newsletter to every person of every current actor
        (R-NEWS-4); one still collecting (or already published) is refused."""
        ident = self._pick(list(self.model.newsletters), which)
        modelled = self.model.newsletters[ident]
        expected: Expectation = (
            None
            if modelled.state == NewsletterState.COMPILED
            else (LifecycleViolation, modelled.state)
        )
        recipients = self.model.recipients()
        if self._run(
            "publish_newsletter",
            lambda: self.app.publish_newsletter(self.model.anchor, ident, on=self.today),
            expected,
        ):
            modelled.state = NewsletterState.PUBLISHED
            modelled.recipients = recipients

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def stored_events_rebuild_the_live_aggregates(self) -> None:
        """Every aggregate the store changed was saved by a command and rebuilds from its
        stored events into the live aggregate; newsletter events come in lifecycle order."""
        self._scan_store()
        store = self._store
        changed, saved = self._changed, store.saved
        assert changed == saved, (
            f"store changed {sorted(map(str, changed))}, saves {sorted(map(str, saved))}"
        )
        self._changed, store.saved = set(), set()
        for ident in changed:
            rebuilt = store.rebuild(ident)
            assert rebuilt == store.live[ident], f"{ident} rebuilt {rebuilt!r}"

    @invariant()
    def a_held_joint_status_meeting_has_exactly_one_newsletter(self) -> None:
        """R-NEWS-1: each held joint status meeting opened exactly one newsletter, and every
        newsletter opened with a held joint status meeting."""
        self._scan_store()
        held = {
            m.id
            for m in self._store.live_of(Meeting)
            if m.kind is MeetingKind.JOINT_STATUS and m.state == MeetingState.HELD
        }
        assert set(self._opened) == held
        assert all(count == 1 for count in self._opened.values())
        for newsletter in self._store.live_of(Newsletter):
            meeting = self._store.live[newsletter.meeting]
            assert isinstance(meeting, Meeting)
            assert meeting.newsletter == newsletter.id

    @invariant()
    def recipients_were_the_persons_of_current_actors(self) -> None:
        """R-NEWS-4: a published newsletter's recipients are exactly the persons (not
        forgotten) of the actors current when it was published; it was compiled first."""
        for ident, modelled in self.model.newsletters.items():
            live = self._store.live[ident]
            assert isinstance(live, Newsletter)
            assert live.state == modelled.state
            if live.state == NewsletterState.PUBLISHED:
                assert live.compiled_on is not None
                assert live.recipients == modelled.recipients

    @invariant()
    def a_person_represents_at_most_one_actor(self) -> None:
        """R-ACT-7: every person represents at most one actor, the one the model attached
        them to, and the initiative's index lists them under that actor alone."""
        initiative = self._store.live[self.model.initiative]
        assert isinstance(initiative, Initiative)
        listed: dict[UUID, UUID] = {}
        for actor, persons in initiative.representatives.items():
            for person in persons:
                assert person not in listed, f"{person} listed under two actors"
                listed[person] = UUID(actor)
        assert listed == self.model.persons

    @invariant()
    def missing_backing_is_the_models(self) -> None:
        """R-ACT-6: exactly the actors of platforms past their first meeting whose backing was
        never recorded are flagged."""
        initiative = self._store.live[self.model.initiative]
        assert isinstance(initiative, Initiative)
        flagged = missing_backing(
            initiative, self._store.live_of(Platform), self._store.live_of(Meeting)
        )
        w = self.model
        expected = {a for p in w.platforms.values() if p.focused for a in p.actors} - w.backed
        assert set(flagged) == expected

    @invariant()
    def host_rotations_stay_within_one(self) -> None:
        """R-MEET-1, R-MEET-4: following the suggestion keeps host turns within one."""
        for platform in self._store.live_of(Platform):
            assert spread(rotation_for(platform.hosts, platform.actors)) <= 1
        initiative = self._store.live[self.model.initiative]
        assert isinstance(initiative, Initiative)
        assert spread(initiative.joint_status_hosts) <= 1

    @invariant()
    def readiness_is_the_models(self) -> None:
        """R-MEET-5, R-ACT-3: the application sees the same gaps as the model."""
        assert self.app.joint_status_readiness(self.model.initiative) == self.model.readiness()

    # --- running commands ----------------------------------------------------------------

    def _run(self, step: str, command: Callable[[], object], expected: Expectation) -> bool:
        """Run one step a day after the last; check it against the model's expectation, and
        that a refusal wrote nothing. Returns whether it was accepted."""
        self.today += timedelta(days=1)
        note(f"{self.today}: {step} -> expect {expected or 'success'}")
        before = self._store.max_id()
        refused: DomainError | None = None
        try:
            command()
        except DomainError as error:
            refused = error
        if refused is None:
            assert expected is None, f"{step} was accepted; the model expected {expected}"
            return True
        note(f"    refused: {refused}")
        assert self._store.max_id() == before, f"the refused {step} wrote events"
        assert expected is not None, f"{step} was refused ({refused!r}); expected success"
        kind, detail = expected
        assert isinstance(refused, kind), f"{step}: {refused!r}, expected {kind.__name__}"
        assert detail is None or detail == _detail(refused), f"{step}: {refused!r}"
        return False

    def _new_actor(self, name: str) -> UUID:
        """Register an actor with one representative (setup and joins)."""
        w = self.model
        actor = self.app.register_actor(w.anchor, w.initiative, name, on=self.today)
        person = self.app.register_person(
            f"Rep of {name}", by=w.anchor, initiative=w.initiative, actor=actor, on=self.today
        )
        w.actors.append(actor)
        w.persons[person] = actor
        return actor

    def _person_of(self, actor: UUID) -> UUID:
        return next(p for p, a in self.model.persons.items() if a == actor)

    def _consent(self, platform: UUID) -> Consent:
        """Every current actor consents through a representative that is not forgotten."""
        w = self.model
        persons = {
            next(p for p, a in w.persons.items() if a == actor and p not in w.forgotten)
            for actor in w.platforms[platform].actors
        }
        return Consent(consenting=persons)

    @staticmethod
    def _pick(items: list[T], index: int) -> T:
        return items[index % len(items)]

    def _name(self, ident: UUID) -> str:
        if ident in self.model.platforms:
            return f"platform {list(self.model.platforms).index(ident) + 1}"
        if ident in self.model.actors:
            return f"actor {self.model.actors.index(ident) + 1}"
        return f"person {list(self.model.persons).index(ident) + 1}"

    # --- the store -----------------------------------------------------------------------

    def _scan_store(self) -> None:
        """Note the aggregates whose events the store recorded since the last scan, count
        opened newsletters per meeting, and check that each publishes only after it compiled.
        Invariants run in any order, so each that needs the scan calls it."""
        for notification in self._store.new_notifications():
            ident = UUID(str(notification.originator_id))
            self._changed.add(ident)
            event = self.app.mapper.to_domain_event(notification)
            if isinstance(event, Newsletter.Opened):
                self._opened[event.meeting] = self._opened.get(event.meeting, 0) + 1
            elif isinstance(event, Newsletter.Compiled):
                self._compiled.add(ident)
            elif isinstance(event, Newsletter.Published):
                assert ident in self._compiled, f"newsletter {ident} published uncompiled"


def _detail(error: DomainError) -> str | None:
    if isinstance(error, RuleViolation):
        return error.rule
    if isinstance(error, NotPermitted):
        return error.role
    if isinstance(error, LifecycleViolation):
        return error.state
    return None
