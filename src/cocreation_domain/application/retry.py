"""``@command``: the arguments checked at the boundary, then the command decided again after a
lost race, with jittered backoff."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from cocreation_domain.application.store import LostRace, Store
from cocreation_domain.model import ConcurrencyConflict
from cocreation_domain.model.arguments import SignatureCheck, signature_check

C = TypeVar("C", bound="Store")
P = ParamSpec("P")
R = TypeVar("R")


def backoff(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait after losing race number ``attempt`` (0-based): "full jitter", a random
    share of an exponentially growing window, so rival writers spread out instead of colliding
    again in step.

    >>> 0.0 <= backoff(0, 0.01, 1.0) <= 0.01, backoff(20, 0.01, 0.5) <= 0.5
    (True, True)
    """
    return random.uniform(0.0, min(cap, base * 2.0**attempt))


def command(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """Check the arguments, then decide again from a fresh load when another writer saved first
    (optimistic concurrency).

    Before anything is loaded, every argument is checked against the command's annotations
    (:func:`~cocreation_domain.model.arguments.signature_check`): a value that does not fit
    raises :class:`~cocreation_domain.model.InvalidInput` naming the parameter, the same on
    every store, and the command receives the arguments normalised (text stripped, vocabulary
    values as members, collections as tuples).

    Each attempt runs the whole command: it loads every aggregate from the store, checks
    permission, lifecycle and rules, and saves once. When the save loses a race
    (:class:`LostRace`), nothing of ours was stored, so the next attempt starts from what the
    other writer left. After ``max_attempts`` lost races the command raises
    :class:`~cocreation_domain.model.ConcurrencyConflict`. A command called by another
    command runs inside the outer command's attempt. If a command recorded events and then
    lost a race on a second save, deciding again would store the first events twice, so the
    ``LostRace`` propagates instead (commands save once, last). Between attempts the command
    waits a jittered, exponentially growing while (:func:`backoff`, ``retry_delay`` and
    ``retry_delay_cap`` of the application).
    """

    checked: list[SignatureCheck] = []

    @functools.wraps(method)
    def retrying(app: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if app._check_arguments:
            if not checked:
                checked.append(signature_check(method))
            args, kwargs = checked[0](args, kwargs)  # type: ignore[assignment]
        call = app._call
        if call.running:
            return method(app, *args, **kwargs)
        call.running = True
        try:
            for attempt in range(app.max_attempts):
                call.begin()
                try:
                    return method(app, *args, **kwargs)
                except LostRace:
                    if call.recorded:
                        raise
                if attempt + 1 < app.max_attempts:
                    time.sleep(backoff(attempt, app.retry_delay, app.retry_delay_cap))
            raise ConcurrencyConflict(app.max_attempts)
        finally:
            call.end()

    return retrying
