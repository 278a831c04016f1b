"""Chart builders: numbers in, a plotly figure (a plain JSON-able dict) out.

Pure: no ORM, no request. A view builds a :class:`Chart` (the figure plus the same numbers as
a table) and renders it with ``templates/includes/chart.html``; ``static/js/charts.js`` draws
the figure in the browser under the strict CSP (docs/adr/0008-charts-under-strict-csp.md).

The figure is written directly as the dicts and lists plotly.js reads (``data`` traces and a
``layout``), never through ``plotly.graph_objects``, whose validation cost more than the rest
of a dashboard page. tests/core/test_charts.py passes every kind of figure through
``plotly.graph_objects.Figure``, so the schema stays right.

Conventions:

- GOV.UK colours in :data:`PALETTE` order, plus a dash pattern and marker (lines) or a fill
  pattern (bars) per series, so no series is told apart by colour alone.
- Percentages are given as 0 to 100 (56.2 means 56.2%) and shown with one decimal place.
- ``None`` (or NaN, or infinity) is a gap: no point, no bar, the line broken.
- No title inside the plot: the takeaway is the HTML caption. The legend sits below the plot.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse

from core.exports import download

Number = int | float | Decimal

#: GOV.UK blue, orange, green, purple, red and dark grey, in the order series take them.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
#: Line dash patterns and marker symbols, one per series, so colour is never the only cue.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "cross", "x")
#: Bar fill patterns ("" is a solid fill).
PATTERNS = ("", "/", ".", "x", "\\", "+")

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
FONT = {"family": "Arial, sans-serif", "size": 16, "color": TEXT_COLOUR}
DEFAULT_HEIGHT = 360
#: Category names beside horizontal bars wrap at this many characters.
WRAP_WIDTH = 20


@dataclass(frozen=True)
class Series:
    """One named line or set of bars: a value (or ``None``) for each category."""

    name: str
    values: Sequence[Number | None]


def _clean(value: Number | None) -> float | int | None:
    """A value as JSON: Decimal as float; None, NaN and infinity as None (a gap)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _check(categories: Sequence, series: Sequence[Series]) -> list[str]:
    if not series:
        raise ValueError("A chart needs at least one series")
    if len(series) > len(PALETTE):
        raise ValueError(
            f"{len(series)} series is more than the {len(PALETTE)} colours; split the chart"
        )
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(
                f"Series {one.name!r} has {len(one.values)} values for {len(categories)} categories"
            )
    return [str(category) for category in categories]


def _wrap(label: str, width: int) -> str:
    """A long category name on several lines, so that it fits beside bars on a small screen."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _value_format(percent: bool, decimals: int | None) -> tuple[str, str]:
    """The d3 format of a value in hover text, and the suffix after it."""
    if decimals is None:
        decimals = 1 if percent else None
    number = f",.{decimals}f" if decimals is not None else ","
    return number, ("%" if percent else "")


def _font() -> dict:
    """A fresh copy of :data:`FONT`, so that no figure shares (or can change) the constant."""
    return dict(FONT)


def _value_axis(title: str, percent: bool, from_zero: bool) -> dict:
    axis: dict = {
        "title": {"text": title},
        "tickformat": ",",
        "gridcolor": GRID_COLOUR,
        "zeroline": True,
        "zerolinecolor": TEXT_COLOUR,
        "automargin": True,
        "fixedrange": True,
    }
    if percent:
        axis["ticksuffix"] = "%"
    if from_zero:
        axis["rangemode"] = "tozero"
    return axis


def _category_axis(title: str | None) -> dict:
    axis: dict = {
        "type": "category",
        "showgrid": False,
        "ticks": "outside",
        "tickcolor": TEXT_COLOUR,
        "automargin": True,
        "fixedrange": True,
    }
    if title:
        axis["title"] = {"text": title}
    return axis


def _layout(*, height: int, show_legend: bool, hovermode: str) -> dict:
    return {
        "font": _font(),
        "height": height,
        "autosize": True,
        "margin": {"l": 16, "r": 16, "t": 16, "b": 16, "pad": 4},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": show_legend,
        # Below the plot, left-aligned, read in series order; clicking cannot hide a series
        # (the table below would then disagree with the chart).
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "traceorder": "normal",
            "itemclick": False,
            "itemdoubleclick": False,
            "font": _font(),
        },
        "hovermode": hovermode,
        "hoverlabel": {"font": _font(), "bgcolor": "#ffffff", "bordercolor": TEXT_COLOUR},
        "dragmode": False,
        "separators": ".,",
    }


def _figure(data: list[dict], layout: dict) -> dict:
    """The figure: traces and layout as plotly.js reads them. No template: plotly.js has no
    default one, so the browser draws exactly the layout given here."""
    return {"data": data, "layout": layout}


def line_chart(
    *,
    categories: Sequence,
    series: Sequence[Series],
    y_title: str,
    x_title: str | None = None,
    percent: bool = False,
    decimals: int | None = None,
    from_zero: bool = True,
    height: int = DEFAULT_HEIGHT,
) -> dict:
    """Lines over ordered categories (years, quarters), one per series, in series order.

    ``percent``: values are 0 to 100, shown as "56.2%" (``decimals`` places, 1 by default).
    ``None`` values leave a gap in the line.
    """
    labels = _check(categories, series)
    number, suffix = _value_format(percent, decimals)
    data = [
        {
            "type": "scatter",
            "x": list(labels),
            "y": [_clean(value) for value in one.values],
            "name": str(one.name),
            "mode": "lines+markers",
            "connectgaps": False,
            "line": {"color": PALETTE[index], "width": 3, "dash": DASHES[index]},
            "marker": {"color": PALETTE[index], "size": 8, "symbol": MARKERS[index]},
            "hovertemplate": f"%{{y:{number}}}{suffix}",
        }
        for index, one in enumerate(series)
    ]
    layout = _layout(height=height, show_legend=len(series) > 1, hovermode="x unified")
    layout["xaxis"] = _category_axis(x_title)
    layout["yaxis"] = _value_axis(y_title, percent, from_zero)
    return _figure(data, layout)


def bar_chart(
    *,
    categories: Sequence,
    series: Sequence[Series],
    value_title: str,
    category_title: str | None = None,
    horizontal: bool = False,
    stacked: bool = False,
    percent: bool = False,
    decimals: int | None = None,
    height: int | None = None,
) -> dict:
    """Bars for each category, one bar per series side by side (or ``stacked``).

    ``horizontal`` puts the categories down the side, the first at the top (as in the table):
    best for long category names such as primary need types. ``percent`` and ``None`` as in
    :func:`line_chart`.
    """
    labels = _check(categories, series)
    if horizontal:
        labels = [_wrap(label, WRAP_WIDTH) for label in labels]
    number, suffix = _value_format(percent, decimals)
    value_key, category_key = ("x", "y") if horizontal else ("y", "x")
    data = [
        {
            "type": "bar",
            category_key: list(labels),
            value_key: [_clean(value) for value in one.values],
            "orientation": "h" if horizontal else "v",
            "name": str(one.name),
            "marker": {
                "color": PALETTE[index],
                "line": {"color": PALETTE[index], "width": 1},
                "pattern": {
                    "shape": PATTERNS[index] if len(series) > 1 else "",
                    "fillmode": "overlay",
                    "fgcolor": "#ffffff",
                    "solidity": 0.3,
                },
            },
            "hovertemplate": f"%{{{value_key}:{number}}}{suffix}",
        }
        for index, one in enumerate(series)
    ]
    if height is None:
        if horizontal:
            lines = max(label.count("<br>") + 1 for label in labels)
            per_category = max(12 + (1 if stacked else len(series)) * 24, 8 + lines * 20)
            height = 120 + len(labels) * per_category
        else:
            height = DEFAULT_HEIGHT
    layout = _layout(
        height=height,
        show_legend=len(series) > 1,
        hovermode="y unified" if horizontal else "x unified",
    )
    layout["barmode"] = "stack" if stacked else "group"
    category_axis = _category_axis(category_title)
    value_axis = _value_axis(value_title, percent, from_zero=True)
    if horizontal:
        category_axis["autorange"] = "reversed"
        layout["xaxis"], layout["yaxis"] = value_axis, category_axis
    else:
        layout["xaxis"], layout["yaxis"] = category_axis, value_axis
    return _figure(data, layout)


def series_table(
    *, category_header: str, categories: Sequence, series: Sequence[Series]
) -> tuple[list[str], list[list]]:
    """The headers and rows of the table under a chart: a row per category, a column per
    series, in the chart's order. ``None`` stays ``None`` (blank in a download)."""
    labels = _check(categories, series)
    headers = [category_header, *(one.name for one in series)]
    rows = [
        [label, *(_clean(one.values[index]) for one in series)]
        for index, label in enumerate(labels)
    ]
    return headers, rows


@dataclass(frozen=True, slots=True)
class TableCell:
    value: object
    numeric: bool


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of the table under a chart: its first value (the row's header), then its cells."""

    label: object
    cells: list[TableCell]


#: What a table shows in place of a number: DfE's marks (``c`` suppressed, ``x`` not
#: available, ``z`` not applicable) and "no data". A column of numbers and these is numeric.
NUMBER_MARKS = frozenset({"c", "x", "z", "no data"})
#: The marks that stand for a number DfE did not publish (a column of them alone is numeric).
DFE_MARKS = frozenset({"c", "x", "z"})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_numeric(values: Iterable[object]) -> bool:
    """A column to right-align: numbers (or DfE's marks for a number), with gaps, no text."""
    found = False
    for value in values:
        if value is None:
            continue
        if _is_number(value) or (isinstance(value, str) and value in DFE_MARKS):
            found = True
        elif not (isinstance(value, str) and value in NUMBER_MARKS):
            return False
    return found


@dataclass(frozen=True)
class Chart:
    """A chart and the same numbers as a table, for ``templates/includes/chart.html``.

    ``slug``: unique on the page; the ids of the figure (``<slug>-figure``) and table derive
    from it. ``title``: a short name (the table's caption and the label of its scrolling
    region). ``caption``: the takeaway sentence above the chart. ``headers`` and ``rows``:
    the table, which is also the download (:func:`chart_download`); a value of ``None`` shows
    as "no data" in the table and is blank in the download. A column after the first of
    numbers, DfE's marks (c, x, z) and gaps is numeric: right-aligned, header and cells.
    """

    slug: str
    title: str
    caption: str
    figure: dict
    headers: Sequence[str]
    rows: Sequence[Sequence]
    csv_filename: str
    numeric_columns: tuple[bool, ...] = field(init=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"Row {list(row)!r} does not match headers {self.headers!r}")
        numeric = tuple(
            index > 0 and _is_numeric(row[index] for row in self.rows)
            for index in range(len(self.headers))
        )
        object.__setattr__(self, "numeric_columns", numeric)

    @property
    def figure_id(self) -> str:
        """The id of the ``json_script`` element holding the figure."""
        return f"{self.slug}-figure"

    @property
    def header_cells(self) -> list[TableCell]:
        return [TableCell(h, n) for h, n in zip(self.headers, self.numeric_columns, strict=True)]

    @property
    def body_rows(self) -> list[TableRow]:
        numeric = self.numeric_columns[1:]
        return [
            TableRow(row[0], [TableCell(v, n) for v, n in zip(row[1:], numeric, strict=True)])
            for row in self.rows
        ]


def chart_download(chart: Chart, fmt: str = "csv") -> HttpResponse:
    """The chart's table as a CSV or Excel file: exactly the numbers the page shows."""
    return download(headers=chart.headers, rows=chart.rows, filename=chart.csv_filename, fmt=fmt)
