"""Tamper evidence for the event store: a sealed, hash-chained log and signed checkpoints.

Every :class:`~cocreation_domain.CoCreation` store is sealed: its recorder writes, in the
transaction that records events, one SHA-256 link per event chaining the previous link and the
event's stored bytes (:mod:`~cocreation_domain.sealing.chain`). :func:`verify` recomputes the
chain and checks signed :class:`Checkpoint` s an auditor keeps outside the system.
"""

from cocreation_domain.sealing.chain import GENESIS, SealedRecorder, link
from cocreation_domain.sealing.checkpoints import (
    SIGNING_KEY,
    SIGNING_KEY_FILE,
    Checkpoint,
    generate_key,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_pem,
    signing_key_from_env,
)
from cocreation_domain.sealing.recorders import SealBroken, sealed_recorder
from cocreation_domain.sealing.verify import (
    Problem,
    Tampered,
    Verification,
    seal,
    take_checkpoint,
    verify,
)

__all__ = [
    "GENESIS",
    "SIGNING_KEY",
    "SIGNING_KEY_FILE",
    "Checkpoint",
    "Problem",
    "SealBroken",
    "SealedRecorder",
    "Tampered",
    "Verification",
    "generate_key",
    "link",
    "load_private_key",
    "load_public_key",
    "private_key_pem",
    "public_key_pem",
    "seal",
    "sealed_recorder",
    "signing_key_from_env",
    "take_checkpoint",
    "verify",
]
