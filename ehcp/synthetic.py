"""Synthetic SEN2 person-level extracts: seeded, realistic, of any size.

``generate(params)`` simulates one local authority's EHC needs assessments over
``params.start``..``params.end`` and returns an :class:`Extract`: the rows of
every module of :mod:`ehcp.sen2_format` (plus the local ``advice`` module) and
the equivalent :class:`ehcp.cases.Case` records. ``write_csv`` and
``write_zip`` write it as a case system would, one CSV per module. The same
parameters and seed always give the same bytes.

The model, month by month:

* requests arrive at ``monthly_requests`` a month, with a seasonal profile
  (few in August and December), an annual ``trend`` and optional ``shocks``
  (e.g. the first Covid-19 lockdown); ~``withdrawn`` are withdrawn before a
  decision, the rest decided, mostly within 6 weeks; ``conversion`` of those
  decided proceed to assessment, and ``issue_share`` of assessments end in a plan;
* the authority issues ``capacity`` plans a month (a path; by default just
  enough to hold its backlog steady). Of them, the share the ``target`` path
  gives at that month are cases reaching week 20 that month, issued in time;
  the rest come from the backlog of overdue cases, oldest first (roughly).
  So plans issued and the 20-week rate follow the two paths, and the
  backlog (``backlog`` overdue cases at the start) drains or grows between them;
* advice (educational psychology slowest) is asked for on the decision to
  assess; plans start on issue; ~``exceptions`` have 20-week exceptions;
  annual reviews fall due 12 months after issue or the last review, some held
  late, some decided more than 4 weeks after the meeting; plans cease at rates
  by age (at 25 at the latest);
* ``active_plans`` plans older than the period are active at its start (their
  request and assessment outcomes are coded H, historical).

The extract is as at ``end``: events after it have not happened (outcome A,
dates blank). It holds every request received in the period, every request
still open at its start and every plan active in it. Outcomes decided before
``start`` are coded H. Persons are obviously fake: surnames such as
"Example", postcodes ``ZZ99``, UPNs ``Z999`` + digits, ULNs ``99`` + digits.

A large authority for benchmarks: ``Params(la_code=..., start=date(2020, 1, 1),
end=date(2024, 12, 31), monthly_requests=330, active_plans=20_000)`` (~44,000
requests, ~1.5 s to generate, ~1 s to zip), or a preset with ``scale``.
"""

from __future__ import annotations

import bisect
import csv
import heapq
import io
import math
import random
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.sen2_format import MODULES

DatePath = tuple[tuple[date, float], ...]
YEAR = 365.25
EHCP_BEGAN = date(2014, 9, 1).toordinal()  # statements were converted from then on
SEASON = (1.05, 1.0, 1.1, 0.9, 1.05, 1.1, 1.05, 0.6, 0.95, 1.1, 1.15, 0.8)  # Jan..Dec


def _table(text: str) -> tuple[tuple[str, float], ...]:
    return tuple((k, float(v)) for k, v in (item.split(":") for item in text.split()))


def _path(text: str) -> DatePath:
    """``"2020-01-01:0.1 2021-12-31:0.6"`` as a path of (date, value)."""
    return tuple((date.fromisoformat(d), v) for d, v in _table(text))


# Primary need shares of EHC plans in England (roughly, 2024); DS only from 2025.
NEEDS = _table("ASD:33 SLCN:22 SEMH:15 MLD:8 SLD:8 PMLD:2 SPLD:3 PD:3 HI:1.5 VI:1 MSI:0.3 OTH:2")
ETHNICITIES = _table(
    "WBRI:74 WOTH:4 WIRT:0.5 WROM:0.5 MWBC:2 MWBA:1 MWAS:1.5 MOTH:2 AIND:2 APKN:2.5 ABAN:1 "
    "AOTH:1 BAFR:2.5 BCRB:1 CHNE:0.5 OOTH:1.5 REFU:1 NOBT:1.5"
)
CEASE_YOUNG = _table("5:45 2:25 7:8 8:2 9:20")  # reasons plans cease, under 16
CEASE_OLD = _table("3:15 4:15 6:20 5:20 2:15 9:15")
# Age in years when the request is made, and of plans active at the start.
REQUEST_AGES = ((0, 5, 22.0), (5, 11, 40.0), (11, 16, 26.0), (16, 20, 10.0), (20, 25, 2.0))
PLAN_AGES = ((2, 5, 4.0), (5, 11, 33.0), (11, 16, 35.0), (16, 20, 22.0), (20, 25, 6.0))
FORENAMES = ("Alex", "Sam", "Jamie", "Charlie", "Riley", "Jordan", "Morgan", "Casey", "Robin")
SURNAMES = ("Example", "Sample", "Testcase", "Dummy", "Placeholder", "Fictional", "Madeup")


@dataclass(frozen=True)
class Params:
    la_code: str = "E10000020"
    start: date = date(2020, 1, 1)
    end: date = date(2021, 12, 31)
    monthly_requests: float = 100.0  # at ``start``, before seasonality
    trend: float = 0.05  # growth in requests a year
    shocks: DatePath = ()  # (any day of a month, multiplier of its requests)
    conversion: float = 0.78  # share of decided requests that proceed to assessment
    issue_share: float = 0.95  # share of assessments that end in a plan
    withdrawn: float = 0.03  # share of requests withdrawn before a decision
    decided_in_6_weeks: float = 0.85
    target: DatePath = ((date(2000, 1, 1), 0.5),)  # share of plans issued in 20 weeks
    capacity: DatePath = ()  # plans issued a month; empty: hold the backlog steady
    backlog: int | None = None  # overdue cases at the start; None: three months' worth
    active_plans: int = 3000  # plans older than the period, active at its start
    exceptions: float = 0.05  # share of plans issued with 20-week exceptions
    # (service, share of advice returned within 6 weeks at the start, at the end)
    advice_on_time: tuple[tuple[str, float, float], ...] = (
        ("EP", 0.5, 0.8),
        ("HEALTH", 0.75, 0.9),
        ("SOCIAL_CARE", 0.8, 0.92),
    )
    review_meeting_on_time: float = 0.8  # annual review meeting within 12 months
    review_decision_in_4_weeks: float = 0.72
    seed: int = 1
    scale: float = 1.0  # multiplies requests, capacity, backlog and active plans
    # The day the extract is taken, on or before ``end`` (None: ``end``). The world is
    # simulated to ``end`` whatever it is, so the extracts of one seed at successive
    # month ends are one case system's successive monthly exports.
    as_at: date | None = None

    @property
    def taken(self) -> date:
        """The extract's reference date."""
        return self.as_at or self.end


# Norfolk, April 2019 to 2021 (People and Communities Select Committee, 13 November
# 2020): ~108 requests a month before Covid-19, 68 in April-September 2020, 113
# expected after; ~80% of requests become plans; 119-130 plans issued a month
# from spring 2020; 8% issued within 20 weeks in 2019-20, 19% by September 2020,
# target 60% by end 2021 and 90% by end 2022. Issuing ~125 a month from ~85 new
# plans a month takes a large backlog, so waits start long (~70 weeks on average).
NORFOLK_2020_21 = Params(
    la_code="E10000020",
    start=date(2019, 4, 1),
    end=date(2021, 12, 31),
    monthly_requests=108.0,
    trend=0.04,
    shocks=_path(
        "2020-04-01:0.55 2020-05-01:0.6 2020-06-01:0.7 2020-07-01:0.8 2020-08-01:0.85 "
        "2020-09-01:0.9"
    ),
    conversion=0.84,
    issue_share=0.96,
    target=_path("2019-04-01:0.07 2020-03-31:0.09 2020-09-30:0.26 2021-12-31:0.62 2022-12-31:0.9"),
    capacity=_path("2019-04-01:86 2020-01-01:108 2020-04-01:100 2020-06-01:129 2021-12-31:123"),
    backlog=1100,
    active_plans=6800,
    advice_on_time=(("EP", 0.35, 0.8), ("HEALTH", 0.7, 0.9), ("SOCIAL_CARE", 0.75, 0.92)),
    review_meeting_on_time=0.78,
    review_decision_in_4_weeks=0.74,
)
PRESETS = {"norfolk": NORFOLK_2020_21}


def along(path: DatePath, day: int) -> float:
    """The path's value on ``day`` (an ordinal): linear between points, flat beyond."""
    points = [(d.toordinal(), v) for d, v in path] or [(0, 0.0)]
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in pairwise(points):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0) / (d1 - d0)
    return points[-1][1]


class _Case:
    """One request as simulated: dates are ordinals, 0 for none."""

    def __init__(self, seq: int, person: int, recv: int):
        self.seq, self.person, self.recv = seq, person, recv
        self.dec = self.issue = self.cease = 0
        self.rout = self.aout = self.cease_reason = ""  # outcomes as simulated
        self.assessed = self.exc = self.legacy = False
        self.advice: list[tuple[str, int, int]] = []  # (service, asked, returned)
        self.reviews: list[tuple[int, int]] = []  # (meeting, decision), oldest first

    def reviews_by(self, day: int) -> tuple[int, int]:
        """(last meeting, last decision) held by ``day`` while the plan was active."""
        stop = min(day, self.cease) if self.cease else day
        meeting = decision = 0
        for held, decided in self.reviews:
            if held > stop:
                break
            meeting = held
            if decided <= stop:
                decision = decided
        return meeting, decision


@dataclass
class _Person:
    birth: int
    sex: str
    ethnicity: str
    need: str
    second: str
    upn: str = ""


class Extract:
    """One LA's extract: rows of each module in export column order, as text."""

    def __init__(self, params: Params, rows: dict[str, list[tuple[str, ...]]], build):
        self.params, self.rows, self._build = params, rows, build

    @cached_property
    def cases(self) -> list[Case]:
        """The Case records an import of this extract gives."""
        return self._build()

    def csv_bytes(self, module: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(MODULES[module].columns)
        writer.writerows(self.rows[module])
        return out.getvalue().encode("utf-8")


def write_csv(extract: Extract, folder: Path | str) -> list[Path]:
    """Write one CSV per module into ``folder`` (created if need be)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / m.file_name for m in MODULES.values()]
    for name, path in zip(MODULES, paths, strict=True):
        path.write_bytes(extract.csv_bytes(name))
    return paths


def write_zip(extract: Extract, path: Path | str) -> Path:
    """Write the extract as one zip of CSVs, byte for byte the same for the same seed."""
    path = Path(path)
    stamp = max(extract.params.taken, date(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, module in MODULES.items():
            info = zipfile.ZipInfo(module.file_name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, extract.csv_bytes(name))
    return path


def generate(params: Params, *, person_key: Callable[[str], str] | None = None) -> Extract:
    """Simulate ``params`` and return the extract.

    ``Case.person`` is the export's person id, or ``person_key(upn)`` if given
    (as an importer would: a keyed hash of the UPN).
    """
    sim = _Simulation(params)
    sim.run()
    return sim.extract(person_key)


def _weighted(rng: random.Random, table: Sequence[tuple]) -> Callable[[], tuple]:
    """A fast draw from ``table``'s rows, weighted by their last item."""
    cum, total = [], 0.0
    for row in table:
        total += row[-1]
        cum.append(total)
    draw, rows = rng.random, list(table)
    return lambda: rows[bisect.bisect(cum, draw() * total)]


def _months(first: int, last: int) -> list[tuple[int, int]]:
    """(first day, last day) ordinals of each month from ``first``'s to ``last``'s."""
    d, out = date.fromordinal(first).replace(day=1), []
    while d.toordinal() <= last:
        nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        out.append((d.toordinal(), nxt.toordinal() - 1))
        d = nxt
    return out


class _Simulation:
    def __init__(self, p: Params):
        self.p = p
        self.rng = rng = random.Random(p.seed)  # noqa: S311 (made-up data, not secrets)
        self.start, self.end = p.start.toordinal(), p.end.toordinal()
        if p.as_at is not None and not p.start <= p.as_at <= p.end:
            raise ValueError("as_at must fall between start and end")
        self.cut = p.taken.toordinal()  # the extract's day: later events have not happened
        self.cases: list[_Case] = []
        self.persons: list[_Person] = []
        self.need = _weighted(rng, (*NEEDS, ("DS", 1.2)) if p.end.year >= 2025 else NEEDS)
        self.ethnicity = _weighted(rng, ETHNICITIES)
        self.request_age = _weighted(rng, REQUEST_AGES)
        self.plan_age = _weighted(rng, PLAN_AGES)
        self.cease_young = _weighted(rng, CEASE_YOUNG)
        self.cease_old = _weighted(rng, CEASE_OLD)
        self.refused: list[tuple[int, int]] = []  # (person, refusal date) for re-requests

    def randint(self, lo: int, hi: int) -> int:
        """``random.randint``, ten times faster (and its own stream of numbers)."""
        return lo + int(self.rng.random() * (hi - lo + 1))

    def pick(self, seq: Sequence):
        return seq[int(self.rng.random() * len(seq))]

    def run(self) -> None:
        self.requests()
        self.issue()
        self.legacy()
        for case in self.cases:
            if case.aout == "Y":
                self.lifecycle(case)
            if case.assessed and not case.legacy:
                self.advise(case)

    # People and requests -------------------------------------------------------------

    def person(self, age: tuple[int, int, float], on: int) -> int:
        rng = self.rng
        birth = on - int(rng.uniform(max(age[0], 0.5), age[1]) * YEAR)
        u = rng.random()
        sex = "M" if u < 0.72 else ("F" if u < 0.995 else "U")
        second = self.need()[0] if rng.random() < 0.35 else ""
        self.persons.append(_Person(birth, sex, self.ethnicity()[0], self.need()[0], second))
        return len(self.persons) - 1

    def new_case(self, person: int, recv: int) -> _Case:
        self.cases.append(case := _Case(len(self.cases), person, recv))
        return case

    def requests(self) -> None:
        """Requests from 26 weeks before the start (the lead-in) to the end."""
        p, rng = self.p, self.rng
        shocks = {(d.year, d.month): v for d, v in p.shocks}
        season = [s * 12 / sum(SEASON) for s in SEASON]
        lead_in = self.start - 182
        for first, last in _months(lead_in, self.end):
            d = date.fromordinal(first)
            mean = p.monthly_requests * p.scale * (1 + p.trend) ** ((first - self.start) / YEAR)
            mean *= season[d.month - 1] * shocks.get((d.year, d.month), 1.0)
            count = max(0, round(rng.gauss(mean, 1.1 * math.sqrt(mean))))
            days = range(max(first, lead_in), min(last, self.end) + 1)
            days = [o for o in days if date.fromordinal(o).weekday() < 5]
            for recv in sorted(self.pick(days) for _ in range(count if days else 0)):
                again = self.refused and self.refused[0][1] < recv - 90 and rng.random() < 0.06
                person = self.refused.pop(0)[0] if again else -1  # asks again after a refusal
                if person < 0 or self.persons[person].birth + 25 * YEAR <= recv:
                    person = self.person(self.request_age(), recv)
                self.decide(self.new_case(person, recv))

    def decide(self, case: _Case) -> None:
        """Withdrawal, or the decision whether to assess; then the assessment's end."""
        p, rng = self.p, self.rng
        if rng.random() < p.withdrawn:
            case.rout, case.dec = "W", case.recv + self.randint(5, 40)
            return
        if rng.random() < p.decided_in_6_weeks:
            case.dec = case.recv + self.randint(10, 42)
        else:
            case.dec = case.recv + 43 + min(int(rng.expovariate(1 / 18)), 120)
        if rng.random() >= p.conversion:
            case.rout = "N"
            self.refused.append((case.person, case.dec))
            return
        case.rout, case.assessed = "Y", True
        v = rng.random()  # a plan (the issuing queue decides when), or no plan
        if v >= p.issue_share:
            no = v < p.issue_share + (1 - p.issue_share) * 0.7
            case.aout = "N" if no else "W"
            case.issue = case.dec + (self.randint(60, 100) if no else self.randint(14, 120))

    # The issuing queue -----------------------------------------------------------

    def issue(self) -> None:
        """Issue dates, month by month: in time at the target rate, the rest from the backlog."""
        p, rng, start = self.p, self.rng, self.start
        expected = p.monthly_requests * p.scale * (1 - p.withdrawn) * p.conversion * p.issue_share
        if p.backlog is None:  # three months of late issues
            count = 3 * expected * (1 - along(p.target, start))
        else:
            count = p.backlog * p.scale
        for _ in range(round(count)):
            recv = start - self.randint(21 * 7, 78 * 7)  # overdue at the start
            case = self.new_case(self.person(self.request_age(), recv), recv)
            case.rout, case.dec, case.assessed = "Y", recv + self.randint(10, 42), True
        months = _months(min(c.recv for c in self.cases) + 140, self.end + 140)
        index = {first: i for i, (first, _) in enumerate(months)}
        due: list[list[_Case]] = [[] for _ in months]
        for case in self.cases:
            if case.assessed and not case.aout:
                month = date.fromordinal(case.recv + 140).replace(day=1).toordinal()
                due[index[month]].append(case)
        overdue: list[tuple[int, int, _Case]] = []
        recent: list[int] = []
        for i, (first, last) in enumerate(months):
            if first > self.end + 31:
                break  # later issues are after the end: not in the extract
            rate = along(p.target, first)
            eligible = [c for c in due[i] if c.dec <= c.recv + 140 - 49]
            capacity = 0
            if last < start:  # before the period: issued in time at the target rate
                chosen = [c for c in eligible if rng.random() < rate]
            else:
                recent = [*recent, len(due[i])][-3:]
                if p.capacity:
                    capacity = along(p.capacity, first) * p.scale
                else:  # enough to hold the backlog at three months of late issues
                    flow = sum(recent) / len(recent)
                    wanted = 3 * flow * (1 - rate)
                    capacity = max(0.5 * flow, min(2 * flow, flow + (len(overdue) - wanted) / 6))
                capacity = max(0, round(capacity * (1 + rng.gauss(0, 0.05))))
                chosen = rng.sample(eligible, min(len(eligible), round(rate * capacity)))
            for c in chosen:
                c.issue = self.randint(max(c.recv + 105, c.dec + 49), c.recv + 140)
                c.aout = "Y"
            for c in due[i]:
                if not c.aout:  # overdue: roughly oldest first
                    heapq.heappush(overdue, (c.recv + int(rng.gauss(0, 56)), c.seq, c))
            deferred = []
            for _ in range(capacity - len(chosen)):
                if not overdue:
                    break
                item = heapq.heappop(overdue)
                c = item[2]
                lo = max(first, c.recv + 141, c.dec + 42)
                if lo > last:
                    deferred.append(item)
                else:
                    c.issue, c.aout = self.randint(lo, last), "Y"
            for item in deferred:
                heapq.heappush(overdue, item)
        for case in self.cases:
            if case.aout == "Y":
                late = case.issue > case.recv + 140
                case.exc = rng.random() < p.exceptions * (1.5 if late else 0.3)

    # Plans -----------------------------------------------------------------------

    def legacy(self) -> None:
        """Plans issued before the period (since EHC plans began) and active at its start."""
        for _ in range(round(self.p.active_plans * self.p.scale)):
            person = self.person(self.plan_age(), self.start)
            span = min(self.start - self.persons[person].birth - 730, self.start - EHCP_BEGAN)
            start = self.start - self.randint(1, max(span, 2))
            recv = start - self.randint(20, 60) * 7
            case = self.new_case(person, recv)
            case.rout, case.dec, case.assessed = "Y", recv + self.randint(21, 56), True
            case.aout, case.issue, case.legacy = "Y", start, True

    def lifecycle(self, case: _Case) -> None:
        """When the plan ceases (if in the period), and its last annual review."""
        p, rng, end = self.p, self.rng, self.end
        birth = self.persons[case.person].birth
        t = max(case.issue, self.start)
        max_age = birth + int(25 * YEAR)
        while t <= end and not case.cease:
            if max_age <= t + 365:
                case.cease, case.cease_reason = max(max_age, t), "1"
                break
            age = (t - birth) / YEAR
            hazard = 0.05 if age < 5 else 0.035 if age < 16 else 0.12 if age < 19 else 0.2
            if rng.random() < hazard:
                case.cease = t + self.randint(0, 364)
                case.cease_reason = (self.cease_young if age < 16 else self.cease_old)()[0]
            t += 365
        stop = min(end, case.cease) if case.cease else end
        due = case.issue + max(1, (self.start - 365 - case.issue) // 365) * 365
        while True:
            if rng.random() < p.review_meeting_on_time:
                meeting = due - self.randint(0, 56)
            else:
                meeting = due + 1 + int(rng.expovariate(1 / 60))
            if rng.random() < p.review_decision_in_4_weeks:
                decision = meeting + self.randint(3, 28)
            else:
                decision = meeting + 29 + int(rng.expovariate(1 / 35))
            if meeting > stop:
                break
            case.reviews.append((meeting, decision))
            due = meeting + 365

    def advise(self, case: _Case) -> None:
        """Advice asked for on the decision to assess, returned before any plan."""
        rng = self.rng
        progress = min(max((case.dec - self.start) / max(self.end - self.start, 1), 0.0), 1.0)
        for service, at_start, at_end in self.p.advice_on_time:
            if service == "SOCIAL_CARE" and rng.random() < 0.1:
                continue  # not asked: the child is not known to social care
            asked = case.dec + self.randint(0, 5)
            if rng.random() < at_start + (at_end - at_start) * progress:
                back = asked + self.randint(14, 42)
            else:
                back = asked + 43 + int(rng.expovariate(1 / (35 if service == "EP" else 21)))
            if case.aout == "Y":
                back = max(asked + 7, min(back, case.issue - self.randint(7, 21)))
            case.advice.append((service, asked, back))

    def placement(self, age: float) -> tuple[str, str, str]:
        """(urn, ukprn, sensetting) of where a child of ``age`` is placed."""
        u = self.rng.random()
        urn = f"9{self.randint(10000, 10499):05d}"  # 9xxxxx: no real school has such a URN
        if age < 5:
            return ("", "", "EYP") if u < 0.3 else (urn, "", "")
        if age < 16:
            return (urn, "", "") if u < 0.95 else ("", "", self.pick(("OLA", "OPA", "EHE", "OTH")))
        if u < 0.55:
            return (urn, "", "")
        if u < 0.8:
            return ("", f"1999{self.randint(0, 80):04d}", "")  # no real UKPRN starts 1999
        return ("", "", "NEET" if u < 0.9 else self.pick(("OPA", "OTH", "NIEO", "EHE")))

    # The extract -----------------------------------------------------------------

    def included(self, case: _Case) -> bool:
        """In the extract: received in the period, open at its start, or a plan in it."""
        if case.recv >= self.start:
            return case.recv <= self.cut
        if case.rout in ("N", "W") and case.dec < self.start:
            return False
        if case.aout in ("N", "W") and case.issue < self.start:
            return False
        return not (case.cease and case.cease < self.start)

    def extract(self, person_key: Callable[[str], str] | None) -> Extract:
        p, rng, start, end = self.p, self.rng, self.start, self.cut
        iso: dict[int, str] = {}

        def d(o: int) -> str:  # an ordinal as the export writes it: blank if none or after end
            if not o or o > end:
                return ""
            if o not in iso:
                iso[o] = date.fromordinal(o).isoformat()
            return iso[o]

        def flag(share: float) -> str:
            return "1" if rng.random() < share else "0"

        rows: dict[str, list[tuple[str, ...]]] = {name: [] for name in MODULES}
        made = f"{p.taken.isoformat()}T00:00:00"
        rows["header"].append(("SEN2", str(p.taken.year), d(end), "L", p.la_code, "SYNTHETIC"))
        rows["header"][0] += ("1", "1", made, "", "", "")
        pids: dict[int, str] = {}
        records = []
        cases = sorted((c for c in self.cases if self.included(c)), key=lambda c: (c.recv, c.seq))
        for n, c in enumerate(cases, 1):
            rid = f"R{n:07d}"
            pid = pids.setdefault(c.person, f"P{len(pids) + 1:07d}")
            decided = 0 < c.dec <= end
            rout = ("H" if c.dec < start else c.rout) if decided else "A"
            no, gone = rout == "N", rout == "W"
            row = (rid, pid, d(c.recv), "", "0", d(c.dec), rout, flag(0.05 * no), flag(0.04 * no))
            rows["requests"].append((*row, flag(0.1 * gone)))
            record = [rid, pid, c, rout, None, False, False]
            records.append(record)
            if not (decided and c.rout == "Y"):
                continue
            done = 0 < c.issue <= end
            record[4] = aout = ("H" if c.issue < start else c.aout) if done else "A"
            issued = record[5] = done and c.aout == "Y"
            row = (rid, aout, d(c.issue) if done else "", "0", flag(0.04 * issued), "0", "0")
            rows["assessment"].append((*row, "1" if c.exc else "0"))
            rows["advice"].extend((rid, s, d(a), d(b)) for s, a, b in c.advice if a <= end)
            if not issued:
                continue
            age = (c.issue - self.persons[c.person].birth) / YEAR
            flags = (flag(0.03), flag(0.05 * (age >= 16)), flag(0.07), flag(0.01), flag(0.03))
            reason = c.cease_reason if c.cease <= end else ""
            rows["named_plan"].append((rid, d(c.issue), *flags, d(c.cease), reason))
            placed = self.placement(age)
            rows["plan_detail"].append((rid, *placed, "", "1", flag(0.03), flag(0.04)))
            if not (c.cease and c.cease <= end):
                record[6] = True
                self.active(rows, rid, c, self.persons[c.person], d, flag)
        for index, pid in pids.items():
            person = self.persons[index]
            number = int(pid[1:])
            person.upn = f"Z999{number:09d}"
            uln = f"99{number:08d}" if end - person.birth >= 14 * YEAR else ""
            postcode = f"ZZ99 {self.randint(1, 9)}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}"
            postcode += self.pick("ABDEFGHJLNPQRSTUWXYZ")
            names = (self.pick(SURNAMES), self.pick(FORENAMES))
            row = (pid, *names, d(person.birth), person.sex, person.ethnicity, postcode)
            rows["person"].append((*row, person.upn, uln, ""))
        return Extract(p, rows, lambda: self.case_records(records, person_key))

    def active(self, rows, rid: str, c: _Case, person: _Person, d, flag) -> None:
        """The active plan's row, its placement and its SEN needs."""
        end = self.p.taken
        ay = end.year if end.month >= 9 else end.year - 1  # the academic year at the end
        born = date.fromordinal(person.birth)
        year = ay - (born.year if born.month >= 9 else born.year - 1) - 5  # national curriculum
        due = final = 0
        if year in (2, 6, 11):  # moves to junior, secondary, post-16 next September
            due = (date(ay + 1, 3, 31) if year == 11 else date(ay + 1, 2, 15)).toordinal()
            final = due - self.randint(0, 30) if due <= self.cut else 0
        meeting, decision = c.reviews_by(self.cut)
        row = (rid, "", d(decision), d(meeting), "", "", d(due), d(final))
        rows["active_plans"].append(row)
        age = (self.cut - person.birth) / YEAR
        placed = self.placement(age)
        entry = max(c.issue - self.randint(0, 700), person.birth + 730)
        row = (rid, *placed, "", "1", d(entry), "", flag(0.03), flag(0.04), flag(0.03))
        rows["placement_detail"].append((*row, flag(0.05 * (age >= 16))))
        rows["sen_need"].append((rid, person.need, "1"))
        if person.second and person.second != person.need:
            rows["sen_need"].append((rid, person.second, "2"))

    def case_records(self, records: list, person_key: Callable[[str], str] | None) -> list[Case]:
        end = self.cut

        def day(o: int) -> date | None:
            return date.fromordinal(o) if 0 < o <= end else None

        out = []
        for rid, pid, c, rout, aout, issued, active in records:
            person = self.persons[c.person]
            assessed = aout is not None
            meeting, decision = c.reviews_by(end)
            advice = tuple(
                Advice(Service(s), date.fromordinal(asked), day(back))
                for s, asked, back in (c.advice if assessed else ())
                if asked <= end
            )
            case = Case(
                request_id=rid,
                person=person_key(person.upn) if person_key else pid,
                received=date.fromordinal(c.recv),
                request_outcome=Outcome(rout),
                request_outcome_date=day(c.dec) if rout != "A" else None,
                assessment_outcome=Outcome(aout) if assessed else None,
                assessment_outcome_date=day(c.issue) if assessed and aout != "A" else None,
                exception=c.exc if assessed else False,
                plan_start=day(c.issue) if issued else None,
                plan_ceased=day(c.cease) if issued else None,
                last_review=day(decision) if active else None,
                review_meeting=day(meeting) if active else None,
                advice=advice,
                birth_month=date.fromordinal(person.birth).replace(day=1),
                sex=person.sex,
                primary_need=person.need if active else "",
            )
            out.append(case)
        return out
