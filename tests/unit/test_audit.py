"""The audit trail: every event with when it happened, when it was recorded, who did it and on
what; filtered by initiative, platform, person and time."""

from __future__ import annotations

from datetime import date, timedelta

from cocreation_domain import FORGOTTEN, CoCreation
from cocreation_domain.projections import AuditRow, ViewFold, audit_trail, rebuild
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.story import Story, tell_story


def trail(app: CoCreation, **filters: object) -> tuple[AuditRow, ...]:
    """The audit trail of everything ``app`` recorded, filtered."""
    return audit_trail(rebuild(app, ViewFold()), **filters)  # type: ignore[arg-type]


class TestEveryEvent:
    """Every stored event is in the trail exactly once, in the order of the log."""

    def test_row_says_when_who_and_on_what(self, app: CoCreation) -> None:
        """Founding reads: business date, the founder by name, the initiative by name."""
        s = Scenario.start(app)
        founded = next(r for r in trail(app) if r.event == "Initiative.Founded")
        assert founded.principal is not None
        assert date(2025, 1, 6) == founded.occurred_on
        assert (s.anchor, "Anna Anker") == (founded.principal.id, founded.principal.name)
        assert ("initiative", s.initiative, "Safe Harbour") == (
            founded.subject_kind,
            founded.subject,
            founded.subject_name,
        )
        assert (s.initiative, None) == (founded.initiative, founded.platform)

    def test_platform_events_name_their_initiative_and_platform(self, app: CoCreation) -> None:
        """An event of a platform belongs to that platform and its initiative."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        row = next(r for r in trail(app) if r.event == "Platform.Established")
        assert (s.initiative, platform, "Night life") == (
            row.initiative,
            row.platform,
            row.subject_name,
        )


class TestFilters:
    """Each filter keeps exactly the events it names."""

    def test_filter_by_platform_keeps_only_its_events(self, app: CoCreation) -> None:
        """Only events recorded on the platform remain."""
        story = tell_story(app)
        rows = trail(app, platform=story.sports)
        expected = ["Platform.Established", "Platform.ActorOnboarded", "Platform.Merged"]
        assert expected == [r.event for r in rows]

    def test_filter_by_person_keeps_what_they_did_what_names_them_and_their_record(
        self, app: CoCreation
    ) -> None:
        """A person's trail: their person record, the events that name them (indexed as a
        representative, chosen as coordinator) and what they did themselves."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        person = s.coordinate(platform)
        app.update_contact(person, person, phone="+45 1234", on=s.later(1))
        rows = trail(app, person=person)
        expected = [
            ("Person.Registered", "Anna Anker"),
            ("Initiative.RepresentativeAdded", "Anna Anker"),
            ("Platform.CoordinatorChosen", app.get_person(person).name),
            ("Person.ContactUpdated", app.get_person(person).name),
        ]
        assert expected == [(r.event, r.principal.name if r.principal else "") for r in rows]
        assert (app.get_person(person).name,) == tuple(m.name for m in rows[1].mentions)

    def test_filter_by_business_dates_is_inclusive(self, app: CoCreation) -> None:
        """``occurred_from`` and ``occurred_until`` keep events on those days too."""
        story = tell_story(app)
        every = trail(app)
        days = sorted({r.occurred_on for r in every if r.occurred_on is not None})
        low, high = days[1], days[-2]
        rows = trail(app, occurred_from=low, occurred_until=high)
        expected = [r for r in every if r.occurred_on and low <= r.occurred_on <= high]
        assert expected == list(rows)
        assert story.initiative in {r.initiative for r in rows}

    def test_filter_by_recorded_time_is_inclusive(self, app: CoCreation) -> None:
        """``recorded_from`` and ``recorded_until`` bound the time each event was recorded."""
        tell_story(app)
        every = trail(app)
        low, high = every[5].recorded_at, every[-5].recorded_at
        rows = trail(app, recorded_from=low, recorded_until=high)
        assert [r for r in every if low <= r.recorded_at <= high] == list(rows)
        assert list(trail(app, recorded_until=every[0].recorded_at - timedelta(seconds=1))) == []


class TestForgottenPersons:
    """R-PII-2: in a trail read after the forgetting, the person reads "(forgotten)"."""

    def test_r_pii_2_forgotten_person_reads_forgotten_in_every_row(self, app: CoCreation) -> None:
        """Rows recorded before the forgetting show the person as forgotten too."""
        story: Story = tell_story(app)
        rows = trail(app, person=story.forgotten)
        assert len(rows) > 1
        names = {r.subject_name for r in rows if r.subject_kind == "person"}
        names |= {
            r.principal.name for r in rows if r.principal and r.principal.id == story.forgotten
        }
        assert {FORGOTTEN} == names
