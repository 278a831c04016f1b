"""Load the demo forward plans and services registers from ``fixtures/demo/plans/``.

One JSON file per area (see ``fixtures/demo/plans/*.json``). Loading is idempotent:
rows are found by natural key and written only when a value differs, so a second
run adds no rows, bumps no ``updated_at`` and records no history events. Nothing is
deleted. Areas, organisations and boards must already exist (``core.demo``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from commissioning.models import (
    Action,
    ActionStatus,
    Arrangement,
    Commissioner,
    CycleStage,
    DeliveryUpdate,
    Direction,
    ForwardPlan,
    Lead,
    OutcomeArea,
    OutcomeFramework,
    PlanStatus,
    Priority,
    Service,
    ServiceFunding,
    SuccessMeasure,
)
from core.demo import DEMO_DIR
from core.models import Area, Board, Organisation

Spec = dict[str, Any]
M = TypeVar("M", bound=models.Model)


class DemoDataError(ValueError):
    """A plans file is malformed or refers to something that does not exist."""


@dataclass
class AreaFile:
    """What loading one area's file needs: where errors point, and what it refers to."""

    path: Path
    area: Area
    counts: Counter[str]
    outcome_areas: dict[str, OutcomeArea] = field(default_factory=dict)
    first_plan: ForwardPlan | None = None

    def error(self, key: str, message: str) -> DemoDataError:
        return DemoDataError(f"{self.path.name}: {key}: {message}")


@transaction.atomic
def load_plans(directory: Path = DEMO_DIR / "plans") -> dict[str, int]:
    """Create or update every area's plans and services; return how many rows of each kind."""
    counts: Counter[str] = Counter()
    for path in sorted(directory.glob("*.json")):
        load_area_file(path, counts)
    return dict(counts)


def load_area_file(path: Path, counts: Counter[str]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    slug = data.get("area")
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise DemoDataError(f"{path.name}: area: no area with slug {slug!r} (load areas first)")
    file = AreaFile(path=path, area=area, counts=counts)
    framework = None
    if "outcome_framework" in data:
        framework = _load_framework(file, data["outcome_framework"])
    for i, spec in enumerate(data.get("plans", [])):
        plan = _load_plan(file, f"plans[{i}]", spec, framework)
        file.first_plan = file.first_plan or plan
    for i, spec in enumerate(data.get("services", [])):
        _load_service(file, f"services[{i}]", spec)


# Writing rows -------------------------------------------------------------------------------


def upsert(model: type[M], lookup: Spec, values: Spec) -> tuple[M, bool]:
    """``update_or_create`` that saves only when a value differs (no empty history events)."""
    row = model._default_manager.filter(**lookup).order_by("pk").first()
    if row is None:
        return model._default_manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if _stored(row, name) != _raw(value)]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save()
    return row, False


def _stored(row: models.Model, name: str) -> Any:
    return getattr(row, row._meta.get_field(name).attname)


def _raw(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


# One function per kind of row ---------------------------------------------------------------


def _load_framework(file: AreaFile, spec: Spec) -> OutcomeFramework:
    framework, _ = upsert(
        OutcomeFramework,
        {"area": file.area, "name": spec["name"]},
        {"description": spec.get("description", "")},
    )
    file.counts["outcome frameworks"] += 1
    for order, outcome in enumerate(spec.get("outcome_areas", []), start=1):
        row, _ = upsert(
            OutcomeArea,
            {"framework": framework, "code": outcome["code"]},
            {
                "name": outcome["name"],
                "description": outcome.get("description", ""),
                "order": order,
            },
        )
        file.outcome_areas[row.code] = row
        file.counts["outcome areas"] += 1
    return framework


def _load_plan(
    file: AreaFile, key: str, spec: Spec, framework: OutcomeFramework | None
) -> ForwardPlan:
    plan, _ = upsert(
        ForwardPlan,
        {"area": file.area, "title": spec["title"]},
        {
            "starts_on": _date(file, f"{key}.starts_on", spec["starts_on"]),
            "ends_on": _date(file, f"{key}.ends_on", spec["ends_on"]),
            "status": _choice(file, f"{key}.status", spec.get("status", "draft"), PlanStatus),
            "summary": spec.get("summary", ""),
            "outcome_framework": framework,
        },
    )
    file.counts["plans"] += 1
    for i, priority in enumerate(spec.get("priorities", [])):
        _load_priority(file, f"{key}.priorities[{i}]", plan, priority)
    return plan


def _load_priority(file: AreaFile, key: str, plan: ForwardPlan, spec: Spec) -> None:
    priority, _ = upsert(
        Priority,
        {"plan": plan, "number": spec["number"]},
        {
            "title": spec["title"],
            "why": spec.get("why", ""),
            "cycle_stage": _choice(
                file, f"{key}.cycle_stage", spec.get("cycle_stage", ""), CycleStage, blank=True
            ),
        },
    )
    file.counts["priorities"] += 1
    codes = spec.get("outcome_areas", [])
    priority.outcome_areas.set(
        [_outcome_area(file, f"{key}.outcome_areas[{i}]", c) for i, c in enumerate(codes)]
    )
    for i, lead in enumerate(spec.get("leads", [])):
        _load_lead(file, f"{key}.leads[{i}]", priority, lead)
    for i, measure in enumerate(spec.get("measures", [])):
        _load_measure(file, f"{key}.measures[{i}]", priority, measure)
    for i, action in enumerate(spec.get("actions", [])):
        _load_action(file, f"{key}.actions[{i}]", priority, action, order=i + 1)


def _load_lead(file: AreaFile, key: str, priority: Priority, spec: Spec) -> None:
    upsert(
        Lead,
        {"priority": priority, "name": spec["name"]},
        {
            "role": spec.get("role", ""),
            "organisation": _organisation(file, f"{key}.organisation", spec.get("organisation")),
        },
    )
    file.counts["leads"] += 1


def _load_measure(file: AreaFile, key: str, priority: Priority, spec: Spec) -> None:
    upsert(
        SuccessMeasure,
        {"priority": priority, "description": spec["description"]},
        {
            "target_value": _decimal(spec.get("target_value")),
            "unit": spec.get("unit", ""),
            "direction": _choice(
                file, f"{key}.direction", spec.get("direction", "higher"), Direction
            ),
            "target_date": _date(file, f"{key}.target_date", spec.get("target_date")),
        },
    )
    file.counts["measures"] += 1


def _load_action(file: AreaFile, key: str, priority: Priority, spec: Spec, order: int) -> None:
    progress = spec.get("progress", 0)
    if not 0 <= progress <= 100:
        raise file.error(f"{key}.progress", f"{progress} is not between 0 and 100")
    action, _ = upsert(
        Action,
        {"priority": priority, "title": spec["title"]},
        {
            "owner": spec.get("owner", ""),
            "starts_on": _date(file, f"{key}.starts_on", spec.get("starts_on")),
            "due_on": _date(file, f"{key}.due_on", spec.get("due_on")),
            "status": _choice(
                file, f"{key}.status", spec.get("status", "not_started"), ActionStatus
            ),
            "progress": progress,
            "responsible_group": _board(
                file, f"{key}.responsible_group", spec.get("responsible_group")
            ),
            "order": order,
        },
    )
    file.counts["actions"] += 1
    for i, update in enumerate(spec.get("updates", [])):
        _load_update(file, f"{key}.updates[{i}]", action, update)


def _load_update(file: AreaFile, key: str, action: Action, spec: Spec) -> None:
    upsert(
        DeliveryUpdate,
        {
            "action": action,
            "written_on": _date(file, f"{key}.written_on", spec["written_on"]),
            "update": spec["update"],
        },
        {
            "evidence": spec.get("evidence", ""),
            "responsible_group": _board(
                file, f"{key}.responsible_group", spec.get("responsible_group")
            ),
        },
    )
    file.counts["updates"] += 1


def _load_service(file: AreaFile, key: str, spec: Spec) -> None:
    service, _ = upsert(
        Service, {"area": file.area, "name": spec["name"]}, _service_values(file, key, spec)
    )
    file.counts["services"] += 1
    numbers = spec.get("priorities", [])
    service.priorities.set(
        [_priority(file, f"{key}.priorities[{i}]", n) for i, n in enumerate(numbers)]
    )
    for i, funding in enumerate(spec.get("funding", [])):
        _load_funding(file, f"{key}.funding[{i}]", service, funding)


def _service_values(file: AreaFile, key: str, spec: Spec) -> Spec:
    values = {
        "provider": spec.get("provider", ""),
        "commissioner": _choice(
            file, f"{key}.commissioner", spec.get("commissioner", ""), Commissioner
        ),
        "arrangement": _choice(
            file, f"{key}.arrangement", spec.get("arrangement", ""), Arrangement
        ),
        "age_from": spec.get("age_from", 0),
        "age_to": spec.get("age_to", 25),
        "needs_served": spec.get("needs_served", ""),
    }
    if not 0 <= values["age_from"] <= values["age_to"] <= 25:
        raise file.error(f"{key}.age_from", "ages must run from 0 to 25, youngest first")
    for name in ("contract_starts_on", "contract_ends_on", "review_on"):
        values[name] = _date(file, f"{key}.{name}", spec.get(name))
    return values


def _load_funding(file: AreaFile, key: str, service: Service, spec: Spec) -> None:
    organisation = _organisation(file, f"{key}.organisation", spec["organisation"])
    upsert(
        ServiceFunding,
        {"service": service, "organisation": organisation},
        {"annual_value": Decimal(str(spec["annual_value"]))},
    )
    file.counts["funding rows"] += 1


# Looking up what a file refers to -----------------------------------------------------------


def _organisation(file: AreaFile, key: str, name: str | None) -> Organisation | None:
    if name is None:
        return None
    found = Organisation.objects.filter(area=file.area, name__iexact=name).first()
    if found is None:
        raise file.error(key, f"no organisation named {name!r} in {file.area.slug}")
    return found


def _board(file: AreaFile, key: str, name: str | None) -> Board | None:
    if name is None:
        return None
    found = Board.objects.filter(area=file.area, name__iexact=name).first()
    if found is None:
        raise file.error(key, f"no board or group named {name!r} in {file.area.slug}")
    return found


def _outcome_area(file: AreaFile, key: str, code: str) -> OutcomeArea:
    if code not in file.outcome_areas:
        raise file.error(key, f"no outcome area with code {code!r} in this file's framework")
    return file.outcome_areas[code]


def _priority(file: AreaFile, key: str, number: int) -> Priority:
    """A priority of the file's first plan, by number."""
    found = Priority.objects.filter(plan=file.first_plan, number=number).first()
    if file.first_plan is None or found is None:
        raise file.error(key, f"no priority number {number} in the file's first plan")
    return found


def _choice(
    file: AreaFile, key: str, value: str, choices: type[models.TextChoices], blank: bool = False
) -> str:
    if (blank and value == "") or value in choices.values:
        return value
    raise file.error(key, f"{value!r} is not one of {', '.join(choices.values)}")


def _date(file: AreaFile, key: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise file.error(key, f"{value!r} is not a date like 2024-03-31") from None


def _decimal(value: float | int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))
