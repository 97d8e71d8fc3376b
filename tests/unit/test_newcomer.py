"""A newcomer's path (issue 15.6): a bare path given as ``env`` is refused, pointing to
``sqlite_env``. The rest of the path: ``tests/e2e/test_newcomer.py``."""

from __future__ import annotations

import pytest

from cocreation_domain import CoCreation, Consent, DomainError, LifecycleViolation, StoreError


class TestStoreErrors:
    """A store that cannot be opened is named, with what to do, as a domain error."""

    def test_a_path_instead_of_an_env_points_to_sqlite_env(self) -> None:
        """CoCreation(env="x.sqlite") says to pass sqlite_env(path) instead of a bare path."""
        with pytest.raises(StoreError) as refused:
            CoCreation(env="x.sqlite")  # type: ignore[arg-type]
        assert "sqlite_env('x.sqlite')" in str(refused.value)
        assert isinstance(refused.value, DomainError)


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
