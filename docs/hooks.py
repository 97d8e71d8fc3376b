"""MkDocs hooks: pages that are generated from the code each time the site is built.

- ``docs/reference/testing.md`` holds ``<!-- testing-modules -->``, replaced by an API section
  per module of :mod:`cocreation_domain.testing`.
- ``docs/performance.md``, when it exists, joins the navigation.

The lifecycle sections of ``docs/lifecycles.md`` are committed, written by
``docs/gen_lifecycles.py`` and checked against the code by ``tests/test_lifecycle_page.py``.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path
from typing import Any

import cocreation_domain.testing

TESTING_MARKER = "<!-- testing-modules -->"


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
    if TESTING_MARKER in markdown:
        markdown = markdown.replace(TESTING_MARKER, testing_modules())
    return markdown
