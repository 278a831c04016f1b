"""The months a board pack reads and each month's figures: frozen where frozen, else computed
from the cases that can count towards it (:class:`Figures`), and the target trajectories
read from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from ehcp.board_pack.framework import CHART_MONTHS, MISSING, TARGET_RATES, Measure, at, one_decimal
from ehcp.board_pack.report import Cell, Trajectory
from ehcp.cases import Case
from ehcp.measures import add_months, is_open, month_end, review_due_dates
from ehcp.snapshots import Frozen, figures_of


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def end_months(months: Iterable[date]) -> list[date]:
    """The months a pack can end with, newest first: every month with figures (computed or
    frozen) that has two months before it."""
    known = sorted(set(months))
    return [m for m in reversed(known) if add_months(m, -2) >= known[0]] if known else []


def baseline_year(points: Sequence[tuple[date, float]]) -> list[date]:
    """The months of the last financial year that ended at least a year before the first
    target; empty without targets."""
    if not points:
        return []
    first = min(due for due, _ in points)
    end = date(first.year, 3, 31)
    while end.replace(year=end.year + 1) > first:
        end = end.replace(year=end.year - 1)
    return months_between(date(end.year - 1, 4, 1), date(end.year, 3, 1))


def months_needed(to: date, targets: Mapping[str, Sequence[tuple[date, float]]]) -> list[date]:
    """Every month whose figures a pack ending with ``to`` reads: 12 months to ``to`` for the
    charts (the three months among them) and the baseline years of its targets."""
    needed = set(months_between(add_months(to, 1 - CHART_MONTHS), to))
    for points in targets.values():
        needed.update(baseline_year(points))
    return sorted(needed)


def _relevant(cases: Iterable[Case], first: date, last: date) -> list[Case]:
    """The cases that can count towards any figure of a month whose periods lie within
    ``first`` to ``last``: an event on a day between them (a review falling due included) or
    in process on one of them. The figures are the same as on every case, faster."""
    found = []
    for case in cases:
        if case.received > last:
            continue
        days = [case.received, case.request_outcome_date, case.assessment_outcome_date,
                case.plan_start, case.plan_ceased, case.last_review, case.review_meeting,
                *review_due_dates(case)]  # fmt: skip
        days += [day for advice in case.advice for day in (advice.requested, advice.returned)]
        if any(day is not None and first <= day <= last for day in days) or is_open(
            case, max(first, case.received)
        ):
            found.append(case)
    return found


class Figures:
    """Each month's figures: frozen where frozen, else computed from the cases (when the case
    data covers the month), computed once and only when read."""

    def __init__(self, cases, *, computable: Iterable[date], frozen: Mapping[date, Frozen],
                 reads: Iterable[date]):  # fmt: skip
        """``reads``: every month that may be read (the cases that can count towards them
        are picked once)."""
        self.computable = frozenset(computable)
        self.frozen = frozen
        self._computed: dict[date, dict] = {}
        months = sorted(set(reads) & self.computable)
        self._cases: list[Case] = []
        if months:  # a month's earliest period (its rolling 12 months) starts 11 months before
            self._cases = _relevant(cases, add_months(months[0], -11), month_end(months[-1]))

    def computed(self, month: date) -> dict | None:
        if month not in self.computable:
            return None
        if month not in self._computed:
            self._computed[month] = figures_of(self._cases, month)
        return self._computed[month]

    def shown(self, month: date) -> dict | None:
        frozen = self.frozen.get(month)
        return frozen.figures if frozen else self.computed(month)

    def cell(self, measure: Measure, month: date, *, correct: bool = False) -> Cell:
        """The figure reported for ``month``: the frozen one if frozen (with the value
        recalculated now beside it when ``correct`` and it differs), else computed."""
        frozen = self.frozen.get(month)
        then = measure.read(frozen.figures) if frozen is not None else MISSING
        computed = self.computed(month) if correct or then is MISSING else None
        now = measure.read(computed) if computed is not None else MISSING
        if then is not MISSING:
            corrected = now is not MISSING and now != then
            return Cell(then, measure.unit, now if corrected else None, corrected)  # type: ignore[arg-type]
        return Cell(None if now is MISSING else now, measure.unit)  # type: ignore[arg-type]

    def year_rate(self, path: tuple[str, ...], months: list[date]) -> float | None:
        """A rate over ``months``: the sum of their numerators over that of their
        denominators; None unless every month has figures and some denominator."""
        numerator = denominator = 0
        for month in months:
            figures = self.shown(month)
            rate = at(*path)(figures) if figures is not None else MISSING
            if not isinstance(rate, dict):
                return None
            numerator += rate["numerator"]
            denominator += rate["denominator"]
        return one_decimal(Decimal(100 * numerator) / denominator) if denominator else None


def trajectories(figures: Figures, targets) -> dict[str, Trajectory]:
    found = {}
    for measure, points in targets.items():
        if not points or measure not in TARGET_RATES:
            continue
        year = baseline_year(points)
        outturn = figures.year_rate(TARGET_RATES[measure][0], year)
        baseline = None if outturn is None else (month_end(year[-1]), outturn)
        found[measure] = Trajectory(measure, tuple(sorted(points)), baseline)
    return found
