"""A newcomer's path (issue 15.6) on SQLite files: an unopenable file is named with what to
check, and a good one opens. The rest of the path: ``tests/e2e/test_newcomer.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocreation_domain import CoCreation, StoreError, sqlite_env


class TestStoreErrors:
    """A store that cannot be opened is named, with what to do, as a domain error."""

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
