"""The performance framework report (ehcp/board_pack.py, ehcp/views/board_pack.py): the builder
on a small fixed set of cases whose January to March 2021 figures are worked out by hand in the
comments, a target trajectory, "what changed" in words, a frozen month reported as frozen with
its later correction beside it; then the pages: who may read them, a bad month, a query count
that does not grow with the cases, the CSV equal to the tables, the HTML file."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp import board_pack
from ehcp.board_pack import Frozen, build, months_between
from ehcp.cases import Case, Outcome
from ehcp.measures import month_figures
from ehcp.models import CaseRequest, MonthlyFigure, Target
from ehcp.snapshots import figures_of, freeze_closed_months
from ehcp.synthetic import NORFOLK_2020_21, generate
from tests.ehcp.test_dashboard import load_cases

Y, N = Outcome.YES, Outcome.NO
JAN, FEB, MAR = date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def plan(name: str, received: str, decided: str, issued: str, *, exception=False) -> Case:
    return Case(
        request_id=f"REQ-{name}", person=f"person-{name}", received=d(received),
        request_outcome=Y, request_outcome_date=d(decided), assessment_outcome=Y,
        assessment_outcome_date=d(issued), exception=exception,
    )  # fmt: skip


CASES = [
    # Issued in January: P1 in 84 days (in time), P2 in 179 (late).
    plan("P1", "2020-11-02", "2020-12-01", "2021-01-25"),
    plan("P2", "2020-08-03", "2020-10-01", "2021-01-29"),
    # Issued in February in 137 days: in time.
    plan("P3", "2020-10-01", "2020-11-02", "2021-02-15"),
    # Issued in March: P4 in 181 days (late, an exception), P5 in 120 (in time); P5's
    # decision on 11 January came on day 41, in time.
    plan("P4", "2020-09-01", "2020-10-01", "2021-03-01", exception=True),
    plan("P5", "2020-12-01", "2021-01-11", "2021-03-31"),
    # Received in February, still awaiting the decision at the end of March.
    Case(request_id="REQ-P6", person="person-P6", received=d("2021-02-01")),
    # Received in January; refused on 22 February, day 49: late.
    Case(
        request_id="REQ-P7",
        person="person-P7",
        received=d("2021-01-04"),
        request_outcome=N,
        request_outcome_date=d("2021-02-22"),
    ),
    # 2019-20: 1 of 4 plans in time (B1, 92 days), so the outturn is 25.0%.
    plan("B1", "2019-05-01", "2019-05-20", "2019-08-01"),
    plan("B2", "2019-04-01", "2019-05-01", "2019-12-02"),
    plan("B3", "2019-06-03", "2019-07-01", "2020-01-06"),
    plan("B4", "2019-07-01", "2019-08-01", "2020-03-02"),
]
COMPUTABLE = months_between(date(2019, 4, 1), MAR)
NORFOLK_TARGETS = {"issued_20_weeks_ex": [(d("2021-12-31"), 60.0), (d("2022-12-31"), 90.0)]}


def pack_of(cases=CASES, *, frozen=None, hand=None, targets=None, to=MAR):
    return build(
        area_name="Alphashire", area_slug="alphashire", to=to, cases=cases,
        computable=COMPUTABLE, frozen=frozen or {}, hand_entered=hand or {},
        targets=NORFOLK_TARGETS if targets is None else targets,
    )  # fmt: skip


def values(pack, key: str) -> list:
    row = next(row for table in pack.tables for row in table.rows if row.key == key)
    return [cell.value for cell in row.cells]


# --- The builder -------------------------------------------------------------------------------


def test_three_months_of_hand_worked_figures():
    pack = pack_of()
    assert pack.months == (JAN, FEB, MAR)
    assert pack.title == "January to March 2021"
    assert values(pack, "requests") == [1, 1, 0]  # P7; P6; none
    # Decisions: January P5 on day 41 (1 of 1); February P7 on day 49 (0 of 1); March none.
    assert values(pack, "decisions") == [1, 1, 0]
    assert values(pack, "decisions_6_weeks") == [100.0, 0.0, None]
    assert values(pack, "plans_issued") == [2, 1, 2]
    # March: P4 late, P5 in time: 1 of 2 with exceptions; P4 is an exception, so 1 of 1 without.
    assert values(pack, "twenty_weeks") == [50.0, 100.0, 50.0]
    assert values(pack, "twenty_weeks_ex") == [50.0, 100.0, 100.0]
    # Since April 2020: 2, 3, then 5 plans; 3 of 5 in time, 3 of the 4 that are not exceptions.
    assert values(pack, "plans_issued_fytd") == [2, 3, 5]
    assert values(pack, "twenty_weeks_fytd") == [50.0, 66.7, 60.0]
    assert values(pack, "twenty_weeks_ex_fytd") == [50.0, 66.7, 75.0]
    # (84 + 179) / 2 = 131.5 days = 18.8 weeks; 137 days = 19.6 weeks; (181 + 120) / 2 = 150.5
    assert values(pack, "weeks_to_issue") == [18.8, 19.6, 21.5]
    assert values(pack, "days_to_issue") == [131.5, 137.0, 150.5]
    # 31 January: P7 awaiting (day 27, week 4); P5 day 61 (week 9), P3 day 122 (week 18) and
    # P4 day 152 (week 22) being assessed. 28 February: P6 (week 4) awaiting, P5 (day 89,
    # week 13) and P4 (day 180) assessed. 31 March: P6 alone (day 58, week 9); P5 issued that day.
    assert values(pack, "in_process") == [4, 3, 1]
    assert values(pack, "awaiting_decision") == [1, 1, 1]
    assert values(pack, "being_assessed") == [3, 2, 0]
    assert values(pack, "age_0-6") == [1, 1, 0]
    assert values(pack, "age_7-12") == [1, 0, 1]
    assert values(pack, "age_13-20") == [1, 1, 0]
    assert values(pack, "age_over 20") == [1, 1, 0]
    assert [s.words for s in pack.sources] == ["not frozen: calculated from the case data"] * 3


def test_the_tables_follow_the_performance_framework():
    pack = pack_of()
    assert [table.heading for table in pack.tables] == [
        "Requests and decisions within 6 weeks",
        "Professional advice within 6 weeks, by service",
        "EHC plans issued within 20 weeks",
        "Average time to issue an EHC plan",
        "Plans in process (the backlog) and how long they have waited",
        "Annual reviews",
        "Children missing education, alternative provision and complaints",
    ]
    for table in pack.tables:
        for row in table.rows:
            assert row.label
            assert row.methodology
            assert len(row.cells) == 3


def test_the_target_trajectory_for_each_month():
    pack = pack_of()
    # From the 2019-20 outturn (25.0% at 31 March 2020) to 60% on 31 December 2021, 640 days:
    # 31 January is day 306: 25 + 35 x 306 / 640 = 41.7; 28 February, day 334: 43.3;
    # 31 March, day 365: 45.0.
    assert values(pack, "target_issued_20_weeks_ex") == [41.7, 43.3, 45.0]
    rows = [row.key for row in pack.tables[2].rows]
    assert rows[:3] == ["plans_issued", "twenty_weeks_ex", "target_issued_20_weeks_ex"]
    assert any("from the 2019-20 outturn, 25.0% (to 31 March 2020)" in n for n in pack.notes)
    chart = pack.charts[0]
    assert chart.headers[-1] == "Target (%)"
    assert chart.rows[-1] == ["Mar 2021", 1, 100.0, 45.0]
    assert "against a target of 45.0% for the month" in chart.caption


def test_without_the_baseline_year_the_trajectory_starts_at_the_first_target():
    targets = {"issued_20_weeks_ex": [(d("2020-12-31"), 40.0), (d("2021-12-31"), 60.0)]}
    # the baseline year would be 2018-19, before the case data
    pack = pack_of(targets=targets)
    # 40 + 20 x 31 / 365 = 41.7 at 31 January; x 59 / 365 = 43.2; x 90 / 365 = 44.9
    assert values(pack, "target_issued_20_weeks_ex") == [41.7, 43.2, 44.9]
    assert pack_of(targets={}).charts[0].headers[-1] == "Within 20 weeks (%)"


def test_what_changed_since_last_month_in_words():
    said = {change.key: change for change in pack_of().changes}
    assert said["in_process"].sentence == (
        "Requests in process at the month's end: down from 3 in February 2021 to 1 in "
        "March 2021 (2 fewer), which is better."
    )
    assert said["weeks_to_issue"].sentence == (
        "Average time from request to plan: up from 19.6 weeks in February 2021 to 21.5 weeks in "
        "March 2021 (1.9 weeks), which is worse."
    )
    assert said["weeks_to_issue"].verdict == "worse"
    assert said["twenty_weeks_ex"].verdict == "same"
    assert said["twenty_weeks_ex"].sentence.endswith(
        "100.0% in March 2021, the same as in February 2021."
    )
    assert said["requests"].sentence == (
        "Requests received: down from 1 in February 2021 to 0 in March 2021 (1 fewer)."
    )  # neither way is better
    assert said["requests"].verdict == ""
    assert said["decisions_6_weeks"].sentence == (
        "Decisions whether to assess made within 6 weeks: 0.0% in February 2021; no figure for "
        "March 2021."
    )


def test_a_frozen_month_is_reported_as_frozen_with_its_later_correction_beside_it():
    frozen = {FEB: Frozen(figures_of(CASES, FEB), d("2021-03-05"))}
    # The case system later corrects P3's request date: 167 days, late after all.
    corrected = [dataclasses.replace(c, received=d("2020-09-01")) if c.request_id == "REQ-P3"
                 else c for c in CASES]  # fmt: skip
    pack = pack_of(corrected, frozen=frozen)
    row = next(row for row in pack.tables[2].rows if row.key == "twenty_weeks_ex")
    february = row.cells[1]
    assert (february.value, february.corrected, february.correction) == (100.0, True, 0.0)
    assert february.correction_shown == "0.0%"
    assert not row.cells[2].corrected  # March is not frozen: computed, nothing to correct
    # the months not frozen are computed from the corrected cases: 2 of 5 since April
    assert values(pack, "twenty_weeks_fytd") == [50.0, 66.7, 40.0]
    assert values(pack, "plans_issued")[1] == 1  # frozen, unchanged: no correction
    assert pack.sources[1].words == "frozen on 5 March 2021"
    assert "February 2021: frozen on 5 March 2021." in pack.notes
    # February's rates with and without exceptions, for the month and since April, and its
    # average weeks and days to issue
    assert pack.corrections == 6
    # A frozen figure an older snapshot does not hold is computed.
    older = {FEB: Frozen({k: v for k, v in frozen[FEB].figures.items() if k != "requests"},
                         d("2021-03-05"))}  # fmt: skip
    assert values(pack_of(frozen=older), "requests") == [1, 1, 0]


def test_the_frozen_figures_are_used_even_without_case_data():
    frozen = {m: Frozen(figures_of(CASES, m), d("2021-04-02")) for m in (JAN, FEB, MAR)}
    pack = build(area_name="A", area_slug="a", to=MAR, cases=[], computable=[], frozen=frozen,
                 hand_entered={}, targets={})  # fmt: skip
    assert values(pack, "in_process") == [4, 3, 1]
    assert pack.corrections == 0


def test_the_hand_entered_figures_with_complaints_cumulative_from_april():
    hand = {("complaints_council", date(2020, m, 1)): Decimal(2) for m in range(4, 13)}
    hand |= {("complaints_council", m): Decimal(v) for m, v in ((JAN, 3), (FEB, 1), (MAR, 4))}
    hand |= {("cme_all", FEB): Decimal(200), ("cme_all", MAR): Decimal(180)}
    hand |= {("cme_ehcp", MAR): Decimal(27), ("ap_days", MAR): Decimal("45.5")}
    pack = pack_of(hand=hand)
    # 9 months of 2 to December = 18; then + 3, + 1, + 4
    assert values(pack, "complaints_council") == [21, 22, 26]
    assert values(pack, "cme_all") == [None, 200, 180]
    assert values(pack, "cme_ehcp_share") == [None, None, 15.0]
    assert values(pack, "ap_days") == [None, None, 45.5]
    said = {change.key: change.sentence for change in pack.changes}
    assert said["cme_all"] == (
        "Children missing education: down from 200 in February 2021 to 180 in March 2021 "
        "(20 fewer), which is better."
    )
    row = next(row for row in pack.tables[-1].rows if row.key == "complaints_council")
    assert row.label.endswith("(cumulative from April)")
    assert "cumulative from April" in row.methodology


def test_the_charts_cover_12_months_with_their_tables():
    twenty, backlog = pack_of().charts
    assert [row[0] for row in twenty.rows] == [
        f"{m:%b %Y}" for m in months_between(d("2020-04-01"), MAR)
    ]
    assert backlog.headers == [
        "Month",
        "0-6 weeks",
        "7-12 weeks",
        "13-20 weeks",
        "over 20 weeks",
        "In process",
    ]
    assert backlog.rows[-3:] == [["Jan 2021", 1, 1, 1, 1, 4], ["Feb 2021", 1, 0, 1, 1, 3],
                                 ["Mar 2021", 0, 1, 0, 0, 1]]  # fmt: skip
    assert backlog.caption.startswith("At the end of March 2021, 1 requests were in process")
    assert twenty.csv_filename == "board-pack-alphashire-2021-03-pack-twenty-weeks"


def test_the_months_a_pack_can_end_with():
    assert board_pack.end_months([]) == []
    assert board_pack.end_months([JAN, FEB]) == []
    assert board_pack.end_months([MAR, JAN, FEB, date(2021, 4, 1)]) == [date(2021, 4, 1), MAR]
    assert board_pack.baseline_year([(d("2021-12-31"), 60.0)])[0] == date(2019, 4, 1)
    assert board_pack.baseline_year([(d("2022-03-31"), 60.0)])[-1] == date(2021, 3, 1)


def test_figures_from_the_relevant_cases_equal_those_from_every_case():
    cases = generate(dataclasses.replace(NORFOLK_2020_21, scale=0.1)).cases
    # October 2020 to March 2021: their rolling 12 months start in November 2019
    relevant = board_pack._relevant(cases, d("2019-11-01"), d("2021-03-31"))
    assert len(relevant) < len(cases)
    for month in (d("2021-03-01"), d("2020-10-01")):
        assert month_figures(relevant, month) == month_figures(cases, month)


# --- The pages ---------------------------------------------------------------------------------

NAMES = ["ehcp:board-pack", "ehcp:board-pack-print", "ehcp:board-pack-html", "ehcp:board-pack-csv"]


def url(name: str, area, to: str | None = "2021-03") -> str:
    address = reverse(name, kwargs={"area": area.slug})
    return f"{address}?to={to}" if to else address


@pytest.fixture
def loaded(area_a, area_b):
    load_cases(area_a, CASES, extract_date=d("2021-03-31"))
    for due, value in NORFOLK_TARGETS["issued_20_weeks_ex"]:
        Target.objects.create(area=area_a, measure="issued_20_weeks_ex", due=due, value=value)
    MonthlyFigure.objects.create(area=area_a, month=MAR, measure="cme_all", value=180)
    return area_a


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_who_may_read_the_pack(name, loaded, users, client, client_for):
    response = client.get(url(name, loaded))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    expected = {"commissioner": 200, "area_admin": 200, "board_member": 200,
                "forum_member": 403, "other_area": 404}  # fmt: skip
    for role, status in expected.items():
        response = client_for(getattr(users, role)).get(url(name, loaded))
        assert response.status_code == status, role
        if status != 200:
            assert b"Requests received" not in response.content


@pytest.mark.django_db
def test_the_page_shows_the_pack(loaded, users, client_for):
    response = client_for(users.board_member).get(url("ehcp:board-pack", loaded, to=None))
    assert response.status_code == 200
    pack = response.context["pack"]
    assert pack.to == MAR  # the latest complete month
    page = response.content.decode()
    assert "<title>Performance framework report, January to March 2021" in page
    assert "Criteria / methodology" in page
    assert "What changed since last month" in page
    assert 'id="pack-twenty-weeks"' in page
    assert 'id="pack-backlog"' in page
    assert url("ehcp:board-pack-print", loaded) in page
    assert url("ehcp:board-pack-csv", loaded) + "&amp;chart=pack-backlog" in page
    assert "45.0%" in page  # March's target
    print_page = client_for(users.board_member).get(url("ehcp:board-pack-print", loaded))
    assert b"data-app-print" in print_page.content


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["2021-13", "abc", "2030-01", "2019-04", ""])
def test_a_bad_month(bad, loaded, users, client_for):
    client = client_for(users.commissioner)
    for name in ("ehcp:board-pack", "ehcp:board-pack-print"):
        response = client.get(url(name, loaded, to=None), {"to": bad})
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<title>Error: ") == 1
        assert "Select a month between June 2019 and March 2021" in page
        assert response.context["pack"].to == MAR
    response = client.get(url("ehcp:board-pack-html", loaded, to=None), {"to": bad})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert b"govuk-error-summary" in response.content
    response = client.get(url("ehcp:board-pack-csv", loaded, to=None), {"to": bad})
    assert response.status_code == 400
    response = client.get(url("ehcp:board-pack-csv", loaded), {"chart": "nope"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_no_case_data_yet(area_a, users, client_for):
    for name in NAMES:
        response = client_for(users.board_member).get(url(name, area_a, to=None))
        assert response.status_code == 200, name
    page = client_for(users.board_member).get(url("ehcp:board-pack", area_a, to=None))
    assert "holds no EHC case data" in page.content.decode()


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_cases(loaded, area_b, users, client_for):
    client = client_for(users.board_member)
    with CaptureQueriesContext(connection) as few:
        client.get(url("ehcp:board-pack", loaded))
    more = generate(dataclasses.replace(NORFOLK_2020_21, scale=0.05, la_code="E10000020")).cases
    load_cases(loaded, more)
    freeze_closed_months(loaded, today=d("2021-04-10"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("ehcp:board-pack", loaded))
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


class Tables(HTMLParser):
    """The rows of every table on a page: the text of each header and cell."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def number_of(text: str) -> float | None:
    """A number as a table shows it (1,234 or 42.5%) or as the CSV writes it; None for none."""
    return None if text in ("", "no figure") else float(text.rstrip("%").replace(",", ""))


@pytest.mark.django_db
def test_the_csv_equals_the_tables(loaded, users, client_for):
    client = client_for(users.board_member)
    response = client.get(url("ehcp:board-pack-csv", loaded))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="board-pack-alphashire-2021-03.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Table",
        "Measure",
        "Criteria / methodology",
        "Jan 2021",
        "Feb 2021",
        "Mar 2021",
    ]
    assert rows[-1][:6] == ["Notes", "Where the figures come from", ""] + [
        "Not frozen: calculated from the case data"] * 3  # fmt: skip
    parser = Tables()
    parser.feed(client.get(url("ehcp:board-pack", loaded)).content.decode())
    shown = [row for row in parser.rows if len(row) == 5 and row[0] != "Measure"]
    assert len(shown) == len(rows) - 2
    for table_row, csv_row in zip(shown, rows[1:-1], strict=True):
        assert table_row[:2] == csv_row[1:3]
        assert [number_of(v) for v in table_row[2:]] == [number_of(v) for v in csv_row[3:6]]
    chart = client.get(url("ehcp:board-pack-csv", loaded), {"chart": "pack-backlog"})
    lines = chart.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Month,0-6 weeks,7-12 weeks,13-20 weeks,over 20 weeks,In process"
    assert lines[-1] == "Mar 2021,0,1,0,0,1"


@pytest.mark.django_db
def test_a_frozen_month_and_its_correction_on_the_page(loaded, users, client_for):
    freeze_closed_months(loaded, today=d("2021-04-10"))
    CaseRequest.objects.filter(record_key="REQ-P3").update(received=d("2020-09-01"))
    page = client_for(users.board_member).get(url("ehcp:board-pack", loaded)).content.decode()
    assert "February 2021: frozen on" in page
    assert "Now 0.0%" in page
    assert "(a later correction)" in page


@pytest.mark.django_db
def test_the_html_file_reads_without_the_portal(loaded, users, client_for):
    response = client_for(users.board_member).get(url("ehcp:board-pack-html", loaded))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="board-pack-alphashire-2021-03.html"'
    )
    page = response.content.decode()
    assert page.startswith("<!DOCTYPE html>")
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts
    assert all('type="application/json"' in tag for tag in scripts)  # the charts' data only
    assert ".govuk-table{" in page  # the stylesheet inlined
    assert "Download these numbers" not in page
    assert "<caption" in page
    assert "Mar 2021" in page
