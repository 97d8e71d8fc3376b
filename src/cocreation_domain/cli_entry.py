"""The ``cocreation`` entry point: runs the command line, or says how to install it.

The command line needs the ``cli`` extra (click, Jinja2, Babel, icalendar, css-inline). This
module imports none of them at import time, so an installation without the extra prints how to
add it instead of ``No module named 'click'``.
"""

from __future__ import annotations

import sys

__all__ = ["CLI_EXTRA", "INSTALL_HINT", "main"]

CLI_EXTRA = frozenset({"click", "jinja2", "babel", "icalendar", "markupsafe", "css_inline"})
"""Top-level modules that only the ``cli`` extra installs."""

INSTALL_HINT = 'pip install "cocreation-domain[cli]"'
"""How to install the command line."""


def main() -> None:
    """Run ``cocreation``; without the ``cli`` extra, print how to install it and exit with
    status 2."""
    try:
        from cocreation_domain.cli import main as cli
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in CLI_EXTRA:
            raise
        sys.stderr.write(
            f"Error: the cocreation command needs the 'cli' extra ({missing} is not "
            f"installed): {INSTALL_HINT}\n"
        )
        raise SystemExit(2) from None
    cli()
