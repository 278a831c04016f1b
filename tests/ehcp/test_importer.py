"""The SEN2 person-level importer on generated extracts (never a real file): counts against
``Extract.cases``, re-imports, later extracts, malformed files (QUALITY.md S10), what is
kept of a child (S11) and area isolation."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import threading
import time
import zipfile
from datetime import date
from functools import cache

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from ehcp import importer, services, synthetic
from ehcp.models import Advice, CaseImport, CaseRequest, ImportStatus, Person
from ehcp.pseudonyms import area_key, pseudonym
from ehcp.sen2_format import MODULES, PERSONAL
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

SMALL = synthetic.Params(
    start=date(2021, 1, 1),
    end=date(2021, 6, 30),
    monthly_requests=12,
    active_plans=40,
    backlog=6,
    seed=5,
)


@cache
def _generated(params: synthetic.Params) -> synthetic.Extract:
    return synthetic.generate(params)


@cache
def extract_for(la_code: str, params: synthetic.Params = SMALL) -> synthetic.Extract:
    """``params``' extract for the LA ``la_code`` (generated once, its header changed)."""
    base = _generated(params)
    header = [(*row[:4], la_code, *row[5:]) for row in base.rows["header"]]
    rows = {**base.rows, "header": header}
    return synthetic.Extract(dataclasses.replace(params, la_code=la_code), rows, base._build)


def norfolk(la_code: str, **changes) -> synthetic.Extract:
    return extract_for(la_code, dataclasses.replace(synthetic.NORFOLK_2020_21, **changes))


def zipped(extract: synthetic.Extract, tmp_path, name="extract.zip") -> list[tuple[str, bytes]]:
    path = synthetic.write_zip(extract, tmp_path / name)
    return [(name, path.read_bytes())]


def csv_files(extract: synthetic.Extract, **replace: bytes | None) -> list[tuple[str, bytes]]:
    """The extract's CSV files, a module's bytes replaced (None: left out)."""
    files = []
    for name, module in MODULES.items():
        data = replace[name] if name in replace else extract.csv_bytes(name)
        if data is not None:
            files.append((module.file_name, data))
    return files


def table(extract: synthetic.Extract, module: str) -> list[list[str]]:
    """A module's CSV as rows, the header first (row 1)."""
    return [list(r) for r in csv.reader(io.StringIO(extract.csv_bytes(module).decode()))]


def encode(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def edited(extract, module: str, change) -> bytes:
    rows = table(extract, module)
    change(rows)
    return encode(rows)


def run(area, files, **kwargs) -> CaseImport:
    return services.import_extract(area=area, files=files, **kwargs)


def nothing_written(area) -> bool:
    return (
        Person.objects.filter(area=area).count(),
        CaseRequest.objects.filter(area=area).count(),
        Advice.objects.filter(area=area, request__area=area).count(),
    ) == (0, 0, 0)


def problems(record: CaseImport) -> set[tuple]:
    return {(e["module"], e["row"], e["field"]) for e in record.errors}


def held(area) -> dict[str, tuple]:
    """The requests held, by record key, as tuples comparable with ``expected``."""
    rows = CaseRequest.objects.filter(area=area).values_list(
        "record_key",
        "person__pseudonym",
        "received",
        "request_outcome",
        "request_outcome_date",
        "assessment_outcome",
        "assessment_outcome_date",
        "exception",
        "plan_start",
        "plan_ceased",
        "last_review",
        "review_meeting",
        "primary_need",
        "person__birth_month",
        "person__sex",
    )
    return {r[0]: r[1:] for r in rows}


def expected(area, extract) -> dict[str, tuple]:
    key = area_key(area.la_code)
    cases = extract.cases
    upn = {r[0]: r[7] for r in extract.rows["person"]}
    person_of = {r[0]: r[1] for r in extract.rows["requests"]}
    out = {}
    for c in cases:
        out[pseudonym(key, "request", c.request_id)] = (
            pseudonym(key, "upn", upn[person_of[c.request_id]]),
            c.received,
            c.request_outcome.value,
            c.request_outcome_date,
            c.assessment_outcome.value if c.assessment_outcome else "",
            c.assessment_outcome_date,
            c.exception,
            c.plan_start,
            c.plan_ceased,
            c.last_review,
            c.review_meeting,
            c.primary_need,
            c.birth_month,
            c.sex,
        )
    return out


def advice_held(area) -> set[tuple]:
    return set(
        Advice.objects.filter(area=area, request__area=area).values_list(
            "request__record_key", "service", "requested", "returned"
        )
    )


def advice_expected(area, extract) -> set[tuple]:
    key = area_key(area.la_code)
    return {
        (pseudonym(key, "request", c.request_id), a.service.value, a.requested, a.returned)
        for c in extract.cases
        for a in c.advice
    }


# -- good extracts ------------------------------------------------------------------------


def test_the_norfolk_preset_imports_every_case_as_generated(area_a, tmp_path, users):
    extract = norfolk(area_a.la_code)
    record = run(area_a, zipped(extract, tmp_path), user=users.commissioner)
    assert record.status == ImportStatus.DONE, record.errors
    cases = extract.cases
    assert record.summary["requests"] == {
        "added": len(cases),
        "updated": 0,
        "unchanged": 0,
        "absent": 0,
    }
    people = {c.person for c in cases}
    assert record.summary["people"]["added"] == len(people) == Person.objects.count()
    assert held(area_a) == expected(area_a, extract)
    assert advice_held(area_a) == advice_expected(area_a, extract)
    assert record.summary["advice"]["added"] == sum(len(c.advice) for c in cases)
    assert record.extract_date == date(2021, 12, 31)  # the header's reference date
    assert record.summary["rows"]["requests"] == len(extract.rows["requests"])
    assert record.created_by == users.commissioner
    assert CaseRequest.objects.filter(first_import=record, last_import=record).count() == len(cases)


def test_the_csv_files_import_as_the_zip_does(area_a):
    extract = extract_for(area_a.la_code)
    record = run(area_a, csv_files(extract))
    assert record.status == ImportStatus.DONE, record.errors
    assert held(area_a) == expected(area_a, extract)
    assert record.file_name.startswith("header.csv, person.csv, requests.csv")


def test_importing_the_same_file_twice_changes_nothing(area_a, tmp_path):
    extract = norfolk(area_a.la_code)
    files = zipped(extract, tmp_path)
    first = run(area_a, files)
    before = held(area_a), advice_held(area_a)
    ids = set(CaseRequest.objects.values_list("pk", "last_import_id"))
    second = run(area_a, files)
    assert second.status == ImportStatus.DONE, second.errors
    n = len(extract.cases)
    assert second.summary["requests"] == {"added": 0, "updated": 0, "unchanged": n, "absent": 0}
    assert second.summary["people"]["added"] == second.summary["people"]["updated"] == 0
    assert second.summary["advice"]["added"] == second.summary["advice"]["updated"] == 0
    assert second.summary["advice"]["removed"] == 0
    assert (held(area_a), advice_held(area_a)) == before
    assert set(CaseRequest.objects.values_list("pk", "last_import_id")) == ids
    assert first.sha256 == second.sha256


def test_a_later_extract_updates_without_duplicates(area_a, tmp_path):
    """Same seed, later end: the generator reassigns some record ids and outcomes."""
    early = norfolk(area_a.la_code)
    later = norfolk(area_a.la_code, end=date(2022, 3, 31))
    run(area_a, zipped(early, tmp_path, "early.zip"))
    record = run(area_a, zipped(later, tmp_path, "later.zip"))
    assert record.status == ImportStatus.DONE, record.errors
    before, after = expected(area_a, early), expected(area_a, later)
    changed = {k for k in before.keys() & after.keys() if before[k][:12] != after[k][:12]}
    assert record.summary["requests"] == {
        "added": len(after.keys() - before.keys()),
        "updated": len(changed),
        "unchanged": len(after.keys() & before.keys()) - len(changed),
        "absent": len(before.keys() - after.keys()),
    }
    assert record.summary["requests"]["added"] > 0
    assert record.summary["requests"]["updated"] > 0
    rows = held(area_a)
    assert len(rows) == len(before.keys() | after.keys())  # no duplicates
    for key, values in after.items():  # the later extract's values win...
        assert rows[key][:12] == values[:12]
    for key in before.keys() - after.keys():  # ...and requests it lacks are kept
        assert rows[key][:12] == before[key][:12]
    assert record.extract_date == date(2022, 3, 31)


def test_next_months_extract_of_the_same_case_system_adds_and_updates(area_a, tmp_path):
    """The generator's extracts a month apart (same seed, ``as_at`` a month on): the month's
    new requests are added, the cases that moved are updated, none is absent or doubled."""
    november = norfolk(area_a.la_code, as_at=date(2021, 11, 30))
    december = norfolk(area_a.la_code, as_at=date(2021, 12, 31))
    run(area_a, zipped(november, tmp_path, "november.zip"))
    record = run(area_a, zipped(december, tmp_path, "december.zip"))
    assert record.status == ImportStatus.DONE, record.errors
    before, after = expected(area_a, november), expected(area_a, december)
    changed = {k for k in before.keys() & after.keys() if before[k][:12] != after[k][:12]}
    assert record.summary["requests"] == {
        "added": len(after.keys() - before.keys()),
        "updated": len(changed),
        "unchanged": len(before) - len(changed),
        "absent": 0,
    }
    assert 50 < record.summary["requests"]["added"] < 200  # about a month of requests
    assert changed
    assert held(area_a) == after
    assert advice_held(area_a) == advice_expected(area_a, december)
    assert record.extract_date == date(2021, 12, 31)


def _next_month(extract) -> tuple[bytes, str, str, dict[str, bytes]]:
    """The extract a month on, by hand: one request decided, one new, one gone."""
    requests = table(extract, "requests")
    header = requests[0]
    outcome, outcome_date = header.index("requestoutcome"), header.index("requestoutcomedate")
    waiting = next(r for r in requests[1:] if r[outcome] == "A")
    waiting[outcome], waiting[outcome_date] = "N", "2021-07-05"
    gone = requests.pop(1)
    new = list(requests[-1])
    new[0], new[2] = "R9999999", "2021-07-01"
    new[outcome], new[outcome_date] = "A", ""
    requests.append(new)
    children = {}
    for module in ("assessment", "named_plan", "plan_detail", "active_plans", "placement_detail",
                   "sen_need", "advice"):  # fmt: skip
        rows = table(extract, module)
        children[module] = encode([r for r in rows if r[0] != gone[0]])
    return encode(requests), gone[0], waiting[0], children


def test_next_month_counts_what_changed_and_keeps_what_is_gone(area_a):
    extract = extract_for(area_a.la_code)
    run(area_a, csv_files(extract))
    requests, gone, decided, children = _next_month(extract)
    record = run(area_a, csv_files(extract, requests=requests, **children))
    assert record.status == ImportStatus.DONE, record.errors
    n = len(extract.cases)
    assert record.summary["requests"] == {
        "added": 1,
        "updated": 1,
        "unchanged": n - 2,
        "absent": 1,
    }
    key = area_key(area_a.la_code)
    kept = CaseRequest.objects.get(record_key=pseudonym(key, "request", gone))
    assert kept.last_import_id != record.pk
    changed = CaseRequest.objects.get(record_key=pseudonym(key, "request", decided))
    assert (changed.request_outcome, changed.request_outcome_date) == ("N", date(2021, 7, 5))
    assert changed.last_import_id == record.pk
    assert CaseRequest.objects.count() == n + 1


def test_advice_returned_since_is_updated_and_advice_withdrawn_is_removed(area_a):
    extract = extract_for(area_a.la_code)
    run(area_a, csv_files(extract))
    rows = table(extract, "advice")
    waiting = next(r for r in rows[1:] if not r[3])
    waiting[3] = "2021-07-02"
    dropped = rows.pop(1)
    record = run(area_a, csv_files(extract, advice=encode(rows)))
    advice = record.summary["advice"]
    assert (advice["added"], advice["updated"], advice["removed"]) == (0, 1, 1)
    key = area_key(area_a.la_code)
    assert not Advice.objects.filter(
        request__record_key=pseudonym(key, "request", dropped[0]),
        service=dropped[1],
        requested=date.fromisoformat(dropped[2]),
    ).exists()


def test_without_advice_csv_the_advice_held_is_kept(area_a):
    extract = extract_for(area_a.la_code)
    run(area_a, csv_files(extract))
    before = advice_held(area_a)
    record = run(area_a, csv_files(extract, advice=None))
    assert record.status == ImportStatus.DONE, record.errors
    assert "advice" not in record.summary
    assert advice_held(area_a) == before
    assert any("No advice.csv" in note for note in record.summary["notes"])


def test_readable_headers_uk_dates_and_a_byte_order_mark_are_accepted(area_a):
    extract = extract_for(area_a.la_code)
    uk = {}
    for module in ("requests", "assessment"):
        rows = table(extract, module)
        for row in rows[1:]:
            for i, value in enumerate(row):
                if len(value) == 10 and value[4] == "-" and value[7] == "-":
                    y, m, d = value.split("-")
                    row[i] = f"{d}/{m}/{y} 00:00:00"
        uk[module] = encode(rows)
    header = {
        "requests_record_id": "Requests Record ID",
        "person_id": "Person ID",
        "receiveddate": "Date Request Was Received",
        "requestoutcomedate": "Request Outcome Date",
        "requestoutcome": "Request Outcome",
    }
    requests = uk["requests"].decode().split("\r\n", 1)
    names = [header.get(h, h) for h in requests[0].split(",")]
    uk["requests"] = b"\xef\xbb\xbf" + ",".join(names).encode() + b"\r\n" + requests[1].encode()
    record = run(area_a, csv_files(extract, **uk))
    assert record.status == ImportStatus.DONE, record.errors
    assert held(area_a) == expected(area_a, extract)


def test_a_person_without_a_upn_is_known_by_the_uln_then_the_person_id(area_a):
    extract = extract_for(area_a.la_code)
    people = table(extract, "person")
    head = people[0]
    upn, uln = head.index("upn"), head.index("uniquelearnernumber")
    with_uln = next(r for r in people[1:] if r[uln])
    with_uln[upn] = ""
    neither = next(r for r in people[1:] if not r[uln])
    neither[upn] = ""
    record = run(area_a, csv_files(extract, person=encode(people)))
    assert record.status == ImportStatus.DONE, record.errors
    key = area_key(area_a.la_code)
    assert Person.objects.filter(pseudonym=pseudonym(key, "uln", with_uln[uln])).exists()
    assert Person.objects.filter(pseudonym=pseudonym(key, "person", neither[0])).exists()


def test_the_extract_date_can_be_given(area_a):
    extract = extract_for(area_a.la_code)
    record = run(area_a, csv_files(extract, header=None), extract_date=date(2021, 7, 1))
    assert record.extract_date == date(2021, 7, 1)
    # without a header or a date given: the latest date the requests hold
    record = run(area_a, csv_files(extract, header=None))
    latest = max(
        d
        for c in extract.cases
        for d in (
            c.received,
            c.request_outcome_date,
            c.assessment_outcome_date,
            c.plan_start,
            c.plan_ceased,
            c.last_review,
            c.review_meeting,
        )
        if d
    )
    assert record.extract_date == latest


def test_an_older_extract_after_a_newer_one_says_so(area_a):
    extract = extract_for(area_a.la_code)
    run(area_a, csv_files(extract), extract_date=date(2021, 8, 1))
    record = run(area_a, csv_files(extract), extract_date=date(2021, 7, 1))
    assert any("taken later (1 August 2021)" in note for note in record.summary["notes"])


def test_a_dry_run_writes_nothing(area_a):
    extract = extract_for(area_a.la_code)
    record = run(area_a, csv_files(extract), dry_run=True)
    assert record.pk is None
    assert record.summary["requests"]["added"] == len(extract.cases)
    assert nothing_written(area_a)
    assert not CaseImport.objects.exists()


# -- what is kept of a child --------------------------------------------------------------


def database_text() -> str:
    """Every row of every table of the database, as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [t for (t,) in cursor.fetchall()]
        parts = []
        for name in tables:
            cursor.execute(f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{name}\" t")  # noqa: S608
            parts.append(cursor.fetchone()[0])
    return "\n".join(parts)


#: the shape of each identifying value the generator writes, to find them in a dump fast
SHAPES = {
    "upn": r"Z999\d{9}",
    "uniquelearnernumber": r"99\d{8}",
    "postcode": r"ZZ99 \d[A-Z]{2}",
    "person_id": r"P\d{7}",
    "requests_record_id": r"R\d{7}",
}


def personal_values(extract) -> dict[str, set[str]]:
    columns = MODULES["person"].columns
    people = [dict(zip(columns, row, strict=True)) for row in extract.rows["person"]]
    values = {c: {p[c] for p in people} - {""} for c in columns if c in PERSONAL | {"person_id"}}
    values["requests_record_id"] = {r[0] for r in extract.rows["requests"]}
    assert set(values) == {"surname", "forename", *SHAPES}
    return values


def found_in(text: str, values: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which of ``values`` appear anywhere in ``text`` (case ignored)."""
    found = {}
    upper = text.upper()
    for column, shape in SHAPES.items():
        assert all(re.fullmatch(shape, v) for v in values[column]), column
        # every substring of that shape (overlapping ones too), then the real values among them
        seen = {m.group(1) for m in re.finditer(f"(?=({shape}))", upper)}
        found[column] = seen & values[column]
    for column in ("surname", "forename"):
        found[column] = {v for v in values[column] if v.upper() in upper}
    return {k: v for k, v in found.items() if v}


def test_no_name_postcode_upn_uln_or_record_id_reaches_the_database(area_a, tmp_path):
    extract = norfolk(area_a.la_code)
    assert run(area_a, zipped(extract, tmp_path)).status == ImportStatus.DONE
    # and a refused upload whose person.csv is full of mistakes
    people = table(extract, "person")
    head = people[0]
    for row in people[1:30]:  # columns shifted: names where sex and birth date should be
        row[head.index("sex")] = row[head.index("surname")]
        row[head.index("personbirthdate")] = row[head.index("postcode")]
        row[head.index("ethnicity")] = row[head.index("upn")]
    refused = run(area_a, csv_files(extract, person=encode(people)))
    assert refused.status == ImportStatus.FAILED
    assert len(refused.errors) == importer.MAX_PROBLEMS
    text = database_text()
    assert CaseRequest.objects.filter(area=area_a).count() == len(extract.cases)
    values = personal_values(extract)
    assert sum(len(v) for v in values.values()) > 30_000
    assert found_in(text, values) == {}
    # the search would find them: the same search in the file finds each kind
    raw = "\n".join(extract.csv_bytes(m).decode() for m in ("person", "requests"))
    assert set(found_in(raw, values)) == {"surname", "forename", *SHAPES}
    # birth dates are kept as the month only
    assert set(Person.objects.values_list("birth_month__day", flat=True)) == {1}


# -- malformed uploads ----------------------------------------------------------------------


def refused(area, files) -> CaseImport:
    record = run(area, files)
    assert record.status == ImportStatus.FAILED
    assert record.pk is not None  # the refusal is kept, after the rollback
    assert nothing_written(area)
    return record


def test_a_missing_module_is_named(area_a):
    record = refused(area_a, csv_files(extract_for(area_a.la_code), assessment=None))
    assert ("assessment", None, "") in problems(record)
    assert record.errors[0]["message"] == "The extract has no assessment.csv"


def test_an_unknown_and_a_missing_column_are_named(area_a):
    extract = extract_for(area_a.la_code)

    def rename(rows):
        rows[0][rows[0].index("receiveddate")] = "date_of_request"

    record = refused(area_a, csv_files(extract, requests=edited(extract, "requests", rename)))
    assert problems(record) == {
        ("requests", 1, "date_of_request"),
        ("requests", 1, "receiveddate"),
    }
    messages = {e["field"]: e["message"] for e in record.errors}
    assert messages["date_of_request"] == "This is not a column of the requests module"
    assert messages["receiveddate"] == "The column is missing"


def test_a_bad_date_and_a_bad_code_are_named_by_row_and_field(area_a):
    extract = extract_for(area_a.la_code)

    def spoil(rows):
        rows[3][rows[0].index("receiveddate")] = "2021-02-30"
        rows[5][rows[0].index("requestoutcome")] = "X"
        rows[6][rows[0].index("receiveddate")] = ""

    record = refused(area_a, csv_files(extract, requests=edited(extract, "requests", spoil)))
    assert problems(record) == {
        ("requests", 4, "receiveddate"),
        ("requests", 6, "requestoutcome"),
        ("requests", 7, "receiveddate"),
    }
    messages = [e["message"] for e in record.errors]
    assert "'2021-02-30' is not a date (YYYY-MM-DD or DD/MM/YYYY)" in messages
    assert "'X' is not one of Y, N, A, W, H" in messages
    assert "The value is blank: receiveddate is required" in messages


def test_person_values_are_never_quoted_in_errors(area_a):
    extract = extract_for(area_a.la_code)

    def spoil(rows):
        rows[2][rows[0].index("sex")] = "Example"
        rows[3][rows[0].index("personbirthdate")] = "Z99900000001"

    record = refused(area_a, csv_files(extract, person=edited(extract, "person", spoil)))
    assert problems(record) == {("person", 3, "sex"), ("person", 4, "personbirthdate")}
    text = str(record.errors)
    assert "Example" not in text
    assert "Z999" not in text


def test_a_child_row_without_its_parent_is_named(area_a):
    extract = extract_for(area_a.la_code)

    def orphan(rows):
        rows[2][0] = "R7654321"

    record = refused(area_a, csv_files(extract, named_plan=edited(extract, "named_plan", orphan)))
    # and the plan's detail (row 3 there too) has lost its named plan
    assert problems(record) == {
        ("named_plan", 3, "requests_record_id"),
        ("plan_detail", 3, "requests_record_id"),
    }
    messages = {e["module"]: e["message"] for e in record.errors}
    assert messages["named_plan"] == "requests.csv has no row with this requests_record_id"
    assert messages["plan_detail"] == "named_plan.csv has no row with this requests_record_id"


def test_a_request_without_its_person_is_named(area_a):
    extract = extract_for(area_a.la_code)

    def orphan(rows):
        rows[4][1] = "P7654321"

    record = refused(area_a, csv_files(extract, requests=edited(extract, "requests", orphan)))
    assert ("requests", 5, "person_id") in problems(record)


def test_a_repeated_record_id_is_named(area_a):
    extract = extract_for(area_a.la_code)

    def repeat(rows):
        rows[5][0] = rows[2][0].lower()  # the same id, however it is written

    record = refused(area_a, csv_files(extract, requests=edited(extract, "requests", repeat)))
    assert ("requests", 6, "requests_record_id") in problems(record)
    message = next(e["message"] for e in record.errors if e["row"] == 6)
    assert message == "This requests_record_id repeats row 3"
    assert rows_quoted(record, extract) == []


def rows_quoted(record, extract) -> list[str]:
    ids = {r[0] for r in extract.rows["requests"]} | {r[0] for r in extract.rows["person"]}
    return [i for i in ids if i in str(record.errors) or i.lower() in str(record.errors)]


def test_two_assessments_or_primary_needs_for_a_request_are_named(area_a):
    extract = extract_for(area_a.la_code)
    assessment = table(extract, "assessment")
    assessment.append(list(assessment[1]))
    need = table(extract, "sen_need")
    primary = [r for r in need[1:] if r[2] == "1"]
    need.append([primary[0][0], "OTH", "1"])
    record = refused(
        area_a, csv_files(extract, assessment=encode(assessment), sen_need=encode(need))
    )
    assert problems(record) == {
        ("assessment", len(assessment), "requests_record_id"),
        ("sen_need", len(need), "sentyperank"),
    }


def test_a_file_that_is_not_utf8_is_named_with_its_row(area_a):
    extract = extract_for(area_a.la_code)
    data = extract.csv_bytes("requests").replace(b"\r\nR0000003,", b"\r\nR\xe90000003,", 1)
    record = refused(area_a, csv_files(extract, requests=data))
    assert problems(record) == {("requests", 4, "")}
    assert "not UTF-8" in record.errors[0]["message"]


def test_a_web_page_named_csv_is_refused(area_a):
    extract = extract_for(area_a.la_code)
    page = b"<!DOCTYPE html><html><body>Sign in</body></html>"
    record = refused(area_a, csv_files(extract, sen_need=page))
    assert record.errors[0]["module"] == "sen_need"
    assert record.errors[0]["message"] == "This is a web page (HTML), not a CSV file"


def test_rows_of_the_wrong_width_are_named(area_a):
    extract = extract_for(area_a.la_code)

    def widths(rows):
        rows[1].append("extra")
        rows[3].pop()

    more = (2, "The row has more values than the header has columns")
    fewer = (4, "The row has fewer values than the header has columns")
    # COPY stops at the first; person.csv, read in Python, lists each
    for module, found in (("active_plans", [more]), ("person", [more, fewer])):
        record = refused(area_a, csv_files(extract, **{module: edited(extract, module, widths)}))
        assert [(e["row"], e["message"]) for e in record.errors] == found
        assert {e["module"] for e in record.errors} == {module}


def test_an_oversized_upload_is_refused_before_it_is_read(area_a, settings, monkeypatch):
    settings.NEEDS_MAX_UPLOAD_BYTES = 1000
    monkeypatch.setattr(importer.upload, "_read_zip", lambda *a: pytest.fail("read"))
    record = refused(area_a, [("big.zip", b"PK\x03\x04" + b"0" * 1000)])
    assert record.errors[0]["message"] == "The upload is larger than 0 MB"


def test_a_zip_bomb_is_refused(area_a, settings):
    settings.NEEDS_MAX_UNCOMPRESSED_BYTES = 10 * 2**20
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("requests.csv", b"0" * (20 * 2**20))
    record = refused(area_a, [("bomb.zip", out.getvalue())])
    assert "expands to more than it should" in record.errors[0]["message"]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"readme.txt": b"hello"}, "the zip file holds no CSV files"),
        ({"notes.csv": b"a,b\r\n1,2\r\n"}, "holds none of the SEN2 modules"),
        ({}, "holds no CSV files"),
    ],
)
def test_a_zip_with_nothing_usable_is_refused(area_a, members, message):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    record = refused(area_a, [("extract.zip", out.getvalue())])
    assert message in record.errors[0]["message"]


def test_a_damaged_zip_and_a_spreadsheet_named_csv_are_refused(area_a, tmp_path):
    record = refused(area_a, [("extract.zip", b"PK\x03\x04 not really a zip")])
    assert record.errors[0]["message"] == "The zip file is damaged and cannot be opened"
    extract = extract_for(area_a.la_code)
    data = zipped(extract, tmp_path)[0][1]
    record = refused(area_a, csv_files(extract, person=data))
    assert record.errors[0]["module"] == "person"
    assert "not a CSV file" in record.errors[0]["message"]


def test_every_module_is_checked_and_at_most_20_problems_each_are_listed(area_a):
    extract = extract_for(area_a.la_code)

    def many(rows):
        for row in rows[1:]:
            row[rows[0].index("receiveddate")] = "soon"

    def bad_need(rows):
        rows[1][1] = "XYZ"

    record = refused(
        area_a,
        csv_files(
            extract,
            requests=edited(extract, "requests", many),
            sen_need=edited(extract, "sen_need", bad_need),
            advice=b"<html></html>",
        ),
    )
    modules = [e["module"] for e in record.errors]
    assert modules.count("requests") == importer.MAX_PROBLEMS
    assert modules.count("sen_need") == 1
    assert modules.count("advice") == 1


def test_a_file_of_another_local_authority_is_refused(area_a, area_b):
    extract = extract_for(area_b.la_code)
    record = refused(area_a, csv_files(extract))
    assert problems(record) == {("header", 2, "lea")}
    assert area_b.la_code in record.errors[0]["message"]


def test_a_csv_named_after_no_module_is_refused(area_a):
    extract = extract_for(area_a.la_code)
    record = refused(area_a, [*csv_files(extract), ("children.csv", b"a,b\r\n")])
    assert record.errors[0]["file"] == "children.csv"


def test_a_failure_in_the_middle_writes_nothing(area_a, monkeypatch):
    """QUALITY.md R3: the advice fails after people and requests were written."""
    extract = extract_for(area_a.la_code)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_save_advice", broken)
    record = run(area_a, csv_files(extract))
    assert record.status == ImportStatus.FAILED
    assert "fault in the portal" in record.errors[0]["message"]
    assert nothing_written(area_a)


# -- areas ----------------------------------------------------------------------------------


def test_areas_are_kept_apart(area_a, area_b):
    a, b = extract_for(area_a.la_code), extract_for(area_b.la_code)
    run(area_b, csv_files(b))
    before = held(area_b), advice_held(area_b)
    record = run(area_a, csv_files(a))
    assert record.status == ImportStatus.DONE, record.errors
    assert (held(area_b), advice_held(area_b)) == before
    # the same UPNs (both extracts are generated from one seed) give other pseudonyms
    assert a.rows["person"][0][7] == b.rows["person"][0][7]
    mine = set(Person.objects.filter(area=area_a).values_list("pseudonym", flat=True))
    theirs = set(Person.objects.filter(area=area_b).values_list("pseudonym", flat=True))
    assert len(mine) == len(theirs) > 0
    assert not mine & theirs
    keys_a = set(CaseRequest.objects.filter(area=area_a).values_list("record_key", flat=True))
    keys_b = set(CaseRequest.objects.filter(area=area_b).values_list("record_key", flat=True))
    assert not keys_a & keys_b
    # and a refusal in area A leaves area B alone
    refused_a = run(area_a, csv_files(a, person=None))
    assert refused_a.status == ImportStatus.FAILED
    assert (held(area_b), advice_held(area_b)) == before


# -- the command ----------------------------------------------------------------------------


def test_the_command_imports_a_zip_and_prints_the_summary(area_a, tmp_path, capsys):
    extract = extract_for(area_a.la_code)
    path = synthetic.write_zip(extract, tmp_path / "extract.zip")
    call_command("import_sen2", "--area", area_a.slug, str(path))
    out = capsys.readouterr().out
    assert f"{len(extract.cases):,} added" in out
    assert CaseRequest.objects.filter(area=area_a).count() == len(extract.cases)


def test_the_command_reads_a_folder_and_exits_non_zero_naming_problems(area_a, tmp_path, capsys):
    extract = extract_for(area_a.la_code)
    synthetic.write_csv(extract, tmp_path / "csv")
    (tmp_path / "csv" / "requests.csv").write_bytes(
        edited(extract, "requests", lambda rows: rows[2].__setitem__(2, "yesterday"))
    )
    with pytest.raises(CommandError):
        call_command("import_sen2", "--area", area_a.slug, str(tmp_path / "csv"))
    err = capsys.readouterr().err
    assert "requests.csv, row 3, field receiveddate: 'yesterday' is not a date" in err
    assert nothing_written(area_a)


def test_the_command_dry_run_and_unknown_area(area_a, tmp_path, capsys):
    extract = extract_for(area_a.la_code)
    path = synthetic.write_zip(extract, tmp_path / "extract.zip")
    call_command("import_sen2", "--area", area_a.slug, "--dry-run", str(path))
    assert "Dry run" in capsys.readouterr().out
    assert nothing_written(area_a)
    assert not CaseImport.objects.exists()
    with pytest.raises(CommandError, match="No area"):
        call_command("import_sen2", "--area", "nowhere", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_sen2", "--area", area_a.slug, str(tmp_path / "missing.zip"))


# -- two imports at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_imports_into_one_area_wait_for_each_other_not_for_other_areas():
    area_a, area_b = AreaFactory(), AreaFactory()
    files_a = csv_files(extract_for(area_a.la_code))
    files_b = csv_files(extract_for(area_b.la_code))
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.ensure_connection()
    other.set_autocommit(False)
    with other.cursor() as cursor:  # another import into area A holds its lock
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [importer.IMPORT_LOCK, area_a.pk])
    assert run(area_b, files_b).status == ImportStatus.DONE  # area B does not wait
    done = {}

    def work():
        try:
            done["a"] = run(area_a, files_a).status
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(1.0)
    assert "a" not in done  # waiting for the lock
    other.rollback()
    other.close()
    thread.join(timeout=60)
    assert done["a"] == ImportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_extract_at_once_import_it_once():
    area = AreaFactory()
    files = csv_files(extract_for(area.la_code))
    results = []

    def work():
        try:
            results.append(run(area, files))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    n = len(extract_for(area.la_code).cases)
    summaries = sorted((r.summary["requests"]["added"], r.summary["requests"]["unchanged"])
                       for r in results)  # fmt: skip
    assert summaries == [(0, n), (n, 0)]
    assert CaseRequest.objects.filter(area=area).count() == n


def test_codes_of_columns_the_portal_drops_do_not_refuse_an_extract(area_a):
    # a case system with a wider ethnicity list than ours (extended CBDS codes)
    extract = extract_for(area_a.la_code)

    def wider(rows):
        for row in rows[1:]:
            row[rows[0].index("ethnicity")] = "WBRI-EXT"

    record = run(area_a, csv_files(extract, person=edited(extract, "person", wider)))
    assert record.status == ImportStatus.DONE, record.errors
    assert CaseRequest.objects.filter(area=area_a).count() == len(extract.cases)
