"""A newcomer's path (issue 15.6): a bare path given as ``env`` is refused, pointing to
``sqlite_env``. The rest of the path: ``tests/e2e/test_newcomer.py``."""

from __future__ import annotations

import pytest

from cocreation_domain import CoCreation, DomainError, StoreError


class TestStoreErrors:
    """A store that cannot be opened is named, with what to do, as a domain error."""

    def test_a_path_instead_of_an_env_points_to_sqlite_env(self) -> None:
        """CoCreation(env="x.sqlite") says to pass sqlite_env(path) instead of a bare path."""
        with pytest.raises(StoreError) as refused:
            CoCreation(env="x.sqlite")  # type: ignore[arg-type]
        assert "sqlite_env('x.sqlite')" in str(refused.value)
        assert isinstance(refused.value, DomainError)
