"""Signed checkpoints: an Ed25519-signed statement of a sealed log's head at a position.

An auditor keeps checkpoints outside the system. A later verification recomputes the chain
and compares its link at each checkpoint's position with the head the checkpoint signed: a log
rewritten before that position, or cut short of it, no longer matches, even when whoever
rewrote it also recomputed every seal (they cannot sign a new checkpoint without the key).

The signed statement is the canonical JSON (sorted keys, no spaces, UTF-8) of every field but
the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

__all__ = [
    "FORMAT",
    "SIGNING_KEY",
    "SIGNING_KEY_FILE",
    "Checkpoint",
    "generate_key",
    "key_fingerprint",
    "load_private_key",
    "load_public_key",
    "private_key_pem",
    "public_key_pem",
    "sign_checkpoint",
    "signing_key_from_env",
]

FORMAT = "cocreation-checkpoint/1"
"""The ``format`` of a checkpoint statement."""

SIGNING_KEY_FILE = "COCREATION_SIGNING_KEY_FILE"
"""Environment variable: the path of the PEM file holding the Ed25519 private key."""

SIGNING_KEY = "COCREATION_SIGNING_KEY"
"""Environment variable: the Ed25519 private key itself, as PEM text."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


def key_fingerprint(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 over the raw public key: names the key in a checkpoint."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@attrs.frozen
class Checkpoint:
    """A signed statement: the sealed log had ``events`` events and link ``head`` at
    ``position`` at ``time`` (UTC); ``store`` is the link of its first event."""

    position: int
    head: str
    events: int
    store: str
    time: str
    key: str
    signature: str = ""

    def statement(self) -> bytes:
        """The bytes the signature covers."""
        fields = attrs.asdict(self)
        del fields["signature"]
        fields["format"] = FORMAT
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        """Whether the signature is valid for this statement under ``public_key``."""
        try:
            public_key.verify(base64.b64decode(self.signature, validate=True), self.statement())
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True

    def to_json(self) -> str:
        """The checkpoint as a small JSON document (what ``cocreation checkpoint`` writes)."""
        fields = {"format": FORMAT, **attrs.asdict(self)}
        return json.dumps(fields, sort_keys=True, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Read a checkpoint written by :meth:`to_json`; ``ValueError`` when it is not one."""
        try:
            fields = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not a checkpoint (not JSON: {error.msg})") from None
        if not isinstance(fields, dict) or fields.pop("format", None) != FORMAT:
            raise ValueError(f"not a checkpoint (no format {FORMAT!r})")
        return cls._checked(fields)

    @classmethod
    def _checked(cls, fields: Mapping[str, Any]) -> Checkpoint:
        names = {a.name for a in attrs.fields(cls)}
        if set(fields) != names:
            raise ValueError(
                f"not a checkpoint (fields {sorted(fields)}, expected {sorted(names)})"
            )
        ints, texts = ("position", "events"), names - {"position", "events"}
        if not all(type(fields[n]) is int and fields[n] >= 1 for n in ints):
            raise ValueError("not a checkpoint (position and events must be positive integers)")
        if not all(isinstance(fields[n], str) for n in texts):
            raise ValueError("not a checkpoint (head, store, time, key, signature must be text)")
        if not (_HEX64.fullmatch(fields["head"]) and _HEX64.fullmatch(fields["store"])):
            raise ValueError("not a checkpoint (head and store must be 64 hex digits)")
        return cls(**fields)


def sign_checkpoint(
    private_key: Ed25519PrivateKey,
    *,
    position: int,
    head: bytes,
    events: int,
    store: bytes,
    now: datetime | None = None,
) -> Checkpoint:
    """A checkpoint of the given head, signed with ``private_key``."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    unsigned = Checkpoint(
        position=position,
        head=head.hex(),
        events=events,
        store=store.hex(),
        time=moment,
        key=key_fingerprint(private_key.public_key()),
    )
    signature = base64.b64encode(private_key.sign(unsigned.statement())).decode()
    return attrs.evolve(unsigned, signature=signature)


def generate_key() -> Ed25519PrivateKey:
    """A new Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PKCS #8 PEM (keep the file private)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The public key as SubjectPublicKeyInfo PEM (what auditors are given)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (``openssl genpkey -algorithm ed25519`` writes one)."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not an unencrypted PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (``openssl pkey -pubout`` writes one)."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a PEM public key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def signing_key_from_env(environ: Mapping[str, str] = os.environ) -> Ed25519PrivateKey | None:
    """The signing key named by ``COCREATION_SIGNING_KEY_FILE`` (a path) or given in
    ``COCREATION_SIGNING_KEY`` (PEM text), the file first; ``None`` when neither is set."""
    path = environ.get(SIGNING_KEY_FILE)
    if path:
        try:
            return load_private_key(Path(path).read_bytes())
        except OSError as error:
            raise ValueError(f"{SIGNING_KEY_FILE}: cannot read {path}: {error.strerror}") from None
    text = environ.get(SIGNING_KEY)
    if text:
        return load_private_key(text.encode())
    return None
