"""CSV and Excel downloads of a table, with spreadsheet formulas neutralised (QUALITY.md S10)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMATS = {"csv", "xlsx"}


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    return neutralise(str(value))


def download(
    *, headers: Sequence[str], rows: Iterable[Sequence], filename: str, fmt: str
) -> HttpResponse:
    """A CSV or Excel file of ``rows`` under ``headers``, named ``filename``.csv/.xlsx."""
    cells = [[_cell(value) for value in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(cells)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )  # the BOM makes Excel read UTF-8
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(list(headers))
        for row in cells:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise ValueError(f"Unknown format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
