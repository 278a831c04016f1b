"""Suggested RAG ratings: pure functions of an action's dates, status, progress and measure.

Red, amber and green are always shown with their word. The owner may override
the suggestion, giving a reason (``Action.rag_override``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

#: Worst first.
ORDER = ["red", "amber", "green"]
#: Percentage points behind the straight-line target before a rating drops.
AMBER_GAP = 10
RED_GAP = 25


@dataclass(frozen=True)
class Suggestion:
    rag: str
    reasons: list[str] = field(default_factory=list)


def worst(*rags: str) -> str:
    return min(rags, key=ORDER.index)


def expected_progress(starts_on: date | None, due_on: date | None, today: date) -> float | None:
    """Straight-line progress (0-100) expected by ``today``; None without both dates."""
    if starts_on is None or due_on is None:
        return None
    if today <= starts_on:
        return 0.0
    if today >= due_on or due_on == starts_on:
        return 100.0
    return 100 * (today - starts_on).days / (due_on - starts_on).days


def measure_rag(
    *,
    current: Decimal | None,
    target: Decimal | None,
    direction: str,
    target_date: date | None,
    today: date,
) -> tuple[str, str] | None:
    """Green when the measure meets its target; red when its date has passed without it."""
    if current is None or target is None:
        return None
    met = current >= target if direction == "higher" else current <= target
    if met:
        return "green", "The linked measure meets its target"
    if target_date is not None and today > target_date:
        return "red", "The linked measure missed its target date"
    return "amber", "The linked measure is not yet at its target"


def suggest(
    *,
    status: str,
    progress: int,
    starts_on: date | None,
    due_on: date | None,
    today: date,
    measure: tuple[str, str] | None = None,
) -> Suggestion:
    """The rating the portal suggests, with the reasons for it."""
    if status == "completed":
        return Suggestion("green", ["Completed"])
    ratings: list[tuple[str, str]] = []
    if due_on is not None and today > due_on:
        ratings.append(("red", f"Overdue: due {due_on:%-d %B %Y}"))
    if status == "major_disruption":
        ratings.append(("red", "Major disruption reported"))
    elif status == "some_disruption":
        ratings.append(("amber", "Some disruption reported"))
    expected = expected_progress(starts_on, due_on, today)
    if expected is not None and not (due_on is not None and today > due_on):
        gap = expected - progress
        if gap > RED_GAP:
            ratings.append(("red", f"{progress}% done, {expected:.0f}% expected by now"))
        elif gap > AMBER_GAP:
            ratings.append(("amber", f"{progress}% done, {expected:.0f}% expected by now"))
        else:
            ratings.append(("green", f"{progress}% done, {expected:.0f}% expected by now"))
    if measure is not None:
        ratings.append(measure)
    if not ratings:
        return Suggestion("green", ["No dates or disruption to rate against"])
    rag = worst(*(r for r, _ in ratings))
    return Suggestion(rag, [reason for r, reason in ratings if r == rag])


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    """Financial-year quarter, e.g. 1 April 2024 -> 'Q1 2024-25'."""
    fy_start = start.year if start.month >= 4 else start.year - 1
    quarter = ((start.month - 4) % 12) // 3 + 1
    return f"Q{quarter} {fy_start}-{str(fy_start + 1)[2:]}"
