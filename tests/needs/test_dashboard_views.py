"""The needs dashboard pages: public, the same numbers in page, CSV and Excel, a bounded number
of queries, printable. The figures are tests/needs/test_dashboard.py's ``World``."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.access import AreaAccess
from core.models import AuditEvent, Role
from needs import dashboard
from needs.models import Figure
from tests.factories import AreaFactory, user_with_role
from tests.needs.test_dashboard import World

#: The dashboard's own queries: geographies, chosen neighbours, default neighbours, latest
#: years, one per section (six) and the summary: 11. Then the area (1) for everyone; and for a
#: signed-in member the session, the user, their roles, their areas for the navigation and the
#: session's save (a savepoint or transaction, the update, its release): 7 more.
MAX_QUERIES = {False: 12, True: 19}


@pytest.fixture
def world(db):
    return World.build()


def url(world, name="dashboard", **kwargs):
    return reverse(f"needs:{name}", kwargs={"area": world.area.slug, **kwargs})


def board_of(world):
    return dashboard.dashboard(access=AreaAccess(area=world.area, is_public_view=True))


def cell_text(value) -> str:
    return "" if value is None else str(value)


def test_anyone_can_read_the_dashboard(world, client):
    response = client.get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Education, health and care plans" in page
    # The default neighbours are stated, with the January and the area's number of plans.
    assert "has not chosen its statistical neighbours" in page
    assert "January 2025 was nearest to Testshire's (1,000)" in page
    assert "Neighbour 10" in page
    assert "Neighbour 11" not in page
    # Each section names its releases; the key explains DfE's marks.
    assert "Source: DfE, Education, health and care plans, reporting years 2022 and 2025." in page
    assert "Source: DfE, Education, health and care plans, reporting year 2025." in page
    assert "<strong>c</strong>: suppressed by DfE to protect confidentiality" in page
    # The service navigation has the Needs section, marked as the current page.
    assert f'href="{url(world)}" aria-current="page"' in page or (
        f'aria-current="page" href="{url(world)}"' in page
    )


def test_every_chart_has_a_caption_a_table_and_a_download(world, client):
    page = client.get(url(world)).content.decode()
    board = board_of(world)
    slugs = [chart.slug for section in board.sections for chart in section.charts]
    assert slugs == [
        "plans-over-time",
        "plans-growth",
        "age",
        "need",
        "placement",
        "timeliness-excluding",
        "timeliness-including",
        "activity-change",
        "decisions",
    ]
    for section in board.sections:
        for chart in section.charts:
            assert f'<figure class="app-chart" id="{chart.slug}">' in page
            assert chart.caption.replace("'", "&#x27;") in page
            assert url(world, "dashboard-csv", chart=chart.slug) in page
            assert url(world, "dashboard-xlsx", chart=chart.slug) in page
    assert "The portal holds no DfE figures for this yet." not in page


def test_suppressed_values_are_shown_as_c_never_0(world, client):
    page = client.get(url(world)).content.decode()
    figure = page[page.index('<figure class="app-chart" id="need">') :]
    table = figure[figure.index("<table") : figure.index("</table>")]
    asd = table[table.index("Autistic spectrum disorder") :]
    asd = asd[: asd.index("</tr>")]
    assert asd.count(">c</td>") == 2
    assert ">0</td>" not in asd


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_download_is_exactly_its_charts_table(world, client, fmt):
    board = board_of(world)
    tables = {c.slug: (list(c.headers), c.rows) for s in board.sections for c in s.charts}
    tables["summary"] = (board.summary.headers, board.summary.table)
    for slug, (headers, rows) in tables.items():
        response = client.get(url(world, f"dashboard-{fmt}", chart=slug))
        assert response.status_code == 200
        assert f'filename="testshire-needs-{slug}.{fmt}"' in response["Content-Disposition"]
        if fmt == "csv":
            got = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert got[0] == headers
            assert got[1:] == [[cell_text(v) for v in row] for row in rows]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            got = [list(r) for r in sheet.iter_rows(values_only=True)]
            assert got[0] == headers
            assert got[1:] == [[None if v == "" else v for v in row] for row in rows]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).count() == len(tables)


def test_the_csv_holds_dfe_marks_and_numbers(world, client):
    response = client.get(url(world, "dashboard-csv", chart="need"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # The area's count is c; the neighbours (by default N1 to N10, of which only N1 and N2
    # published needs) are N1's 100 of 250 and N2's 100 of 300: 200 / 550 = 36.4%.
    assert rows[1] == ["Autistic spectrum disorder", "c", "c", "30.0", "30.0", "36.4"]
    # The area's 3 of 200 as published; N1's count is c, so N2's 6 of 300 = 2.0%.
    assert rows[2] == ["Hearing impairment", "3", "1.5", "1.4", "1.4", "2.0"]


def row_cells(page: str, chart: str, first: str) -> list[str]:
    """The cells after the first of the row of ``chart``'s table that starts with ``first``."""
    row = page[page.index(f'<figure class="app-chart" id="{chart}">') :]
    row = row[row.index("<td", row.index(f">{first}<")) :]
    row = row[: row.index("</tr>")]
    return [cell.split(">", 1)[1].strip() for cell in row.split("</td>")[:-1]]


def test_activity_and_decision_tables_show_their_numbers(world, client):
    page = client.get(url(world)).content.decode()
    # tests/needs/test_dashboard.py works these numbers out (World.build's activity); the
    # region publishes none of them ("no data") but DfE's rate of timely request decisions.
    assert row_cells(page, "activity-change", "New EHC plans") == [
        "2024", "200", "250", "25.0", "no data", "10.0", "x",
    ]  # fmt: skip
    assert row_cells(page, "activity-change", "Annual reviews due") == [
        "2024", "500", "600", "20.0", "no data", "20.0", "50.0",
    ]  # fmt: skip
    assert row_cells(page, "decisions", "Decisions on requests made within 6 weeks") == [
        "2024", "80.0", "85.0", "90.0", "64.3",
    ]  # fmt: skip
    assert row_cells(
        page, "decisions", "Annual review meetings held, as a share of reviews due"
    ) == ["2024", "75.0", "no data", "80.0", "80.0"]


def test_unknown_charts_are_not_found(world, client):
    assert client.get(url(world, "dashboard-csv", chart="not-a-chart")).status_code == 404
    assert client.get(url(world, "dashboard-xlsx", chart="decisions")).status_code == 200


def test_an_area_without_figures_says_so(db, client):
    area = AreaFactory(slug="nowhere", la_code="E10000998")
    response = client.get(reverse("needs:dashboard", kwargs={"area": area.slug}))
    assert response.status_code == 200
    assert "The portal holds no DfE figures for" in response.content.decode()
    assert "plotly" not in response.content.decode()
    download = client.get(
        reverse("needs:dashboard-csv", kwargs={"area": area.slug, "chart": "summary"})
    )
    assert download.status_code == 200


def test_the_printable_version_has_every_chart_and_the_summary(world, client):
    response = client.get(url(world, "dashboard-print"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-app-print" in page
    assert "app-print-page" in page
    for slug in ("plans-over-time", "plans-growth", "age", "need", "timeliness-excluding"):
        assert f'id="{slug}"' in page
    assert "Latest figures for Testshire compared" in page


def add_local_authorities(world, n):
    """``n`` more local authorities with figures, and 12 chosen neighbours."""
    for i in range(n):
        code = f"E08{i:06d}"
        world.neighbours[code] = world.la_geography(code, f"Extra {i}")
        for measure, year, value in (
            ("ehc_plans", 2025, 500 + i),
            ("ehc_plans", 2019, 400 + i),
            ("ehc_plans_by_need", 2025, 300),
            ("need_asd", 2025, 100),
            ("pc_issued_within_20_weeks_ex", 2024, 50),
        ):
            world.fig(measure, code, year, value)
    world.choose_neighbours([f"N{i}" for i in range(1, 13)])


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_page_query_count_is_bounded_whatever_the_number_of_areas(
    world, client, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(user_with_role(world.area, Role.BOARD_MEMBER))
    few = queries(client, url(world))
    add_local_authorities(world, 40)
    assert Figure.objects.count() > 250
    with django_assert_max_num_queries(few):
        client.get(url(world))
    with django_assert_max_num_queries(MAX_QUERIES[signed_in]):
        client.get(url(world))
    with django_assert_max_num_queries(MAX_QUERIES[signed_in]):
        client.get(url(world, "dashboard-print"))


def test_a_download_reads_only_its_own_section(world, client, django_assert_max_num_queries):
    # area, geographies, neighbours, default neighbours, latest years, the section,
    # and the audit event's insert
    with django_assert_max_num_queries(8):
        client.get(url(world, "dashboard-csv", chart="need"))


def test_members_find_the_neighbours_page_from_the_dashboard(world, client):
    neighbours = reverse("needs:neighbours", kwargs={"area": world.area.slug})
    assert neighbours not in client.get(url(world)).content.decode()
    client.force_login(user_with_role(world.area, Role.COMMISSIONER))
    assert neighbours in client.get(url(world)).content.decode()


def test_local_indicators_show_beside_dfe_figures_to_the_areas_people_only(world, client):
    from core.models import Role
    from tests.factories import LocalIndicatorFactory, user_with_role

    area = world.area
    LocalIndicatorFactory(area=area, name="Register of disabled children", value=1234)
    public = client.get(url(world)).content.decode()
    assert "Register of disabled children" not in public

    client.force_login(user_with_role(area, Role.BOARD_MEMBER))
    member = client.get(url(world)).content.decode()
    assert "Register of disabled children" in member
    assert "1234" in member or "1,234" in member
    assert 'href="#local-indicators"' in member
    assert "Add or change local indicators" not in member  # board members read

    client.force_login(user_with_role(area, Role.COMMISSIONER))
    assert "Add or change local indicators" in client.get(url(world)).content.decode()
