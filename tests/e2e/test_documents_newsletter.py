"""Newsletters rendered to Markdown and HTML, in Danish and English (R-NEWS-2, R-NEWS-3,
R-NEWS-4), never showing a forgotten person's data (R-PII-2)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from uuid import UUID

import pytest

from cocreation_domain import NotFound
from cocreation_domain.demo import DemoStory
from cocreation_domain.documents.build import newsletter_document
from cocreation_domain.documents.i18n import LANGUAGES, Language
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.documents.views import (
    ActorContacts,
    Contact,
    NewsletterDocument,
    PlatformSection,
)
from cocreation_domain.projections import View
from cocreation_domain.testing.history import ripples_of

RENDERINGS = [(lang, fmt) for lang in LANGUAGES for fmt in FORMATS]


def rendered(
    demo_story: DemoStory, demo_view: View, letter: UUID, lang: Language, fmt: Format
) -> str:
    """A newsletter of the demo, rendered."""
    return render_newsletter(newsletter_document(demo_story.app, demo_view, letter), lang, fmt)


def plain(text: str) -> str:
    """Rendered text with HTML tags removed and entities of the demo's names undone."""
    return re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")


class TestContents:
    """Each newsletter holds every platform section, goals, ripples and contacts."""

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    @pytest.mark.parametrize("number", [0, 1])
    def test_r_news_2_every_platform_section_with_goals_and_ripples(
        self, demo_story: DemoStory, demo_view: View, number: int, lang: Language, fmt: Format
    ) -> None:
        """R-NEWS-2: every submitted section shows the platform, its coordinator, actors,
        goals, progress, what was hard and the ripples it reported."""
        letter = demo_story.app.get_newsletter(demo_story.newsletters[number])
        text = plain(rendered(demo_story, demo_view, letter.id, lang, fmt))
        missing = []
        for section in letter.sections.values():
            platform = demo_story.app.get_platform(section.platform)
            expected = [platform.name, section.progress, section.hard]
            expected += [platform.goals[key].goal.title for key in section.goals]
            ripples = ripples_of(demo_story.app, section.platform)
            expected += [ripples[key].description for key in section.ripples]
            missing += [item for item in expected if item not in text]
        nothing: list[str] = []
        assert nothing == missing
        assert len(letter.sections) >= 2

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    def test_r_news_3_missing_sections_are_named_with_their_reason(
        self, demo_story: DemoStory, demo_view: View, lang: Language, fmt: Format
    ) -> None:
        """R-NEWS-3: the first newsletter names the platform on standby and why its section
        is missing."""
        text = plain(rendered(demo_story, demo_view, demo_story.newsletters[0], lang, fmt))
        assert "Parents' network" in text
        assert "On standby until the municipal budget for 2025 is set" in text

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    def test_ripples_on_the_common_platform(
        self, demo_story: DemoStory, demo_view: View, lang: Language, fmt: Format
    ) -> None:
        """The ripple recorded on the initiative since the previous newsletter is reported."""
        text = plain(rendered(demo_story, demo_view, demo_story.newsletters[1], lang, fmt))
        assert "The neighbouring municipality asked to copy the parents' walks" in text

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    def test_r_news_4_contacts_of_every_current_actor(
        self, demo_story: DemoStory, demo_view: View, lang: Language, fmt: Format
    ) -> None:
        """R-NEWS-4: the contact data of every person of every actor it was published to,
        with updated contact data (a phone number changed after publishing)."""
        letter = demo_story.app.get_newsletter(demo_story.newsletters[1])
        text = plain(rendered(demo_story, demo_view, letter.id, lang, fmt))
        persons = [p for p in demo_view.persons.values() if p.actor in letter.actors]
        expected = [(p.name, p.email) for p in persons if not p.forgotten]
        assert len(expected) >= 10
        nobody: list[tuple[str, str | None]] = []
        assert nobody == [c for c in expected if c[0] not in text or str(c[1]) not in text]
        assert "+45 36 90 11 99" in text  # Aisha's phone, updated after publishing

    def test_an_old_newsletter_shows_the_platforms_as_they_stood(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """The first newsletter shows progress as of its sections, not later observations."""
        text = rendered(demo_story, demo_view, demo_story.newsletters[0], "en", "md")
        row = next(line for line in text.splitlines() if "Fewer reports of disturbances" in line)
        assert "Q2 count (39 reports/quarter)" in row


class TestForgottenPersons:
    """R-PII-2: a forgotten person's data never appears again, in any newsletter."""

    @pytest.mark.parametrize(("lang", "fmt"), RENDERINGS)
    @pytest.mark.parametrize("number", [0, 1])
    def test_r_pii_2_r_news_4_no_forgotten_person_in_any_newsletter(
        self, demo_story: DemoStory, number: int, demo_view: View, lang: Language, fmt: Format
    ) -> None:
        """R-PII-2, R-NEWS-4: Mikkel was forgotten after both newsletters went out; neither
        shows his name, e-mail, phone or title again, and his actor lists no one."""
        text = rendered(demo_story, demo_view, demo_story.newsletters[number], lang, fmt)
        for datum in ("Mikkel", "Ravn", "gadekunst", "+45 31 31 31 31", "Artist"):
            assert datum not in text

    def test_r_pii_2_the_recipients_still_count_him(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """R-PII-2: history still replays: the recorded recipient count does not change."""
        text = rendered(demo_story, demo_view, demo_story.newsletters[1], "en", "md")
        assert "Sent to 11 persons." in text


class TestLanguages:
    """The words around the content come from the language's catalog."""

    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("da", ["Nyhedsbrev", "Udviklingsplatformene", "Kontaktdata", "Hvad har været svært"]),
            ("en", ["Newsletter", "The platforms", "Contacts", "What has been hard"]),
        ],
    )
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_headings_are_in_the_language(
        self, demo_story: DemoStory, demo_view: View, lang: Language, words: list[str], fmt: Format
    ) -> None:
        """Danish and English renderings carry their own headings."""
        text = rendered(demo_story, demo_view, demo_story.newsletters[1], lang, fmt)
        nothing: list[str] = []
        assert nothing == [w for w in words if w not in text]

    def test_dates_are_written_the_language_s_way(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """Dates are formatted for the language by Babel."""
        da = rendered(demo_story, demo_view, demo_story.newsletters[1], "da", "md")
        en = rendered(demo_story, demo_view, demo_story.newsletters[1], "en", "md")
        assert "25. marts 2025" in da
        assert "March 25, 2025" in en


class _Tags(HTMLParser):
    """Collects start tags and the attributes that could load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("mailto:"):
                self.external.append(value)


class TestHtml:
    """The HTML is one self-contained page that prints well."""

    def test_self_contained_with_inline_css_for_print(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """No external stylesheet, script, image or link; the CSS is inline, with print
        rules and an A4 page."""
        html = rendered(demo_story, demo_view, demo_story.newsletters[1], "da", "html")
        tags = _Tags()
        tags.feed(html)
        nothing: list[str] = []
        assert nothing == tags.external
        assert nothing == [t for t in tags.tags if t in ("script", "link", "img", "iframe")]
        assert "@media print" in html
        assert "size: A4" in html
        assert html.startswith('<!DOCTYPE html>\n<html lang="da">')

    def test_one_section_element_per_platform_section(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """Each submitted section is one ``<section>`` (kept together when printed)."""
        html = rendered(demo_story, demo_view, demo_story.newsletters[1], "en", "html")
        expected = len(demo_story.app.get_newsletter(demo_story.newsletters[1]).sections)
        assert expected == html.count('<section class="platform">')

    def test_text_is_escaped(self) -> None:
        """Text from the store cannot inject markup into the page."""
        document = NewsletterDocument(
            initiative="<script>alert(1)</script>",
            common_challenge="a & b",
            anchor="Anna",
            meeting_on=date(2025, 3, 25),
            state="published",
            sections=[PlatformSection("P <b>", "active", "focus", None, ["A"], [], "ok", "hard")],
            contacts=[ActorContacts("A", persons=[Contact("Anna <i>")])],
        )
        html = render_newsletter(document, "en", "html")
        nothing: list[str] = []
        assert nothing == [tag for tag in ("<script>", "<b>", "<i>") if tag in html]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestMarkdown:
    """Markdown keeps its structure whatever the text says."""

    def test_pipes_and_line_breaks_stay_inside_table_cells(self) -> None:
        """A goal title with a pipe and a line break stays in one table row."""
        from cocreation_domain.documents.views import GoalLine
        from cocreation_domain.model import GoalKind, Horizon

        goal = GoalLine("G1", "more | fewer\nreports", GoalKind.QUALITATIVE, Horizon.SHORT)
        section = PlatformSection("P", "active", "f", None, ["A"], [goal], "ok", "hard")
        document = NewsletterDocument("I", "c", "Anna", None, "compiled", [section])
        rows = [r for r in render_newsletter(document, "en", "md").splitlines() if "G1" in r]
        expected = ["| G1 more \\| fewer reports | qualitative | short term | — | — | — |"]
        assert expected == rows


class TestRefusals:
    """Bad requests are refused with the library's errors."""

    def test_an_unknown_format_is_refused(self, demo_story: DemoStory, demo_view: View) -> None:
        """Only Markdown and HTML are rendered."""
        document = newsletter_document(demo_story.app, demo_view, demo_story.newsletters[0])
        with pytest.raises(ValueError, match="no newsletter format 'pdf'"):
            render_newsletter(document, "en", "pdf")  # type: ignore[arg-type]

    def test_an_unknown_newsletter_is_not_found(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """An id that names no newsletter raises ``NotFound``."""
        with pytest.raises(NotFound):
            newsletter_document(demo_story.app, demo_view, demo_story.initiative)
