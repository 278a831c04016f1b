"""The performance framework report (the board pack) for three consecutive months, pure:
figures in, tables, sentences and charts out (no ORM, no request).

Item 9 of Norfolk's SEND performance framework (seeds/001) reports each measure as a row
of a table: the measure, its criteria / methodology, then one column per month. This builds
the same for any three consecutive months of an area, grouped as the framework groups them:
requests and decisions within 6 weeks; advice within 6 weeks by service; plans issued within
20 weeks (month and financial year to date, with and without exceptions) against the target
trajectory; average time to issue; plans in process and their age; annual reviews; and the
figures entered by hand (:mod:`ehcp.monthly`) with their methodology. Then what changed since
last month, in words, and two charts over 12 months, each with its table.

**Where a month's figures come from.** A month frozen in the snapshot ledger
(:mod:`ehcp.snapshots`) is reported as frozen; where the case data now gives a different
figure, that shows beside the frozen one as a later correction, as the ledger does. A month
not frozen is computed from the cases (:func:`ehcp.measures.month_figures`, through
:func:`ehcp.snapshots.figures_of`, so both read alike). A figure an older snapshot lacks is
computed. Figures entered by hand are reported as entered (complaints cumulative from April).

**The target trajectory** (:func:`ehcp.measures.target_for`) starts from a baseline: the
outturn of the last financial year that ended at least a year before the first target (for
Norfolk's 60% by 31 December 2021, 2019-20, ending 31 March 2020), the year's numerators over
its denominators. Without figures for that whole year, it starts at the first target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.charts import Chart, Series, bar_chart, line_chart
from ehcp import monthly
from ehcp.cases import Case
from ehcp.dashboard.common import (
    SERVICES,
    day_name,
    make_chart,
    month_label,
    month_name,
    number,
)
from ehcp.measures import (
    AGE_BANDS,
    add_months,
    is_open,
    month_end,
    next_review_due,
    target_for,
)
from ehcp.snapshots import figures_of

COUNT, PERCENT, WEEKS, DAYS = "count", "percent", "weeks", "days"
UP, DOWN = "up", "down"
MISSING = object()  # a figure an older snapshot does not hold
CHART_MONTHS = 12
TARGET_LABEL = "Target for the month (trajectory) (%)"
#: each target measure (ehcp.models.TargetMeasure): the rate it follows in a month's figures,
#: and its name in a note
TARGET_RATES = {
    "issued_20_weeks_ex": (("twenty_weeks", "month", "excluding_exceptions"),
                           "plans issued within 20 weeks, excluding exceptions"),
    "issued_20_weeks": (("twenty_weeks", "month", "including_exceptions"),
                        "plans issued within 20 weeks, including exceptions"),
    "decisions_6_weeks": (("decisions_within_6_weeks",), "decisions within 6 weeks"),
    "reviews_4_weeks": (("reviews", "decided_within_4_weeks"),
                        "annual review decisions within 4 weeks"),
}  # fmt: skip


# --- Reading a month's figures (the JSON of ehcp.snapshots) -----------------------------------

Reader = Callable[[dict], object]


def at(*path: str) -> Reader:
    """A reader of the figure at ``path``; :data:`MISSING` where the figures lack it."""

    def read(figures: dict) -> object:
        value: object = figures
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return MISSING
            value = value[key]
        return value

    return read


def one_decimal(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _mean_days(figures: dict) -> object:
    mean = at("average_weeks_to_issue")(figures)
    if not isinstance(mean, dict):
        return MISSING
    plans = mean["denominator"]
    return one_decimal(Decimal(mean["numerator"]) / plans) if plans else None


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    methodology: str
    read: Reader
    unit: str = COUNT
    better: str = ""  # UP, DOWN or "" (neither way is better)
    target: str = ""  # the target measure whose trajectory follows this row


def _rate(key: str, label: str, methodology: str, path: tuple[str, ...], **kw) -> Measure:
    return Measure(key, label, methodology, at(*path, "value"), PERCENT, UP, **kw)


REQUESTS = (
    Measure("requests", "Requests for an EHC needs assessment received",
            "Requests received in the month, whatever became of them (withdrawn ones too).",
            at("requests")),
    Measure("decisions", "Decisions whether to assess made",
            "Decisions to assess and not to assess made in the month; a withdrawal is not a "
            "decision.", at("decisions_within_6_weeks", "denominator")),
    Measure("decisions_to_assess", "Decisions to assess",
            "Requests the council decided in the month to assess.", at("decisions_to_assess")),
    _rate("decisions_6_weeks", "Decisions made within 6 weeks (%)",
          "Of the decisions made in the month, those made no more than 42 days after the "
          "request was received.", ("decisions_within_6_weeks",), target="decisions_6_weeks"),
)  # fmt: skip
ADVICE = tuple(
    measure
    for service, name in SERVICES.items()
    for measure in (
        Measure(f"advice_{service.value}", f"{name}: advice returned",
                f"Advice from {name.lower()} returned in the month.",
                at("advice_within_6_weeks", service.value, "denominator")),
        _rate(f"advice_6_weeks_{service.value}", f"{name}: returned within 6 weeks (%)",
              "Of that advice, the share returned no more than 42 days after it was asked for.",
              ("advice_within_6_weeks", service.value)),
        Measure(f"advice_overdue_{service.value}",
                f"{name}: advice outstanding past 6 weeks at the month's end",
                "Advice asked for on a request still in process, not returned by the month's "
                "last day, asked for more than 42 days before it.",
                at("advice_outstanding", service.value, "overdue"), better=DOWN),
    )
)  # fmt: skip
_EXCEPTIONS = (
    "Exception cases (an exception to the time limit applies, regulation 10(4)) are left out "
    "of both counts, as DfE's headline rate does."
)
TWENTY_WEEKS = (
    Measure("plans_issued", "New EHC plans issued",
            "Final EHC plans issued in the month.", at("plans_issued"), better=UP),
    _rate("twenty_weeks_ex", "Issued within 20 weeks in the month, excluding exceptions (%)",
          "Of the plans issued in the month, those issued no more than 140 days after the "
          f"request. {_EXCEPTIONS}", ("twenty_weeks", "month", "excluding_exceptions"),
          target="issued_20_weeks_ex"),
    _rate("twenty_weeks", "Issued within 20 weeks in the month, including exceptions (%)",
          "As above, every plan issued in the month counted.",
          ("twenty_weeks", "month", "including_exceptions"), target="issued_20_weeks"),
    Measure("plans_issued_fytd", "New EHC plans issued, financial year to date",
            "Final EHC plans issued from 1 April to the month's end.",
            at("twenty_weeks", "fytd", "including_exceptions", "denominator")),
    _rate("twenty_weeks_ex_fytd",
          "Issued within 20 weeks, financial year to date, excluding exceptions (%)",
          f"Of the plans issued from 1 April to the month's end, those issued in time. "
          f"{_EXCEPTIONS}", ("twenty_weeks", "fytd", "excluding_exceptions")),
    _rate("twenty_weeks_fytd",
          "Issued within 20 weeks, financial year to date, including exceptions (%)",
          "As above, every plan issued since 1 April counted.",
          ("twenty_weeks", "fytd", "including_exceptions")),
)  # fmt: skip
WEEKS_TO_ISSUE = (
    Measure("weeks_to_issue", "Average weeks from request to plan issued",
            "The mean time from the request to the final plan over the plans issued in the "
            "month, exception cases included.", at("average_weeks_to_issue", "value"),
            WEEKS, DOWN),
    Measure("days_to_issue", "Average days from request to plan issued",
            "The same mean in calendar days.", _mean_days, DAYS, DOWN),
)  # fmt: skip
BACKLOG = (
    Measure("in_process", "Requests in process at the month's end",
            "Received by the month's last day and not yet refused, withdrawn, issued or "
            "decided not to issue.", at("in_process", "total"), better=DOWN),
    Measure("awaiting_decision", "of which awaiting the decision whether to assess",
            "No decision known on the month's last day.", at("in_process", "awaiting_decision")),
    Measure("being_assessed", "of which being assessed",
            "Decided to assess; no plan issued or decision not to issue yet.",
            at("in_process", "being_assessed")),
    *(
        Measure(f"age_{label}", f"of which {label} weeks since the request",
                "Weeks of the 20-week clock on the month's last day: week 1 is days 0 to 7, "
                "week 20 ends on day 140.", at("in_process", "ages", label),
                better=DOWN if last is None else "")
        for label, _, last in AGE_BANDS
    ),
)  # fmt: skip
REVIEWS = (
    Measure("reviews_due", "Annual reviews due",
            "Plans whose review falls due in the month: 12 months after the last review "
            "decision, or after the plan began; plans ceased by then left out.",
            at("reviews", "due")),
    Measure("reviews_held", "Annual review meetings held", "Review meetings held in the month.",
            at("reviews", "held")),
    Measure("reviews_decided", "Annual review decisions made",
            "Decisions made in the month after a review meeting.",
            at("reviews", "decided_within_4_weeks", "denominator")),
    _rate("reviews_4_weeks", "Review decisions made within 4 weeks of the meeting (%)",
          "Of those decisions, the ones made no more than 28 days after the meeting.",
          ("reviews", "decided_within_4_weeks"), target="reviews_4_weeks"),
)  # fmt: skip
#: the framework's tables of case-data measures: (slug, heading, measures, notes)
TABLES = (
    ("requests", "Requests and decisions within 6 weeks", REQUESTS, ()),
    ("advice", "Professional advice within 6 weeks, by service", ADVICE, ()),
    ("twenty-weeks", "EHC plans issued within 20 weeks", TWENTY_WEEKS,
     ("The financial year runs from April to March.",)),
    ("weeks-to-issue", "Average time to issue an EHC plan", WEEKS_TO_ISSUE, ()),
    ("backlog", "Plans in process (the backlog) and how long they have waited", BACKLOG, ()),
    ("reviews", "Annual reviews", REVIEWS,
     ("The case data holds each plan's latest review only: once a review is held, earlier "
      "months no longer count it as due.",)),
)  # fmt: skip
HAND_HEADING = "Children missing education, alternative provision and complaints"
HAND_NOTE = (
    "Entered by hand each month; not frozen. Complaints are running totals from April: a total "
    "shows only when every month since April has been entered."
)
#: the hand-entered measures: which way is better ("what changed" leaves out running totals)
HAND_BETTER = {"cme_all": DOWN, "cme_ehcp": DOWN, "ap_days": DOWN}
#: "what changed since last month": (row key, as said in a sentence)
HEADLINES = (
    ("requests", "Requests received"),
    ("decisions_6_weeks", "Decisions whether to assess made within 6 weeks"),
    ("plans_issued", "New EHC plans issued"),
    ("twenty_weeks_ex", "Plans issued within 20 weeks, excluding exceptions"),
    ("weeks_to_issue", "Average time from request to plan"),
    ("in_process", "Requests in process at the month's end"),
    ("age_over 20", "Requests in process past 20 weeks"),
    ("reviews_4_weeks", "Annual review decisions made within 4 weeks"),
    ("cme_all", "Children missing education"),
    ("ap_days", "Average days to arrange alternative provision"),
)


# --- The report --------------------------------------------------------------------------------


def show(value, unit: str, *, in_words: bool = False) -> str:
    """A figure as a table shows it: 1,234 · 42.5% · 37.6 (weeks or days); "no figure".
    ``in_words``: weeks and days say so (37.6 weeks)."""
    if value is None:
        return "no figure"
    if unit == PERCENT:
        return f"{value:.1f}%"
    return f"{number(float(value))} {unit}" if in_words and unit in (WEEKS, DAYS) else number(value)


@dataclass(frozen=True)
class Cell:
    value: int | float | None
    unit: str
    #: the value recalculated now, where it differs from the frozen one (``corrected``)
    correction: int | float | None = None
    corrected: bool = False

    @property
    def shown(self) -> str:
        return show(self.value, self.unit)

    @property
    def correction_shown(self) -> str:
        return show(self.correction, self.unit)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    methodology: str
    cells: tuple[Cell, ...]
    is_target: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    heading: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a month's figures come from."""

    month: date
    frozen_on: date | None
    computed: bool  # the case data covers the month

    @property
    def words(self) -> str:
        if self.frozen_on is not None:
            return f"frozen on {day_name(self.frozen_on)}"
        return "not frozen: calculated from the case data" if self.computed else "no figures"


@dataclass(frozen=True)
class Change:
    key: str
    sentence: str
    verdict: str  # "better", "worse", "same", "" (neither way is better) or "none" (no figure)


@dataclass(frozen=True)
class Trajectory:
    measure: str
    points: tuple[tuple[date, float], ...]
    baseline: tuple[date, float] | None  # (31 March, the outturn), if there is one

    def value(self, month: date) -> float | None:
        if self.baseline is not None:
            start, rest = self.baseline, self.points
        else:
            start, rest = self.points[0], self.points[1:]
        return target_for(month, rest, baseline_value=start[1], baseline_date=start[0])

    @property
    def words(self) -> str:
        aims = " and ".join(f"{number(v)}% by {day_name(d)}" for d, v in self.points)
        if self.baseline is None:
            return f"a straight line between the targets: {aims}; none before the first."
        day, value = self.baseline
        year = f"{day.year - 1}-{day:%y} outturn, {value:.1f}% (to {day_name(day)})"
        return f"a straight line from the {year}, to {aims}."


@dataclass(frozen=True)
class Frozen:
    """A month's frozen figures (``MonthlySnapshot.figures``) and the day they were frozen."""

    figures: dict
    frozen_on: date


@dataclass(frozen=True)
class BoardPack:
    area_name: str
    months: tuple[date, ...]  # the three months, oldest first
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    changes: tuple[Change, ...]
    charts: tuple[Chart, ...]
    notes: tuple[str, ...]
    filename: str  # e.g. board-pack-norfolk-2021-03

    @property
    def to(self) -> date:
        return self.months[-1]

    @property
    def title(self) -> str:
        first, last = self.months[0], self.months[-1]
        start = f"{first:%B}" if first.year == last.year else month_name(first)
        return f"{start} to {month_name(last)}"

    @property
    def corrections(self) -> int:
        return sum(
            cell.corrected for table in self.tables for row in table.rows for cell in row.cells
        )


# --- Months ------------------------------------------------------------------------------------


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def end_months(months: Iterable[date]) -> list[date]:
    """The months a pack can end with, newest first: every month with figures (computed or
    frozen) that has two months before it."""
    known = sorted(set(months))
    return [m for m in reversed(known) if add_months(m, -2) >= known[0]] if known else []


def baseline_year(points: Sequence[tuple[date, float]]) -> list[date]:
    """The months of the last financial year that ended at least a year before the first
    target; empty without targets."""
    if not points:
        return []
    first = min(due for due, _ in points)
    end = date(first.year, 3, 31)
    while end.replace(year=end.year + 1) > first:
        end = end.replace(year=end.year - 1)
    return months_between(date(end.year - 1, 4, 1), date(end.year, 3, 1))


def months_needed(to: date, targets: Mapping[str, Sequence[tuple[date, float]]]) -> list[date]:
    """Every month whose figures a pack ending with ``to`` reads: 12 months to ``to`` for the
    charts (the three months among them) and the baseline years of its targets."""
    needed = set(months_between(add_months(to, 1 - CHART_MONTHS), to))
    for points in targets.values():
        needed.update(baseline_year(points))
    return sorted(needed)


def _relevant(cases: Iterable[Case], first: date, last: date) -> list[Case]:
    """The cases that can count towards any figure of a month whose periods lie within
    ``first`` to ``last``: an event on a day between them (a review falling due included) or
    in process on one of them. The figures are the same as on every case, faster."""
    found = []
    for case in cases:
        if case.received > last:
            continue
        days = [case.received, case.request_outcome_date, case.assessment_outcome_date,
                case.plan_start, case.plan_ceased, case.last_review, case.review_meeting,
                next_review_due(case)]  # fmt: skip
        days += [day for advice in case.advice for day in (advice.requested, advice.returned)]
        if any(day is not None and first <= day <= last for day in days) or is_open(
            case, max(first, case.received)
        ):
            found.append(case)
    return found


class Figures:
    """Each month's figures: frozen where frozen, else computed from the cases (when the case
    data covers the month), computed once and only when read."""

    def __init__(self, cases, *, computable: Iterable[date], frozen: Mapping[date, Frozen],
                 reads: Iterable[date]):  # fmt: skip
        """``reads``: every month that may be read (the cases that can count towards them
        are picked once)."""
        self.computable = frozenset(computable)
        self.frozen = frozen
        self._computed: dict[date, dict] = {}
        months = sorted(set(reads) & self.computable)
        self._cases: list[Case] = []
        if months:  # a month's earliest period (its rolling 12 months) starts 11 months before
            self._cases = _relevant(cases, add_months(months[0], -11), month_end(months[-1]))

    def computed(self, month: date) -> dict | None:
        if month not in self.computable:
            return None
        if month not in self._computed:
            self._computed[month] = figures_of(self._cases, month)
        return self._computed[month]

    def shown(self, month: date) -> dict | None:
        frozen = self.frozen.get(month)
        return frozen.figures if frozen else self.computed(month)

    def cell(self, measure: Measure, month: date, *, correct: bool = False) -> Cell:
        """The figure reported for ``month``: the frozen one if frozen (with the value
        recalculated now beside it when ``correct`` and it differs), else computed."""
        frozen = self.frozen.get(month)
        then = measure.read(frozen.figures) if frozen is not None else MISSING
        computed = self.computed(month) if correct or then is MISSING else None
        now = measure.read(computed) if computed is not None else MISSING
        if then is not MISSING:
            corrected = now is not MISSING and now != then
            return Cell(then, measure.unit, now if corrected else None, corrected)  # type: ignore[arg-type]
        return Cell(None if now is MISSING else now, measure.unit)  # type: ignore[arg-type]

    def year_rate(self, path: tuple[str, ...], months: list[date]) -> float | None:
        """A rate over ``months``: the sum of their numerators over that of their
        denominators; None unless every month has figures and some denominator."""
        numerator = denominator = 0
        for month in months:
            figures = self.shown(month)
            rate = at(*path)(figures) if figures is not None else MISSING
            if not isinstance(rate, dict):
                return None
            numerator += rate["numerator"]
            denominator += rate["denominator"]
        return one_decimal(Decimal(100 * numerator) / denominator) if denominator else None


def trajectories(figures: Figures, targets) -> dict[str, Trajectory]:
    found = {}
    for measure, points in targets.items():
        if not points or measure not in TARGET_RATES:
            continue
        year = baseline_year(points)
        outturn = figures.year_rate(TARGET_RATES[measure][0], year)
        baseline = None if outturn is None else (month_end(year[-1]), outturn)
        found[measure] = Trajectory(measure, tuple(sorted(points)), baseline)
    return found


def _hand_rows(values: Mapping[tuple[str, date], Decimal], months: list[date]) -> list[Row]:
    rows = []
    reported = {row["measure"].key: row for row in monthly.reported(dict(values), months)}
    for key, row in reported.items():
        measure = row["measure"]
        unit = DAYS if measure.unit == "days" else COUNT
        label = measure.label + (" (cumulative from April)" if measure.cumulative else "")
        cells = tuple(Cell(None if v is None else _plain(v), unit) for v in row["values"])
        rows.append(Row(key, label, measure.methodology, cells))
        if key == "cme_ehcp":
            pairs = zip(reported["cme_all"]["values"], row["values"], strict=True)
            shares = [one_decimal(100 * part / whole) if whole and part is not None else None
                      for whole, part in pairs]  # fmt: skip
            cells = tuple(Cell(v, PERCENT) for v in shares)
            rows.append(Row("cme_ehcp_share", "Children missing education who have an EHC plan (%)",
                            "Percentage calculation: those with an EHC plan of all children "
                            "missing education.", cells))  # fmt: skip
    return rows


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def build(
    *,
    area_name: str,
    area_slug: str,
    to: date,
    cases: Sequence[Case],
    computable: Iterable[date],
    frozen: Mapping[date, Frozen],
    hand_entered: Mapping[tuple[str, date], Decimal],
    targets: Mapping[str, Sequence[tuple[date, float]]],
) -> BoardPack:
    """The pack for the three months ending with ``to``. ``computable``: the months the case
    data covers; ``frozen``: frozen months (at least those of :func:`months_needed`);
    ``hand_entered``: :func:`ehcp.monthly_services.values_between` from the April before the
    first month; ``targets``: target measure -> [(due, value)]."""
    months = months_between(add_months(to, -2), to)
    reads = {*months, *months_needed(to, targets)}
    figures = Figures(cases, computable=computable, frozen=frozen, reads=reads)
    paths = trajectories(figures, targets)
    tables = []
    for slug, heading, measures, notes in TABLES:
        rows = []
        for measure in measures:
            cells = tuple(figures.cell(measure, m, correct=True) for m in months)
            rows.append(Row(measure.key, measure.label, measure.methodology, cells))
            path = paths.get(measure.target)
            if path is not None:
                values = tuple(Cell(path.value(m), PERCENT) for m in months)
                words = f"The target for the month, read on its last day: {path.words}"
                rows.append(Row(f"target_{path.measure}", TARGET_LABEL, words, values, True))
        tables.append(Table(slug, heading, tuple(rows), notes))
    tables.append(Table("entered", HAND_HEADING, tuple(_hand_rows(hand_entered, months)),
                        (HAND_NOTE,)))  # fmt: skip
    sources = tuple(
        Source(m, frozen[m].frozen_on if m in frozen else None, m in figures.computable)
        for m in months
    )
    pack_name = f"board-pack-{area_slug}-{to:%Y-%m}"
    charts = (
        _twenty_weeks_chart(figures, paths, to, pack_name),
        _backlog_chart(figures, to, pack_name),
    )
    return BoardPack(
        area_name=area_name,
        months=tuple(months),
        sources=sources,
        tables=tuple(tables),
        changes=tuple(_changes(tables, months)),
        charts=charts,
        notes=tuple(_notes(sources, paths)),
        filename=pack_name,
    )


def _notes(sources: Sequence[Source], paths: Mapping[str, Trajectory]) -> list[str]:
    notes = [f"{month_name(source.month)}: {source.words}." for source in sources]
    notes.append(
        "A frozen month's figures stand as they were reported. Where the case data now gives a "
        "different figure (a late-recorded outcome, a corrected date), the new figure is shown "
        "beside the frozen one as a later correction."
    )
    for path in paths.values():
        notes.append(f"The target for {TARGET_RATES[path.measure][1]}: {path.words}")
    return notes


# --- What changed since last month ------------------------------------------------------------


def change_sentence(key: str, phrase: str, unit: str, better: str, before, after, months) -> Change:
    """One headline, the last month against the one before, in words."""
    then, now = month_name(months[0]), month_name(months[1])

    def said(value) -> str:
        return show(value, unit, in_words=True)

    if before is None or after is None:
        known = [f"{said(v)} in {m}" for v, m in ((before, then), (after, now)) if v is not None]
        gone = " or ".join(m for v, m in ((before, then), (after, now)) if v is None)
        return Change(key, f"{phrase}: {'; '.join([*known, f'no figure for {gone}'])}.", "none")
    if after == before:
        return Change(key, f"{phrase}: {said(after)} in {now}, the same as in {then}.", "same")
    way = UP if after > before else DOWN
    gap = one_decimal(abs(Decimal(str(after)) - Decimal(str(before))))
    if unit == COUNT:
        gap_words = f"{number(gap)} {'more' if way == UP else 'fewer'}"
    else:
        gap_words = f"{gap:.1f} {'percentage points' if unit == PERCENT else unit}"
    sentence = (
        f"{phrase}: {way} from {said(before)} in {then} to {said(after)} in {now} ({gap_words})"
    )
    verdict = "" if not better else "better" if way == better else "worse"
    return Change(key, f"{sentence}, which is {verdict}." if verdict else f"{sentence}.", verdict)


def _changes(tables: Sequence[Table], months: Sequence[date]) -> list[Change]:
    rows = {row.key: row for table in tables for row in table.rows}
    better = {m.key: m.better for _, _, measures, _ in TABLES for m in measures} | HAND_BETTER
    return [
        change_sentence(key, phrase, rows[key].cells[-1].unit, better.get(key, ""),
                        rows[key].cells[-2].value, rows[key].cells[-1].value, months[-2:])
        for key, phrase in HEADLINES
        if key in rows
    ]  # fmt: skip


# --- Charts ------------------------------------------------------------------------------------


def _twenty_weeks_chart(figures: Figures, paths, to: date, prefix: str) -> Chart:
    months = months_between(add_months(to, 1 - CHART_MONTHS), to)
    period = f"{month_name(months[0])} to {month_name(to)}"
    issued = Measure("", "", "", at("twenty_weeks", "month", "excluding_exceptions", "denominator"))
    counts = [figures.cell(issued, m).value for m in months]
    values = [figures.cell(TWENTY_WEEKS[1], m).value for m in months]
    series = [Series("Issued within 20 weeks, excluding exceptions", values)]
    headers = ["Month", "Plans issued, excluding exceptions", "Within 20 weeks (%)"]
    columns = [counts, values]
    caption = f"In {month_name(to)}, {show(values[-1], PERCENT)} of EHC plans were issued within "
    caption += "20 weeks, excluding exception cases"
    path = paths.get("issued_20_weeks_ex")
    if path:
        aims = [path.value(m) for m in months]
        series.append(Series("Target (trajectory)", aims))
        headers.append("Target (%)")
        columns.append(aims)
        caption += f", against a target of {show(aims[-1], PERCENT)} for the month"
    caption += f"; {show(values[0], PERCENT)} in {month_name(months[0])}."
    figure = line_chart(categories=[month_label(m) for m in months], series=series,
                        y_title="Issued within 20 weeks", percent=True)  # fmt: skip
    rows = [[month_label(m), *(column[i] for column in columns)] for i, m in enumerate(months)]
    title = f"EHC plans issued within 20 weeks, excluding exceptions, against the target, {period}"
    return make_chart(slug="pack-twenty-weeks", title=title, caption=caption, figure=figure,
                      headers=headers, rows=rows, prefix=prefix)  # fmt: skip


def _backlog_chart(figures: Figures, to: date, prefix: str) -> Chart:
    months = months_between(add_months(to, 1 - CHART_MONTHS), to)
    bands = [f"{label} weeks" for label, _, _ in AGE_BANDS]
    columns = [[figures.cell(measure, m).value for m in months] for measure in BACKLOG[3:]]
    totals = [figures.cell(BACKLOG[0], m).value for m in months]
    now, then, over = totals[-1], totals[0], columns[-1][-1]
    caption = f"At the end of {month_name(to)}, {show(now, COUNT)} requests were in process"
    if now is not None and over is not None:
        caption += f", {show(over, COUNT)} of them past 20 weeks"
    if now is not None and then is not None:
        gap = now - then
        moved = "the same as" if not gap else f"{abs(gap):,} {'more' if gap > 0 else 'fewer'} than"
        caption += f": {moved} at the end of {month_name(months[0])}"
    figure = bar_chart(categories=[month_label(m) for m in months], stacked=True,
                       series=[Series(b, c) for b, c in zip(bands, columns, strict=True)],
                       value_title="Requests in process")  # fmt: skip
    rows = [[month_label(m), *(c[i] for c in columns), totals[i]] for i, m in enumerate(months)]
    title = (f"Requests in process at the end of each month by weeks since the request, "
             f"{month_name(months[0])} to {month_name(to)}")  # fmt: skip
    headers = ["Month", *bands, "In process"]
    return make_chart(slug="pack-backlog", title=title, caption=caption + ".", figure=figure,
                      headers=headers, rows=rows, prefix=prefix)  # fmt: skip


# --- The numbers as one CSV --------------------------------------------------------------------


def csv_table(pack: BoardPack) -> tuple[list[str], list[list]]:
    """Every table's numbers: a row per measure, a column per month, then the later
    corrections of frozen months (blank where none), and where each month's figures come
    from."""
    labels = [month_label(m) for m in pack.months]
    headers = ["Table", "Measure", "Criteria / methodology", *labels,
               *(f"{label}: later correction" for label in labels)]  # fmt: skip
    rows = [
        [table.heading, row.label, row.methodology, *(c.value for c in row.cells),
          *(_correction(c) for c in row.cells)]
        for table in pack.tables
        for row in table.rows
    ]  # fmt: skip
    words = [s.words[:1].upper() + s.words[1:] for s in pack.sources]
    rows.append(["Notes", "Where the figures come from", "", *words, *([None] * len(labels))])
    return headers, rows


def _correction(cell: Cell):
    if not cell.corrected:
        return None
    return "no figure" if cell.correction is None else cell.correction
