"""Each actor's persons by name beside the actor, in the newsletter sections and the status
overview (issue 14; R-NEWS-2, R-PII-2): read from the view's person rows, forgotten persons left
out, contact data only in the contacts."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from cocreation_domain.demo import DemoStory
from cocreation_domain.documents import ActorLine, PlatformSection, status_text
from cocreation_domain.documents.build import actor_lines, newsletter_document
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.projections import View, status_overview

RENDERINGS = [(lang, fmt) for lang in LANGUAGES for fmt in FORMATS]


def beside(demo_view: View, initiative: UUID, actor: UUID) -> str:
    """How an actor reads with its persons beside it, from the view's person rows."""
    name = demo_view.initiatives[initiative].actors[actor].name
    persons = sorted(
        (p for p in demo_view.persons.values() if p.actor == actor and not p.forgotten),
        key=lambda p: (p.name, str(p.id)),
    )
    return f"{name} ({', '.join(p.name for p in persons)})" if persons else name


def actors_lines(text: str) -> list[str]:
    """The lines of a rendering that list a section's actors (tags and entities undone)."""
    plain = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")
    return [line for line in plain.splitlines() if re.search(r"\b(Actors|Aktører)\b", line)]


class TestNewsletter:
    """Every newsletter section shows each actor with its persons' names."""

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    @pytest.mark.parametrize("number", [0, 1])
    def test_r_news_2_each_actor_with_its_persons_beside_it(
        self, demo_story: DemoStory, demo_view: View, number: int, lang: Language, fmt: Format
    ) -> None:
        """R-NEWS-2: each section's actors line names every actor with its persons beside it."""
        letter = demo_story.app.get_newsletter(demo_story.newsletters[number])
        text = render_newsletter(
            newsletter_document(demo_story.app, demo_view, letter.id), lang, fmt
        )
        lines = actors_lines(text)
        assert len(lines) == len(letter.sections) >= 2
        for section in letter.sections.values():
            expected = [beside(demo_view, demo_story.initiative, a) for a in section.actors]
            assert any(all(e in line for e in expected) for line in lines), expected
        assert any("(" in line for line in lines)

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    def test_r_pii_2_no_forgotten_person_and_no_contact_data_beside_an_actor(
        self, demo_story: DemoStory, demo_view: View, lang: Language, fmt: Format
    ) -> None:
        """R-PII-2: a forgotten person is left out beside the actor (the street art collective
        then lists no one), and the actors line holds names only, no contact data."""
        text = render_newsletter(
            newsletter_document(demo_story.app, demo_view, demo_story.newsletters[1]), lang, fmt
        )
        lines = actors_lines(text)
        assert any("Vestby Street Art Collective," in line for line in lines)
        assert not [line for line in lines if "(forgotten)" in line or "@" in line]
        assert not [line for line in lines if "Mikkel" in line or "+45" in line]

    def test_r_news_2_actor_lines_read_the_view_s_person_rows(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """R-NEWS-2: ``actor_lines`` gives each actor by name with its persons' names, sorted."""
        actors = demo_view.initiatives[demo_story.initiative].actors
        lines = actor_lines(demo_view, demo_story.initiative, actors)
        assert [a.name for a in lines] == sorted(a.name for a in lines)
        for line in lines:
            assert all(not name.startswith("(") for name in line.persons)
            assert list(line.persons) == sorted(line.persons)
        assert sum(len(line.persons) for line in lines) >= 10

    def test_an_actor_given_by_name_shows_no_persons(self) -> None:
        """A section built with plain actor names reads them as actors without persons."""
        section = PlatformSection("P", "active", "f", None, ["A"], [], "ok", "hard")
        assert section.actors == (ActorLine("A"),)


class TestStatusOverview:
    """The status overview's platform lines show each actor with its persons."""

    def test_r_pii_2_platform_actors_with_their_persons_beside_them(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """Each platform's actors line names its actors with their non-forgotten persons."""
        overview = status_overview(demo_view, demo_story.initiative, demo_story.today)
        text = status_text(overview)
        lines = [line.strip() for line in text.splitlines() if line.startswith("    actors: ")]
        assert len(lines) == len(overview.platforms)
        for platform, line in zip(overview.platforms, lines, strict=True):
            expected = ", ".join(
                beside(demo_view, demo_story.initiative, a.id) for a in platform.actors
            )
            assert line == f"actors: {expected or 'none'}"
        assert not [line for line in lines if "(forgotten)" in line or "@" in line]
        assert any("Vestby Municipality (Lars Holm, Sofie Dahl)" in line for line in lines)
