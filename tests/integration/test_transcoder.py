"""The orjson transcoder and an SQLite file: eventsourcing's JSON transcoder reads our store.
The transcoder itself: ``tests/unit/test_transcoder.py``."""

from __future__ import annotations

from pathlib import Path

from eventsourcing.persistence import (
    JSONTranscoder,
)

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.testing import Scenario
from unit.test_transcoder import domain_transcoder  # type: ignore[import-not-found]


class TestApplicationTranscoder:
    """CoCreation encodes with orjson, in a format eventsourcing's JSON transcoder reads."""

    def test_eventsourcings_json_transcoder_reads_our_store(self, tmp_path: Path) -> None:
        """Every stored event decodes to the same event through eventsourcing's JSONTranscoder."""
        app = CoCreation(env=sqlite_env(str(tmp_path / "events.sqlite")))
        s = Scenario.start(app)
        s.active(s.platform())
        stored = app.recorder.select_notifications(start=1, limit=1000)
        json = domain_transcoder(JSONTranscoder)
        expected = [app.mapper.transcoder.decode(n.state) for n in stored]
        actual = [json.decode(n.state) for n in stored]
        assert len(stored) > 20
        assert expected == actual
