"""Newsletters rendered to Markdown and to self-contained HTML, in Danish and English.

A newsletter is the minutes of a joint status meeting (Card 8): one section per platform
(R-NEWS-2), the sections the anchor compiled without (R-NEWS-3), ripples on the common
platform, and the contact data of every current actor with forgotten persons left out
(R-NEWS-4, R-PII-2). The HTML carries its CSS inline and prints on A4.

User text is inert in both formats: escaped by Jinja2's autoescaping in HTML and by
:mod:`cocreation_domain.documents.escaping` in Markdown, and neither carries control characters.
"""

from __future__ import annotations

from typing import Literal, get_args

from cocreation_domain.documents.escaping import strip_controls
from cocreation_domain.documents.i18n import Language
from cocreation_domain.documents.rendering import environment
from cocreation_domain.documents.views import NewsletterDocument

__all__ = ["FORMATS", "Format", "render_newsletter"]

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = get_args(Format)
"""The formats a newsletter renders to."""


def render_newsletter(
    document: NewsletterDocument, language: Language = "da", format: Format = "md"
) -> str:
    """The newsletter as Markdown (``md``) or a self-contained HTML page (``html``)."""
    if format not in FORMATS:
        raise ValueError(f"no newsletter format {format!r}; choose one of {FORMATS}")
    template = environment(language).get_template(f"newsletter.{format}.j2")
    return strip_controls(template.render(doc=document))
