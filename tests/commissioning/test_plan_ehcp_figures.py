"""A forward plan's success measures that follow EHCP case-data figures: the plan is public,
the figures are not. Measure readers of the area (commissioners, board members, area
admins) see the live value; anyone else sees it only once the area publishes the measure,
and then with small numbers suppressed (counts of 1 to 4 and rates from fewer than 5
children are ``c``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp.models import PublishedMeasure
from tests.ehcp.test_dashboard import load_cases
from tests.ehcp.test_snapshots import plan
from tests.factories import SuccessMeasureFactory

pytestmark = pytest.mark.django_db

BACKLOG = "Assessments still in process"
RATE = "Plans on time over the year"


# The extract was taken on 31 March 2021. In the 12 months to March: plans 1 (56 days, in
# time) and 2 (195 days, late) were issued, 1 of 2 = 50.0%, from 2 children. Plan 3 is
# still in process at 31 March: a backlog of 1.
CASES = [
    plan(1, date(2021, 1, 4), date(2021, 3, 1)),
    plan(2, date(2020, 9, 1), date(2021, 3, 15)),
    plan(3, date(2021, 2, 1), date(2021, 5, 3)),
]
# Five more requests of March, all open at 31 March: a backlog of 6, fit to publish.
MORE_OPEN = [plan(10 + n, date(2021, 3, n + 1), date(2021, 6, 1)) for n in range(5)]


def plan_page(area, cases):
    load_cases(area, cases, extract_date=date(2021, 3, 31))
    backlog = SuccessMeasureFactory(
        priority__plan__area=area, description=BACKLOG, figure="ehcp_in_process", unit=""
    )
    SuccessMeasureFactory(
        priority=backlog.priority, description=RATE, figure="ehcp_20_weeks_ex_rolling"
    )
    return reverse("commissioning:plan", kwargs={"area": area.slug, "pk": backlog.priority.plan.pk})


@pytest.mark.parametrize("reader", ["commissioner", "board_member", "area_admin"])
def test_measure_readers_see_the_live_values(area_a, users, client_for, reader):
    url = plan_page(area_a, CASES)
    body = client_for(getattr(users, reader)).get(url).content.decode()
    assert f"{BACKLOG}: now 1 (target" in body
    assert f"{RATE}: now 50%" in body


@pytest.mark.parametrize("reader", ["public", "forum_member", "other_area"])
def test_nobody_else_sees_an_unpublished_value(area_a, users, client, client_for, reader):
    url = plan_page(area_a, CASES)
    page = (client if reader == "public" else client_for(getattr(users, reader))).get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert BACKLOG in body
    assert RATE in body
    assert f"{BACKLOG}: now" not in body
    assert f"{RATE}: now" not in body


def test_a_published_value_is_shown_with_small_numbers_suppressed(area_a, users, client):
    url = plan_page(area_a, CASES)
    PublishedMeasure.objects.create(area=area_a, measure="in_process")
    PublishedMeasure.objects.create(area=area_a, measure="issued_20_weeks_ex")
    body = client.get(url).content.decode()
    assert f"{BACKLOG}: now c (target" in body  # a backlog of 1
    assert f"{RATE}: now c (target" in body  # 50.0%, but from 2 children
    assert "now 1" not in body
    assert "now 50" not in body
    assert "is shown as <strong>c</strong>" in body


def test_a_published_value_of_5_or_more_is_shown(area_a, client_for, users, client):
    url = plan_page(area_a, CASES + MORE_OPEN)
    PublishedMeasure.objects.create(area=area_a, measure="in_process")
    body = client_for(users.forum_member).get(url).content.decode()
    assert f"{BACKLOG}: now 6 (target" in body
    assert f"{RATE}: now" not in body  # the 20-week rate is not published
    assert "is shown as <strong>c</strong>" not in body


def test_the_deployments_threshold_applies_to_the_plans_figures(area_a, client, settings):
    url = plan_page(area_a, CASES + MORE_OPEN)
    PublishedMeasure.objects.create(area=area_a, measure="in_process")
    settings.SMALL_NUMBER_THRESHOLD = 10  # PORTAL_SMALL_NUMBER_THRESHOLD=10
    body = client.get(url).content.decode()
    assert f"{BACKLOG}: now c (target" in body  # a backlog of 6
    assert "a published count of 1 to 9" in body
