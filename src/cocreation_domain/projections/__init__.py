"""Read models: pure folds over the application's events, kept up to date by a runner.

Store the view as rows (``project``, the runner: the only writer), read it now
(``current_view``: stored rows plus the events after them, folded in memory) or as of a past
moment in recorded or business time (``view_as_of``), then read it with pure functions that
take an explicit ``today``: ``status_overview``,
``attention_list``, ``goals_register``, ``ripples_register``, ``audit_trail`` and ``poster``;
``deviations_register`` (history: what went against a rule) needs no ``today``.
"""

from cocreation_domain.projections.attention import Flag, FlagKind, attention_list
from cocreation_domain.projections.audit import AuditRow, audit_trail, subject_name
from cocreation_domain.projections.codec import ViewCodec
from cocreation_domain.projections.deviations import (
    DEVIATION_RULES,
    Deviation,
    DeviationKind,
    deviations_register,
)
from cocreation_domain.projections.fold import Fold
from cocreation_domain.projections.follow import LogFollower
from cocreation_domain.projections.lookup import (
    PersonRef,
    actor_name,
    initiative_in,
    person_name,
    person_ref,
    platforms_in,
)
from cocreation_domain.projections.poster import poster
from cocreation_domain.projections.read import (
    audit_page,
    current_view,
    forgotten_persons,
    project,
    view_as_of,
    view_runner,
)
from cocreation_domain.projections.registers import (
    GoalRow,
    RippleRow,
    current_value,
    goals_register,
    latest_observation,
    progress_fraction,
    ripples_register,
)
from cocreation_domain.projections.runner import (
    AsOf,
    Progress,
    ProjectionRunner,
    events_of,
    gc_paused,
    rebuild,
)
from cocreation_domain.projections.state import (
    AuditEntry,
    GoalEntry,
    InitiativeAct,
    InitiativeView,
    MeetingView,
    NewsletterView,
    PersonView,
    PlatformView,
    RippleEntry,
    View,
    ViewChanges,
)
from cocreation_domain.projections.status import (
    ActorStatus,
    CoordinatorStatus,
    GoalSummary,
    GoalTally,
    PlatformStatus,
    StatusOverview,
    actor_statuses,
    status_overview,
)
from cocreation_domain.projections.store import (
    MemoryViewStore,
    PostgresViewStore,
    ProjectionConflict,
    SQLiteViewStore,
    StoredView,
    ViewStore,
    tracking_name,
    view_store_for,
)
from cocreation_domain.projections.view import ViewFold, event_name

__all__ = [
    "DEVIATION_RULES",
    "ActorStatus",
    "AsOf",
    "AuditEntry",
    "AuditRow",
    "CoordinatorStatus",
    "Deviation",
    "DeviationKind",
    "Flag",
    "FlagKind",
    "Fold",
    "GoalEntry",
    "GoalRow",
    "GoalSummary",
    "GoalTally",
    "InitiativeAct",
    "InitiativeView",
    "LogFollower",
    "MeetingView",
    "MemoryViewStore",
    "NewsletterView",
    "PersonRef",
    "PersonView",
    "PlatformStatus",
    "PlatformView",
    "PostgresViewStore",
    "Progress",
    "ProjectionConflict",
    "ProjectionRunner",
    "RippleEntry",
    "RippleRow",
    "SQLiteViewStore",
    "StatusOverview",
    "StoredView",
    "View",
    "ViewChanges",
    "ViewCodec",
    "ViewFold",
    "ViewStore",
    "actor_name",
    "actor_statuses",
    "attention_list",
    "audit_page",
    "audit_trail",
    "current_value",
    "current_view",
    "deviations_register",
    "event_name",
    "events_of",
    "forgotten_persons",
    "gc_paused",
    "goals_register",
    "initiative_in",
    "latest_observation",
    "person_name",
    "person_ref",
    "platforms_in",
    "poster",
    "progress_fraction",
    "project",
    "rebuild",
    "ripples_register",
    "status_overview",
    "subject_name",
    "tracking_name",
    "view_as_of",
    "view_runner",
    "view_store_for",
]
