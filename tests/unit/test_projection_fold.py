"""The view's fold is pure from outside however it is batched: a batch is folded in place in a
draft of the fold's own, and the view it started from is never changed."""

from __future__ import annotations

import copy
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import CoCreation
from cocreation_domain.projections import View, ViewCodec, ViewFold, events_of
from cocreation_domain.testing.story import tell_story

Pairs = list[tuple[int, object]]


@cache
def told_once() -> tuple[Pairs, View]:
    """The story's ``(position, event)`` pairs and their view folded in one batch."""
    app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    tell_story(app)
    pairs = [pair for batch in events_of(app) for pair in batch]
    return pairs, ViewFold().fold_all(pairs)


def in_batches(pairs: Pairs, sizes: list[int]) -> list[Pairs]:
    """``pairs`` cut into consecutive batches of ``sizes`` (the last batch takes the rest)."""
    batches, start = [], 0
    for size in sizes:
        if start < len(pairs):
            batches.append(pairs[start : start + size])
            start += size
    return [*batches, pairs[start:]] if start < len(pairs) else batches


def unchanged_copy(view: View) -> tuple[View, bytes]:
    """What ``view`` holds now, to compare it with later: a deep copy and its stored bytes."""
    return copy.deepcopy(view), ViewCodec().encode(view)


class TestBatching:
    """Folding the same events in batches of any sizes gives the same view."""

    @given(sizes=st.lists(st.integers(min_value=1, max_value=90), max_size=40))
    def test_batches_of_any_size_equal_one_batch(self, sizes: list[int]) -> None:
        """Each batch folded from the view the batch before it gave, by ``fold_all`` or (for a
        batch of one) ``step``, ends in the view of all events folded in one batch."""
        pairs, expected = told_once()
        fold = ViewFold()
        actual = fold.initial()
        for batch in in_batches(pairs, sizes):
            if len(batch) == 1:
                ((position, event),) = batch
                actual = fold.step(actual, event, position)
            else:
                actual = fold.fold_all(batch, actual)
        assert expected == actual
        assert ViewCodec().encode(expected) == ViewCodec().encode(actual)

    def test_event_by_event_equals_one_batch(self) -> None:
        """Stepping every event on the view the step before gave ends in the one-batch view."""
        pairs, expected = told_once()
        fold = ViewFold()
        actual = fold.initial()
        for position, event in pairs:
            actual = fold.step(actual, event, position)
        assert expected == actual


class TestPurity:
    """Folding never changes a view given to the fold, nor one the fold gave."""

    @given(
        split=st.integers(min_value=0, max_value=200),
        size=st.integers(min_value=1, max_value=90),
    )
    def test_a_batch_leaves_its_input_view_as_it_was(self, split: int, size: int) -> None:
        """The view a batch starts from holds the same after the batch, to the last entry."""
        pairs, _ = told_once()
        fold = ViewFold()
        start = fold.fold_all(pairs[:split])
        before = unchanged_copy(start)
        fold.fold_all(pairs[split : split + size], start)
        assert before == unchanged_copy(start)

    @given(split=st.integers(min_value=0, max_value=200))
    def test_a_step_leaves_its_input_view_as_it_was(self, split: int) -> None:
        """The view a single step (or a handler) is given holds the same after it."""
        pairs, _ = told_once()
        fold = ViewFold()
        view = fold.fold_all(pairs[:split])
        for position, event in pairs[split : split + 3]:
            before = unchanged_copy(view)
            fold.apply(event, view)
            stepped = fold.step(view, event, position)
            assert before == unchanged_copy(view)
            view = stepped

    @given(split=st.integers(min_value=1, max_value=200))
    def test_folding_on_after_freezing_leaves_the_frozen_view_as_it_was(self, split: int) -> None:
        """A working copy frozen half way may fold on: the view it gave stays as it was, and
        the working copy ends in the view of all events."""
        pairs, expected = told_once()
        fold = ViewFold()
        working = fold.thaw(fold.initial())
        for position, event in pairs[:split]:
            working = fold.step(working, event, position)
        half = fold.freeze(working)
        before = unchanged_copy(half)
        for position, event in pairs[split:]:
            working = fold.step(working, event, position)
        assert before == unchanged_copy(half)
        assert expected == fold.freeze(working)


class CopyingFold(ViewFold):
    """The view's fold with an ``apply`` that leaves its view as it is and returns a new one,
    as a pure handler does."""

    def apply(self, event: object, state: View) -> View:
        """Apply the handler to a copy of the view that is not a draft."""
        copied = View(
            state.position,
            state.initiatives,
            state.platforms,
            state.persons,
            state.meetings,
            state.newsletters,
            state.audit,
        )
        return super().apply(event, copied)


class TestHandlersBuildingNewViews:
    """A handler may return a new view instead of changing the one it was given."""

    @given(size=st.integers(min_value=1, max_value=90))
    def test_new_views_from_handlers_fold_on(self, size: int) -> None:
        """When ``apply`` returns a new view, the fold goes on from that one, to the same end."""
        pairs, expected = told_once()
        fold = CopyingFold()
        actual = fold.initial()
        for batch in in_batches(pairs, [size] * len(pairs)):
            actual = fold.fold_all(batch, actual)
        assert expected == actual
