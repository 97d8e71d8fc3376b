"""A newcomer's path (issue 15.6): errors about stores say where and what to do, and the testing
package imports as documented. (The testing page's examples, like every other code block of the
docs, run in tests/test_docs_examples.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cocreation_domain import (
    CoCreation,
    Consent,
    DomainError,
    LifecycleViolation,
    StoreError,
    sqlite_env,
)


class TestStoreErrors:
    """A store that cannot be opened is named, with what to do, as a domain error."""

    def test_a_path_instead_of_an_env_points_to_sqlite_env(self) -> None:
        """CoCreation(env="x.sqlite") says to pass sqlite_env(path) instead of a bare path."""
        with pytest.raises(StoreError) as refused:
            CoCreation(env="x.sqlite")  # type: ignore[arg-type]
        assert "sqlite_env('x.sqlite')" in str(refused.value)
        assert isinstance(refused.value, DomainError)

    def test_an_unopenable_sqlite_file_names_its_path(self, tmp_path: Path) -> None:
        """An SQLite path in a missing directory is named in the error, with what to check."""
        path = str(tmp_path / "missing" / "events.sqlite")
        with pytest.raises(StoreError) as refused:
            CoCreation(env=sqlite_env(path))
        assert (refused.value.location, "directory exists" in refused.value.advice) == (
            f"SQLite file {path!r}",
            True,
        )

    def test_an_openable_sqlite_file_still_opens(self, tmp_path: Path) -> None:
        """The check refuses nothing a working store accepts: a good path opens and records."""
        app = CoCreation(env=sqlite_env(str(tmp_path / "events.sqlite")))
        person = app.register_person("Nora Nybegynder")
        assert app.get_person(person).id == person


class TestTestingPackage:
    """``cocreation_domain.testing`` imports its public names as its docstring says."""

    @pytest.mark.parametrize(
        "statement",
        [
            "from cocreation_domain.testing import strategies",
            "from cocreation_domain.testing import PlatformLifecycleMachine",
            "import cocreation_domain.testing as t; t.strategies.texts",
        ],
    )
    def test_public_names_import_in_a_fresh_interpreter(self, statement: str) -> None:
        """Each name in ``__all__`` imports without RecursionError in a fresh interpreter."""
        ran = subprocess.run(
            [sys.executable, "-c", statement], capture_output=True, text=True, check=False
        )
        assert (ran.returncode, ran.stderr) == (0, "")


class TestLifecycleViolationNamesTheCommand:
    """A refusal by a lifecycle names the command the caller called, not only its sibling."""

    def test_holding_a_held_first_meeting_names_hold_first_platform_meeting(self) -> None:
        """R-PLAT-2: holding an already held first meeting again with
        hold_first_platform_meeting is refused naming that command (a meeting is held by four
        commands, one per kind), and the held meeting accepts none of them."""
        app = CoCreation()
        anchor = app.register_person("Mette Skov")
        initiative = app.found_initiative(anchor, "Safe in Vestby", "Unsafe evenings")
        actor = app.register_actor(anchor, initiative, "Vestby Municipality")
        lars = app.register_person("Lars Holm", by=anchor, initiative=initiative, actor=actor)
        platform = app.establish_platform(anchor, initiative, "Safe nights", [actor])
        app.choose_coordinator(lars, platform, actor, lars, Consent(consenting={lars}))
        app.hold_first_meeting(lars, platform, "Safe routes home")
        (meeting,) = app.meetings_of(initiative)
        with pytest.raises(LifecycleViolation) as refused:
            app.hold_first_platform_meeting(lars, meeting.id, "Safe routes home")
        assert "hold_first_platform_meeting" in refused.value.commands
        assert "hold_first_platform_meeting" in str(refused.value)
        assert not {c for c in refused.value.allowed_commands if c.startswith("hold_")}
