"""Default agendas of the meetings of phase 6, in Danish and English (Cards 2, 3, 5, 7).

The Danish wording follows the method cards ("Fase 6 | Samskabende udviklingsarbejde");
the English is a translation. Each point has a stable key, so rules ask whether an agenda
covers a point (R-PLAT-2: the first platform meeting revisits the co-creation premises and
the five rules of play) whatever language or wording the meeting used.

>>> coordinator_meeting_agenda().lines("da")[0]
'1. Velkomst v/ Ankerperson.'
>>> len(coordinator_meeting_agenda().items)
8
>>> first_meeting_agenda().covers(FIRST_MEETING_MUST_COVER)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from cocreation_domain.model.values import Agenda, AgendaItem, GuestTalk, MeetingKind

__all__ = [
    "FIRST_MEETING_MUST_COVER",
    "FOCUS_ACTORS",
    "PREMISES",
    "RULES_OF_PLAY",
    "RULES_OF_PLAY_TEXT",
    "coordinator_meeting_agenda",
    "default_agenda",
    "first_meeting_agenda",
    "goal_setting_agenda",
    "guest_talk_item",
    "joint_status_agenda",
    "platform_meeting_agenda",
    "pre_meeting_agenda",
]

PREMISES = "premises"
"""Key of the point that revisits the co-creation premises (R-PLAT-2)."""
RULES_OF_PLAY = "rules_of_play"
"""Key of the point that revisits the five rules of play (R-PLAT-2)."""
FOCUS_ACTORS = "focus_actors"
"""Key of the point that fills in the *Fokus + Aktører* template."""

FIRST_MEETING_MUST_COVER = frozenset({PREMISES, RULES_OF_PLAY})
"""What the first platform meeting's agenda must revisit (R-PLAT-2)."""

RULES_OF_PLAY_TEXT: Mapping[str, tuple[str, ...]] = {
    "da": (
        "Vi samskaber ud fra den fælles udfordring.",
        "Vi spørger og lytter fordomsfrit.",
        "Vi deler viden i fortrolighed.",
        "Vi respekterer hinandens forskellige perspektiver på udfordringen.",
        "Vi har fokus på fremtiden og vælger at se muligheder.",
    ),
    "en": (
        "We co-create from the common challenge.",
        "We ask and listen without prejudice.",
        "We share knowledge in confidence.",
        "We respect each other's different perspectives on the challenge.",
        "We focus on the future and choose to see opportunities.",
    ),
}
"""The five rules of play from the establishment workshop (Card 2)."""


def _item(key: str, en: str, da: str) -> AgendaItem:
    return AgendaItem(key=key, en=en, da=da)


def first_meeting_agenda() -> Agenda:
    """The first platform meeting (Card 2): premises, rules of play, then *Fokus + Aktører*."""
    rules_en = " ".join(RULES_OF_PLAY_TEXT["en"])
    rules_da = " ".join(RULES_OF_PLAY_TEXT["da"])
    return Agenda(
        (
            _item("welcome", "Welcome by the coordinator.", "Velkomst v/ tovholderen."),
            _item(
                PREMISES,
                "Revisit the co-creation premises.",
                "Genbesøg co-creation præmisserne.",
            ),
            _item(
                RULES_OF_PLAY,
                f"Revisit the rules of play from the establishment workshop: {rules_en}",
                f"Genbesøg spillereglerne fra etableringsworkshoppen: {rules_da}",
            ),
            _item(
                FOCUS_ACTORS,
                "Focus + Actors: what we will co-create on, and what each actor contributes.",
                "Fokus + Aktører: hvad vi vil samskabe om, og hvad hver aktør kan bidrage med.",
            ),
            _item(
                "next_meeting",
                "Next meeting: goal setting, date and host.",
                "Næste møde: målsætning, dato og vært.",
            ),
        )
    )


def goal_setting_agenda() -> Agenda:
    """The second platform meeting (Card 5): 3-5 goals and their baselines."""
    return Agenda(
        (
            _item("welcome", "Welcome by the host.", "Velkomst v/ værten."),
            _item(
                "goals",
                "Goal setting: 3\N{EN DASH}5 goals for the short and the long term "
                "(the Goal template).",
                "Målsætning: 3\N{EN DASH}5 mål på kortere og længere sigt (skabelonen Målsætning).",
            ),
            _item(
                "baseline",
                "Describe the baseline: how things stand before the work begins.",
                "Beskriv en baseline: hvordan situationen ser ud, før udviklingsarbejdet begynder.",
            ),
            _item("ripples", "Ripples so far.", "Ringe i vandet indtil nu."),
            _item("next_meeting", "Next meeting and host.", "Næste møde og vært."),
        )
    )


def platform_meeting_agenda() -> Agenda:
    """A regular platform meeting: progress on goals, ripples, what is hard, next host."""
    return Agenda(
        (
            _item("welcome", "Welcome by the host.", "Velkomst v/ værten."),
            _item("progress", "Progress on our goals.", "Fremdrift på vores mål."),
            _item("ripples", "Ripples since last time.", "Ringe i vandet siden sidst."),
            _item("hard", "What has been hard?", "Hvad har været svært?"),
            _item("next_meeting", "Next meeting and host.", "Næste møde og vært."),
        )
    )


def coordinator_meeting_agenda() -> Agenda:
    """The coordinator meeting's eight points (Card 3, R-MEET-2)."""
    return Agenda(
        (
            _item("welcome", "Welcome by the anchor.", "Velkomst v/ Ankerperson."),
            _item("agenda", "Proposed agenda for the meeting.", "Forslag til dagsorden på mødet."),
            _item("introductions", "Short round of introductions.", "Kort præsentationsrunde."),
            _item(
                "coordinator_role",
                "What does it mean to be a coordinator?",
                "Hvad betyder det at være tovholder?",
            ),
            _item(
                "platform_presentations",
                "The coordinators each present their platform and what they have agreed to "
                "co-create on.",
                "Tovholderne præsenterer hver sin platform og hvad de er blevet enige om at "
                "samskabe om på platformen.",
            ),
            _item("break", "Break.", "Pause."),
            _item(
                "scenarios",
                "Which scenarios can arise on the development platforms, and how are they handled?",
                "Hvilke scenarier kan opstå på udviklingsplatformene og hvordan håndteres de?",
            ),
            _item(
                "thanks",
                "Thank you for today \N{EN DASH} see you at the joint status meeting "
                "with all actors.",
                "Tak for i dag \N{EN DASH} vi ses til fælles statusmøde med alle aktører.",
            ),
        )
    )


def joint_status_agenda() -> Agenda:
    """A joint status meeting of all actors (Card 7); a guest talk can be added (R-MEET-6)."""
    return Agenda(
        (
            _item("welcome", "Welcome by the host.", "Velkomst v/ værten."),
            _item(
                "platform_status",
                "Status from each platform, based on its reality check.",
                "Status fra hver platform, ud fra platformens realitetstjek.",
            ),
            _item(
                "challenges",
                "Challenges, need for sparring and the time horizon of the initiative.",
                "Udfordringer, behov for sparring og tidshorisonten for co-creation initiativet.",
            ),
            _item(
                "across_platforms",
                "New initiatives across platforms, and avoiding overlapping work.",
                "Nye initiativer på tværs af platformene, og undgå overlappende arbejde.",
            ),
            _item(
                "newsletter",
                "Newsletter: each coordinator sends the platform's section to the anchor.",
                "Nyhedsbrev: hver tovholder sender platformens bidrag til ankerpersonen.",
            ),
        )
    )


def pre_meeting_agenda() -> Agenda:
    """The anchor's pre-meeting with an actor new since the last joint status meeting (Card 7)."""
    return Agenda(
        (
            _item(
                "initiative_so_far",
                "The initiative so far: common challenge, platforms and the method.",
                "Initiativet indtil nu: den fælles udfordring, platformene og metoden.",
            ),
            _item(
                "joint_status_meeting",
                "What to expect at the joint status meeting.",
                "Hvad man kan forvente til det fælles statusmøde.",
            ),
        )
    )


def guest_talk_item(talk: GuestTalk, number: int) -> AgendaItem:
    """The agenda point of a guest talk (R-MEET-6); ``number`` keeps keys distinct."""
    return AgendaItem(
        key=f"guest_talk_{number}",
        en=f"Guest talk: {talk.topic}",
        da=f"Oplæg: {talk.topic}",
        guest_talk=talk,
    )


_DEFAULTS: Mapping[MeetingKind, Callable[[], Agenda]] = {
    MeetingKind.PLATFORM_FIRST: first_meeting_agenda,
    MeetingKind.PLATFORM_GOAL_SETTING: goal_setting_agenda,
    MeetingKind.PLATFORM: platform_meeting_agenda,
    MeetingKind.COORDINATOR: coordinator_meeting_agenda,
    MeetingKind.JOINT_STATUS: joint_status_agenda,
    MeetingKind.PRE_MEETING: pre_meeting_agenda,
}


def default_agenda(kind: MeetingKind) -> Agenda:
    """The default agenda of a meeting of ``kind``."""
    return _DEFAULTS[MeetingKind(kind)]()
