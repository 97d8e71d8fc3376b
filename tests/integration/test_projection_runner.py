"""The projection runner: a pure fold caught up from the notification log, with the rows a
batch changed and its tracking position stored together, on every store."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import CoCreation
from cocreation_domain.projections import (
    MemoryViewStore,
    ProjectionConflict,
    ProjectionRunner,
    View,
    ViewChanges,
    ViewCodec,
    ViewFold,
    ViewStore,
    events_of,
    rebuild,
    view_store_for,
)
from cocreation_domain.testing.story import tell_story

MakeApp = Callable[[], CoCreation]


def stored_view(store: ViewStore) -> View:
    """All of the view ``store`` holds (an empty one if none)."""
    stored = store.load(ViewFold.version)
    return View() if stored is None else stored.view


def reopened(make_app: MakeApp, store: ViewStore) -> tuple[CoCreation, ViewStore]:
    """A new application on the same events, and the same views as ``store`` holds."""
    app = make_app()
    if isinstance(store, MemoryViewStore):
        return app, store  # memory views live as long as their store object
    return app, view_store_for(app)


class TestRunnerCatchesUp:
    """A runner's view equals a clean rebuild over the same events, batch by batch."""

    def test_runner_view_equals_clean_rebuild(self, make_app: MakeApp) -> None:
        """Folding in stored batches gives the same view as folding all events at once."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        runner = ProjectionRunner(app, ViewFold(), store, batch_size=4)
        expected = rebuild(app, ViewFold())
        assert app.recorder.max_notification_id() == runner.run() == runner.position
        assert expected == stored_view(store)

    def test_runner_resumes_from_its_stored_position(self, make_app: MakeApp) -> None:
        """A new runner on the stored view folds only what was recorded since, and the result
        equals a clean rebuild (no event lost, none applied twice)."""
        app = make_app()
        story = tell_story(app)
        store = view_store_for(app)
        ProjectionRunner(app, ViewFold(), store, batch_size=5).run()
        before = store.load(ViewFold.version)
        assert before is not None
        s = story.scenario
        app.register_person("Late Comer", by=s.anchor, initiative=s.initiative, on=s.later(1))

        again, again_store = reopened(make_app, store)
        counted: list[int] = []
        ProjectionRunner(again, CountingFold(counted), again_store).run()
        assert rebuild(again, ViewFold()) == stored_view(again_store)
        assert [before.position + 1] == counted

    def test_running_again_without_new_events_stores_nothing(self, make_app: MakeApp) -> None:
        """With nothing new in the log the stored view stays exactly as it was."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        runner = ProjectionRunner(app, ViewFold(), store)
        first = runner.run()
        stored = store.load(ViewFold.version)
        assert first == runner.run()
        assert stored == store.load(ViewFold.version)

    def test_view_made_by_another_fold_version_is_folded_again(self, make_app: MakeApp) -> None:
        """A stored view from other handlers is never resumed: the runner starts over."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        last = app.recorder.max_notification_id()
        assert last is not None
        store.create()
        store.save("view-0", None, ViewChanges(position=last))
        assert store.load(ViewFold.version) is None
        ProjectionRunner(app, ViewFold(), store).run()
        assert rebuild(app, ViewFold()) == stored_view(store)
        assert store.load("view-0") is None

    def test_progress_reports_each_stored_batch(self, make_app: MakeApp) -> None:
        """The progress callback hears the position reached after every batch."""
        app = make_app()
        tell_story(app)
        last = app.recorder.max_notification_id()
        assert last is not None
        seen: list[tuple[int, int]] = []
        runner = ProjectionRunner(app, ViewFold(), view_store_for(app), batch_size=10)
        runner.run(progress=lambda done, total: seen.append((done, total)))
        assert (last, last) == seen[-1]
        assert (last + 9) // 10 == len(seen)


class CountingFold(ViewFold):
    """The view's fold, noting the position of every event it folds."""

    def __init__(self, counted: list[int]) -> None:
        self.counted = counted

    def step(self, state: View, event: object, position: int) -> View:
        """Note the position, then fold as usual."""
        self.counted.append(position)
        return super().step(state, event, position)


class RacingFold(ViewFold):
    """The view's fold, letting another runner finish the same view during its first event."""

    def __init__(self, rival: ProjectionRunner) -> None:
        self.rival: ProjectionRunner | None = rival

    def step(self, state: View, event: object, position: int) -> View:
        """Run the rival to the end once, then fold as usual."""
        if self.rival is not None:
            rival, self.rival = self.rival, None
            rival.run()
        return super().step(state, event, position)


class TestRunnersRacing:
    """Two runners on one view never both apply the same events."""

    def test_second_save_from_the_same_position_is_refused(self, make_app: MakeApp) -> None:
        """A store accepts a batch only from the position it was loaded at."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        store.create()
        events = [e for batch in events_of(app, 0, 5) for e in batch]
        fold = ViewFold()
        draft = fold.thaw(fold.initial())
        for position, event in events[:3]:
            draft = fold.step(draft, event, position)
        first = fold.take_changes(draft)
        for position, event in events[3:5]:
            draft = fold.step(draft, event, position)
        second = fold.take_changes(draft)
        store.save(ViewFold.version, None, first)
        with pytest.raises(ProjectionConflict):
            store.save(ViewFold.version, 2, second)
        store.save(ViewFold.version, 3, second)
        with pytest.raises(ProjectionConflict):
            store.save(ViewFold.version, 3, second)
        assert store.position(ViewFold.version) == 5
        assert rebuild(app, ViewFold(), 5) == stored_view(store)

    def test_runner_overtaken_by_another_resumes_from_its_view(self, make_app: MakeApp) -> None:
        """A runner whose batch lost the race loads the rival's view and carries on from it."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        rival = ProjectionRunner(app, ViewFold(), store, batch_size=3)
        runner = ProjectionRunner(app, RacingFold(rival), store, batch_size=3)
        runner.run()
        assert rebuild(app, ViewFold()) == stored_view(store)


class TestStoredViews:
    """A stored view decodes to the value that was stored, byte for byte the same each time."""

    def test_view_round_trips_through_the_codec(self, app: CoCreation) -> None:
        """Decoding an encoded view gives an equal view."""
        tell_story(app)
        view = rebuild(app, ViewFold())
        codec = ViewCodec()
        assert view == codec.decode(codec.encode(view))

    def test_rebuilding_twice_gives_identical_bytes(self, make_app: MakeApp) -> None:
        """However often a view is rebuilt, it encodes to the same bytes."""
        app = make_app()
        tell_story(app)
        codec = ViewCodec()
        first = codec.encode(rebuild(app, ViewFold()))
        second = codec.encode(rebuild(make_app(), ViewFold(), batch_size=7))
        assert first == second


class Crash(Exception):
    """A runner dying in the middle of a batch."""


class CrashingFold(ViewFold):
    """The view's fold, dying just before it folds the event at ``position``."""

    def __init__(self, position: int) -> None:
        self.position = position

    def step(self, state: View, event: object, position: int) -> View:
        """Die at the chosen position, else fold as usual."""
        if position == self.position:
            raise Crash(position)
        return super().step(state, event, position)


@cache
def told_once() -> tuple[CoCreation, View, int]:
    """The story in memory, its clean rebuild and its last position (told once per run)."""
    app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    tell_story(app)
    last = app.recorder.max_notification_id()
    assert last is not None
    return app, rebuild(app, ViewFold()), last


class TestCrashesAnywhere:
    """However often and wherever a runner dies, the next run completes the same view."""

    @given(
        batch_size=st.integers(min_value=1, max_value=40),
        crashes=st.lists(st.integers(min_value=1, max_value=80), max_size=5),
    )
    def test_crashed_runs_then_a_whole_run_equal_a_clean_rebuild(
        self, batch_size: int, crashes: list[int]
    ) -> None:
        """After runs dying at arbitrary events, the stored position is always the end of the
        last whole batch, and a final run gives exactly the clean rebuild."""
        app, clean, last = told_once()
        store = MemoryViewStore()
        for crash in crashes:
            before = store.position(ViewFold.version) or 0
            runner = ProjectionRunner(app, CrashingFold(crash), store, batch_size=batch_size)
            dies = before < crash <= last
            try:
                runner.run()
            except Crash:
                died = True
            else:
                died = False
            assert dies == died
            reached = store.position(ViewFold.version) or 0
            if dies:
                assert before + (crash - 1 - before) // batch_size * batch_size == reached
            else:
                assert last == reached
        ProjectionRunner(app, ViewFold(), store, batch_size=batch_size).run()
        assert clean == stored_view(store)
