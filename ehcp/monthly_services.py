"""Reads and writes of the hand-entered monthly figures."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.db import transaction

from core.models import Area, AuditEvent
from core.services import record_event
from ehcp.models import MonthlyFigure
from ehcp.monthly import BY_KEY


class ChangedMeanwhile(Exception):
    """Someone saved this month's figures after the form was opened."""

    def __init__(self, current: dict[str, Decimal]):
        super().__init__("The month's figures changed since the form was opened")
        self.current = current


def month_values(area: Area, month: date) -> dict[str, Decimal]:
    rows = MonthlyFigure.objects.in_area(area).filter(month=month)
    return {row.measure: row.value for row in rows}


def values_between(area: Area, first: date, last: date) -> dict[tuple[str, date], Decimal]:
    rows = MonthlyFigure.objects.in_area(area).filter(month__range=(first, last))
    return {(row.measure, row.month): row.value for row in rows}


def fingerprint(values: dict[str, Decimal]) -> str:
    """What the form saw, so a save can tell whether someone else saved since."""
    text = ";".join(f"{k}={v.normalize()}" for k, v in sorted(values.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def save_month(
    *, area: Area, month: date, values: dict[str, Decimal | None], seen: str, user
) -> int:
    """Save the month's figures (blank removes one); refuse if they changed meanwhile."""
    with transaction.atomic():
        Area.objects.select_for_update().get(pk=area.pk)  # one save per area at a time
        current = month_values(area, month)
        if fingerprint(current) != seen:
            raise ChangedMeanwhile(current)
        changed = 0
        for key, value in values.items():
            if key not in BY_KEY:
                raise ValueError(f"Unknown monthly measure {key}")
            if value is None:
                changed += (
                    MonthlyFigure.objects.in_area(area).filter(month=month, measure=key).delete()[0]
                )
            elif current.get(key) != value:
                MonthlyFigure.objects.update_or_create(
                    area=area,
                    month=month,
                    measure=key,
                    defaults={"value": value, "updated_by": user},
                )
                changed += 1
        if changed:
            record_event(
                action=AuditEvent.Action.UPDATED,
                actor=user,
                area=area,
                object_type="ehcp.monthlyfigure",
                object_id=f"{month:%Y-%m}",
                summary=f"Monthly figures for {month:%B %Y}: {changed} changed",
            )
    return changed
