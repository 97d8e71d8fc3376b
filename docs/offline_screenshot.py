"""Open the built documentation in headless Chromium without network; screenshot a page.

Usage (``nox -s docs_offline`` runs it after building the site)::

    python docs/offline_screenshot.py SITE_DIR [--page lifecycles/] [--out FILE.png]

The site is served from ``SITE_DIR`` on 127.0.0.1 by this process. Chromium runs headless
with every host name resolving to nothing but 127.0.0.1 and every request sent to a proxy
that does not exist (loopback excepted): any CDN the page asked for would fail, as on an
intranet without internet. The script saves a screenshot, then checks the page's rendered
DOM: every Mermaid diagram must have been replaced by a rendered diagram (no Mermaid source
text left on the page). Exit status 0 when it rendered, 1 when not, 2 when Chromium is
missing (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

CHROMIUMS = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str | None:
    """The Chromium executable on the PATH, if any."""
    for name in CHROMIUMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def offline_flags(port: int) -> list[str]:
    """Headless Chromium that can reach 127.0.0.1:``port`` and nothing else."""
    return [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        f"--proxy-bypass-list=127.0.0.1:{port}",
        "--window-size=1280,2000",
        "--virtual-time-budget=15000",
    ]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the requests are not the point."""


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    """Serve ``site`` on 127.0.0.1 (a free port) from a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def rendered(dom: str) -> tuple[int, int]:
    """How many Mermaid diagrams the page drew, and how many it shows as source text.

    mkdocs-material draws each diagram into a ``<div class="mermaid">`` (its picture lives in
    a shadow root, so the dumped DOM holds no source); when Mermaid cannot be loaded it leaves
    the source in a ``<pre>`` with the ``mermaid`` class removed.
    """
    drawn = len(re.findall(r'<div class="mermaid"', dom))
    raw = len(re.findall(r"^\s*stateDiagram|^\s*flowchart", dom, flags=re.M))
    return drawn, raw


def main(argv: list[str] | None = None) -> int:
    """Screenshot ``--page`` of ``SITE_DIR`` offline and check its diagrams rendered."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", default="lifecycles/")
    parser.add_argument("--out", type=Path, default=Path("lifecycles-offline.png"))
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("no Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 2
    server, port = serve(args.site)
    url = f"http://127.0.0.1:{port}/{args.page}"
    try:
        flags = offline_flags(port)
        shot = f"--screenshot={args.out.resolve()}"
        subprocess.run([browser, *flags, shot, url], check=True, capture_output=True, timeout=120)
        dom = subprocess.run(
            [browser, *flags, "--dump-dom", url],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    finally:
        server.shutdown()
    diagrams, raw = rendered(dom)
    print(f"{url}: {diagrams} diagram(s), {raw} shown as source; screenshot {args.out}")
    return 0 if diagrams and not raw else 1


if __name__ == "__main__":
    sys.exit(main())
