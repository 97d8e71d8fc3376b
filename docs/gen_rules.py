"""Generate ``docs/rules.md``, the rule catalogue, from DOMAIN.md, the code and the tests.

For every rule id of the domain contract (``DOMAIN.md`` at the project's root) the page shows
its text and where it lives, each as a dotted name (stable under edits elsewhere in a file):

- **enforced**: functions that refuse with it: a call passing the rule id as a string
  (``RuleViolation("R-GOAL-1", ...)``, ``require_text(..., "R-PLAT-4", ...)``,
  ``_require_host(..., "R-MEET-1", ...)``), and for R-AUTH-1 every ``NotPermitted(...)``;
- **flagged**: the functions of ``model/flags.py`` and ``model/deviations.py`` whose docstring
  names it (the single source of each flag and deviation);
- **named in code**: other functions, classes and modules whose docstring or comments name it;
- **tested**: tests (``tests/``, any depth) whose name or docstring names it, or whose class
  docstring does.

    python docs/gen_rules.py            # rewrite docs/rules.md
    python docs/gen_rules.py --check    # exit 1 when the committed page is stale

``tests/e2e/test_rule_catalogue.py`` runs the check, so CI fails on a stale page.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "DOMAIN.md"
SRC = ROOT / "src" / "cocreation_domain"
TESTS = ROOT / "tests"
PAGE = ROOT / "docs" / "rules.md"

RULE = re.compile(r"R-[A-Z]+-\d+")
EXACT = re.compile(r"^R-[A-Z]+-\d+$")
FLAG_MODULES = ("model/flags.py", "model/deviations.py")
NO_NAMING = ("model/errors.py",)  # its examples cite ids; it cites no rule of its own

Where = dict[str, dict[str, set[str]]]  # rule -> kind -> locations
Scope = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


def rule_texts(domain: str) -> dict[str, str]:
    """Each rule's text, in contract order: from its bold id to the next bold id, the end of
    its bullet or paragraph."""
    texts: dict[str, str] = {}
    marks = list(re.finditer(r"\*\*(R-[A-Z]+-\d+)\*\*", domain))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(domain)
        chunk = domain[mark.end() : end]
        stop = re.search(r"\n\s*\n|\n(?=- )|\n(?=#)", chunk)
        chunk = chunk[: stop.start()] if stop else chunk
        text = " ".join(chunk.split()).strip()
        texts.setdefault(mark.group(1), text)
    return texts


def module_name(path: Path) -> str:
    """The dotted module name of a source file under src/."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def scopes(tree: ast.Module) -> Iterator[tuple[str, Scope]]:
    """Every class and function with its qualified name, outermost first."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, Scope]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                yield name, child
                yield from walk(child, f"{name}.")

    yield from walk(tree, "")


def innermost(tree: ast.Module, line: int) -> str | None:
    """The qualified name of the innermost class or function holding ``line``."""
    found = None
    for name, node in scopes(tree):
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        if start <= line <= (node.end_lineno or node.lineno):
            found = name
    return found


def at(module: str, tree: ast.Module, line: int) -> str:
    """The dotted name of the function, class or module holding ``line``."""
    inner = innermost(tree, line)
    return f"{module}.{inner}" if inner else module


def callee(call: ast.Call) -> str:
    """The last name of what a call calls."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def scan_source(where: Where) -> None:
    """Enforced, flagged and named-in-code locations of every rule in src/."""
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("testing/"):
            continue  # test support: its rules are the tests' business
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        module = module_name(path)

        enforced: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            args = [*node.args, *(k.value for k in node.keywords)]
            ids = [
                a.value
                for a in args
                if isinstance(a, ast.Constant) and isinstance(a.value, str) and EXACT.match(a.value)
            ]
            if callee(node) == "NotPermitted":
                ids.append("R-AUTH-1")
            for rule in ids:
                where[rule]["enforced"].add(at(module, tree, node.lineno))
                enforced.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        flags_module = relative in FLAG_MODULES
        for name, node in scopes(tree):
            doc = ast.get_docstring(node)
            if flags_module and doc and isinstance(node, ast.FunctionDef) and "." not in name:
                for rule in RULE.findall(doc.split("\n\n")[0]):
                    where[rule]["flagged"].add(f"{module}.{name}")
        for number, line in enumerate(text.splitlines(), start=1):
            if number in enforced or relative in NO_NAMING:
                continue
            for rule in RULE.findall(line):
                location = at(module, tree, number)
                if all(location not in where[rule][k] for k in ("enforced", "flagged")):
                    where[rule]["named in code"].add(location)


def scan_tests(where: Where) -> None:
    """Tests whose name or docstring, or whose class's docstring, names a rule."""
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(ROOT).as_posix()
        for name, node in scopes(tree):
            doc = ast.get_docstring(node) or ""
            if isinstance(node, ast.ClassDef):
                if name.split(".")[-1].startswith("Test"):
                    for rule in RULE.findall(doc):
                        where[rule]["tested"].add(f"{relative}::{name.replace('.', '::')}")
                continue
            last = name.split(".")[-1]
            if not last.startswith("test"):
                continue
            named = RULE.findall(doc) + [
                m.replace("_", "-").upper() for m in re.findall(r"(?:^|_)(r_[a-z]+_\d+)", last)
            ]
            for rule in named:
                where[rule]["tested"].add(f"{relative}::{name.replace('.', '::')}")


def locations() -> Where:
    """Every rule id found in the code and tests, with where it was found, by kind."""
    where: Where = defaultdict(lambda: defaultdict(set))
    scan_source(where)
    scan_tests(where)
    return where


KINDS = ("enforced", "flagged", "named in code", "tested")


def render() -> str:
    """The catalogue page."""
    texts = rule_texts(DOMAIN.read_text(encoding="utf-8"))
    where = locations()
    unknown = sorted(set(where) - set(texts))
    lines = [
        "# Rule catalogue",
        "",
        "<!-- Generated by docs/gen_rules.py from DOMAIN.md, src/ and tests/; do not edit."
        " Rewrite with `python docs/gen_rules.py`. -->",
        "",
        "Every rule of the domain contract (`DOMAIN.md`), its text, and where it lives: the",
        "functions that **enforce** it (refuse a command with `RuleViolation` citing it, or",
        "`NotPermitted` for R-AUTH-1), the flag and deviation functions that **flag** it,",
        "other code that **names** it, and the tests that **test** it (by name or docstring).",
        "An error that cites a rule carries its id (`RuleViolation.rule`) and a link here",
        "(`RuleViolation.see`, e.g. `docs/rules.md#r-act-1`).",
        "",
        "| Rule | Enforced | Flagged | Tests |",
        "|---|---:|---:|---:|",
    ]
    for rule in texts:
        found = where.get(rule, {})
        lines.append(
            f"| [{rule}](#{rule.lower()}) | {len(found.get('enforced', ()))} "
            f"| {len(found.get('flagged', ()))} | {len(found.get('tested', ()))} |"
        )
    for rule, text in texts.items():
        found = where.get(rule, {})
        lines += ["", f"## {rule}", "", f"> {text}", ""]
        for kind in KINDS:
            names = sorted(found.get(kind, ()))
            lines.append(f"- **{kind.capitalize()}**" + (":" if names else ": —"))
            lines += [f"    - `{n}`" for n in names]
    if unknown:
        lines += ["", "## Ids not in DOMAIN.md", ""]
        lines += [f"- `{rule}`" for rule in unknown]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the page, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when docs/rules.md is stale")
    options = parser.parse_args(argv)
    page = render()
    if options.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print("docs/rules.md is stale: run python docs/gen_rules.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
