"""The dashboard's words, pure: DfE's marks, the source line, periods, and how a figure and
its comparators read in a caption."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from needs.catalog import MEASURES
from needs.comparisons import Column, Number

MARKER_KEY = (
    ("c", "suppressed by DfE to protect confidentiality"),
    ("x", "not available (for the neighbours together: the figures it needs were not published)"),
    ("z", "not applicable (for example, EHC plans before they began in 2014)"),
    ("no data", "not in the DfE files the portal holds"),
)
PUBLISHER = "DfE, Education, health and care plans"


def source_line(releases: Iterable[int]) -> str:
    years = sorted(set(releases))
    if not years:
        return f"Source: {PUBLISHER}."
    if len(years) == 1:
        return f"Source: {PUBLISHER}, reporting year {years[0]}."
    listed = ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"
    return f"Source: {PUBLISHER}, reporting years {listed}."


def period_label(measure: str, year: int) -> str:
    return f"January {year}" if MEASURES[measure].snapshot else str(year)


def percent(value: Number | None) -> str:
    return "no figure" if value is None else f"{value:.1f}%"


def how_many(value: Number | None) -> str:
    return "no figure" if value is None else f"{value:,}"


def signed(value: Number | None) -> str:
    return "no figure" if value is None else f"{'+' if value > 0 else ''}{value:.1f}%"


def against(
    columns: Sequence[Column], values: Sequence[Number | None], fmt: Callable | None = None
) -> str:
    """ ", against 46.4% in the East of England, 45.9% in England and 34.2% among its
    neighbours": the comparators after the area."""
    fmt = fmt or percent
    parts = [
        f"{fmt(value)} {'among its neighbours' if col.group else f'in {the(col.label)}'}"
        for col, value in zip(columns[1:], values[1:], strict=True)
    ]
    if len(parts) > 1:
        parts = [", ".join(parts[:-1]) + f" and {parts[-1]}"]
    return f", against {parts[0]}" if parts else ""


def the(name: str) -> str:
    """ "the East of England", "the North East", but "London" and "England"."""
    return f"the {name}" if name.split(" ")[0] in {"North", "South", "East", "West"} else name
