"""The rule catalogue (issue 15.5): docs/rules.md lists every rule id of DOMAIN.md with its
text and the code and tests that name it, generated from them and kept current by CI; errors
that cite a rule link to its entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cocreation_domain import CoCreation, NotPermitted, RuleViolation
from cocreation_domain.model.errors import rule_link
from cocreation_domain.testing import Scenario
from conftest import docs_script  # type: ignore[import-not-found]

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "rules.md"


GEN = docs_script("gen_rules")
TEXTS: dict[str, str] = GEN.rule_texts((ROOT / "DOMAIN.md").read_text(encoding="utf-8"))


def section(rule: str) -> str:
    """The page's section of one rule, from its heading to the next."""
    page = PAGE.read_text(encoding="utf-8")
    match = re.search(rf"^## {rule}\n(.*?)(?=^## |\Z)", page, re.S | re.M)
    assert match is not None, rule
    return match.group(1)


class TestThePage:
    """docs/rules.md is the generator's output over today's code, tests and contract."""

    def test_the_committed_page_is_current(self) -> None:
        """The committed page equals a fresh rendering: `python docs/gen_rules.py` rewrites it."""
        assert PAGE.read_text(encoding="utf-8") == GEN.render()

    def test_every_rule_of_the_contract_has_its_entry_and_text(self) -> None:
        """Each rule id of DOMAIN.md has a section quoting its text."""
        assert len(TEXTS) >= 40
        for rule, text in TEXTS.items():
            assert f"> {text}" in section(rule)

    def test_every_cited_id_is_a_rule_of_the_contract(self) -> None:
        """No code or test cites a rule id that DOMAIN.md does not define."""
        assert set(GEN.locations()) - set(TEXTS) == set()
        assert "## Ids not in DOMAIN.md" not in PAGE.read_text(encoding="utf-8")

    def test_an_entry_leads_to_enforcing_code_and_its_tests(self) -> None:
        """R-PLAT-4's entry names the command that refuses, the flag function and a test."""
        entry = section("R-PLAT-4")
        enforced, tested = entry.split("- **Flagged**")[0], entry.split("- **Tested**")[1]
        assert "`cocreation_domain.model.platform.Platform.put_on_standby`" in enforced
        assert "`cocreation_domain.model.flags.standby_past_review`" in entry
        test = "tests/unit/test_platform_lifecycle.py::TestStandby::test_the_reason_is_required"
        assert test in tested


class TestErrorsLinkToTheCatalogue:
    """An error that cites a rule carries a link to the rule's entry on the page."""

    def test_every_rule_link_is_an_anchor_of_the_page(self) -> None:
        """rule_link(rule) names an anchor the page defines (its heading's slug)."""
        for rule in TEXTS:
            page, anchor = rule_link(rule).split("#")
            assert (page, anchor) == ("docs/rules.md", rule.lower())
            assert section(rule)

    def test_a_rule_violation_links_to_its_rule(self, app: CoCreation) -> None:
        """R-ACT-4: the refusal of an empty platform carries its rule and the link to it."""
        s = Scenario.start(app)
        with pytest.raises(RuleViolation) as refused:
            app.establish_platform(s.anchor, s.initiative, "Empty", [])
        assert (refused.value.rule, refused.value.see) == ("R-ACT-4", "docs/rules.md#r-act-4")

    def test_not_permitted_links_to_r_auth_1(self, app: CoCreation) -> None:
        """R-AUTH-1: a refusal for want of a role links to R-AUTH-1."""
        s = Scenario.start(app)
        with pytest.raises(NotPermitted) as refused:
            app.establish_platform(s.person_of(s.actors[0]), s.initiative, "P", [s.actors[0]])
        assert (refused.value.rule, refused.value.see) == ("R-AUTH-1", "docs/rules.md#r-auth-1")
