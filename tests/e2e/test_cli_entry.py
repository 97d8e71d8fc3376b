"""The ``cocreation`` entry point (issue 13.4): installed without the ``cli`` extra it says how
to install it instead of failing on ``No module named 'click'``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cocreation_domain.cli_entry import CLI_EXTRA, INSTALL_HINT

ROOT = Path(__file__).parents[2]

BLOCK = """
import sys

class Missing:
    '''An import hook that makes the given top-level modules look uninstalled.'''

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Missing())
"""


def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with this checkout's sources first on the path."""
    env = {k: v for k, v in os.environ.items() if k not in {"SQLITE_DBNAME", "PERSISTENCE_MODULE"}}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(CLI_EXTRA - {"markupsafe"}))
def test_without_the_cli_extra_it_says_how_to_install_it(missing: str) -> None:
    """With a module of the extra missing, one line names it and the install command;
    exit status 2, no traceback."""
    code = BLOCK.format(blocked={missing}) + (
        "sys.argv = ['cocreation', 'status']\n"
        "from cocreation_domain.cli_entry import main\n"
        "main()\n"
    )
    process = python(code)
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    (line,) = process.stderr.splitlines()
    assert f"({missing} is not installed)" in line
    assert INSTALL_HINT in line


def test_python_m_says_it_too() -> None:
    """``python -m cocreation_domain`` without click prints the same hint."""
    code = BLOCK.format(blocked={"click"}) + (
        "import runpy\n"
        "sys.argv = ['cocreation', '--help']\n"
        "runpy.run_module('cocreation_domain', run_name='__main__')\n"
    )
    process = python(code)
    assert process.returncode == 2
    assert INSTALL_HINT in process.stderr
    assert "Traceback" not in process.stderr


def test_the_entry_module_does_not_import_click() -> None:
    """Importing the entry point loads none of the extra's modules."""
    process = python(
        "import sys\n"
        "import cocreation_domain.cli_entry\n"
        f"print(sorted(m for m in {sorted(CLI_EXTRA)!r} if m in sys.modules))\n"
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]"


def test_with_the_extra_it_runs_the_command() -> None:
    """With click installed, the entry point is the ``cocreation`` command."""
    process = python("from cocreation_domain.cli_entry import main; main()", "diagram", "person")
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("---") or "stateDiagram" in process.stdout


def test_the_installed_script_is_the_entry_point() -> None:
    """pyproject.toml installs ``cocreation`` from the module that does not need click."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["cocreation"] == "cocreation_domain.cli_entry:main"
    assert set(CLI_EXTRA) >= {"click", "jinja2", "babel", "icalendar"}
    extra = {
        d.split(">")[0].split("=")[0].split("[")[0].replace("-", "_")
        for d in project["optional-dependencies"]["cli"]
    }
    assert extra <= CLI_EXTRA
