"""Smoke test of the benchmark harness (bench/): it runs and writes a row for every page, the
import of one DfE CSV against bare COPY, and the import of a small EHC case extract against
bare COPY, with case data in every area.

Speed is measured by ``make bench``, never asserted here: no timing thresholds.
"""

import pytest

from bench import ehcp
from bench.pages import PAGES
from bench.runner import QUICK_AREAS, QUICK_REPEAT, run
from ehcp.models import CaseImport, CaseRequest, ImportStatus


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
    assert_case_section(output.read_text())


def test_the_ehcp_dashboard_is_timed_as_a_board_member_against_its_reads():
    page = next(page for page in PAGES if page.name.startswith("EHCP timeliness"))
    assert page.role == "board_member"
    joined = " ".join(page.sql)
    for table in ("ehcp_caserequest", "ehcp_person", "ehcp_advice", "ehcp_caseimport"):
        assert table in joined
    assert all("%(area_id)s" in statement for statement in page.sql)


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


def assert_case_section(text: str) -> None:
    """Area 001's small extract imported, again, a new area's first import, COPY; every area
    holds case data of its own."""
    assert "## Importing an area's EHC case data (SEN2 extract)" in text
    loads = [row for row in table_rows(text) if "records written" in row]
    first, again, *news, copy = loads
    assert first["load"].startswith("importer: sen2-E10000020-")
    assert again["load"].endswith("again (nothing changes)")
    # the first and the last of the other areas, with the planner's defaults
    assert [new["load"].split("'s extract, a first import")[0] for new in news] == [
        f"importer: Area {n:03d}" for n in (2, QUICK_AREAS)
    ]
    assert copy["load"] == "COPY: the 10 CSVs of the extract"
    assert number(first["CSV rows"]) == number(again["CSV rows"]) == number(copy["CSV rows"])
    assert number(first["CSV rows"]) > 1_000
    assert number(first["records written"]) > number(first["CSV rows"]) / 3
    assert number(again["records written"]) == 0
    assert all(number(new["records written"]) > 0 for new in news)
    parts = [row for row in table_rows(text) if "part of the import" in row]
    assert any(row["part of the import"].startswith("The commit") for row in parts)
    assert all(number(row["seconds"]) >= 0 for row in parts)
    assert "### Case data for the scale check" in text
    assert f"scale={ehcp.QUICK_SCALE:g})" in text
    done = CaseImport.objects.filter(status=ImportStatus.DONE)
    assert done.values("area").distinct().count() == QUICK_AREAS
    assert done.count() == QUICK_AREAS + 1  # Area 001's twice
    per_area = CaseRequest.objects.values_list("area", flat=True)
    assert len(set(per_area)) == QUICK_AREAS
