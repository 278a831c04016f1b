"""The dashboard's sections, pure: each turns the figures its read returned
(:mod:`needs.dashboard.reads`) into :class:`core.charts.Chart` objects (the takeaway, the
figure and the same numbers as a table), with the source releases and notes. No ORM, no
request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.charts import Chart, Series, bar_chart, line_chart
from needs.catalog import AGE_BANDS, MEASURES, NEED_CODES, PLACEMENTS
from needs.comparisons import (
    Cell,
    Column,
    Figures,
    Notes,
    Number,
    Part,
    Shown,
    change,
    is_ok,
    number,
    plotted,
    rate,
    ratio,
    shown,
)
from needs.dashboard.context import (
    BASE_YEAR,
    TIMELINESS,
    Context,
    Rate,
    activity_counts,
    activity_rates,
)
from needs.dashboard.wording import against, how_many, percent, signed, source_line
from needs.models import ENGLAND


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


def plans_section(ctx: Context, figures: Figures) -> Section:
    """EHC plans and statements at January over time; growth since 2019 against comparators."""
    area, notes, charts = ctx.area, Notes(), []
    years = sorted(
        set(figures.years("ehc_plans", area.code)) | set(figures.years("statements", area.code))
    )
    plans = [figures.get("ehc_plans", area.code, y) for y in years]
    statements = [figures.get("statements", area.code, y) for y in years]
    if years:
        caption = f"{area.name} had {how_many(plotted(plans[-1]))} EHC plans in January {years[-1]}"
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
                f"{signed(last[0])}{against(ctx.comparators.columns, last, signed)}. The index "
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
        text = f"The largest group in {area.name} is {labels[top]}: {percent(ours[top])}"
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
            f"{text}. The biggest difference from England is {labels[i]}: {percent(ours[i])} "
            f"of plans against {percent(theirs[i])}, {round(max(gaps)[0], 1)} percentage points "
            f"{word}."
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
            (f"{area.name} (number)", lambda part: shown(figures.get(*coded(part, area.code))))
        ],
    )


def coded(part: Part, code: str) -> tuple[str, str, int, str]:
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


def age_section(ctx: Context, figures: Figures) -> Section:
    """Share of plans by age band at the latest January (with single years of age added into
    bands)."""
    year = ctx.latest.get("ehc_plans")
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


def need_section(ctx: Context, figures: Figures) -> Section:
    """Share of plans by primary type of need at the latest January."""
    year = ctx.latest.get("ehc_plans_by_need")
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


def placement_section(ctx: Context, figures: Figures) -> Section:
    """Share of plans by type of placement at the latest January."""
    year = ctx.latest.get("placement_mainstream")
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


TIMELINESS_NOTE = (
    "Exception cases are those where the law allows more than 20 weeks (regulation 10(4) of "
    "the SEND Regulations 2014). Years are calendar years."
)


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


def timeliness_section(ctx: Context, figures: Figures) -> Section:
    """% of new plans issued within 20 weeks, with and without exceptions, 2014 onwards."""
    area, columns, notes, charts = ctx.area, ctx.comparators.columns, Notes(), []
    key = TIMELINESS[0][2]
    years = figures.years(key, ENGLAND) or figures.years(key, area.code)
    for slug, label, key in TIMELINESS if years else ():

        def caption(values: Values, label: str = label) -> str:
            last = _at(values, -1)
            return (
                f"In {years[-1]}, {area.name} issued {percent(last[0])} of new EHC plans within 20 "
                f"weeks {label}{against(columns, last)}."
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


ACTIVITY_NOTE = (
    "Years are calendar years. Reviews held as a share of reviews due is worked out by the "
    "portal from DfE's two counts."
)


def activity_section(ctx: Context, figures: Figures) -> Section:
    """Requests, new plans, ceased plans and reviews: the change in the latest year on the
    year before, and the rates of timely decisions."""
    counts, rates = activity_counts(ctx.latest), activity_rates(ctx.latest)
    area, columns, notes, charts = ctx.area, ctx.comparators.columns, Notes(), []
    counts = [c for c in counts if figures.get(c[0], ENGLAND, c[2] - 1) is not None]
    if counts:

        def changed(values: Values) -> str:
            first = _at(values, 0)
            return (
                f"{counts[0][1]} in {area.name} changed by {signed(first[0])} in {counts[0][2]} "
                f"on the year before{against(columns, first, signed)}. Per cent changes compare "
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
                f"{rates[0][0].label} in {rates[0][1]}: {percent(first[0])} in {area.name}"
                f"{against(columns, first)}."
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
