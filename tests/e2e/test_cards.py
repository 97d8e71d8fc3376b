"""What the method cards ask beyond the lifecycles (issue 14), as documents: the rendered
newsletter is the minutes of its joint status meeting (R-NEWS-5). The cards' rules themselves:
``tests/unit/test_cards.py``."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from cocreation_domain import CoCreation, NotPermitted, RuleViolation
from cocreation_domain.documents.build import newsletter_document
from cocreation_domain.documents.i18n import Language
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.model import (
    CrossPlatformLead,
    Minutes,
)
from cocreation_domain.projections import current_view
from cocreation_domain.testing.history import events_stored, initiative_ripples_of
from cocreation_domain.testing.scenario import Scenario


class TestNewsletterMinutes:
    """R-NEWS-5: the newsletter is the minutes of its joint status meeting."""

    @staticmethod
    def meeting_with_minutes(app: CoCreation) -> tuple[Scenario, UUID, UUID]:
        """A joint status meeting with minutes, a guest talk and two cross-platform
        initiatives; returns the scenario, the meeting and its newsletter."""
        p6 = Scenario.phase6(app)
        p6.reality_checks()
        guest = app.register_person("Gitte Gæst")
        day = p6.today + timedelta(42)
        meeting = app.convene_joint_status_meeting(p6.anchor, p6.initiative, day, on=p6.today)
        app.add_guest_talk(
            p6.anchor, meeting, guest, "Night walks", organisation="Red Cross", on=p6.today
        )
        p6.today = day
        minutes = Minutes("We met <all> actors.", ("Keep the night walks", "Meet in June"))
        newsletter = app.hold_joint_status_meeting(p6.anchor, meeting, minutes=minutes, on=day)
        app.record_cross_platform_initiative(
            p6.anchor,
            meeting,
            "Joint youth café",
            "both platforms host it",
            p6.platforms,
            CrossPlatformLead.NEW_PLATFORM,
            on=day,
        )
        app.record_cross_platform_initiative(
            p6.anchor,
            meeting,
            "Shared map",
            "of safe places",
            p6.platforms,
            CrossPlatformLead.RIPPLE,
            on=day,
        )
        return p6, meeting, newsletter

    def test_r_news_5_cross_platform_initiatives_are_recorded(self, app: CoCreation) -> None:
        """R-NEWS-5: each leads to a proposed new platform or a ripple on the initiative."""
        p6, meeting, _ = self.meeting_with_minutes(app)
        recorded = app.get_meeting(meeting).cross_platform
        assert sorted(recorded) == ["X1", "X2"]
        assert recorded["X1"].ripple is None
        ripple = initiative_ripples_of(app, p6.initiative)[str(recorded["X2"].ripple)]
        assert ripple.description == "Shared map: of safe places"

    def test_r_news_5_only_the_anchor_at_a_held_joint_status_meeting(self, app: CoCreation) -> None:
        """R-NEWS-5: a member is refused, as is one platform; nothing is recorded."""
        p6, meeting, _ = self.meeting_with_minutes(app)
        before = events_stored(app)
        member = p6.coordinators[p6.platforms[0]]
        with pytest.raises(NotPermitted):
            app.record_cross_platform_initiative(
                member, meeting, "T", "D", p6.platforms, CrossPlatformLead.RIPPLE
            )
        with pytest.raises(RuleViolation, match="R-NEWS-5"):
            app.record_cross_platform_initiative(
                p6.anchor, meeting, "T", "D", p6.platforms[:1], CrossPlatformLead.NEW_PLATFORM
            )
        assert before == events_stored(app)

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("en", ("Minutes of the meeting", "Guest talk", "a proposed new platform")),
            ("da", ("Referat af mødet", "Oplæg ved gæst", "en foreslået ny platform")),
        ],
    )
    def test_r_news_5_the_newsletter_carries_the_minutes(
        self, app: CoCreation, lang: Language, words: tuple[str, ...], fmt: Format
    ) -> None:
        """R-NEWS-5: summary, decisions, the guest talk (speaker, organisation, topic) and the
        new cross-platform initiatives, in both languages and both formats."""
        _, _, newsletter = self.meeting_with_minutes(app)
        view = current_view(app)
        text = render_newsletter(newsletter_document(app, view, newsletter), lang, fmt)
        expected = (
            *words,
            "Keep the night walks",
            "Meet in June",
            "Gitte Gæst",
            "Red Cross",
            "Night walks",
            "Joint youth café",
            "Shared map",
        )
        assert [w for w in expected if w not in text] == []
        if fmt == "html":
            assert "<all>" not in text
