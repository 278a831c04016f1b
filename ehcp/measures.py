"""The EHCP timeliness measures, pure: cases in, figures out (no ORM, no I/O).

Every measure is computed from :class:`ehcp.cases.Case` records for a month, named by
its first day (``date(2021, 4, 1)``), or as of a day. The definitions, exactly:

- **Elapsed days** are ``(later - earlier).days``; the day of receipt is day 0.
- **Decision within 6 weeks**: ``request_outcome_date <= received + 42 days``.
- **Advice within 6 weeks**: ``returned <= requested + 42 days``.
- **Plan within 20 weeks**: ``issued <= received + 140 days`` (day 140 is in time, day 141
  is late). DfE's rate *excluding exceptions* drops ``exception=True`` cases from the
  numerator and the denominator; the rate *including* them counts every plan.
- **Review decided within 4 weeks**: ``last_review <= review_meeting + 28 days``.
- **Week of the clock**: elapsed days / 7 rounded up, day 0 in week 1: week 1 is days 0-7,
  week 20 is days 134-140, and "over 20" (day 141 on) is late. Week 6 ends on day 42.
- **Periods** end with a month: the month itself; the financial year to date (from
  1 April of the year the month falls in: FY 2021-22 is April 2021 to March 2022); the
  rolling 12 months (the month and the 11 before it).
- **Timeliness counts completed events in the period**: decisions made, advice returned,
  plans issued, review decisions made; what is still waiting is counted by
  :func:`plans_in_process` and :func:`advice_outstanding`.
- **Open (in process) on a day**: see :func:`is_open`.

Rates are :class:`Rate` (value, numerator, denominator) so a page can say how a figure
was made; an empty denominator gives ``value=None``, never a division by zero. Public
figures go through :func:`public_count`, :func:`public_figure` and :func:`public_row`
(QUALITY.md S12). ``ehcp.forecast`` looks ahead from the same records.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from ehcp.cases import Case, Outcome, Service

DECISION_DAYS = 42  # 6 weeks: request to the decision whether to assess
ADVICE_DAYS = 42  # 6 weeks: advice asked for to advice returned
PLAN_DAYS = 140  # 20 weeks: request to final plan issued
REVIEW_DECISION_DAYS = 28  # 4 weeks: review meeting to the LA's decision
#: Age bands of plans in process, in weeks of the clock (see :func:`clock_week`).
AGE_BANDS = (("0-6", 1, 6), ("7-12", 7, 12), ("13-20", 13, 20), ("over 20", 21, None))
#: Fewer people than this are not published (QUALITY.md S12), unless the deployment sets
#: another threshold (``PORTAL_SMALL_NUMBER_THRESHOLD``): :func:`small_number_threshold`.
DEFAULT_THRESHOLD = 5
THRESHOLD = DEFAULT_THRESHOLD  # the default's old name; read the one in force below
SUPPRESSED = "c"

_CLOSING = (Outcome.NO, Outcome.WITHDRAWN)
#: an assessment decided before the collection period (H) ended then, too: a plan made
#: years ago is not in process
_ASSESSMENT_CLOSING = (Outcome.YES, Outcome.NO, Outcome.WITHDRAWN, Outcome.HISTORICAL)


# --- Months and periods ----------------------------------------------------------------------


class Period(StrEnum):
    MONTH = "month"
    FINANCIAL_YEAR_TO_DATE = "fytd"
    ROLLING_12_MONTHS = "rolling_12"


def month_of(day: date) -> date:
    """The month ``day`` falls in, as its first day."""
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of ``month``."""
    return add_months(_checked(month), 1) - timedelta(days=1)


def financial_year_start(month: date) -> date:
    """1 April of the financial year (April-March) that ``month`` falls in."""
    return date(month.year if month.month >= 4 else month.year - 1, 4, 1)


def period_bounds(month: date, period: Period = Period.MONTH) -> tuple[date, date]:
    """The first and last day of the ``period`` ending with ``month``, both included."""
    _checked(month)
    if period == Period.MONTH:
        first = month
    elif period == Period.FINANCIAL_YEAR_TO_DATE:
        first = financial_year_start(month)
    else:
        first = add_months(month, -11)
    return first, month_end(month)


def _checked(month: date) -> date:
    if month.day != 1:
        raise ValueError(f"a month is named by its first day, not {month.isoformat()}")
    return month


def _within(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


# --- Figures: how a rate or a mean was made --------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A percentage, one decimal (half up): ``numerator`` of ``denominator``; ``value`` is
    None when the denominator is 0."""

    value: float | None
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Mean:
    """Average weeks: ``numerator`` days in all over ``denominator`` plans, / 7, one
    decimal (half up); ``value`` is None when there are no plans."""

    value: float | None
    numerator: int
    denominator: int


def _one_decimal(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> Rate:
    """``numerator`` as a percentage of ``denominator``."""
    if denominator == 0:
        return Rate(None, numerator, 0)
    return Rate(_one_decimal(Decimal(100 * numerator) / denominator), numerator, denominator)


def mean_weeks(days: Sequence[int]) -> Mean:
    """The mean of ``days`` in weeks."""
    if not days:
        return Mean(None, 0, 0)
    return Mean(_one_decimal(Decimal(sum(days)) / (7 * len(days))), sum(days), len(days))


# --- The clock -------------------------------------------------------------------------------


def clock_week(received: date, day: date) -> int:
    """The week of the clock ``day`` falls in: elapsed days / 7 rounded up, day 0 in week 1
    (so week 20 ends on day 140, the last day in time)."""
    elapsed = (day - received).days
    if elapsed < 0:
        raise ValueError("the day is before the request was received")
    return max(1, math.ceil(elapsed / 7))


def age_band(week: int) -> str:
    """The :data:`AGE_BANDS` label of a week of the clock."""
    for label, first, last in AGE_BANDS:
        if week >= first and (last is None or week <= last):
            return label
    raise ValueError(f"no age band for week {week}")


def _decided_by(case: Case, day: date) -> bool:
    """Whether the decision to assess (or not), or a withdrawal, was known on ``day``."""
    if case.request_outcome == Outcome.HISTORICAL:
        return True
    if case.request_outcome == Outcome.AWAITING:
        return False
    return case.request_outcome_date is None or case.request_outcome_date <= day


def is_open(case: Case, day: date) -> bool:
    """Whether the case is in process at the end of ``day``.

    In process: received on or before ``day``, and on ``day`` either still awaiting the
    decision whether to assess or being assessed (decision Y, or H with an assessment
    record), and not closed. Closed: refused (request N), withdrawn (request W) or the
    assessment ended (plan issued Y, not to issue N, withdrawn or ceased W) on or before
    ``day``, or before the collection period (H, whatever its date). An outcome decided
    after ``day`` was still awaited on ``day``. A closing outcome recorded without its date
    cannot be placed in time: the case is never counted open rather than open for ever.
    A request decided before the collection period (H) with no assessment record is not
    counted. Nor, from the day of the extract that first lacked it (``absent_since``), is a
    request the latest extract does not hold: what became of it is not known, so it is not
    counted in the backlog, the flight board or the forecast from then on (the case list
    shows it for data quality); before that day it counts as its last extract said.
    """
    if case.received > day:
        return False
    if case.absent_since is not None and case.absent_since <= day:
        return False
    if case.request_outcome in _CLOSING and _decided_by(case, day):
        return False
    if case.request_outcome == Outcome.HISTORICAL and case.assessment_outcome is None:
        return False
    if case.assessment_outcome == Outcome.HISTORICAL:
        return False
    if case.assessment_outcome in _ASSESSMENT_CLOSING:
        ended = case.assessment_outcome_date
        return ended is not None and ended > day
    return True


# --- Requests and decisions ------------------------------------------------------------------


def requests_received(cases: Iterable[Case], month: date) -> int:
    """Requests for an assessment received in ``month``, whatever became of them (withdrawn
    ones included)."""
    first, last = period_bounds(month)
    return sum(1 for case in cases if _within(case.received, first, last))


def decisions_to_assess(cases: Iterable[Case], month: date) -> int:
    """Decisions to assess (request outcome Y) made in ``month``."""
    first, last = period_bounds(month)
    return sum(
        1
        for case in cases
        if case.request_outcome == Outcome.YES and _within(case.request_outcome_date, first, last)
    )


def decisions_within_6_weeks(cases: Iterable[Case], month: date) -> Rate:
    """Of the decisions made in ``month`` (to assess, Y, or not to, N), the share made
    within 6 weeks: ``request_outcome_date <= received + 42 days``. Withdrawals and
    decisions before the collection period (H) are not decisions here."""
    first, last = period_bounds(month)
    made = [
        case
        for case in cases
        if case.request_outcome in (Outcome.YES, Outcome.NO)
        and _within(case.request_outcome_date, first, last)
    ]
    in_time = sum(
        1 for case in made if (case.request_outcome_date - case.received).days <= DECISION_DAYS
    )
    return percent(in_time, len(made))


# --- Professional advice ---------------------------------------------------------------------


@dataclass(frozen=True)
class OutstandingAdvice:
    """Advice asked for and not returned by a day: in all, and past its 6 weeks."""

    total: int
    overdue: int


def advice_within_6_weeks(cases: Iterable[Case], month: date) -> dict[Service, Rate]:
    """Per service, of the advice returned in ``month``, the share returned within 6 weeks
    of being asked for: ``returned <= requested + 42 days``. Every service is a key."""
    first, last = period_bounds(month)
    returned: dict[Service, list[int]] = {service: [] for service in Service}
    for case in cases:
        for advice in case.advice:
            if _within(advice.returned, first, last):
                returned[advice.service].append((advice.returned - advice.requested).days)
    return {
        service: percent(sum(1 for days in waits if days <= ADVICE_DAYS), len(waits))
        for service, waits in returned.items()
    }


def advice_outstanding(cases: Iterable[Case], day: date) -> dict[Service, OutstandingAdvice]:
    """Per service, advice asked for on or before ``day`` and not returned by it, for cases
    still open on ``day`` (:func:`is_open`); overdue when ``day > requested + 42 days``.
    For a month's figure pass :func:`month_end`. Every service is a key."""
    total: Counter[Service] = Counter()
    overdue: Counter[Service] = Counter()
    for case in cases:
        if not is_open(case, day):
            continue
        for advice in case.advice:
            if advice.requested <= day and (advice.returned is None or advice.returned > day):
                total[advice.service] += 1
                if (day - advice.requested).days > ADVICE_DAYS:
                    overdue[advice.service] += 1
    return {service: OutstandingAdvice(total[service], overdue[service]) for service in Service}


# --- Plans issued and the 20 weeks -----------------------------------------------------------


@dataclass(frozen=True)
class TwentyWeeks:
    """Plans issued in a period and the share within 20 weeks, with and without the
    regulation 10(4) exception cases."""

    period: Period
    first: date
    last: date
    including_exceptions: Rate
    excluding_exceptions: Rate


def plans_issued(cases: Iterable[Case], month: date) -> int:
    """Final plans issued (``Case.issued``) in ``month``."""
    first, last = period_bounds(month)
    return sum(1 for case in cases if _within(case.issued, first, last))


def _issued_in(cases: Iterable[Case], month: date, period: Period) -> list[Case]:
    first, last = period_bounds(month, period)
    return [case for case in cases if _within(case.issued, first, last)]


def issued_within_20_weeks(
    cases: Iterable[Case], month: date, *, period: Period = Period.MONTH
) -> TwentyWeeks:
    """Of the plans issued in the ``period`` ending with ``month``, the share issued within
    20 weeks of the request (``issued <= received + 140 days``); excluding exceptions drops
    ``exception=True`` cases from both numerator and denominator, as DfE does."""
    first, last = period_bounds(month, period)
    issued = _issued_in(cases, month, period)
    in_time = [case for case in issued if (case.issued - case.received).days <= PLAN_DAYS]
    return TwentyWeeks(
        period=period,
        first=first,
        last=last,
        including_exceptions=percent(len(in_time), len(issued)),
        excluding_exceptions=percent(
            sum(1 for case in in_time if not case.exception),
            sum(1 for case in issued if not case.exception),
        ),
    )


def average_weeks_to_issue(
    cases: Iterable[Case], month: date, *, period: Period = Period.MONTH
) -> Mean:
    """The mean of ``(issued - received).days / 7`` over the plans issued in the period
    (exceptions included, as the performance framework reports it)."""
    return mean_weeks(
        [(case.issued - case.received).days for case in _issued_in(cases, month, period)]
    )


# --- Plans in process (the backlog) ----------------------------------------------------------


@dataclass(frozen=True)
class Backlog:
    """Plans in process at the end of a day (:func:`is_open`), split by stage, and their
    age profile: weeks of the clock (:func:`clock_week`) in :data:`AGE_BANDS`."""

    day: date
    total: int
    awaiting_decision: int
    being_assessed: int
    ages: dict[str, int]


def backlog_on(cases: Iterable[Case], day: date) -> Backlog:
    """The cases in process at the end of ``day`` (see :func:`is_open`): awaiting the
    decision whether to assess (none known on ``day``), or being assessed."""
    ages = dict.fromkeys((label for label, _, _ in AGE_BANDS), 0)
    awaiting = assessed = 0
    for case in cases:
        if not is_open(case, day):
            continue
        ages[age_band(clock_week(case.received, day))] += 1
        if _decided_by(case, day):
            assessed += 1
        else:
            awaiting += 1
    return Backlog(day, awaiting + assessed, awaiting, assessed, ages)


def plans_in_process(cases: Iterable[Case], month: date) -> Backlog:
    """The backlog at the end of ``month``: received on or before its last day, not yet
    refused, withdrawn or issued (or decided not to issue) by then (:func:`is_open`)."""
    return backlog_on(cases, month_end(month))


# --- Annual reviews --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviews:
    """Annual reviews of a month: due, meetings held, decisions within 4 weeks."""

    due: int
    held: int
    decided_within_4_weeks: Rate


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: a year later is 28 February
        return day.replace(year=day.year + 1, day=28)


def next_review_due(case: Case) -> date | None:
    """12 months after the last review decision, or after the plan started when none is
    recorded; None without a plan: the review still to come."""
    anchor = case.last_review or case.plan_start
    return None if anchor is None else _a_year_after(anchor)


def review_due_dates(case: Case) -> tuple[date, ...]:
    """The days the plan's annual reviews fall due, as far as its record tells (it holds the
    latest review only): the review still to come (:func:`next_review_due`) and the one
    the latest review decision (``last_review``) answered, which a review held does not
    take away:

    - the plan's **first** review (decided before the plan's second anniversary) fell due
      12 months after the plan started;
    - a **later** review's predecessor is not held, so it is taken to have fallen due in the
      month it was decided (12 months after a review decided in that month a year before),
      on ``last_review``.

    So each year's review of a plan counts once, in its month, before and after it is
    held; a first review held late counts in the month it fell due."""
    days = []
    upcoming = next_review_due(case)
    if upcoming is not None:
        days.append(upcoming)
    if case.last_review is not None and case.plan_start is not None:
        first_due = _a_year_after(case.plan_start)
        if case.last_review < _a_year_after(first_due):
            days.append(first_due)
        else:
            days.append(case.last_review)
    return tuple(days)


def annual_reviews(cases: Iterable[Case], month: date) -> Reviews:
    """Due: plans with a review falling due in ``month`` (:func:`review_due_dates`: the one
    to come, or the one the latest review decision answered) that have not ceased by that
    day. Held: review meetings in ``month``. Decided within 4 weeks: of the review decisions
    made in ``month`` (``last_review`` in the month, on or after its meeting), those with
    ``last_review <= review_meeting + 28 days``."""
    first, last = period_bounds(month)
    due = held = decided = in_time = 0
    for case in cases:
        if any(
            _within(when, first, last) and (case.plan_ceased is None or case.plan_ceased > when)
            for when in review_due_dates(case)
        ):
            due += 1
        if _within(case.review_meeting, first, last):
            held += 1
        meeting, decision = case.review_meeting, case.last_review
        if meeting is not None and _within(decision, first, last) and decision >= meeting:
            decided += 1
            in_time += (decision - meeting).days <= REVIEW_DECISION_DAYS
    return Reviews(due, held, percent(in_time, decided))


# --- Targets and their trajectory ------------------------------------------------------------


def target_for(
    month: date,
    targets: Iterable[tuple[date, float]],
    *,
    baseline_value: float,
    baseline_date: date,
) -> float | None:
    """The target for ``month``, read on its last day, one decimal: a straight line by days
    between the baseline and each target in turn (Norfolk: 60% by 31 December 2021, 90% by
    31 December 2022); the last target holds after its date; None before the baseline."""
    points = [(baseline_date, float(baseline_value)), *sorted(targets)]
    if any(later[0] <= earlier[0] for earlier, later in pairwise(points)):
        raise ValueError("each target needs its own date, after the baseline")
    day = month_end(month)
    if day < baseline_date:
        return None
    for (start, start_value), (end, end_value) in pairwise(points):
        if day <= end:
            share = Decimal((day - start).days) / (end - start).days
            low, high = Decimal(str(start_value)), Decimal(str(end_value))
            return _one_decimal(low + share * (high - low))
    return _one_decimal(Decimal(str(points[-1][1])))


# --- Small numbers (QUALITY.md S12) ----------------------------------------------------------


@dataclass(frozen=True)
class PublicRow:
    """A row of counts fit to publish: hidden cells and totals are :data:`SUPPRESSED`."""

    cells: tuple[int | str, ...]
    total: int | str


def small_number_threshold() -> int:
    """The threshold in force: the ``SMALL_NUMBER_THRESHOLD`` setting (from
    ``PORTAL_SMALL_NUMBER_THRESHOLD``), else :data:`DEFAULT_THRESHOLD`."""
    from django.conf import settings

    return getattr(settings, "SMALL_NUMBER_THRESHOLD", DEFAULT_THRESHOLD)


def public_count(count: int, *, threshold: int | None = None) -> int | str:
    """A count fit to publish: 1 to ``threshold - 1`` is ``"c"``; 0 is shown. Without
    ``threshold``, the one in force (:func:`small_number_threshold`)."""
    threshold = small_number_threshold() if threshold is None else threshold
    return SUPPRESSED if 0 < count < threshold else count


def public_figure(figure: Rate | Mean, *, threshold: int | None = None) -> float | str | None:
    """A rate or mean fit to publish: ``"c"`` when made from fewer than ``threshold`` people
    (but some), None when from none."""
    threshold = small_number_threshold() if threshold is None else threshold
    if figure.denominator == 0:
        return None
    return SUPPRESSED if figure.denominator < threshold else figure.value


def public_row(counts: Sequence[int], *, threshold: int | None = None) -> PublicRow:
    """A row of counts and its total, fit to publish. Primary: every count of 1 to
    ``threshold - 1`` (and such a total) is hidden. Secondary: when exactly one cell is
    hidden and the total is shown, the smallest other non-zero cell (the first of equals)
    is hidden too, so the hidden one cannot be worked back from the total."""
    threshold = small_number_threshold() if threshold is None else threshold
    total = sum(counts)
    hidden = {index for index, count in enumerate(counts) if 0 < count < threshold}
    shown_total = public_count(total, threshold=threshold)
    if len(hidden) == 1 and shown_total != SUPPRESSED:
        others = [
            (count, index) for index, count in enumerate(counts) if count and index not in hidden
        ]
        if others:
            hidden.add(min(others)[1])
    cells = tuple(SUPPRESSED if index in hidden else count for index, count in enumerate(counts))
    return PublicRow(cells, shown_total)


# --- One month of the performance framework --------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    """Every measure of one month, as the performance framework reports it."""

    month: date
    requests: int
    decisions_to_assess: int
    decisions_within_6_weeks: Rate
    advice_within_6_weeks: dict[Service, Rate]
    advice_outstanding: dict[Service, OutstandingAdvice]
    plans_issued: int
    twenty_weeks: dict[Period, TwentyWeeks]
    average_weeks_to_issue: Mean
    in_process: Backlog
    reviews: Reviews


def month_figures(cases: Iterable[Case], month: date) -> MonthFigures:
    """All the measures of ``month`` from one list of cases."""
    cases = tuple(cases)
    return MonthFigures(
        month=_checked(month),
        requests=requests_received(cases, month),
        decisions_to_assess=decisions_to_assess(cases, month),
        decisions_within_6_weeks=decisions_within_6_weeks(cases, month),
        advice_within_6_weeks=advice_within_6_weeks(cases, month),
        advice_outstanding=advice_outstanding(cases, month_end(month)),
        plans_issued=plans_issued(cases, month),
        twenty_weeks={
            period: issued_within_20_weeks(cases, month, period=period) for period in Period
        },
        average_weeks_to_issue=average_weeks_to_issue(cases, month),
        in_process=plans_in_process(cases, month),
        reviews=annual_reviews(cases, month),
    )
