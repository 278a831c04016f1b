"""Targets for the timeliness measures: reads and writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.access import AreaAccess
from core.models import AuditEvent
from core.services import record_event
from ehcp.forecast import ForecastTarget
from ehcp.models import Target, TargetMeasure

#: the targets the capacity forecast may aim at, the first the area has set winning
FORECAST_TARGET_MEASURES = (TargetMeasure.ISSUED_20_WEEKS_EX, TargetMeasure.ISSUED_20_WEEKS)


def targets(access: AreaAccess):
    return Target.objects.for_access(access)


def trajectory_points(access: AreaAccess, measure: str) -> list[tuple]:
    """[(due, value)] for ``ehcp.measures.target_for``, oldest first."""
    rows = targets(access).filter(measure=measure).order_by("due")
    return [(row.due, float(row.value)) for row in rows]


def forecast_target(access: AreaAccess) -> ForecastTarget:
    """The target the capacity forecast aims at: the area's latest target (by date, the end of
    its trajectory, which holds after it) for plans issued within 20 weeks excluding
    exceptions, else including them; else the default (``ehcp.forecast.DEFAULT_TARGET``)."""
    rows = targets(access).filter(measure__in=FORECAST_TARGET_MEASURES).order_by("-due")
    latest = {}
    for row in rows:  # one query; newest first, so the first of each measure is its latest
        latest.setdefault(row.measure, row)
    for measure in FORECAST_TARGET_MEASURES:
        if measure in latest:
            row = latest[measure]
            return ForecastTarget(float(row.value), measure.label, row.due)
    return ForecastTarget()


def add_target(*, access: AreaAccess, actor, data: dict) -> Target:
    taken = {"due": "There is already a target for this measure on this date"}
    if Target.objects.in_area(access.area).filter(measure=data["measure"], due=data["due"]):
        raise ValidationError(taken)
    try:
        with transaction.atomic():
            target = Target.objects.create(area=access.area, **data)
            record_event(
                action=AuditEvent.Action.CREATED,
                actor=actor,
                area=access.area,
                obj=target,
                summary=f"{target.get_measure_display()}: {target}",
            )
    except IntegrityError as error:  # the same target posted twice at once
        raise ValidationError(taken) from error
    return target
