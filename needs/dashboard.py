"""An area's needs dashboard: DfE's EHC plan figures compared with its region, England and
statistical neighbours (docs/adr/0011-needs-comparisons.md).

Two layers, on the pure comparison maths of :mod:`needs.comparisons` (a figure is a
:class:`~needs.comparisons.Cell`; a neighbour group's value is a ratio of summed counts):

1. Reads: :func:`comparators` (the area's geography, region, England and neighbours) and one
   query per section into :class:`~needs.comparisons.Figures`. DfE figures are national open
   data; the only area-owned rows read are the area's chosen neighbours, through
   ``for_access``.
2. Sections: each turns its figures into :class:`core.charts.Chart` objects (the takeaway,
   the figure and the same numbers as a table), with the source releases and notes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Max, Q, Subquery

from core.access import AreaAccess
from core.charts import Chart, Series, bar_chart, line_chart
from needs.catalog import AGE_BANDS, MEASURES, NEED_CODES, PLACEMENTS
from needs.comparisons import (
    NEIGHBOURS,
    PUBLISHED,
    Cell,
    Column,
    Figures,
    Notes,
    Number,
    Part,
    Place,
    Shown,
    change,
    count,
    is_ok,
    nearest_by_size,
    number,
    plotted,
    rank,
    rate,
    ratio,
    shown,
)
from needs.models import (
    ENGLAND,
    Breakdown,
    Figure,
    Geography,
    Level,
    StatisticalNeighbour,
)

MARKER_KEY = (
    ("c", "suppressed by DfE to protect confidentiality"),
    ("x", "not available (for the neighbours together: the figures it needs were not published)"),
    ("z", "not applicable (for example, EHC plans before they began in 2014)"),
    ("no data", "not in the DfE files the portal holds"),
)
#: The growth index starts here: the first January after every statement of SEN had been
#: converted to an EHC plan (the transition ended on 31 March 2018).
BASE_YEAR = 2019
PUBLISHER = "DfE, Education, health and care plans"


# --- Wording ------------------------------------------------------------------------------


def source_line(releases: Iterable[int]) -> str:
    years = sorted(set(releases))
    if not years:
        return f"Source: {PUBLISHER}."
    if len(years) == 1:
        return f"Source: {PUBLISHER}, reporting year {years[0]}."
    listed = ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"
    return f"Source: {PUBLISHER}, reporting years {listed}."


def period_label(measure: str, year: int) -> str:
    return f"January {year}" if MEASURES[measure].snapshot else str(year)


def _pc(value: Number | None) -> str:
    return "no figure" if value is None else f"{value:.1f}%"


def _count(value: Number | None) -> str:
    return "no figure" if value is None else f"{value:,}"


# --- 1. Reads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparators:
    area: Place | None
    region: Place | None
    england: Place | None
    neighbours: tuple[Place, ...] = ()
    #: True when the area has chosen none and the documented default group is used
    default_neighbours: bool = False
    #: the default group's yardstick: the area's EHC plans at that January
    default_basis: tuple[int, Number] | None = None

    @property
    def ids(self) -> list[int]:
        places = [self.area, self.region, self.england, *self.neighbours]
        return [p.id for p in places if p is not None]

    @property
    def columns(self) -> list[Column]:
        columns = [Column(p.name, (p,)) for p in (self.area, self.region, self.england) if p]
        if self.neighbours:
            columns.append(Column("Neighbours", self.neighbours, group=True))
        return columns


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


# --- 2. Sections ------------------------------------------------------------------------


@dataclass
class Section:
    slug: str
    heading: str
    charts: list[Chart]
    releases: set[int]
    notes: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return source_line(self.releases)


@dataclass(frozen=True)
class Context:
    """What every section needs: the comparators, the latest years, and file names."""

    comparators: Comparators
    latest: dict[str, int]
    filename_prefix: str

    @property
    def area(self) -> Place:
        return self.comparators.area  # type: ignore[return-value]

    def filename(self, slug: str) -> str:
        return f"{self.filename_prefix}-{slug}"


def _any(queries: Iterable[Q]) -> Q:
    """Any of ``queries`` (none: nothing)."""
    return reduce(operator.or_, queries, Q(pk__in=[]))


def _where(ctx: Context, **filters) -> Q:
    return Q(geography_id__in=ctx.comparators.ids, **filters)


def _vs(
    columns: Sequence[Column], values: Sequence[Number | None], fmt: Callable | None = None
) -> str:
    """ ", against 46.4% in the East of England, 45.9% in England and 34.2% among its
    neighbours": the comparators after the area."""
    fmt = fmt or _pc
    parts = [
        f"{fmt(value)} {'among its neighbours' if col.group else f'in {_the(col.label)}'}"
        for col, value in zip(columns[1:], values[1:], strict=True)
    ]
    if len(parts) > 1:
        parts = [", ".join(parts[:-1]) + f" and {parts[-1]}"]
    return f", against {parts[0]}" if parts else ""


def _the(name: str) -> str:
    """ "the East of England", "the North East", but "London" and "England"."""
    return f"the {name}" if name.split(" ")[0] in {"North", "South", "East", "West"} else name


def _signed(value: Number | None) -> str:
    return "no figure" if value is None else f"{'+' if value > 0 else ''}{value:.1f}%"


Values = list[list[Cell | None]]  # one list per column, one cell per category


def comparison(
    ctx: Context,
    *,
    slug: str,
    title: str,
    categories: Sequence[tuple[object, object]],
    cell: Callable[[Column, object], Cell | None],
    draw: Callable[[list, list[Series]], dict],
    caption: Callable[[Values], str],
    category_header: str,
    unit: str = "%",
    leading: Sequence[tuple[str, Callable[[object], Shown]]] = (),
) -> Chart:
    """A chart of categories (years, age bands, needs...) by comparator (area, region,
    England, neighbours): the figure, and a table of the same numbers, a row per category,
    after any ``leading`` columns (a header and a value for each category)."""
    columns = ctx.comparators.columns
    values = [[cell(col, key) for _, key in categories] for col in columns]
    labels = [label for label, _ in categories]
    return Chart(
        slug=slug,
        title=title,
        caption=caption(values),
        figure=draw(
            labels,
            [
                Series(c.label, [plotted(v, 1) for v in vs])
                for c, vs in zip(columns, values, strict=True)
            ],
        ),
        headers=[
            category_header,
            *(header for header, _ in leading),
            *(f"{c.label} ({unit})" for c in columns),
        ],
        rows=[
            [
                label,
                *(value(key) for _, value in leading),
                *(shown(vs[i], 1) for vs in values),
            ]
            for i, (label, key) in enumerate(categories)
        ],
        csv_filename=ctx.filename(slug),
    )


def _at(values: Values, index: int) -> list[Number | None]:
    return [plotted(vs[index], 1) if vs else None for vs in values]


def plans_section(ctx: Context) -> Section:
    """EHC plans and statements at January over time; growth since 2019 against comparators."""
    figures = read_figures(
        _where(ctx, measure__in=["ehc_plans", "statements"], breakdown_id=_total())
    )
    area, notes, charts = ctx.area, Notes(), []
    years = sorted(
        set(figures.years("ehc_plans", area.code)) | set(figures.years("statements", area.code))
    )
    plans = [figures.get("ehc_plans", area.code, y) for y in years]
    statements = [figures.get("statements", area.code, y) for y in years]
    if years:
        caption = f"{area.name} had {_count(plotted(plans[-1]))} EHC plans in January {years[-1]}"
        growth = change(ratio(plans[-1], figures.get("ehc_plans", area.code, years[-1] - 1)))
        if is_ok(growth):
            step = number(growth.value, 1)  # type: ignore[union-attr,arg-type]
            caption += f", {abs(step)}% {'more' if step >= 0 else 'fewer'} than a year before"
        series = [
            Series("EHC plans", [plotted(c) for c in plans]),
            Series("Statements of SEN", [plotted(c) for c in statements]),
        ]
        charts.append(
            Chart(
                slug="plans-over-time",
                title=f"EHC plans and statements of SEN at January, {area.name}, "
                f"{years[0]} to {years[-1]}",
                caption=caption + ". Before EHC plans began in September 2014 children had "
                "statements of special educational needs; by January 2019 every statement had "
                "become an EHC plan.",
                figure=line_chart(categories=years, series=series, y_title="Number at January"),
                headers=["January", "EHC plans", "Statements of SEN"],
                rows=[
                    [y, shown(p), shown(s)]
                    for y, p, s in zip(years, plans, statements, strict=True)
                ],
                csv_filename=ctx.filename("plans-over-time"),
            )
        )
    base = next((y for y, c in zip(years, plans, strict=True) if y >= BASE_YEAR and is_ok(c)), None)
    if base is not None:

        def grown(values: Values) -> str:
            last = [plotted(change(vs[-1]), 1) for vs in values]
            return (
                f"Since January {base} the number of EHC plans in {area.name} has changed by "
                f"{_signed(last[0])}{_vs(ctx.comparators.columns, last, _signed)}. The index "
                f"divides each January's number by January {base}'s, so areas of different "
                "sizes compare."
            )

        charts.append(
            comparison(
                ctx,
                slug="plans-growth",
                title=f"Growth in EHC plans since January {base} (index, {base} = 100)",
                categories=[(y, y) for y in years if y >= base],
                cell=lambda col, y: rate(
                    figures, col, ("ehc_plans", y, "total"), [("ehc_plans", base, "total")], notes
                ),
                draw=lambda labels, series: line_chart(
                    categories=labels,
                    series=series,
                    y_title=f"Index ({base} = 100)",
                    decimals=1,
                    from_zero=False,
                ),
                caption=grown,
                category_header="January",
                unit=f"index, {base} = 100",
            )
        )
    neighbours = [
        "The neighbours' index is of their total number of plans, so each counts by its size."
    ]
    return Section(
        "plans",
        "EHC plans over time",
        charts,
        figures.releases,
        notes.lines() + (neighbours if ctx.comparators.neighbours else []),
    )


def shares(
    ctx: Context,
    figures: Figures,
    notes: Notes,
    *,
    slug: str,
    title: str,
    category_header: str,
    categories: Sequence[tuple[str, Part]],
    denominator: Part,
    horizontal: bool,
) -> Chart:
    """Each category's share of all plans, with the area's number, against the comparators."""
    area = ctx.area

    def caption(values: Values) -> str:
        ours = [plotted(v, 1) for v in values[0]]
        if all(v is None for v in ours):
            return f"DfE has published no figures of this for {area.name}."
        labels = [label.lower() for label, _ in categories]
        top = max((v, i) for i, v in enumerate(ours) if v is not None)[1]
        text = f"The largest group in {area.name} is {labels[top]}: {_pc(ours[top])}"
        england = next(
            (i for i, c in enumerate(ctx.comparators.columns) if c.label == "England"), None
        )
        theirs = [plotted(v, 1) for v in values[england]] if england is not None else []
        pairs = enumerate(zip(ours, theirs, strict=False))
        gaps = [(abs(a - e), i) for i, (a, e) in pairs if a is not None and e is not None]
        if not gaps:
            return text + "."
        i = max(gaps)[1]
        word = "more" if ours[i] > theirs[i] else "less"  # type: ignore[operator]
        return (
            f"{text}. The biggest difference from England is {labels[i]}: {_pc(ours[i])} of "
            f"plans against {_pc(theirs[i])}, {round(max(gaps)[0], 1)} percentage points {word}."
        )

    return comparison(
        ctx,
        slug=slug,
        title=title,
        categories=categories,
        cell=lambda col, part: rate(figures, col, part, [denominator], notes),
        draw=lambda labels, series: bar_chart(
            categories=labels,
            series=series,
            value_title="Share of EHC plans",
            horizontal=horizontal,
            percent=True,
        ),
        caption=caption,
        category_header=category_header,
        leading=[
            (f"{area.name} (number)", lambda part: shown(figures.get(*_coded(part, area.code))))
        ],
    )


def _coded(part: Part, code: str) -> tuple[str, str, int, str]:
    """The key of ``part`` for one geography."""
    return part[0], code, part[1], part[2]


AGE_NOTE = (
    "Ages are at 31 August before the January count. Where DfE publishes single years of age, "
    "the portal adds them into bands; a band with a suppressed year is shown as c."
)
PLACEMENT_NOTE = (
    "Shares are of all EHC plans; the six types shown need not add up to 100% because DfE "
    "counts some placements (for example, independent and other settings) apart."
)


def age_section(ctx: Context) -> Section:
    """Share of plans by age band at the latest January."""
    year = ctx.latest.get("ehc_plans")
    ages = Q(breakdown__key__startswith="age:") | Q(breakdown__key__startswith="age_band:")
    figures = read_figures(
        _where(ctx, measure="ehc_plans", year=year) & (Q(breakdown_id=_total()) | ages)
    )
    figures.add_age_bands("ehc_plans")
    notes, charts = Notes(), []
    if year is not None:
        bands_ = [(label, ("ehc_plans", year, f"band:{b}")) for b, label in AGE_BANDS.items()]
        charts.append(
            shares(
                ctx,
                figures,
                notes,
                slug="age",
                title=f"EHC plans by age band, January {year} (% of plans)",
                category_header="Age",
                categories=bands_,
                denominator=("ehc_plans", year, "total"),
                horizontal=False,
            )
        )
    return Section("age", "Age", charts, figures.releases, [*notes.lines(), AGE_NOTE])


def need_section(ctx: Context) -> Section:
    """Share of plans by primary type of need at the latest January."""
    year = ctx.latest.get("ehc_plans_by_need")
    measures = ["ehc_plans_by_need", *(f"need_{code}" for code in NEED_CODES)]
    figures = read_figures(_where(ctx, measure__in=measures, year=year, breakdown_id=_total()))
    notes, charts = Notes(), []
    if year is not None:
        charts.append(
            shares(
                ctx,
                figures,
                notes,
                slug="need",
                title=f"EHC plans by primary type of need, January {year} (% of plans)",
                category_header="Primary need",
                categories=[
                    (label, (f"need_{c}", year, "total")) for c, label in NEED_CODES.items()
                ],
                denominator=("ehc_plans_by_need", year, "total"),
                horizontal=True,
            )
        )
    return Section("need", "Primary type of need", charts, figures.releases, notes.lines())


def placement_section(ctx: Context) -> Section:
    """Share of plans by type of placement at the latest January."""
    year = ctx.latest.get("placement_mainstream")
    measures = ["ehc_plans", *PLACEMENTS]
    figures = read_figures(_where(ctx, measure__in=measures, year=year, breakdown_id=_total()))
    notes, charts = Notes(), []
    if year is not None:
        charts.append(
            shares(
                ctx,
                figures,
                notes,
                slug="placement",
                title=f"EHC plans by type of placement, January {year} (% of plans)",
                category_header="Placement",
                categories=[(label, (key, year, "total")) for key, label in PLACEMENTS.items()],
                denominator=("ehc_plans", year, "total"),
                horizontal=True,
            )
        )
    return Section(
        "placement",
        "Where children and young people with plans are educated",
        charts,
        figures.releases,
        [*notes.lines(), PLACEMENT_NOTE],
    )


#: (chart slug, what the rate counts, DfE's published rate)
TIMELINESS = (
    ("timeliness-excluding", "excluding exception cases", "pc_issued_within_20_weeks_ex"),
    ("timeliness-including", "including exception cases", "pc_issued_within_20_weeks"),
)
TIMELINESS_NOTE = (
    "Exception cases are those where the law allows more than 20 weeks (regulation 10(4) of "
    "the SEND Regulations 2014). Years are calendar years."
)


def parts_of(key: str) -> tuple[str, ...]:
    """A measure and, for a rate, the counts it is made of."""
    measure = MEASURES[key]
    return (key, *([measure.numerator] if measure.numerator else []), *measure.denominator)


def published_rate(
    figures: Figures, notes: Notes, key: str
) -> Callable[[Column, int], Cell | None]:
    """A column's value of DfE's rate ``key`` in a year: DfE's own for one geography, a ratio
    of summed counts for the neighbours."""
    measure = MEASURES[key]

    def cell(column: Column, year: int) -> Cell | None:
        top = (measure.numerator, year, "total")
        bottom = [(d, year, "total") for d in measure.denominator]
        return rate(figures, column, top, bottom, notes, published=key)  # type: ignore[arg-type]

    return cell


def timeliness_section(ctx: Context) -> Section:
    """% of new plans issued within 20 weeks, with and without exceptions, 2014 onwards."""
    measures = [m for _, _, key in TIMELINESS for m in parts_of(key)]
    figures = read_figures(_where(ctx, measure__in=measures, year__gte=2014, breakdown_id=_total()))
    area, columns, notes, charts = ctx.area, ctx.comparators.columns, Notes(), []
    key = TIMELINESS[0][2]
    years = figures.years(key, ENGLAND) or figures.years(key, area.code)
    for slug, label, key in TIMELINESS if years else ():

        def caption(values: Values, label: str = label) -> str:
            last = _at(values, -1)
            return (
                f"In {years[-1]}, {area.name} issued {_pc(last[0])} of new EHC plans within 20 "
                f"weeks {label}{_vs(columns, last)}."
            )

        charts.append(
            comparison(
                ctx,
                slug=slug,
                title=f"New EHC plans issued within 20 weeks, {label}, "
                f"{years[0]} to {years[-1]} (%)",
                categories=[(y, y) for y in years],
                cell=published_rate(figures, notes, key),
                draw=lambda labels, series: line_chart(
                    categories=labels, series=series, y_title="Issued within 20 weeks", percent=True
                ),
                caption=caption,
                category_header="Year",
            )
        )
    return Section(
        "timeliness",
        "New EHC plans issued within 20 weeks",
        charts,
        figures.releases,
        [*notes.lines(), TIMELINESS_NOTE],
    )


ACTIVITY = (
    ("requests_received", "Requests for an EHC needs assessment"),
    ("new_ehc_plans", "New EHC plans"),
    ("ceased_plans", "EHC plans ceased"),
    ("annual_reviews_due", "Annual reviews due"),
)


@dataclass(frozen=True)
class Rate:
    """A rate of the activity section: DfE's published one (``published``), or one the
    portal works out from two of DfE's counts."""

    label: str
    numerator: str
    denominator: tuple[str, ...]
    published: str | None = None

    @classmethod
    def of(cls, label: str, key: str) -> Rate:
        measure = MEASURES[key]
        return cls(label, measure.numerator, measure.denominator, key)  # type: ignore[arg-type]

    @property
    def key(self) -> str:
        return self.published or self.numerator


RATES = (
    Rate.of("Decisions on requests made within 6 weeks", "pc_request_decisions_within_6_weeks"),
    Rate.of(
        "Annual review decisions made within 4 weeks of the meeting",
        "pc_review_decisions_within_4_weeks",
    ),
    Rate(
        "Annual review meetings held, as a share of reviews due",
        "annual_reviews_held",
        ("annual_reviews_due",),
    ),
)
ACTIVITY_NOTE = (
    "Years are calendar years. Reviews held as a share of reviews due is worked out by the "
    "portal from DfE's two counts."
)


def activity_section(ctx: Context) -> Section:
    """Requests, new plans, ceased plans and reviews: the change in the latest year on the
    year before, and the rates of timely decisions."""
    counts = [(m, label, ctx.latest[m]) for m, label in ACTIVITY if m in ctx.latest]
    rates = [(r, ctx.latest[r.key]) for r in RATES if r.key in ctx.latest]
    wanted = [(parts_of(m), [y - 1, y]) for m, _, y in counts]
    wanted += [((*parts_of(r.key), *r.denominator), [y]) for r, y in rates]
    figures = read_figures(
        _where(ctx, breakdown_id=_total()) & _any(Q(measure__in=m, year__in=y) for m, y in wanted)
    )
    area, columns, notes, charts = ctx.area, ctx.comparators.columns, Notes(), []
    counts = [c for c in counts if figures.get(c[0], ENGLAND, c[2] - 1) is not None]
    if counts:

        def changed(values: Values) -> str:
            first = _at(values, 0)
            return (
                f"{counts[0][1]} in {area.name} changed by {_signed(first[0])} in {counts[0][2]} "
                f"on the year before{_vs(columns, first, _signed)}. Per cent changes compare "
                "areas of different sizes; the numbers are in the table."
            )

        charts.append(
            comparison(
                ctx,
                slug="activity-change",
                title="Change on the year before (%): requests, new plans, ceased plans, reviews",
                categories=[(label, (m, y)) for m, label, y in counts],
                cell=lambda col, my: change(
                    rate(
                        figures, col, (my[0], my[1], "total"), [(my[0], my[1] - 1, "total")], notes
                    )
                ),
                draw=lambda labels, series: bar_chart(
                    categories=labels,
                    series=series,
                    value_title="Change on the year before",
                    horizontal=True,
                    percent=True,
                ),
                caption=changed,
                category_header="Measure",
                unit="change, %",
                leading=[
                    ("Year", lambda my: str(my[1])),
                    (
                        f"{area.name}, year before",
                        lambda my: shown(figures.get(my[0], area.code, my[1] - 1)),
                    ),
                    (
                        f"{area.name}, that year",
                        lambda my: shown(figures.get(my[0], area.code, my[1])),
                    ),
                ],
            )
        )
    if rates:

        def timely(values: Values) -> str:
            first = _at(values, 0)
            return (
                f"{rates[0][0].label} in {rates[0][1]}: {_pc(first[0])} in {area.name}"
                f"{_vs(columns, first)}."
            )

        def cell(column: Column, ry: tuple[Rate, int]) -> Cell | None:
            r, y = ry
            bottom = [(d, y, "total") for d in r.denominator]
            return rate(
                figures, column, (r.numerator, y, "total"), bottom, notes, published=r.published
            )

        charts.append(
            comparison(
                ctx,
                slug="decisions",
                title="Timely decisions and annual reviews (%)",
                categories=[(r.label, (r, y)) for r, y in rates],
                cell=cell,
                draw=lambda labels, series: bar_chart(
                    categories=labels,
                    series=series,
                    value_title="Per cent",
                    horizontal=True,
                    percent=True,
                ),
                caption=timely,
                category_header="Measure",
                leading=[("Year", lambda ry: str(ry[1]))],
            )
        )
    return Section(
        "activity",
        "Requests, new plans, reviews and ceased plans",
        charts,
        figures.releases,
        [*notes.lines(), ACTIVITY_NOTE],
    )


# --- The summary table --------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    label: str
    period: str
    values: tuple[Shown, ...]
    rank: str
    quartile: str


@dataclass
class Summary:
    headers: list[str]
    rows: list[SummaryRow]
    releases: set[int]
    notes: list[str]

    @property
    def table(self) -> list[list]:
        return [[r.label, r.period, *r.values, r.rank, r.quartile] for r in self.rows]

    @property
    def source(self) -> str:
        return source_line(self.releases)


#: (measure, label): counts are not ranked; rates rank by Measure.higher_is_better.
SUMMARY = (
    ("ehc_plans", "EHC plans"),
    ("growth", "Growth in EHC plans since January 2019 (%)"),
    ("pc_issued_within_20_weeks_ex", "New plans issued within 20 weeks, excluding exceptions (%)"),
    ("pc_issued_within_20_weeks", "New plans issued within 20 weeks, including exceptions (%)"),
    ("requests_received", "Requests for an EHC needs assessment"),
    ("pc_request_decisions_within_6_weeks", "Decisions on requests made within 6 weeks (%)"),
    ("new_ehc_plans", "New EHC plans"),
    ("ceased_plans", "EHC plans ceased"),
    ("annual_reviews_due", "Annual reviews due"),
    ("annual_reviews_held", "Annual review meetings held"),
    ("pc_review_decisions_within_4_weeks", "Annual review decisions made within 4 weeks (%)"),
)
NOT_RANKED = "Not ranked"


SUMMARY_MEASURES = {key for key, _ in SUMMARY if key != "growth"}


def summary(ctx: Context) -> Summary:
    """The latest value of each measure for the area, region, England and neighbours, with
    the area's rank and quartile among every local authority (one query).

    Only what a rank needs is read for every geography: the ranked rates themselves and EHC
    plans (for growth); counts, and the parts of rates, only for the comparators."""
    latest = [m for m in sorted(SUMMARY_MEASURES) if m in ctx.latest]
    ranked = [m for m in latest if MEASURES[m].is_percent]
    everyone = [Q(measure=m, year=ctx.latest[m]) for m in ranked]
    if "ehc_plans" in ctx.latest:
        everyone.append(Q(measure="ehc_plans", year=ctx.latest["ehc_plans"]))
    everyone.append(Q(measure="ehc_plans", year=BASE_YEAR))
    own = _where(ctx) & _any(Q(measure__in=parts_of(m), year=ctx.latest[m]) for m in latest)
    figures = read_figures((_any(everyone) | own) & Q(breakdown_id=_total()))
    notes = Notes()
    rows = [_summary_row(ctx, figures, notes, key, label) for key, label in SUMMARY]
    headers = [
        "Measure",
        "Period",
        *("Neighbours together" if c.group else c.label for c in ctx.comparators.columns),
        f"{ctx.area.name}'s rank among local authorities",
        "Quartile",
    ]
    return Summary(
        headers,
        [row for row in rows if row is not None],
        figures.releases,
        [*notes.lines(), SUMMARY_NOTE],
    )


SUMMARY_NOTE = (
    "Region and England are DfE's own published figures. The neighbours' rates are their "
    "summed counts divided, never an average of their rates; their counts are totals. Rank "
    "1st is the best where a higher (or lower) rate is better; growth has no better "
    "direction, so it is ranked by size without calling it good or bad. Counts are not "
    "ranked: they follow the size of the area."
)


def _summary_row(
    ctx: Context, figures: Figures, notes: Notes, key: str, label: str
) -> SummaryRow | None:
    columns = ctx.comparators.columns
    if key == "growth":
        year = ctx.latest.get("ehc_plans")
        if year is None:
            return None
        top, bottom = ("ehc_plans", year, "total"), [("ehc_plans", BASE_YEAR, "total")]
        cells = [change(rate(figures, col, top, bottom, notes)) for col in columns]
        field_ = [
            change(
                ratio(figures.get("ehc_plans", code, year), figures.get(*_coded(bottom[0], code)))
            )
            for code in figures.local_authorities
        ]
        return _ranked(label, f"January {BASE_YEAR} to January {year}", cells, field_, None)
    year = ctx.latest.get(key)
    if year is None:
        return None
    measure, period = MEASURES[key], period_label(key, year)
    if not measure.is_percent:
        cells = [count(figures, col, (key, year, "total"), notes) for col in columns]
        return SummaryRow(label, period, tuple(shown(c) for c in cells), NOT_RANKED, "")
    cells = [published_rate(figures, notes, key)(col, year) for col in columns]
    field_ = [figures.get(key, code, year) for code in figures.local_authorities]
    return _ranked(label, period, cells, field_, measure.higher_is_better)


def _ranked(
    label: str,
    period: str,
    cells: Sequence[Cell | None],
    field_: Iterable[Cell | None],
    higher_is_better: bool | None,
) -> SummaryRow:
    """A summary row with the area's (the first cell's) rank among ``field_``."""
    own = cells[0].value if is_ok(cells[0]) else None  # type: ignore[union-attr]
    placed = rank(own, [c.value for c in field_ if is_ok(c)], higher_is_better)  # type: ignore[misc,union-attr]
    return SummaryRow(
        label,
        period,
        tuple(shown(c, 1) for c in cells),
        placed.label if placed else "No rank (no figure)",
        placed.quartile_label if placed else "",
    )


# --- The page and its downloads -------------------------------------------------------------

SECTIONS: dict[str, Callable[[Context], Section]] = {
    "plans": plans_section,
    "age": age_section,
    "need": need_section,
    "placement": placement_section,
    "timeliness": timeliness_section,
    "activity": activity_section,
}
#: every chart's slug, and the section that draws it
CHART_SECTIONS = {
    "plans-over-time": "plans",
    "plans-growth": "plans",
    "age": "age",
    "need": "need",
    "placement": "placement",
    "timeliness-excluding": "timeliness",
    "timeliness-including": "timeliness",
    "activity-change": "activity",
    "decisions": "activity",
}
SUMMARY_SLUG = "summary"
LATEST_MEASURES = sorted(
    {"ehc_plans", "ehc_plans_by_need", "placement_mainstream"}
    | {m for m, _ in ACTIVITY}
    | {r.key for r in RATES}
    | SUMMARY_MEASURES
)


@dataclass
class Dashboard:
    comparators: Comparators
    summary: Summary | None
    sections: list[Section]


def context(*, access: AreaAccess) -> Context | None:
    """The comparators and latest years, or None when the portal holds no DfE figures for the
    area's local authority."""
    found = comparators(access=access)
    if found.area is None:
        return None
    return Context(found, latest_years(LATEST_MEASURES), f"{access.area.slug}-needs")


def dashboard(*, access: AreaAccess) -> Dashboard | None:
    ctx = context(access=access)
    if ctx is None:
        return None
    return Dashboard(ctx.comparators, summary(ctx), [build(ctx) for build in SECTIONS.values()])


def download_table(*, access: AreaAccess, slug: str) -> tuple[list, list, str] | None:
    """The headers, rows and file name of one chart's table (or the summary's), reading only
    that section's figures; None for an unknown chart."""
    if slug != SUMMARY_SLUG and slug not in CHART_SECTIONS:
        return None
    ctx = context(access=access)
    if ctx is None:
        return [], [], f"{access.area.slug}-needs-{slug}"
    if slug == SUMMARY_SLUG:
        table = summary(ctx)
        return table.headers, table.table, ctx.filename(slug)
    section = SECTIONS[CHART_SECTIONS[slug]](ctx)
    for chart in section.charts:
        if chart.slug == slug:
            return list(chart.headers), [list(r) for r in chart.rows], chart.csv_filename
    return [], [], ctx.filename(slug)
