"""Figures the portal computes for an area, which a success measure can follow.

Each figure is one key, a label and a function of the area. The needs and
EHCP apps add theirs here as they land (e.g. % of plans issued within 20 weeks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce


@dataclass(frozen=True)
class Figure:
    label: str
    compute: Callable  # (area) -> Decimal


def _joint_services(area):
    from commissioning.models import Arrangement, Service

    return Service.objects.in_area(area).filter(arrangement__in=Arrangement.joint())


def joint_value(area) -> Decimal:
    from commissioning.models import ServiceFunding

    rows = ServiceFunding.objects.filter(service__in=_joint_services(area))
    return rows.aggregate(total=Coalesce(Sum("annual_value"), Decimal(0)))["total"]


def joint_count(area) -> Decimal:
    return Decimal(_joint_services(area).count())


FIGURES: dict[str, Figure] = {
    "joint_value": Figure("Annual value of services jointly commissioned (£)", joint_value),
    "joint_count": Figure("Number of services jointly commissioned", joint_count),
}


def choices() -> list[tuple[str, str]]:
    return [(key, figure.label) for key, figure in FIGURES.items()]


def values_for(area, keys) -> dict[str, Decimal]:
    """Each wanted figure computed once for the area."""
    return {key: FIGURES[key].compute(area) for key in set(keys) if key in FIGURES}
