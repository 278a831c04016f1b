"""What a board pack is made of: its cells (a frozen figure and any later correction), rows,
tables, where each month's figures come from, the changes since last month, the target
trajectory, and the pack itself; ``show`` writes a figure as a table shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.charts import Chart
from ehcp.board_pack.framework import DAYS, PERCENT, WEEKS
from ehcp.dashboard.common import day_name, month_name, number
from ehcp.measures import target_for


def show(value, unit: str, *, in_words: bool = False) -> str:
    """A figure as a table shows it: 1,234 · 42.5% · 37.6 (weeks or days); "no figure".
    ``in_words``: weeks and days say so (37.6 weeks)."""
    if value is None:
        return "no figure"
    if unit == PERCENT:
        return f"{value:.1f}%"
    return f"{number(float(value))} {unit}" if in_words and unit in (WEEKS, DAYS) else number(value)


@dataclass(frozen=True)
class Cell:
    value: int | float | None
    unit: str
    #: the value recalculated now, where it differs from the frozen one (``corrected``)
    correction: int | float | None = None
    corrected: bool = False

    @property
    def shown(self) -> str:
        return show(self.value, self.unit)

    @property
    def correction_shown(self) -> str:
        return show(self.correction, self.unit)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    methodology: str
    cells: tuple[Cell, ...]
    is_target: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    heading: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a month's figures come from."""

    month: date
    frozen_on: date | None
    computed: bool  # the case data covers the month

    @property
    def words(self) -> str:
        if self.frozen_on is not None:
            return f"frozen on {day_name(self.frozen_on)}"
        return "not frozen: calculated from the case data" if self.computed else "no figures"


@dataclass(frozen=True)
class Change:
    key: str
    sentence: str
    verdict: str  # "better", "worse", "same", "" (neither way is better) or "none" (no figure)


@dataclass(frozen=True)
class Trajectory:
    measure: str
    points: tuple[tuple[date, float], ...]
    baseline: tuple[date, float] | None  # (31 March, the outturn), if there is one

    def value(self, month: date) -> float | None:
        if self.baseline is not None:
            start, rest = self.baseline, self.points
        else:
            start, rest = self.points[0], self.points[1:]
        return target_for(month, rest, baseline_value=start[1], baseline_date=start[0])

    @property
    def words(self) -> str:
        aims = " and ".join(f"{number(v)}% by {day_name(d)}" for d, v in self.points)
        if self.baseline is None:
            return f"a straight line between the targets: {aims}; none before the first."
        day, value = self.baseline
        year = f"{day.year - 1}-{day:%y} outturn, {value:.1f}% (to {day_name(day)})"
        return f"a straight line from the {year}, to {aims}."


@dataclass(frozen=True)
class BoardPack:
    area_name: str
    months: tuple[date, ...]  # the three months, oldest first
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    changes: tuple[Change, ...]
    charts: tuple[Chart, ...]
    notes: tuple[str, ...]
    filename: str  # e.g. board-pack-norfolk-2021-03

    @property
    def to(self) -> date:
        return self.months[-1]

    @property
    def title(self) -> str:
        first, last = self.months[0], self.months[-1]
        start = f"{first:%B}" if first.year == last.year else month_name(first)
        return f"{start} to {month_name(last)}"

    @property
    def corrections(self) -> int:
        return sum(
            cell.corrected for table in self.tables for row in table.rows for cell in row.cells
        )
