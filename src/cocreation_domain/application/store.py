"""The application's construction: environment, snapshot intervals, repository, transcoder, the
personal-data mapper (R-PII-3), the sealed recorder, and the recording that turns a collision
into ``LostRace``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import (
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.persistence import (
    ApplicationRecorder,
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    PersistenceError,
    Recording,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.utils import Environment, EnvType, strtobool

from cocreation_domain.application.settings import snapshot_intervals, store_location
from cocreation_domain.model import Person, StoreError
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.personal_data import (
    KeyStore,
    PersonalDataMapper,
    PersonalFields,
    key_store_for,
)
from cocreation_domain.repository import CopyingRepository
from cocreation_domain.sealing import sealed_recorder
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings


class LostRace(IntegrityError):
    """Another writer stored events of the same aggregate first; none of ours were stored."""


class _Call(threading.local):
    """What the command running in this thread has done so far.

    ``loaded`` maps each aggregate the current attempt loaded to the copy it works on (so an
    aggregate is loaded, and the cache caught up with the store, once per attempt).
    """

    running = False
    recorded = False
    caught_up = False
    loaded: dict[UUID, Any] | None = None

    def begin(self) -> None:
        """Start an attempt: nothing recorded, nothing loaded, the cache not yet caught up."""
        self.recorded = False
        self.caught_up = False
        self.loaded = {}

    def end(self) -> None:
        """Leave the command: later loads are the caller's own."""
        self.running = False
        self.caught_up = False
        self.loaded = None


class Store(Application[UUID]):
    """The application's construction: environment, snapshot intervals, repository, transcoder,
    the personal-data mapper (R-PII-3), the sealed recorder, and the recording that turns a
    collision into ``LostRace``.

    See :class:`~cocreation_domain.application.CoCreation` for the settings."""

    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "1000"}
    """Defaults under the environment: an aggregate cache of 1000 aggregates, caught up with
    the store once per command attempt (so other writers' events are always seen, and read
    only when there are some), holding what this process saved, and handed out as copies
    (:class:`~cocreation_domain.repository.CopyingRepository`). An empty
    ``AGGREGATE_CACHE_MAXSIZE`` turns the cache off."""
    max_attempts = 20
    """How often a command is decided again after losing a race with another writer."""
    retry_delay = 0.005
    """Seconds: the window of the first jittered wait after a lost race (doubling each time)."""
    retry_delay_cap = 0.1
    """Seconds: the largest window of a jittered wait after a lost race."""
    _check_arguments: ClassVar[bool] = True
    """Whether ``@command`` checks arguments (off only to measure what checking costs)."""
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}
    """Snapshot interval per aggregate type (eventsourcing's mechanism); see the class doc."""
    SNAPSHOT_INTERVAL = "SNAPSHOT_INTERVAL"

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        snapshotting_intervals: Mapping[type[CoCreationAggregate], int] | None = None,
        key_store: KeyStore | None = None,
    ) -> None:
        self._call = _Call()
        self._intervals = snapshotting_intervals
        self._key_store = key_store
        self.personal_data_purges: dict[str, Callable[[UUID], None]] = {}
        """What else holds copies of personal data and must purge a forgotten person's
        (by name, e.g. the read side's stored views); each is called with the person's id
        after their key is destroyed (R-PII-3)."""
        if env is not None and not isinstance(env, Mapping):
            raise StoreError(
                repr(env),
                "env takes a mapping of settings; for a SQLite file pass "
                f"env=sqlite_env({str(env)!r}) (see docs/embedding.md)",
            )
        try:
            super().__init__(env)
        except PersistenceError as failed:
            where, check = store_location(getattr(self, "env", env))
            raise StoreError(where, f"{failed}; {check}") from failed

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Read the environment, and choose the snapshot intervals (see the class doc)."""
        environment = super().construct_env(name, env)
        if self._intervals is not None:
            intervals: dict[type[Any], int] = dict(self._intervals)
        elif environment.get(self.SNAPSHOT_INTERVAL):
            intervals = snapshot_intervals(environment.get(self.SNAPSHOT_INTERVAL, ""))
        else:
            intervals = dict(type(self).snapshotting_intervals)
        if Person in intervals:
            raise ValueError("R-PII-1: persons are never snapshotted (personal data)")
        # Per instance: eventsourcing reads the intervals through ``self`` when saving.
        self.snapshotting_intervals = intervals  # type: ignore[misc]
        if intervals:
            environment[InfrastructureFactory.IS_SNAPSHOTTING_ENABLED] = "y"
        return environment

    def construct_repository(self) -> Repository[UUID]:
        """eventsourcing's repository, configured by the same variables, copying cheaply."""
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return CopyingRepository(
            self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            copy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper that seals person events' personal fields with each person's key
        (R-PII-3), from the ``key_store`` argument or else the table beside the events
        (:func:`~cocreation_domain.personal_data.key_store_for`)."""
        datastore = getattr(self.factory, "datastore", None)
        self.key_store = self._key_store or key_store_for(datastore, self.env)
        plain: Mapper[UUID] = self.factory.mapper(transcoder=self.construct_transcoder())
        return PersonalDataMapper(
            plain.transcoder,
            PersonalFields(self.key_store),
            compressor=plain.compressor,
            cipher=plain.cipher,
        )

    def construct_recorder(self) -> ApplicationRecorder:
        """eventsourcing's recorder for the environment, sealed: every event is chained into
        the store's hash-chained log in the transaction recording it
        (:mod:`cocreation_domain.sealing`)."""
        return sealed_recorder(self.factory)

    def construct_transcoder(self) -> Transcoder:
        """The orjson transcoder with eventsourcing's and the domain's transcodings."""
        if self.env.get(InfrastructureFactory.TRANSCODER_TOPIC):
            msg = (
                "TRANSCODER_TOPIC is not supported: CoCreation writes with OrjsonTranscoder, "
                "because other transcoders lose the type of string enums"
            )
            raise ValueError(msg)
        transcoder = OrjsonTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder | OrjsonTranscoder) -> None:
        """Register eventsourcing's default transcodings and the domain's."""
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
            transcoder.register(transcoding)
        register_transcodings(transcoder)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Store the events; a collision with another writer's events raises ``LostRace``.

        The colliding aggregates are dropped from the aggregate cache (when one is configured),
        so the next attempt loads what the other writer stored, not our unsaved changes.
        """
        try:
            recordings = super()._record(processing_event)
        except IntegrityError as error:
            cache = self.repository.cache
            if cache is not None:
                for aggregate_id in processing_event.aggregates:
                    with contextlib.suppress(KeyError):
                        cache.get(aggregate_id, evict=True)
            raise LostRace(*error.args) from error
        self._call.recorded = True
        repository = self.repository
        if isinstance(repository, CopyingRepository):
            repository.saved(recordings, processing_event.aggregates)
        return recordings
