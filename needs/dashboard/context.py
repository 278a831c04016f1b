"""What the reads hand the builders, pure: the comparators (:class:`Comparators`), the
:class:`Context` every section shares, and the measures each section and the summary show
(which decides what :mod:`needs.dashboard.reads` reads)."""

from __future__ import annotations

from dataclasses import dataclass

from needs.catalog import MEASURES
from needs.comparisons import Column, Number, Place

#: The growth index starts here: the first January after every statement of SEN had been
#: converted to an EHC plan (the transition ended on 31 March 2018).
BASE_YEAR = 2019


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


def parts_of(key: str) -> tuple[str, ...]:
    """A measure and, for a rate, the counts it is made of."""
    measure = MEASURES[key]
    return (key, *([measure.numerator] if measure.numerator else []), *measure.denominator)


# --- The timeliness section ------------------------------------------------------------------

#: (chart slug, what the rate counts, DfE's published rate)
TIMELINESS = (
    ("timeliness-excluding", "excluding exception cases", "pc_issued_within_20_weeks_ex"),
    ("timeliness-including", "including exception cases", "pc_issued_within_20_weeks"),
)


# --- The activity section --------------------------------------------------------------------

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


def activity_counts(latest: dict[str, int]) -> list[tuple[str, str, int]]:
    """(measure, label, latest year) of each count of the activity section with a latest year."""
    return [(m, label, latest[m]) for m, label in ACTIVITY if m in latest]


def activity_rates(latest: dict[str, int]) -> list[tuple[Rate, int]]:
    """(rate, latest year) of each rate of the activity section with a latest year."""
    return [(r, latest[r.key]) for r in RATES if r.key in latest]


# --- The summary table ---------------------------------------------------------------------

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
SUMMARY_MEASURES = {key for key, _ in SUMMARY if key != "growth"}

#: every measure whose latest year the page needs
LATEST_MEASURES = sorted(
    {"ehc_plans", "ehc_plans_by_need", "placement_mainstream"}
    | {m for m, _ in ACTIVITY}
    | {r.key for r in RATES}
    | SUMMARY_MEASURES
)
