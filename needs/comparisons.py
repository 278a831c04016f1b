"""The needs dashboard's comparison maths, pure: no ORM, no request
(docs/adr/0011-needs-comparisons.md).

A figure is a :class:`Cell`: a value with DfE's status (c, x or z when DfE did not publish
it). Parts add up only when every part is published; a ratio of one geography is its
numerator over its denominator; a neighbour group's value is a ratio of summed counts, never
an average of rates (:func:`group_ratio`). Ranks and quartiles know
``Measure.higher_is_better``; the default neighbours are the nearest in size. A
:class:`Column` (the area, its region, England or its neighbours) takes its value of a rate
or a count from the :class:`Figures` one query read (:func:`rate`, :func:`count`).

``needs.dashboard`` reads the figures (``needs.dashboard.reads``) and builds the page's
sections from these (``needs.dashboard.sections`` and ``needs.dashboard.summary``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from needs.catalog import age_band
from needs.models import Level, ValueStatus

PUBLISHED = ValueStatus.PUBLISHED
SUPPRESSED = ValueStatus.SUPPRESSED
NOT_AVAILABLE = ValueStatus.NOT_AVAILABLE
NOT_APPLICABLE = ValueStatus.NOT_APPLICABLE
#: How DfE marks a value it does not publish; the page shows these, never 0.
MARKERS = {SUPPRESSED: "c", NOT_AVAILABLE: "x", NOT_APPLICABLE: "z"}
#: How many local authorities make the default group of neighbours.
NEIGHBOURS = 10
HUNDRED = Decimal(100)

Number = int | float
Shown = Number | str | None


# --- Cells and how they combine --------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure: its value when DfE published it, else only its status (c, x or z)."""

    value: Decimal | None
    status: str = PUBLISHED
    release: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == PUBLISHED and self.value is not None


def is_ok(cell: Cell | None) -> bool:
    """Published with a value: a number to draw, add up or rank."""
    return cell is not None and cell.ok


def worst(cells: Iterable[Cell | None]) -> str:
    """The status of a figure made from parts: suppressed beats not available beats not
    applicable; a part the portal does not hold counts as not available."""
    statuses = {NOT_AVAILABLE if cell is None else cell.status for cell in cells}
    for status in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE):
        if status in statuses:
            return status
    return PUBLISHED


def total(cells: Sequence[Cell | None]) -> Cell | None:
    """The sum of parts, published only when every part is (a hidden part hides the sum)."""
    if not cells or all(cell is None for cell in cells):
        return None
    if all(is_ok(cell) for cell in cells):
        return Cell(sum((cell.value for cell in cells), Decimal(0)))  # type: ignore[union-attr]
    return Cell(None, worst(cells))


def ratio(numerator: Cell | None, denominator: Cell | None, scale: Decimal = HUNDRED):
    """``numerator / denominator * scale`` for one geography, or the status that stops it."""
    if numerator is None or denominator is None:
        return None
    if not (numerator.ok and denominator.ok):
        return Cell(None, worst([numerator, denominator]))
    if denominator.value == 0:
        return Cell(None, NOT_APPLICABLE)
    return Cell(numerator.value * scale / denominator.value)  # type: ignore[operator]


@dataclass(frozen=True)
class Member:
    """One neighbour's parts of a ratio."""

    name: str
    numerator: Cell | None
    denominator: Cell | None


@dataclass(frozen=True)
class GroupValue:
    cell: Cell | None
    #: members whose parts were not all published, so the value leaves them out
    left_out: tuple[str, ...] = ()


def group_ratio(members: Sequence[Member], scale: Decimal = HUNDRED) -> GroupValue:
    """The group's ratio: the sum of numerators over the sum of denominators of the members
    that published both. Never the average of the members' rates."""
    if not members:
        return GroupValue(None)
    used = [m for m in members if is_ok(m.numerator) and is_ok(m.denominator)]
    left_out = tuple(m.name for m in members if not (is_ok(m.numerator) and is_ok(m.denominator)))
    denominator = sum((m.denominator.value for m in used), Decimal(0))  # type: ignore[union-attr]
    if not used or denominator == 0:
        return GroupValue(Cell(None, NOT_AVAILABLE), left_out)
    numerator = sum((m.numerator.value for m in used), Decimal(0))  # type: ignore[union-attr]
    return GroupValue(Cell(numerator * scale / denominator), left_out)


def group_total(members: Sequence[tuple[str, Cell | None]]) -> GroupValue:
    """The group's count: the sum over every member, or not available if one is missing."""
    if not members:
        return GroupValue(None)
    missing = tuple(name for name, cell in members if not is_ok(cell))
    if missing:
        return GroupValue(Cell(None, NOT_AVAILABLE), missing)
    return GroupValue(Cell(sum((cell.value for _, cell in members), Decimal(0))))  # type: ignore[union-attr]


def change(index: Cell | None) -> Cell | None:
    """Per cent change from an index (base = 100)."""
    if index is None or not index.ok:
        return index
    return Cell(index.value - HUNDRED)  # type: ignore[operator]


# --- Ranks, neighbours, age bands and what a table shows -------------------------------------


@dataclass(frozen=True)
class Rank:
    position: int
    of: int
    quartile: int
    higher_is_better: bool | None

    @property
    def label(self) -> str:
        if self.higher_is_better is None:
            return f"{ordinal(self.position)} highest of {self.of}"
        return f"{ordinal(self.position)} of {self.of}"

    @property
    def quartile_label(self) -> str:
        if self.higher_is_better is None:
            names = ("Highest", "Second-highest", "Second-lowest", "Lowest")
        else:
            names = ("Best", "Second-best", "Second-worst", "Worst")
        return f"{names[self.quartile - 1]} quarter"


def rank(value: Decimal | None, field: Sequence[Decimal], higher_is_better: bool | None):
    """Where ``value`` stands among ``field`` (every local authority's value, its own too).

    1st is the best: the highest when higher is better, the lowest when lower is better. With
    no better direction (``None``) the rank is by size, largest first, and says so. Ties share
    a rank (1, 2, 2, 4). Quartile 1 holds the first quarter of places.
    """
    if value is None or not field:
        return None
    if higher_is_better is False:
        ahead = sum(1 for other in field if other < value)
    else:
        ahead = sum(1 for other in field if other > value)
    position = ahead + 1
    of = max(len(field), position)
    return Rank(position, of, min(4, math.ceil(4 * position / of)), higher_is_better)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def nearest_by_size(own: str, sizes: dict[str, Decimal], n: int = NEIGHBOURS) -> list[str]:
    """The default neighbours: the ``n`` others whose size is nearest to ``own``'s (ties by
    code, so the choice is stable)."""
    if own not in sizes:
        return []
    target = sizes[own]
    others = sorted(
        (code for code in sizes if code != own), key=lambda c: (abs(sizes[c] - target), c)
    )
    return others[:n]


def bands(cells: dict[str, Cell]) -> dict[str, Cell]:
    """Age bands from one geography's age breakdowns for one January: a band's own row
    (2010 to 2022 files), else the sum of its single years of age (2023 onwards)."""
    direct: dict[str, Cell] = {}
    parts: dict[str, list[Cell | None]] = defaultdict(list)
    for key, cell in cells.items():
        band = age_band(key)
        if band is None:
            continue
        if key.startswith("age_band:"):
            direct[band] = cell
        else:
            parts[band].append(cell)
    result = {band: total(found) for band, found in parts.items()}
    result.update(direct)
    return {band: cell for band, cell in result.items() if cell is not None}


def number(value: Decimal, decimals: int | None = None) -> Number:
    """A count as an int; anything else rounded to ``decimals`` (1 unless said)."""
    if decimals is None and value == value.to_integral_value():
        return int(value)
    return round(float(value), 1 if decimals is None else decimals)


def shown(cell: Cell | None, decimals: int | None = None) -> Shown:
    """What a table shows: the number, DfE's mark (c, x, z), or None ("no data")."""
    if cell is None:
        return None
    if not cell.ok:
        return MARKERS.get(cell.status, "x")
    return number(cell.value, decimals)  # type: ignore[arg-type]


def plotted(cell: Cell | None, decimals: int | None = None) -> Number | None:
    """What a chart draws: the number, or a gap."""
    return number(cell.value, decimals) if is_ok(cell) else None  # type: ignore[union-attr,arg-type]


# --- Columns and the figures they compare ----------------------------------------------------


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Column:
    """A column of every comparison: the area, its region, England, or its neighbours."""

    label: str
    places: tuple[Place, ...]
    group: bool = False


class Figures:
    """The figures one query read, by measure, geography code, year and breakdown key.

    ``rows``: (measure, geography code, geography level, year, breakdown key, value, status,
    release year) tuples, as ``needs.dashboard.reads.read_figures`` reads them."""

    def __init__(self, rows: Iterable[tuple]):
        self.cells: dict[tuple[str, str, int, str], Cell] = {}
        self.releases: set[int] = set()
        self.local_authorities: set[str] = set()
        for measure, code, level, year, key, value, status, release in rows:
            self.cells[(measure, code, year, key)] = Cell(value, status, release)
            self.releases.add(release)
            if level == Level.LOCAL_AUTHORITY:
                self.local_authorities.add(code)

    def get(self, measure: str, code: str, year: int, key: str = "total") -> Cell | None:
        return self.cells.get((measure, code, year, key))

    def years(self, measure: str, code: str, key: str = "total") -> list[int]:
        return sorted(y for (m, c, y, k) in self.cells if m == measure and c == code and k == key)

    def add_age_bands(self, measure: str) -> None:
        """Add a ``band:<band>`` cell for every geography and year that has age breakdowns."""
        grouped: dict[tuple[str, int], dict[str, Cell]] = defaultdict(dict)
        for (m, code, year, key), cell in self.cells.items():
            if m == measure and key.startswith("age"):
                grouped[(code, year)][key] = cell
        for (code, year), cells in grouped.items():
            for band, cell in bands(cells).items():
                self.cells[(measure, code, year, f"band:{band}")] = cell


Part = tuple[str, int, str]  # measure, year, breakdown key


@dataclass
class Notes:
    """Who a group value left out, said once per section."""

    left_out: set[str] = field(default_factory=set)

    def add(self, value: GroupValue) -> Cell | None:
        self.left_out.update(value.left_out)
        return value.cell

    def lines(self) -> list[str]:
        if not self.left_out:
            return []
        names = ", ".join(sorted(self.left_out))
        return [
            "Where a neighbour's figures are suppressed or not published, the neighbours' "
            f"figure is worked out without it. Left out at least once in this section: {names}."
        ]


def rate(
    figures: Figures,
    column: Column,
    numerator: Part,
    denominator: Sequence[Part],
    notes: Notes,
    *,
    published: str | None = None,
    scale: Decimal = HUNDRED,
) -> Cell | None:
    """A column's ratio: DfE's own published rate (``published``) for one geography when it
    has one, else its numerator over its denominator; for a group, a ratio of summed counts."""

    def parts(code: str) -> tuple[Cell | None, Cell | None]:
        top = figures.get(numerator[0], code, numerator[1], numerator[2])
        bottom = total([figures.get(m, code, y, k) for m, y, k in denominator])
        return top, bottom

    if column.group:
        members = [Member(p.name, *parts(p.code)) for p in column.places]
        return notes.add(group_ratio(members, scale))
    code = column.places[0].code
    if published is not None:
        own = figures.get(published, code, numerator[1])
        if own is not None:
            return own
    return ratio(*parts(code), scale=scale)


def count(figures: Figures, column: Column, part: Part, notes: Notes) -> Cell | None:
    if column.group:
        members = [(p.name, figures.get(part[0], p.code, part[1], part[2])) for p in column.places]
        return notes.add(group_total(members))
    return figures.get(part[0], column.places[0].code, part[1], part[2])
