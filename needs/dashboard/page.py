"""The page and its downloads: each section's read (:mod:`needs.dashboard.reads`) handed to
its builder (:mod:`needs.dashboard.sections`, :mod:`needs.dashboard.summary`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.access import AreaAccess
from needs.comparisons import Figures
from needs.dashboard import reads
from needs.dashboard.context import Comparators, Context
from needs.dashboard.sections import (
    Section,
    activity_section,
    age_section,
    need_section,
    placement_section,
    plans_section,
    timeliness_section,
)
from needs.dashboard.summary import Summary, summary

#: each section's read and builder, in the page's order
SECTIONS: dict[str, tuple[Callable[[Context], Figures], Callable[[Context, Figures], Section]]] = {
    "plans": (reads.plans_figures, plans_section),
    "age": (reads.age_figures, age_section),
    "need": (reads.need_figures, need_section),
    "placement": (reads.placement_figures, placement_section),
    "timeliness": (reads.timeliness_figures, timeliness_section),
    "activity": (reads.activity_figures, activity_section),
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


@dataclass
class Dashboard:
    comparators: Comparators
    summary: Summary | None
    sections: list[Section]


def section(ctx: Context, slug: str) -> Section:
    """One section, from its own query."""
    read, build = SECTIONS[slug]
    return build(ctx, read(ctx))


def summary_table(ctx: Context) -> Summary:
    """The summary table, from its own query."""
    return summary(ctx, reads.summary_figures(ctx))


def dashboard(*, access: AreaAccess) -> Dashboard | None:
    ctx = reads.context(access=access)
    if ctx is None:
        return None
    return Dashboard(ctx.comparators, summary_table(ctx), [section(ctx, s) for s in SECTIONS])


def download_table(*, access: AreaAccess, slug: str) -> tuple[list, list, str] | None:
    """The headers, rows and file name of one chart's table (or the summary's), reading only
    that section's figures; None for an unknown chart."""
    if slug != SUMMARY_SLUG and slug not in CHART_SECTIONS:
        return None
    ctx = reads.context(access=access)
    if ctx is None:
        return [], [], f"{access.area.slug}-needs-{slug}"
    if slug == SUMMARY_SLUG:
        table = summary_table(ctx)
        return table.headers, table.table, ctx.filename(slug)
    for chart in section(ctx, CHART_SECTIONS[slug]).charts:
        if chart.slug == slug:
            return list(chart.headers), [list(r) for r in chart.rows], chart.csv_filename
    return [], [], ctx.filename(slug)
