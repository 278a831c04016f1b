"""Counts of published feedback fit to publish (QUALITY.md S12), pure: numbers in, cells out.

The rule and its threshold are EHCP's (``ehcp.measures``; ``PORTAL_SMALL_NUMBER_THRESHOLD``,
5 by default): a count of 1 to 4 is shown as ``c``; when exactly one cell of a row is hidden
and its total is shown, the smallest other non-zero cell is hidden too, so the hidden one
cannot be worked back from the total.

Feedback counts by theme differ in one way: an item may carry several themes (or none), so
the cells need not add up to the total. :func:`protected_row` takes the total as given and
protects it as if the cells did add up to it: when they do (every item has one theme), that
is exactly the rule; when they do not, it hides at most one cell more than needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ehcp.measures import (
    SUPPRESSED,
    THRESHOLD,
    PublicRow,
    public_count,
    public_row,
    small_number_threshold,
)

__all__ = [
    "SUPPRESSED",
    "THRESHOLD",
    "PublicRow",
    "protected_row",
    "public_count",
    "public_row",
    "small_number_threshold",
]


def protected_row(counts: Sequence[int], *, total: int, threshold: int | None = None) -> PublicRow:
    """``counts`` and their ``total`` fit to publish, with secondary suppression (below
    ``threshold``; without it, the one in force)."""
    threshold = small_number_threshold() if threshold is None else threshold
    hidden = {index for index, count in enumerate(counts) if 0 < count < threshold}
    shown_total = public_count(total, threshold=threshold)
    if len(hidden) == 1 and shown_total != SUPPRESSED:
        others = [
            (count, index) for index, count in enumerate(counts) if count and index not in hidden
        ]
        if others:
            hidden.add(min(others)[1])
        else:  # the hidden cell is all there is: the total would show it
            shown_total = SUPPRESSED
    cells = tuple(SUPPRESSED if index in hidden else count for index, count in enumerate(counts))
    return PublicRow(cells, shown_total)
