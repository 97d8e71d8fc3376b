"""Newsletters: opened with the joint status meeting, sections by coordinators, compiled by
the anchor, published to every person of every current actor (Card 8; R-NEWS-1..4)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cocreation_domain import (
    ActorChangeReason,
    Beneficiary,
    CoCreation,
    LifecycleViolation,
    MissingSection,
    NotPermitted,
    Ripple,
    RippleKind,
    RuleViolation,
)
from cocreation_domain.model.flags import not_compiled
from cocreation_domain.testing.history import events_stored
from cocreation_domain.testing.scenario import Scenario
from conftest import pause_and_close  # type: ignore[import-not-found]


def held(app: CoCreation) -> tuple[Scenario, UUID, UUID]:
    """Phase 6 with a joint status meeting held; returns the builder, meeting, newsletter."""
    p6 = Scenario.phase6(app)
    p6.reality_checks()
    meeting, newsletter = p6.joint_status()
    return p6, meeting, newsletter


def submit(p6: Scenario, newsletter: UUID, platform: UUID) -> None:
    """The platform's coordinator submits its section."""
    p6.app.submit_newsletter_section(
        p6.coordinators[platform],
        newsletter,
        platform,
        "goal 1 on track",
        "finding a room in the evening",
        on=p6.today,
    )


def compile_all(p6: Scenario, newsletter: UUID) -> None:
    """Every platform's coordinator submits its section, then the anchor compiles."""
    for platform in p6.platforms:
        submit(p6, newsletter, platform)
    p6.app.compile_newsletter(p6.anchor, newsletter)


def ripple(description: str) -> Ripple:
    """A new relationship that helped another actor."""
    observed = date(2025, 2, 1)
    return Ripple(description, RippleKind.NEW_RELATIONSHIP, {Beneficiary.OTHER_ACTORS}, observed)


class TestOpening:
    """R-NEWS-1: a newsletter opens when a joint status meeting is held."""

    def test_r_news_1_held_meeting_opens_one_newsletter(self, app: CoCreation) -> None:
        """R-NEWS-1: the meeting, its newsletter and the initiative name each other."""
        p6, meeting, newsletter = held(app)
        the_newsletter = app.get_newsletter(newsletter)
        assert (the_newsletter.state, the_newsletter.meeting) == ("collecting", meeting)
        assert app.get_meeting(meeting).newsletter == newsletter
        assert app.get_initiative(p6.initiative).joint_status_newsletters == {
            str(meeting): newsletter
        }

    def test_r_news_1_every_open_platform_is_asked(self, app: CoCreation) -> None:
        """R-NEWS-1: every platform open at the meeting (standby too) is asked for a
        section; a closed one is not."""
        p6 = Scenario.phase6(app, actors=6, groups=((0, 1), (2, 3), (4, 5)))
        paused, closed = p6.platforms[1], p6.platforms[2]
        pause_and_close(p6, paused, closed, on=None)
        p6.reality_checks(p6.platforms[:1])
        _, newsletter = p6.joint_status()
        assert app.get_newsletter(newsletter).platforms == {p6.platforms[0], paused}

    def test_r_news_1_a_refused_meeting_opens_nothing(self, app: CoCreation) -> None:
        """R-NEWS-1: a joint status meeting that is not held opens no newsletter."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_joint_status_meeting(p6.anchor, p6.initiative, p6.today)
        before = events_stored(app)
        with pytest.raises(RuleViolation):
            app.hold_joint_status_meeting(p6.anchor, meeting, on=p6.today)
        assert events_stored(app) == before
        assert app.get_meeting(meeting).newsletter is None
        assert app.newsletters_of(p6.initiative) == []

    def test_r_news_1_only_a_joint_status_meeting_opens_one(self, app: CoCreation) -> None:
        """R-NEWS-1: a coordinator meeting is not held as a joint status meeting."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.today)
        with pytest.raises(RuleViolation) as refused:
            app.hold_joint_status_meeting(p6.anchor, meeting)
        assert refused.value.rule == "R-NEWS-1"

    def test_r_news_1_a_platform_not_asked_submits_nothing(self, app: CoCreation) -> None:
        """R-NEWS-1: a platform established after the meeting has no section to submit."""
        p6, _, newsletter = held(app)
        later = p6.platform(p6.actors[:1], name="Later")
        coordinator = p6.coordinate(later)
        with pytest.raises(RuleViolation) as refused:
            app.submit_newsletter_section(coordinator, newsletter, later, "started", "nothing")
        assert refused.value.rule == "R-NEWS-1"


class TestSections:
    """R-NEWS-2: each section is submitted by that platform's coordinator."""

    def test_r_news_2_the_coordinator_submits(self, app: CoCreation) -> None:
        """R-NEWS-2: the section holds focus, actors, coordinator, progress, what was hard
        and the ripples, as ids, keys and text."""
        p6, _, newsletter = held(app)
        platform = p6.platforms[0]
        key = app.record_ripple(p6.member(platform), platform, ripple("met the library"))
        submit(p6, newsletter, platform)
        section = app.get_newsletter(newsletter).sections[str(platform)]
        the_platform = app.get_platform(platform)
        assert (
            section.focus,
            section.actors,
            section.coordinator,
            section.progress,
            section.hard,
            section.ripples,
        ) == (
            the_platform.focus,
            the_platform.actors,
            the_platform.coordinator,
            "goal 1 on track",
            "finding a room in the evening",
            frozenset({key}),
        )

    def test_r_news_2_a_member_cannot_submit(self, app: CoCreation) -> None:
        """R-NEWS-2: a member who is not the coordinator cannot submit; nothing is written."""
        p6, _, newsletter = held(app)
        platform = p6.platforms[0]
        other = p6.person_of(sorted(app.get_platform(platform).actors)[1])
        before = events_stored(app)
        with pytest.raises(NotPermitted) as refused:
            app.submit_newsletter_section(other, newsletter, platform, "fine", "nothing")
        assert (refused.value.role, events_stored(app)) == ("coordinator", before)

    def test_r_news_2_the_anchor_cannot_submit(self, app: CoCreation) -> None:
        """R-NEWS-2: not even the anchor writes a platform's section."""
        p6, _, newsletter = held(app)
        with pytest.raises(NotPermitted) as refused:
            app.submit_newsletter_section(p6.anchor, newsletter, p6.platforms[0], "fine", "nothing")
        assert refused.value.role == "coordinator"

    def test_r_news_2_progress_and_hard_are_required(self, app: CoCreation) -> None:
        """R-NEWS-2: the section says what progressed and what has been hard."""
        p6, _, newsletter = held(app)
        platform = p6.platforms[0]
        with pytest.raises(RuleViolation) as refused:
            app.submit_newsletter_section(
                p6.coordinators[platform], newsletter, platform, "fine", " "
            )
        assert refused.value.rule == "R-NEWS-2"

    def test_r_news_2_ripples_since_the_last_newsletter(self, app: CoCreation) -> None:
        """R-NEWS-2: the next newsletter reports only the ripples not reported before."""
        p6, _, first = held(app)
        platform = p6.platforms[0]
        old = app.record_ripple(p6.member(platform), platform, ripple("met the library"))
        submit(p6, first, platform)
        new = app.record_ripple(p6.member(platform), platform, ripple("met the school"))
        p6.later(30)
        p6.reality_checks()
        _, second = p6.joint_status()
        submit(p6, second, platform)
        sections = app.get_newsletter(second).sections
        assert (sections[str(platform)].ripples, old != new) == (frozenset({new}), True)


class TestCompiling:
    """R-NEWS-3: the anchor compiles when every section is in, or names the missing ones with
    a reason."""

    def test_r_news_3_missing_sections_need_a_reason(self, app: CoCreation) -> None:
        """R-NEWS-3: with a section missing and no reason, compiling is refused."""
        p6, _, newsletter = held(app)
        submit(p6, newsletter, p6.platforms[0])
        before = events_stored(app)
        with pytest.raises(RuleViolation) as refused:
            app.compile_newsletter(p6.anchor, newsletter)
        assert (refused.value.rule, events_stored(app)) == ("R-NEWS-3", before)
        assert app.get_newsletter(newsletter).state == "collecting"

    def test_r_news_3_named_missing_sections_compile(self, app: CoCreation) -> None:
        """R-NEWS-3: naming the missing section with a reason compiles the newsletter."""
        p6, _, newsletter = held(app)
        submit(p6, newsletter, p6.platforms[0])
        late = p6.platforms[1]
        app.compile_newsletter(p6.anchor, newsletter, missing={late: "coordinator on leave"})
        compiled = app.get_newsletter(newsletter)
        assert (compiled.state, compiled.missing) == (
            "compiled",
            frozenset({MissingSection(late, "coordinator on leave")}),
        )
        assert not_compiled(compiled) is None

    def test_r_news_3_all_sections_in_compile_without_reasons(self, app: CoCreation) -> None:
        """R-NEWS-3: with every section in, the anchor compiles without naming any."""
        p6, _, newsletter = held(app)
        assert not_compiled(app.get_newsletter(newsletter)) == p6.today
        compile_all(p6, newsletter)
        assert app.get_newsletter(newsletter).missing == frozenset()

    def test_r_news_3_a_submitted_section_is_not_missing(self, app: CoCreation) -> None:
        """R-NEWS-3: a platform whose section is in cannot be named as missing."""
        p6, _, newsletter = held(app)
        for platform in p6.platforms:
            submit(p6, newsletter, platform)
        with pytest.raises(RuleViolation) as refused:
            app.compile_newsletter(p6.anchor, newsletter, missing={p6.platforms[0]: "late"})
        assert refused.value.rule == "R-NEWS-3"

    def test_r_news_3_only_the_anchor_compiles(self, app: CoCreation) -> None:
        """R-NEWS-3: a coordinator cannot compile the newsletter."""
        p6, _, newsletter = held(app)
        with pytest.raises(NotPermitted) as refused:
            app.compile_newsletter(p6.coordinators[p6.platforms[0]], newsletter)
        assert refused.value.role == "anchor"

    def test_no_section_after_compiling(self, app: CoCreation) -> None:
        """A compiled newsletter takes no more sections (its lifecycle refuses)."""
        p6, _, newsletter = held(app)
        compile_all(p6, newsletter)
        with pytest.raises(LifecycleViolation) as refused:
            submit(p6, newsletter, p6.platforms[0])
        assert refused.value.allowed == ("publish",)


class TestPublishing:
    """R-NEWS-4: publishing sends the newsletter to every person of every current actor and
    records the recipients."""

    def test_r_news_4_not_before_compiling(self, app: CoCreation) -> None:
        """R-NEWS-4: a newsletter still collecting cannot be published; nothing is written."""
        p6, _, newsletter = held(app)
        before = events_stored(app)
        with pytest.raises(LifecycleViolation) as refused:
            app.publish_newsletter(p6.anchor, newsletter)
        assert (refused.value.allowed, events_stored(app)) == (
            ("compile", "submit_section"),
            before,
        )

    def test_r_news_4_every_person_of_every_current_actor(self, app: CoCreation) -> None:
        """R-NEWS-4: the recipients are the persons of the current actors at publishing:
        a second representative is included, a forgotten person and the persons of an actor
        that left are not."""
        p6, _, newsletter = held(app)
        first, second = p6.platforms
        compile_all(p6, newsletter)
        second_rep = app.register_person(
            "Second rep", by=p6.anchor, initiative=p6.initiative, actor=p6.actors[0]
        )
        forgotten = p6.person_of(p6.actors[1])
        app.forget_person(forgotten, forgotten)
        coordinator = app.get_platform(second).coordinator
        assert coordinator is not None
        leaving = sorted(app.get_platform(second).actors - {coordinator.actor})[0]
        app.remove_actor(
            p6.member(second), second, leaving, ActorChangeReason.INACTIVE, p6.consent(second)
        )
        recipients = app.publish_newsletter(p6.anchor, newsletter, on=p6.today)
        current = app.get_platform(first).actors | app.get_platform(second).actors
        expected = frozenset({p6.person_of(a) for a in current} - {forgotten} | {second_rep})
        published = app.get_newsletter(newsletter)
        assert (recipients, published.recipients, published.state) == (
            expected,
            expected,
            "published",
        )
        assert p6.person_of(leaving) not in published.recipients
        assert published.actors == current

    def test_r_news_4_only_the_anchor_publishes(self, app: CoCreation) -> None:
        """R-NEWS-4: a coordinator cannot publish."""
        p6, _, newsletter = held(app)
        compile_all(p6, newsletter)
        with pytest.raises(NotPermitted) as refused:
            app.publish_newsletter(p6.coordinators[p6.platforms[0]], newsletter)
        assert refused.value.role == "anchor"


class TestPersonalData:
    """R-PII-1: meeting and newsletter events hold person ids, never personal data."""

    def test_r_pii_1_no_names_or_emails_in_meetings_or_newsletters(self, app: CoCreation) -> None:
        """R-PII-1: the stored events of meetings and newsletters contain no person's name
        or e-mail address."""
        p6, meeting, newsletter = held(app)
        compile_all(p6, newsletter)
        app.publish_newsletter(p6.anchor, newsletter)
        stored_bytes = b"".join(
            item.state
            for aggregate in (meeting, newsletter)
            for item in app.recorder.select_events(aggregate)
        )
        for person in (p6.anchor, *p6.persons.values()):
            the_person = app.get_person(person)
            assert the_person.name.encode() not in stored_bytes
            assert (the_person.email or "@@").encode() not in stored_bytes
