"""Reads of an area's local JSNA indicators and statistical neighbours (members only)."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from core.access import AreaAccess
from needs.models import Geography, Level, LocalIndicator, StatisticalNeighbour

EXPORT_HEADERS = ["Indicator", "Value", "Unit", "Period", "Source", "Notes", "Last updated"]


def local_indicators(access: AreaAccess) -> QuerySet[LocalIndicator]:
    """The area's local indicators, by name then newest period first.

    Only people with a role in the area see them, even on a public page: pass
    the page's ``AreaAccess`` (``self.access`` in an ``AreaAccessMixin`` view).
    """
    if not isinstance(access, AreaAccess):
        raise TypeError("local_indicators() takes the requester's AreaAccess, not an area")
    if not access.is_member:
        return LocalIndicator.objects.none()
    return LocalIndicator.objects.in_area(access.area).order_by("name", "-period", "pk")


def indicator(*, access: AreaAccess, pk: int) -> LocalIndicator:
    """One indicator of the area; ``LocalIndicator.DoesNotExist`` when it is not there."""
    return local_indicators(access).select_related("area").get(pk=pk)


def indicator_export_rows(indicators) -> tuple[list[str], list[list]]:
    rows = [
        [
            i.name,
            i.value,
            i.get_unit_display(),
            i.period,
            i.source,
            i.notes,
            i.updated_at.date(),
        ]
        for i in indicators
    ]
    return EXPORT_HEADERS, rows


def latest_la_year() -> int | None:
    """The newest year any local authority appears in the imported DfE files."""
    return Geography.objects.filter(level=Level.LOCAL_AUTHORITY).aggregate(y=Max("last_year"))["y"]


def neighbour_choices(access: AreaAccess) -> list[Geography]:
    """The local authorities that exist now (in the newest data), except the area's own."""
    latest = latest_la_year()
    if latest is None:
        return []
    return list(
        Geography.objects.filter(level=Level.LOCAL_AUTHORITY, last_year=latest)
        .exclude(code=access.area.la_code)
        .select_related("region")
        .order_by("region__name", "name")
    )


def neighbours(access: AreaAccess) -> list[StatisticalNeighbour]:
    """The area's chosen neighbours in order; each says whether it still exists."""
    if not access.is_member:
        return []
    latest = latest_la_year()
    chosen = list(
        StatisticalNeighbour.objects.in_area(access.area)
        .select_related("geography__region")
        .order_by("order", "geography__name")
    )
    for neighbour in chosen:
        neighbour.is_current = latest is None or neighbour.geography.last_year == latest
    return chosen
