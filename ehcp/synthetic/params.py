"""The generator's parameters, its calibrated presets and the tables it draws from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

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
