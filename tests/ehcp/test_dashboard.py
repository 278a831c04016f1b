"""The EHCP timeliness pages' reads and builders (ehcp/selectors.py, ehcp/dashboard/): a small
fixed set of cases whose March 2021 figures are worked out by hand in the comments, and the
Norfolk 2020-21 synthetic extract, whose figures must equal ``ehcp.measures`` on every case
and look like Norfolk's (the 20-week rate rising).

``load_cases`` puts cases into PostgreSQL as an import would (pseudonym = ``Case.person``,
record key = ``Case.request_id``); the view and browser tests use it too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date

import pytest

from core.access import AreaAccess
from core.models import Role
from ehcp import dashboard, selectors
from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.measures import (
    Period,
    add_months,
    advice_within_6_weeks,
    annual_reviews,
    average_weeks_to_issue,
    decisions_within_6_weeks,
    issued_within_20_weeks,
    plans_in_process,
    plans_issued,
    requests_received,
)
from ehcp.models import Advice as AdviceRow
from ehcp.models import CaseImport, CaseRequest, ImportStatus, Person
from ehcp.synthetic import NORFOLK_2020_21, generate
from tests.factories import AreaFactory

Y, N, A, W, H = Outcome.YES, Outcome.NO, Outcome.AWAITING, Outcome.WITHDRAWN, Outcome.HISTORICAL
EP, HEALTH, SOCIAL_CARE = Service.EDUCATIONAL_PSYCHOLOGY, Service.HEALTH, Service.SOCIAL_CARE
MARCH = date(2021, 3, 1)
AS_OF = date(2021, 3, 31)


# --- Loading cases as an import would ----------------------------------------------------------


def load_cases(area, cases: Iterable[Case], *, extract_date: date | None = None) -> None:
    """Person, CaseRequest and Advice rows for ``cases`` in ``area``; with ``extract_date``,
    a finished import that says the extract was taken that day."""
    cases = list(cases)
    people: dict[str, Person] = {}
    for case in cases:
        people.setdefault(
            case.person,
            Person(area=area, pseudonym=case.person, birth_month=case.birth_month, sex=case.sex),
        )
    Person.objects.bulk_create(people.values(), batch_size=5000)
    requests = [
        CaseRequest(
            area=area,
            person=people[case.person],
            record_key=case.request_id,
            received=case.received,
            request_outcome=case.request_outcome.value,
            request_outcome_date=case.request_outcome_date,
            assessment_outcome=case.assessment_outcome.value if case.assessment_outcome else "",
            assessment_outcome_date=case.assessment_outcome_date,
            exception=case.exception,
            plan_start=case.plan_start,
            plan_ceased=case.plan_ceased,
            last_review=case.last_review,
            review_meeting=case.review_meeting,
            primary_need=case.primary_need,
        )
        for case in cases
    ]
    CaseRequest.objects.bulk_create(requests, batch_size=5000)
    AdviceRow.objects.bulk_create(
        [
            AdviceRow(
                area=area,
                request=row,
                service=a.service.value,
                requested=a.requested,
                returned=a.returned,
            )
            for row, case in zip(requests, cases, strict=True)
            for a in case.advice
        ],
        batch_size=5000,
    )
    if extract_date is not None:
        CaseImport.objects.create(
            area=area,
            file_name="synthetic.zip",
            sha256="0" * 64,
            extract_date=extract_date,
            status=ImportStatus.DONE,
        )


# --- A small fixed set of cases ---------------------------------------------------------------


def case(request_id: str, received: date, **fields) -> Case:
    return Case(request_id=request_id, person=f"person-{request_id}", received=received, **fields)


def d(text: str) -> date:
    return date.fromisoformat(text)


#: Hand-worked figures for March 2021 (as of 31 March 2021) are in the tests below.
SMALL = [
    # Plan in time: 2021-01-04 + 70 days = 15 March; EP advice back in 28 days.
    case(
        "REQ-A-0000000000000", d("2021-01-04"), request_outcome=Y,
        request_outcome_date=d("2021-02-01"), assessment_outcome=Y,
        assessment_outcome_date=d("2021-03-15"),
        advice=(Advice(EP, d("2021-02-01"), d("2021-03-01")),),
    ),
    # Plan late: 2020-09-01 to 2021-03-10 is 190 days; health advice back in 122 days.
    case(
        "REQ-B-0000000000000", d("2020-09-01"), request_outcome=Y,
        request_outcome_date=d("2020-10-30"), assessment_outcome=Y,
        assessment_outcome_date=d("2021-03-10"),
        advice=(Advice(HEALTH, d("2020-10-30"), d("2021-03-01")),),
    ),
    # Plan late (181 days) with an exception; issued on the last day: not open on it.
    case(
        "REQ-C-0000000000000", d("2020-10-01"), request_outcome=Y,
        request_outcome_date=d("2020-10-20"), assessment_outcome=Y,
        assessment_outcome_date=d("2021-03-31"), exception=True,
    ),
    # Awaiting the decision: day 30 on 31 March, week 5.
    case("REQ-D-0000000000000", d("2021-03-01")),
    # Being assessed since November: day 177, over 20 weeks; EP advice out 149 days.
    case(
        "REQ-E-0000000000000", d("2020-10-05"), request_outcome=Y,
        request_outcome_date=d("2020-11-02"), assessment_outcome=A,
        advice=(Advice(EP, d("2020-11-02")),),
    ),
    # Refused in 18 days: the one decision of March, in time.
    case(
        "REQ-F-0000000000000", d("2021-02-15"), request_outcome=N,
        request_outcome_date=d("2021-03-05"),
    ),
    # Withdrawn: a request received in March, not a decision.
    case(
        "REQ-G-0000000000000", d("2021-03-10"), request_outcome=W,
        request_outcome_date=d("2021-03-20"),
    ),
    # A plan from before the collection period: its review falls due on 20 March 2021.
    case(
        "REQ-H-0000000000000", d("2019-01-07"), request_outcome=H,
        request_outcome_date=d("2019-02-01"), assessment_outcome=H,
        assessment_outcome_date=d("2019-05-20"), plan_start=d("2019-06-01"),
        last_review=d("2020-03-20"), review_meeting=d("2020-03-01"),
    ),
    # Issued 10 March 2020 (130 days, before FY 2020-21); review held 2 March, decided in 14.
    case(
        "REQ-I-0000000000000", d("2019-11-01"), request_outcome=Y,
        request_outcome_date=d("2019-11-20"), assessment_outcome=Y,
        assessment_outcome_date=d("2020-03-10"), plan_start=d("2020-03-10"),
        last_review=d("2021-03-16"), review_meeting=d("2021-03-02"),
    ),
    # Issued 15 April 2020 (135 days, in time, in FY 2020-21); review decided 33 days on.
    case(
        "REQ-J-0000000000000", d("2019-12-02"), request_outcome=Y,
        request_outcome_date=d("2019-12-20"), assessment_outcome=Y,
        assessment_outcome_date=d("2020-04-15"), plan_start=d("2020-04-15"),
        last_review=d("2021-03-25"), review_meeting=d("2021-02-20"),
    ),
    # Messy: decided before it was received; withdrawn without a date (never open).
    case(
        "REQ-K-0000000000000", d("2021-01-10"), request_outcome=Y,
        request_outcome_date=d("2021-01-05"), assessment_outcome=W,
    ),
    # Being assessed since January 2020: day 450, open over 52 weeks.
    case(
        "REQ-L-0000000000000", d("2020-01-06"), request_outcome=Y,
        request_outcome_date=d("2020-02-03"), assessment_outcome=A,
    ),
]  # fmt: skip


def charts_of(sections: Sequence[dashboard.Section]) -> dict:
    return {chart.slug: chart for section in sections for chart in section.charts}


def row_for(chart, label: str) -> list:
    return next(row for row in chart.rows if row[0] == label)


@pytest.fixture
def small_charts():
    return charts_of(dashboard.timeliness_sections(SMALL, MARCH, prefix="testshire-ehcp"))


def test_march_requests_plans_and_the_20_weeks_by_hand(small_charts):
    # Received in March: D (1st) and G (10th, withdrawn later).
    assert row_for(small_charts["requests"], "Mar 2021") == ["Mar 2021", 2]
    # Issued in March: A (70 days), B (190), C (181, exception): 3 plans, 441 days / 21 = 21.0.
    assert row_for(small_charts["plans-issued"], "Mar 2021") == ["Mar 2021", 3]
    assert row_for(small_charts["weeks-to-issue"], "Mar 2021") == ["Mar 2021", 3, 21.0]
    # Including exceptions: A of A, B, C = 33.3%; excluding: A of A, B = 50.0%.
    # FY 2020-21 (= rolling 12 months, April 2020 to March 2021) adds J (135 days, in time):
    # including 2 of 4 = 50.0%, excluding 2 of 3 = 66.7%. I (March 2020) is in neither.
    including = small_charts["twenty-weeks-including"]
    excluding = small_charts["twenty-weeks-excluding"]
    assert row_for(including, "Mar 2021") == ["Mar 2021", 3, 33.3, 50.0, 50.0]
    assert row_for(excluding, "Mar 2021") == ["Mar 2021", 2, 50.0, 66.7, 66.7]
    # April 2020: J alone, in time: 100% every way; FY 2020-21 starts then.
    assert row_for(excluding, "Apr 2020") == ["Apr 2020", 1, 100.0, 100.0, 100.0]
    # March 2020: I alone (130 days); the rolling 12 months to March 2020 hold I only.
    assert row_for(excluding, "Mar 2020") == ["Mar 2020", 1, 100.0, 100.0, 100.0]
    # A month with no plan is a gap, not 0%.
    assert row_for(excluding, "Feb 2021") == ["Feb 2021", 0, None, 100.0, 100.0]
    assert excluding.caption.startswith(
        "In March 2021, 50.0% of EHC plans were issued within 20 weeks, excluding exception "
        "cases (1 of 2); 66.7% over the financial year to date and 66.7% over the last 12 "
        "months, against 100.0% over the 12 months to March 2020."
    )


def test_march_decisions_advice_backlog_and_reviews_by_hand(small_charts):
    # Decisions made in March: F (refused after 18 days); G's withdrawal is not one.
    assert row_for(small_charts["decisions"], "Mar 2021") == ["Mar 2021", 1, 100.0]
    # K was "decided" on 5 January, before it was received (-5 days): within 6 weeks.
    assert row_for(small_charts["decisions"], "Jan 2021") == ["Jan 2021", 1, 100.0]
    # Advice returned in March: EP for A in 28 days; health for B in 122; no social care.
    assert row_for(small_charts["advice"], "Mar 2021") == ["Mar 2021", 1, 100.0, 1, 0.0, 0, None]
    # In process at 31 March: D awaiting (week 5); E (day 177) and L (day 450) assessed.
    # C was issued on the 31st; K's withdrawal has no date, so it is never counted open.
    assert row_for(small_charts["backlog"], "Mar 2021") == ["Mar 2021", 1, 2, 3]
    assert small_charts["backlog-age"].rows == [
        ["0-6 weeks", 1],
        ["7-12 weeks", 0],
        ["13-20 weeks", 0],
        ["over 20 weeks", 2],
    ]
    # Reviews due in March: H's (a year after 20 March 2020) and I's first (a year after its
    # plan of 10 March 2020; held on 2 March, it still fell due in March). J's first fell due
    # on 15 April 2021, though held early. Held: I's meeting on 2 March.
    # Decided in March: I (14 days after its meeting) and J (33 days): 1 of 2 = 50.0%.
    assert row_for(small_charts["reviews"], "Mar 2021") == ["Mar 2021", 2, 1]
    assert row_for(small_charts["reviews-decided"], "Mar 2021") == ["Mar 2021", 2, 50.0]
    # At the end of April 2020 only L was in process (J was issued on 15 April): 2 more now.
    assert row_for(small_charts["backlog"], "Apr 2020") == ["Apr 2020", 0, 1, 1]
    assert small_charts["backlog"].caption == (
        "At the end of March 2021, 3 requests were in process (1 awaiting the decision whether "
        "to assess, 2 being assessed): 2 more than at the end of April 2020."
    )


def test_every_chart_has_its_takeaway_table_and_file_name(small_charts):
    assert list(small_charts) == list(dashboard.TIMELINESS_CHARTS)
    for slug, chart in small_charts.items():
        assert chart.caption.endswith(".")
        assert chart.csv_filename == f"testshire-ehcp-{slug}"
        assert all(len(row) == len(chart.headers) for row in chart.rows)
        assert chart.figure["data"]  # something drawn
    assert len(small_charts["requests"].rows) == 12
    assert len(small_charts["twenty-weeks-excluding"].rows) == 24
    assert small_charts["requests"].rows[0][0] == "Apr 2020"


def test_the_timeline_runs_to_the_extract_or_the_latest_date():
    # The latest date in the data is 31 March 2021 (C's plan): March is complete.
    line = dashboard.timeline(SMALL)
    assert (line.as_of, line.latest) == (AS_OF, MARCH)
    # From the first request not decided before the collection period: I, November 2019.
    assert (line.months[0], line.months[-1], len(line.months)) == (MARCH, date(2019, 11, 1), 17)
    # An extract taken mid-month: the month before is the latest complete one.
    line = dashboard.timeline(SMALL, date(2021, 4, 12))
    assert (line.as_of, line.latest, line.months[0]) == (date(2021, 4, 12), MARCH, MARCH)
    assert dashboard.timeline([]) is None


def test_the_flight_board_by_hand():
    page = dashboard.flight_board_page(SMALL, AS_OF, prefix="x")
    board = page.board
    # D in week 5; E and L over 20 weeks; none reaches day 141 within 8 weeks (D: 30 + 56).
    assert {week: n for week, n in board.weeks.items() if n} == {5: 1}
    assert (board.over_20, board.late_within_4_weeks, board.late_within_8_weeks) == (2, 0, 0)
    weeks, advice = page.charts
    assert weeks.rows[4] == ["Week 5", 1]
    assert weeks.rows[-1] == ["Over 20 weeks", 2]
    # E's EP advice: asked 2 November, out 149 days on 31 March.
    assert advice.rows == [
        ["Educational psychology", 1, 1],
        ["Health", 0, 0],
        ["Social care", 0, 0],
    ]
    assert advice.caption.endswith("Most overdue: educational psychology (1).")


def test_the_case_list_flags_by_hand():
    rows = dashboard.case_rows(SMALL, AS_OF)
    by_key = {row.key: row for row in rows}
    assert [row.key for row in rows[:2]] == ["REQ-G-000000", "REQ-D-000000"]  # newest first
    assert all(len(row.key) == 12 for row in rows)
    assert by_key["REQ-K-000000"].flags == ("dated-before-received", "outcome-without-date")
    assert by_key["REQ-L-000000"].flags == ("open-over-52-weeks",)
    assert by_key["REQ-L-000000"].weeks == 64  # 450 days
    assert by_key["REQ-B-000000"].weeks == 27  # closed after 190 days
    assert not by_key["REQ-B-000000"].is_open
    assert by_key["REQ-K-000000"].weeks is None  # closed without a date
    assert [r.key for r in dashboard.with_flag(rows, "any")] == ["REQ-K-000000", "REQ-L-000000"]
    assert dashboard.with_flag(rows, "advice-before-asked") == []
    counts = {flag: n for flag, _, n in dashboard.flag_counts(rows)}
    assert counts == {
        "dated-before-received": 1,
        "outcome-without-date": 1,
        "assessed-without-decision": 0,
        "advice-before-asked": 0,
        "open-over-52-weeks": 1,
        "not-in-latest-extract": 0,
    }
    odd = case("X", d("2021-01-04"), request_outcome=A, assessment_outcome=Y,
               assessment_outcome_date=d("2021-02-01"),
               advice=(Advice(EP, d("2021-01-20"), d("2021-01-10")),))  # fmt: skip
    assert dashboard.case_flags(odd, AS_OF) == ("assessed-without-decision", "advice-before-asked")


# --- Reading from the database ----------------------------------------------------------------


def access(area, *roles) -> AreaAccess:
    return AreaAccess(area=area, roles=frozenset(roles))


@pytest.mark.django_db
def test_the_selector_reads_back_what_was_loaded_in_two_queries(django_assert_num_queries):
    area = AreaFactory(slug="testshire")
    load_cases(area, SMALL)
    with django_assert_num_queries(2):
        read = selectors.cases_for(access(area, Role.BOARD_MEMBER))
    assert sorted(read, key=lambda c: c.request_id) == SMALL


@pytest.mark.django_db
def test_the_selectors_see_one_area_and_only_for_the_roles_that_may(django_assert_num_queries):
    area, other = AreaFactory(slug="testshire"), AreaFactory(slug="otherton")
    load_cases(area, SMALL, extract_date=AS_OF)
    load_cases(
        other, [dataclasses.replace(SMALL[0], person="p-other")], extract_date=date(2022, 1, 5)
    )
    for role in (Role.COMMISSIONER, Role.BOARD_MEMBER, Role.AREA_ADMIN):
        assert len(selectors.cases_for(access(area, role))) == len(SMALL)
    assert len(selectors.cases_for(access(other, Role.COMMISSIONER))) == 1
    assert selectors.extract_date(access(area, Role.BOARD_MEMBER)) == AS_OF
    # Forum members, people of no role and the public read nothing, and ask nothing.
    with django_assert_num_queries(0):
        for nobody in (access(area, Role.FORUM_MEMBER), access(area)):
            assert selectors.cases_for(nobody) == []
            assert selectors.case_list_for(nobody) == []
            assert selectors.extract_date(nobody) is None
    assert selectors.case_list_for(access(area, Role.BOARD_MEMBER)) == []
    assert len(selectors.case_list_for(access(area, Role.AREA_ADMIN))) == len(SMALL)
    with pytest.raises(TypeError):
        selectors.cases_for(area)


# --- The Norfolk 2020-21 preset -----------------------------------------------------------------


@pytest.fixture(scope="module")
def norfolk() -> list[Case]:
    return generate(NORFOLK_2020_21).cases


@pytest.mark.parametrize("month", [date(2021, 12, 1), date(2021, 4, 1), date(2020, 1, 1)])
def test_every_figure_equals_the_measures_on_every_case(norfolk, month):
    """The builders hand each measure only the cases that can count; the answers must be
    those of the measures on the whole list."""
    charts = charts_of(dashboard.timeliness_sections(norfolk, month, prefix="n"))
    months = [add_months(month, k) for k in range(-11, 1)]
    for k, m in enumerate(months):
        label = dashboard.month_label(m)
        assert charts["requests"].rows[k] == [label, requests_received(norfolk, m)]
        assert charts["plans-issued"].rows[k] == [label, plans_issued(norfolk, m)]
        weeks = average_weeks_to_issue(norfolk, m)
        assert charts["weeks-to-issue"].rows[k] == [label, weeks.denominator, weeks.value]
        decided = decisions_within_6_weeks(norfolk, m)
        assert charts["decisions"].rows[k] == [label, decided.denominator, decided.value]
        advice = advice_within_6_weeks(norfolk, m)
        assert charts["advice"].rows[k][1:] == [
            x for s in (EP, HEALTH, SOCIAL_CARE) for x in (advice[s].denominator, advice[s].value)
        ]
        backlog = plans_in_process(norfolk, m)
        assert charts["backlog"].rows[k] == [
            label, backlog.awaiting_decision, backlog.being_assessed, backlog.total
        ]  # fmt: skip
        reviews = annual_reviews(norfolk, m)
        assert charts["reviews"].rows[k] == [label, reviews.due, reviews.held]
        rate = reviews.decided_within_4_weeks
        assert charts["reviews-decided"].rows[k] == [label, rate.denominator, rate.value]
    for k, m in enumerate([add_months(month, k) for k in range(-23, 1)]):
        figures = {p: issued_within_20_weeks(norfolk, m, period=p) for p in Period}
        for slug, pick in (
            ("twenty-weeks-including", "including_exceptions"),
            ("twenty-weeks-excluding", "excluding_exceptions"),
        ):
            rates = [getattr(figures[p], pick) for p in Period]
            assert charts[slug].rows[k] == [
                dashboard.month_label(m), rates[0].denominator, *(r.value for r in rates)
            ]  # fmt: skip
    ages = plans_in_process(norfolk, month).ages
    assert charts["backlog-age"].rows == [[f"{band} weeks", n] for band, n in ages.items()]


def test_norfolk_looks_like_norfolk(norfolk):
    line = dashboard.timeline(norfolk)
    assert (line.as_of, line.latest) == (date(2021, 12, 31), date(2021, 12, 1))
    charts = charts_of(dashboard.timeliness_sections(norfolk, line.latest, prefix="n"))
    rolling = [row[4] for row in charts["twenty-weeks-excluding"].rows]
    # The 20-week rate rises: ~8% over the 12 months to January 2020, ~48% to December 2021.
    assert rolling[0] < 12
    assert rolling[-1] > 40
    assert rolling[-1] > rolling[12] > rolling[0]
    requests = [row[1] for row in charts["requests"].rows]
    issued = [row[1] for row in charts["plans-issued"].rows]
    assert 100 <= sum(requests) / 12 <= 125  # roughly 110 a month
    assert 115 <= sum(issued) / 12 <= 135  # 120-130 a month
    # The backlog falls as more plans are issued than requested.
    backlog = [row[3] for row in charts["backlog"].rows]
    assert backlog[-1] < backlog[0]


def test_norfolk_flight_board_and_forecast(norfolk):
    page = dashboard.flight_board_page(norfolk, date(2021, 12, 31), prefix="n")
    board = page.board
    assert board.total == sum(row[1] for row in page.charts[0].rows)
    assert 0 < board.late_within_4_weeks <= board.late_within_8_weeks
    forecast = dashboard.forecast_page(norfolk, date(2021, 12, 1), extra=50, prefix="n")
    base, more = forecast.base, forecast.what_if
    assert base.backlog_cleared is not None
    assert base.target_reached is not None
    assert more.target_reached <= base.target_reached
    assert more.backlog_cleared <= base.backlog_cleared
    assert len(forecast.assumptions) == 6
    # Rounded as a reader would: no "115.333 requests".
    assert forecast.assumptions[0].startswith("115.3 requests a month arrive")
    assert "plus 50 extra" not in forecast.assumptions[2]  # the base forecast's words
    in_time, late = forecast.charts
    assert in_time.headers == [
        "Month",
        "At current capacity: issued in time (%)",
        "With 50 extra plans a month: issued in time (%)",
    ]
    assert len(in_time.rows) == len(late.rows) == 24
    assert [row[1] for row in in_time.rows] == [
        p.percent_in_time for p in base.months[: len(in_time.rows)]
    ]


def test_no_forecast_without_cases_that_ended():
    waiting = [case("W1", d("2021-01-04"))]
    assert dashboard.forecast_page(waiting, MARCH, extra=None, prefix="x") is None
