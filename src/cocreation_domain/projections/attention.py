"""The attention list: what the anchor should look at, never what the domain blocks.

Every flag names its rule id, its subject and the date it became due. Date-bound flags
(stagnation, standby review, phase 6 length, first meeting) are due on the last day the
policy allows and show once ``today`` is past it; state-bound flags (missing coordinator,
missing baseline) are due from the day the state began and show at once. ``today`` is always
an argument: nothing here reads the clock.

| rule     | kind                  | due on                                                  |
|----------|-----------------------|---------------------------------------------------------|
| R-INIT-3 | phase6_too_long       | co-creation start + the policy's longest phase 6        |
| R-PLAT-2 | first_meeting_late    | workshop (or later establishment) + policy days         |
| R-ACT-2  | missing_coordinator   | the day the platform was established or lost it         |
| R-PLAT-3 | missing_baseline      | the day the goal was set                                |
| R-PLAT-4 | standby_past_review   | the standby's review date                               |
| R-PLAT-8 | stagnation            | last recorded activity + the policy's stagnation days   |
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

import attrs

from cocreation_domain.model.flags import add_months
from cocreation_domain.projections.lookup import initiative_in, platforms_in
from cocreation_domain.projections.state import InitiativeView, PlatformView, View

__all__ = ["Flag", "FlagKind", "attention_list"]


class FlagKind(StrEnum):
    """What a flag is about; documents translate a flag by its kind."""

    PHASE6_TOO_LONG = "phase6_too_long"
    FIRST_MEETING_LATE = "first_meeting_late"
    MISSING_COORDINATOR = "missing_coordinator"
    MISSING_BASELINE = "missing_baseline"
    STANDBY_PAST_REVIEW = "standby_past_review"
    STAGNATION = "stagnation"


RULES: dict[FlagKind, str] = {
    FlagKind.PHASE6_TOO_LONG: "R-INIT-3",
    FlagKind.FIRST_MEETING_LATE: "R-PLAT-2",
    FlagKind.MISSING_COORDINATOR: "R-ACT-2",
    FlagKind.MISSING_BASELINE: "R-PLAT-3",
    FlagKind.STANDBY_PAST_REVIEW: "R-PLAT-4",
    FlagKind.STAGNATION: "R-PLAT-8",
}
"""The rule each kind of flag comes from."""


@attrs.frozen
class Flag:
    """One item of the attention list."""

    kind: FlagKind
    rule: str
    """The DOMAIN.md rule id, e.g. ``R-PLAT-8``."""
    subject_kind: str
    """``initiative``, ``platform``, ``meeting`` or ``newsletter``."""
    subject: UUID
    subject_name: str
    due_on: date
    """The date the flag became due."""
    detail: str = ""
    """What exactly, in English (e.g. which goal lacks a baseline)."""


def attention_list(view: View, initiative: UUID, today: date) -> tuple[Flag, ...]:
    """Every flag of the initiative raised on ``today``, by due date (then rule, subject).

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import rebuild, ViewFold
    >>> from cocreation_domain.testing import Scenario
    >>> s = Scenario.start(CoCreation())
    >>> platform = s.platform()
    >>> [f.rule for f in attention_list(rebuild(s.app, ViewFold()), s.initiative, s.today)]
    ['R-ACT-2']
    """
    the_initiative = initiative_in(view, initiative)
    flags = list(_initiative_flags(the_initiative, today))
    for platform in platforms_in(view, initiative):
        if platform.is_open:
            flags.extend(_platform_flags(the_initiative, platform, today))
    return tuple(sorted(flags, key=lambda f: (f.due_on, f.rule, f.subject_name, f.detail)))


def _flag(
    kind: FlagKind, subject: InitiativeView | PlatformView, due_on: date, detail: str
) -> Flag:
    subject_kind = "initiative" if isinstance(subject, InitiativeView) else "platform"
    return Flag(kind, RULES[kind], subject_kind, subject.id, subject.name, due_on, detail)


def _initiative_flags(initiative: InitiativeView, today: date) -> Iterator[Flag]:
    started = initiative.co_creation_started_on
    if initiative.state == "co_creating" and started is not None:
        longest = initiative.policies.phase6_months[1]
        due = add_months(started, longest)
        if today > due:
            yield _flag(
                FlagKind.PHASE6_TOO_LONG,
                initiative,
                due,
                f"phase 6 started {started} and has run past {longest} months",
            )


def _platform_flags(
    initiative: InitiativeView, platform: PlatformView, today: date
) -> Iterator[Flag]:
    policies = initiative.policies
    if platform.coordinator is None:
        since = platform.coordinator_missing_since or platform.established_on
        yield _flag(FlagKind.MISSING_COORDINATOR, platform, since, "no coordinator")
    if platform.state == "established" and initiative.workshop_held_on is not None:
        start = max(platform.established_on, initiative.workshop_held_on)
        due = start + timedelta(days=policies.first_meeting_flag_days)
        if today > due:
            yield _flag(
                FlagKind.FIRST_MEETING_LATE,
                platform,
                due,
                f"no first meeting {policies.first_meeting_flag_days} days after {start}",
            )
    for key, goal in sorted(platform.current_goals.items(), key=lambda kv: int(kv[0][1:])):
        if goal.baseline is None:
            yield _flag(
                FlagKind.MISSING_BASELINE, platform, goal.set_on, f"goal {key} has no baseline"
            )
    if platform.state == "standby":
        review = platform.standby_review_on
        if review is not None and today > review:
            yield _flag(
                FlagKind.STANDBY_PAST_REVIEW, platform, review, f"standby review was due {review}"
            )
    else:
        due = platform.last_activity_on + timedelta(days=policies.stagnation_days)
        if today > due:
            yield _flag(
                FlagKind.STAGNATION,
                platform,
                due,
                f"no recorded activity since {platform.last_activity_on}",
            )
