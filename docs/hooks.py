"""MkDocs hooks: the lifecycle diagrams are drawn from the rule tables at build time.

``docs/lifecycles.md`` holds the marker ``<!-- lifecycles -->``; this hook replaces it with
one section per lifecycle of :data:`cocreation_domain.model.LIFECYCLES`: its states, its
transition table and its Mermaid state diagram (rendered by mkdocs-material). Nothing is
written to disk, so the diagrams can never fall behind the code.
"""

from __future__ import annotations

from typing import Any

from cocreation_domain.model import LIFECYCLES, Lifecycle

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


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker on the lifecycles page with the generated sections."""
    if MARKER not in markdown:
        return markdown
    sections = "\n".join(lifecycle_section(lc) for lc in LIFECYCLES.values())
    return markdown.replace(MARKER, sections)
