"""Documents rendered from the read models: newsletters, invitations and posters.

Newsletters render to Markdown and self-contained HTML in Danish and English (Jinja2
templates, gettext catalogs managed with Babel); meeting invitations to iCalendar; the poster
to Mermaid text. Forgotten persons never appear (R-PII-2).
"""
