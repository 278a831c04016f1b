"""Figures the portal computes for an area, which a success measure can follow.

Each figure is one key, a label and a function of the area. The needs and
EHCP apps add theirs here as they land (e.g. % of plans issued within 20 weeks).

A plan is public, but not every figure is: a figure with ``shown`` says what each reader
may see of its value (:func:`shown_values`). The EHCP case-data figures are the area's
measure readers' only, unless the area publishes the measure, and then with small numbers
suppressed (``ehcp.publishing.live_headline_for``). The RAG of an action is worked out from
the figure itself (``values_for``) wherever it is shown.
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
    #: (access, value) -> what that reader may see of the value; None: everyone sees it
    shown: Callable | None = None


def _joint_services(area):
    from commissioning.models import Arrangement, Service

    return Service.objects.in_area(area).filter(arrangement__in=Arrangement.joint())


def joint_value(area) -> Decimal:
    from commissioning.models import ServiceFunding

    rows = ServiceFunding.objects.filter(service__in=_joint_services(area))
    return rows.aggregate(total=Coalesce(Sum("annual_value"), Decimal(0)))["total"]


def joint_count(area) -> Decimal:
    return Decimal(_joint_services(area).count())


def _latest_dfe(measure: str):
    """The area's latest published DfE figure for ``measure`` (None before any import)."""

    def compute(area) -> Decimal | None:
        from needs.models import Figure as DfeFigure
        from needs.models import ValueStatus

        latest = (
            DfeFigure.objects.filter(
                measure=measure,
                geography__code=area.la_code,
                breakdown__key="total",
                current=True,
                status=ValueStatus.PUBLISHED,
            )
            .order_by("-year")
            .values_list("value", flat=True)
            .first()
        )
        return latest

    return compute


def _ehcp(measure: str):
    """The area's latest complete month from its case data (None before any import)."""

    def compute(area) -> Decimal | None:
        from ehcp.snapshots import live_headline

        value = live_headline(area, measure)
        return None if value is None else Decimal(str(value))

    return compute


def _ehcp_shown(measure: str):
    """What a reader may see of the case-data figure: the value, ``"c"`` or None."""

    def shown(access, value) -> Decimal | str | None:
        from ehcp.publishing import live_headline_for

        seen = live_headline_for(access, measure, value)
        return seen if seen is None or isinstance(seen, str) else Decimal(str(seen))

    return shown


FIGURES: dict[str, Figure] = {
    "joint_value": Figure("Annual value of services jointly commissioned (£)", joint_value),
    "joint_count": Figure("Number of services jointly commissioned", joint_count),
    "dfe_ehc_plans": Figure("EHC plans at January (DfE, latest)", _latest_dfe("ehc_plans")),
    "dfe_pc_20_weeks_ex": Figure(
        "New EHC plans issued within 20 weeks, excluding exceptions (%, DfE, latest year)",
        _latest_dfe("pc_issued_within_20_weeks_ex"),
    ),
    "ehcp_20_weeks_ex_rolling": Figure(
        "New EHC plans issued within 20 weeks, excluding exceptions, last 12 months (%, case data)",
        _ehcp("issued_20_weeks_ex_rolling"),
        _ehcp_shown("issued_20_weeks_ex_rolling"),
    ),
    "ehcp_in_process": Figure(
        "EHC needs assessments in process at the end of the last month (case data)",
        _ehcp("in_process"),
        _ehcp_shown("in_process"),
    ),
}


def choices() -> list[tuple[str, str]]:
    return [(key, figure.label) for key, figure in FIGURES.items()]


def values_for(area, keys) -> dict[str, Decimal | None]:
    """Each wanted figure computed once for the area (None: not known yet)."""
    return {key: FIGURES[key].compute(area) for key in set(keys) if key in FIGURES}


def shown_values(access, values: dict) -> dict:
    """What the reader with ``access`` may see of ``values`` (from :func:`values_for`): a
    figure's value, ``"c"`` (suppressed) or None (not for this reader)."""
    shown = {}
    for key, value in values.items():
        reveal = FIGURES[key].shown
        shown[key] = value if reveal is None else reveal(access, value)
    return shown
