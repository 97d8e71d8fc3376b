"""MkDocs hooks: pages that are generated from the code each time the site is built.

- ``docs/lifecycles.md`` holds the marker ``<!-- lifecycles -->``, replaced by one section
  per lifecycle of :data:`cocreation_domain.model.LIFECYCLES`: its states, its transition
  table and its Mermaid state diagram (rendered by mkdocs-material). Nothing is written to
  disk, so the diagrams can never fall behind the code.
- ``docs/reference/testing.md`` holds ``<!-- testing-modules -->``, replaced by an API section
  per module of :mod:`cocreation_domain.testing`.
- ``docs/performance.md``, when it exists, joins the navigation.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path
from typing import Any

import cocreation_domain.testing
from cocreation_domain.model import LIFECYCLES, Lifecycle

MARKER = "<!-- lifecycles -->"
TESTING_MARKER = "<!-- testing-modules -->"


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
    """One lifecycle as Markdown: states, transitions table and Mermaid diagram."""
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


def testing_modules() -> str:
    """An API section for every module of ``cocreation_domain.testing``."""
    names = sorted(m.name for m in pkgutil.iter_modules(cocreation_domain.testing.__path__))
    return "\n\n".join(f"::: cocreation_domain.testing.{name}" for name in names)


def on_config(config: Any) -> Any:
    """Put ``performance.md`` in the navigation when the page exists."""
    docs = Path(config["docs_dir"])
    nav = config["nav"]
    listed = any(isinstance(item, dict) and "Performance" in item for item in nav)
    if (docs / "performance.md").is_file() and not listed:
        position = next(
            (i for i, item in enumerate(nav) if isinstance(item, dict) and "CLI reference" in item),
            len(nav),
        )
        nav.insert(position, {"Performance": "performance.md"})
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the markers with the generated sections."""
    if MARKER in markdown:
        sections = "\n".join(lifecycle_section(lc) for lc in LIFECYCLES.values())
        markdown = markdown.replace(MARKER, sections)
    if TESTING_MARKER in markdown:
        markdown = markdown.replace(TESTING_MARKER, testing_modules())
    return markdown
