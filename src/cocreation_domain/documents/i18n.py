"""Danish and English through gettext catalogs managed with Babel.

The ``.po`` sources live in ``locale/<lang>/LC_MESSAGES/messages.po`` inside the package and
are compiled in memory on first use (Babel's ``read_po`` and ``write_mo``), so a clean clone
installed with ``pip install -e .`` needs no build step. ``babel.cfg`` at the repository root
says where messages are extracted from; ``nox -s catalogs`` refreshes the template and the
catalogs after a template changes.

>>> translations("da").gettext("Contacts")
'Kontaktdata'
>>> translations("en").gettext("Contacts")
'Contacts'
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources
from io import BytesIO
from typing import Literal, get_args

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["DOMAIN", "LANGUAGES", "N_", "Language", "catalog_path", "translations"]

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
"""The languages documents are rendered in; Danish first, the language of the cards."""

DOMAIN = "messages"
"""The gettext domain of every catalog."""


def N_(message: str) -> str:  # noqa: N802  (the conventional name Babel extracts)
    """Mark ``message`` for extraction without translating it now."""
    return message


def catalog_path(language: Language) -> resources.abc.Traversable:
    """Where the ``.po`` source of ``language`` ships inside the package."""
    root = resources.files("cocreation_domain.documents")
    return root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalog of ``language`` (``da`` or ``en``), built once per process.

    Raises ``ValueError`` for a language without a catalog.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no catalog for language {language!r}; choose one of {LANGUAGES}")
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
