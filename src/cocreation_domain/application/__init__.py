"""The ``CoCreation`` application: one method per command, persistence by environment.

Every command takes the acting person's id (``by``) and the business date (``on``, today when
omitted). The application derives the person's roles from stored events (which actor they
represent, whether they are the initiative's anchor), loads the aggregates, lets them decide,
and saves every changed aggregate in one atomic write. A refused command raises a
:class:`~cocreation_domain.model.DomainError` and saves nothing.

Persistence follows eventsourcing's environment variables: plain Python objects by default
(``PERSISTENCE_MODULE`` unset), an SQLite file with ``PERSISTENCE_MODULE=eventsourcing.sqlite``
and ``SQLITE_DBNAME=path``, PostgreSQL with ``PERSISTENCE_MODULE=eventsourcing.postgres``.

The package is split by area, each a mixin typed against :class:`~.base.Base` (so mypy checks
every call a command makes): ``persons``, ``initiatives``, ``platforms``, ``goals``,
``actors``, ``planning`` and ``meetings``, ``newsletters``, ``deliveries``; below them
``base`` (loading, the principal, the voices), ``retry`` (``@command``), ``store`` (the
construction) and ``settings``. :class:`CoCreation` composes them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from cocreation_domain.application.actors import ActorCommands
from cocreation_domain.application.deliveries import DeliveryCommands
from cocreation_domain.application.goals import GoalCommands
from cocreation_domain.application.initiatives import InitiativeCommands
from cocreation_domain.application.meetings import MeetingCommands
from cocreation_domain.application.newsletters import NewsletterCommands
from cocreation_domain.application.persons import PersonCommands
from cocreation_domain.application.platforms import PlatformCommands
from cocreation_domain.application.retry import backoff as backoff
from cocreation_domain.application.retry import command
from cocreation_domain.application.settings import SNAPSHOTTED as SNAPSHOTTED
from cocreation_domain.application.settings import snapshot_intervals, sqlite_env
from cocreation_domain.application.store import LostRace
from cocreation_domain.model import Person
from cocreation_domain.portability import person_document

__all__ = ["CoCreation", "LostRace", "command", "snapshot_intervals", "sqlite_env"]


class CoCreation(
    PersonCommands,
    InitiativeCommands,
    PlatformCommands,
    GoalCommands,
    ActorCommands,
    MeetingCommands,
    NewsletterCommands,
    DeliveryCommands,
):
    """A co-creation initiative's commands and queries over an event store.

    Snapshots (none by default) are taken every so many events of an aggregate type, from
    the first of: the ``snapshotting_intervals`` argument, the ``SNAPSHOT_INTERVAL``
    environment variable (``"100"`` for initiatives and platforms, ``"Platform=100"`` per
    type, ``"0"`` for none), the ``snapshotting_intervals`` class attribute. Persons are
    never snapshotted (R-PII-1).

    Events are encoded by :class:`~cocreation_domain.transcoder.OrjsonTranscoder`, in the
    format of eventsourcing's ``JSONTranscoder`` (which can read our stores). The application
    does not write with ``JSONTranscoder``: it writes string enums as bare strings, so their
    type would be lost on replay; ``TRANSCODER_TOPIC`` is therefore refused.
    """

    name = "CoCreation"
    """The application's name: it names the stored tables, so it never changes."""

    def person_data(self, by: UUID, person: UUID) -> dict[str, Any]:
        """Everything stored about ``person`` as one JSON-ready document (R-PII-4), for the
        person or the anchor; the schema is documented in ``docs/privacy.md``
        (:func:`~cocreation_domain.portability.person_document`)."""
        subject = self._get(Person, person)
        if by != person:
            subject.require_data_access(self._person_principal(by, subject))
        return person_document(self, person)
