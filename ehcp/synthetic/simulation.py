"""The simulation: requests, decisions, assessments, plans issued against capacity, plans
ceasing, annual reviews and advice, day by day as ordinals; then the extract as at its day."""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.sen2_format import MODULES
from ehcp.synthetic.extract import Extract
from ehcp.synthetic.params import (
    CEASE_OLD,
    CEASE_YOUNG,
    EHCP_BEGAN,
    ETHNICITIES,
    FORENAMES,
    NEEDS,
    PLAN_AGES,
    REQUEST_AGES,
    SEASON,
    SURNAMES,
    YEAR,
    Params,
    along,
)


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
