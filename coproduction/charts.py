"""The chart of feedback by theme over time. Pure: numbers in, a ``core.charts.Chart`` out."""

from __future__ import annotations

from collections.abc import Sequence

from core.charts import PALETTE, Chart, Series, line_chart, series_table

#: Themes drawn as their own line; the rest are added up as "Other themes".
SHOWN_THEMES = len(PALETTE) - 1
OTHER = "Other themes"


def pick_series(counts: dict[str, list[int]]) -> list[Series]:
    """The most raised themes (by total, then name), the others together as one line."""
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    if len(ranked) <= len(PALETTE):
        return [Series(name, values) for name, values in ranked]
    shown, rest = ranked[:SHOWN_THEMES], ranked[SHOWN_THEMES:]
    other = [sum(values[i] for _, values in rest) for i in range(len(rest[0][1]))]
    return [*(Series(name, values) for name, values in shown), Series(OTHER, other)]


def caption(series: Sequence[Series], period_word: str, periods: int, untagged: int) -> str:
    if not series:
        return f"No feedback received in the last {periods} {period_word}s has a theme yet."
    top = next(s for s in series if s.name != OTHER)
    total = sum(top.values)
    sentence = (
        f"{top.name} was the theme raised most often in the last {periods} {period_word}s, "
        f"in {total} feedback item{'s' if total != 1 else ''}."
    )
    if untagged:
        needs = "item still needs" if untagged == 1 else "items still need"
        sentence += f" {untagged} {needs} a theme."
    return sentence


def theme_trend(
    *,
    labels: Sequence[str],
    counts: dict[str, list[int]],
    period: str,
    untagged: int,
    area_slug: str,
) -> Chart:
    """Feedback items per theme in each period: a line per theme, the table, the download."""
    series = pick_series(counts)
    drawn = series or [Series("Feedback with a theme", [0] * len(labels))]
    period_word = "quarter" if period == "quarter" else "month"
    headers, rows = series_table(
        category_header=period_word.capitalize(), categories=labels, series=drawn
    )
    return Chart(
        slug="themes-over-time",
        title=f"Feedback items by theme, per {period_word}",
        caption=caption(series, period_word, len(labels), untagged),
        figure=line_chart(
            categories=labels,
            series=drawn,
            y_title="Feedback items",
            x_title=period_word.capitalize(),
        ),
        headers=headers,
        rows=rows,
        csv_filename=f"feedback-themes-{area_slug}-{period}",
    )
