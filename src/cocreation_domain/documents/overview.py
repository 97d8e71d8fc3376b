"""The read models as plain text for a terminal: status overview, attention list, audit trail.

Plain text in English, one fact per line, dates in ISO 8601: what the ``cocreation`` command
prints, and what a service can log or mail as is. Persons are printed by name, forgotten ones
as "(forgotten)" (R-PII-2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cocreation_domain.documents.labels import label
from cocreation_domain.model import PLATFORM_ENDED, PlatformState
from cocreation_domain.projections import (
    ActorStatus,
    AuditRow,
    Deviation,
    Flag,
    GoalTally,
    PlatformStatus,
    RippleRow,
    StatusOverview,
)

__all__ = ["attention_text", "audit_text", "deviations_text", "ripples_text", "status_text"]


def _tally(tally: GoalTally) -> str:
    if not tally.current and not tally.dropped:
        return "none yet"
    parts = [f"{tally.current} current ({tally.reached} reached)"]
    kinds = [
        f"{n} {k}"
        for n, k in (
            (tally.qualitative, "qualitative"),
            (tally.quantitative, "quantitative"),
            (tally.hypothesis, "hypothesis"),
        )
        if n
    ]
    if kinds:
        parts.append(", ".join(kinds))
    parts.append(f"{tally.short} short-term, {tally.long} long-term")
    if tally.dropped:
        parts.append(f"{tally.dropped} dropped")
    return " · ".join(parts)


def _actor(actor: ActorStatus) -> str:
    """An actor with its persons' names beside it, forgotten persons left out (R-PII-2)."""
    names = [p.name for p in actor.persons if not p.forgotten]
    return f"{actor.name} ({', '.join(names)})" if names else actor.name


def _platform(platform: PlatformStatus) -> list[str]:
    state = label(platform.state)
    if platform.state == PlatformState.CLOSED and platform.closure_reason is not None:
        state += f" ({label(platform.closure_reason)}) on {platform.ended_on}"
    elif platform.state == PlatformState.MERGED:
        state += f" on {platform.ended_on}"
    elif platform.state == PlatformState.STANDBY:
        state += f": {platform.standby_reason}"
        if platform.standby_review_on is not None:
            state += f" (review {platform.standby_review_on})"
    lines = [f"  {platform.name} — {state}"]
    lines.append(f"    focus: {platform.focus or '(not yet set)'}")
    if platform.coordinator is not None:
        c = platform.coordinator
        lines.append(f"    coordinator: {c.person.name} ({c.actor_name})")
    else:
        lines.append("    coordinator: none")
    lines.append(f"    actors: {', '.join(_actor(a) for a in platform.actors) or 'none'}")
    lines.append(f"    goals: {_tally(platform.tally)}")
    for goal in platform.goals:
        marks = [label(goal.kind), label(goal.horizon)]
        if goal.status != "current":
            marks.append(label(goal.status))
        if not goal.has_baseline and goal.status != "dropped":
            marks.append("no baseline")
        lines.append(f"      {goal.key} {goal.title} [{', '.join(marks)}]")
    lines.append(
        f"    ripples: {platform.ripple_count} · last activity {platform.last_activity_on}"
    )
    if platform.initiative_shares:
        shares = ", ".join(f"{a.name} {a.percent} %" for a in platform.initiative_shares)
        kinds = "hosting, agenda items, sections, decisions, proposals"
        lines.append(f"    initiative ({kinds}) over the last meetings: {shares}")
    return lines


def status_text(overview: StatusOverview) -> str:
    """The status overview: the initiative, each platform, and its attention list."""
    o = overview
    milestones = [f"founded {o.founded_on}"]
    if o.workshop_held_on:
        milestones.append(f"workshop {o.workshop_held_on}")
    if o.co_creation_started_on:
        milestones.append(f"phase 6 since {o.co_creation_started_on}")
    if o.concluded_on:
        milestones.append(f"concluded {o.concluded_on}")
    lines = [
        f"{o.name} — {label(o.state)}",
        f"  on {o.today}, after event {o.position}",
        f"  common challenge: {o.common_challenge}",
        f"  anchor: {o.anchor.name}",
        f"  {' · '.join(milestones)}",
        f"  actors: {len(o.actors)} · platforms: {len(o.platforms)} "
        f"({sum(p.state in PLATFORM_ENDED for p in o.platforms)} closed or merged)",
        f"  goals: {_tally(o.tally)}",
        f"  ripples: {o.ripple_count} · last activity {o.last_activity_on}",
        "",
        "Platforms",
    ]
    for platform in o.platforms:
        lines.extend(_platform(platform))
    lines.append("")
    lines.append(attention_text(o.attention))
    return "\n".join(lines)


def attention_text(flags: Iterable[Flag]) -> str:
    """The attention list: due date, rule id, subject and what exactly, one flag a line."""
    rows = [(f.due_on, f.rule, f.subject_kind, f.subject_name, f.detail) for f in flags]
    return _register_text("Attention", "nothing needs attention", rows)


def deviations_text(deviations: Iterable[Deviation]) -> str:
    """The deviations register: the day it happened, rule id, subject and what exactly, one
    deviation a line."""
    rows = [(d.happened_on, d.rule, d.subject_kind, d.subject_name, d.detail) for d in deviations]
    return _register_text("Deviations", "nothing went against a rule", rows)


def _register_text(title: str, empty: str, rows: list[tuple[date, str, str, str, str]]) -> str:
    """A titled list with its count, one ``day  rule subject: detail`` a line (``empty`` when
    there is none): the attention list and the deviations register read alike."""
    lines = [f"{title} ({len(rows)})"]
    if not rows:
        lines.append(f"  {empty}")
    for day, rule, subject_kind, subject_name, detail in rows:
        lines.append(f"  {day}  {rule:<9} {subject_kind} {subject_name}: {detail}")
    return "\n".join(lines)


def audit_text(rows: Iterable[AuditRow]) -> str:
    """The audit trail: position, business date, recorded time, principal, event, subject."""
    lines = []
    for row in rows:
        who = row.principal.name if row.principal is not None else "(system)"
        recorded = row.recorded_at.isoformat(timespec="seconds")
        lines.append(
            f"{row.position:>6}  {row.occurred_on or '-'!s:<10}  {recorded}  {who:<22}  "
            f"{row.event:<36}  {row.subject_kind} {row.subject_name}"
        )
    return "\n".join(lines) if lines else "(no events)"


def ripples_text(rows: Iterable[RippleRow]) -> str:
    """The ripples register (*Ringe i vandet*), one ripple a line."""
    lines = []
    for row in rows:
        benefits = ", ".join(label(b) for b in row.beneficiaries)
        corrects = f" (corrects {row.corrects})" if row.corrects else ""
        lines.append(
            f"{row.observed_on}  {row.where} {row.key}{corrects}: {row.description} "
            f"[{label(row.kind)}; {benefits}]"
        )
    return "\n".join(lines) if lines else "(no ripples)"
