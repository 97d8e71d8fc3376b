"""Who is who in *Safe in Vestby*, as frozen data: the anchor, the organisations and their
people, the platforms with their first meetings and goals, and the meeting times.

The chapters (:mod:`cocreation_domain.demo.chapters`) tell the story with this cast. Every
person and organisation is invented; the story calls each by a short key (organisations,
platforms) or a first name (people).
"""

from __future__ import annotations

from datetime import date, time

import attrs

from cocreation_domain.model import Baseline, Goal, GoalKind, Horizon, MeetingTime
from cocreation_domain.testing.scenario import Contact

__all__ = [
    "ANCHOR",
    "CHALLENGE",
    "FIRST_JOBS",
    "FOUNDED_ON",
    "FOUNDERS",
    "GIRLS_EVENINGS",
    "INITIATIVE",
    "JOB_CENTRE",
    "JOINT_STATUS_TIME",
    "NIGHT_RAVENS",
    "PLATFORM_MEETING_TIME",
    "RESEARCHER",
    "WORKSHOP_PLATFORMS",
    "Backing",
    "FirstMeeting",
    "GoalSetting",
    "Member",
    "Organisation",
    "PlatformPlan",
]


@attrs.frozen
class Member:
    """A person of the story: the first name the story calls them by, and their contact."""

    first: str
    contact: Contact


@attrs.frozen
class Backing:
    """Who in an actor's home organisation backed its part, and when (Card 2, R-ACT-6)."""

    given_by: str
    on: date


@attrs.frozen
class Organisation:
    """An actor of the initiative: its key in the story, name, kind and people (the first
    speaks for it), and the backing it records, if any."""

    key: str
    name: str
    kind: str
    people: tuple[Member, ...]
    backing: Backing | None = None


@attrs.frozen
class FirstMeeting:
    """A platform's first meeting: its day, place, the focus it makes concrete and what each
    actor (by key) contributes."""

    on: date
    place: str
    focus: str
    contributions: tuple[tuple[str, str], ...]


@attrs.frozen
class GoalSetting:
    """A platform's goal-setting meeting: its day and the goals with their baselines."""

    on: date
    goals: tuple[tuple[Goal, Baseline], ...]


@attrs.frozen
class PlatformPlan:
    """A platform as the story forms it: key, name, actors (by key), the coordinating actor,
    its first meeting and its goal setting."""

    key: str
    name: str
    actors: tuple[str, ...]
    coordinator: str
    first_meeting: FirstMeeting
    goal_setting: GoalSetting


QUAL, QUANT, HYPO = GoalKind.QUALITATIVE, GoalKind.QUANTITATIVE, GoalKind.HYPOTHESIS
SHORT, LONG = Horizon.SHORT, Horizon.LONG

INITIATIVE = "Safe in Vestby"
FOUNDED_ON = date(2024, 1, 8)
CHALLENGE = (
    "Young people in Vestby feel unsafe in the evenings, and a small group drifts towards "
    "crime; no single organisation can turn that around alone."
)

PLATFORM_MEETING_TIME = MeetingTime(time(16, 0), 90)
"""Platform meetings: after work, an hour and a half (Copenhagen time)."""
JOINT_STATUS_TIME = MeetingTime(time(17, 0), 150)
"""Joint status meetings: late afternoon, two and a half hours with the guest talk."""

ANCHOR = Member(
    "Mette",
    Contact(
        "Mette Skov",
        email="mette.skov@politi.example.dk",
        phone="+45 72 58 00 01",
        title="Crime-prevention officer",
    ),
)
"""The police's crime-prevention officer, who founds the initiative and anchors it."""

RESEARCHER = Member(
    "Karen",
    Contact(
        "Karen Winther",
        email="karen.winther@university.example.dk",
        title="Researcher in crime prevention",
    ),
)
"""The guest speaker of the first joint status meeting."""

FOUNDERS: tuple[Organisation, ...] = (
    Organisation("kommune", "Vestby Municipality", "municipality", (
        Member("Lars", Contact("Lars Holm", "lars.holm@vestby.example.dk", "+45 44 10 20 30",
                               "Head of children and youth")),
        Member("Sofie", Contact("Sofie Dahl", "sofie.dahl@vestby.example.dk", None,
                                "SSP consultant")),
    ), Backing("the municipal committee for children and youth", date(2024, 2, 27))),
    Organisation("politi", "North Zealand Police, Vestby station", "police district", (
        Member("Jonas", Contact("Jonas Brandt", "jonas.brandt@politi.example.dk",
                                "+45 72 58 00 17", "Local police officer")),
    ), Backing("the police district's leadership", date(2024, 2, 26))),
    Organisation("bolig", "Vestgården Housing Association", "housing association", (
        Member("Aisha", Contact("Aisha Karimi", "aisha@vestgaarden.example.dk",
                                "+45 36 90 11 22", "Social housing coordinator")),
    ), Backing("the housing association's board", date(2024, 3, 4))),
    Organisation("idraet", "Vestby Sports Club", "association", (
        Member("Kasper", Contact("Kasper Lund", "kasper@vestby-if.example.dk", None, "Chair")),
    ), Backing("the sports club's board", date(2024, 3, 5))),
    Organisation("ungdomsskole", "Vestby Youth School", "municipal institution", (
        Member("Emma", Contact("Emma Friis", "emma.friis@ungdomsskole.example.dk", None,
                               "Principal")),
    ), Backing("the youth school's head", date(2024, 2, 28))),
    # Never very engaged: swapped out in June 2024, back for first jobs; no backing (R-ACT-6).
    Organisation("handel", "Vestby Trade Association", "business", (
        Member("Henrik", Contact("Henrik Vang", "henrik@handel-vestby.example.dk", None,
                                 "Board member")),
    )),
    Organisation("cafe", "Café Fællesrummet", "NGO", (
        Member("Noor", Contact("Noor Haddad", "noor@faellesrummet.example.dk",
                               "+45 28 44 55 66", "Volunteer coordinator")),
    ), Backing("the café's volunteer council", date(2024, 3, 6))),
    Organisation("kunst", "Vestby Street Art Collective", "NGO", (
        Member("Mikkel", Contact("Mikkel Ravn", "mikkel@gadekunst.example.dk",
                                 "+45 31 31 31 31", "Artist")),
    ), Backing("the collective's general meeting", date(2024, 3, 1))),
)  # fmt: skip
"""The organisations registered at the founding, in order."""

NIGHT_RAVENS = Organisation("ravne", "Vestby Night Ravens", "NGO", (
    Member("Freja", Contact("Freja Mølgaard", "freja@natteravne.example.dk", "+45 51 23 45 67",
                            "Local lead")),
), Backing("the Night Ravens' national office", date(2024, 6, 11)))  # fmt: skip
"""Volunteers who walk the streets at night; they take the trade association's place."""

JOB_CENTRE = Organisation("job", "Vestby Job Centre", "municipal institution", (
    Member("Omar", Contact("Omar Said", "omar.said@jobcenter.example.dk", None,
                           "Youth job consultant")),
), Backing("the job centre's manager", date(2025, 1, 24)))  # fmt: skip
"""The actor around which the first-jobs platform forms in 2025."""

WORKSHOP_PLATFORMS: tuple[PlatformPlan, ...] = (
    PlatformPlan("nights", "Safe nights", ("politi", "kommune", "handel"), "politi",
        FirstMeeting(date(2024, 3, 5), "Vestby police station, meeting room 1",
                     "Fewer young people alone and unsafe in the town centre after 22:00",
                     (("politi", "night patrols and knowledge of hot spots"),
                      ("kommune", "street lighting and the SSP network"),
                      ("handel", "shop owners' eyes on the square"))),
        GoalSetting(date(2024, 4, 23), (
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
        ))),
    PlatformPlan("leisure", "Leisure for all", ("idraet", "ungdomsskole", "bolig"), "idraet",
        FirstMeeting(date(2024, 3, 7), "Vestby sports hall, club room",
                     "Free evening activities that young people choose themselves",
                     (("idraet", "halls, coaches and a friday football night"),
                      ("ungdomsskole", "workshops and youth workers"),
                      ("bolig", "the common room in Vestgården"))),
        GoalSetting(date(2024, 4, 25), (
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
        ))),
    PlatformPlan("parents", "Parents' network", ("kommune", "bolig", "cafe"), "cafe",
        FirstMeeting(date(2024, 3, 12), "Café Fællesrummet",
                     "Parents who know each other and speak up early",
                     (("kommune", "parent-school contacts"),
                      ("bolig", "door-to-door knowledge of families"),
                      ("cafe", "a warm place to meet and interpreters"))),
        GoalSetting(date(2024, 4, 30), (
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
        ))),
    PlatformPlan("art", "Walls that talk", ("kunst", "bolig"), "kunst",
        FirstMeeting(date(2024, 3, 14), "Vestgården common room",
                     "Turn tagged walls into legal street-art walls made with young people",
                     (("kunst", "artists and materials"),
                      ("bolig", "the gable walls of Vestgården"))),
        GoalSetting(date(2024, 5, 2), (
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
        ))),
)  # fmt: skip
"""The four platforms the establishment workshop forms, in order."""

FIRST_JOBS = PlatformPlan("jobs", "First jobs", ("job", "handel", "ungdomsskole"), "job",
    FirstMeeting(date(2025, 1, 28), "Job centre",
                 "A first job or traineeship for young people at risk",
                 (("job", "wage subsidies and mentors"),
                  ("handel", "traineeships in local shops"),
                  ("ungdomsskole", "a job-readiness course"))),
    GoalSetting(date(2025, 2, 25), (
        (Goal("Young people in a first job or traineeship", QUANT, SHORT,
              "a job is the strongest protection against crime", "job centre records",
              indicator="young people placed", unit="young people", target=15),
         Baseline("Two young people from the target group placed in 2024", 2)),
        (Goal("Shops see young people as a resource", QUAL, LONG,
              "it changes the story about Vestby's youth", "interviews with shop owners"),
         Baseline("Shop owners mostly mention shoplifting")),
        (Goal("Mentors from the sports club", QUAL, SHORT,
              "a trusted adult at work", "mentor list"),
         Baseline("No mentors")),
    )))  # fmt: skip
"""Card 4's "a whole new platform": young people's first jobs, formed in January 2025."""

GIRLS_EVENINGS = Goal(
    "Girls plan one evening a month themselves",
    QUAL,
    SHORT,
    "girls are half of the young people the challenge is about",
    "programme and attendance",
)
"""The fourth goal leisure adds in July 2025, still without its baseline on the demo day."""
