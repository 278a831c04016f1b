"""Writes of an area's local JSNA indicators and its statistical neighbours.

An edit names the version the user loaded: one conditional
``UPDATE ... WHERE version = n``; when someone else saved in between nothing
is written and ``StaleEdit`` carries the saved row (as in commissioning).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from commissioning.services import StaleEdit
from core.access import AreaAccess
from core.models import Area, AuditEvent
from core.services import record_event
from needs.models import Geography, LocalIndicator, StatisticalNeighbour

__all__ = [
    "StaleEdit",
    "create_indicator",
    "delete_indicator",
    "replace_neighbours",
    "update_indicator",
]


@transaction.atomic
def create_indicator(*, access: AreaAccess, actor, data: dict) -> LocalIndicator:
    indicator = LocalIndicator.objects.create(area=access.area, **data)
    record_event(
        action=AuditEvent.Action.CREATED, actor=actor, area=access.area, obj=indicator,
        summary=str(indicator),
    )  # fmt: skip
    return indicator


@transaction.atomic
def update_indicator(
    indicator: LocalIndicator, *, actor, seen_version: int, data: dict
) -> LocalIndicator:
    """Save ``data`` only if the indicator is still at ``seen_version``; else ``StaleEdit``."""
    rows = LocalIndicator.objects.filter(pk=indicator.pk)
    if not rows.filter(version=seen_version).update(**data, version=F("version") + 1):
        raise StaleEdit(rows.get())
    fresh = rows.select_related("area").get()
    record_event(
        action=AuditEvent.Action.UPDATED, actor=actor, area=fresh.area, obj=fresh,
        summary=str(fresh),
    )  # fmt: skip
    return fresh


@transaction.atomic
def delete_indicator(indicator: LocalIndicator, *, actor) -> None:
    area, pk, summary = indicator.area, indicator.pk, str(indicator)
    indicator.delete()
    record_event(
        action=AuditEvent.Action.DELETED, actor=actor, area=area,
        object_type=LocalIndicator._meta.label, object_id=str(pk), summary=summary,
    )  # fmt: skip


@transaction.atomic
def replace_neighbours(
    *, access: AreaAccess, actor, neighbours: list[Geography]
) -> list[StatisticalNeighbour]:
    """Make ``neighbours`` (in order) the area's whole set; an empty list means the default."""
    # One editor at a time: two concurrent replacements would otherwise mix their sets.
    # (NO KEY: rows that merely refer to the area are not held up.)
    Area.objects.select_for_update(no_key=True).only("pk").get(pk=access.area.pk)
    StatisticalNeighbour.objects.in_area(access.area).delete()
    created = StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(area=access.area, geography=geography, order=number)
        for number, geography in enumerate(neighbours, start=1)
    )
    record_event(
        action=AuditEvent.Action.UPDATED, actor=actor, area=access.area,
        object_type=StatisticalNeighbour._meta.label, object_id="",
        summary=f"Statistical neighbours: {len(created)} chosen",
        detail={"neighbours": [g.code for g in neighbours]},
    )  # fmt: skip
    return created
