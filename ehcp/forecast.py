"""Looking ahead from the EHCP cases, pure: the flight board and the capacity forecast.

The **flight board** is what is on the clock on a day: open cases (``is_open``) by week of
the 20 (``clock_week``: week 20 ends on day 140, the last day in time), the advice still
outstanding, and how many will pass 20 weeks in the next 4 or 8 weeks if none is issued.

The **capacity forecast** is a month-by-month queue, deliberately simple so a board can
check it by hand; its assumptions travel with it (:class:`Assumptions`):

1. Each month ``requests_per_month * conversion`` new plans join the queue, as a cohort
   of that month; the cases in process at the start join it the same way
   (``cases * conversion``, by the month they were received).
2. Up to ``issue_rate + extra_capacity`` plans are issued a month, oldest cohort first,
   none before it is ``min_months_to_issue`` months old; capacity not used is lost.
3. A plan issued ``k`` months after the month of its request is in time when
   ``k <= 4`` (4 months is about 17 weeks, 5 about 22: month by month, the 20 weeks fall
   between them). At a month's end, plans of cohorts 4 or more months old can no longer be
   issued in time: they *will be late*.
4. The backlog is **cleared** in the first month that ends with no plan that will be late
   (fewer than half a plan); the **target is reached** in the first month whose plans
   issued are at least ``target`` % in time. Neither within ``horizon`` months: None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from ehcp.cases import Case, Outcome, Service
from ehcp.measures import (
    PLAN_DAYS,
    OutstandingAdvice,
    Rate,
    add_months,
    advice_outstanding,
    clock_week,
    is_open,
    month_end,
    month_of,
    percent,
)

IN_TIME_MONTHS = 4  # a plan issued up to 4 months after the month of request is in time
HORIZON = 36  # months projected


# --- The flight board ------------------------------------------------------------------------


@dataclass(frozen=True)
class FlightBoard:
    """Open cases on ``day`` by week of the 20, outstanding advice by service, and the
    cases that pass 20 weeks within the next 4 and 8 weeks (each count includes the
    former) if none of them is issued."""

    day: date
    weeks: dict[int, int]
    over_20: int
    advice_outstanding: dict[Service, OutstandingAdvice]
    late_within_4_weeks: int
    late_within_8_weeks: int

    @property
    def total(self) -> int:
        return sum(self.weeks.values()) + self.over_20


def flight_board(cases: Iterable[Case], day: date) -> FlightBoard:
    """The flight board at the end of ``day``. A case on day 140 or before (week 20 or
    earlier) is not yet late; it is late within the next 28 days when it is now in weeks
    17-20 (days 113-140: day 141 comes by ``day + 28``), within 56 days in weeks 13-20.
    Exception cases are counted like the others: the clock still runs for them."""
    cases = tuple(cases)
    weeks = dict.fromkeys(range(1, 21), 0)
    over_20 = within_4 = within_8 = 0
    for case in cases:
        if not is_open(case, day):
            continue
        week = clock_week(case.received, day)
        if week > 20:
            over_20 += 1
            continue
        weeks[week] += 1
        elapsed = (day - case.received).days
        within_4 += elapsed + 28 > PLAN_DAYS
        within_8 += elapsed + 56 > PLAN_DAYS
    return FlightBoard(day, weeks, over_20, advice_outstanding(cases, day), within_4, within_8)


# --- Rates from the recent past --------------------------------------------------------------


@dataclass(frozen=True)
class RecentRates:
    """Monthly averages over ``first`` to ``last`` (whole months) and the conversion: of the
    cases that ended in those months, the share that ended with a plan."""

    first: date
    last: date
    requests_per_month: float
    issued_per_month: float
    conversion: Rate

    @property
    def conversion_share(self) -> float | None:
        rate = self.conversion
        return None if rate.denominator == 0 else rate.numerator / rate.denominator


def _ended_on(case: Case) -> tuple[date | None, bool]:
    """The day a case ended and whether with a plan; (None, False) if it has not."""
    if case.assessment_outcome in (Outcome.YES, Outcome.NO, Outcome.WITHDRAWN):
        return case.assessment_outcome_date, case.assessment_outcome == Outcome.YES
    if case.request_outcome in (Outcome.NO, Outcome.WITHDRAWN):
        return case.request_outcome_date, False
    return None, False


def recent_rates(cases: Iterable[Case], month: date, *, months: int = 6) -> RecentRates:
    """Requests and plans issued per month over the ``months`` months ending with
    ``month``, and the conversion over the cases that ended in them (issued, refused,
    not to issue, withdrawn; an end without a date is left out)."""
    first = add_months(month, 1 - months)
    last = month_end(month)
    requests = ended = plans = 0
    for case in cases:
        requests += first <= case.received <= last
        end, with_plan = _ended_on(case)
        if end is not None and first <= end <= last:
            ended += 1
            plans += with_plan
    return RecentRates(first, last, requests / months, plans / months, percent(plans, ended))


def open_by_month_received(cases: Iterable[Case], day: date) -> dict[date, int]:
    """Cases open at the end of ``day`` by the month they were received, oldest first."""
    months = Counter(month_of(case.received) for case in cases if is_open(case, day))
    return dict(sorted(months.items()))


# --- The capacity forecast -------------------------------------------------------------------

#: the target the forecast aims at when the area has set none for plans within 20 weeks
DEFAULT_TARGET = 90.0


@dataclass(frozen=True)
class ForecastTarget:
    """The share of plans in time the forecast aims at, and where it comes from: the area's
    latest target for a 20-week measure (``measure`` its label, ``due`` its date), or
    :data:`DEFAULT_TARGET` when the area has set none (``measure`` empty)."""

    value: float = DEFAULT_TARGET
    measure: str = ""
    due: date | None = None

    def words(self) -> str:
        aim = f"The target is {self.value:g}% of plans issued in time in a month"
        if not self.measure or self.due is None:
            return (
                f"{aim}: the area has set no target for plans issued within 20 weeks, so the "
                f"forecast assumes {self.value:g}%."
            )
        label = self.measure.removesuffix(" (%)")
        label = label[0].lower() + label[1:]
        return (
            f"{aim}: the area's target for {label}, by {self.due.day} {self.due:%B %Y} "
            "(its latest)."
        )


@dataclass(frozen=True)
class Assumptions:
    """Everything the forecast assumes; shown with it."""

    start: date
    backlog: tuple[tuple[date, float], ...]  # cases in process by month received
    requests_per_month: float
    conversion: float  # share of requests that become plans, 0 to 1
    issue_rate: float  # plans issued a month now
    extra_capacity: float
    target: float  # % in time
    min_months_to_issue: int
    horizon: int

    def lines(self) -> list[str]:
        """The assumptions in plain words, for the page."""
        cases = sum(count for _, count in self.backlog)
        return [
            f"{self.requests_per_month:g} requests a month, {self.conversion:.0%} becoming plans",
            f"{cases:g} cases in process at the start, the same share becoming plans",
            f"{self.issue_rate + self.extra_capacity:g} plans issued a month at most "
            f"({self.issue_rate:g} now, {self.extra_capacity:g} extra), oldest first",
            f"no plan issued less than {self.min_months_to_issue} months after its request",
            f"in time: issued within {IN_TIME_MONTHS} months of the month of request",
            f"target: {self.target:g}% of plans issued in time",
        ]


@dataclass(frozen=True)
class ProjectedMonth:
    """One projected month (expected plans, one decimal)."""

    month: date
    new_plans: float
    issued: float
    issued_in_time: float
    percent_in_time: float | None
    in_process: float
    will_be_late: float


@dataclass(frozen=True)
class Forecast:
    assumptions: Assumptions
    months: tuple[ProjectedMonth, ...]
    backlog_cleared: date | None
    target_reached: date | None

    def when(self, month: date | None) -> str:
        """A month as words, or honestly "not within 36 months"."""
        if month is None:
            return f"not within {self.assumptions.horizon} months"
        return f"{month:%B %Y}"


def capacity_forecast(
    *,
    start: date,
    backlog: Mapping[date, float],
    requests_per_month: float,
    conversion: float,
    issue_rate: float,
    extra_capacity: float = 0.0,
    target: float = DEFAULT_TARGET,
    min_months_to_issue: int = 3,
    horizon: int = HORIZON,
) -> Forecast:
    """Project the queue month by month from ``start`` (see the module's docstring).
    ``backlog`` maps the month received to the cases in process then, all before
    ``start``."""
    if start.day != 1:
        raise ValueError("the forecast starts on the first day of a month")
    if any(month_of(month) >= start for month in backlog):
        raise ValueError("the backlog must be of requests received before the start")
    if not 0 <= conversion <= 1:
        raise ValueError("conversion is a share, from 0 to 1")
    if not 0 <= min_months_to_issue <= IN_TIME_MONTHS:
        raise ValueError(f"no plan could be in time after {IN_TIME_MONTHS} months")
    assumptions = Assumptions(
        start=start,
        backlog=tuple(sorted((month_of(month), float(n)) for month, n in backlog.items())),
        requests_per_month=requests_per_month,
        conversion=conversion,
        issue_rate=issue_rate,
        extra_capacity=extra_capacity,
        target=target,
        min_months_to_issue=min_months_to_issue,
        horizon=horizon,
    )
    return _project(assumptions)


def what_if(forecast: Forecast, *, extra_capacity: float) -> Forecast:
    """The same forecast with ``extra_capacity`` more plans a month."""
    return _project(replace(forecast.assumptions, extra_capacity=extra_capacity))


def _age(cohort: date, month: date) -> int:
    return (month.year - cohort.year) * 12 + month.month - cohort.month


def _project(assumptions: Assumptions) -> Forecast:
    a = assumptions
    queue: dict[date, float] = {}
    for month, cases in a.backlog:
        queue[month] = queue.get(month, 0.0) + cases * a.conversion
    capacity = a.issue_rate + a.extra_capacity
    projected: list[ProjectedMonth] = []
    cleared = reached = None
    for step in range(a.horizon):
        month = add_months(a.start, step)
        new = a.requests_per_month * a.conversion
        queue[month] = new
        left = capacity
        issued = in_time = 0.0
        for cohort in sorted(queue):
            age = _age(cohort, month)
            if left <= 0 or age < a.min_months_to_issue:
                break
            taken = min(left, queue[cohort])
            queue[cohort] -= taken
            left -= taken
            issued += taken
            in_time += taken if age <= IN_TIME_MONTHS else 0.0
        queue = {cohort: n for cohort, n in queue.items() if n > 1e-9}
        late = sum(n for cohort, n in queue.items() if _age(cohort, month) >= IN_TIME_MONTHS)
        share = None if issued == 0 else 100 * in_time / issued
        projected.append(
            ProjectedMonth(
                month=month,
                new_plans=round(new, 1),
                issued=round(issued, 1),
                issued_in_time=round(in_time, 1),
                percent_in_time=None if share is None else round(share, 1),
                in_process=round(sum(queue.values()), 1),
                will_be_late=round(late, 1),
            )
        )
        if cleared is None and late < 0.5:
            cleared = month
        if reached is None and share is not None and share >= a.target:
            reached = month
    return Forecast(a, tuple(projected), cleared, reached)


def forecast_from_cases(
    cases: Iterable[Case],
    month: date,
    *,
    months: int = 6,
    extra_capacity: float = 0.0,
    target: float = DEFAULT_TARGET,
) -> Forecast | None:
    """The forecast from the month after ``month``, at the rates of the ``months`` months
    ending with it (:func:`recent_rates`) and the cases in process at its end; None when
    no case ended in those months (no conversion to go on)."""
    cases = tuple(cases)
    rates = recent_rates(cases, month, months=months)
    if rates.conversion_share is None:
        return None
    return capacity_forecast(
        start=add_months(month, 1),
        backlog=open_by_month_received(cases, month_end(month)),
        requests_per_month=rates.requests_per_month,
        conversion=rates.conversion_share,
        issue_rate=rates.issued_per_month,
        extra_capacity=extra_capacity,
        target=target,
    )
