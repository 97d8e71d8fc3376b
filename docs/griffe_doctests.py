"""A griffe extension for the API reference: doctest examples render as code.

The library's docstrings show short doctests (``>>> ...`` and the output below them) in plain
prose, as the standard library does. Markdown would read their output as text, and a list
such as ``['R-ACT-2']`` as a link; this extension fences every doctest block as ``pycon``
before mkdocstrings renders the docstring.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    r"""``text`` with every doctest block (a ``>>>`` line up to the next blank line) fenced.

    >>> fence_doctests("Intro.\n\n>>> 1 + 1\n2\n\nAfter.").splitlines()
    ['Intro.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'After.']
    """
    out: list[str] = []
    block: list[str] = []
    indent = ""

    def close() -> None:
        if block:
            out.extend([f"{indent}```pycon", *block, f"{indent}```"])
            block.clear()

    for line in text.splitlines():
        stripped = line.lstrip()
        if not block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block.append(line)
        elif block and stripped:
            block.append(line)
        else:
            close()
            out.append(line)
    close()
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctest blocks of every docstring (see :func:`fence_doctests`)."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring once the object tree is complete."""
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
