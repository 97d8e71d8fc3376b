"""A realistic, fictional co-creation initiative of about 18 months, written through the API.

*Safe in Vestby* ("Tryg i Vestbyen") brings a municipality, a police district, a housing
association, clubs, volunteers and businesses together on young people's safety. The story
runs from January 2024 to August 2025 and touches every part of the method: platforms formed
at the establishment workshop, coordinators chosen by consent, first meetings with focus and
contributions, the coordinator meeting and its proposal to merge two platforms, goals with
baselines (qualitative, quantitative and a hypothesis) set at goal-setting meetings, progress
and ripples, an actor swap with onboarding and a pre-meeting, the merge, a platform on standby
and back, a new platform, reality checks, two joint status meetings with a guest talk and their
newsletters, a rescheduled meeting, a contact update and a person who asked to be forgotten.
The method cards' signals show too: every actor's backing recorded but the trade
association's (R-ACT-6), the coordinators' presentations and overlap reviews (R-MEET-7,
R-MEET-8), cross-platform initiatives in the second newsletter (R-NEWS-5), and, in 2025, a
police station at the head of the safe-nights table while the night ravens stop coming
(R-FLAT-5, R-ACT-5).
Every person and organisation is invented.

>>> from cocreation_domain import CoCreation
>>> story = write_demo(CoCreation())
>>> [story.app.get_newsletter(n).state for n in story.newsletters]
['published', 'published']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time
from decimal import Decimal
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    ActorChangeReason,
    AgendaItem,
    Baseline,
    Beneficiary,
    ChangeKind,
    ClosureReason,
    Consent,
    Contribution,
    CrossPlatformLead,
    Goal,
    GoalKind,
    GoalProgress,
    GuestTalk,
    Horizon,
    MeetingKind,
    MeetingTime,
    Minutes,
    OverlapOutcome,
    OverlapReview,
    RealityCheck,
    Recommendation,
    Ripple,
    RippleKind,
    Venue,
)

__all__ = ["DEMO_TODAY", "DemoStory", "write_demo"]

DEMO_TODAY = date(2025, 8, 15)
"""The business date the story is read on: the demo's read models are computed against it."""

PersonRow = tuple[str, str, str, str, str | None]
"""A person of an actor: first name, full name, title, e-mail and phone."""

CHALLENGE = (
    "Young people in Vestby feel unsafe in the evenings, and a small group drifts towards "
    "crime; no single organisation can turn that around alone."
)

PLATFORM_MEETING_TIME = MeetingTime(time(16, 0), 90)
"""Platform meetings: after work, an hour and a half (Copenhagen time)."""
JOINT_STATUS_TIME = MeetingTime(time(17, 0), 150)
"""Joint status meetings: late afternoon, two and a half hours with the guest talk."""

QUAL, QUANT, HYPO = GoalKind.QUALITATIVE, GoalKind.QUANTITATIVE, GoalKind.HYPOTHESIS
SHORT, LONG = Horizon.SHORT, Horizon.LONG


@attrs.define
class DemoStory:
    """The ids a reader of the demo needs: the initiative, its people, platforms, meetings."""

    app: CoCreation
    initiative: UUID = attrs.field(init=False)
    anchor: UUID = attrs.field(init=False)
    actors: dict[str, UUID] = attrs.field(factory=dict)
    """Actor ids by short name."""
    persons: dict[str, UUID] = attrs.field(factory=dict)
    """Person ids by first name."""
    speaker: dict[str, str] = attrs.field(factory=dict)
    """The first name of the person speaking for each actor."""
    platforms: dict[str, UUID] = attrs.field(factory=dict)
    """Platform ids by short name."""
    goals: dict[str, list[str]] = attrs.field(factory=dict)
    """Goal keys by platform short name."""
    meetings: dict[str, UUID] = attrs.field(factory=dict)
    turns: dict[str, int] = attrs.field(factory=dict)
    """How many meetings each platform has planned: whose turn it is to host."""
    """Meeting ids by short name."""
    newsletters: list[UUID] = attrs.field(factory=list)
    """Newsletter ids, oldest first."""
    forgotten: list[UUID] = attrs.field(factory=list)
    """Persons who asked to be forgotten."""
    today: date = DEMO_TODAY

    # --- who is who ----------------------------------------------------------------------

    def actor(self, key: str, name: str, kind: str, on: date, *people: PersonRow) -> UUID:
        """Register an actor and its persons; the first person speaks for it."""
        ident = self.app.register_actor(self.anchor, self.initiative, name, kind=kind, on=on)
        self.actors[key] = ident
        for first, full, title, email, phone in people:
            self.persons[first] = self.app.register_person(
                full,
                email=email,
                phone=phone,
                title=title,
                by=self.anchor,
                initiative=self.initiative,
                actor=ident,
                on=on,
            )
            self.speaker.setdefault(key, first)
        return ident

    def who(self, actor: str) -> UUID:
        """The person speaking for ``actor`` (an actor's short name, or a first name)."""
        return self.persons[actor] if actor in self.persons else self.persons[self.speaker[actor]]

    def coordinator_of(self, platform: str) -> UUID:
        """The person coordinating ``platform``."""
        coordinator = self.app.get_platform(self.platforms[platform]).coordinator
        if coordinator is None:
            raise LookupError(f"platform {platform} has no coordinator")
        return coordinator.person

    def consent(self, platform: str, *actors: str) -> Consent:
        """Consent of the named actors (default: every current actor of the platform)."""
        if actors:
            return Consent(consenting={self.who(a) for a in actors})
        current = self.app.get_platform(self.platforms[platform]).actors
        by_id = {ident: key for key, ident in self.actors.items()}
        speakers = {self.who(by_id[a]) for a in current}
        return Consent(consenting=speakers - set(self.forgotten))

    # --- what they do --------------------------------------------------------------------

    def platform(self, key: str, name: str, actors: Iterable[str], on: date) -> UUID:
        """Establish a platform of the named actors."""
        ident = self.app.establish_platform(
            self.anchor, self.initiative, name, [self.actors[a] for a in actors], on=on
        )
        self.platforms[key] = ident
        return ident

    def choose_coordinator(self, platform: str, actor: str, on: date) -> None:
        """Choose ``actor`` as the platform's coordinator, by consent of all its actors."""
        self.app.choose_coordinator(
            self.who(actor),
            self.platforms[platform],
            self.actors[actor],
            self.who(actor),
            self.consent(platform),
            on=on,
        )

    def platform_meeting(
        self, platform: str, kind: MeetingKind, on: date, invited_on: date, place: str
    ) -> UUID:
        """Plan and invite a platform meeting (by its coordinator, hosts in turn).

        The coordinator lets the current actors host in turn, in the order of their names:
        the rotation's own suggestion breaks ties by id, which differ from one telling of the
        story to the next, and the shares of initiative (R-FLAT-5) would differ with it.
        """
        coordinator = self.coordinator_of(platform)
        profiles = {a.id: a.name for a in self.app.get_initiative(self.initiative).actors}
        current = sorted(
            self.app.get_platform(self.platforms[platform]).actors, key=lambda a: profiles[a]
        )
        turn = self.turns.get(platform, 0)
        self.turns[platform] = turn + 1
        meeting = self.app.plan_meeting(
            coordinator,
            kind,
            on,
            platform=self.platforms[platform],
            host=current[turn % len(current)],
            venue=Venue(place=place, room_booked=True),
            time=PLATFORM_MEETING_TIME,
            on=invited_on,
        )
        self.app.invite_meeting(coordinator, meeting, on=invited_on)
        return meeting

    def ripple(
        self,
        platform: str | None,
        by: str,
        description: str,
        kind: RippleKind,
        beneficiaries: Iterable[Beneficiary],
        on: date,
    ) -> str:
        """Record a ripple on a platform, or on the initiative when ``platform`` is None."""
        ripple = Ripple(description, kind, frozenset(beneficiaries), on)
        if platform is None:
            return self.app.record_initiative_ripple(self.who(by), self.initiative, ripple, on=on)
        return self.app.record_ripple(self.who(by), self.platforms[platform], ripple, on=on)

    def progress(
        self,
        platform: str,
        goal: str,
        observation: str,
        observed_on: date,
        value: int | None = None,
        recorded_on: date | None = None,
    ) -> None:
        """The coordinator records an observation of progress on a goal (on the day it was
        observed, unless ``recorded_on`` says it was written down later)."""
        self.app.record_goal_progress(
            self.coordinator_of(platform),
            self.platforms[platform],
            goal,
            GoalProgress(observation, observed_on, None if value is None else Decimal(value)),
            on=recorded_on or observed_on,
        )

    def reality_check(
        self,
        platform: str,
        on: date,
        progress: str,
        challenges: str,
        horizon: str,
        recommendation: Recommendation = Recommendation.CONTINUE,
        needs_sparring: bool = False,
    ) -> None:
        """The coordinator records the platform's reality check."""
        self.app.record_reality_check(
            self.coordinator_of(platform),
            self.platforms[platform],
            RealityCheck(progress, challenges, needs_sparring, horizon, recommendation),
            on=on,
        )

    def section(self, newsletter: UUID, platform: str, on: date, progress: str, hard: str) -> None:
        """The coordinator submits the platform's newsletter section."""
        self.app.submit_newsletter_section(
            self.coordinator_of(platform),
            newsletter,
            self.platforms[platform],
            progress,
            hard,
            on=on,
        )


def write_demo(app: CoCreation) -> DemoStory:
    """Write the whole story into ``app``'s store and return its ids."""
    story = DemoStory(app)
    for chapter in (
        _founding,
        _workshop,
        _first_meetings,
        _backing,
        _coordinator_meeting,
        _goal_setting,
        _first_summer,
        _first_joint_status,
        _winter,
        _second_joint_status,
        _later_backing,
        _head_of_the_table,
        _second_summer,
    ):
        chapter(story)
    return story


# --- the story, chapter by chapter ----------------------------------------------------------

_PEOPLE: dict[str, tuple[str, str, list[PersonRow]]] = {
    "kommune": (
        "Vestby Municipality",
        "municipality",
        [
            ("Lars", "Lars Holm", "Head of children and youth", "lars.holm@vestby.example.dk",
             "+45 44 10 20 30"),
            ("Sofie", "Sofie Dahl", "SSP consultant", "sofie.dahl@vestby.example.dk", None),
        ],
    ),
    "politi": (
        "North Zealand Police, Vestby station",
        "police district",
        [("Jonas", "Jonas Brandt", "Local police officer", "jonas.brandt@politi.example.dk",
          "+45 72 58 00 17")],
    ),
    "bolig": (
        "Vestgården Housing Association",
        "housing association",
        [("Aisha", "Aisha Karimi", "Social housing coordinator", "aisha@vestgaarden.example.dk",
          "+45 36 90 11 22")],
    ),
    "idraet": (
        "Vestby Sports Club",
        "association",
        [("Kasper", "Kasper Lund", "Chair", "kasper@vestby-if.example.dk", None)],
    ),
    "ungdomsskole": (
        "Vestby Youth School",
        "municipal institution",
        [("Emma", "Emma Friis", "Principal", "emma.friis@ungdomsskole.example.dk", None)],
    ),
    "handel": (
        "Vestby Trade Association",
        "business",
        [("Henrik", "Henrik Vang", "Board member", "henrik@handel-vestby.example.dk", None)],
    ),
    "cafe": (
        "Café Fællesrummet",
        "NGO",
        [("Noor", "Noor Haddad", "Volunteer coordinator", "noor@faellesrummet.example.dk",
          "+45 28 44 55 66")],
    ),
    "kunst": (
        "Vestby Street Art Collective",
        "NGO",
        [("Mikkel", "Mikkel Ravn", "Artist", "mikkel@gadekunst.example.dk", "+45 31 31 31 31")],
    ),
}  # fmt: skip


def _founding(story: DemoStory) -> None:
    """January 2024: the police's crime-prevention officer founds the initiative."""
    on = date(2024, 1, 8)
    story.anchor = story.app.register_person(
        "Mette Skov",
        email="mette.skov@politi.example.dk",
        phone="+45 72 58 00 01",
        title="Crime-prevention officer",
        on=on,
    )
    story.persons["Mette"] = story.anchor
    story.initiative = story.app.found_initiative(story.anchor, "Safe in Vestby", CHALLENGE, on=on)
    for key, (name, kind, persons) in _PEOPLE.items():
        story.actor(key, name, kind, on, *persons)


def _workshop(story: DemoStory) -> None:
    """February 2024: the establishment workshop forms four platforms; phase 6 begins and
    each platform chooses its coordinator by consent."""
    on = date(2024, 2, 15)
    app = story.app
    app.hold_establishment_workshop(story.anchor, story.initiative, on=on)
    story.platform("nights", "Safe nights", ["politi", "kommune", "handel"], on)
    story.platform("leisure", "Leisure for all", ["idraet", "ungdomsskole", "bolig"], on)
    story.platform("parents", "Parents' network", ["kommune", "bolig", "cafe"], on)
    story.platform("art", "Walls that talk", ["kunst", "bolig"], on)
    app.start_co_creation(story.anchor, story.initiative, on=date(2024, 2, 19))
    for platform, actor in (
        ("nights", "politi"),
        ("leisure", "idraet"),
        ("parents", "cafe"),
        ("art", "kunst"),
    ):
        story.choose_coordinator(platform, actor, date(2024, 2, 26))


_FOCUS: dict[str, tuple[date, str, str, dict[str, str]]] = {
    "nights": (date(2024, 3, 5), "Vestby police station, meeting room 1",
               "Fewer young people alone and unsafe in the town centre after 22:00",
               {"politi": "night patrols and knowledge of hot spots",
                "kommune": "street lighting and the SSP network",
                "handel": "shop owners' eyes on the square"}),
    "leisure": (date(2024, 3, 7), "Vestby sports hall, club room",
                "Free evening activities that young people choose themselves",
                {"idraet": "halls, coaches and a friday football night",
                 "ungdomsskole": "workshops and youth workers",
                 "bolig": "the common room in Vestgården"}),
    "parents": (date(2024, 3, 12), "Café Fællesrummet",
                "Parents who know each other and speak up early",
                {"kommune": "parent-school contacts",
                 "bolig": "door-to-door knowledge of families",
                 "cafe": "a warm place to meet and interpreters"}),
    "art": (date(2024, 3, 14), "Vestgården common room",
            "Turn tagged walls into legal street-art walls made with young people",
            {"kunst": "artists and materials", "bolig": "the gable walls of Vestgården"}),
}  # fmt: skip


def _first_meetings(story: DemoStory) -> None:
    """March 2024: each coordinator invites the first platform meeting, which makes the focus
    concrete (the *Fokus + Aktører* template, premises and rules of play on the agenda)."""
    for key, (on, place, focus, contributions) in _FOCUS.items():
        meeting = story.platform_meeting(
            key, MeetingKind.PLATFORM_FIRST, on, date(2024, 2, 27), place
        )
        story.meetings[f"{key}-first"] = meeting
        story.app.hold_first_platform_meeting(
            story.coordinator_of(key),
            meeting,
            focus,
            [Contribution(story.actors[a], text) for a, text in contributions.items()],
            minutes=Minutes(summary=focus),
            on=on,
        )


_BACKING: dict[str, tuple[str, date]] = {
    "kommune": ("the municipal committee for children and youth", date(2024, 2, 27)),
    "politi": ("the police district's leadership", date(2024, 2, 26)),
    "bolig": ("the housing association's board", date(2024, 3, 4)),
    "idraet": ("the sports club's board", date(2024, 3, 5)),
    "ungdomsskole": ("the youth school's head", date(2024, 2, 28)),
    "cafe": ("the café's volunteer council", date(2024, 3, 6)),
    "kunst": ("the collective's general meeting", date(2024, 3, 1)),
    "ravne": ("the Night Ravens' national office", date(2024, 6, 11)),
    "job": ("the job centre's manager", date(2025, 1, 24)),
}
"""Card 2: who backed each actor's part, and when (R-ACT-6). The trade association, never
very engaged (it was swapped out in June 2024 and came back for first jobs), has none."""


def _backing(story: DemoStory) -> None:
    """February-March 2024: around the first meetings, each founding actor records the
    backing of its home organisation (Card 2) - all but the trade association."""
    for key, (office, on) in _BACKING.items():
        if key in story.actors:
            story.app.record_backing(
                story.who(key), story.initiative, story.actors[key], office, on=on
            )


def _later_backing(story: DemoStory) -> None:
    """The actors who joined later record their backing too (R-ACT-6)."""
    for key in ("ravne", "job"):
        office, on = _BACKING[key]
        story.app.record_backing(story.who(key), story.initiative, story.actors[key], office, on=on)


def _head_of_the_table(story: DemoStory) -> None:
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


def _coordinator_meeting(story: DemoStory) -> None:
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


_GOALS: dict[str, tuple[date, list[tuple[Goal, Baseline]]]] = {
    "nights": (date(2024, 4, 23), [
        (Goal("Fewer reports of disturbances in the square", QUANT, SHORT,
              "fewer situations where young people feel unsafe", "police statistics",
              indicator="reports of disturbance, Fri-Sat 22-02", unit="reports/quarter",
              target=20),
         Baseline("Police log 2023: 44 reports per quarter on average", 44)),
        (Goal("Young people say the centre feels safe", QUAL, LONG,
              "safety is what the challenge is about", "focus groups with young people"),
         Baseline("Youth survey 2023: 41 % feel unsafe after dark")),
        (Goal("Better lighting on the path to the station", QUAL, SHORT,
              "dark paths are where young people feel least safe", "walk-through with youth"),
         Baseline("Three of seven lamps on the path out of order")),
    ]),
    "leisure": (date(2024, 4, 25), [
        (Goal("Young people taking part in evening activities", QUANT, SHORT,
              "young people in a community are less drawn to crime", "attendance lists",
              indicator="distinct participants per month", unit="participants", target=120),
         Baseline("Autumn 2023: about 35 young people a month in any evening activity", 35)),
        (Goal("Young people shape the programme themselves", QUAL, LONG,
              "ownership keeps them coming", "interviews with the youth council"),
         Baseline("No youth council; the programme is set by adults")),
        (Goal("A friday night without conflicts spreads to other nights", HYPO, LONG,
              "a safe habit on one night can change the others", "observation and police log",
              argument="friday is when most trouble starts; filling it changes the week",
              weaknesses="hard to separate from other effects; seasonal swings"),
         Baseline("Police log: friday nights have twice the weekday disturbances")),
    ]),
    "parents": (date(2024, 4, 30), [
        (Goal("Parents in the network", QUANT, SHORT,
              "parents who know each other act earlier", "member list",
              indicator="parents attending at least one meeting", unit="parents", target=60),
         Baseline("12 parents in loose contact through the café", 12)),
        (Goal("Parents contact the SSP early", QUAL, LONG,
              "early contact prevents escalation", "SSP case notes"),
         Baseline("The SSP first hears of most cases from the police")),
        (Goal("Parent walks on friday nights", QUAL, SHORT,
              "adults present in the evening", "walk log"),
         Baseline("No parent walks")),
    ]),
    "art": (date(2024, 5, 2), [
        (Goal("Legal walls painted with young people", QUANT, SHORT,
              "a place that is theirs", "count of walls",
              indicator="walls painted", unit="walls", target=4),
         Baseline("No legal walls", 0)),
        (Goal("Less tagging around Vestgården", QUAL, LONG,
              "visible care makes a place feel safe", "caretaker's photo log"),
         Baseline("The caretaker removes tags every week")),
        (Goal("Young painters take part in other platforms", QUAL, LONG,
              "the art brings them into the wider community", "participant lists"),
         Baseline("None of the painters active elsewhere")),
    ]),
}  # fmt: skip


def _set_goals(
    story: DemoStory, key: str, on: date, goals: Sequence[tuple[Goal, Baseline]], place: str
) -> None:
    """A goal-setting meeting sets the goals by consent; the coordinator describes each
    baseline the same day."""
    meeting = story.platform_meeting(
        key, MeetingKind.PLATFORM_GOAL_SETTING, on, date(on.year, on.month, 1), place
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


def _goal_setting(story: DemoStory) -> None:
    """April-May 2024: the second platform meetings set 3-5 goals each (Card 5)."""
    for key, (on, goals) in _GOALS.items():
        _set_goals(story, key, on, goals, _FOCUS[key][1])


def _first_summer(story: DemoStory) -> None:
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
    story.actor(
        "ravne",
        "Vestby Night Ravens",
        "NGO",
        on,
        ("Freja", "Freja Mølgaard", "Local lead", "freja@natteravne.example.dk", "+45 51 23 45 67"),
    )
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


def _first_joint_status(story: DemoStory) -> None:
    """August-October 2024: the first joint status meeting, invited seven weeks ahead, with
    reality checks and a pre-meeting before it, a guest talk, and its newsletter."""
    app = story.app
    story.persons["Karen"] = app.register_person(
        "Karen Winther",
        email="karen.winther@university.example.dk",
        title="Researcher in crime prevention",
        on=date(2024, 8, 1),
    )
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
    newsletter = app.hold_joint_status_meeting(
        story.anchor,
        meeting,
        minutes=Minutes(summary="Status from the platforms; Karen Winther on what works"),
        on=date(2024, 9, 24),
    )
    story.newsletters.append(newsletter)
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


def _winter(story: DemoStory) -> None:
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
    story.actor(
        "job",
        "Vestby Job Centre",
        "municipal institution",
        on,
        ("Omar", "Omar Said", "Youth job consultant", "omar.said@jobcenter.example.dk", None),
    )
    story.platform("jobs", "First jobs", ["job", "handel", "ungdomsskole"], on)
    for actor in ("job", "handel", "ungdomsskole"):
        app.onboard_actor(story.anchor, story.platforms["jobs"], story.actors[actor], on=on)
    story.choose_coordinator("jobs", "job", date(2025, 1, 20))
    meeting = story.platform_meeting(
        "jobs", MeetingKind.PLATFORM_FIRST, date(2025, 1, 28), date(2025, 1, 20), "Job centre"
    )
    app.hold_first_platform_meeting(
        story.who("job"),
        meeting,
        "A first job or traineeship for young people at risk",
        [
            Contribution(story.actors["job"], "wage subsidies and mentors"),
            Contribution(story.actors["handel"], "traineeships in local shops"),
            Contribution(story.actors["ungdomsskole"], "a job-readiness course"),
        ],
        on=date(2025, 1, 28),
    )
    story.ripple(
        "nights",
        "ravne",
        "Two shop owners from the trade association joined the night ravens' walks",
        RippleKind.NEW_RELATIONSHIP,
        [Beneficiary.OTHER_ACTORS],
        date(2025, 2, 7),
    )
    _set_goals(
        story,
        "jobs",
        date(2025, 2, 25),
        [
            (
                Goal(
                    "Young people in a first job or traineeship", QUANT, SHORT,
                    "a job is the strongest protection against crime", "job centre records",
                    indicator="young people placed", unit="young people", target=15,
                ),
                Baseline("Two young people from the target group placed in 2024", 2),
            ),
            (
                Goal("Shops see young people as a resource", QUAL, LONG,
                     "it changes the story about Vestby's youth", "interviews with shop owners"),
                Baseline("Shop owners mostly mention shoplifting"),
            ),
            (
                Goal("Mentors from the sports club", QUAL, SHORT,
                     "a trusted adult at work", "mentor list"),
                Baseline("No mentors"),
            ),
        ],
        "Job centre",
    )  # fmt: skip


def _second_joint_status(story: DemoStory) -> None:
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
    newsletter = app.hold_joint_status_meeting(
        story.anchor,
        meeting,
        minutes=Minutes(
            summary="Four platforms reported; first jobs presented its goals",
            decisions=(
                "Nights and jobs coordinate their work with the boys at the station",
                "The next joint status meeting is in September, at the job centre",
            ),
        ),
        on=date(2025, 3, 25),
    )
    story.newsletters.append(newsletter)
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


def _second_summer(story: DemoStory) -> None:
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
    app.forget_person(story.persons["Mikkel"], story.persons["Mikkel"], on=date(2025, 6, 2))
    story.forgotten.append(story.persons["Mikkel"])
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
            Goal(
                "Girls plan one evening a month themselves",
                QUAL,
                SHORT,
                "girls are half of the young people the challenge is about",
                "programme and attendance",
            ),
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
