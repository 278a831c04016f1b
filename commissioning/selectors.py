"""Reads of plans and their content, each scoped by the requester's area access."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce

from commissioning import figures, services
from commissioning.models import (
    Action,
    Arrangement,
    ForwardPlan,
    Priority,
    RagSnapshot,
    Service,
    ServiceFunding,
    SuccessMeasure,
)
from core.access import AreaAccess


def plans(*, access: AreaAccess) -> QuerySet[ForwardPlan]:
    return ForwardPlan.objects.for_access(access).annotate(priority_count=Count("priorities"))


def plan(*, access: AreaAccess, pk: int) -> ForwardPlan:
    """Just the plan (for pages that do not show its content)."""
    return ForwardPlan.objects.for_access(access).select_related("area").get(pk=pk)


def plan_with_content(*, access: AreaAccess, pk: int) -> ForwardPlan:
    """A plan with its priorities, leads, measures and actions: a fixed number of queries."""
    actions = Action.objects.select_related("measure", "responsible_group").order_by("order", "pk")
    priorities = Priority.objects.order_by("number").prefetch_related(
        "leads__organisation",
        "measures",
        "outcome_areas",
        Prefetch("actions", queryset=actions),
    )
    return (
        ForwardPlan.objects.for_access(access)
        .select_related("outcome_framework")
        .prefetch_related(Prefetch("priorities", queryset=priorities))
        .get(pk=pk)
    )


def priority(*, access: AreaAccess, pk: int) -> Priority:
    return Priority.objects.for_access(access).select_related("plan", "plan__area").get(pk=pk)


def action(*, access: AreaAccess, pk: int) -> Action:
    return (
        Action.objects.for_access(access)
        .select_related("priority__plan", "measure", "responsible_group")
        .prefetch_related(
            "updates__author",
            "updates__responsible_group",
            Prefetch("rag_history", queryset=RagSnapshot.objects.order_by("quarter_start")),
        )
        .get(pk=pk)
    )


def rag_summary(actions, figure_values: dict | None = None) -> dict[str, int]:
    """How many actions are red, amber and green (by their effective rating)."""
    counts = Counter(services.effective_rag(a, figure_values=figure_values) for a in actions)
    return {rag: counts.get(rag, 0) for rag in ("red", "amber", "green")}


RAG_RANK = {"red": 0, "amber": 1, "green": 2}


def plan_actions(*, access: AreaAccess, plan: ForwardPlan, filterset) -> list[Action]:
    """The plan's actions that pass the filters, each with ``.rag`` (its effective rating)."""
    rows = list(
        filterset.qs.filter(priority__plan=plan)
        .select_related("priority", "measure", "responsible_group")
        .order_by("priority__number", "order", "pk")
    )
    values = figure_values(plan)
    for action in rows:
        action.rag = services.effective_rag(action, figure_values=values)
        action.rag_rank = RAG_RANK[action.rag]  # sorts worst first
    wanted = filterset.form.cleaned_data.get("rag") if filterset.form.is_valid() else None
    if wanted:
        rows = [action for action in rows if action.rag == wanted]
    return rows


def action_export_rows(actions: list[Action]) -> tuple[list[str], list[list]]:
    headers = ["Priority", "Action", "Owner", "Start", "Due", "Status", "Progress (%)", "RAG",
               "RAG reason", "Responsible group"]  # fmt: skip
    rows = [
        [
            action.priority.number,
            action.title,
            action.owner,
            action.starts_on,
            action.due_on,
            action.get_status_display(),
            action.progress,
            action.rag.capitalize(),
            action.rag_override_reason if action.rag_override else "Suggested by the portal",
            action.responsible_group.name if action.responsible_group else "",
        ]
        for action in actions
    ]
    return headers, rows


def services_register(*, access: AreaAccess):
    """Services grouped by arrangement, each with its funding, and the totals the board watches."""
    services_qs = (
        Service.objects.for_access(access)
        .prefetch_related("funding__organisation", "priorities")
        .annotate(total_value=Coalesce(Sum("funding__annual_value"), Decimal(0)))
        .order_by("arrangement", "name")
    )
    groups = {value: {"label": label, "services": [], "count": 0, "value": Decimal(0)}
              for value, label in Arrangement.choices}  # fmt: skip
    for service in services_qs:
        group = groups[service.arrangement]
        group["services"].append(service)
        group["count"] += 1
        group["value"] += service.total_value
    joint = [groups[a] for a in Arrangement.joint()]
    return {
        "has_values": ServiceFunding.objects.filter(service__in=services_qs.values("pk")).exists(),
        "groups": list(groups.values()),
        "joint_count": sum(g["count"] for g in joint),
        "joint_value": sum((g["value"] for g in joint), Decimal(0)),
        "total_count": sum(g["count"] for g in groups.values()),
        "total_value": sum((g["value"] for g in groups.values()), Decimal(0)),
    }


def service(*, access: AreaAccess, pk: int) -> Service:
    return (
        Service.objects.for_access(access)
        .prefetch_related("funding__organisation", "priorities__plan")
        .get(pk=pk)
    )


def figure_values(plan: ForwardPlan) -> dict:
    """The portal's figures that the plan's measures follow, computed once (bounded queries)."""
    keys = (
        SuccessMeasure.objects.filter(priority__plan=plan)
        .exclude(figure="")
        .values_list("figure", flat=True)
    )
    return figures.values_for(plan.area, keys)


def shown_figure_values(*, access: AreaAccess, values: dict) -> dict:
    """What the reader may see of the plan's ``values`` (:func:`figure_values`): EHCP
    case-data figures only for the area's measure readers, or once published, suppressed."""
    return figures.shown_values(access, values)


#: Fields not worth showing in a history (bookkeeping).
HIDDEN_IN_HISTORY = {"id", "version", "updated_at", "created_at", "order"}
LABELS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}


def history(obj) -> list[dict]:
    """Every recorded change of ``obj``, newest first: when, who, what, old and new values.

    Built from django-pghistory's trigger-recorded snapshots, diffing each with the one before.
    """
    from pghistory.models import MiddlewareEvents

    from core.models import User

    events = list(MiddlewareEvents.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    fields = {f.attname: f for f in obj._meta.concrete_fields}
    rows, previous = [], {}
    for event in events:
        data = event.pgh_data or {}
        changes = []
        if event.pgh_label != "delete":
            for name, value in data.items():
                field = fields.get(name)
                if field is None or name in HIDDEN_IN_HISTORY or previous.get(name) == value:
                    continue
                if event.pgh_label == "insert" and value in (None, ""):
                    continue
                changes.append(
                    (
                        field.verbose_name.capitalize(),
                        _shown(field, previous.get(name)),
                        _shown(field, value),
                    )
                )
        user_id = (event.pgh_context or {}).get("user")
        rows.append({
            "when": event.pgh_created_at,
            "who": users.get(user_id, "The portal (no signed-in user)"),
            "what": LABELS.get(event.pgh_label, event.pgh_label),
            "changes": changes,
        })  # fmt: skip
        previous = data
    return rows[::-1]


def _shown(field, value):
    if value is None or value == "":
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else f"(deleted, id {value})"
    return value
