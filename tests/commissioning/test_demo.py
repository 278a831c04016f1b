"""The demo plans and services from fixtures/demo/plans/, loaded by ``load_demo``."""

import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from commissioning.demo import DemoDataError, load_plans
from commissioning.models import (
    Action,
    Arrangement,
    ForwardPlan,
    OutcomeFramework,
    Priority,
    Service,
    ServiceFunding,
)
from core.demo import DEMO_DIR, load_areas

PLANS_DIR = DEMO_DIR / "plans"

FLOURISH = [
    "Family & Friends",
    "Learning",
    "Opportunity",
    "Understood",
    "Resilience",
    "Individual",
    "Safe & Secure",
    "Healthy",
]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", statistics=False)


def table_counts() -> dict[str, int]:
    """Rows in every commissioning table, history events and many-to-many tables included."""
    counts = {}
    for model in apps.get_app_config("commissioning").get_models(include_auto_created=True):
        counts[model._meta.db_table] = model._default_manager.count()
    return counts


@pytest.mark.django_db
def test_norfolk_framework_has_the_eight_flourish_outcome_areas(demo):
    framework = OutcomeFramework.objects.get(area__slug="norfolk")
    names = list(framework.outcome_areas.order_by("order").values_list("name", flat=True))
    assert names == FLOURISH
    assert "".join(framework.outcome_areas.order_by("order").values_list("code", flat=True)) == (
        "FLOURISH"
    )
    assert ForwardPlan.objects.get(area__slug="norfolk").outcome_framework == framework


@pytest.mark.django_db
def test_nottinghamshire_plan_has_six_priorities(demo):
    plan = ForwardPlan.objects.get(area__slug="nottinghamshire")
    assert list(plan.priorities.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert all(priority.leads.exists() for priority in plan.priorities.all())


@pytest.mark.django_db
def test_north_yorkshire_services_cover_each_arrangement_and_add_up_to_the_file(demo):
    services = Service.objects.filter(area__slug="north-yorkshire")
    assert set(services.values_list("arrangement", flat=True)) == {
        Arrangement.SINGLE_AGENCY,
        Arrangement.JOINT_PLANNING,
        Arrangement.JOINT_INVESTMENT,
    }
    data = json.loads((PLANS_DIR / "north-yorkshire.json").read_text(encoding="utf-8"))
    in_file = sum(
        (Decimal(str(f["annual_value"])) for s in data["services"] for f in s["funding"]),
        Decimal(0),
    )
    loaded = ServiceFunding.objects.filter(service__area__slug="north-yorkshire").aggregate(
        total=Sum("annual_value")
    )["total"] or Decimal(0)
    assert loaded == in_file
    assert services.count() == len(data["services"])


@pytest.mark.django_db
def test_loading_twice_adds_and_changes_nothing(demo, settings):
    before = table_counts()
    assert before["commissioning_action"] > 0
    call_command("load_demo", statistics=False)
    assert table_counts() == before  # history event tables too: no row was rewritten


@pytest.mark.django_db
def test_every_action_has_dates_in_order_within_its_plan_and_progress_0_to_100(demo):
    actions = Action.objects.select_related("priority__plan")
    assert actions.exists()
    for action in actions:
        plan = action.priority.plan
        assert 0 <= action.progress <= 100, action
        if action.starts_on and action.due_on:
            assert action.starts_on <= action.due_on, action
        for day in (action.starts_on, action.due_on):
            assert day is None or plan.starts_on <= day <= plan.ends_on, action


@pytest.mark.django_db
def test_loader_counts_what_the_files_hold(demo):
    counts = load_plans()
    assert counts["plans"] == ForwardPlan.objects.count() == 3
    assert counts["priorities"] == Priority.objects.count()
    assert counts["actions"] == Action.objects.count()
    assert counts["services"] == Service.objects.count()


@pytest.mark.django_db
def test_unknown_board_is_reported_with_file_and_key(tmp_path):
    load_areas()
    plan = {
        "title": "Test plan",
        "starts_on": "2024-01-01",
        "ends_on": "2024-12-31",
        "priorities": [
            {
                "number": 1,
                "title": "A priority",
                "actions": [{"title": "An action", "responsible_group": "No Such Board"}],
            }
        ],
    }
    (tmp_path / "broken.json").write_text(json.dumps({"area": "norfolk", "plans": [plan]}))
    with pytest.raises(DemoDataError, match=r"broken\.json: plans\[0\]\.priorities\[0\]"):
        load_plans(tmp_path)
    assert not ForwardPlan.objects.exists()  # one transaction: nothing half-loaded


@pytest.mark.django_db
def test_unknown_organisation_and_outcome_code_are_reported(tmp_path):
    load_areas()
    service = {"name": "S", "commissioner": "council", "arrangement": "single_agency"}
    service["funding"] = [{"organisation": "Nobody Ltd", "annual_value": "1.00"}]
    (tmp_path / "a.json").write_text(json.dumps({"area": "norfolk", "services": [service]}))
    with pytest.raises(DemoDataError, match=r"a\.json: services\[0\]\.funding\[0\]\.organisation"):
        load_plans(tmp_path)
    priority = {"number": 1, "title": "P", "outcome_areas": ["Z"]}
    plan = {"title": "T", "starts_on": "2024-01-01", "ends_on": "2024-12-31"}
    plan["priorities"] = [priority]
    (tmp_path / "a.json").write_text(json.dumps({"area": "norfolk", "plans": [plan]}))
    with pytest.raises(DemoDataError, match=r"outcome_areas\[0\]: no outcome area with code 'Z'"):
        load_plans(tmp_path)
