"""Documents rendered from the store and the read models: newsletters, invitations, posters.

Newsletters render to Markdown and self-contained HTML in Danish and English (Jinja2
templates, gettext catalogs managed with Babel); meeting invitations to iCalendar; the poster
to SVG; every event to JSON Lines; the read models to plain text. Forgotten persons never
appear (R-PII-2).
"""

from cocreation_domain.documents.build import (
    contacts,
    invitation,
    invitations_of,
    latest_newsletter,
    newsletter_document,
    newsletters_of,
)
from cocreation_domain.documents.export import export_events, json_line
from cocreation_domain.documents.i18n import LANGUAGES, Language, translations
from cocreation_domain.documents.invitations import render_feed, render_invitation
from cocreation_domain.documents.newsletter import FORMATS, Format, render_newsletter
from cocreation_domain.documents.overview import (
    attention_text,
    audit_text,
    deviations_text,
    ripples_text,
    status_text,
)
from cocreation_domain.documents.poster import poster_svg
from cocreation_domain.documents.views import (
    ActorContacts,
    ActorLine,
    Attendee,
    Contact,
    GoalLine,
    Invitation,
    MissingSection,
    NewsletterDocument,
    PlatformSection,
    RippleLine,
)

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "ActorContacts",
    "ActorLine",
    "Attendee",
    "Contact",
    "Format",
    "GoalLine",
    "Invitation",
    "Language",
    "MissingSection",
    "NewsletterDocument",
    "PlatformSection",
    "RippleLine",
    "attention_text",
    "audit_text",
    "contacts",
    "deviations_text",
    "export_events",
    "invitation",
    "invitations_of",
    "json_line",
    "latest_newsletter",
    "newsletter_document",
    "newsletters_of",
    "poster_svg",
    "render_feed",
    "render_invitation",
    "render_newsletter",
    "ripples_text",
    "status_text",
    "translations",
]
