"""The benchmarks run (``benchmarks/run.py``, ``nox -s bench``): every measurement module,
at the smallest sizes, on POPO and SQLite files, writes its rows to the report.

No time is asserted here (the figures mean something only at the issue's sizes, paired in
one run); this proves that the harness and each measurement still run end to end.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).parents[2] / "benchmarks" / "run.py"

SMALLEST = {
    "--repeat": 1,
    "--p1-actions": 20,
    "--p1-per-initiative": 10,
    "--p2-events": 100,
    "--p2-template-actions": 20,
    "--p3-events": 120,
    "--p3-small": 10,
    "--replay-short": 50,
    "--replay-long": 200,
    "--p3-loads": 1,
    "--p4-events": 50,
    "--p4-replays": 1,
    "--seal-events": 100,
    "--seal-rebuild-actions": 20,
    "--p5-initiatives": 2,
    "--p5-template-actions": 10,
}
"""The smallest sizes each measurement runs at (P1 still pairs five rounds, P3 and P4 five
runs: the harness keeps its minimum counts)."""

ROWS = {
    "p1": r"P1 command path, (POPO|SQLite file on a RAM disk|SQLite file on disk)",
    "p1checks": r"P1 (argument checks|all validation), (popo|sqlite)",
    "seal": r"P[12] cost of sealing personal data",
    "p3": r"P3 (load \d+-event vs \d+-event platform|replay per event)",
    "p4": r"P4 replay Platform",
    "p2": r"P2 (rebuild|status fold)",
    "p5": r"P5 ",
    "verify": r"(P1 cost of the sealed log|verify [\d,]+ events vs)",
}
"""Each measurement's rows, by the start of their names."""


@pytest.mark.slow
def test_every_measurement_writes_its_rows_at_the_smallest_sizes(tmp_path: Path) -> None:
    """``run.py`` at the smallest sizes prints and writes a row with a ratio per measurement."""
    report = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            *(f"{k}={v}" for k, v in SMALLEST.items()),
            "--markdown",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("- machine: ")
    assert "- command: python benchmarks/run.py --repeat=1 " in text
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| ")][2:]
    names = [cells[0].removeprefix("| ") for cells in rows]
    for bench, pattern in ROWS.items():
        assert any(re.match(pattern, name) for name in names), f"no row of {bench}"
    assert not [n for n in names if not any(re.match(p, n) for p in ROWS.values())]
    assert all(re.fullmatch(r"\d+\.\d\dx", cells[3]) for cells in rows)
    assert names[0] in done.stdout
    assert "total benchmark time" in text


def test_only_takes_the_name_of_a_measurement() -> None:
    """``--only`` names a measurement; an unknown name is refused before anything runs."""
    done = subprocess.run(
        [sys.executable, str(RUN), "--only", "p9"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "invalid choice: 'p9'" in done.stderr
    for name in ROWS:
        assert f"'{name}'" in done.stderr
