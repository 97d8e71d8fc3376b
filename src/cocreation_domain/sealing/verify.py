"""Verification of a sealed log against its seals and against signed checkpoints."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from eventsourcing.application import Application

from cocreation_domain.sealing.chain import GENESIS, SealedRecorder, link
from cocreation_domain.sealing.checkpoints import Checkpoint, key_fingerprint, sign_checkpoint

__all__ = ["Problem", "Tampered", "Verification", "seal", "take_checkpoint", "verify"]


@attrs.frozen
class Problem:
    """What is wrong, and the first position in the log where it shows (``None``: not a
    position in the log, e.g. a checkpoint whose signature fails)."""

    position: int | None
    reason: str

    def __str__(self) -> str:
        return self.reason if self.position is None else f"position {self.position}: {self.reason}"


@attrs.frozen
class Verification:
    """The outcome of :func:`verify`.

    ``events`` counts the events whose seals held, up to ``head_position`` with link ``head``
    (hex); ``store`` is the link of the first event; ``checkpoints`` counts the checkpoints
    that matched the log; ``problem`` is the first thing found wrong, ``None`` when all held.
    """

    sealed: bool
    events: int
    head_position: int | None
    head: str | None
    store: str | None
    checkpoints: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        """Whether the store is sealed and everything held."""
        return self.sealed and self.problem is None

    def summary(self) -> str:
        """One line: what was verified, or the first problem."""
        if self.problem is not None:
            return f"TAMPERED {self.problem}" if self.sealed else f"UNSEALED: {self.problem}"
        checkpoints = f"{self.checkpoints} checkpoint{'s' * (self.checkpoints != 1)} verified"
        if not self.events:
            return f"OK: no events yet, {checkpoints}"
        return (
            f"OK: {self.events} events sealed up to position {self.head_position}, "
            f"head {self.head}, {checkpoints}"
        )


UNSEALED = (
    "the store has no seal table (written before sealing, or by another recorder); "
    "'cocreation seal' seals it from its start"
)


class Tampered(Exception):
    """A checkpoint was asked of a store whose verification fails."""

    def __init__(self, verification: Verification) -> None:
        super().__init__(verification.summary())
        self.verification = verification


def verify(
    app: Application[Any],
    checkpoints: Iterable[Checkpoint] = (),
    public_key: Ed25519PublicKey | None = None,
) -> Verification:
    """Recompute the chain over every stored event, compare it with the seals, and check each
    checkpoint: its signature under ``public_key``, and the chain's link at its position.

    One read transaction, linear in the events; nothing is written. A checkpoint is
    consistent with the log when the log still holds an event at its position and the link
    there equals the checkpoint's head: nothing before it was rewritten, nothing up to it
    removed. A problem's position is the first position where the log is seen to differ (for a
    checkpoint: its position, an upper bound of where the rewrite began).
    """
    checks = sorted(checkpoints, key=lambda c: c.position)
    if checks and public_key is None:
        raise ValueError("checking checkpoints needs the signer's public key")
    recorder = app.recorder
    if not isinstance(recorder, SealedRecorder) or not recorder.is_sealed():
        return Verification(False, 0, None, None, None, 0, Problem(None, UNSEALED))
    unsigned = [c for c in checks if public_key is not None and not c.signed_by(public_key)]
    problems = [_unsigned(c, public_key) for c in unsigned if public_key is not None]
    checks = [c for c in checks if c not in unsigned]
    wanted = {c.position for c in checks}
    links: dict[int, bytes] = {}
    previous, count, head_position, store = GENESIS, 0, None, None
    broken: Problem | None = None
    with recorder.scan() as scan:
        for position, originator_id, version, topic, state, stored in scan.events():
            try:
                expected = link(previous, position, originator_id, version, topic, state)
            except (TypeError, AttributeError, struct.error):
                broken = Problem(position, "the stored event is malformed")
                break
            if stored != expected:
                broken = Problem(position, _mismatch(stored))
                break
            previous, count, head_position = expected, count + 1, position
            if store is None:
                store = expected
            if position in wanted:
                links[position] = expected
        if broken is not None:
            orphan = scan.first_orphan(below=broken.position)
        else:
            orphan = scan.first_orphan() if scan.seal_count() != count else None
    if orphan is not None:
        broken = Problem(orphan, "a seal without its event: the event here was removed")
    problems += [] if broken is None else [broken]
    verified = 0
    for check in checks:
        if broken is not None and broken.position is not None and check.position >= broken.position:
            continue
        found = links.get(check.position)
        if found is None:
            reason = "the log no longer holds this event: events up to it were removed"
        elif found.hex() != check.head:
            reason = "the log up to here differs from what was signed (rewritten, seals recomputed)"
        else:
            verified += 1
            continue
        problems.append(Problem(check.position, f"checkpoint of {check.time}: {reason}"))
    first = min(problems, key=_order, default=None)
    return Verification(
        True,
        count,
        head_position,
        None if head_position is None else previous.hex(),
        None if store is None else store.hex(),
        verified,
        first,
    )


def _unsigned(check: Checkpoint, public_key: Ed25519PublicKey) -> Problem:
    given = key_fingerprint(public_key)
    why = "bad signature" if check.key == given else f"signed by key {check.key}, not {given}"
    return Problem(None, f"checkpoint of {check.time} (position {check.position}): {why}")


def _mismatch(stored: bytes | None) -> str:
    if stored is None:
        return "the event has no seal: it was inserted, or its seal removed"
    return (
        "the seal does not match: this event or its seal was changed, "
        "or an event before it was removed, inserted or moved"
    )


def _order(problem: Problem) -> tuple[int, int]:
    return (0, 0) if problem.position is None else (1, problem.position)


def seal(app: Application[Any]) -> int:
    """Seal the store's events after its last seal (a store written before sealing: from its
    first event); returns how many events were sealed. Writes; run it once, on purpose."""
    recorder = app.recorder
    if not isinstance(recorder, SealedRecorder):
        raise ValueError(f"{type(recorder).__name__} does not seal events")
    return recorder.seal_unsealed()


def take_checkpoint(
    app: Application[Any], private_key: Ed25519PrivateKey, *, now: datetime | None = None
) -> Checkpoint:
    """Verify the store, then sign a checkpoint of its head; raises :class:`Tampered` when the
    verification fails and ``ValueError`` when the store holds no event yet."""
    verification = verify(app)
    if not verification.ok:
        raise Tampered(verification)
    if verification.head_position is None or verification.head is None:
        raise ValueError("the store holds no event yet: nothing to checkpoint")
    assert verification.store is not None
    return sign_checkpoint(
        private_key,
        position=verification.head_position,
        head=bytes.fromhex(verification.head),
        events=verification.events,
        store=bytes.fromhex(verification.store),
        now=now,
    )
