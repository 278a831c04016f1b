"""The summary table, pure: the latest value of each measure for the area, its region, England
and its neighbours, with the area's rank and quartile among every local authority, from the
figures :func:`needs.dashboard.reads.summary_figures` read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from needs.catalog import MEASURES
from needs.comparisons import (
    Cell,
    Figures,
    Notes,
    Shown,
    change,
    count,
    is_ok,
    rank,
    rate,
    ratio,
    shown,
)
from needs.dashboard.context import BASE_YEAR, SUMMARY, Context
from needs.dashboard.sections import coded, published_rate
from needs.dashboard.wording import period_label, source_line

NOT_RANKED = "Not ranked"


@dataclass(frozen=True)
class SummaryRow:
    label: str
    period: str
    values: tuple[Shown, ...]
    rank: str
    quartile: str


@dataclass
class Summary:
    headers: list[str]
    rows: list[SummaryRow]
    releases: set[int]
    notes: list[str]

    @property
    def table(self) -> list[list]:
        return [[r.label, r.period, *r.values, r.rank, r.quartile] for r in self.rows]

    @property
    def source(self) -> str:
        return source_line(self.releases)


def summary(ctx: Context, figures: Figures) -> Summary:
    """The latest value of each measure for the area, region, England and neighbours, with
    the area's rank and quartile among every local authority."""
    notes = Notes()
    rows = [_summary_row(ctx, figures, notes, key, label) for key, label in SUMMARY]
    headers = [
        "Measure",
        "Period",
        *("Neighbours together" if c.group else c.label for c in ctx.comparators.columns),
        f"{ctx.area.name}'s rank among local authorities",
        "Quartile",
    ]
    return Summary(
        headers,
        [row for row in rows if row is not None],
        figures.releases,
        [*notes.lines(), SUMMARY_NOTE],
    )


SUMMARY_NOTE = (
    "Region and England are DfE's own published figures. The neighbours' rates are their "
    "summed counts divided, never an average of their rates; their counts are totals. Rank "
    "1st is the best where a higher (or lower) rate is better; growth has no better "
    "direction, so it is ranked by size without calling it good or bad. Counts are not "
    "ranked: they follow the size of the area."
)


def _summary_row(
    ctx: Context, figures: Figures, notes: Notes, key: str, label: str
) -> SummaryRow | None:
    columns = ctx.comparators.columns
    if key == "growth":
        year = ctx.latest.get("ehc_plans")
        if year is None:
            return None
        top, bottom = ("ehc_plans", year, "total"), [("ehc_plans", BASE_YEAR, "total")]
        cells = [change(rate(figures, col, top, bottom, notes)) for col in columns]
        field_ = [
            change(
                ratio(figures.get("ehc_plans", code, year), figures.get(*coded(bottom[0], code)))
            )
            for code in figures.local_authorities
        ]
        return _ranked(label, f"January {BASE_YEAR} to January {year}", cells, field_, None)
    year = ctx.latest.get(key)
    if year is None:
        return None
    measure, period = MEASURES[key], period_label(key, year)
    if not measure.is_percent:
        cells = [count(figures, col, (key, year, "total"), notes) for col in columns]
        return SummaryRow(label, period, tuple(shown(c) for c in cells), NOT_RANKED, "")
    cells = [published_rate(figures, notes, key)(col, year) for col in columns]
    field_ = [figures.get(key, code, year) for code in figures.local_authorities]
    return _ranked(label, period, cells, field_, measure.higher_is_better)


def _ranked(
    label: str,
    period: str,
    cells: Sequence[Cell | None],
    field_: Iterable[Cell | None],
    higher_is_better: bool | None,
) -> SummaryRow:
    """A summary row with the area's (the first cell's) rank among ``field_``."""
    own = cells[0].value if is_ok(cells[0]) else None  # type: ignore[union-attr]
    placed = rank(own, [c.value for c in field_ if is_ok(c)], higher_is_better)  # type: ignore[misc,union-attr]
    return SummaryRow(
        label,
        period,
        tuple(shown(c, 1) for c in cells),
        placed.label if placed else "No rank (no figure)",
        placed.quartile_label if placed else "",
    )
