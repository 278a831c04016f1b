"""The timeliness dashboard for a month, pure: requests, plans within 20 weeks (month,
financial year to date, rolling 12 months, with and without exceptions), plans issued and
weeks to issue, decisions and advice within 6 weeks, the backlog and its age, annual reviews.

Each measure is handed only the cases that can count towards it in the months shown
(:class:`Relevant`): the same answers as on every case, several times faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.charts import Chart, Series, bar_chart, line_chart
from ehcp.cases import Case
from ehcp.dashboard.common import (
    SERVICES,
    Section,
    make_chart,
    month_label,
    month_name,
    number,
    pct,
    plural,
)
from ehcp.measures import (
    AGE_BANDS,
    Backlog,
    Mean,
    Period,
    Rate,
    add_months,
    advice_within_6_weeks,
    annual_reviews,
    average_weeks_to_issue,
    decisions_within_6_weeks,
    is_open,
    issued_within_20_weeks,
    month_end,
    month_of,
    period_bounds,
    plans_in_process,
    plans_issued,
    requests_received,
    review_due_dates,
)

PERIODS = {
    Period.MONTH: "In the month",
    Period.FINANCIAL_YEAR_TO_DATE: "Financial year to date",
    Period.ROLLING_12_MONTHS: "Rolling 12 months",
}
#: every chart of the dashboard, in the page's order
TIMELINESS_CHARTS = (
    "requests",
    "twenty-weeks-excluding",
    "twenty-weeks-including",
    "plans-issued",
    "weeks-to-issue",
    "decisions",
    "advice",
    "backlog",
    "backlog-age",
    "reviews",
    "reviews-decided",
)


# --- The cases each measure can count --------------------------------------------------------


Buckets = dict[date, list[Case]]


def _put(buckets: Buckets, day: date | None, case: Case) -> None:
    """File ``case`` under the month of ``day`` (once per month)."""
    if day is not None:
        cases = buckets.setdefault(month_of(day), [])
        if not cases or cases[-1] is not case:
            cases.append(case)


@dataclass(frozen=True)
class Relevant:
    """The cases that can count towards each measure, filed by the month of the event the
    measure counts (received, issued, decided, advice returned, review due, held or
    decided), and the cases open at some time from ``first`` to ``last``."""

    received: Buckets
    issued: Buckets
    decided: Buckets
    advised: Buckets
    reviewed: Buckets
    open: tuple[Case, ...]

    @classmethod
    def of(cls, cases: Iterable[Case], first: date, last: date) -> Relevant:
        received: Buckets = {}
        issued: Buckets = {}
        decided: Buckets = {}
        advised: Buckets = {}
        reviewed: Buckets = {}
        opened = []
        for case in cases:
            _put(received, case.received, case)
            _put(issued, case.issued, case)
            _put(decided, case.request_outcome_date, case)
            for advice in case.advice:
                _put(advised, advice.returned, case)
            for day in (*review_due_dates(case), case.review_meeting, case.last_review):
                _put(reviewed, day, case)
            # open from its receipt until it closes: open on some day from first to last
            # if and only if open on the first of those days it had been received by
            if case.received <= last and is_open(case, max(first, case.received)):
                opened.append(case)
        return cls(received, issued, decided, advised, reviewed, tuple(opened))


def _in(buckets: Buckets, first: date, last: date | None = None) -> list[Case]:
    """The cases filed under the months from ``first`` to ``last`` (or ``first`` alone)."""
    found: list[Case] = []
    month = first
    while month <= (last or first):
        found.extend(buckets.get(month, ()))
        month = add_months(month, 1)
    return found


def _months_to(month: date, count: int) -> list[date]:
    return [add_months(month, step - count + 1) for step in range(count)]


def _change(now: int, then: int) -> str:
    if now == then:
        return "the same as"
    return f"{abs(now - then):,} {'more' if now > then else 'fewer'} than"


def timeliness_sections(cases: Sequence[Case], month: date, *, prefix: str) -> list[Section]:
    """The dashboard's sections for ``month``: 12 months to it (24 for the 20 weeks).
    ``prefix`` starts every download's file name."""
    months = _months_to(month, 12)
    months_24 = _months_to(month, 24)
    # the rolling 12 months of the first of 24 months starts 11 months before it
    rel = Relevant.of(cases, months_24[0], month_end(month))
    parts = [
        _requests(rel, months, prefix),
        _twenty_weeks(rel, months_24, prefix),
        _plans_issued(rel, months, prefix),
        _decisions(rel, months, prefix),
        _advice(rel, months, prefix),
        _backlog(rel, months, prefix),
        _reviews(rel, months, prefix),
    ]
    return parts


def _requests(rel: Relevant, months: list[date], prefix: str) -> Section:
    counts = [requests_received(_in(rel.received, m), m) for m in months]
    month = months[-1]
    caption = (
        f"{plural(counts[-1], 'request')} for an EHC needs assessment arrived in "
        f"{month_name(month)}; {number(sum(counts) / len(counts))} a month on average over the "
        f"12 months to {month_name(month)}."
    )
    chart = make_chart(
        slug="requests",
        title=f"Requests for an EHC needs assessment received each month, "
        f"{month_name(months[0])} to {month_name(month)}",
        caption=caption,
        figure=bar_chart(
            categories=[month_label(m) for m in months],
            series=[Series("Requests received", counts)],
            value_title="Requests",
        ),
        headers=["Month", "Requests received"],
        rows=[[month_label(m), n] for m, n in zip(months, counts, strict=True)],
        prefix=prefix,
    )
    notes = ("Every request received counts, whatever became of it (withdrawn ones too).",)
    return Section("requests", "Requests for an assessment", [chart], notes)


def _twenty_weeks(rel: Relevant, months: list[date], prefix: str) -> Section:
    figures = {
        period: [
            issued_within_20_weeks(
                _in(rel.issued, period_bounds(m, period)[0], m), m, period=period
            )
            for m in months
        ]
        for period in Period
    }
    charts = []
    for slug, words, pick in (
        ("twenty-weeks-excluding", "excluding exception cases", "excluding_exceptions"),
        ("twenty-weeks-including", "including exception cases", "including_exceptions"),
    ):
        rates = {period: [getattr(f, pick) for f in figures[period]] for period in Period}
        now = rates[Period.MONTH][-1]
        caption = (
            f"In {month_name(months[-1])}, {pct(now)} of EHC plans were issued within 20 weeks, "
            f"{words} ({now.numerator:,} of {now.denominator:,}); "
            f"{pct(rates[Period.FINANCIAL_YEAR_TO_DATE][-1])} over the financial year to date "
            f"and {pct(rates[Period.ROLLING_12_MONTHS][-1])} over the last 12 months, against "
            f"{pct(rates[Period.ROLLING_12_MONTHS][-13])} over the 12 months to "
            f"{month_name(months[-13])}."
        )
        charts.append(
            make_chart(
                slug=slug,
                title=f"EHC plans issued within 20 weeks, {words}, "
                f"{month_name(months[0])} to {month_name(months[-1])}",
                caption=caption,
                figure=line_chart(
                    categories=[month_label(m) for m in months],
                    series=[
                        Series(label, [r.value for r in rates[period]])
                        for period, label in PERIODS.items()
                    ],
                    y_title="Issued within 20 weeks",
                    percent=True,
                ),
                headers=[
                    "Month",
                    "Plans issued in the month",
                    *(f"{label} (%)" for label in PERIODS.values()),
                ],
                rows=[
                    [
                        month_label(m),
                        rates[Period.MONTH][i].denominator,
                        *(rates[period][i].value for period in Period),
                    ]
                    for i, m in enumerate(months)
                ],
                prefix=prefix,
            )
        )
    notes = (
        "Within 20 weeks: the final plan issued no more than 140 days after the request. "
        "Exception cases are those where an exception to the time limit applies (regulation "
        "10(4)); DfE's headline rate leaves them out. The financial year runs April to March.",
    )
    return Section("twenty-weeks", "EHC plans issued within 20 weeks", charts, notes)


def _plans_issued(rel: Relevant, months: list[date], prefix: str) -> Section:
    issued = [plans_issued(_in(rel.issued, m), m) for m in months]
    weeks: list[Mean] = [average_weeks_to_issue(_in(rel.issued, m), m) for m in months]
    labels = [month_label(m) for m in months]
    month = month_name(months[-1])
    first = weeks[0].value
    count_chart = make_chart(
        slug="plans-issued",
        title=f"EHC plans issued each month, {month_name(months[0])} to {month}",
        caption=(
            f"{plural(issued[-1], 'EHC plan')} issued in {month}; "
            f"{number(sum(issued) / len(issued))} a month on average over the last 12 months."
        ),
        figure=bar_chart(
            categories=labels, series=[Series("Plans issued", issued)], value_title="Plans"
        ),
        headers=["Month", "Plans issued"],
        rows=[[label, n] for label, n in zip(labels, issued, strict=True)],
        prefix=prefix,
    )
    weeks_caption = (
        f"Plans issued in {month} took {_weeks(weeks[-1].value)} on average from request to "
        f"issue, against {_weeks(first)} in {month_name(months[0])}; the limit is 20 weeks."
    )
    weeks_chart = make_chart(
        slug="weeks-to-issue",
        title=f"Average weeks from request to plan issued, {month_name(months[0])} to {month}",
        caption=weeks_caption,
        figure=line_chart(
            categories=labels,
            series=[Series("Average weeks to issue", [w.value for w in weeks])],
            y_title="Weeks",
            decimals=1,
        ),
        headers=["Month", "Plans issued", "Average weeks to issue"],
        rows=[[label, w.denominator, w.value] for label, w in zip(labels, weeks, strict=True)],
        prefix=prefix,
    )
    notes = ("Averages count every plan issued in the month, exception cases included.",)
    return Section("plans-issued", "Plans issued", [count_chart, weeks_chart], notes)


def _weeks(value: float | None) -> str:
    return "no figure" if value is None else f"{value:.1f} weeks"


def _rate_chart(
    *,
    slug: str,
    title: str,
    caption: str,
    months: list[date],
    rates: list[Rate],
    counted: str,
    series: str,
    prefix: str,
) -> Chart:
    labels = [month_label(m) for m in months]
    return make_chart(
        slug=slug,
        title=title,
        caption=caption,
        figure=line_chart(
            categories=labels,
            series=[Series(series, [r.value for r in rates])],
            y_title=series,
            percent=True,
        ),
        headers=["Month", counted, f"{series} (%)"],
        rows=[[label, r.denominator, r.value] for label, r in zip(labels, rates, strict=True)],
        prefix=prefix,
    )


def _decisions(rel: Relevant, months: list[date], prefix: str) -> Section:
    rates = [decisions_within_6_weeks(_in(rel.decided, m), m) for m in months]
    now, month = rates[-1], month_name(months[-1])
    chart = _rate_chart(
        slug="decisions",
        title=f"Decisions whether to assess made within 6 weeks, {month_name(months[0])} to "
        f"{month}",
        caption=f"In {month}, {pct(now)} of decisions whether to assess were made within 6 weeks "
        f"of the request ({now.numerator:,} of {now.denominator:,}).",
        months=months,
        rates=rates,
        counted="Decisions made",
        series="Within 6 weeks",
        prefix=prefix,
    )
    notes = ("Decisions to assess and not to assess; withdrawn requests are not decisions.",)
    return Section("decisions", "Decisions within 6 weeks", [chart], notes)


def _advice(rel: Relevant, months: list[date], prefix: str) -> Section:
    by_month = [advice_within_6_weeks(_in(rel.advised, m), m) for m in months]
    month = month_name(months[-1])
    now = by_month[-1]
    said = [f"{name.lower()} {pct(now[service])}" for service, name in SERVICES.items()]
    caption = (
        f"Of the professional advice returned in {month}, {', '.join(said[:-1])} and {said[-1]} "
        "came within 6 weeks of being asked for."
    )
    slowest = [s for s in SERVICES if now[s].value is not None]
    if slowest:
        worst = min(slowest, key=lambda s: now[s].value)  # type: ignore[arg-type,return-value]
        caption += f" {SERVICES[worst]} was the slowest."
    labels = [month_label(m) for m in months]
    chart = make_chart(
        slug="advice",
        title=f"Advice returned within 6 weeks by service, {month_name(months[0])} to {month}",
        caption=caption,
        figure=line_chart(
            categories=labels,
            series=[
                Series(name, [rates[service].value for rates in by_month])
                for service, name in SERVICES.items()
            ],
            y_title="Returned within 6 weeks",
            percent=True,
        ),
        headers=[
            "Month",
            *(
                header
                for name in SERVICES.values()
                for header in (f"{name}: advice returned", f"{name}: within 6 weeks (%)")
            ),
        ],
        rows=[
            [
                label,
                *(
                    cell
                    for service in SERVICES
                    for cell in (rates[service].denominator, rates[service].value)
                ),
            ]
            for label, rates in zip(labels, by_month, strict=True)
        ],
        prefix=prefix,
    )
    return Section("advice", "Advice within 6 weeks", [chart])


def _backlog(rel: Relevant, months: list[date], prefix: str) -> Section:
    backlogs: list[Backlog] = [plans_in_process(rel.open, m) for m in months]
    now, then = backlogs[-1], backlogs[0]
    month = month_name(months[-1])
    labels = [month_label(m) for m in months]
    stages = make_chart(
        slug="backlog",
        title=f"Requests in process at the end of each month, {month_name(months[0])} to {month}",
        caption=(
            f"At the end of {month}, {plural(now.total, 'request')} were in process "
            f"({now.awaiting_decision:,} awaiting the decision whether to assess, "
            f"{now.being_assessed:,} being assessed): {_change(now.total, then.total)} at the "
            f"end of {month_name(months[0])}."
        ),
        figure=bar_chart(
            categories=labels,
            series=[
                Series("Awaiting the decision", [b.awaiting_decision for b in backlogs]),
                Series("Being assessed", [b.being_assessed for b in backlogs]),
            ],
            value_title="Requests in process",
            stacked=True,
        ),
        headers=["Month", "Awaiting the decision", "Being assessed", "In process"],
        rows=[
            [label, b.awaiting_decision, b.being_assessed, b.total]
            for label, b in zip(labels, backlogs, strict=True)
        ],
        prefix=prefix,
    )
    bands = [label for label, _, _ in AGE_BANDS]
    over = now.ages[bands[-1]]
    ages = make_chart(
        slug="backlog-age",
        title=f"Requests in process at the end of {month} by weeks since the request",
        caption=(
            f"{over:,} of the {now.total:,} requests in process at the end of {month} had "
            "passed 20 weeks without a plan or a decision not to issue one."
        ),
        figure=bar_chart(
            categories=[f"{band} weeks" for band in bands],
            series=[Series("Requests in process", [now.ages[b] for b in bands])],
            value_title="Requests in process",
            category_title="Weeks since the request",
        ),
        headers=["Weeks since the request", "Requests in process"],
        rows=[[f"{band} weeks", now.ages[band]] for band in bands],
        prefix=prefix,
    )
    notes = (
        "In process: received, and not yet refused, withdrawn, issued or decided not to issue. "
        "Week 1 is the first 7 days after the request; week 20 ends on day 140.",
    )
    return Section("backlog", "The backlog: requests in process", [stages, ages], notes)


def _reviews(rel: Relevant, months: list[date], prefix: str) -> Section:
    reviews = [annual_reviews(_in(rel.reviewed, m), m) for m in months]
    month, now = month_name(months[-1]), reviews[-1]
    labels = [month_label(m) for m in months]
    counts = make_chart(
        slug="reviews",
        title=f"Annual reviews due and held each month, {month_name(months[0])} to {month}",
        caption=(
            f"In {month}, {plural(now.due, 'annual review')} fell due and "
            f"{plural(now.held, 'review meeting')} were held."
        ),
        figure=bar_chart(
            categories=labels,
            series=[
                Series("Reviews due", [r.due for r in reviews]),
                Series("Review meetings held", [r.held for r in reviews]),
            ],
            value_title="Annual reviews",
        ),
        headers=["Month", "Reviews due", "Review meetings held"],
        rows=[[label, r.due, r.held] for label, r in zip(labels, reviews, strict=True)],
        prefix=prefix,
    )
    decided = now.decided_within_4_weeks
    rates = _rate_chart(
        slug="reviews-decided",
        title=f"Annual review decisions made within 4 weeks of the meeting, "
        f"{month_name(months[0])} to {month}",
        caption=f"In {month}, {pct(decided)} of annual review decisions were made within 4 weeks "
        f"of the review meeting ({decided.numerator:,} of {decided.denominator:,}).",
        months=months,
        rates=[r.decided_within_4_weeks for r in reviews],
        counted="Review decisions made",
        series="Within 4 weeks",
        prefix=prefix,
    )
    notes = (
        "A review is due 12 months after the plan began, then 12 months after the last review "
        "decision. The case data holds each plan's latest review only: a review held still "
        "counts as due in its month (a first review in the month 12 months after the plan "
        "began, a later one in the month it was decided), and the next one 12 months on.",
    )
    return Section("reviews", "Annual reviews", [counts, rates], notes)
