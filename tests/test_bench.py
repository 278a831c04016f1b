"""Smoke test of the benchmark harness (bench/): it runs and writes a row for every page, and
the import of one DfE CSV against bare COPY.

Speed is measured by ``make bench``, never asserted here: no timing thresholds.
"""

import pytest

from bench.pages import PAGES
from bench.runner import QUICK_AREAS, QUICK_REPEAT, run


def table_rows(markdown: str) -> list[dict[str, str]]:
    """Every body row of every Markdown table, keyed by its table's header."""
    rows, header = [], None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if header is None:
            header = cells
        elif set(cells) != {"---"}:
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_bench_writes_a_row_per_page_and_times_the_import(tmp_path):
    output = tmp_path / "benchmarks.md"

    run(
        areas=QUICK_AREAS,
        repeat=QUICK_REPEAT,
        output=output,
        create_database=False,
        full_import=False,
    )

    rows = [row for row in table_rows(output.read_text()) if "ratio" in row]
    for page in PAGES:
        page_rows = [row for row in rows if row["page"] == page.name]
        assert len(page_rows) == 2, page.name  # against its SQL; 1 area against all
        assert all(float(row["ratio"]) > 0 for row in page_rows)
    assert all(int(row["queries"]) > 0 for row in rows if "queries" in row)
    assert_import_section(output.read_text())


def number(cell: str) -> float:
    return 0.0 if cell == "-" else float(cell.replace(",", ""))


def assert_import_section(text: str) -> None:
    """The quick run imported one CSV of the 2025 release, again, and COPYed it bare."""
    assert "## Importing DfE statistics" in text
    loads = {row["load"]: row for row in table_rows(text) if "load" in row}
    first, again, copy = (
        loads["importer: timeliness_20_week.csv"],
        loads["importer: timeliness_20_week.csv again (nothing changes)"],
        loads["COPY: the 1 CSV the importer read"],
    )
    assert number(first["CSV rows"]) == number(copy["CSV rows"]) > 10_000
    assert number(first["figures written"]) > number(first["CSV rows"])
    assert number(first["CSV rows/s"]) > 0
    assert number(copy["CSV rows/s"]) > 0
    assert number(again["figures written"]) == 0
    stages = [row for row in table_rows(text) if "part of the import" in row]
    assert len(stages) >= 4
    assert all(number(row["seconds"]) >= 0 for row in stages)
