"""Every code block of the documentation runs (issue 15.6): the pages of ``docs/`` and the
README are read as a newcomer would follow them, one pytest id per block (``page:line``).

- ```` ```python ```` blocks run in page order in one namespace per page, in a temporary
  directory of that page (a file an example writes is beside the next example's). A block
  asked for on its own runs the blocks above it first.
- ```` ```bash ```` and ```` ```console ```` blocks run command by command, in page order, in
  the same directory: ``cocreation …`` through the CLI (click's ``CliRunner``), with ``>``
  redirection, ``-o`` files and ``| jq`` pipes; ``export`` sets variables for the commands
  after it; ``openssl`` and ``python benchmarks/run.py --help`` run as processes. Commands
  that install, build or measure (``pip install``, ``nox -s``, a benchmark run) are checked,
  not run: the extras and sessions they name must exist, and the options given to the
  benchmark script (directly or after ``nox -s bench --``) must be its own (CI runs the
  sessions itself). In a ``console`` block the lines after a
  ``$`` command are its expected output (numbers may differ). A command must exit with
  status 0 unless the page shows its status with ``echo $?`` right after it. Anything else
  fails the block.
- Placeholders in commands (``MEETING_ID``, ``NEWSLETTER_ID``, ``PLATFORM_ID``,
  ``PERSON_ID``, ``ANCHOR_ID``) are replaced by ids the CLI lists from the store (``meetings``,
  ``newsletter``, ``platforms``, ``persons``, ``status`` with ``--json``), as a reader would
  find them.
- The one setup a page does not show: a store named by ``--db FILE`` that the page has not
  written yet is the demo store (``cocreation demo``), and :data:`SEEDS` lists the other files
  a page reads (the first released store, for the pages about old stores).
- Docstring examples, which the API reference renders, run as doctests (``--doctest-modules``
  over ``src/``, see ``pyproject.toml``).
- ```` ```json ```` blocks must parse (mkdocs snippets expanded); a JSON Schema must be one.
  ```` ```text ```` and ```` ```mermaid ```` blocks are not code. A fence with another
  language, or none, fails: a new page cannot slip past.
- A Markdown comment ``<!-- docs-test: postgres -->`` right above a block runs it against
  the test server (a fresh ``POSTGRES_SCHEMA``; skipped without a server, failing in CI, as
  ``tests/conftest.py`` does); ``<!-- docs-test: smtp -->`` points the ``SMTP_*`` variables at
  a local aiosmtpd server for that block; ``<!-- docs-test: output -->`` above a ``text``
  block checks that the python block above printed its lines.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from click.testing import CliRunner
from eventsourcing import utils as es_utils

from cocreation_domain.cli import main
from cocreation_domain.documents.json_output import output_schema
from conftest import drop_postgres_schema, postgres_env  # type: ignore[import-not-found]

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
"""The project's root (wherever in ``tests/`` this file sits)."""
V1_STORE = ROOT / "tests" / "fixtures" / "v1" / "store.sqlite"

PYTHON = {"python"}
SHELL = {"bash", "console"}
DATA = {"json", "text", "mermaid"}
LANGUAGES = PYTHON | SHELL | DATA

SEEDS: dict[str, dict[str, Path]] = {
    "docs/privacy.md": {"old.sqlite": V1_STORE},
    "docs/versioning.md": {"old.sqlite": V1_STORE},
}
"""Files a page reads that it does not write itself, by page (besides demo stores)."""

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
MARK = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<marks>[^>]*?)\s*-->\s*$")
SNIPPET = re.compile(r'^\s*-{2}8<-{2}\s+"(?P<path>[^"]+)"\s*$')
SNIPPETS = re.compile(r"^\s*-{2}8<-{2}\s*$")
"""A line opening or closing a block of snippet paths (one per line): the form ruff's
Markdown formatter leaves alone inside a ``python`` block, as it does not parse as Python."""
PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]*_ID\b")


@attrs.frozen
class Block:
    """One fenced block of a page: where it starts, its language, its code, its marks."""

    page: str
    line: int
    language: str
    code: str
    marks: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        """The block's pytest id: the page and the line of its opening fence."""
        return f"{self.page}:{self.line}"


def pages() -> list[Path]:
    """Every page of the documentation, and the README."""
    return [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]


def blocks_of(page: Path) -> list[Block]:
    """The fenced blocks of ``page`` in order, each with the marks of the comment above it."""
    name = page.relative_to(ROOT).as_posix()
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    marks: frozenset[str] = frozenset()
    i = 0
    while i < len(lines):
        mark = MARK.match(lines[i])
        opening = FENCE.match(lines[i])
        if mark:
            marks = frozenset(mark["marks"].split())
        elif opening:
            indent, fence = opening["indent"], opening["fence"]
            language = opening["info"].strip().split(" ")[0].lstrip("{.").rstrip("}")
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != fence[0] * len(fence):
                body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
                i += 1
            start = i - len(body)
            found.append(Block(name, start, language, "\n".join(body) + "\n", marks))
            marks = frozenset()
        elif lines[i].strip():
            marks = frozenset()
        i += 1
    return found


def snippets(code: str) -> Iterator[tuple[str, str | None]]:
    """``code`` line by line: ``(line, None)``, or ``("", path)`` for each snippet path, of
    mkdocs' one-line form (``--8<-- "path"``) or its block form (paths between ``--8<--``)."""
    in_block = False
    for line in code.splitlines(keepends=True):
        one = SNIPPET.match(line)
        if SNIPPETS.match(line):
            in_block = not in_block
        elif in_block and line.strip():
            yield "", line.strip()
        elif one:
            yield "", one["path"]
        elif not in_block:
            yield line, None


def expand_snippets(code: str) -> str:
    """``code`` with mkdocs' snippets replaced by the files they name."""
    out = []
    for line, snippet in snippets(code):
        if snippet is None:
            out.append(line)
            continue
        path = next(base / snippet for base in (ROOT, ROOT / "docs") if (base / snippet).is_file())
        out.append(path.read_text(encoding="utf-8"))
    return "".join(out)


ALL_BLOCKS = [block for page in pages() for block in blocks_of(page)]


# --- per-page state: one directory, one Python namespace, one shell environment -------------


@attrs.define
class PageRun:
    """What a page's blocks share: their directory, Python namespace and shell variables, and
    which of the page's blocks have run (a failure stops the blocks after it)."""

    directory: Path
    namespace: dict[str, Any] = attrs.field(factory=dict)
    variables: dict[str, str] = attrs.field(factory=dict)
    done: set[int] = attrs.field(factory=set)
    failed: str | None = None
    printed: str = ""
    """What the last python block printed."""


RUNS: dict[str, PageRun] = {}


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo initiative's store, written once (``cocreation demo``)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    result = CliRunner().invoke(main, ["--db", str(path), "demo"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def page_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], PageRun]:
    """The shared state of a page, made the first time one of its blocks runs."""

    def of(page: str) -> PageRun:
        if page not in RUNS:
            directory = tmp_path_factory.mktemp(Path(page).stem)
            for name, source in SEEDS.get(page, {}).items():
                shutil.copy(source, directory / name)
            module = types.ModuleType(f"docs_{Path(page).stem.replace('-', '_')}")
            sys.modules[module.__name__] = module  # dataclasses look their module up
            RUNS[page] = PageRun(directory, module.__dict__)
        return RUNS[page]

    return of


@contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``variables`` set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def marked(block: Block) -> Iterator[dict[str, str]]:
    """The variables a block's marks ask for: a fresh PostgreSQL schema, a local SMTP server."""
    unknown = block.marks - {"postgres", "smtp", "output"}
    assert not unknown, f"{block.id}: unknown docs-test marks {sorted(unknown)}"
    variables: dict[str, str] = {}
    schema = None
    controller = None
    if "postgres" in block.marks:
        variables.update(postgres_env())
        schema = variables["POSTGRES_SCHEMA"]
    if "smtp" in block.marks:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Sink
        from aiosmtpd.smtp import AuthResult

        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(
            Sink(),
            hostname="127.0.0.1",
            port=port,
            authenticator=lambda *_: AuthResult(success=True),  # any login the page shows
            auth_require_tls=False,
        )
        controller.start()
        variables.update(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(port),
            SMTP_SECURITY="none",
            SMTP_FROM="docs@example.org",
        )
    try:
        yield variables
    finally:
        if controller is not None:
            controller.stop()
        if schema is not None:
            drop_postgres_schema(schema)


# --- python ----------------------------------------------------------------------------------


def run_python(block: Block, run: PageRun) -> None:
    """Run a python block in its page's namespace, in the page's directory; eventsourcing's
    topic registry is restored afterwards, so an example's classes stay in its page."""
    code = compile(expand_snippets(block.code), block.id, "exec")
    topics = dict(es_utils._topic_cache)
    cwd = Path.cwd()
    os.chdir(run.directory)
    printed = io.StringIO()
    try:
        with marked(block) as variables, environment(variables), redirect_stdout(printed):
            exec(code, run.namespace)
    finally:
        os.chdir(cwd)
        run.printed = printed.getvalue()
        es_utils._topic_cache.clear()
        es_utils._topic_cache.update(topics)


# --- shell ------------------------------------------------------------------------------------


def commands_of(block: Block) -> list[tuple[str, list[str]]]:
    """The block's commands, each with the output lines shown after it (``console`` blocks:
    lines after a ``$`` command; ``bash`` blocks show no output)."""
    joined: list[str] = []
    for line in block.code.splitlines():
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + " " + line.strip()
        else:
            joined.append(line)
    commands: list[tuple[str, list[str]]] = []
    for line in joined:
        if block.language == "console":
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif line.strip():
                assert commands, f"{block.id}: output before any command: {line!r}"
                commands[-1][1].append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            commands.append((line, []))
    return commands


def nox_sessions() -> set[str]:
    """The sessions ``noxfile.py`` defines."""
    source = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    return set(re.findall(r"@nox\.session[^\n]*\ndef (\w+)\(", source))


def extras() -> set[str]:
    """The optional dependency groups (extras) of ``pyproject.toml``."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return set(project["optional-dependencies"])


@attrs.define
class Shell:
    """Runs one page's shell commands in its directory, with its exported variables."""

    block: Block
    run: PageRun
    demo: Path
    variables: dict[str, str]
    status: int = 0
    """The exit status of the last command (``$?``)."""
    terminal: str = ""
    """What the last command showed on the terminal (standard output and error)."""

    def __call__(self, line: str, expected: list[str]) -> None:
        """Run one command line (``a && b``, ``a | jq …``, ``a > file``)."""
        for part in re.split(r"\s+&&\s+", line):
            self.pipeline(part, expected)

    def pipeline(self, line: str, expected: list[str]) -> None:
        words = shlex.split(line, comments=True)
        if not words:
            return
        target = None
        if ">" in words:
            at = words.index(">")
            target, words = words[at + 1], words[:at]
        stages = [list(g) for g in _split(words, "|")]
        output = self.command(stages[0])
        if len(stages) > 1 or stages[0][0] != "cocreation":
            self.terminal = output
        for stage in stages[1:]:
            assert stage[0] == "jq", f"{self.block.id}: cannot pipe into {stage[0]!r}"
            json.loads(output)
            jq = shutil.which("jq")
            assert jq, f"{self.block.id}: needs jq (apt-get install jq)"
            output = self._process([jq, *stage[1:]], stdin=output)
        if target is not None:
            (self.run.directory / target).write_text(output, encoding="utf-8")
        if expected:
            shown = [re.escape(text.strip()) for text in expected]
            pattern = "\n".join(re.sub(r"\d+", r"\\d+", text) for text in shown)
            assert re.fullmatch(pattern, self.terminal.strip()), (
                f"{self.block.id}: {line!r} printed {self.terminal!r}, the page shows {expected!r}"
            )

    def command(self, words: list[str]) -> str:
        """Run or check one command; its standard output."""
        program, args = words[0], words[1:]
        if program == "export":
            for assignment in args:
                name, _, value = assignment.partition("=")
                self.variables[name] = value
            return ""
        if program == "cocreation":
            return self.cocreation(args)
        if words == ["echo", "$?"]:
            shown, self.status = str(self.status), 0
            return shown + "\n"
        if program in ("pip", "python3", "python") and "pip" in words[:3]:
            for package in words[words.index("install") + 1 :]:
                extra = re.fullmatch(r"cocreation-domain\[(?P<extras>[\w,-]+)\]", package)
                if extra:
                    missing = set(extra["extras"].split(",")) - extras()
                    assert not missing, f"{self.block.id}: no extras {missing} in pyproject"
                else:
                    assert package in ("nox",), f"{self.block.id}: installs {package!r}"
            return ""
        if program == "nox":
            sessions = args[args.index("-s") + 1 : _end(args)] if "-s" in args else []
            missing = set(sessions) - nox_sessions()
            assert not missing, f"{self.block.id}: no nox sessions {missing}"
            if sessions == ["bench"]:  # the options after -- are the script's
                self.benchmark_options(args[_end(args) + 1 :])
            return ""
        if program == "openssl":
            return self._process(words)
        if program == "python" and args[:1] == ["benchmarks/run.py"]:
            if args[1:] == ["--help"]:
                return self._process([sys.executable, *args], cwd=ROOT)
            self.benchmark_options(args[1:])  # a measurement takes minutes: checked, not run
            return ""
        raise AssertionError(f"{self.block.id}: the test does not know how to run {program!r}")

    def benchmark_options(self, args: list[str]) -> None:
        """The options in ``args`` are ones ``benchmarks/run.py --help`` lists."""
        usage = self._process([sys.executable, "benchmarks/run.py", "--help"], cwd=ROOT)
        unknown = {a for a in args if a.startswith("--")} - set(re.findall(r"--[\w-]+", usage))
        assert not unknown, f"{self.block.id}: benchmarks/run.py has no {unknown}"

    def cocreation(self, args: list[str], *, strict: bool = False) -> str:
        """The ``cocreation`` command through click's CliRunner, in the page's directory; its
        exit status is ``$?`` (``strict``: must be 0)."""
        args = [self.placeholder(a, args) for a in args]
        if "--db" in args:
            db = self.run.directory / args[args.index("--db") + 1]
            if not db.exists() and "demo" not in args:
                shutil.copy(self.demo, db)
        cwd = Path.cwd()
        os.chdir(self.run.directory)
        try:
            env = {"SQLITE_DBNAME": None, "PERSISTENCE_MODULE": None, **self.variables}
            result = CliRunner(env=env).invoke(main, args)
        finally:
            os.chdir(cwd)
        self.status, self.terminal = result.exit_code, result.output
        assert not strict or result.exit_code == 0, self.failure(args)
        return result.stdout

    def failure(self, args: list[str]) -> str:
        """Why the last command failed."""
        return f"{self.block.id}: {shlex.join(args)} exited {self.status}: {self.terminal}"

    def placeholder(self, word: str, args: list[str]) -> str:
        """A placeholder id replaced by one the CLI lists from the same store."""
        if not PLACEHOLDER.fullmatch(word):
            return word
        db = ["--db", args[args.index("--db") + 1]] if "--db" in args else []

        def listed(*command: str) -> Any:
            return json.loads(self.cocreation([*db, *command, "--json"], strict=True))

        if word == "MEETING_ID":
            return str(listed("meetings")["meetings"][0]["id"])
        if word == "NEWSLETTER_ID":
            return str(listed("newsletter")["id"])
        if word == "PLATFORM_ID":
            return str(listed("platforms")["platforms"][0]["id"])
        if word == "PERSON_ID":
            return str(listed("persons")["persons"][0]["id"])
        if word in ("ANCHOR_ID", "ANCHOR_PERSON_ID"):
            return str(listed("status")["initiative"]["anchor"]["id"])
        raise AssertionError(f"{self.block.id}: unknown placeholder {word}")

    def _process(
        self, command: list[str], *, stdin: str | None = None, cwd: Path | None = None
    ) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **self.variables}
        done = subprocess.run(
            command,
            cwd=cwd or self.run.directory,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, f"{self.block.id}: {shlex.join(command)}: {done.stderr}"
        return done.stdout


def _split(words: list[str], separator: str) -> Iterator[list[str]]:
    group: list[str] = []
    for word in words:
        if word == separator:
            yield group
            group = []
        else:
            group.append(word)
    yield group


def _end(args: list[str]) -> int:
    return args.index("--") if "--" in args else len(args)


def run_shell(block: Block, run: PageRun, demo: Path) -> None:
    """Run a shell block's commands in order."""
    with marked(block) as server:
        shell = Shell(block, run, demo, run.variables)
        commands = commands_of(block)
        for at, (line, expected) in enumerate(commands):
            run.variables.update(server)  # a marked server wins over the page's example values
            shell(line, expected)
            following = commands[at + 1][0] if at + 1 < len(commands) else ""
            if shlex.split(following, comments=True) != ["echo", "$?"]:  # shows a failure
                assert shell.status == 0, shell.failure([line])
        for name in server:
            run.variables.pop(name, None)


# --- data -------------------------------------------------------------------------------------


def check_language(block: Block) -> None:
    """A block's language is one the test runs or checks; anything else fails the block."""
    assert block.language in LANGUAGES, (
        f"{block.id}: fence the block with one of {sorted(LANGUAGES)} "
        f"(got {block.language!r}); output and samples are ```text"
    )


def check_output(block: Block, run: PageRun) -> None:
    """A text block marked ``output`` shows what the python block above it printed: each of
    its lines, in order (a line ``…`` stands for lines left out)."""
    printed = iter(run.printed.splitlines())
    for line in block.code.splitlines():
        if line.strip() == "…":
            continue
        assert any(line == out for out in printed), (
            f"{block.id}: {line!r} is not printed (in this order); printed:\n{run.printed}"
        )


def check_data(block: Block) -> None:
    """JSON parses (a JSON Schema must be a valid one, a sample of the CLI's output must
    validate against the schema it names); text and Mermaid are not code."""
    if block.language == "json":
        document = json.loads(expand_snippets(block.code))
        if isinstance(document, dict) and "$schema" in document:
            jsonschema.Draft202012Validator.check_schema(document)
        if isinstance(document, dict) and str(document.get("schema")).startswith(
            "cocreation-domain/"
        ):
            jsonschema.Draft202012Validator(output_schema()).validate(document)


# --- the tests -------------------------------------------------------------------------------


class TestEveryBlockRuns:
    """Each fenced block of the documentation runs, or parses, as the page shows it."""

    @pytest.mark.parametrize("block", ALL_BLOCKS, ids=[b.id for b in ALL_BLOCKS])
    def test_block(
        self, block: Block, page_run: Callable[[str], PageRun], request: pytest.FixtureRequest
    ) -> None:
        """The block runs (python, shell) or parses (json) after the blocks above it."""
        check_language(block)
        if block.language in DATA and "output" not in block.marks:
            check_data(block)
            return
        run = page_run(block.page)
        for earlier in [b for b in ALL_BLOCKS if b.page == block.page and b.line <= block.line]:
            if earlier.line in run.done or earlier.language in DATA:
                continue
            if run.failed is not None:
                pytest.fail(f"{block.id}: an earlier block of the page failed: {run.failed}")
            run.done.add(earlier.line)
            try:
                if earlier.language in PYTHON:
                    run_python(earlier, run)
                else:
                    demo: Path = request.getfixturevalue("demo_store")
                    run_shell(earlier, run, demo)
            except pytest.skip.Exception:
                if earlier is block:  # a block above that skips (no server) is reported by
                    raise  # its own id; the blocks after it do not depend on it
            except BaseException:
                run.failed = earlier.id
                raise
        if "output" in block.marks:
            check_output(block, run)


class TestTheCollector:
    """The collector finds every block, so a page cannot slip past the test."""

    def test_every_page_is_read(self) -> None:
        """Every Markdown page of docs/ and the README is read, and most have blocks."""
        with_blocks = {b.page for b in ALL_BLOCKS}
        assert {"README.md", "docs/walkthrough.md", "docs/testing.md"} <= with_blocks

    def test_a_fence_without_a_language_is_collected(self, tmp_path: Path) -> None:
        """A fence with no language is collected (and then fails the language check)."""
        page = tmp_path / "page.md"
        page.write_text("Intro\n\n```\nsome output\n```\n", encoding="utf-8")
        original = ROOT
        try:
            globals()["ROOT"] = tmp_path
            blocks = blocks_of(page)
        finally:
            globals()["ROOT"] = original
        assert [(b.line, b.language, b.code) for b in blocks] == [(3, "", "some output\n")]

    def test_every_example_file_runs_in_a_page(self) -> None:
        """Every file of docs/examples/ is included (mkdocs snippet) in a python block, so it
        runs with its page."""
        included = {
            path
            for block in ALL_BLOCKS
            if block.language in PYTHON
            for _, path in snippets(block.code)
            if path is not None
        }
        examples = {
            path.relative_to(ROOT / "docs").as_posix()
            for path in (ROOT / "docs" / "examples").rglob("*.py")
        }
        assert examples
        assert examples <= included

    @pytest.mark.parametrize("language", ["", "sh", "py", "yaml"])
    def test_an_unknown_or_missing_language_fails(self, language: str) -> None:
        """A block fenced without a language, or with one the test does not run, fails."""
        block = Block("docs/new-page.md", 3, language, "some output\n")
        with pytest.raises(AssertionError, match="fence the block with one of"):
            check_language(block)

    def test_a_mark_applies_to_the_next_block_only(self, tmp_path: Path) -> None:
        """A ``docs-test`` comment marks the block right below it, not the ones after."""
        text = "<!-- docs-test: postgres -->\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n"
        page = tmp_path / "page.md"
        page.write_text(text, encoding="utf-8")
        original = ROOT
        try:
            globals()["ROOT"] = tmp_path
            blocks = blocks_of(page)
        finally:
            globals()["ROOT"] = original
        assert [b.marks for b in blocks] == [frozenset({"postgres"}), frozenset()]
