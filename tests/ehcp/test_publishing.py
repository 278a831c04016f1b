"""Publishing EHCP measures: nothing public until chosen; small numbers suppressed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp.cases import Case, Outcome
from ehcp.models import PublishedMeasure
from ehcp.publishing import public_tables
from tests.ehcp.test_dashboard import load_cases

pytestmark = pytest.mark.django_db

Y = Outcome.YES


def plan(n: int, received: date, issued: date) -> Case:
    return Case(
        request_id=f"R{n}",
        person=f"P{n}",
        received=received,
        request_outcome=Y,
        request_outcome_date=received,
        assessment_outcome=Y,
        assessment_outcome_date=issued,
    )


# March 2021: 6 requests received; 3 plans issued (2 in time); nothing else
CASES = [plan(n, date(2021, 3, n + 1), date(2021, 6, 1)) for n in range(6)] + [
    plan(10, date(2020, 12, 1), date(2021, 3, 1)),  # 90 days: in time
    plan(11, date(2020, 12, 2), date(2021, 3, 2)),  # in time
    plan(12, date(2020, 6, 1), date(2021, 3, 3)),  # late
]


def url(area, name="published"):
    return reverse(f"ehcp:{name}", kwargs={"area": area.slug})


def test_nothing_is_public_until_the_area_chooses(client, area_a):
    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    page = client.get(url(area_a))
    assert page.status_code == 200
    assert "has not published any of these figures yet" in page.content.decode()
    assert public_tables(area_a, today=date(2021, 4, 10)) == []


def test_published_counts_of_1_to_4_and_rates_from_under_5_are_c(area_a):
    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    for key in ("requests", "plans_issued", "issued_20_weeks_ex", "backlog_ages"):
        PublishedMeasure.objects.create(area=area_a, measure=key)
    tables = {t.label: t for t in public_tables(area_a, today=date(2021, 4, 10))}
    march = {label: table.rows[-1] for label, table in tables.items()}
    assert march["Requests for an EHC needs assessment received"] == ["March 2021", 6]
    assert march["New EHC plans issued"] == ["March 2021", "c"]  # 3 plans
    # 2 of 3 in time = 66.7%, but from 3 children: not published
    rate = "New EHC plans issued within 20 weeks, excluding exceptions (%)"
    assert march[rate] == ["March 2021", "c"]
    # at 31 March: 6 requests in weeks 0-6 and none older -> the total 6 shows;
    # no cell of 1-4 exists, so nothing is hidden
    ages = "Assessments in process by weeks since the request"
    assert march[ages] == ["March 2021", 6, 0, 0, 0, 6]


def test_a_lone_hidden_cell_hides_one_more_so_it_cannot_be_worked_back(area_a):
    # at 31 March: 6 requests in weeks 0-6, and 2 received 10 weeks before (weeks 7-12)
    cases = CASES + [
        Case(request_id=f"R{n}", person=f"P{n}", received=date(2021, 1, 18)) for n in (20, 21)
    ]
    load_cases(area_a, cases, extract_date=date(2021, 3, 31))
    PublishedMeasure.objects.create(area=area_a, measure="backlog_ages")
    (table,) = public_tables(area_a, today=date(2021, 4, 10))
    # 2 is hidden; with the total 8 shown, 6 would give it away, so 6 is hidden too
    assert table.rows[-1] == ["March 2021", "c", "c", 0, 0, 8]


def test_commissioners_choose_and_anyone_reads(client, client_for, users, area_a):
    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    commissioner = client_for(users.commissioner)
    response = commissioner.post(url(area_a, "publish"), {"measures": ["requests"]})
    assert response.status_code == 302
    page = client.get(url(area_a)).content.decode()  # anonymous
    assert "Requests for an EHC needs assessment received" in page
    assert "New EHC plans issued" not in page
    assert client_for(users.board_member).get(url(area_a, "publish")).status_code == 403


def test_a_higher_threshold_set_for_the_deployment_hides_more(area_a, client, settings):
    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    PublishedMeasure.objects.create(area=area_a, measure="requests")
    settings.SMALL_NUMBER_THRESHOLD = 10  # PORTAL_SMALL_NUMBER_THRESHOLD=10
    tables = public_tables(area_a, today=date(2021, 4, 10))
    assert tables[0].rows[-1] == ["March 2021", "c"]  # 6 requests: fewer than 10
    body = client.get(url(area_a)).content.decode()
    assert "counts of 1 to 9 and percentages worked out from fewer than 10 children" in body
