"""The performance framework report (the board pack) for three consecutive months, pure:
figures in, tables, sentences and charts out (no ORM, no request).

Item 9 of Norfolk's SEND performance framework (seeds/001) reports each measure as a row
of a table: the measure, its criteria / methodology, then one column per month. This builds
the same for any three consecutive months of an area, grouped as the framework groups them:
requests and decisions within 6 weeks; advice within 6 weeks by service; plans issued within
20 weeks (month and financial year to date, with and without exceptions) against the target
trajectory; average time to issue; plans in process and their age; annual reviews; and the
figures entered by hand (:mod:`ehcp.monthly`) with their methodology. Then what changed since
last month, in words, and two charts over 12 months, each with its table.

**Where a month's figures come from.** A month frozen in the snapshot ledger
(:mod:`ehcp.snapshots`) is reported as frozen; where the case data now gives a different
figure, that shows beside the frozen one as a later correction, as the ledger does. A month
not frozen is computed from the cases (:func:`ehcp.measures.month_figures`, through
:func:`ehcp.snapshots.figures_of`, so both read alike). A figure an older snapshot lacks is
computed. Figures entered by hand are reported as entered (complaints cumulative from April).

**The target trajectory** (:func:`ehcp.measures.target_for`) starts from a baseline: the
outturn of the last financial year that ended at least a year before the first target (for
Norfolk's 60% by 31 December 2021, 2019-20, ending 31 March 2020), the year's numerators over
its denominators. Without figures for that whole year, it starts at the first target.

The parts: :mod:`~ehcp.board_pack.framework` (the measures and tables),
:mod:`~ehcp.board_pack.report` (what a pack holds), :mod:`~ehcp.board_pack.figures` (the
months read and their figures), :mod:`~ehcp.board_pack.changes` (what changed) and
:mod:`~ehcp.board_pack.charts`; this module builds the pack from them (:func:`build`) and
writes its numbers as one CSV (:func:`csv_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from ehcp import monthly
from ehcp.board_pack.changes import _changes, change_sentence
from ehcp.board_pack.charts import _backlog_chart, _twenty_weeks_chart
from ehcp.board_pack.figures import (
    Figures,
    _relevant,
    baseline_year,
    end_months,
    months_between,
    months_needed,
    trajectories,
)
from ehcp.board_pack.framework import (
    ADVICE,
    BACKLOG,
    CHART_MONTHS,
    COUNT,
    DAYS,
    DOWN,
    HAND_BETTER,
    HAND_HEADING,
    HAND_NOTE,
    HEADLINES,
    MISSING,
    PERCENT,
    REQUESTS,
    REVIEWS,
    TABLES,
    TARGET_LABEL,
    TARGET_RATES,
    TWENTY_WEEKS,
    UP,
    WEEKS,
    WEEKS_TO_ISSUE,
    Measure,
    Reader,
    at,
    one_decimal,
)
from ehcp.board_pack.report import (
    BoardPack,
    Cell,
    Change,
    Row,
    Source,
    Table,
    Trajectory,
    show,
)
from ehcp.cases import Case
from ehcp.dashboard.common import month_label, month_name
from ehcp.measures import add_months
from ehcp.snapshots import Frozen

__all__ = [
    "ADVICE",
    "BACKLOG",
    "CHART_MONTHS",
    "COUNT",
    "DAYS",
    "DOWN",
    "HAND_BETTER",
    "HAND_HEADING",
    "HAND_NOTE",
    "HEADLINES",
    "MISSING",
    "PERCENT",
    "REQUESTS",
    "REVIEWS",
    "TABLES",
    "TARGET_LABEL",
    "TARGET_RATES",
    "TWENTY_WEEKS",
    "UP",
    "WEEKS",
    "WEEKS_TO_ISSUE",
    "BoardPack",
    "Cell",
    "Change",
    "Figures",
    "Frozen",
    "Measure",
    "Reader",
    "Row",
    "Source",
    "Table",
    "Trajectory",
    "_backlog_chart",
    "_changes",
    "_relevant",
    "_twenty_weeks_chart",
    "at",
    "baseline_year",
    "build",
    "change_sentence",
    "csv_table",
    "end_months",
    "months_between",
    "months_needed",
    "one_decimal",
    "show",
    "trajectories",
]


def _hand_rows(values: Mapping[tuple[str, date], Decimal], months: list[date]) -> list[Row]:
    rows = []
    reported = {row["measure"].key: row for row in monthly.reported(dict(values), months)}
    for key, row in reported.items():
        measure = row["measure"]
        unit = DAYS if measure.unit == "days" else COUNT
        label = measure.label + (" (cumulative from April)" if measure.cumulative else "")
        cells = tuple(Cell(None if v is None else _plain(v), unit) for v in row["values"])
        rows.append(Row(key, label, measure.methodology, cells))
        if key == "cme_ehcp":
            pairs = zip(reported["cme_all"]["values"], row["values"], strict=True)
            shares = [one_decimal(100 * part / whole) if whole and part is not None else None
                      for whole, part in pairs]  # fmt: skip
            cells = tuple(Cell(v, PERCENT) for v in shares)
            rows.append(Row("cme_ehcp_share", "Children missing education who have an EHC plan (%)",
                            "Percentage calculation: those with an EHC plan of all children "
                            "missing education.", cells))  # fmt: skip
    return rows


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def build(
    *,
    area_name: str,
    area_slug: str,
    to: date,
    cases: Sequence[Case],
    computable: Iterable[date],
    frozen: Mapping[date, Frozen],
    hand_entered: Mapping[tuple[str, date], Decimal],
    targets: Mapping[str, Sequence[tuple[date, float]]],
) -> BoardPack:
    """The pack for the three months ending with ``to``. ``computable``: the months the case
    data covers; ``frozen``: frozen months (at least those of :func:`months_needed`);
    ``hand_entered``: :func:`ehcp.monthly_services.values_between` from the April before the
    first month; ``targets``: target measure -> [(due, value)]."""
    months = months_between(add_months(to, -2), to)
    reads = {*months, *months_needed(to, targets)}
    figures = Figures(cases, computable=computable, frozen=frozen, reads=reads)
    paths = trajectories(figures, targets)
    tables = []
    for slug, heading, measures, notes in TABLES:
        rows = []
        for measure in measures:
            cells = tuple(figures.cell(measure, m, correct=True) for m in months)
            rows.append(Row(measure.key, measure.label, measure.methodology, cells))
            path = paths.get(measure.target)
            if path is not None:
                values = tuple(Cell(path.value(m), PERCENT) for m in months)
                words = f"The target for the month, read on its last day: {path.words}"
                rows.append(Row(f"target_{path.measure}", TARGET_LABEL, words, values, True))
        tables.append(Table(slug, heading, tuple(rows), notes))
    tables.append(Table("entered", HAND_HEADING, tuple(_hand_rows(hand_entered, months)),
                        (HAND_NOTE,)))  # fmt: skip
    sources = tuple(
        Source(m, frozen[m].frozen_on if m in frozen else None, m in figures.computable)
        for m in months
    )
    pack_name = f"board-pack-{area_slug}-{to:%Y-%m}"
    charts = (
        _twenty_weeks_chart(figures, paths, to, pack_name),
        _backlog_chart(figures, to, pack_name),
    )
    return BoardPack(
        area_name=area_name,
        months=tuple(months),
        sources=sources,
        tables=tuple(tables),
        changes=tuple(_changes(tables, months)),
        charts=charts,
        notes=tuple(_notes(sources, paths)),
        filename=pack_name,
    )


def _notes(sources: Sequence[Source], paths: Mapping[str, Trajectory]) -> list[str]:
    notes = [f"{month_name(source.month)}: {source.words}." for source in sources]
    notes.append(
        "A frozen month's figures stand as they were reported. Where the case data now gives a "
        "different figure (a late-recorded outcome, a corrected date), the new figure is shown "
        "beside the frozen one as a later correction."
    )
    for path in paths.values():
        notes.append(f"The target for {TARGET_RATES[path.measure][1]}: {path.words}")
    return notes


# --- The numbers as one CSV --------------------------------------------------------------------


def csv_table(pack: BoardPack) -> tuple[list[str], list[list]]:
    """Every table's numbers: a row per measure, a column per month, then the later
    corrections of frozen months (blank where none), and where each month's figures come
    from."""
    labels = [month_label(m) for m in pack.months]
    headers = ["Table", "Measure", "Criteria / methodology", *labels,
               *(f"{label}: later correction" for label in labels)]  # fmt: skip
    rows = [
        [table.heading, row.label, row.methodology, *(c.value for c in row.cells),
          *(_correction(c) for c in row.cells)]
        for table in pack.tables
        for row in table.rows
    ]  # fmt: skip
    words = [s.words[:1].upper() + s.words[1:] for s in pack.sources]
    rows.append(["Notes", "Where the figures come from", "", *words, *([None] * len(labels))])
    return headers, rows


def _correction(cell: Cell):
    if not cell.corrected:
        return None
    return "no figure" if cell.correction is None else cell.correction
