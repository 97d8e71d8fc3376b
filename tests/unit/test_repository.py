"""The aggregate cache: loaded aggregates are private copies, and other writers are seen."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from cocreation_domain import CoCreation, Principal, Ripple
from cocreation_domain.repository import CONTAINERS, CopyingRepository
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.story import tell_story

DAY = date(2025, 4, 7)


def ripple(description: str) -> Ripple:
    """A ripple that benefits other actors."""
    return Ripple(description, "new_idea", ["other_actors"], DAY)


class TestDefaults:
    """CoCreation caches aggregates by default; an empty AGGREGATE_CACHE_MAXSIZE turns it off."""

    def test_cache_is_on_by_default(self) -> None:
        """The repository is a copying repository with a cache."""
        repository = CoCreation().repository
        expected = (CopyingRepository, True)
        actual = (type(repository), repository.cache is not None)
        assert expected == actual

    def test_empty_maxsize_turns_the_cache_off(self) -> None:
        """AGGREGATE_CACHE_MAXSIZE="" leaves the repository without a cache."""
        expected = None
        actual = CoCreation(env={"AGGREGATE_CACHE_MAXSIZE": ""}).repository.cache
        assert expected == actual


class TestPrivateCopies:
    """Whatever a caller does to a loaded aggregate never reaches the next load."""

    def test_unsaved_event_is_not_seen_by_the_next_load(self) -> None:
        """R-RIP-1: a ripple triggered on a loaded platform but never saved is not there."""
        app = CoCreation()
        s = Scenario.start(app)
        platform = s.platform()
        loaded = app.get_platform(platform)
        loaded.record_ripple(Principal(s.anchor, is_anchor=True), DAY, ripple("unsaved"))
        expected = (0, loaded.version - 1)
        reloaded = app.get_platform(platform)
        actual = (reloaded.ripple_count, reloaded.version)
        assert expected == actual

    def test_changed_container_is_not_seen_by_the_next_load(self) -> None:
        """Mutating a loaded aggregate's dict in place leaves the cached aggregate as stored."""
        app = CoCreation()
        s = Scenario.start(app)
        platform = s.platform()
        app.record_ripple(s.anchor, platform, ripple("kept"), on=DAY)
        app.get_platform(platform).actor_since.clear()
        expected = {str(a) for a in app.get_platform(platform).actors}
        actual = set(app.get_platform(platform).actor_since)
        assert expected == actual

    def test_copy_from_cache_off_hands_out_the_cached_aggregate(self) -> None:
        """DEEPCOPY_FROM_AGGREGATE_CACHE=n hands out the cached object, as eventsourcing does."""
        app = CoCreation(env={"DEEPCOPY_FROM_AGGREGATE_CACHE": "n"})
        person = app.register_person("Anna Anker")
        expected = True
        actual = app.get_person(person) is app.get_person(person)
        assert expected == actual


def _nested_containers(value: object, path: str) -> list[str]:
    """Where a mutable container sits inside ``value`` (attrs values and tuples searched)."""
    found: list[str] = []
    items: list[tuple[str, object]] = []
    if isinstance(value, CONTAINERS):
        return [path]
    if isinstance(value, (tuple, frozenset)):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    elif attrs.has(type(value)):
        names = [f.name for f in attrs.fields(type(value))]  # type: ignore[arg-type]
        items = [(f"{path}.{name}", getattr(value, name)) for name in names]
    for where, item in items:
        found += _nested_containers(item, where)
    return found


def test_state_holds_containers_only_at_its_top_level() -> None:
    """Every aggregate of the story holds dicts, lists and sets only as top-level attributes,
    with immutable values inside, so copying those containers copies everything mutable."""
    app = CoCreation()
    tell_story(app)
    nested: list[str] = []
    for notification in app.recorder.select_notifications(start=1, limit=10**6):
        aggregate: object = app.repository.get(UUID(str(notification.originator_id)))
        for name, value in vars(aggregate).items():
            if name == "_pending_events":
                continue
            inner: list[object] = []
            if isinstance(value, dict):
                inner = [*value.keys(), *value.values()]
            elif isinstance(value, (list, set)):
                inner = list(value)
            for item in inner:
                nested += _nested_containers(item, f"{type(aggregate).__name__}.{name}")
    assert sorted(set(nested)) == []
