"""Read models: pure folds over the application's events, kept up to date by a runner.

Catch a view up (``current_view``) or build it as of a past moment (``view_as_of``), then read
it with pure functions that take an explicit ``today``: ``status_overview``,
``attention_list``, ``goals_register``, ``ripples_register``, ``audit_trail`` and ``poster``.
"""

from cocreation_domain.projections.attention import Flag, FlagKind, attention_list
from cocreation_domain.projections.audit import AuditRow, audit_trail, subject_name
from cocreation_domain.projections.codec import ViewCodec
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
    current_view,
    forgotten_persons,
    view_as_of,
    view_runner,
)
from cocreation_domain.projections.registers import (
    GoalRow,
    RippleRow,
    goals_register,
    progress_fraction,
    ripples_register,
)
from cocreation_domain.projections.runner import (
    AsOf,
    Progress,
    ProjectionRunner,
    events_of,
    rebuild,
)
from cocreation_domain.projections.state import (
    AuditEntry,
    GoalEntry,
    InitiativeView,
    PersonView,
    PlatformView,
    RippleEntry,
    View,
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
    view_store_for,
)
from cocreation_domain.projections.view import ViewFold, event_name

__all__ = [
    "ActorStatus",
    "AsOf",
    "AuditEntry",
    "AuditRow",
    "CoordinatorStatus",
    "Flag",
    "FlagKind",
    "Fold",
    "GoalEntry",
    "GoalRow",
    "GoalSummary",
    "GoalTally",
    "InitiativeView",
    "LogFollower",
    "MemoryViewStore",
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
    "ViewCodec",
    "ViewFold",
    "ViewStore",
    "actor_name",
    "actor_statuses",
    "attention_list",
    "audit_trail",
    "current_view",
    "event_name",
    "events_of",
    "forgotten_persons",
    "goals_register",
    "initiative_in",
    "person_name",
    "person_ref",
    "platforms_in",
    "poster",
    "progress_fraction",
    "rebuild",
    "ripples_register",
    "status_overview",
    "subject_name",
    "view_as_of",
    "view_runner",
    "view_store_for",
]
