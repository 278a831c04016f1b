"""QUALITY.md R1: 50 concurrent identical posts of every create form make exactly one row."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from commissioning.models import Action, DeliveryUpdate, ForwardPlan, PlanVersion, Priority, Service
from tests.factories import ActionFactory, BoardFactory


def date_parts(prefix, d, m, y):
    return {f"{prefix}_0": str(d), f"{prefix}_1": str(m), f"{prefix}_2": str(y)}


@pytest.fixture
def world(area_a, users):
    action = ActionFactory(priority__plan__area=area_a)
    board = BoardFactory(area=area_a)
    return action, board, users.commissioner


def plan_add(action, board):
    dates = {**date_parts("starts_on", 1, 4, 2025), **date_parts("ends_on", 31, 3, 2027)}
    return {}, {"title": "Raced plan", **dates}


def priority_add(action, board):
    return {"pk": action.priority.plan.pk}, {"title": "Raced priority"}


def action_add(action, board):
    data = {"title": "Raced action", "status": "on_track", "progress": "0"}
    return {"pk": action.priority.pk}, {**data, **date_parts("due_on", 1, 1, 2026)}


def update_add(action, board):
    return {"pk": action.pk}, {"update": "Raced update", **date_parts("written_on", 1, 6, 2025)}


def service_add(action, board):
    data = {"name": "Raced service", "commissioner": "joint", "arrangement": "section_75"}
    return {}, {**data, "age_from": "0", "age_to": "25"}


def plan_approve(action, board):
    data = {"approved_by_board": str(board.pk), **date_parts("approved_on", 1, 6, 2025)}
    return {"pk": action.priority.plan.pk}, data


FORMS = {
    "plan-add": (ForwardPlan, plan_add),
    "priority-add": (Priority, priority_add),
    "action-add": (Action, action_add),
    "update-add": (DeliveryUpdate, update_add),
    "service-add": (Service, service_add),
    "plan-approve": (PlanVersion, plan_approve),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(FORMS))
def test_fifty_concurrent_identical_posts_make_one_row(name, world, area_a):
    action, board, commissioner = world
    model, build = FORMS[name]
    kwargs, data = build(action, board)
    url = reverse(f"commissioning:{name}", kwargs={"area": area_a.slug, **kwargs})
    data = {**data, "submission": str(uuid.uuid4())}
    before = model.objects.count()

    def post(_):
        client = Client()
        client.force_login(commissioner)
        try:
            return client.post(url, data)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(post, range(50)))

    assert {r.status_code for r in responses} == {302}, {r.status_code for r in responses}
    assert model.objects.count() == before + 1
    assert len({r["Location"] for r in responses}) == 1  # everyone lands on the one row


@pytest.mark.django_db
def test_a_double_clicked_edit_saves_once_without_a_false_conflict(world, area_a, client):
    action, _, commissioner = world
    client.force_login(commissioner)
    url = reverse("commissioning:action-edit", kwargs={"area": area_a.slug, "pk": action.pk})
    data = {"title": "Edited once", "status": "on_track", "progress": "30",
            "seen_version": str(action.version), "submission": str(uuid.uuid4())}  # fmt: skip
    first, second = client.post(url, data), client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    action.refresh_from_db()
    assert (action.title, action.version) == ("Edited once", 2)
