"""QUALITY.md S10: hundreds of malformed files, each refused by name, row and column.

Hypothesis mutates a good file in the DfE layout; every mutation that breaks it
must be refused with the file named (and the row and column, where one cell is
to blame) and nothing written. A mutation that happens to stay valid imports.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from needs import services
from needs.models import Figure, Geography, JobStatus, SourceFile
from tests.needs.dfe_files import ALL, TIMELINESS_HEADER, timeliness_csv, timeliness_rows

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NAME = "fuzz_2025.csv"
ROWS = timeliness_rows()
COLUMNS = TIMELINESS_HEADER.split(",")
MEASURE_COLUMNS = list(range(12, len(COLUMNS)))
NASTY = st.one_of(
    st.sampled_from(["=1+2", "+1", "-", "@SUM(A1)", "1 5", "1e6", "NaN", "", " ", "<b>1</b>"]),
    # numbers near and past what a figure keeps (numeric(14, 4)), and past what PostgreSQL casts
    st.sampled_from(
        ["9999999999.9999", "9999999999.99995", "12345678901", "-999999999999", "1." + "0" * 31]
    ),
    st.decimals(allow_nan=False, allow_infinity=False, places=5).map(str),
    # any text that keeps the row's shape: no separators, quotes or line ends
    st.text(min_size=1, max_size=30).filter(lambda t: not set(t) & set(',"\r\n')),
)


def keeps(value: str) -> bool:
    """A value the importer should keep: c, x, z, or a number a figure can hold."""
    stripped = value.strip(" ")  # as PostgreSQL's btrim
    if stripped in {"c", "x", "z"}:
        return True
    if not re.fullmatch(r"-?[0-9]{1,30}(\.[0-9]{1,30})?", stripped):
        return False
    return abs(Decimal(stripped).quantize(Decimal("0.0001"), ROUND_HALF_UP)) < 10**10


def import_and_roll_back(data: bytes):
    """Import, report, and undo, so each example starts from an empty database."""
    with transaction.atomic():
        job = services.run_job(services.create_job(name=NAME, data=data).pk)
        written = (Figure.objects.count(), SourceFile.objects.count(), Geography.objects.count())
        transaction.set_rollback(True)
    return job, written


def bad_cell(row: int, column: int, value: str) -> bytes:
    cells = ROWS[row].split(",")
    cells[column] = value
    rows = list(ROWS)
    rows[row] = ",".join(cells)
    return timeliness_csv(rows)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(row=st.integers(0, len(ROWS) - 1), column=st.sampled_from(MEASURE_COLUMNS), value=NASTY)
# Found by this test: str.splitlines() split the row at \x1e, so the NUL's column went unnamed.
@example(row=0, column=12, value="\x1e\x00")
@example(row=1, column=13, value="a\u2028\x00")
def test_a_bad_value_is_refused_naming_its_row_and_column(row, column, value):
    job, written = import_and_roll_back(bad_cell(row, column, value))
    if keeps(value):
        assert job.status == JobStatus.DONE, job.errors
        return
    assert job.status == JobStatus.FAILED
    assert written == (0, 0, 0)
    assert {
        "file": NAME,
        "row": row + 2,
        "column": COLUMNS[column].lower(),
    }.items() <= job.errors[0].items(), job.errors


MUTATIONS = st.sampled_from(
    [
        "drop column",
        "extra field",
        "truncate",
        "bad code",
        "unknown code",
        "bad level",
        "latin-1",
        "duplicate",
        "long name",
        "long old code",
        "long breakdown",
    ]
)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation=MUTATIONS, which=st.integers(0, 100), cut=st.integers(1, 400))
def test_a_broken_file_is_refused_and_nothing_is_written(mutation, which, cut):
    rows = list(ROWS)
    header = TIMELINESS_HEADER
    row = which % len(rows)
    if mutation == "drop column":
        columns = COLUMNS[:]
        del columns[which % len(columns)]
        header = ",".join(columns)
        data = timeliness_csv(rows, header=header)
    elif mutation == "extra field":
        rows[row] += ",1"
        data = timeliness_csv(rows)
    elif mutation == "truncate":
        data = timeliness_csv(rows)[: len(TIMELINESS_HEADER) + cut]
    elif mutation == "bad code":
        rows[row] = rows[row].replace("E92000001", "E9200000X", 1).replace("E1", "Z1")
        data = timeliness_csv(rows)
    elif mutation == "unknown code":  # well-formed, but no place
        row = 1 + which % (len(rows) - 1)  # the region's row or an LA's
        rows[row] = rows[row].replace("E10000029", f"E06{900 + which:06d}")
        rows[row] = rows[row].replace("E12000006", f"E12{100 + which:06d}")
        data = timeliness_csv(rows)
    elif mutation == "long name":
        rows = [r.replace("Norfolk", "Norfolk" + "k" * (194 + cut)) for r in rows]
        data = timeliness_csv(rows)
    elif mutation == "long old code":
        rows = [r.replace(",926,", f",926{which},") for r in rows]
        data = timeliness_csv(rows)
    elif mutation == "long breakdown":
        label = "Age " + "9" * (120 + cut)  # too long for a breakdown's key, or its label
        rows[row] = rows[row].replace(ALL, f"All EHC plans issued,{label}")
        data = timeliness_csv(rows)
    elif mutation == "bad level":
        rows[row] = rows[row].replace("Calendar year,", "Calendar year,County ", 1)
        data = timeliness_csv(rows)
    elif mutation == "latin-1":
        data = timeliness_csv(rows).replace(b"Norfolk", "Norf\u00f6lk".encode("latin-1"))
    else:
        rows.append(rows[row])
        data = timeliness_csv(rows)
    job, written = import_and_roll_back(data)
    if job.status == JobStatus.DONE:
        # only a cut at the very end of a row can leave a whole, valid file
        assert mutation == "truncate", (mutation, job.errors)
        return
    assert written == (0, 0, 0)
    assert job.errors
    assert all(error["file"] == NAME and error["message"] for error in job.errors)
