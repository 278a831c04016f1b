"""What an area publishes of its EHCP measures, with small numbers suppressed.

Nothing is public until an area chooses a measure. Published counts of 1 to 4
show as ``c``; a rate from fewer than 5 people shows as ``c``; in a row with a
total (the backlog by age), one more cell is hidden when only one is, so a
hidden count cannot be worked back (QUALITY.md S12; ``ehcp.measures.public_*``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.access import AreaAccess
from core.models import Area, AuditEvent
from core.services import record_event
from ehcp import measures, selectors, snapshots
from ehcp.models import PublishableMeasure, PublishedMeasure

MONTHS_SHOWN = 12
AGE_BANDS = tuple(label for label, _, _ in measures.AGE_BANDS)


@dataclass(frozen=True)
class PublicTable:
    label: str
    headers: list[str]
    rows: list[list]  # first cell: the month's name


def published(area: Area) -> list[str]:
    return list(PublishedMeasure.objects.in_area(area).values_list("measure", flat=True))


def set_published(*, access: AreaAccess, measures_chosen: list[str], actor) -> None:
    """Replace the area's published measures with ``measures_chosen``."""
    with transaction.atomic():
        rows = PublishedMeasure.objects.in_area(access.area)
        rows.exclude(measure__in=measures_chosen).delete()
        for key in measures_chosen:
            PublishedMeasure.objects.get_or_create(
                area=access.area, measure=key, defaults={"published_by": actor}
            )
        record_event(
            action=AuditEvent.Action.UPDATED,
            actor=actor,
            area=access.area,
            object_type="ehcp.publishedmeasure",
            summary=f"Published EHCP measures: {', '.join(sorted(measures_chosen)) or 'none'}",
        )


def _month_name(month: date) -> str:
    return f"{month:%B %Y}"


def public_tables(area: Area, *, today: date | None = None) -> list[PublicTable]:
    """The area's published measures over its last 12 months, fit to publish."""
    chosen = published(area)
    if not chosen:
        return []
    access = snapshots.system_access(area)
    cases = selectors.cases_for(access)
    months = snapshots.closed_months(
        cases, today or timezone.localdate(), selectors.extract_date(access)
    )[-MONTHS_SHOWN:]
    tables = []
    labels = dict(PublishableMeasure.choices)
    for key in PublishableMeasure.values:
        if key not in chosen:
            continue
        if key == PublishableMeasure.BACKLOG_AGES:
            rows = []
            for month in months:
                backlog = measures.plans_in_process(cases, month)
                row = measures.public_row([backlog.ages.get(band, 0) for band in AGE_BANDS])
                rows.append([_month_name(month), *row.cells, row.total])
            headers = ["Month", *(f"{band} weeks" for band in AGE_BANDS), "Total"]
        else:
            rows = [[_month_name(month), _public(key, cases, month)] for month in months]
            headers = ["Month", labels[key]]
        tables.append(PublicTable(labels[key], headers, rows))
    return tables


def _public(key: str, cases, month: date):
    if key == PublishableMeasure.REQUESTS:
        return measures.public_count(measures.requests_received(cases, month))
    if key == PublishableMeasure.PLANS_ISSUED:
        return measures.public_count(measures.plans_issued(cases, month))
    if key == PublishableMeasure.IN_PROCESS:
        return measures.public_count(measures.plans_in_process(cases, month).total)
    rate = measures.issued_within_20_weeks(cases, month).excluding_exceptions
    return measures.public_figure(rate)


#: the live headlines forward plans' success measures follow (``ehcp.snapshots.live_figure``)
#: and the published measures that make each public: the backlog is published alone or as
#: the total of the backlog by age; the 20-week rate over 12 months is the published
#: monthly rate over a longer period
LIVE_HEADLINES_PUBLISHED_AS = {
    "in_process": (PublishableMeasure.IN_PROCESS, PublishableMeasure.BACKLOG_AGES),
    "issued_20_weeks_ex_rolling": (PublishableMeasure.ISSUED_20_WEEKS_EX,),
}


def live_headline_for(access: AreaAccess, key: str, value, *, today: date | None = None):
    """What the reader with ``access`` may see of the live headline ``key``, whose value is
    ``value`` (``ehcp.snapshots.live_headline``): the value itself for the area's measure
    readers (``ehcp.selectors.MEASURE_READERS``); for anyone else (the public, forum
    members, other areas' users) nothing (None) unless the area publishes the measure, and
    then with small numbers suppressed (``c``)."""
    if access.has_any(selectors.MEASURE_READERS):
        return value
    if value is None or not set(LIVE_HEADLINES_PUBLISHED_AS[key]) & set(published(access.area)):
        return None
    figure = snapshots.live_figure(access.area, key, today=today)
    if figure is None:
        return None
    if isinstance(figure, measures.Rate):
        return measures.public_figure(figure)
    return measures.public_count(figure)
