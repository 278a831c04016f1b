"""The monthly snapshot ledger: each month's figures frozen when the month has closed.

History then survives a change of case system, and a later recalculation that
differs (a late-recorded outcome, a corrected date) shows as a correction beside
the frozen figure, never over it. Schedule ``manage.py freeze_ehcp_months`` daily.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.access import AreaAccess
from core.models import Area, Role
from ehcp import measures, selectors
from ehcp.cases import Case
from ehcp.models import MonthlySnapshot

#: the figures compared between a frozen month and the same month recalculated now
HEADLINES = {
    "requests": "Requests received",
    "plans_issued": "Plans issued",
    "issued_20_weeks_ex": "Issued within 20 weeks, excluding exceptions (%)",
    "issued_20_weeks": "Issued within 20 weeks, including exceptions (%)",
    "in_process": "Plans in process at the month's end",
}


def _key(key) -> str:
    return str(key.value if isinstance(key, enum.Enum) else key)


def _plain(value):
    """A measures dataclass as JSON: dates as ISO text, enums as their values."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {
            str(k.value if isinstance(k, enum.Enum) else k): _plain(v) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def headlines(figures: dict) -> dict[str, float | int | None]:
    """The headline numbers of one month's figures (as frozen JSON)."""
    month = figures["twenty_weeks"]["month"]
    return {
        "requests": figures["requests"],
        "plans_issued": figures["plans_issued"],
        "issued_20_weeks_ex": month["excluding_exceptions"]["value"],
        "issued_20_weeks": month["including_exceptions"]["value"],
        "in_process": figures["in_process"]["total"],
    }


def figures_of(cases: list[Case], month: date) -> dict:
    return _plain(measures.month_figures(cases, month))


def system_access(area: Area) -> AreaAccess:
    """The access the scheduled freeze reads with: the area's measures, nothing else."""
    return AreaAccess(area=area, roles=frozenset({Role.AREA_ADMIN}))


def closed_months(cases: list[Case], today: date, extract_date: date | None = None) -> list[date]:
    """From the month of the first request to the last month that has ended, and that the
    latest extract covers whole (an extract taken on 31 December covers December)."""
    if not cases:
        return []
    first = measures.month_of(min(case.received for case in cases))
    known = min(today, extract_date) if extract_date else today
    last = measures.add_months(measures.month_of(known + timedelta(days=1)), -1)
    months, month = [], first
    while month <= last:
        months.append(month)
        month = measures.add_months(month, 1)
    return months


def freeze_closed_months(area: Area, *, today: date | None = None) -> list[date]:
    """Freeze every closed month not yet frozen; frozen months are never changed."""
    today = today or timezone.localdate()
    access = system_access(area)
    cases = selectors.cases_for(access)
    frozen = set(MonthlySnapshot.objects.in_area(area).values_list("month", flat=True))
    added = []
    for month in closed_months(cases, today, selectors.extract_date(access)):
        if month in frozen:
            continue
        try:
            with transaction.atomic():
                MonthlySnapshot.objects.create(
                    area=area, month=month, figures=figures_of(cases, month)
                )
        except IntegrityError:  # frozen meanwhile by another run: theirs stands
            continue
        added.append(month)
    return added


@dataclasses.dataclass(frozen=True)
class LedgerRow:
    month: date
    frozen_at: object
    frozen: dict
    #: headline -> the value recalculated now, where it differs from the frozen one
    corrections: dict


#: months on a page of the ledger: recalculating a month reads every case, so a page holds
#: a year, not the whole history (a large authority's 10 years took minutes)
LEDGER_PAGE = 12


def ledger(access: AreaAccess, *, page: int | str = 1) -> tuple[Page, list[LedgerRow]]:
    """One page of frozen months, newest first, each with any later correction."""
    snapshots = MonthlySnapshot.objects.for_access(access).order_by("-month")
    shown = Paginator(snapshots, LEDGER_PAGE).get_page(page)
    cases = selectors.cases_for(access) if shown.object_list else []
    rows = []
    for snapshot in shown.object_list:
        frozen = headlines(snapshot.figures)
        now = headlines(figures_of(cases, snapshot.month)) if cases else frozen
        changed = {key: now[key] for key in HEADLINES if now[key] != frozen[key]}
        rows.append(LedgerRow(snapshot.month, snapshot.frozen_at, frozen, changed))
    return shown, rows


@dataclasses.dataclass(frozen=True)
class Frozen:
    """A month's frozen figures (``MonthlySnapshot.figures``) and the day they were frozen."""

    figures: dict
    frozen_on: date


def frozen_months(access: AreaAccess) -> dict[date, date]:
    """Every frozen month of the area and the day it was frozen (one query)."""
    rows = MonthlySnapshot.objects.for_access(access).values_list("month", "frozen_at")
    return {month: timezone.localdate(frozen_at) for month, frozen_at in rows}


def frozen_figures(access: AreaAccess, months) -> dict[date, Frozen]:
    """The frozen figures of ``months`` (one query)."""
    rows = MonthlySnapshot.objects.for_access(access).filter(month__in=list(months))
    return {
        row.month: Frozen(row.figures, timezone.localdate(row.frozen_at))
        for row in rows.only("month", "figures", "frozen_at")
    }


def live_figure(area: Area, key: str, *, today: date | None = None):
    """One headline of the area's latest month its case data covers whole, as measured: the
    backlog ``in_process`` (a count) or ``issued_20_weeks_ex_rolling`` (a
    :class:`ehcp.measures.Rate`, which says how many children it is made from); None
    before any case data."""
    today = today or timezone.localdate()
    access = system_access(area)
    cases = selectors.cases_for(access)
    months = closed_months(cases, today, selectors.extract_date(access))
    if not months:
        return None
    month = months[-1]
    if key == "in_process":
        return measures.plans_in_process(cases, month).total
    if key == "issued_20_weeks_ex_rolling":
        period = measures.Period.ROLLING_12_MONTHS
        return measures.issued_within_20_weeks(cases, month, period=period).excluding_exceptions
    raise KeyError(key)


def live_headline(area: Area, key: str, *, today: date | None = None):
    """One headline of the area's latest month its case data covers whole, for success
    measures in forward plans: ``issued_20_weeks_ex_rolling`` or ``in_process``. The figure
    itself, for measure readers only: what anyone else may see of it is
    :func:`ehcp.publishing.live_headline_for`."""
    figure = live_figure(area, key, today=today)
    return figure.value if isinstance(figure, measures.Rate) else figure
