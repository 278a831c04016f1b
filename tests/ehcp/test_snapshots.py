"""The snapshot ledger: closed months frozen once, later corrections shown beside them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from ehcp.cases import Case, Outcome
from ehcp.models import CaseRequest, MonthlySnapshot
from ehcp.snapshots import freeze_closed_months, headlines
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


CASES = [
    plan(1, date(2021, 1, 4), date(2021, 3, 1)),  # 56 days: in time, issued March
    plan(2, date(2020, 9, 1), date(2021, 3, 15)),  # 195 days: late, issued March
    plan(3, date(2021, 2, 1), date(2021, 5, 3)),  # issued May: open at the end of March
]


def test_closed_months_are_frozen_once_and_never_rewritten(area_a):
    load_cases(area_a, CASES)
    months = freeze_closed_months(area_a, today=date(2021, 4, 10))
    # September 2020 (the first request) to March 2021 (the last month that has ended)
    assert months[0] == date(2020, 9, 1)
    assert months[-1] == date(2021, 3, 1)
    assert len(months) == 7
    march = MonthlySnapshot.objects.get(area=area_a, month=date(2021, 3, 1))
    # March: 2 issued, 1 of 2 within 20 weeks = 50.0%; plan 3 still in process at 31 March
    assert headlines(march.figures) == {
        "requests": 0,
        "plans_issued": 2,
        "issued_20_weeks_ex": 50.0,
        "issued_20_weeks": 50.0,
        "in_process": 1,
    }
    assert freeze_closed_months(area_a, today=date(2021, 4, 20)) == []  # nothing new
    assert MonthlySnapshot.objects.in_area(area_a).count() == 7


def test_a_later_correction_shows_beside_the_frozen_figure(area_a, client_for, users):
    load_cases(area_a, CASES)
    freeze_closed_months(area_a, today=date(2021, 4, 10))
    # the case system later corrects plan 2's request date: it was in time after all
    CaseRequest.objects.filter(record_key="R2").update(received=date(2021, 1, 11))
    page = client_for(users.board_member).get(reverse("ehcp:ledger", kwargs={"area": area_a.slug}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "March 2021" in body
    assert "Now 100.0" in body  # recalculated: 2 of 2 within 20 weeks
    march = MonthlySnapshot.objects.get(area=area_a, month=date(2021, 3, 1))
    assert headlines(march.figures)["issued_20_weeks"] == 50.0  # the frozen figure stands


def test_the_command_freezes_every_active_area(area_a, area_b, capsys):
    load_cases(area_a, CASES)
    call_command("freeze_ehcp_months")
    out = capsys.readouterr().out
    assert f"{area_a.name}: froze" in out
    assert f"{area_b.name}: nothing new to freeze" in out
    assert not MonthlySnapshot.objects.in_area(area_b).exists()


def test_months_after_the_latest_extract_are_not_frozen(area_a):
    # the extract was taken on 31 March 2021: April has ended by June, but no data covers it
    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    months = freeze_closed_months(area_a, today=date(2021, 6, 15))
    assert months[-1] == date(2021, 3, 1)


def test_a_plans_success_measure_follows_the_live_20_week_rate(area_a):
    from decimal import Decimal

    from commissioning.services import measure_current
    from tests.factories import SuccessMeasureFactory

    load_cases(area_a, CASES, extract_date=date(2021, 3, 31))
    measure = SuccessMeasureFactory(priority__plan__area=area_a, figure="ehcp_20_weeks_ex_rolling")
    # 12 months to March 2021: plans 1 (in time) and 2 (late) -> 50.0%
    assert measure_current(measure) == Decimal("50.0")
    backlog = SuccessMeasureFactory(priority__plan__area=area_a, figure="ehcp_in_process")
    assert measure_current(backlog) == Decimal(1)  # plan 3, open at 31 March


def test_the_ledger_shows_a_year_a_page_and_reads_the_cases_once(
    area_a, client_for, users, django_assert_max_num_queries
):
    load_cases(area_a, CASES)
    freeze_closed_months(area_a, today=date(2022, 1, 10))  # September 2020 to December 2021
    url = reverse("ehcp:ledger", kwargs={"area": area_a.slug})
    client = client_for(users.board_member)
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    assert "December 2021" in first
    assert "January 2021" in first  # the twelfth month back
    assert "December 2020" not in first
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "December 2020" in second
    assert "September 2020" in second
    assert "January 2021" not in second
    assert client.get(url, {"page": "nonsense"}).status_code == 200
