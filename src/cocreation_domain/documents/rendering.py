"""The Jinja2 environment shared by every document: templates shipped in the package,
gettext from the Babel catalogs, and locale-aware dates and numbers from Babel."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined

from cocreation_domain.documents.escaping import markdown_cell, markdown_inline, markdown_text
from cocreation_domain.documents.i18n import Language, translations
from cocreation_domain.documents.labels import label

__all__ = ["environment", "markdown_cell"]


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(".html.j2")


@functools.cache
def environment(language: Language) -> Environment:
    """The environment that renders templates in ``language`` (built once per language)."""
    env = Environment(
        loader=PackageLoader("cocreation_domain.documents", "templates"),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]

    def long_date(day: date | None) -> str:
        return "" if day is None else format_date(day, "long", locale=language)

    def number(value: Decimal | None) -> str:
        return "" if value is None else format_decimal(value, locale=language)

    def percent(value: Decimal | None) -> str:
        return "" if value is None else format_percent(value, locale=language)

    env.filters.update(
        long_date=long_date,
        number=number,
        percent=percent,
        label=label,
        md=markdown_inline,
        cell=markdown_cell,
        text=markdown_text,
    )
    env.globals["language"] = language
    return env
