"""Writes to forward plans, priorities, actions and delivery updates.

Every edit of an existing row names the version the user saw. The update is
one conditional ``UPDATE ... WHERE version = n``: when another user saved in
between, nothing is written and ``StaleEdit`` carries the saved row so the
page can show both versions (QUALITY.md R2).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from commissioning import figures, rag
from commissioning.models import (
    Action,
    DeliveryUpdate,
    ForwardPlan,
    OutcomeArea,
    OutcomeFramework,
    PlanStatus,
    PlanVersion,
    Priority,
    RagSnapshot,
    Service,
    ServiceFunding,
)
from core.access import AreaAccess


class StaleEdit(Exception):
    """Someone else saved the row after the user loaded it."""

    def __init__(self, current: models.Model):
        super().__init__(f"{current._meta.verbose_name} {current.pk} changed since it was loaded")
        self.current = current


def _save_versioned(obj: models.Model, *, seen_version: int, data: dict) -> models.Model:
    """Write ``data`` to ``obj`` only if its version is still ``seen_version``."""
    plain = {k: v for k, v in data.items() if not obj._meta.get_field(k).many_to_many}
    many = {k: v for k, v in data.items() if k not in plain}
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=seen_version).update(
        **plain, version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(model.objects.get(pk=obj.pk))
    fresh = model.objects.get(pk=obj.pk)
    for name, values in many.items():
        getattr(fresh, name).set(values)
    return fresh


# --- Plans ---------------------------------------------------------------------


@transaction.atomic
def create_plan(*, access: AreaAccess, data: dict) -> ForwardPlan:
    return ForwardPlan.objects.create(area=access.area, **data)


@transaction.atomic
def update_plan(plan: ForwardPlan, *, seen_version: int, data: dict) -> ForwardPlan:
    return _save_versioned(plan, seen_version=seen_version, data=data)


@transaction.atomic
def delete_plan(plan: ForwardPlan) -> None:
    """Delete a plan with its content; a plan a board has approved cannot be deleted."""
    if plan.versions.exists():
        raise ValidationError(
            "A board has approved a version of this plan, so it is kept as a record. "
            "Mark a newer plan as approved instead."
        )
    plan.delete()


def record_quarterly_rag(*, area=None, today: date | None = None) -> int:
    """Keep every action's RAG for the current quarter (run at least once a quarter)."""
    from commissioning.selectors import figure_values

    plans = ForwardPlan.objects.all() if area is None else ForwardPlan.objects.in_area(area)
    count = 0
    for plan in plans.exclude(status=PlanStatus.SUPERSEDED).select_related("area"):
        values = figure_values(plan)
        actions = Action.objects.filter(priority__plan=plan).select_related("measure")
        for action in actions:
            RagSnapshot.objects.update_or_create(
                action=action,
                quarter_start=rag.quarter_start(today or timezone.localdate()),
                defaults={"rag": effective_rag(action, today=today, figure_values=values)},
            )
            count += 1
    return count


# --- Priorities ------------------------------------------------------------------


@transaction.atomic
def create_priority(*, plan: ForwardPlan, data: dict) -> Priority:
    """Add a priority at the end of the plan (the next number)."""
    ForwardPlan.objects.select_for_update().get(pk=plan.pk)  # one numberer at a time
    last = plan.priorities.aggregate(last=Max("number"))["last"] or 0
    outcome_areas = data.pop("outcome_areas", [])
    priority = Priority.objects.create(plan=plan, number=last + 1, **data)
    priority.outcome_areas.set(outcome_areas)
    return priority


@transaction.atomic
def update_priority(priority: Priority, *, seen_version: int, data: dict) -> Priority:
    return _save_versioned(priority, seen_version=seen_version, data=data)


@transaction.atomic
def move_priority(priority: Priority, *, up: bool) -> None:
    """Swap the priority with its neighbour (the number constraint is checked at commit)."""
    plan = ForwardPlan.objects.select_for_update().get(pk=priority.plan_id)
    siblings = plan.priorities.order_by("number")
    neighbour = (
        siblings.filter(number__lt=priority.number).last()
        if up
        else siblings.filter(number__gt=priority.number).first()
    )
    if neighbour is None:
        return
    number = priority.number
    Priority.objects.filter(pk=priority.pk).update(number=neighbour.number)
    Priority.objects.filter(pk=neighbour.pk).update(number=number)


@transaction.atomic
def delete_priority(priority: Priority) -> None:
    """Delete and close the gap in the numbering."""
    plan = ForwardPlan.objects.select_for_update().get(pk=priority.plan_id)
    number = priority.number
    priority.delete()
    plan.priorities.filter(number__gt=number).update(number=F("number") - 1)


# --- Actions ----------------------------------------------------------------------


def measure_current(measure, figure_values: dict | None = None):
    """A measure's current value: the portal's figure when it follows one, else as entered."""
    if measure.figure:
        if figure_values is None:
            figure_values = figures.values_for(measure_area(measure), [measure.figure])
        return figure_values.get(measure.figure)
    return measure.current_value


def measure_area(measure):
    return measure.priority.plan.area


def suggested_rag(
    action: Action, *, today: date | None = None, figure_values: dict | None = None
) -> rag.Suggestion:
    today = today or timezone.localdate()
    measure = None
    if action.measure_id:
        m = action.measure
        measure = rag.measure_rag(
            current=measure_current(m, figure_values),
            target=m.target_value,
            direction=m.direction,
            target_date=m.target_date,
            today=today,
        )
    return rag.suggest(
        status=action.status,
        progress=action.progress,
        starts_on=action.starts_on,
        due_on=action.due_on,
        today=today,
        measure=measure,
    )


def effective_rag(
    action: Action, *, today: date | None = None, figure_values: dict | None = None
) -> str:
    if action.rag_override:
        return action.rag_override
    return suggested_rag(action, today=today, figure_values=figure_values).rag


def record_rag(action: Action, *, today: date | None = None) -> RagSnapshot:
    """Keep the action's RAG for the current quarter (the history strip)."""
    today = today or timezone.localdate()
    snapshot, _ = RagSnapshot.objects.update_or_create(
        action=action,
        quarter_start=rag.quarter_start(today),
        defaults={"rag": effective_rag(action, today=today)},
    )
    return snapshot


@transaction.atomic
def create_action(*, priority: Priority, data: dict) -> Action:
    last = priority.actions.aggregate(last=Max("order"))["last"] or 0
    action = Action.objects.create(priority=priority, order=last + 1, **data)
    record_rag(action)
    return action


@transaction.atomic
def update_action(action: Action, *, seen_version: int, data: dict) -> Action:
    if not data.get("rag_override"):
        data = {**data, "rag_override_reason": ""}
    action = _save_versioned(action, seen_version=seen_version, data=data)
    record_rag(action)
    return action


@transaction.atomic
def move_action(action: Action, *, up: bool) -> None:
    """Swap the action with its neighbour in the priority's order."""
    Priority.objects.select_for_update().get(pk=action.priority_id)
    siblings = list(action.priority.actions.order_by("order", "pk"))
    for position, sibling in enumerate(siblings):  # make the order explicit first
        if sibling.order != position:
            Action.objects.filter(pk=sibling.pk).update(order=position)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == action.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        Action.objects.filter(pk=siblings[index].pk).update(order=other)
        Action.objects.filter(pk=siblings[other].pk).update(order=index)


@transaction.atomic
def delete_action(action: Action) -> None:
    action.delete()


@transaction.atomic
def edit_delivery_update(update: DeliveryUpdate, *, data: dict) -> DeliveryUpdate:
    for name, value in data.items():
        setattr(update, name, value)
    update.save(update_fields=list(data))
    return update


@transaction.atomic
def delete_delivery_update(update: DeliveryUpdate) -> None:
    update.delete()


@transaction.atomic
def add_delivery_update(*, action: Action, author, data: dict) -> DeliveryUpdate:
    """Add a dated update; the same update posted twice is stored once (R1)."""
    Action.objects.select_for_update().get(pk=action.pk)
    existing = DeliveryUpdate.objects.filter(
        action=action, written_on=data["written_on"], update=data["update"]
    ).first()
    if existing:
        return existing
    return DeliveryUpdate.objects.create(action=action, author=author, **data)


# --- Services register -----------------------------------------------------------------


def _set_funding(service: Service, funding: dict) -> None:
    service.funding.exclude(organisation__in=list(funding)).delete()
    for organisation, value in funding.items():
        ServiceFunding.objects.update_or_create(
            service=service, organisation=organisation, defaults={"annual_value": value}
        )


@transaction.atomic
def create_service(*, access: AreaAccess, data: dict, funding: dict) -> Service:
    priorities = data.pop("priorities", [])
    service = Service.objects.create(area=access.area, **data)
    service.priorities.set(priorities)
    _set_funding(service, funding)
    return service


@transaction.atomic
def update_service(service: Service, *, seen_version: int, data: dict, funding: dict) -> Service:
    service = _save_versioned(service, seen_version=seen_version, data=data)
    _set_funding(service, funding)
    return service


@transaction.atomic
def delete_service(service: Service) -> None:
    service.delete()


# --- Versions --------------------------------------------------------------------------


def snapshot(plan: ForwardPlan, *, today: date | None = None) -> dict:
    """The plan's content as it stands, with each action's effective RAG, as plain JSON."""
    from commissioning.selectors import figure_values

    values = figure_values(plan)
    priorities = plan.priorities.order_by("number").prefetch_related(
        "actions__measure", "measures", "leads"
    )
    return {
        "title": plan.title,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "priorities": [
            {
                "id": priority.pk,
                "number": priority.number,
                "title": priority.title,
                "why": priority.why,
                "measures": [m.description for m in priority.measures.all()],
                "actions": [
                    {
                        "id": action.pk,
                        "title": action.title,
                        "owner": action.owner,
                        "starts_on": action.starts_on.isoformat() if action.starts_on else None,
                        "due_on": action.due_on.isoformat() if action.due_on else None,
                        "status": action.status,
                        "progress": action.progress,
                        "rag": effective_rag(action, today=today, figure_values=values),
                    }
                    for action in priority.actions.order_by("order", "pk")
                ],
            }
            for priority in priorities
        ],
    }


@transaction.atomic
def approve_version(*, plan: ForwardPlan, board, approved_on: date, recorded_by) -> PlanVersion:
    """Freeze the plan as the board approved it; it becomes approved, and supersedes the
    area's approved plans that started before it."""
    plan = ForwardPlan.objects.select_for_update().get(pk=plan.pk)
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        approved_by_board=board,
        approved_on=approved_on,
        recorded_by=recorded_by,
        snapshot=snapshot(plan),
    )
    ForwardPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED, version=F("version") + 1
    )
    # The area's approved plans that started earlier are replaced by this one.
    ForwardPlan.objects.in_area(plan.area_id).filter(
        status=PlanStatus.APPROVED, starts_on__lt=plan.starts_on
    ).update(status=PlanStatus.SUPERSEDED, version=F("version") + 1)
    return version


# --- Leads and success measures -------------------------------------------------------------


@transaction.atomic
def save_priority_part(obj, *, priority: Priority | None = None, data: dict):
    """Create (with ``priority``) or update a lead or success measure."""
    if priority is not None:
        return type(obj).objects.create(priority=priority, **data)
    for name, value in data.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(data))
    return obj


@transaction.atomic
def delete_priority_part(obj) -> None:
    obj.delete()


# --- Outcome frameworks ---------------------------------------------------------------------


@transaction.atomic
def save_framework(
    framework: OutcomeFramework | None, *, access: AreaAccess, data: dict, outcomes: list
) -> OutcomeFramework:
    """Create or update a framework; its outcome areas follow ``outcomes`` [(code, name)].

    Areas are matched by code (or by name when they have none), so priorities keep theirs.
    """
    if framework is None:
        framework = OutcomeFramework.objects.create(area=access.area, **data)
    else:
        for name, value in data.items():
            setattr(framework, name, value)
        framework.save(update_fields=list(data))
    existing = {(o.code.lower() or o.name.lower()): o for o in framework.outcome_areas.all()}
    kept = []
    for order, (code, name) in enumerate(outcomes):
        key = code.lower() or name.lower()
        area = existing.get(key) or OutcomeArea(framework=framework)
        area.code, area.name, area.order = code, name, order
        area.save()
        kept.append(area.pk)
    framework.outcome_areas.exclude(pk__in=kept).delete()
    return framework
