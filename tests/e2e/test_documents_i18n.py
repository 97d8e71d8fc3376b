"""The gettext catalogs behind the documents: complete, compiled in memory, two languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from cocreation_domain.documents.i18n import LANGUAGES, catalog_path, translations
from cocreation_domain.documents.labels import LABELS, label

ROOT = Path(__file__).resolve().parents[2]


def extracted_messages() -> set[str]:
    """Every message the templates and modules mark, extracted as ``nox -s catalogs`` does."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


class TestCatalogs:
    """The Danish catalog translates everything; English is the source language."""

    def test_every_marked_message_has_a_danish_translation(self) -> None:
        """Every message of the templates and label tables is translated to Danish."""
        with catalog_path("da").open("rb") as source:
            catalog = read_po(source)
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and m.string and not m.fuzzy
        }
        expected: set[str] = set()
        assert expected == extracted_messages() - translated

    def test_the_extraction_finds_the_templates_and_the_labels(self) -> None:
        """Extraction reaches the Jinja2 templates and the label table (a guard for the test
        above, which would pass on an empty extraction)."""
        messages = extracted_messages()
        assert {"Contacts", "What has been hard", *LABELS.values()} <= messages

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_each_language_compiles_from_the_shipped_po_source(self, language: str) -> None:
        """The catalogs compile from the .po sources in the package, no build step needed."""
        expected = {"da": "Ringe i vandet siden sidste nyhedsbrev"}.get(
            language, "Ripples since the last newsletter"
        )
        assert expected == translations(language).gettext("Ripples since the last newsletter")

    def test_plural_forms_follow_the_language(self) -> None:
        """Danish plurals come from the catalog's plural rule."""
        da = translations("da")
        expected = ["Sendt til %(num)d person.", "Sendt til %(num)d personer."]
        actual = [
            da.ngettext("Sent to %(num)d person.", "Sent to %(num)d persons.", n) for n in (1, 2)
        ]
        assert expected == actual

    def test_an_unknown_language_is_refused(self) -> None:
        """Only Danish and English have catalogs."""
        with pytest.raises(ValueError, match="no catalog for language 'sv'"):
            translations("sv")


class TestLabels:
    """Codes read as words, and every code of the domain's vocabularies has a label."""

    def test_a_code_without_a_label_reads_as_itself(self) -> None:
        """Unknown codes are shown as they are rather than dropped."""
        expected = "something_new"
        assert expected == label("something_new")

    def test_enums_read_by_value(self) -> None:
        """An enum member reads like its value."""
        from cocreation_domain.model import RippleKind

        expected = "new idea"
        assert expected == label(RippleKind.NEW_IDEA)

    def test_every_state_and_kind_has_a_label(self) -> None:
        """States of every lifecycle and the goal, ripple and meeting vocabularies are
        labelled, so no document prints a raw code."""
        from cocreation_domain import model

        codes = {s for lc in model.LIFECYCLES.values() for s in lc.states} - {
            "registered",
            "forgotten",
        }
        for vocabulary in (
            model.GoalKind,
            model.Horizon,
            model.GoalStatus,
            model.RippleKind,
            model.Beneficiary,
        ):
            codes |= {member.value for member in vocabulary}
        expected: set[str] = set()
        assert expected == codes - set(LABELS)
