"""Targets for the timeliness measures: reads and writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.access import AreaAccess
from core.models import AuditEvent
from core.services import record_event
from ehcp.models import Target


def targets(access: AreaAccess):
    return Target.objects.for_access(access)


def trajectory_points(access: AreaAccess, measure: str) -> list[tuple]:
    """[(due, value)] for ``ehcp.measures.target_for``, oldest first."""
    rows = targets(access).filter(measure=measure).order_by("due")
    return [(row.due, float(row.value)) for row in rows]


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
