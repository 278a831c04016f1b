"""The action list: filters, sorting, paging, and downloads of exactly what is filtered."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from tests.factories import ActionFactory, ForwardPlanFactory, PriorityFactory

TODAY = timezone.localdate()


@pytest.fixture
def plan(area_a):
    plan = ForwardPlanFactory(area=area_a)
    first, second = PriorityFactory(plan=plan, number=1), PriorityFactory(plan=plan, number=2)
    year_ago, in_a_year = TODAY - timedelta(days=365), TODAY + timedelta(days=365)
    ActionFactory(
        priority=first,
        title="=cmd|' /C calc'!A0",
        owner="Head of SEND",
        starts_on=year_ago,
        due_on=TODAY - timedelta(days=1),
        progress=80,
    )  # red
    ActionFactory(
        priority=first,
        title="Specify the service",
        owner="ICB lead",
        starts_on=year_ago,
        due_on=in_a_year,
        progress=50,
    )  # green
    ActionFactory(
        priority=second,
        title="Recruit therapists",
        owner="Head of SEND",
        starts_on=year_ago,
        due_on=in_a_year,
        progress=50,
        status="some_disruption",
    )
    ActionFactory(priority=second, title="Publish the offer", owner="Forum",
                  status="completed", progress=100, due_on=TODAY - timedelta(days=30))  # fmt: skip
    return plan


def list_url(area, plan, **params):
    base = reverse("commissioning:actions", kwargs={"area": area.slug, "pk": plan.pk})
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({}, {"=cmd", "Specify", "Recruit", "Publish"}),
        ({"owner": "head"}, {"=cmd", "Recruit"}),
        ({"status": "completed"}, {"Publish"}),
        ({"rag": "red"}, {"=cmd"}),
        ({"rag": "amber"}, {"Recruit"}),
        ({"rag": "green"}, {"Specify", "Publish"}),
        ({"overdue": "on"}, {"=cmd"}),
        ({"owner": "head", "rag": "amber"}, {"Recruit"}),
    ],
)
def test_filters_and_the_csv_holds_exactly_what_is_filtered(
    params, titles, users, client_for, area_a, plan
):
    client = client_for(users.board_member)
    rows = csv_rows(client.get(list_url(area_a, plan, **params, export="csv")))
    assert rows[0][:3] == ["Priority", "Action", "Owner"]
    assert {row[1].lstrip("'").split("|")[0].split()[0] for row in rows[1:]} == titles
    page = client.get(list_url(area_a, plan, **params)).content.decode()
    assert f"{len(titles)} action" in page


@pytest.mark.django_db
def test_priority_filter_offers_only_this_plans_priorities(users, client_for, area_a, plan):
    other = PriorityFactory(plan=ForwardPlanFactory(area=area_a))
    client = client_for(users.commissioner)
    response = client.get(list_url(area_a, plan, priority=other.pk))
    assert "Select a valid choice" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    first = plan.priorities.get(number=1)
    rows = csv_rows(client.get(list_url(area_a, plan, priority=first.pk, export="csv")))
    assert {row[0] for row in rows[1:]} == {"1"}


@pytest.mark.django_db
def test_excel_download_neutralises_formulas_and_is_audited(users, client_for, area_a, plan):
    response = client_for(users.commissioner).get(list_url(area_a, plan, export="xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    assert "'=cmd|' /C calc'!A0" in titles
    assert all(sheet.cell(row=r, column=2).data_type == "s" for r in range(2, sheet.max_row + 1))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, area=area_a).exists()


@pytest.mark.django_db
def test_sorting_by_rag_and_the_download_follows_it(users, client_for, area_a, plan):
    rows = csv_rows(
        client_for(users.commissioner).get(list_url(area_a, plan, sort="rag", export="csv"))
    )
    assert [row[7] for row in rows[1:]] == ["Red", "Amber", "Green", "Green"]
    rows = csv_rows(
        client_for(users.commissioner).get(list_url(area_a, plan, sort="-due_on", export="csv"))
    )
    dues = [row[4] for row in rows[1:]]
    assert dues == sorted(dues, reverse=True)


@pytest.mark.django_db
def test_pagination_and_downloads_hold_every_page(users, client_for, area_a, plan):
    for n in range(30):
        ActionFactory(priority=plan.priorities.first(), title=f"Extra {n}")
    client = client_for(users.forum_member)
    page_one = client.get(list_url(area_a, plan)).content.decode()
    assert "Page 1 of 2" in page_one
    assert "34 actions match" in page_one
    assert len(csv_rows(client.get(list_url(area_a, plan, export="csv")))) == 35


@pytest.mark.django_db
def test_the_public_can_list_an_approved_plans_actions_but_not_a_drafts(client, area_a, plan):
    assert client.get(list_url(area_a, plan)).status_code == 200
    draft = ForwardPlanFactory(area=area_a, status="draft")
    assert client.get(list_url(area_a, draft)).status_code == 404


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(users, client_for, area_a, plan):
    client = client_for(users.commissioner)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(list_url(area_a, plan)).status_code == 200
        return len(captured)

    few = count()
    for _ in range(40):
        ActionFactory(priority=plan.priorities.first(), due_on=date(2030, 1, 1))
    assert count() <= few
