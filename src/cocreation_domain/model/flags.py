"""Flags for attention: facts the domain never blocks on, only points out (DOMAIN.md).

Pure functions of an aggregate's recorded facts and a business date ``today``. Each returns
the date the flag became due, or ``None`` when it is not raised, so an attention list can show
the rule id and the date together.

>>> from cocreation_domain.model.flags import add_months
>>> add_months(date(2025, 1, 31), 1)
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from cocreation_domain.model.initiative import Initiative
from cocreation_domain.model.platform import OPEN_STATES, Platform
from cocreation_domain.model.values import Policies

__all__ = [
    "add_months",
    "missing_coordinator",
    "phase6_overdue",
    "stagnating",
    "standby_past_review",
]


def add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def phase6_overdue(initiative: Initiative, today: date) -> date | None:
    """R-INIT-3: a running phase 6 older than the policy's longest length is flagged.

    Returns the day the policy length ran out, once ``today`` is past it; ``None`` while phase 6
    is within its length, not started, or concluded.
    """
    started = initiative.co_creation_started_on
    if initiative.state != "co_creating" or started is None:
        return None
    due = add_months(started, initiative.policies.phase6_months[1])
    return due if today > due else None


def standby_past_review(platform: Platform, today: date) -> date | None:
    """R-PLAT-4: a platform on standby past its review date is flagged from that date."""
    review_on = platform.standby_review_on
    if platform.state != "standby" or review_on is None:
        return None
    return review_on if today > review_on else None


def stagnating(platform: Platform, today: date, policies: Policies) -> date | None:
    """R-PLAT-8: a working platform with no recorded activity for longer than the policy.

    A platform on standby is paused on purpose and a closed or merged one is done, so neither
    stagnates. Returns the last day of the allowed quiet period once ``today`` is past it.
    """
    if platform.state not in OPEN_STATES - {"standby"}:
        return None
    due = platform.last_activity_on + timedelta(days=policies.stagnation_days)
    return due if today > due else None


def missing_coordinator(platform: Platform) -> date | None:
    """R-ACT-2: an open platform without a coordinator is flagged from the day it lost one
    (or, for a platform that never had one, from its establishment)."""
    if not platform.is_open or platform.coordinator is not None:
        return None
    return platform.coordinator_missing_since
