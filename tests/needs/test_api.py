"""The public read API: /api/figures.csv and /api/figures.json (README, "Read API")."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from needs import services
from needs.models import (
    Breakdown,
    Figure,
    Geography,
    JobStatus,
    Level,
    Release,
    SourceFile,
    ValueStatus,
)
from tests.needs.dfe_files import ZIP_2025

pytestmark = pytest.mark.django_db

HEADER = "measure,area_code,area_name,period,value,status,source_release"
RELEASE = "education-health-and-care-plans 2025"


def api(fmt: str = "csv", **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("needs:api-figures", kwargs={"fmt": fmt}) + (f"?{query}" if query else "")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def figures(db):
    """England, the East of England and Norfolk, for two measures and two periods, plus rows
    the API must leave out (superseded, a breakdown other than the total)."""
    england = Geography.objects.create(code="E92000001", level=Level.NATIONAL, name="England")
    east = Geography.objects.create(code="E12000006", level=Level.REGIONAL, name="East of England")
    norfolk = Geography.objects.create(
        code="E10000020", level=Level.LOCAL_AUTHORITY, name="Norfolk", region=east
    )
    evil = Geography.objects.create(
        code="E06000099", level=Level.LOCAL_AUTHORITY, name="=HYPERLINK(1)", region=east
    )
    release = Release.objects.create(year=2025)
    old_release = Release.objects.create(year=2024)
    source = SourceFile.objects.create(
        release=release, name="data/caseload.csv", kind="c", sha256="a"
    )
    old = SourceFile.objects.create(
        release=old_release, name="data/caseload.csv", kind="c", sha256="b"
    )
    total = Breakdown.objects.create(key="total", topic="Total", label="Total")
    age = Breakdown.objects.create(key="age_band:5_10", topic="Age band", label="Age 5 to 10")

    def add(measure, geography, period, value, status=ValueStatus.PUBLISHED, **kwargs):
        year = int(period[:4]) + 1 if len(period) == 6 else int(period)
        fields = {"breakdown": total, "source_file": source, "current": True, **kwargs}
        value = None if value is None else Decimal(value)
        Figure.objects.create(
            measure=measure, geography=geography, period=period, year=year, value=value,
            status=status, **fields,
        )  # fmt: skip

    add("ehc_plans", england, "202425", "638745")
    add("ehc_plans", england, "202324", "576474")
    add("ehc_plans", norfolk, "202425", "12147")
    add("ehc_plans", norfolk, "202324", "11000")
    add("ehc_plans", east, "202425", "70000")
    add("pc_issued_within_20_weeks", england, "2024", "46.4000")
    add("pc_issued_within_20_weeks", norfolk, "2024", "4", ValueStatus.SUPPRESSED)
    add("pc_issued_within_20_weeks", east, "2024", None, ValueStatus.NOT_AVAILABLE)
    add("ehc_plans", evil, "202425", "10")
    # left out: superseded by the 2025 release, and a breakdown other than the total
    add("ehc_plans", norfolk, "202425", "99999", source_file=old, current=False)
    add("ehc_plans", norfolk, "202425", "5000", breakdown=age)
    return england, east, norfolk


# --- rows -----------------------------------------------------------------------------


def test_england_as_csv(figures, client):
    response = client.get(api("csv", area="E92000001"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        HEADER.split(","),
        ["ehc_plans", "E92000001", "England", "202324", "576474", "published", RELEASE],
        ["ehc_plans", "E92000001", "England", "202425", "638745", "published", RELEASE],
        ["pc_issued_within_20_weeks", "E92000001", "England", "2024", "46.4", "published",
         RELEASE],
    ]  # fmt: skip


def test_a_local_authority_as_json(figures, client):
    response = client.get(api("json", area="E10000020", measure="ehc_plans"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "rows": [
            {"measure": "ehc_plans", "area_code": "E10000020", "area_name": "Norfolk",
             "period": "202324", "value": 11000, "status": "published", "source_release": RELEASE},
            {"measure": "ehc_plans", "area_code": "E10000020", "area_name": "Norfolk",
             "period": "202425", "value": 12147, "status": "published", "source_release": RELEASE},
        ],
        "count": 2,
        "next": None,
    }  # fmt: skip


def test_the_whole_table_is_ordered_by_measure_area_and_period(figures, client):
    rows = csv_rows(client.get(api("csv")))[1:]
    keys = [(r[0], r[1], r[3]) for r in rows]
    assert keys == sorted(keys)
    assert len(rows) == 9  # neither the superseded figure nor the age band
    assert not {"99999", "5000"} & {r[4] for r in rows}


def test_an_unpublished_value_is_empty_and_says_why(figures, client):
    rows = csv_rows(client.get(api("csv", measure="pc_issued_within_20_weeks")))
    by_area = {r[1]: r for r in rows[1:]}
    assert by_area["E10000020"][4:6] == ["", "suppressed"]
    assert by_area["E12000006"][4:6] == ["", "not_available"]
    rows = client.get(api("json", measure="pc_issued_within_20_weeks")).json()["rows"]
    suppressed = next(r for r in rows if r["area_code"] == "E10000020")
    assert (suppressed["value"], suppressed["status"]) == (None, "suppressed")
    england = next(r for r in rows if r["area_code"] == "E92000001")
    assert england["value"] == 46.4


def test_names_are_neutralised_in_csv_but_exact_in_json(figures, client):
    rows = csv_rows(client.get(api("csv", area="E06000099")))
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert client.get(api("json", area="E06000099")).json()["rows"][0]["area_name"] == (
        "=HYPERLINK(1)"
    )


def test_parameters_repeat_or_take_commas(figures, client):
    both = "?area=E10000020&area=E12000006&period=202425,2024"
    rows = client.get(reverse("needs:api-figures", kwargs={"fmt": "json"}) + both).json()["rows"]
    assert {(r["area_code"], r["period"]) for r in rows} == {
        ("E10000020", "202425"),
        ("E10000020", "2024"),
        ("E12000006", "202425"),
        ("E12000006", "2024"),
    }
    lower = client.get(api("json", area="e92000001", measure="ehc_plans", period="202425"))
    assert [r["value"] for r in lower.json()["rows"]] == [638745]


def test_json_pages_with_a_next_link(figures, client):
    first = client.get(api("json", limit=4)).json()
    assert first["count"] == 4
    assert first["next"] == "http://testserver" + api("json", limit=4, offset=4)
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert first["count"] + second["count"] + third["count"] == 9
    whole = client.get(api("json")).json()["rows"]
    assert first["rows"] + second["rows"] + third["rows"] == whole


def test_nothing_matching_is_an_empty_answer_not_an_error(figures, client):
    assert client.get(api("json", area="E92000001", period="2019")).json() == {
        "rows": [],
        "count": 0,
        "next": None,
    }
    assert csv_rows(client.get(api("csv", period="2019"))) == [HEADER.split(",")]


# --- bad requests ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_unknown_measure_is_400_listing_the_valid_keys(fmt, figures, client):
    response = client.get(api(fmt, measure="ehcplans"))
    assert response.status_code == 400
    message = response.json()["error"] if fmt == "json" else response.content.decode()
    assert "Unknown measure ehcplans" in message
    assert "ehc_plans, statements, new_ehc_plans" in message
    assert "pc_issued_within_20_weeks" in message
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"area": "E10000999"}, "Unknown area E10000999"),
        ({"area": "Norfolk"}, "Unknown area Norfolk"),
        ({"area": "E9200000%00"}, "Unknown area"),
        ({"period": "2024-25"}, "Malformed period 2024-25"),
        ({"period": "202426"}, "Malformed period 202426"),
        ({"period": "25"}, "Malformed period 25"),
        ({"period": "20%0A24"}, "Malformed period"),
        ({"area": "E92%20000001"}, "Unknown area E92 000001"),
        ({"period": "２０２４"}, "Malformed period"),
        ({"limit": "0"}, "limit must be a whole number"),
        ({"limit": "10001"}, "limit must be a whole number"),
        ({"limit": "9" * 5000}, "limit must be a whole number"),  # past int()'s 4,300 digits
        ({"offset": "1" + "0" * 4400}, "offset must be a whole number"),
        ({"offset": "-1"}, "offset must be a whole number"),
        ({"status": "published"}, "Unknown parameter status"),
        ({"measure": ",".join(["ehc_plans"] * 3 + [f"m{n}" for n in range(600)])}, "at most 500"),
    ],
)
def test_bad_parameters_are_400_with_a_clear_message(params, words, figures, client):
    response = client.get(api("json", **params))
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_only_csv_and_json_are_routes(client):
    with pytest.raises(NoReverseMatch):
        reverse("needs:api-figures", kwargs={"fmt": "xml"})
    assert client.get("/api/figures.xml").status_code == 404
    assert client.get("/api/figures.csv/").status_code == 404


# --- HTTP -----------------------------------------------------------------------------


def test_anyone_reads_it_with_cors_and_public_caching(figures, client):
    response = client.get(api("json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache == {"public", "max-age=300"}
    assert client.head(api("csv")).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"])
def test_only_get_and_head(method, figures, client):
    before = Figure.objects.count()
    assert client.generic(method, api("json")).status_code == 405
    assert Figure.objects.count() == before


def test_a_signed_in_callers_answer_is_not_stored(figures, users, client_for):
    response = client_for(users.commissioner).get(api("json"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_one_query_reads_the_rows(figures, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        csv_rows(client.get(api("csv")))
    with django_assert_num_queries(1):
        client.get(api("json", measure="ehc_plans", period="202425"))
    with django_assert_num_queries(2):  # the area codes are checked first
        client.get(api("json", area="E92000001,E10000020"))


# --- the real 2025 release ------------------------------------------------------------


def test_the_real_2025_timeliness_file_through_the_api(client):
    started = time.monotonic()
    with zipfile.ZipFile(ZIP_2025) as archive:
        data = archive.read("data/timeliness_20_week.csv")
    job = services.create_job(name="timeliness_20_week.csv", data=data, release_year=2025)
    job = services.run_job(job.pk)
    assert job.status == JobStatus.DONE, job.errors

    rows = csv_rows(client.get(api("csv", measure="pc_issued_within_20_weeks", area="E92000001")))
    assert rows[0] == HEADER.split(",")
    by_period = {r[3]: r for r in rows[1:]}
    assert set(by_period) >= {"2019", "2020", "2021", "2022", "2023", "2024"}
    assert by_period["2019"][4:] == ["58.7", "published", RELEASE]
    assert by_period["2024"][2] == "England"

    whole = csv_rows(client.get(api("csv")))
    assert len(whole) - 1 == Figure.objects.filter(current=True, breakdown__key="total").count()
    assert {r[0] for r in whole[1:]} <= {
        "plans_issued_den",
        "plans_issued_den_ex",
        "plans_issued_within_20_weeks",
        "plans_issued_20_weeks_ex",
        "pc_issued_within_20_weeks",
        "pc_issued_within_20_weeks_ex",
    }
    norfolk = client.get(api("json", area="E10000020", measure="plans_issued_den", period="2024"))
    assert norfolk.status_code == 200
    assert norfolk.json()["count"] == 1
    assert isinstance(norfolk.json()["rows"][0]["value"], int)
    assert time.monotonic() - started < 10
