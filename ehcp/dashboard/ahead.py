"""Looking ahead, pure: the flight board and the capacity forecast with its what-if."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.charts import Chart, Series, bar_chart, line_chart
from ehcp.cases import Case
from ehcp.dashboard.common import (
    SERVICES,
    day_name,
    make_chart,
    month_label,
    month_name,
    number,
    plural,
)
from ehcp.forecast import (
    IN_TIME_MONTHS,
    Assumptions,
    FlightBoard,
    Forecast,
    ForecastTarget,
    flight_board,
    forecast_from_cases,
)
from ehcp.forecast import what_if as forecast_what_if
from ehcp.measures import add_months

FORECAST_MONTHS = 24  # projected months shown
FLIGHT_BOARD_CHARTS = ("flight-board-weeks", "flight-board-advice")
FORECAST_CHARTS = ("forecast-in-time", "forecast-late")


# --- The flight board ------------------------------------------------------------------------


@dataclass(frozen=True)
class FlightBoardPage:
    board: FlightBoard
    charts: list[Chart]


def flight_board_page(cases: Sequence[Case], day: date, *, prefix: str) -> FlightBoardPage:
    """The cases open at the end of ``day`` by week of the 20, advice still outstanding, and
    what passes 20 weeks in the next 4 and 8 weeks if nothing is issued. Counts only."""
    board = flight_board(cases, day)
    when = day_name(day)
    categories = [f"Week {week}" for week in board.weeks] + ["Over 20 weeks"]
    counts = [*board.weeks.values(), board.over_20]
    weeks = make_chart(
        slug="flight-board-weeks",
        title=f"Open requests by week since the request, {when}",
        caption=(
            f"On {when}, {plural(board.total, 'request')} were open, {board.over_20:,} of them "
            f"past 20 weeks. Unless their plans are issued, {board.late_within_4_weeks:,} more "
            f"will pass 20 weeks within 4 weeks and {board.late_within_8_weeks:,} within 8 weeks."
        ),
        figure=bar_chart(
            categories=categories,
            series=[Series("Open requests", counts)],
            value_title="Open requests",
            category_title="Week of the 20",
        ),
        headers=["Week since the request", "Open requests"],
        rows=[[label, n] for label, n in zip(categories, counts, strict=True)],
        prefix=prefix,
    )
    out = board.advice_outstanding
    total = sum(o.total for o in out.values())
    overdue = sum(o.overdue for o in out.values())
    caption = (
        f"On {when}, {plural(total, 'piece')} of advice asked for were still outstanding, "
        f"{overdue:,} of them past 6 weeks."
    )
    if overdue:
        worst = max(SERVICES, key=lambda s: out[s].overdue)
        caption += f" Most overdue: {SERVICES[worst].lower()} ({out[worst].overdue:,})."
    names = list(SERVICES.values())
    advice = make_chart(
        slug="flight-board-advice",
        title=f"Advice still outstanding by service, {when}",
        caption=caption,
        figure=bar_chart(
            categories=names,
            series=[
                Series("Outstanding", [out[s].total for s in SERVICES]),
                Series("Past 6 weeks", [out[s].overdue for s in SERVICES]),
            ],
            value_title="Pieces of advice",
        ),
        headers=["Service", "Outstanding", "Past 6 weeks"],
        rows=[[name, out[s].total, out[s].overdue] for s, name in SERVICES.items()],
        prefix=prefix,
    )
    return FlightBoardPage(board, [weeks, advice])


# --- The capacity forecast -------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastPage:
    base: Forecast
    what_if: Forecast | None
    extra: int | None
    assumptions: list[str]
    charts: list[Chart] = field(default_factory=list)


def assumption_lines(a: Assumptions, target: ForecastTarget | None = None) -> list[str]:
    """The forecast's assumptions in plain words (rounded as a reader would), ending with
    the target and which of the area's targets it is (``target``)."""
    backlog = sum(count for _, count in a.backlog)
    lines = [
        f"{number(a.requests_per_month)} requests a month arrive, as over the 6 months to "
        f"{month_name(add_months(a.start, -1))}, and {a.conversion:.0%} of them become plans "
        "(the share of cases that ended in those months with a plan).",
        f"The {number(backlog)} requests in process at the start become plans in the same share.",
        f"At most {number(a.issue_rate)} plans are issued a month, as over those 6 months"
        + (f", plus {number(a.extra_capacity)} extra" if a.extra_capacity else "")
        + ", oldest request first; capacity not used in a month is lost.",
        f"No plan is issued less than {a.min_months_to_issue} months after its request.",
        f"A plan is in time when issued within {IN_TIME_MONTHS} months of the month of its "
        "request (the 20 weeks fall between 4 and 5 months).",
        (target or ForecastTarget(a.target)).words(),
    ]
    return lines


def forecast_page(
    cases: Sequence[Case],
    month: date,
    *,
    extra: int | None,
    prefix: str,
    target: ForecastTarget | None = None,
) -> ForecastPage | None:
    """The forecast from the month after ``month`` at its recent rates and, given ``extra``
    plans a month more, the what-if, aiming at ``target`` (``ehcp.targets.forecast_target``;
    without one, ``ehcp.forecast.DEFAULT_TARGET``). None when no case ended in the last 6
    months."""
    target = target or ForecastTarget()
    base = forecast_from_cases(cases, month, target=target.value)
    if base is None:
        return None
    other = forecast_what_if(base, extra_capacity=extra) if extra else None
    shown = base.months[:FORECAST_MONTHS]
    labels = [month_label(p.month) for p in shown]
    runs = [("At current capacity", base)]
    if other is not None:
        runs.append((f"With {number(extra)} extra plans a month", other))  # type: ignore[arg-type]

    def series(pick: Callable) -> list[Series]:
        return [Series(name, [pick(p) for p in run.months[:FORECAST_MONTHS]]) for name, run in runs]

    def rows(pick: Callable) -> list[list]:
        return [
            [label, *(pick(run.months[i]) for _, run in runs)] for i, label in enumerate(labels)
        ]

    span = f"{month_name(shown[0].month)} to {month_name(shown[-1].month)}"
    in_time = make_chart(
        slug="forecast-in-time",
        title=f"Forecast share of plans issued in time each month, {span}",
        caption=_forecast_caption(runs, base.assumptions.target),
        figure=line_chart(
            categories=labels,
            series=series(lambda p: p.percent_in_time),
            y_title="Issued in time",
            percent=True,
        ),
        headers=["Month", *(f"{name}: issued in time (%)" for name, _ in runs)],
        rows=rows(lambda p: p.percent_in_time),
        prefix=prefix,
    )
    late = make_chart(
        slug="forecast-late",
        title=f"Forecast plans that will be late at the end of each month, {span}",
        caption=(
            f"At current capacity, {number(shown[0].will_be_late)} expected plans will be late "
            f"at the end of {month_name(shown[0].month)}; the backlog of late plans is cleared "
            f"{_by(base.backlog_cleared, base)}."
        ),
        figure=line_chart(
            categories=labels,
            series=series(lambda p: p.will_be_late),
            y_title="Plans",
            decimals=1,
        ),
        headers=["Month", *(f"{name}: will be late" for name, _ in runs)],
        rows=rows(lambda p: p.will_be_late),
        prefix=prefix,
    )
    lines = assumption_lines(base.assumptions, target)
    return ForecastPage(base, other, extra, lines, [in_time, late])


def _by(month: date | None, forecast: Forecast) -> str:
    return f"by the end of {month_name(month)}" if month else forecast.when(None)


def _forecast_caption(runs: list[tuple[str, Forecast]], target: float) -> str:
    said = [
        f"{name.lower()}, the target of {number(target)}% in time is reached "
        f"{_by(run.target_reached, run)}"
        for name, run in runs
    ]
    text = "; ".join(said)
    return text[0].upper() + text[1:] + "."
