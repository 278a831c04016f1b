"""The EHCP timeliness pages (ehcp/views/dashboard.py): who may read them, that the page and
its CSV downloads show the figures of ``ehcp.measures`` (the hand-worked small set of
tests/ehcp/test_dashboard.py), bad months and what-ifs, the case list, and a query count that
does not grow with the cases."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from core.models import AuditEvent
from ehcp.synthetic import Params, generate
from tests.ehcp.test_dashboard import AS_OF, SMALL, load_cases
from tests.security.test_fuzz import SCRIPT, get, text

pytestmark = pytest.mark.django_db

MEASURE_PAGES = ["ehcp:timeliness", "ehcp:flight-board", "ehcp:forecast"]


@pytest.fixture
def loaded(area_a, area_b):
    load_cases(area_a, SMALL, extract_date=AS_OF)
    return area_a


def url(name: str, area, **kwargs) -> str:
    return reverse(name, kwargs={"area": area.slug, **kwargs})


def csv_url(area, chart: str) -> str:
    return url("ehcp:timeliness-csv", area, chart=chart)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def shown(value) -> str:
    """A table value as the CSV writes it."""
    return "" if value is None else str(value)


# --- Who may read what ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*MEASURE_PAGES, "ehcp:timeliness-csv", "ehcp:cases"])
def test_roles(name, loaded, users, client, client_for):
    kwargs = {"chart": "requests"} if name == "ehcp:timeliness-csv" else {}
    address = url(name, loaded, **kwargs)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    case_list = name == "ehcp:cases"
    expected = {
        "commissioner": 200,
        "area_admin": 200,
        "board_member": 403 if case_list else 200,
        "forum_member": 403,
        "other_area": 404,
    }
    for role, status in expected.items():
        response = client_for(getattr(users, role)).get(address)
        assert response.status_code == status, role
        if status != 200:
            assert b"REQ-" not in response.content


def test_the_section_in_the_navigation(loaded, users, client_for):
    page = client_for(users.board_member).get(url("core:area", loaded)).content.decode()
    assert url("ehcp:timeliness", loaded) in page
    page = client_for(users.forum_member).get(url("core:area", loaded)).content.decode()
    assert url("ehcp:timeliness", loaded) not in page


def test_the_case_list_link_only_for_those_who_may_read_it(loaded, users, client_for):
    cases = url("ehcp:cases", loaded)
    board = client_for(users.board_member).get(url("ehcp:timeliness", loaded))
    assert cases not in board.content.decode()
    admin = client_for(users.area_admin).get(url("ehcp:timeliness", loaded))
    assert cases in admin.content.decode()


# --- The dashboard ---------------------------------------------------------------------------


def test_the_page_shows_the_hand_worked_figures(loaded, users, client_for):
    response = client_for(users.board_member).get(url("ehcp:timeliness", loaded))
    assert response.status_code == 200
    assert response.context["month"] == date(2021, 3, 1)  # the latest complete month
    charts = {chart.slug: chart for _, pairs in response.context["panels"] for chart, _ in pairs}
    # as worked out in tests/ehcp/test_dashboard.py
    assert charts["twenty-weeks-including"].rows[-1] == ["Mar 2021", 3, 33.3, 50.0, 50.0]
    assert charts["twenty-weeks-excluding"].rows[-1] == ["Mar 2021", 2, 50.0, 66.7, 66.7]
    assert charts["backlog"].rows[-1] == ["Mar 2021", 1, 2, 3]
    page = response.content.decode()
    assert "<title>EHCP timeliness, March 2021" in page
    assert (
        "In March 2021, 33.3% of EHC plans were issued within 20 weeks, including exception "
        "cases (1 of 3)"
    ) in page
    for slug in charts:
        assert f'id="{slug}"' in page
        assert f"{csv_url(loaded, slug)}?month=2021-03" in page
    assert 'nonce="' in page  # the chart scripts under the strict CSP


def test_another_month(loaded, users, client_for):
    response = client_for(users.commissioner).get(
        url("ehcp:timeliness", loaded), {"month": "2020-05"}
    )
    assert response.context["month"] == date(2020, 5, 1)
    charts = {chart.slug: chart for _, pairs in response.context["panels"] for chart, _ in pairs}
    assert charts["requests"].rows[-1][0] == "May 2020"
    assert "Error:" not in response.content.decode()


@pytest.mark.parametrize("bad", ["2021-13", "March", "2021-04", "2019-10", "", "2021-03\x00"])
def test_a_bad_month_is_an_error_message_not_a_500(bad, loaded, users, client_for):
    response = client_for(users.commissioner).get(url("ehcp:timeliness", loaded), {"month": bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "Select a month between November 2019 and March 2021" in page
    assert response.context["month"] == date(2021, 3, 1)  # the latest, said so
    assert "Showing March 2021, the latest complete month in the data." in page


# --- Downloads ---------------------------------------------------------------------------------


def test_every_download_equals_its_table(loaded, users, client_for):
    client = client_for(users.board_member)
    response = client.get(url("ehcp:timeliness", loaded), {"month": "2021-03"})
    for _, pairs in response.context["panels"]:
        for chart, link in pairs:
            download = client.get(link)
            assert download.status_code == 200
            assert download["Content-Disposition"] == (
                f'attachment; filename="alphashire-ehcp-2021-03-{chart.slug}.csv"'
            )
            assert rows_of(download) == [
                list(chart.headers),
                *([shown(v) for v in row] for row in chart.rows),
            ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).count() == 11


def test_flight_board_and_forecast_downloads_equal_their_tables(loaded, users, client_for):
    client = client_for(users.commissioner)
    for name, query in (("ehcp:flight-board", {}), ("ehcp:forecast", {"extra": "20"})):
        response = client.get(url(name, loaded), query)
        for chart, link in response.context["charts"]:
            download = client.get(link)
            assert rows_of(download) == [
                list(chart.headers),
                *([shown(v) for v in row] for row in chart.rows),
            ]
    weeks = rows_of(client.get(csv_url(loaded, "flight-board-weeks")))
    assert weeks[5] == ["Week 5", "1"]
    assert weeks[-1] == ["Over 20 weeks", "2"]


def test_bad_downloads(loaded, users, client_for):
    client = client_for(users.commissioner)
    assert client.get(csv_url(loaded, "no-such-chart")).status_code == 404
    bad_month = client.get(csv_url(loaded, "requests"), {"month": "2021-13"})
    assert bad_month.status_code == 400
    assert b"Select a month" in bad_month.content
    assert client.get(csv_url(loaded, "forecast-late"), {"extra": "-5"}).status_code == 400
    assert client.get(csv_url(loaded, "requests"), {"month": "2020-05"}).status_code == 200


# --- The flight board and the forecast -----------------------------------------------------------


def test_the_flight_board(loaded, users, client_for):
    response = client_for(users.board_member).get(url("ehcp:flight-board", loaded))
    page = response.content.decode()
    board = response.context["page"].board
    assert (board.over_20, board.late_within_4_weeks, board.late_within_8_weeks) == (2, 0, 0)
    assert "open on 31 March 2021" in page
    assert "REQ-" not in page  # counts only


def test_the_forecast_and_a_what_if(loaded, users, client_for):
    client = client_for(users.board_member)
    response = client.get(url("ehcp:forecast", loaded))
    page = response.content.decode()
    assert "What the forecast assumes" in page
    assert response.context["page"].what_if is None
    response = client.get(url("ehcp:forecast", loaded), {"extra": "20"})
    assert response.context["page"].extra == 20
    assert "With 20 extra plans a month" in response.content.decode()


def test_the_forecast_aims_at_the_areas_latest_20_week_target(loaded, area_b, users, client_for):
    from tests.factories import TargetFactory

    TargetFactory(area=loaded, value=60, due=date(2021, 12, 31))
    TargetFactory(area=loaded, value=75, due=date(2022, 12, 31))  # the latest: aimed at
    TargetFactory(area=loaded, measure="decisions_6_weeks", value=99, due=date(2023, 3, 31))
    TargetFactory(area=area_b, value=50, due=date(2024, 3, 31))  # another area's
    response = client_for(users.board_member).get(url("ehcp:forecast", loaded))
    page = response.context["page"]
    assert page.base.assumptions.target == 75.0
    assert page.assumptions[-1] == (
        "The target is 75% of plans issued in time in a month: the area's target for new EHC "
        "plans issued within 20 weeks, excluding exceptions, by 31 December 2022 (its latest)."
    )
    assert "Target of 75% in time reached" in response.content.decode()


def test_the_forecast_falls_back_to_the_target_including_exceptions(loaded, users, client_for):
    from tests.factories import TargetFactory

    TargetFactory(area=loaded, measure="issued_20_weeks", value=80, due=date(2022, 3, 31))
    page = client_for(users.commissioner).get(url("ehcp:forecast", loaded)).context["page"]
    assert page.base.assumptions.target == 80.0
    assert "including exceptions, by 31 March 2022" in page.assumptions[-1]


def test_without_a_target_the_forecast_says_it_assumes_90(loaded, users, client_for):
    response = client_for(users.board_member).get(url("ehcp:forecast", loaded))
    page = response.context["page"]
    assert page.base.assumptions.target == 90.0
    assert page.assumptions[-1] == (
        "The target is 90% of plans issued in time in a month: the area has set no target "
        "for plans issued within 20 weeks, so the forecast assumes 90%."
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("-1", "Extra plans a month must be 0 or more"),
        ("501", "Extra plans a month must be 500 or fewer"),
        ("ten", "Extra plans a month must be a whole number, like 20"),
        ("2.5", "Extra plans a month must be a whole number, like 20"),
        ("", "Enter a number of extra plans a month, from 0 to 500"),
        ("9" * 5000, "Extra plans a month must be"),
    ],
)
def test_a_bad_what_if_is_an_error_message(extra, message, loaded, users, client_for):
    response = client_for(users.commissioner).get(url("ehcp:forecast", loaded), {"extra": extra})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert response.context["page"].what_if is None


# --- The case list ---------------------------------------------------------------------------


def test_the_case_list_is_pseudonymised_paginated_and_filtered(loaded, users, client_for):
    more = generate(
        Params(start=date(2020, 4, 1), end=date(2021, 3, 31), monthly_requests=8, active_plans=20)
    )
    load_cases(loaded, more.cases)
    total = len(SMALL) + len(more.cases)
    client = client_for(users.commissioner)
    response = client.get(url("ehcp:cases", loaded))
    page = response.content.decode()
    assert response.context["total"] == total
    assert len(response.context["page_obj"].object_list) == 50
    assert f"Page 1 of {-(-total // 50)}" in page
    assert "REQ-G-000000" in page  # the newest request first
    assert "REQ-G-0000000000000" not in page  # never the whole key
    assert "person-REQ" not in page  # never the person
    flagged = client.get(url("ehcp:cases", loaded), {"flag": "open-over-52-weeks"})
    keys = [row.key for row in flagged.context["page_obj"]]
    assert "REQ-L-000000" in keys
    assert all("open-over-52-weeks" in row.flags for row in flagged.context["page_obj"])
    two = client.get(url("ehcp:cases", loaded), {"flag": "dated-before-received", "page": "2"})
    assert two.status_code == 200  # past the last page: the last page
    bad = client.get(url("ehcp:cases", loaded), {"flag": "<script>"})
    assert "<title>Error: " in bad.content.decode()
    assert "Select which cases to show from the list" in bad.content.decode()


# --- No data yet, and the cost of a page --------------------------------------------------------


@pytest.mark.parametrize("name", [*MEASURE_PAGES, "ehcp:cases"])
def test_pages_without_case_data(name, area_a, users, client_for):
    response = client_for(users.area_admin).get(url(name, area_a))
    assert response.status_code == 200
    assert "The portal holds no EHC case data for Alphashire yet" in response.content.decode()
    empty = client_for(users.area_admin).get(csv_url(area_a, "requests"))
    assert empty.status_code == 200
    assert rows_of(empty) == [[]]


def count_queries(client, address) -> tuple[int, int]:
    """All the queries a page makes, and those that read EHCP tables."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    return len(sql), sum('"ehcp_' in one for one in sql)


@pytest.mark.parametrize("name", [*MEASURE_PAGES, "ehcp:cases", "ehcp:timeliness-csv"])
def test_queries_do_not_grow_with_the_cases(name, loaded, users, client_for):
    client = client_for(users.commissioner)
    kwargs = {"chart": "backlog"} if name == "ehcp:timeliness-csv" else {}
    address = url(name, loaded, **kwargs)
    client.get(address)  # the session settles on the area
    few = count_queries(client, address)
    more = generate(
        Params(start=date(2019, 4, 1), end=date(2021, 3, 31), monthly_requests=30, active_plans=300)
    )
    load_cases(loaded, more.cases)
    assert count_queries(client, address) == few
    # The page's own reads: the requests, their advice, the latest extract's date (and, for
    # the forecast, the area's targets). The rest is every signed-in area page's (session,
    # user, area, roles, area count, session save) and, for a download, its audit event.
    total, own = few
    assert own == (4 if name == "ehcp:forecast" else 3)
    assert total <= 13


# --- Bad input (QUALITY.md S8): every query parameter of these pages -----------------------------

PARAMETERS = {
    "ehcp:timeliness": "month",
    "ehcp:forecast": "extra",
    "ehcp:cases": "flag",
    "ehcp:timeliness-csv": "month",
}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "parameter"), PARAMETERS.items())
def test_no_query_value_breaks_a_page(name, parameter, loaded, users, client_for):
    client = client_for(users.commissioner)
    address = url(name, loaded, **({"chart": "requests"} if name.endswith("-csv") else {}))

    @hypothesis_settings(
        max_examples=500,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(value=text, page=text)
    def check(value, page):
        response = get(client, address, {parameter: value, "page": page})
        assert response.status_code in {200, 400}, response.status_code
        assert SCRIPT not in response.content

    check()
