"""Approving, comparing and printing plans through the pages."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.models import PlanVersion
from tests.factories import ActionFactory, BoardFactory


def url(name, area, plan):
    return reverse(f"commissioning:{name}", kwargs={"area": area.slug, "pk": plan.pk})


@pytest.fixture
def action(area_a):
    return ActionFactory(priority__plan__area=area_a, title="Open the new service", progress=10)


@pytest.mark.django_db
def test_commissioner_records_an_approval_and_board_sees_what_changed(
    users, client_for, area_a, action
):
    plan = action.priority.plan
    board = BoardFactory(area=area_a, name="SEND Partnership Board")
    response = client_for(users.commissioner).post(
        url("plan-approve", area_a, plan),
        {
            "approved_by_board": board.pk,
            "approved_on_0": "1",
            "approved_on_1": "6",
            "approved_on_2": "2024",
        },
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.approved_on) == (1, date(2024, 6, 1))
    action.progress = 70
    action.save()
    body = client_for(users.board_member).get(url("plan-compare", area_a, plan)).content.decode()
    assert "Actions changed" in body
    assert "Open the new service" in body
    assert "Progress (%)" in body


@pytest.mark.django_db
def test_approval_needs_a_board_of_the_area_and_a_real_date(
    users, client_for, area_a, action, objects_of
):
    response = client_for(users.commissioner).post(
        url("plan-approve", area_a, action.priority.plan),
        {
            "approved_by_board": objects_of.b.board.pk,
            "approved_on_0": "31",
            "approved_on_1": "2",
            "approved_on_2": "2024",
        },
    )
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert "Date the board approved it must be a real date" in body
    assert not PlanVersion.objects.exists()


@pytest.mark.django_db
def test_compare_any_two_versions(users, client_for, area_a, action):
    plan = action.priority.plan
    board = BoardFactory(area=area_a)
    services.approve_version(plan=plan, board=board, approved_on=date(2024, 6, 1), recorded_by=None)
    ActionFactory(priority=action.priority, title="Train the workforce")
    services.approve_version(plan=plan, board=board, approved_on=date(2024, 9, 1), recorded_by=None)
    client = client_for(users.forum_member)
    body = client.get(url("plan-compare", area_a, plan) + "?old=1&new=2").content.decode()
    assert "Actions added" in body
    assert "Train the workforce" in body
    same = client.get(url("plan-compare", area_a, plan) + "?old=2&new=2").content.decode()
    assert "Nothing has changed between these versions" in same
    bad = client.get(url("plan-compare", area_a, plan) + "?old=9&new=2")
    assert "Select a valid choice" in bad.content.decode()


@pytest.mark.django_db
def test_printable_plan_has_the_rag_summary(client, area_a, action):
    body = client.get(url("plan-print", area_a, action.priority.plan)).content.decode()
    assert "RAG summary" in body
    assert "Open the new service" in body
    assert "data-app-print" in body
