"""Smoke test of the benchmark harness (bench/): it runs and writes a row for every page.

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
def test_bench_writes_a_row_per_page_with_positive_ratios(tmp_path):
    output = tmp_path / "benchmarks.md"

    run(areas=QUICK_AREAS, repeat=QUICK_REPEAT, output=output, create_database=False)

    rows = [row for row in table_rows(output.read_text()) if "ratio" in row]
    for page in PAGES:
        page_rows = [row for row in rows if row["page"] == page.name]
        assert len(page_rows) == 2, page.name  # against its SQL; 1 area against all
        assert all(float(row["ratio"]) > 0 for row in page_rows)
    assert all(int(row["queries"]) > 0 for row in rows if "queries" in row)
