"""The board pack's two charts over 12 months, each with its table: plans issued within 20
weeks against the target trajectory, and the requests in process by weeks since the request.
"""

from __future__ import annotations

from datetime import date

from core.charts import Chart, Series, bar_chart, line_chart
from ehcp.board_pack.figures import Figures, months_between
from ehcp.board_pack.framework import (
    BACKLOG,
    CHART_MONTHS,
    COUNT,
    PERCENT,
    TWENTY_WEEKS,
    Measure,
    at,
)
from ehcp.board_pack.report import show
from ehcp.dashboard.common import make_chart, month_label, month_name
from ehcp.measures import AGE_BANDS, add_months


def _twenty_weeks_chart(figures: Figures, paths, to: date, prefix: str) -> Chart:
    months = months_between(add_months(to, 1 - CHART_MONTHS), to)
    period = f"{month_name(months[0])} to {month_name(to)}"
    issued = Measure("", "", "", at("twenty_weeks", "month", "excluding_exceptions", "denominator"))
    counts = [figures.cell(issued, m).value for m in months]
    values = [figures.cell(TWENTY_WEEKS[1], m).value for m in months]
    series = [Series("Issued within 20 weeks, excluding exceptions", values)]
    headers = ["Month", "Plans issued, excluding exceptions", "Within 20 weeks (%)"]
    columns = [counts, values]
    caption = f"In {month_name(to)}, {show(values[-1], PERCENT)} of EHC plans were issued within "
    caption += "20 weeks, excluding exception cases"
    path = paths.get("issued_20_weeks_ex")
    if path:
        aims = [path.value(m) for m in months]
        series.append(Series("Target (trajectory)", aims))
        headers.append("Target (%)")
        columns.append(aims)
        caption += f", against a target of {show(aims[-1], PERCENT)} for the month"
    caption += f"; {show(values[0], PERCENT)} in {month_name(months[0])}."
    figure = line_chart(categories=[month_label(m) for m in months], series=series,
                        y_title="Issued within 20 weeks", percent=True)  # fmt: skip
    rows = [[month_label(m), *(column[i] for column in columns)] for i, m in enumerate(months)]
    title = f"EHC plans issued within 20 weeks, excluding exceptions, against the target, {period}"
    return make_chart(slug="pack-twenty-weeks", title=title, caption=caption, figure=figure,
                      headers=headers, rows=rows, prefix=prefix)  # fmt: skip


def _backlog_chart(figures: Figures, to: date, prefix: str) -> Chart:
    months = months_between(add_months(to, 1 - CHART_MONTHS), to)
    bands = [f"{label} weeks" for label, _, _ in AGE_BANDS]
    columns = [[figures.cell(measure, m).value for m in months] for measure in BACKLOG[3:]]
    totals = [figures.cell(BACKLOG[0], m).value for m in months]
    now, then, over = totals[-1], totals[0], columns[-1][-1]
    caption = f"At the end of {month_name(to)}, {show(now, COUNT)} requests were in process"
    if now is not None and over is not None:
        caption += f", {show(over, COUNT)} of them past 20 weeks"
    if now is not None and then is not None:
        gap = now - then
        moved = "the same as" if not gap else f"{abs(gap):,} {'more' if gap > 0 else 'fewer'} than"
        caption += f": {moved} at the end of {month_name(months[0])}"
    figure = bar_chart(categories=[month_label(m) for m in months], stacked=True,
                       series=[Series(b, c) for b, c in zip(bands, columns, strict=True)],
                       value_title="Requests in process")  # fmt: skip
    rows = [[month_label(m), *(c[i] for c in columns), totals[i]] for i, m in enumerate(months)]
    title = (f"Requests in process at the end of each month by weeks since the request, "
             f"{month_name(months[0])} to {month_name(to)}")  # fmt: skip
    headers = ["Month", *bands, "In process"]
    return make_chart(slug="pack-backlog", title=title, caption=caption + ".", figure=figure,
                      headers=headers, rows=rows, prefix=prefix)  # fmt: skip
