"""Board-approved versions are frozen; any two can be compared."""

from datetime import date

import pytest

from commissioning import services, versions
from commissioning.models import PlanStatus
from tests.factories import ActionFactory, BoardFactory, ForwardPlanFactory, PriorityFactory


def snap(*actions, priority_title="Early help"):
    return {"priorities": [{"id": 1, "number": 1, "title": priority_title, "why": "",
                            "actions": list(actions)}]}  # fmt: skip


def act(pk, **fields):
    return {"id": pk, "title": f"A{pk}", "owner": "", "starts_on": None, "due_on": None,
            "status": "on_track", "progress": 0, "rag": "green", **fields}  # fmt: skip


def test_compare_finds_added_removed_changed_and_rag_moves():
    old = snap(act(1), act(2), act(3, progress=10))
    new = snap(act(1), act(3, progress=60, rag="amber"), act(4), priority_title="Early years")
    changes = versions.compare(old, new)
    assert [a["id"] for a in changes.added] == [4]
    assert [a["id"] for a in changes.removed] == [2]
    assert changes.changed[0]["fields"] == [("Progress (%)", 10, 60), ("RAG", "green", "amber")]
    assert [(m["action"]["id"], m["old"], m["new"]) for m in changes.rag_moves] == [
        (3, "green", "amber")
    ]
    assert changes.priorities[0]["fields"] == [("Title", "Early help", "Early years")]
    assert not changes.nothing


def test_compare_of_identical_snapshots_is_nothing():
    assert versions.compare(snap(act(1)), snap(act(1))).nothing


@pytest.mark.django_db
def test_approving_freezes_the_plan_as_it_stood(area_a, users):
    plan = ForwardPlanFactory(area=area_a, status=PlanStatus.DRAFT)
    action = ActionFactory(priority=PriorityFactory(plan=plan), progress=20)
    board = BoardFactory(area=area_a)
    first = services.approve_version(plan=plan, board=board, approved_on=date(2024, 6, 1),
                                     recorded_by=users.commissioner)  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert first.number == 1
    action.progress = 90
    action.save()
    second = services.approve_version(plan=plan, board=board, approved_on=date(2024, 9, 1),
                                      recorded_by=users.commissioner)  # fmt: skip
    first.refresh_from_db()
    assert first.snapshot["priorities"][0]["actions"][0]["progress"] == 20  # frozen
    assert second.snapshot["priorities"][0]["actions"][0]["progress"] == 90
    changes = versions.compare(first.snapshot, second.snapshot)
    assert changes.changed[0]["fields"][0] == ("Progress (%)", 20, 90)


@pytest.mark.django_db
def test_approving_a_newer_plan_supersedes_earlier_ones_of_the_area(area_a, area_b):
    old = ForwardPlanFactory(area=area_a, starts_on=date(2020, 4, 1), ends_on=date(2022, 3, 31))
    other_area = ForwardPlanFactory(
        area=area_b, starts_on=date(2020, 4, 1), ends_on=date(2022, 3, 31)
    )
    new = ForwardPlanFactory(area=area_a, status=PlanStatus.DRAFT, starts_on=date(2023, 4, 1),
                             ends_on=date(2025, 3, 31))  # fmt: skip
    board = BoardFactory(area=area_a)
    services.approve_version(plan=new, board=board, approved_on=date(2023, 5, 1), recorded_by=None)
    old.refresh_from_db()
    other_area.refresh_from_db()
    assert old.status == PlanStatus.SUPERSEDED
    assert other_area.status == PlanStatus.APPROVED
