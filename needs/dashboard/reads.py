"""The dashboard's reads: :func:`context` (:func:`comparators`, the area's geography, region,
England and neighbours, and :func:`latest_years`), and one query per section into
:class:`~needs.comparisons.Figures`. DfE figures are national open data; the only area-owned
rows read are the area's chosen neighbours, through ``for_access``."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import Max, Q, Subquery

from core.access import AreaAccess
from needs.catalog import MEASURES, NEED_CODES, PLACEMENTS
from needs.comparisons import NEIGHBOURS, PUBLISHED, Figures, Number, Place, nearest_by_size, number
from needs.dashboard.context import (
    BASE_YEAR,
    LATEST_MEASURES,
    SUMMARY_MEASURES,
    TIMELINESS,
    Comparators,
    Context,
    activity_counts,
    activity_rates,
    parts_of,
)
from needs.models import (
    ENGLAND,
    Breakdown,
    Figure,
    Geography,
    Level,
    StatisticalNeighbour,
)

# --- Comparators and latest years ------------------------------------------------------------


def _place(geography: Geography | None) -> Place | None:
    return Place(geography.pk, geography.code, geography.name) if geography else None


def comparators(*, access: AreaAccess) -> Comparators:
    """The area's local authority, its region, England and its neighbours (2 or 3 queries)."""
    area = access.area
    found = {
        g.code: g
        for g in Geography.objects.filter(code__in=[area.la_code, ENGLAND]).select_related("region")
    }
    la = found.get(area.la_code)
    region = _place(la.region) if la else None
    chosen = tuple(
        _place(n.geography)
        for n in StatisticalNeighbour.objects.for_access(access)
        .select_related("geography")
        .order_by("order", "geography__name")
    )
    base = {"area": _place(la), "region": region, "england": _place(found.get(ENGLAND))}
    if chosen or la is None:
        return Comparators(**base, neighbours=chosen)  # type: ignore[arg-type]
    neighbours, basis = default_neighbours(la.code)
    return Comparators(**base, neighbours=neighbours, default_neighbours=True, default_basis=basis)


def default_neighbours(code: str) -> tuple[tuple[Place, ...], tuple[int, Number] | None]:
    """The local authorities whose EHC plans at the latest January are nearest in number to
    this one's (one query); and that January with this one's number."""
    rows = list(
        Figure.objects.filter(
            current=True,
            measure="ehc_plans",
            breakdown_id=_total(),
            status=PUBLISHED,
            value__isnull=False,
            geography__level=Level.LOCAL_AUTHORITY,
        )
        .filter(year=_latest_subquery("ehc_plans"))
        .order_by()
        .values_list("geography_id", "geography__code", "geography__name", "value", "year")
    )
    sizes = {row[1]: row[3] for row in rows}
    places = {row[1]: Place(row[0], row[1], row[2]) for row in rows}
    nearest = tuple(
        sorted((places[c] for c in nearest_by_size(code, sizes, NEIGHBOURS)), key=lambda p: p.name)
    )
    basis = next(((row[4], number(row[3])) for row in rows if row[1] == code), None)
    return nearest, basis


def _total() -> Subquery:
    """The id of the all-rows breakdown, as a subquery: compared with ``breakdown_id`` it lets
    PostgreSQL use the (measure, year, breakdown) index, in the same query."""
    return Subquery(Breakdown.objects.filter(key="total").values("id")[:1])


def _latest_subquery(measure: str):
    return (
        Figure.objects.filter(
            current=True,
            measure=measure,
            breakdown_id=_total(),
            geography__code=ENGLAND,
            status=PUBLISHED,
        )
        .order_by("-year")
        .values("year")[:1]
    )


def latest_years(measures: Iterable[str]) -> dict[str, int]:
    """The latest year England has a published figure of each measure (one query)."""
    rows = (
        Figure.objects.filter(
            current=True,
            measure__in=list(measures),
            breakdown_id=_total(),
            geography__code=ENGLAND,
            status=PUBLISHED,
        )
        .order_by()
        .values("measure")
        .annotate(latest=Max("year"))
        .values_list("measure", "latest")
    )
    return dict(rows)


def context(*, access: AreaAccess) -> Context | None:
    """The comparators and latest years, or None when the portal holds no DfE figures for the
    area's local authority."""
    found = comparators(access=access)
    if found.area is None:
        return None
    return Context(found, latest_years(LATEST_MEASURES), f"{access.area.slug}-needs")


# --- Figures ---------------------------------------------------------------------------------

FIELDS = (
    "measure",
    "geography__code",
    "geography__level",
    "year",
    "breakdown__key",
    "value",
    "status",
    "source_file__release__year",
)


def read_figures(query: Q) -> Figures:
    """The current figures matching ``query`` (one query)."""
    return Figures(Figure.objects.filter(query, current=True).order_by().values_list(*FIELDS))


def _any(queries: Iterable[Q]) -> Q:
    """Any of ``queries`` (none: nothing)."""
    return reduce(operator.or_, queries, Q(pk__in=[]))


def _where(ctx: Context, **filters) -> Q:
    return Q(geography_id__in=ctx.comparators.ids, **filters)


# --- One query per section, for the comparators ------------------------------------------------


def plans_figures(ctx: Context) -> Figures:
    """EHC plans and statements at January, every year."""
    return read_figures(_where(ctx, measure__in=["ehc_plans", "statements"], breakdown_id=_total()))


def age_figures(ctx: Context) -> Figures:
    """EHC plans at the latest January, in all and by age, with DfE's single years of age
    added into bands."""
    year = ctx.latest.get("ehc_plans")
    ages = Q(breakdown__key__startswith="age:") | Q(breakdown__key__startswith="age_band:")
    figures = read_figures(
        _where(ctx, measure="ehc_plans", year=year) & (Q(breakdown_id=_total()) | ages)
    )
    figures.add_age_bands("ehc_plans")
    return figures


def need_figures(ctx: Context) -> Figures:
    """EHC plans by primary type of need at the latest January."""
    year = ctx.latest.get("ehc_plans_by_need")
    measures = ["ehc_plans_by_need", *(f"need_{code}" for code in NEED_CODES)]
    return read_figures(_where(ctx, measure__in=measures, year=year, breakdown_id=_total()))


def placement_figures(ctx: Context) -> Figures:
    """EHC plans by type of placement at the latest January."""
    year = ctx.latest.get("placement_mainstream")
    measures = ["ehc_plans", *PLACEMENTS]
    return read_figures(_where(ctx, measure__in=measures, year=year, breakdown_id=_total()))


def timeliness_figures(ctx: Context) -> Figures:
    """DfE's rates of plans issued within 20 weeks and their counts, 2014 onwards."""
    measures = [m for _, _, key in TIMELINESS for m in parts_of(key)]
    return read_figures(_where(ctx, measure__in=measures, year__gte=2014, breakdown_id=_total()))


def activity_figures(ctx: Context) -> Figures:
    """The activity counts in their latest year and the year before; the rates and their
    counts in their latest year."""
    wanted = [(parts_of(m), [y - 1, y]) for m, _, y in activity_counts(ctx.latest)]
    wanted += [((*parts_of(r.key), *r.denominator), [y]) for r, y in activity_rates(ctx.latest)]
    return read_figures(
        _where(ctx, breakdown_id=_total()) & _any(Q(measure__in=m, year__in=y) for m, y in wanted)
    )


def summary_figures(ctx: Context) -> Figures:
    """The summary's figures: what a rank needs for every geography (the ranked rates
    themselves, and EHC plans for growth); counts, and the parts of rates, only for the
    comparators."""
    latest = [m for m in sorted(SUMMARY_MEASURES) if m in ctx.latest]
    ranked = [m for m in latest if MEASURES[m].is_percent]
    everyone = [Q(measure=m, year=ctx.latest[m]) for m in ranked]
    if "ehc_plans" in ctx.latest:
        everyone.append(Q(measure="ehc_plans", year=ctx.latest["ehc_plans"]))
    everyone.append(Q(measure="ehc_plans", year=BASE_YEAR))
    own = _where(ctx) & _any(Q(measure__in=parts_of(m), year=ctx.latest[m]) for m in latest)
    return read_figures((_any(everyone) | own) & Q(breakdown_id=_total()))
