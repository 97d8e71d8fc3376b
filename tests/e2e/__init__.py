"""End-to-end tests: what a person or a program sees at the project's edges.

A test sits here when its subject is the ``cocreation`` command (click's ``CliRunner`` or a
subprocess), a rendered document (newsletters, invitations and calendar feeds, the poster,
the export, e-mail), the demo story, or the packaged project and its documentation (metadata,
entry point, the rule catalogue, the docs' examples). They run on SQLite files and plain
Python objects: none needs PostgreSQL. Marked ``e2e`` (``pytest -m e2e``). The criterion:
``docs/testing.md``, "Test tiers".
"""
