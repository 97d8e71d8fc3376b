"""Generate the lifecycle sections of ``docs/lifecycles.md`` from the tables in the code.

Below the marker ``<!-- lifecycles -->`` the page holds one section per lifecycle of
:data:`cocreation_domain.model.LIFECYCLES`: its states, its Mermaid state diagram (drawn by
:meth:`~cocreation_domain.model.Lifecycle.mermaid`, rendered by mkdocs-material) and its
transition table. The text above the marker is written by hand and kept.

    python docs/gen_lifecycles.py            # rewrite docs/lifecycles.md
    python docs/gen_lifecycles.py --check    # exit 1 when the committed page is stale

``tests/test_lifecycle_page.py`` runs the check, so CI fails when a table or its drawing
changes and the page does not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cocreation_domain.model import LIFECYCLES, Lifecycle

PAGE = Path(__file__).resolve().parent / "lifecycles.md"
MARKER = "<!-- lifecycles -->"


def _sources(transition: dict[str, Any]) -> list[str]:
    source = transition["source"]
    return [source] if isinstance(source, str) else list(source)


def _conditions(transition: dict[str, Any]) -> str:
    def names(key: str) -> list[str]:
        value = transition.get(key) or []
        return [value] if isinstance(value, str) else list(value)

    parts = [f"`{c}`" for c in names("conditions")]
    parts += [f"not `{c}`" for c in names("unless")]
    return ", ".join(parts)


def lifecycle_section(lifecycle: Lifecycle) -> str:
    """One lifecycle as Markdown: states, Mermaid diagram and transitions table."""
    final = lifecycle.final_states
    states = ", ".join(
        f"`{s}`"
        + (" (initial)" if s == lifecycle.initial else "")
        + (" (final)" if s in final else "")
        for s in lifecycle.states
    )
    rows = []
    for transition in lifecycle.table:
        dest = transition["dest"]
        for source in _sources(transition):
            target = source if dest == "=" else dest
            trigger, when = transition["trigger"], _conditions(transition)
            rows.append(f"| `{trigger}` | `{source}` | `{target}` | {when} |")
    return "\n".join(
        [
            f"## {lifecycle.name.capitalize()}",
            "",
            f"States: {states}.",
            "",
            "```mermaid",
            lifecycle.mermaid().strip(),
            "```",
            "",
            "| trigger | from | to | when |",
            "|---|---|---|---|",
            *rows,
            "",
        ]
    )


def render(page: str | None = None) -> str:
    """The page: its hand-written head up to the marker, then every lifecycle's section."""
    text = PAGE.read_text(encoding="utf-8") if page is None else page
    head, marker, _ = text.partition(MARKER)
    if not marker:
        raise SystemExit(f"{PAGE}: the marker {MARKER} is missing")
    sections = "\n".join(lifecycle_section(lc) for lc in LIFECYCLES.values())
    return f"{head}{MARKER}\n\n{sections}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the page, or with ``--check`` report whether the committed page is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the page is stale")
    args = parser.parse_args(argv)
    fresh = render()
    if args.check:
        if PAGE.read_text(encoding="utf-8") != fresh:
            print(f"{PAGE} is stale: run python docs/gen_lifecycles.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
