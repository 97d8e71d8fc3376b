"""Tamper evidence (issue 12) through the command: ``cocreation verify``, ``seal``, ``keygen``
and ``checkpoint`` on a copy of the v1 store (written before sealing). The sealed log on every
store kind: ``tests/integration/test_sealing.py``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.sealing import (
    seal,
)


def test_store_written_before_sealing_reports_unsealed_then_seals(v1_copy: Path) -> None:
    """SEAL-1: a store without seals verifies as unsealed (exit 1); ``cocreation seal`` seals it
    from its first event, after which it verifies."""
    before = CliRunner().invoke(main, ["--db", str(v1_copy), "verify"])
    sealed = CliRunner().invoke(main, ["--db", str(v1_copy), "seal"])
    after = CliRunner().invoke(main, ["--db", str(v1_copy), "verify"])
    assert (before.exit_code, before.stderr.startswith("Error: UNSEALED")) == (1, True)
    assert (sealed.exit_code, after.exit_code) == (0, 0)
    events = sqlite3.connect(v1_copy).execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
    assert sealed.stdout == f"sealed {events} events\n"


def test_verify_reads_a_read_only_file_without_writing(v1_copy: Path) -> None:
    """SEAL-2: verification only reads: it works on a read-only file and leaves it unchanged."""
    app = CoCreation(env=sqlite_env(str(v1_copy)))
    seal(app)
    app.close()
    v1_copy.chmod(0o444)
    before = v1_copy.read_bytes()
    result = CliRunner().invoke(main, ["--db", str(v1_copy), "verify"])
    assert (result.exit_code, v1_copy.read_bytes() == before) == (0, True)


def test_checkpoint_cli_signs_with_the_key_from_the_environment(
    v1_copy: Path, tmp_path: Path
) -> None:
    """SEAL-3: ``cocreation checkpoint`` takes the key from COCREATION_SIGNING_KEY_FILE, and
    its checkpoint verifies under the public key ``cocreation keygen`` wrote."""
    private, public = tmp_path / "k.pem", tmp_path / "k.pub"
    made = CliRunner().invoke(main, ["keygen", "--private", str(private), "--public", str(public)])
    CoCreation(env=sqlite_env(str(v1_copy))).close()
    CliRunner().invoke(main, ["--db", str(v1_copy), "seal"])
    out = tmp_path / "c.json"
    env = {"COCREATION_SIGNING_KEY_FILE": str(private)}
    signed = CliRunner(env=env).invoke(
        main, ["--db", str(v1_copy), "checkpoint", "--out", str(out)]
    )
    args = ["--db", str(v1_copy), "verify", "--checkpoint", str(out), "--public-key", str(public)]
    checked = CliRunner().invoke(main, args)
    assert (made.exit_code, signed.exit_code, checked.exit_code) == (0, 0, 0), checked.output
    assert private.stat().st_mode & 0o077 == 0
    assert "1 checkpoint verified" in checked.stdout
