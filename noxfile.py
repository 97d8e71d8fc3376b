"""Development sessions for cocreation-domain.

Every dependency comes from the extras in ``pyproject.toml``; no session pins an
interpreter, so each runs on the Python that runs nox (any Python >= 3.11).

    nox                 # lint, typecheck, tests
    nox -s tests -- -k lifecycle
    nox -s demo
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "typecheck", "tests"]  # the others (docs_offline too) on request

ROOT = Path(__file__).parent


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest, Hypothesis); PostgreSQL tests use the POSTGRES_* variables."""
    session.install("-e", ".[tests]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and the layer contracts with import-linter."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type check src/ and tests/ with mypy in strict mode."""
    session.install("-e", ".[lint]")
    session.run("mypy", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """Run the command-line demo against a fresh SQLite file under .nox/demo/tmp/."""
    session.install("-e", ".[cli]")
    tmp = Path(session.create_tmp())
    for old in tmp.glob("demo.sqlite*"):  # the database and any -wal/-shm files
        old.unlink()
    db = tmp / "demo.sqlite"
    session.run("cocreation", "demo", "--db", str(db), *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benchmarks/run.py (not a default session)."""
    session.install("-e", ".[tests]")
    session.run("python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation-test the rule-bearing modules of model/ with mutmut (not a default session;
    slow). Configuration in ``[tool.mutmut]``; the score and the surviving mutants, each with
    why it is acceptable, are in docs/testing.md. ``nox -s mutation -- --max-children 2``."""
    session.install("-e", ".[tests]", "mutmut")
    session.run("mutmut", "run", *session.posargs, env={"HYPOTHESIS_PROFILE": "mutation"})
    session.run("mutmut", "results", success_codes=[0, 1])


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with MkDocs in strict mode (not a default session)."""
    session.install("-e", ".[docs,cli]")
    # NO_MKDOCS_2_WARNING: mkdocs-material's banner about MkDocs 2.0 is news, not a build warning.
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def docs_offline(session: nox.Session) -> None:
    """Build the documentation, open its lifecycle page in headless Chromium without
    network and save a screenshot (site/lifecycles-offline.png); fails when a diagram shows
    as source text (not a default session; needs ``apt-get install -y chromium``)."""
    session.install("-e", ".[docs,cli]")
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
    session.run(
        "python", "docs/offline_screenshot.py", "site", "--page", "lifecycles/",
        "--out", "site/lifecycles-offline.png",
    )  # fmt: skip


@nox.session
def catalogs(session: nox.Session) -> None:
    """Extract the documents' messages (babel.cfg) and update the da/en gettext catalogs."""
    session.install("babel", "jinja2")
    locale = "src/cocreation_domain/documents/locale"
    session.run(
        "pybabel", "extract", "-F", "babel.cfg", "-k", "N_", "--no-location", "--sort-output",
        "-w", "100", "--project", "cocreation-domain", "--version", "0.1.0",
        "--copyright-holder", "the cocreation-domain authors",
        "-o", f"{locale}/messages.pot", ".",
    )  # fmt: skip
    session.run(
        "pybabel", "update", "-i", f"{locale}/messages.pot", "-d", locale,
        "--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date", "-w", "100",
    )  # fmt: skip
