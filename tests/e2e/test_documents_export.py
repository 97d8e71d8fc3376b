"""The JSON Lines export: every event once, in order, readable as JSON, and never a forgotten
person's data (R-PII-2)."""

from __future__ import annotations

import json
from datetime import date

from cocreation_domain import CoCreation
from cocreation_domain.documents.export import count_events, export_events, json_line
from cocreation_domain.testing import Scenario


def exported(app: CoCreation) -> list[dict[str, object]]:
    """The export, each line parsed back."""
    return [json.loads(json_line(record)) for record in export_events(app)]


class TestExport:
    """Every event, in the order of the notification log."""

    def test_every_event_once_in_order(self, app: CoCreation) -> None:
        """The ids run 1..n without gaps; n is the store's event count."""
        s = Scenario.start(app, actors=2)
        s.platform()
        rows = exported(app)
        expected = list(range(1, count_events(app) + 1))
        assert expected == [row["id"] for row in rows]

    def test_a_line_names_the_event_its_aggregate_and_who_when(self, app: CoCreation) -> None:
        """Event name, aggregate id and version, recorded time, principal, business date and
        fields are plain JSON: ids and dates as strings, sets as sorted lists."""
        s = Scenario.start(app, actors=2)
        platform = s.platform(name="Night life")
        row = next(r for r in exported(app) if r["event"] == "Platform.Established")
        expected = {
            "aggregate": str(platform),
            "version": 1,
            "principal": str(s.anchor),
            "occurred_on": date(2025, 1, 6).isoformat(),
            "name": "Night life",
            "actors": sorted(str(a) for a in s.actors),
        }
        fields = row["fields"]
        assert isinstance(fields, dict)
        actual = {
            "aggregate": row["aggregate"],
            "version": row["version"],
            "principal": row["principal"],
            "occurred_on": row["occurred_on"],
            "name": fields["name"],
            "actors": fields["actors"],
        }
        assert expected == actual
        assert isinstance(row["timestamp"], str)

    def test_values_become_objects(self, app: CoCreation) -> None:
        """An attrs value (the initiative's policies) is exported as a JSON object."""
        Scenario.start(app)
        row = next(r for r in exported(app) if r["event"] == "Initiative.Founded")
        fields = row["fields"]
        assert isinstance(fields, dict)
        policies = fields["policies"]
        assert isinstance(policies, dict)
        expected = (3, 5, [30, 61])
        actual = (
            policies["goals_min"],
            policies["goals_max"],
            policies["coordinator_meeting_window_days"],
        )
        assert expected == actual


class TestForgottenPersonsInTheExport:
    """R-PII-2: the export never writes a forgotten person's data again."""

    def test_r_pii_2_registration_and_contact_events_are_redacted(self, app: CoCreation) -> None:
        """R-PII-2: a forgotten person's registration and contact updates read "(forgotten)"
        and null; the events stay, so the history still has its shape."""
        s = Scenario.start(app, actors=2)
        person = s.persons[s.actors[0]]
        app.update_contact(s.anchor, person, phone="+45 11 22 33 44", on=s.today)
        app.forget_person(person, person, on=s.later())
        text = "\n".join(json_line(r) for r in export_events(app))
        for datum in ("Person 1", "p1@example.org", "+45 11 22 33 44"):
            assert datum not in text
        mine = [r for r in exported(app) if r["aggregate"] == str(person)]
        expected = [
            ("Person.Registered", "(forgotten)", None),
            ("Person.ContactUpdated", "(forgotten)", None),
            ("Person.Forgotten", None, None),
        ]
        actual = []
        for row in mine:
            fields = row["fields"]
            assert isinstance(fields, dict)
            actual.append((row["event"], fields.get("name"), fields.get("email")))
        assert expected == actual

    def test_r_pii_2_other_persons_are_exported_as_they_are(self, app: CoCreation) -> None:
        """R-PII-2 touches only the forgotten: everyone else's data is exported."""
        s = Scenario.start(app, actors=2)
        person = s.persons[s.actors[0]]
        app.forget_person(person, person, on=s.today)
        text = "\n".join(json_line(r) for r in export_events(app))
        assert "Person 2" in text
        assert "p2@example.org" in text
