"""The DfE importer on the real files and on small malformed ones (QUALITY.md S10)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from needs import services
from needs.models import (
    ConsistencyIssue,
    Figure,
    Geography,
    JobStatus,
    Release,
    SourceFile,
)
from tests.needs.dfe_files import (
    EAST,
    MI_2023,
    TIMELINESS_HEADER,
    ZIP_2022,
    ZIP_2025,
    member,
    timeliness_csv,
    timeliness_rows,
    zipped,
)

pytestmark = pytest.mark.django_db


def run(name: str, data: bytes, release_year: int | None = None):
    job = services.create_job(name=name, data=data, release_year=release_year)
    return services.run_job(job.pk)


def current(measure, code, year, breakdown="total"):
    return Figure.objects.select_related("source_file__release").get(
        measure=measure, geography__code=code, year=year, breakdown__key=breakdown, current=True
    )


def nothing_written():
    return (
        Figure.objects.count(),
        SourceFile.objects.count(),
        Geography.objects.count(),
        ConsistencyIssue.objects.count(),
    ) == (0, 0, 0, 0)


# -- real files ------------------------------------------------------------------------


def test_a_real_csv_from_the_2025_release_imports_with_its_figures():
    data = member(ZIP_2025, "data/timeliness_20_week.csv")
    job = run("timeliness_20_week.csv", data, release_year=2025)
    assert job.status == JobStatus.DONE, job.errors
    assert job.summary[0]["rows"] == 12211
    assert job.summary[0]["figures"] == 12211 * 6
    england = current("pc_issued_within_20_weeks_ex", "E92000001", 2019)
    assert england.value == Decimal("60.4")
    assert england.period == "2019"
    assert england.source_file.release.year == 2025
    assert current("plans_issued_den", "E92000001", 2019).value == 53327
    # PC_ and pc_ columns both read; every LA kept with its old and new code
    norfolk = Geography.objects.get(code="E10000020")
    assert (norfolk.name, norfolk.old_la_code, norfolk.region.code) == (
        "Norfolk",
        "926",
        "E12000006",
    )
    assert Geography.objects.filter(level="la").count() >= 152
    assert Geography.objects.get(code="E06000063").name == "Cumberland"
    assert Geography.objects.get(code="E10000006").replaced_by.count() == 2


def test_importing_the_same_file_twice_changes_nothing():
    data = member(ZIP_2025, "data/timeliness_20_week.csv")
    run("timeliness_20_week.csv", data, release_year=2025)
    before = (Figure.objects.count(), SourceFile.objects.count(), Geography.objects.count())
    again = run("timeliness_20_week.csv", data, release_year=2025)
    assert again.status == JobStatus.DONE
    assert "Already imported" in again.summary[0]["skipped"]
    after = (Figure.objects.count(), SourceFile.objects.count(), Geography.objects.count())
    assert after == before


def test_a_newer_release_supersedes_an_older_one_and_the_older_figures_stay():
    run("sen2_mi.csv", member(ZIP_2022, "data/sen2_mi.csv"), release_year=2022)
    run(MI_2023.name, MI_2023.read_bytes(), release_year=2023)
    run("timeliness.csv", member(ZIP_2025, "data/timeliness_20_week.csv"), release_year=2025)

    # 2019 is in all three releases: the 2025 figure shows, the others are kept
    shown = current("plans_issued_den", "E92000001", 2019)
    assert shown.source_file.release.year == 2025
    history = Figure.objects.filter(
        measure="plans_issued_den", geography__code="E92000001", year=2019
    )
    assert sorted(f.source_file.release.year for f in history) == [2022, 2023, 2025]
    # 2014 is only in the 2022 and 2023 releases: the 2023 figure shows
    assert current("plans_issued_den", "E92000001", 2014).source_file.release.year == 2023


def test_an_older_release_imported_late_does_not_replace_the_newer_figures():
    run("timeliness.csv", member(ZIP_2025, "data/timeliness_20_week.csv"), release_year=2025)
    run("sen2_mi.csv", member(ZIP_2022, "data/sen2_mi.csv"), release_year=2022)
    assert current("plans_issued_den", "E92000001", 2020).source_file.release.year == 2025
    assert current("plans_issued_den", "E92000001", 2015).source_file.release.year == 2022


def test_snake_case_2023_layout_reads_the_same_measures():
    job = run(MI_2023.name, MI_2023.read_bytes(), release_year=2023)
    assert job.status == JobStatus.DONE, job.errors
    # values with leading spaces (" 96.72") are numbers
    assert Figure.objects.filter(current=True, status="published").count() > 9000
    assert current("requests_received", "E92000001", 2022).value > 0


@pytest.mark.slow
def test_both_release_zips_import_and_join_into_one_series_from_2010():
    first = run(ZIP_2022.name, ZIP_2022.read_bytes())
    assert first.status == JobStatus.DONE, first.errors
    job = run(ZIP_2025.name, ZIP_2025.read_bytes())
    assert job.status == JobStatus.DONE, job.errors
    assert Release.objects.filter(year__in=[2022, 2025]).count() == 2
    assert job.release_year == 2025  # read from the file name
    files = {f["file"]: f for f in job.summary}
    assert files["data/caseload.csv"]["figures"] == 25339 * 7
    assert "no measure" in files["data/assessments.csv"]["skipped"]
    assert (
        "Not a DfE open-data file"
        in files["supporting-files/SEND Tribunals and appeal rate 2014-2024.csv"]["skipped"]
    )

    series = dict(
        Figure.objects.filter(
            measure="ehc_plans", geography__code="E92000001", breakdown__key="total", current=True
        ).values_list("year", "status")
    )
    assert sorted(series) == list(range(2010, 2026))
    # EHC plans began in September 2014: January counts before 2015 are "not applicable" (z)
    assert {series[y] for y in range(2010, 2015)} == {"not_applicable"}
    assert {series[y] for y in range(2015, 2026)} == {"published"}
    assert current("ehc_plans", "E92000001", 2015).value == 4203
    assert current("ehc_plans", "E92000001", 2025).value == 638745
    assert current("ehc_plans", "E92000001", 2022).period == "202122"  # 2025 release wins
    assert current("statements", "E92000001", 2010).value > 200000
    assert current("ehc_plans", "E10000020", 2025, "age:10").value > 0
    assert current("ehc_plans", "E10000023", 2012, "age_band:5_10") is not None
    assert current("pc_need_asd", "E10000024", 2025).value > 0

    # the consistency report names real discrepancies in the published file
    issue = ConsistencyIssue.objects.filter(
        job=job,
        file_name="data/newplans.csv",
        period="2022",
        parent_code="E92000001",
        children="local authorities",
        breakdown="New EHC plans",
    ).get()
    assert issue.kind == "discrepancy"
    assert issue.parent_total == 66706
    assert issue.children_total > issue.parent_total


# -- consistency ------------------------------------------------------------------------


def test_consistency_report_separates_suppression_from_real_discrepancies():
    rows = timeliness_rows(
        england=(300, 280, 150, 140, "50", "50"),
        region=(310, 280, "c", 140, "50", "50"),  # LAs 300 against region 310: discrepancy
        las=[(100, 90, "c", 45, "50", "50"), (200, 190, 100, 95, "50", "50")],
    )
    job = run("timeliness.csv", timeliness_csv(rows), release_year=2025)
    assert job.status == JobStatus.DONE, job.errors
    found = {
        (i.measure, i.parent_code, i.children): (i.kind, i.parent_total, i.children_total)
        for i in ConsistencyIssue.objects.filter(job=job)
    }
    assert found[("plans_issued_den", "E12000006", "local authorities")] == (
        "discrepancy",
        310,
        300,
    )
    assert found[("plans_issued_den", "E92000001", "regions")] == ("discrepancy", 300, 310)
    # 100 published of 150 for England, the other LA suppressed: explained
    assert found[("plans_issued_within_20_weeks", "E92000001", "local authorities")] == (
        "suppression",
        150,
        100,
    )
    # percentages are not summed
    assert not any(m.startswith("pc_") for m, _, _ in found)
    # the published figures are kept as published, never "fixed"
    assert current("plans_issued_den", "E12000006", 2024).value == 310
    assert current("plans_issued_within_20_weeks", "E10000020", 2024).status == "suppressed"
    assert current("plans_issued_within_20_weeks", "E10000020", 2024).value is None


# -- bad input: refused, named, nothing written ------------------------------------------


ROWS = timeliness_rows()
COLUMNS = TIMELINESS_HEADER.lower().split(",")


def with_cell(row: int, column: str, value: str) -> bytes:
    """The small timeliness file with one cell (row 0 is England's, file row 2) changed."""
    rows = [r.split(",") for r in ROWS]
    rows[row][COLUMNS.index(column)] = value
    return timeliness_csv([",".join(r) for r in rows])


BAD_FILES = {
    "not DfE": (
        "people.csv",
        b"name,age\nAda,36\n",
        ("people.csv", 1, "", "not a DfE open-data file"),
    ),
    "missing column": (
        "t.csv",
        timeliness_csv(header=timeliness_csv().decode("utf-8-sig").split("\n")[0][:-28]),
        ("t.csv", 1, "pc_plans_issued_20_weeks_ex", "missing"),
    ),
    "not a number": (
        "t.csv",
        timeliness_csv(
            timeliness_rows(las=[(100, 90, "lots", 45, "50", "50"), (200, 190, 100, 95, 1, 1)])
        ),
        ("t.csv", 4, "plans_issued_within_20_weeks", "'lots' is not a number"),
    ),
    "formula": (
        "t.csv",
        timeliness_csv(
            timeliness_rows(las=[(100, 90, "=1+2", 45, "50", "50"), (200, 190, 100, 95, 1, 1)])
        ),
        ("t.csv", 4, "plans_issued_within_20_weeks", "'=1+2' is not a number"),
    ),
    "unknown geography": (
        "t.csv",
        timeliness_csv([r.replace("E10000029", "X99") for r in timeliness_rows()]),
        ("t.csv", 5, "new_la_code", "Unknown geography code 'X99'"),
    ),
    "well-formed but unknown geography": (
        "t.csv",
        timeliness_csv([r.replace("E10000029", "E06000999") for r in timeliness_rows()]),
        ("t.csv", 5, "new_la_code", "Unknown geography code 'E06000999': not a local authority"),
    ),
    "a region's code at local authority level": (
        "t.csv",
        timeliness_csv([r.replace("E10000029", "E12000001") for r in timeliness_rows()]),
        ("t.csv", 5, "new_la_code", "Unknown geography code 'E12000001'"),
    ),
    "well-formed but unknown region": (
        "t.csv",
        timeliness_csv(
            [r.replace(EAST, "E12000099,Eastern") if i == 1 else r for i, r in enumerate(ROWS)]
        ),
        ("t.csv", 3, "region_code", "Unknown geography code 'E12000099': not a region"),
    ),
    "well-formed but unknown region of a local authority": (
        "t.csv",
        timeliness_csv(
            [r.replace(EAST, "E12000099,Eastern") if i == 2 else r for i, r in enumerate(ROWS)]
        ),
        ("t.csv", 4, "region_code", "Unknown region code 'E12000099'"),
    ),
    # too large or too long for the column that keeps it: refused, not a fault (S10)
    "number of 11 digits": (
        "t.csv",
        with_cell(2, "plans_issued_within_20_weeks", "12345678901"),
        ("t.csv", 4, "plans_issued_within_20_weeks", "'12345678901' is too large"),
    ),
    "number of 12 digits": (
        "t.csv",
        with_cell(3, "plans_issued_den", "-999999999999"),
        ("t.csv", 5, "plans_issued_den", "'-999999999999' is too large"),
    ),
    "number that rounds to 11 digits": (
        "t.csv",
        with_cell(0, "pc_plans_issued_within_20_weeks", "9999999999.99999"),
        ("t.csv", 2, "pc_plans_issued_within_20_weeks", "too large"),
    ),
    "number of thousands of decimals": (
        "t.csv",
        with_cell(0, "plans_issued_den", "1." + "0" * 20000),
        ("t.csv", 2, "plans_issued_den", "is not a number"),
    ),
    "old LA code over 3 characters": (
        "t.csv",
        with_cell(2, "old_la_code", "9261"),
        ("t.csv", 4, "old_la_code", "'9261' is longer than 3 characters"),
    ),
    "LA name over 200 characters": (
        "t.csv",
        with_cell(3, "la_name", "Suffolk" + "k" * 200),
        ("t.csv", 5, "la_name", "longer than 200 characters"),
    ),
    "region name over 200 characters": (
        "t.csv",
        with_cell(1, "region_name", "East" + "t" * 200),
        ("t.csv", 3, "region_name", "longer than 200 characters"),
    ),
    "country name over 200 characters": (
        "t.csv",
        with_cell(0, "country_name", "England" + "d" * 200),
        ("t.csv", 2, "country_name", "longer than 200 characters"),
    ),
    "breakdown key over 120 characters": (
        "t.csv",
        with_cell(2, "breakdown", "Age " + "9" * 150),
        ("t.csv", 4, "breakdown", "too long for a breakdown"),
    ),
    "breakdown over 200 characters": (
        "t.csv",
        with_cell(3, "breakdown", "All EHC plans issued" + "!" * 200),
        ("t.csv", 5, "breakdown", "longer than 200 characters"),
    ),
    "breakdown topic over 200 characters": (
        "t.csv",
        with_cell(2, "breakdown_topic", "Age" + "e" * 200),
        ("t.csv", 4, "breakdown_topic", "longer than 200 characters"),
    ),
    "file in a zip with a name over 255 characters": (
        "release.zip",
        zipped({"data/" + "t" * 260 + ".csv": timeliness_csv()}),
        ("release.zip", None, "", "longer than 255 characters"),
    ),
    "bad period": (
        "t.csv",
        timeliness_csv(
            [r.replace("2024,Calendar", "202425,Calendar", 1) for r in timeliness_rows()]
        ),
        ("t.csv", 2, "time_period", "not a calendar year"),
    ),
    "duplicate row": (
        "t.csv",
        timeliness_csv(timeliness_rows() + timeliness_rows()[-1:]),
        ("t.csv", 6, "", "repeats row 5"),
    ),
    "extra value": (
        "t.csv",
        timeliness_csv([*timeliness_rows()[:2], timeliness_rows()[2] + ",9"]),
        ("t.csv", 4, "", "more values than the header"),
    ),
    "not UTF-8": (
        "t.csv",
        timeliness_csv().replace(b"Norfolk", "Norf\u00f6lk".encode("latin-1")),
        ("t.csv", 4, "", "not UTF-8"),
    ),
    "web page": (
        "t.csv",
        b"<!doctype html><html><body>Not found</body></html>",
        ("t.csv", None, "", "web page"),
    ),
    "empty": ("t.csv", b"", ("t.csv", 1, "", "empty")),
    "a zip whose CSV lacks the geography columns": (
        "release.zip",
        zipped({"data/people.csv": b"time_period,time_identifier,geographic_level\n"}),
        ("data/people.csv", 1, "new_la_code", "The column is missing"),
    ),
    "no CSV in a zip": (
        "release.zip",
        zipped({"readme.txt": b"hello"}),
        ("release.zip", None, "", "no CSV files"),
    ),
    "damaged zip": (
        "release.zip",
        zipped({"data/t.csv": timeliness_csv()})[:200],
        ("release.zip", None, "", "damaged"),
    ),
    "not a zip or CSV": ("t.xlsx", b"\x00\x01binary", ("t.xlsx", None, "", "CSV file")),
    "good file beside a bad one": (
        "release.zip",
        zipped(
            {
                "data/good.csv": timeliness_csv(),
                "data/bad.csv": timeliness_csv(
                    timeliness_rows(las=[(1, 1, "n/a", 1, 1, 1), (2, 2, 2, 2, 2, 2)])
                ),
            }
        ),
        ("data/bad.csv", 4, "plans_issued_within_20_weeks", "is not a number"),
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_input_is_refused_with_file_row_and_column_and_nothing_is_written(case):
    name, data, expected = BAD_FILES[case]
    job = run(name, data, release_year=2025)
    assert job.status == JobStatus.FAILED
    assert job.errors, "a refusal names its reason"
    assert nothing_written()
    assert job.payload is None  # the upload is not kept after the import ends
    file, row, column, message = expected
    assert any(
        e["file"] == file
        and e["row"] == row
        and e["column"] == column
        and message.lower() in e["message"].lower()
        for e in job.errors
    ), job.errors


def test_the_largest_number_a_column_keeps_imports():
    job = run("t.csv", with_cell(2, "plans_issued_den", "9999999999.9999"), release_year=2025)
    assert job.status == JobStatus.DONE, job.errors
    assert current("plans_issued_den", "E10000020", 2024).value == Decimal("9999999999.9999")
    assert current("plans_issued_den", "E10000020", 2024).source_file.rows == 4


NOTHING = "Nothing to import: no file holds a measure the portal keeps"


@pytest.mark.parametrize(
    ("name", "data", "files"),
    [
        pytest.param(
            "release.zip",
            zipped({"data/people.csv": b"name,age\nAda,36\n", "notes.csv": b"note\nhello\n"}),
            "data/people.csv, notes.csv",
            id="a zip of CSVs that are not DfE open data",
        ),
        pytest.param(
            "release.zip",
            zipped(
                {
                    "data/assessments.csv": member(ZIP_2025, "data/assessments.csv"),
                    "supporting-files/people.csv": b"name,age\nAda,36\n",
                }
            ),
            "data/assessments.csv, supporting-files/people.csv",
            id="a zip whose only DfE file is not EHC plans statistics the portal keeps",
        ),
        pytest.param(
            "assessments_2025.csv",
            member(ZIP_2025, "data/assessments.csv"),
            "assessments_2025.csv",
            id="a DfE CSV that is not EHC plans statistics the portal keeps",
        ),
    ],
)
def test_an_upload_with_nothing_usable_is_refused_saying_so(name, data, files):
    job = run(name, data, release_year=2025)
    assert job.status == JobStatus.FAILED
    assert job.errors == [{"file": files, "row": None, "column": "", "message": NOTHING}]
    assert nothing_written()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.NEEDS_MAX_UPLOAD_BYTES = 1000
    job = run("t.csv", timeliness_csv() * 10, release_year=2025)
    assert job.status == JobStatus.FAILED
    assert "larger than" in job.errors[0]["message"]
    assert nothing_written()


def test_a_zip_bomb_is_refused(settings):
    settings.NEEDS_MAX_UNCOMPRESSED_BYTES = 1_000_000
    bomb = zipped({"data/big.csv": b"0" * 5_000_000})
    job = run("release.zip", bomb, release_year=2025)
    assert job.status == JobStatus.FAILED
    assert "expands" in job.errors[0]["message"]


def test_a_release_year_is_needed_when_the_name_does_not_say_it():
    job = run("timeliness.csv", timeliness_csv())
    assert job.status == JobStatus.FAILED
    assert "reporting year" in job.errors[0]["message"]
    assert nothing_written()


# -- the command --------------------------------------------------------------------------


def test_command_imports_and_prints_what_it_did(tmp_path, capsys):
    path = tmp_path / "timeliness_2025.csv"
    path.write_bytes(timeliness_csv())
    call_command("import_dfe", str(path), verbosity=0)
    out = capsys.readouterr().out
    assert "Imported 24 figures" in out
    assert "timeliness_2025.csv: 4 rows, 24 figures" in out
    assert "Consistency:" in out
    assert Figure.objects.count() == 24


def test_command_prints_each_problem_and_fails(tmp_path, capsys):
    path = tmp_path / "bad_2025.csv"
    path.write_bytes(timeliness_csv([r.replace("E10000029", "X99") for r in timeliness_rows()]))
    with pytest.raises(CommandError):
        call_command("import_dfe", str(path), verbosity=0)
    err = capsys.readouterr().err
    assert "bad_2025.csv, row 5, column new_la_code: Unknown geography code 'X99'" in err
    assert nothing_written()


def test_the_real_files_are_unmodified_copies_of_dfe_downloads():
    import hashlib

    from tests.needs.dfe_files import DFE

    pinned = dict(reversed(line.split()) for line in (DFE / "SHA256SUMS").read_text().splitlines())
    assert len(pinned) == 3
    for name, digest in pinned.items():
        assert hashlib.sha256((DFE / name).read_bytes()).hexdigest() == digest, name
