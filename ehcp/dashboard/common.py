"""What every EHCP timeliness page shares, pure: sections, words, charts and the months the
data covers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.charts import Chart
from ehcp.cases import Case, Outcome, Service
from ehcp.measures import Rate, add_months, month_end, month_of

SERVICES = {
    Service.EDUCATIONAL_PSYCHOLOGY: "Educational psychology",
    Service.HEALTH: "Health",
    Service.SOCIAL_CARE: "Social care",
}


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    charts: list[Chart]
    notes: tuple[str, ...] = ()


# --- Words -----------------------------------------------------------------------------------


def month_label(month: date) -> str:
    return f"{month:%b %Y}"


def month_name(month: date) -> str:
    return f"{month:%B %Y}"


def day_name(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def pct(rate: Rate | None) -> str:
    return "no figure" if rate is None or rate.value is None else f"{rate.value:.1f}%"


def number(value: float) -> str:
    """1,234 or 81.7: whole numbers without decimals, others to one decimal."""
    value = round(value, 1)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


# --- The months the data covers --------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The day the data runs to, its latest complete month, every month with figures
    (newest first)."""

    as_of: date
    latest: date
    months: tuple[date, ...]


def _dates(case: Case) -> Iterable[date | None]:
    yield from (case.received, case.request_outcome_date, case.assessment_outcome_date)
    yield from (case.plan_start, case.plan_ceased, case.last_review, case.review_meeting)
    for advice in case.advice:
        yield advice.requested
        yield advice.returned


def timeline(cases: Sequence[Case], extract_date: date | None = None) -> Timeline | None:
    """The data runs to the latest extract's date, or else its latest date; a month is
    complete when the data runs to its last day. Months with figures run from the first
    request decided in the data (not before its collection period, H) to the latest
    complete one. None without cases."""
    if not cases:
        return None
    as_of = extract_date or max(day for case in cases for day in _dates(case) if day)
    latest = month_of(as_of)
    if as_of != month_end(latest):
        latest = add_months(latest, -1)
    current = [c.received for c in cases if c.request_outcome != Outcome.HISTORICAL]
    month = month_of(min(current)) if current else latest
    months = []
    while month <= latest:
        months.append(month)
        month = add_months(month, 1)
    return Timeline(as_of, latest, tuple(reversed(months or [latest])))


def make_chart(
    *,
    slug: str,
    title: str,
    caption: str,
    figure: dict,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    prefix: str,
) -> Chart:
    return Chart(
        slug=slug,
        title=title,
        caption=caption,
        figure=figure,
        headers=list(headers),
        rows=[list(row) for row in rows],
        csv_filename=f"{prefix}-{slug}",
    )
