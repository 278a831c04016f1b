import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import download, neutralise


@pytest.mark.parametrize("value", ["=1+2", "+44", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_prefixes_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_text_is_unchanged():
    assert neutralise("Plan 2024") == "Plan 2024"
    assert neutralise(5) == 5


ROWS = [['=HYPERLINK("x")', 40, date(2025, 3, 31), Decimal("12.50"), None]]
HEADERS = ["Action", "Progress", "Due", "Value", "Owner"]


def test_csv_has_a_bom_headers_and_neutralised_cells():
    response = download(headers=HEADERS, rows=ROWS, filename="actions", fmt="csv")
    assert response["Content-Disposition"] == 'attachment; filename="actions.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == HEADERS
    assert rows[1] == ['\'=HYPERLINK("x")', "40", "2025-03-31", "12.50", ""]


def test_excel_keeps_types_and_neutralises_text():
    response = download(headers=HEADERS, rows=ROWS, filename="actions", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert values[0] == '\'=HYPERLINK("x")'
    assert values[1] == 40
    assert values[2].date() == date(2025, 3, 31)
    assert sheet["A2"].data_type == "s"  # text, never a formula
