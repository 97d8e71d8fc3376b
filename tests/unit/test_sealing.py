"""Signed checkpoints (issue 12, SEAL-3) as values: they round-trip and sign their statement,
and a malformed one is refused. The sealed log on every store kind:
``tests/integration/test_sealing.py``."""

from __future__ import annotations

import attrs
import pytest

from cocreation_domain import CoCreation
from cocreation_domain.sealing import (
    Checkpoint,
    generate_key,
    take_checkpoint,
)
from cocreation_domain.sealing.checkpoints import key_fingerprint

KEY = generate_key()


def test_checkpoint_round_trips_and_signs_its_statement() -> None:
    """SEAL-3: a checkpoint reads back equal from its JSON, and any changed field breaks its
    signature."""
    app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.register_person("Solo")
    checkpoint = take_checkpoint(app, KEY)
    again = Checkpoint.from_json(checkpoint.to_json())
    assert (again, again.signed_by(KEY.public_key())) == (checkpoint, True)
    assert checkpoint.key == key_fingerprint(KEY.public_key())
    changed = (
        attrs.evolve(checkpoint, position=2),
        attrs.evolve(checkpoint, events=2),
        attrs.evolve(checkpoint, time="2020-01-01T00:00:00+00:00"),
    )
    assert [c.signed_by(KEY.public_key()) for c in changed] == [False, False, False]


@pytest.mark.parametrize(
    "text",
    ['{"format": "other"}', "not json", '{"format": "cocreation-checkpoint/1", "position": 1}'],
)
def test_malformed_checkpoint_is_refused(text: str) -> None:
    """SEAL-3: a file that is not a well-formed checkpoint is refused with ValueError."""
    with pytest.raises(ValueError, match="not a checkpoint"):
        Checkpoint.from_json(text)
