"""The story of *Safe in Vestby*, chapter by chapter, told through the scenario builder.

Each chapter is one stretch of the 18 months: who registers, which platforms form, the
meetings, decisions, progress and ripples of that time. The cast (people, organisations, focus
texts, goals) is data in :mod:`cocreation_domain.demo.cast`; the names the chapters use are
resolved by :class:`~cocreation_domain.demo.story.DemoStory` over its
:class:`~cocreation_domain.testing.scenario.Scenario`.
"""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.demo.cast import (
    FIRST_JOBS,
    FOUNDERS,
    GIRLS_EVENINGS,
    JOB_CENTRE,
    JOINT_STATUS_TIME,
    NIGHT_RAVENS,
    RESEARCHER,
    WORKSHOP_PLATFORMS,
    PlatformPlan,
)
from cocreation_domain.demo.story import DemoStory
from cocreation_domain.model import (
    ActorChangeReason,
    AgendaItem,
    Beneficiary,
    ChangeKind,
    ClosureReason,
    Contribution,
    CrossPlatformLead,
    GuestTalk,
    MeetingKind,
    MeetingTime,
    Minutes,
    OverlapOutcome,
    OverlapReview,
    RippleKind,
    Venue,
)

__all__ = ["CHAPTERS", "write_demo"]


def write_demo(app: CoCreation) -> DemoStory:
    """Write the whole story into ``app``'s store and return its ids."""
    story = DemoStory.found(app)
    for chapter in CHAPTERS:
        chapter(story)
    return story


def founding(story: DemoStory) -> None:
    """January 2024: the day the police's crime-prevention officer founded the initiative
    (:meth:`DemoStory.found`), the founding organisations register with their people."""
    for organisation in FOUNDERS:
        story.actor(organisation, story.s.today)


def workshop(story: DemoStory) -> None:
    """February 2024: the establishment workshop forms four platforms; phase 6 begins and
    each platform chooses its coordinator by consent."""
    on = date(2024, 2, 15)
    story.app.hold_establishment_workshop(story.anchor, story.initiative, on=on)
    for plan in WORKSHOP_PLATFORMS:
        story.platform(plan.key, plan.name, plan.actors, on)
    story.s.at(date(2024, 2, 19)).start_co_creation()
    for plan in WORKSHOP_PLATFORMS:
        story.choose_coordinator(plan.key, plan.coordinator, date(2024, 2, 26))


def first_meetings(story: DemoStory) -> None:
    """March 2024: each coordinator invites the first platform meeting, which makes the focus
    concrete (the *Fokus + Aktører* template, premises and rules of play on the agenda)."""
    for plan in WORKSHOP_PLATFORMS:
        minutes = Minutes(summary=plan.first_meeting.focus)
        story.meetings[f"{plan.key}-first"] = hold_first_meeting(
            story, plan, date(2024, 2, 27), minutes
        )


def hold_first_meeting(
    story: DemoStory, plan: PlatformPlan, invited_on: date, minutes: Minutes | None = None
) -> UUID:
    """The coordinator invites the platform's first meeting (at its place) and holds it: the
    focus and what each actor contributes. Returns the meeting."""
    first = plan.first_meeting
    meeting = story.platform_meeting(
        plan.key, MeetingKind.PLATFORM_FIRST, first.on, invited_on, first.place
    )
    story.app.hold_first_platform_meeting(
        story.coordinator_of(plan.key),
        meeting,
        first.focus,
        [Contribution(story.actors[a], text) for a, text in first.contributions],
        minutes=minutes,
        on=first.on,
    )
    return meeting


def backing(story: DemoStory) -> None:
    """February-March 2024: around the first meetings, each founding actor records the
    backing of its home organisation (Card 2) - all but the trade association."""
    for organisation in FOUNDERS:
        if organisation.backing is not None:
            story.backing(organisation)


def coordinator_meeting(story: DemoStory) -> None:
    """April 2024: the coordinator meeting (Card 3) proposes merging the street-art platform
    into leisure; the anchor updates the poster."""
    app = story.app
    meeting = app.convene_coordinator_meeting(
        story.anchor,
        story.initiative,
        date(2024, 4, 10),
        venue=Venue(place="Vestby Town Hall, room 2", room_booked=True),
        time=MeetingTime(time(13, 0), 120),
        on=date(2024, 3, 18),
    )
    story.meetings["coordinators"] = meeting
    app.hold_meeting(
        story.anchor,
        meeting,
        minutes=Minutes(
            summary="Each coordinator presented the platform's focus; walls and leisure overlap.",
            decisions=("Propose to merge 'Walls that talk' into 'Leisure for all'",),
        ),
        on=date(2024, 4, 10),
    )
    # Card 3: every coordinator gets speaking time (R-MEET-8), and the anchor records what
    # the comparison of the platforms showed (R-MEET-7).
    for key in ("nights", "leisure", "parents", "art"):
        app.record_presentation(story.anchor, meeting, story.platforms[key], on=date(2024, 4, 10))
    app.record_overlap_review(
        story.anchor,
        meeting,
        OverlapReview(
            {story.platforms[k] for k in ("nights", "leisure", "parents", "art")},
            OverlapOutcome.CHANGE_PROPOSED,
            "walls and leisure reach the same young people: merge proposed",
        ),
        on=date(2024, 4, 10),
    )
    app.propose_change(
        story.anchor,
        story.initiative,
        story.platforms["art"],
        ChangeKind.MERGE,
        "the walls are painted by the same young people who come to the evening activities",
        into=story.platforms["leisure"],
        on=date(2024, 4, 10),
    )
    app.update_poster(story.anchor, story.initiative, on=date(2024, 4, 12))


def set_goals(story: DemoStory, plan: PlatformPlan) -> None:
    """A goal-setting meeting (at the place of the first meeting) sets the goals by consent;
    the coordinator describes each baseline the same day."""
    key, on, goals = plan.key, plan.goal_setting.on, plan.goal_setting.goals
    meeting = story.platform_meeting(
        key,
        MeetingKind.PLATFORM_GOAL_SETTING,
        on,
        date(on.year, on.month, 1),
        plan.first_meeting.place,
    )
    story.meetings[f"{key}-goals"] = meeting
    coordinator = story.coordinator_of(key)
    keys = story.app.hold_goal_setting_meeting(
        coordinator, meeting, [g for g, _ in goals], story.consent(key), on=on
    )
    story.goals[key] = keys
    for goal, (_, baseline) in zip(keys, goals, strict=True):
        story.app.describe_baseline(
            coordinator,
            story.platforms[key],
            goal,
            attrs.evolve(baseline, measured_on=date(2023, 12, 31)),
            on=on,
        )


def goal_setting(story: DemoStory) -> None:
    """April-May 2024: the second platform meetings set 3-5 goals each (Card 5)."""
    for plan in WORKSHOP_PLATFORMS:
        set_goals(story, plan)


def first_summer(story: DemoStory) -> None:
    """May-August 2024: progress, ripples, an actor swap, the merge and a standby."""
    app = story.app
    story.progress("leisure", "G1", "Friday football opened in May", date(2024, 5, 31), 58)
    story.ripple(
        "leisure",
        "ungdomsskole",
        "Coaches and youth workers now call each other directly about boys they worry about",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OWN_PLATFORM, Beneficiary.OTHER_ACTORS],
        date(2024, 5, 22),
    )
    story.progress("art", "G1", "First wall painted at Vestgården", date(2024, 6, 14), 1)
    story.ripple(
        "art",
        "kunst",
        "A local paint shop sponsors materials for all future walls",
        RippleKind.OTHER,
        [Beneficiary.OWN_PLATFORM],
        date(2024, 6, 20),
    )
    # Card 4: the trade association has not come to a meeting since March; the night ravens
    # (volunteers who walk the streets at night) take its place.
    on = date(2024, 6, 4)
    story.actor(NIGHT_RAVENS, on)
    app.replace_actor(
        story.who("politi"),
        story.platforms["nights"],
        story.actors["handel"],
        story.actors["ravne"],
        ActorChangeReason.NOT_CONTRIBUTING,
        story.consent("nights", "politi", "kommune"),
        on=on,
    )
    app.onboard_actor(
        story.anchor, story.platforms["nights"], story.actors["ravne"], on=date(2024, 6, 11)
    )
    story.ripple(
        "nights",
        "ravne",
        "The night ravens and the local police now share a message group on friday nights",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OWN_PLATFORM],
        date(2024, 6, 28),
    )
    story.progress("nights", "G1", "Q2 count", date(2024, 6, 30), 39)
    # As the coordinator meeting proposed, both platforms decide the merge (R-MEET-3).
    app.merge_platforms(
        story.who("kunst"),
        story.platforms["art"],
        story.platforms["leisure"],
        story.consent("art"),
        story.consent("leisure"),
        on=date(2024, 6, 18),
    )
    app.update_poster(story.anchor, story.initiative, on=date(2024, 6, 20))
    # The parents' network waits for the municipal budget: its room and interpreters
    # depend on it.
    app.put_on_standby(
        story.who("cafe"),
        story.platforms["parents"],
        "Awaiting the municipal budget for 2025: interpreters and the room are not funded",
        "The café keeps the parents' group chat alive; the SSP consultant follows up on "
        "urgent contacts",
        story.consent("parents"),
        review_on=date(2024, 11, 1),
        on=date(2024, 8, 20),
    )


def first_joint_status(story: DemoStory) -> None:
    """August-October 2024: the first joint status meeting, invited seven weeks ahead, with
    reality checks and a pre-meeting before it, a guest talk, and its newsletter."""
    app = story.app
    story.guest(RESEARCHER, date(2024, 8, 1))
    meeting = app.convene_joint_status_meeting(
        story.anchor,
        story.initiative,
        date(2024, 9, 24),
        venue=Venue(place="Vestgården common room", room_booked=True),
        time=JOINT_STATUS_TIME,
        guest_talk=GuestTalk(
            speaker=story.persons["Karen"],
            topic="What works against youth crime in Denmark",
            organisation="Centre for Youth Research",
        ),
        on=date(2024, 8, 6),
    )
    story.meetings["joint-1"] = meeting
    story.reality_check(
        "nights",
        date(2024, 9, 3),
        "Reports are falling and the lamps are ordered",
        "Hard to reach the young people themselves",
        "at least another year",
    )
    story.reality_check(
        "leisure",
        date(2024, 9, 5),
        "Twice as many young people on friday nights; the walls are now ours too",
        "Girls hardly come; coaches are volunteers with little time",
        "two years",
        needs_sparring=True,
    )
    app.request_sparring(
        story.coordinator_of("leisure"),
        story.platforms["leisure"],
        "How do we reach the girls?",
        on=date(2024, 9, 5),
    )
    app.give_sparring(
        story.anchor,
        story.platforms["leisure"],
        "S1",
        "Ask the youth school's girls' club to plan one evening a month themselves",
        on=date(2024, 9, 12),
    )
    app.hold_pre_meeting(
        story.anchor,
        story.initiative,
        story.actors["ravne"],
        minutes=Minutes(summary="The initiative so far, the platforms and the rules of play"),
        on=date(2024, 9, 10),
    )
    newsletter = story.s.at(date(2024, 9, 24)).hold_joint_status(
        meeting, Minutes(summary="Status from the platforms; Karen Winther on what works")
    )
    app.record_overlap_review(
        story.anchor,
        meeting,
        OverlapReview(
            {story.platforms[k] for k in ("nights", "leisure", "parents")},
            OverlapOutcome.NONE,
            "each platform works on its own part of the evening",
        ),
        on=date(2024, 9, 24),
    )
    story.section(
        newsletter,
        "nights",
        date(2024, 9, 30),
        "Reports of disturbances fell from 44 to 39 a quarter. The night ravens walk every "
        "friday and saturday. Four new lamps are ordered for the station path.",
        "We still mostly talk about young people rather than with them.",
    )
    story.section(
        newsletter,
        "leisure",
        date(2024, 10, 1),
        "Friday football has 58 regulars, and the street-art walls joined us in June.",
        "Girls hardly come, and our coaches are volunteers with little time.",
    )
    app.compile_newsletter(
        story.anchor,
        newsletter,
        missing={
            story.platforms["parents"]: "On standby until the municipal budget for 2025 is set"
        },
        on=date(2024, 10, 7),
    )
    app.publish_newsletter(story.anchor, newsletter, on=date(2024, 10, 8))


def winter(story: DemoStory) -> None:
    """October 2024 - February 2025: progress, the budget passes and the parents resume,
    and a new platform forms around first jobs."""
    app = story.app
    story.progress(
        "nights", "G3", "Four new lamps installed on the station path", date(2024, 10, 14)
    )
    app.reach_goal(
        story.coordinator_of("nights"), story.platforms["nights"], "G3", on=date(2024, 10, 14)
    )
    story.progress("nights", "G1", "Q3 count", date(2024, 9, 30), 33, date(2024, 10, 14))
    story.progress("leisure", "G1", "After the summer break", date(2024, 10, 31), 74)
    story.ripple(
        None,
        "Mette",
        "The neighbouring municipality asked to copy the parents' walks",
        RippleKind.NEW_IDEA,
        [Beneficiary.OUTSIDE_INITIATIVE],
        date(2024, 10, 16),
    )
    story.ripple(
        "leisure",
        "bolig",
        "Vestgården opened its common room on tuesdays as well, run by two young people",
        RippleKind.NEW_IDEA,
        [Beneficiary.OWN_PLATFORM, Beneficiary.OTHER_ACTORS],
        date(2024, 10, 22),
    )
    app.resume_platform(
        story.who("cafe"), story.platforms["parents"], story.consent("parents"),
        on=date(2024, 12, 10),
    )  # fmt: skip
    story.progress("parents", "G1", "First meeting after the budget", date(2024, 12, 12), 21)
    story.progress("nights", "G1", "Q4 count", date(2024, 12, 31), 30)
    # Card 4: "a whole new platform" - young people's first jobs, with the job centre.
    on = date(2025, 1, 14)
    plan = FIRST_JOBS
    story.actor(JOB_CENTRE, on)
    story.platform(plan.key, plan.name, plan.actors, on)
    for actor in plan.actors:
        app.onboard_actor(story.anchor, story.platforms[plan.key], story.actors[actor], on=on)
    story.choose_coordinator(plan.key, plan.coordinator, date(2025, 1, 20))
    hold_first_meeting(story, plan, date(2025, 1, 20))
    story.ripple(
        "nights",
        "ravne",
        "Two shop owners from the trade association joined the night ravens' walks",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OTHER_ACTORS],
        date(2025, 2, 7),
    )
    set_goals(story, FIRST_JOBS)


def second_joint_status(story: DemoStory) -> None:
    """February-April 2025: the second joint status meeting, its reality checks, the new
    actor's pre-meeting, and its newsletter with all four sections."""
    app = story.app
    meeting = app.convene_joint_status_meeting(
        story.anchor,
        story.initiative,
        date(2025, 3, 25),
        venue=Venue(place="Vestby sports hall, club room", room_booked=True),
        time=JOINT_STATUS_TIME,
        on=date(2025, 2, 4),
    )
    story.meetings["joint-2"] = meeting
    checks = {
        "nights": ("Reports down to 30 a quarter", "The square is calm; the station is not",
                   "another year"),
        "leisure": ("96 young people a month; a girls' evening planned by the girls",
                    "Volunteers are tired", "two years"),
        "parents": ("Back after the standby with 21 parents", "Interpreters are booked late",
                    "six months"),
        "jobs": ("Goals set; the first shops are ready", "Few traineeships in winter",
                 "a year"),
    }  # fmt: skip
    for day, (key, (progress, challenges, horizon)) in enumerate(checks.items(), 3):
        story.reality_check(key, date(2025, 3, day), progress, challenges, horizon)
    app.hold_pre_meeting(story.anchor, story.initiative, story.actors["job"], on=date(2025, 3, 11))
    newsletter = story.s.at(date(2025, 3, 25)).hold_joint_status(
        meeting,
        Minutes(
            summary="Four platforms reported; first jobs presented its goals",
            decisions=(
                "Nights and jobs coordinate their work with the boys at the station",
                "The next joint status meeting is in September, at the job centre",
            ),
        ),
    )
    # Card 7: the meeting compares the platforms and starts initiatives across them
    # (R-MEET-7, R-NEWS-5).
    nights_and_jobs = [story.platforms["nights"], story.platforms["jobs"]]
    app.record_overlap_review(
        story.anchor,
        meeting,
        OverlapReview(
            {story.platforms[k] for k in ("nights", "leisure", "parents", "jobs")},
            OverlapOutcome.COORDINATE,
            "nights and jobs both reach the boys at the station: they coordinate",
        ),
        on=date(2025, 3, 25),
    )
    app.record_cross_platform_initiative(
        story.anchor,
        meeting,
        "Summer jobs for the station boys",
        "the night patrols introduce boys they meet to the job centre's summer jobs",
        nights_and_jobs,
        CrossPlatformLead.NEW_PLATFORM,
        on=date(2025, 3, 25),
    )
    app.record_cross_platform_initiative(
        story.anchor,
        meeting,
        "One calendar of evening activities",
        "leisure and the night ravens share one calendar, so walks end where activities are",
        [story.platforms["leisure"], story.platforms["nights"]],
        CrossPlatformLead.RIPPLE,
        on=date(2025, 3, 25),
    )
    sections = {
        "nights": ("Reports fell to 30 a quarter; the station path is lit.",
                   "Young people still avoid the station after dark."),
        "leisure": ("74 and then 96 young people a month; two young people run tuesdays.",
                    "Our volunteers are tired; we need more adults."),
        "parents": ("Back from standby in December with 21 parents.",
                    "Interpreters are hard to book at short notice."),
        "jobs": ("Goals and baselines in place; six shops are ready to take trainees.",
                 "Winter is a slow season for traineeships."),
    }  # fmt: skip
    for day, (key, (progress, hard)) in enumerate(sections.items(), 28):
        story.section(newsletter, key, date(2025, 3, day), progress, hard)
    app.compile_newsletter(story.anchor, newsletter, on=date(2025, 4, 2))
    app.publish_newsletter(story.anchor, newsletter, on=date(2025, 4, 3))


def later_backing(story: DemoStory) -> None:
    """The actors who joined later record their backing too (R-ACT-6)."""
    for organisation in (NIGHT_RAVENS, JOB_CENTRE):
        story.backing(organisation)


def head_of_the_table(story: DemoStory) -> None:
    """April-July 2025: the police station hosts every meeting of safe nights and sets its
    agenda (Card 1: the head of the table, R-FLAT-5), and the night ravens stop coming
    (Card 4: an inactive actor, R-ACT-5) - both left for the anchor to see."""
    app = story.app
    coordinator = story.coordinator_of("nights")
    present_all = {story.actors[k] for k in ("politi", "kommune", "ravne")}
    without_ravens = {story.actors["politi"], story.actors["kommune"]}
    for n, (day, invited) in enumerate(
        [
            (date(2025, 4, 15), date(2025, 4, 1)),
            (date(2025, 5, 13), date(2025, 4, 29)),
            (date(2025, 6, 10), date(2025, 5, 27)),
            (date(2025, 7, 8), date(2025, 6, 24)),
        ]
    ):
        meeting = app.plan_meeting(
            coordinator,
            MeetingKind.PLATFORM,
            day,
            platform=story.platforms["nights"],
            host=story.actors["politi"],
            venue=Venue(place="Vestby police station, meeting room", room_booked=True),
            on=invited,
        )
        app.invite_meeting(coordinator, meeting, on=invited)
        for key, en, da in (
            ("patrol_plan", "The police's patrol plan", "Politiets patruljeplan"),
            ("hot_spots", "Hot spots this month", "Brændpunkter denne måned"),
        ):
            app.add_agenda_item(coordinator, meeting, AgendaItem(key=key, en=en, da=da), on=invited)
        app.hold_meeting(
            coordinator,
            meeting,
            attendance=present_all if n == 0 else without_ravens,
            minutes=Minutes(summary="The police presented the patrol plan and the hot spots"),
            on=day,
        )


def second_summer(story: DemoStory) -> None:
    """April-August 2025: progress, a rescheduled meeting, a new goal still without its
    baseline, a person forgotten, the parents' network closed, and the third joint status
    meeting invited."""
    app = story.app
    story.progress("parents", "G1", "Spring meetings", date(2025, 4, 8), 34)
    story.progress("jobs", "G1", "First placements", date(2025, 4, 30), 6)
    story.ripple(
        "jobs",
        "handel",
        "Two shops now hire through the job centre outside the initiative too",
        RippleKind.OTHER,
        [Beneficiary.OUTSIDE_INITIATIVE],
        date(2025, 5, 6),
    )
    meeting = story.platform_meeting(
        "leisure",
        MeetingKind.PLATFORM,
        date(2025, 5, 13),
        date(2025, 4, 22),
        "Vestby Youth School, hall B",
    )
    story.meetings["leisure-may"] = meeting
    app.reschedule_meeting(
        story.coordinator_of("leisure"),
        meeting,
        date(2025, 5, 20),
        reason="the hall is used for exams on the 13th",
        on=date(2025, 5, 2),
    )
    app.hold_meeting(
        story.coordinator_of("leisure"),
        meeting,
        minutes=Minutes(summary="Plans for the summer; a fourth goal for girls' evenings"),
        on=date(2025, 5, 20),
    )
    story.progress("nights", "G1", "Q2 count", date(2025, 6, 30), 22)
    story.progress("leisure", "G1", "Before the summer break", date(2025, 6, 20), 112)
    # Mikkel moved away and asked to be forgotten (R-PII-2).
    story.s.at(date(2025, 6, 2)).forget(story.persons["Mikkel"])
    app.update_contact(
        story.anchor, story.persons["Aisha"], phone="+45 36 90 11 99", on=date(2025, 6, 5)
    )
    app.close_platform(
        story.who("cafe"),
        story.platforms["parents"],
        ClosureReason.NO_LONGER_NEEDED,
        "The network goes on as an association of its own; the SSP keeps the contact list",
        story.consent("parents"),
        on=date(2025, 6, 24),
    )
    story.goals["leisure"].append(
        app.add_goal(
            story.coordinator_of("leisure"),
            story.platforms["leisure"],
            GIRLS_EVENINGS,
            story.consent("leisure"),
            on=date(2025, 7, 8),
        )
    )
    story.meetings["joint-3"] = app.convene_joint_status_meeting(
        story.anchor,
        story.initiative,
        date(2025, 9, 23),
        venue=Venue(place="Vestby Job Centre, canteen", room_booked=True),
        time=JOINT_STATUS_TIME,
        on=date(2025, 8, 1),
    )


CHAPTERS = (
    founding,
    workshop,
    first_meetings,
    backing,
    coordinator_meeting,
    goal_setting,
    first_summer,
    first_joint_status,
    winter,
    second_joint_status,
    later_backing,
    head_of_the_table,
    second_summer,
)
"""The chapters in the order they are told (a chapter may note things down after the fact,
so their dates overlap)."""
