"""The public read API's query: current DfE figures of the total breakdown.

``parse_query`` checks the request's parameters (``BadQuery`` says what is
wrong, in words a caller can act on); ``figure_rows`` is the one query that
reads the rows; ``csv_lines`` and ``json_row`` shape each row. Views stay thin
(``needs/views/api.py``). The contract is documented in README.md, "Read API".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from core.exports import neutralise
from needs.catalog import MEASURES
from needs.models import Figure, Geography, ValueStatus

COLUMNS = ("measure", "area_code", "area_name", "period", "value", "status", "source_release")
PARAMETERS = ("measure", "area", "period", "limit", "offset")
#: most rows one JSON answer holds; ``next`` links to the rest
MAX_LIMIT = 10_000
#: most values one parameter may list
MAX_VALUES = 500

ONS_CODE = re.compile(r"[EWSN]\d{8}", re.ASCII)
PERIOD = re.compile(r"(\d{4})(\d{2})?", re.ASCII)


class BadQuery(ValueError):
    """A parameter the API cannot answer; the message says which and why."""


@dataclass(frozen=True)
class FigureQuery:
    measures: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    offset: int = 0
    limit: int | None = None


def _values(params, name: str) -> list[str]:
    """A parameter given once, repeated, or comma-separated; blanks dropped, order kept."""
    values: list[str] = []
    for given in params.getlist(name):
        for part in given.split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    if len(values) > MAX_VALUES:
        raise BadQuery(f"Give at most {MAX_VALUES} values of {name}")
    return values


def _count(params, name: str, *, default: int | None, low: int, high: int) -> int | None:
    given = params.get(name, "").strip()
    if not given:
        return default
    # Digits only, and no longer than the limit's own (Python refuses to read an integer
    # of more than 4,300 digits, and nothing that long can be in range anyway).
    digits = given.lstrip("0") or "0"
    too_long = len(digits) > len(str(high))
    if not given.isascii() or not given.isdigit() or too_long or not low <= int(digits) <= high:
        raise BadQuery(f"{name} must be a whole number from {low:,} to {high:,}")
    return int(digits)


def _valid_period(period: str) -> bool:
    match = PERIOD.fullmatch(period)
    if not match:
        return False
    start, end = match.groups()
    if not 1990 <= int(start) <= 2100:
        return False
    return end is None or int(end) == (int(start) + 1) % 100


def parse_query(params, *, paged: bool) -> FigureQuery:
    """Check the query string; ``paged`` answers (JSON) have a row limit."""
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise BadQuery(
            f"Unknown parameter {', '.join(unknown)}. The parameters are: {', '.join(PARAMETERS)}"
        )
    measures = _values(params, "measure")
    wrong = [m for m in measures if m not in MEASURES]
    if wrong:
        raise BadQuery(
            f"Unknown measure {', '.join(wrong)}. Valid measures are: {', '.join(MEASURES)}"
        )
    given = _values(params, "area")
    malformed = [code for code in given if not ONS_CODE.fullmatch(code.upper())]
    if malformed:
        raise BadQuery(
            f"Unknown area {', '.join(malformed)}. Give an ONS code: E92000001 for England, "
            "E12000001 to E12000009 for a region, or a local authority's code like E10000020"
        )
    areas = list(dict.fromkeys(code.upper() for code in given))
    if areas:
        known = set(Geography.objects.filter(code__in=areas).values_list("code", flat=True))
        missing = [code for code in areas if code not in known]
        if missing:
            raise BadQuery(
                f"Unknown area {', '.join(missing)}: no DfE figures have been imported for it"
            )
    periods = _values(params, "period")
    bad = [p for p in periods if not _valid_period(p)]
    if bad:
        raise BadQuery(
            f"Malformed period {', '.join(bad)}. Write a period as DfE does: a year like 2024, "
            "or an academic year like 202425 (January 2025)"
        )
    return FigureQuery(
        measures=tuple(measures),
        areas=tuple(areas),
        periods=tuple(periods),
        offset=_count(params, "offset", default=0, low=0, high=10_000_000),
        limit=_count(params, "limit", default=MAX_LIMIT if paged else None, low=1, high=MAX_LIMIT),
    )


def figure_rows(query: FigureQuery, *, extra: int = 0) -> QuerySet:
    """One query: the rows in the API's order, as tuples in ``COLUMNS`` order (the release
    as publication and year). ``extra`` more rows than the limit tell whether there are more."""
    rows = Figure.objects.filter(current=True, breakdown__key="total")
    if query.measures:
        rows = rows.filter(measure__in=query.measures)
    if query.areas:
        rows = rows.filter(geography__code__in=query.areas)
    if query.periods:
        rows = rows.filter(period__in=query.periods)
    rows = rows.order_by("measure", "geography__code", "year", "period").values_list(
        "measure",
        "geography__code",
        "geography__name",
        "period",
        "value",
        "status",
        "source_file__release__publication",
        "source_file__release__year",
    )
    end = None if query.limit is None else query.offset + query.limit + extra
    return rows[query.offset : end]


def _number(value: Decimal | None, status: str) -> Decimal | None:
    if value is None or status != ValueStatus.PUBLISHED:
        return None
    # 1234.0000 -> 1234, 56.7000 -> 56.7 (never 1.234E+3)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _release(publication: str, year: int) -> str:
    return f"{publication} {year}"


def json_row(row: tuple) -> dict:
    measure, code, name, period, value, status, publication, year = row
    number = _number(value, status)
    if number is not None:
        number = int(number) if number == number.to_integral() else float(number)
    return {
        "measure": measure,
        "area_code": code,
        "area_name": name,
        "period": period,
        "value": number,
        "status": status,
        "source_release": _release(publication, year),
    }


class _Line:
    """A file-like object whose ``write`` returns the line (for ``csv.writer``)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[tuple], *, batch: int = 1000) -> Iterator[str]:
    """The header, then the rows ``batch`` lines at a time; text neutralised as in core.exports."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    lines = [writer.writerow(COLUMNS)]
    for measure, code, name, period, value, status, publication, year in rows:
        number = _number(value, status)
        lines.append(
            writer.writerow(
                [
                    neutralise(measure),
                    neutralise(code),
                    neutralise(name),
                    neutralise(period),
                    "" if number is None else f"{number:f}",
                    neutralise(status),
                    neutralise(_release(publication, year)),
                ]
            )
        )
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
