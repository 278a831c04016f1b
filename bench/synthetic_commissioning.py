"""Synthetic forward plans and services registers for the benchmark areas (bulk_create).

Each area gets one approved plan of ``PRIORITIES`` priorities with ``ACTIONS`` actions and
two success measures each, and ``SERVICES`` services funded by its council and ICB.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from commissioning.models import (
    Action,
    ActionStatus,
    Arrangement,
    Commissioner,
    ForwardPlan,
    PlanStatus,
    Priority,
    Service,
    ServiceFunding,
    SuccessMeasure,
)
from core.models import Area, Organisation, OrganisationKind

PRIORITIES = 6
ACTIONS = 6
SERVICES = 20
STATUSES = list(ActionStatus.values)
ARRANGEMENTS = list(Arrangement.values)


def load(areas: list[Area], organisations: dict[int, list[Organisation]]) -> None:
    plans = ForwardPlan.objects.bulk_create(
        ForwardPlan(
            area=area,
            title=f"{area.name} joint commissioning plan",
            starts_on=date(2025, 4, 1),
            ends_on=date(2027, 3, 31),
            status=PlanStatus.APPROVED,
        )
        for area in areas
    )
    priorities = Priority.objects.bulk_create(
        (
            Priority(plan=plan, number=n + 1, title=f"Priority {n + 1}", why="Local need")
            for plan in plans
            for n in range(PRIORITIES)
        ),
        batch_size=2000,
    )
    SuccessMeasure.objects.bulk_create(
        (
            SuccessMeasure(priority=p, description=f"Measure {m}", target_value=Decimal(60))
            for p in priorities
            for m in range(2)
        ),
        batch_size=2000,
    )
    Action.objects.bulk_create(
        (_action(p, a) for p in priorities for a in range(ACTIONS)), batch_size=5000
    )
    services = Service.objects.bulk_create(
        (
            Service(
                area=area,
                name=f"Service {s}",
                commissioner=Commissioner.JOINT,
                arrangement=ARRANGEMENTS[s % len(ARRANGEMENTS)],
            )
            for area in areas
            for s in range(SERVICES)
        ),
        batch_size=5000,
    )
    funders = {
        area_pk: [o for o in orgs if o.kind in {OrganisationKind.COUNCIL, OrganisationKind.ICB}]
        for area_pk, orgs in organisations.items()
    }
    ServiceFunding.objects.bulk_create(
        (
            ServiceFunding(
                service=s, organisation=o, annual_value=Decimal(100000 + s.pk % 7 * 5000)
            )
            for s in services
            for o in funders[s.area_id]
        ),
        batch_size=5000,
    )


def _action(priority: Priority, n: int) -> Action:
    start = date(2025, 4, 1) + timedelta(days=30 * n)
    return Action(priority=priority, title=f"Action {n + 1}", owner="Commissioning lead",
                  starts_on=start, due_on=start + timedelta(days=365),
                  status=STATUSES[n % len(STATUSES)], progress=(n * 17) % 101, order=n)  # fmt: skip
