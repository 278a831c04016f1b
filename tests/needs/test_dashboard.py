"""The needs dashboard (needs/dashboard/), checked by hand: its selectors and sections
against a small, fixed set of figures in PostgreSQL (``World`` below builds it). Every
expected number is worked out in a comment. The pure maths is tests/needs/test_comparisons.py.
"""

import dataclasses
from decimal import Decimal as D

import pytest

from core.access import AreaAccess
from needs import catalog, dashboard
from needs.models import (
    Breakdown,
    Figure,
    Geography,
    Level,
    Release,
    SourceFile,
    StatisticalNeighbour,
    ValueStatus,
)
from tests.factories import AreaFactory, RegionFactory

# --- a small fixed set of figures -------------------------------------------------------------

ENGLAND, REGION = "E92000001", "E12000006"
#: N1..N12: EHC plans at January 2025 1,010 ... 1,120; the area has 1,000.
NEIGHBOUR_CODES = [f"E06000{900 + i}" for i in range(1, 13)]
#: DfE's rates of plans issued within 20 weeks (excluding exceptions) of N3..N12, 2024
OTHER_RATES = [10, 20, 30, 60, 65, 70, 80, 85, 95, 100]
MARKS = {
    "c": ValueStatus.SUPPRESSED,
    "x": ValueStatus.NOT_AVAILABLE,
    "z": ValueStatus.NOT_APPLICABLE,
}


class World:
    """The figures the dashboard tests compute by hand (factories for the needs models would
    replace the helpers here: Geography, Release, SourceFile, Breakdown, Figure)."""

    def __init__(self):
        self.region_row = RegionFactory(code=REGION, name="East of England")
        self.area = AreaFactory(
            name="Testshire", slug="testshire", la_code="E10000901", region=self.region_row
        )
        self.england = Geography.objects.create(code=ENGLAND, level=Level.NATIONAL, name="England")
        self.region = Geography.objects.create(
            code=REGION, level=Level.REGIONAL, name="East of England"
        )
        self.la = self.la_geography("E10000901", "Testshire")
        self.neighbours = {
            f"N{i}": self.la_geography(code, f"Neighbour {i}")
            for i, code in enumerate(NEIGHBOUR_CODES, start=1)
        }
        self.la_codes = sorted(NEIGHBOUR_CODES)
        self.files = {
            year: SourceFile.objects.create(
                release=Release.objects.create(year=year),
                name="data/test.csv",
                kind="test",
                sha256=f"{year:064d}",
            )
            for year in (2022, 2025)
        }
        self.breakdowns: dict[str, Breakdown] = {}

    def la_geography(self, code, name):
        return Geography.objects.create(
            code=code, level=Level.LOCAL_AUTHORITY, name=name, region=self.region
        )

    def geography(self, who):
        return {"area": self.la, "region": self.region, "england": self.england}.get(
            who
        ) or self.neighbours[who]

    def fig(self, measure, who, year, value, key="total", release=2025):
        if key not in self.breakdowns:
            self.breakdowns[key] = Breakdown.objects.get_or_create(
                key=key, defaults={"topic": key.split(":")[0], "label": key}
            )[0]
        status = MARKS.get(value, ValueStatus.PUBLISHED) if isinstance(value, str) else "published"
        Figure.objects.create(
            measure=measure,
            geography=self.geography(who),
            year=year,
            period=str(year),
            breakdown=self.breakdowns[key],
            value=None if isinstance(value, str) else D(value),
            status=status,
            source_file=self.files[release],
        )

    def choose_neighbours(self, names):
        for order, name in enumerate(names):
            StatisticalNeighbour.objects.create(
                area=self.area, geography=self.neighbours[name], order=order
            )

    @classmethod
    def build(cls):
        w = cls()
        # EHC plans at January 2025 (and 2019 for growth); statements and z in 2013.
        for who, value in {"area": 1000, "region": 9000, "england": 20000}.items():
            w.fig("ehc_plans", who, 2025, value)
        for i in range(1, 13):
            w.fig("ehc_plans", f"N{i}", 2025, 1000 + 10 * i)
        for who, value in {"area": 800, "N1": 500, "N2": 500}.items():
            w.fig("ehc_plans", who, 2019, value)
        w.fig("ehc_plans", "area", 2013, "z", release=2022)
        w.fig("statements", "area", 2013, 400, release=2022)
        # Single years of age, January 2025.
        for key, value in {"age:under_3": 20, "age:3": 30, "age:4": 50, "age:11": "c"}.items():
            w.fig("ehc_plans", "area", 2025, value, key=key)
        w.fig("ehc_plans", "area", 2025, 100, key="age:12")
        w.fig("ehc_plans", "england", 2025, 400, key="age:under_3")
        w.fig("ehc_plans", "england", 2025, 600, key="age:4")
        w.fig("ehc_plans", "N1", 2025, 30, key="age:4")
        w.fig("ehc_plans", "N2", 2025, 70, key="age:3")
        # Primary need, January 2025.
        needs = {
            "area": (200, "c", 3),
            "region": (5000, 1500, 70),
            "england": (10000, 3000, 140),
            "N1": (250, 100, "c"),
            "N2": (300, 100, 6),
        }
        for who, (plans, asd, hearing) in needs.items():
            w.fig("ehc_plans_by_need", who, 2025, plans)
            w.fig("need_asd", who, 2025, asd)
            w.fig("need_hi", who, 2025, hearing)
        # Plans issued within 20 weeks, excluding exceptions, 2024.
        for who, rate in {"area": 55, "region": 40, "england": D("46.4")}.items():
            w.fig("pc_issued_within_20_weeks_ex", who, 2024, rate)
        for who, (within, issued) in {"N1": (10, 20), "N2": (90, 100)}.items():
            w.fig("plans_issued_20_weeks_ex", who, 2024, within)
            w.fig("plans_issued_den_ex", who, 2024, issued)
            w.fig("pc_issued_within_20_weeks_ex", who, 2024, D(within * 100) / issued)
        for i, rate in enumerate(OTHER_RATES, start=3):
            w.fig("pc_issued_within_20_weeks_ex", f"N{i}", 2024, rate)
        # Placement, January 2025, and requests for assessment in 2023 and 2024.
        w.fig("placement_mainstream", "area", 2025, 400)
        w.fig("placement_mainstream", "england", 2025, 8000)
        for who, (before, after) in {"area": (100, 110), "england": (1000, 1200)}.items():
            w.fig("requests_received", who, 2023, before)
            w.fig("requests_received", who, 2024, after)
        # New plans, ceased plans and annual reviews due, 2023 and 2024 (the activity section).
        activity = {
            "new_ehc_plans": {"area": (200, 250), "england": (2000, 2200)},
            "ceased_plans": {"area": (50, 40), "region": (400, 500), "england": (4000, 5000)},
            "annual_reviews_due": {
                "area": (500, 600),
                "england": (5000, 6000),
                "N1": (80, 100),
                "N2": (120, 200),
            },
        }
        for measure, values in activity.items():
            for who, (before, after) in values.items():
                w.fig(measure, who, 2023, before)
                w.fig(measure, who, 2024, after)
        # Annual review meetings held, 2024 (a share of reviews due the portal works out).
        for who, held in {"area": 450, "england": 4800, "N1": 90, "N2": 150}.items():
            w.fig("annual_reviews_held", who, 2024, held)
        # Decisions on requests within 6 weeks and on reviews within 4 weeks, 2024: DfE's
        # counts (within, over) and its published rate; the region publishes only rates.
        decisions = {
            "request_decisions": {
                "area": (80, 20, 80),
                "england": (9000, 1000, 90),
                "N1": (30, 10, 75),
                "N2": (60, 40, 60),
            },
            "review_decisions": {
                "area": (45, 5, 90),
                "england": (7000, 3000, 70),
                "N1": ("c", 10, "c"),
                "N2": (50, 50, 50),
            },
        }
        weeks = {"request_decisions": 6, "review_decisions": 4}
        for kind, values in decisions.items():
            for who, (within, over, pc) in values.items():
                w.fig(f"{kind}_within_{weeks[kind]}_weeks", who, 2024, within)
                w.fig(f"{kind}_over_{weeks[kind]}_weeks", who, 2024, over)
                w.fig(f"pc_{kind}_within_{weeks[kind]}_weeks", who, 2024, pc)
        w.fig("pc_request_decisions_within_6_weeks", "region", 2024, 85)
        return w


# --- wording ---------------------------------------------------------------------------------


def test_source_line_names_the_releases():
    assert dashboard.source_line([2025]) == (
        "Source: DfE, Education, health and care plans, reporting year 2025."
    )
    assert dashboard.source_line([2025, 2022, 2025]).endswith("reporting years 2022 and 2025.")


# --- selectors against a fixed set of figures ---------------------------------------------


@pytest.fixture
def world(db):
    return World.build()


def access_for(area):
    return AreaAccess(area=area, is_public_view=True)


def chart(board, slug):
    return next(c for s in board.sections for c in s.charts if c.slug == slug)


def row(chart_or_rows, first):
    rows = chart_or_rows.rows if hasattr(chart_or_rows, "rows") else chart_or_rows
    return next(r for r in rows if r[0] == first)


def test_default_neighbours_are_the_nearest_in_number_of_plans(world):
    found = dashboard.comparators(access=access_for(world.area))
    assert found.default_neighbours
    # The area has 1,000 plans; the 12 others have 1,010, 1,020 ... 1,120 (see World):
    # the 10 nearest are the first ten; 1,110 and 1,120 are left out.
    assert sorted(p.code for p in found.neighbours) == world.la_codes[:10]
    assert found.default_basis == (2025, 1000)
    assert found.region.code == "E12000006"
    assert found.england.code == "E92000001"


def test_chosen_neighbours_replace_the_default(world):
    world.choose_neighbours(["N1", "N2"])
    found = dashboard.comparators(access=access_for(world.area))
    assert not found.default_neighbours
    assert [p.name for p in found.neighbours] == ["Neighbour 1", "Neighbour 2"]


def test_timeliness_neighbours_are_a_ratio_of_sums_and_region_is_dfes_own_row(world):
    world.choose_neighbours(["N1", "N2"])
    board = dashboard.dashboard(access=access_for(world.area))
    excluding = row(chart(board, "timeliness-excluding"), 2024)
    # Area: DfE's 55.0; region and England: DfE's published 40.0 and 46.4.
    # Neighbours: N1 10 of 20 (50%), N2 90 of 100 (90%): (10 + 90) / (20 + 100) = 83.3%,
    # not the average 70%.
    assert excluding == [2024, 55.0, 40.0, 46.4, 83.3]


def test_suppressed_values_show_as_marks_and_small_counts_as_published(world):
    world.choose_neighbours(["N1", "N2"])
    board = dashboard.dashboard(access=access_for(world.area))
    need = chart(board, "need")
    asd = row(need, "Autistic spectrum disorder")
    # The area's count is suppressed: the number and the share show c; the figure has a gap.
    assert asd[1:3] == ["c", "c"]
    area_series = need.figure["data"][0]
    assert area_series["x"][0] is None
    hearing = row(need, "Hearing impairment")
    # 3 of the area's 200 plans with a recorded need: 1.5%, the 3 as published.
    assert hearing[1:3] == [3, 1.5]
    # Neighbours: N1's count is c, so N1 is left out: N2's 6 of 300 = 2.0%.
    assert hearing[-1] == 2.0
    section = next(s for s in board.sections if s.slug == "need")
    assert any("Neighbour 1" in note for note in section.notes)


def test_age_shares_from_single_years_of_age(world):
    world.choose_neighbours(["N1", "N2"])
    board = dashboard.dashboard(access=access_for(world.area))
    age = chart(board, "age")
    under_5 = row(age, "Under 5")
    # Area: ages under 3 (20) + 3 (30) + 4 (50) = 100 of 1,000 plans = 10.0%.
    # England: its own ages, 40 + 60 of 2,000 = 5.0%.
    # Neighbours: N1 30 of 1,010, N2 70 of 1,020: 100 / 2,030 = 4.9%.
    assert under_5[1:3] == [100, 10.0]
    assert under_5[-2:] == [5.0, 4.9]
    # The 11 to 15 band of the area has a suppressed single year: c, never a partial sum.
    assert row(age, "Age 11 to 15")[1:3] == ["c", "c"]


def test_growth_index_and_statements_as_a_separate_series(world):
    world.choose_neighbours(["N1", "N2"])
    board = dashboard.dashboard(access=access_for(world.area))
    over_time = chart(board, "plans-over-time")
    assert over_time.headers == ["January", "EHC plans", "Statements of SEN"]
    assert row(over_time, 2013) == [2013, "z", 400]
    assert row(over_time, 2019)[1] == 800
    growth = chart(board, "plans-growth")
    # Area 800 -> 1,000 = 125.0; neighbours (500 + 500) -> (1,010 + 1,020) = 203.0.
    assert row(growth, 2025) == [2025, 125.0, None, None, 203.0]
    assert row(growth, 2019) == [2019, 100.0, None, None, 100.0]


def test_summary_ranks_rates_by_their_better_direction_and_does_not_rank_counts(world, monkeypatch):
    world.choose_neighbours(["N1", "N2"])
    summary = dashboard.dashboard(access=access_for(world.area)).summary
    by_label = {r.label: r for r in summary.rows}
    timely = by_label["New plans issued within 20 weeks, excluding exceptions (%)"]
    # LAs' published rates: area 55, N1 50, N2 90 and OTHER_RATES: 13 in all.
    # Higher than 55: 90, 60, 65, 70, 80, 85, 95, 100 -> 8 ahead: 9th of 13;
    # 4 * 9 / 13 = 2.8 -> quartile 3.
    assert timely.values == (55.0, 40.0, 46.4, 83.3)
    assert timely.rank == "9th of 13"
    assert timely.quartile == "Second-worst quarter"
    plans = by_label["EHC plans"]
    assert plans.rank == dashboard.NOT_RANKED
    # The neighbours' count is their total: 1,010 + 1,020.
    assert plans.values == (1000, 9000, 20000, 2030)
    measure = catalog.MEASURES["pc_issued_within_20_weeks_ex"]
    monkeypatch.setitem(
        catalog.MEASURES,
        "pc_issued_within_20_weeks_ex",
        dataclasses.replace(measure, higher_is_better=False),
    )
    summary = dashboard.dashboard(access=access_for(world.area)).summary
    timely = next(r for r in summary.rows if r.label == timely.label)
    # Lower than 55: 50, 10, 20, 30 -> 4 ahead: 5th of 13; 4 * 5 / 13 = 1.5 -> quartile 2.
    assert timely.rank == "5th of 13"
    assert timely.quartile == "Second-best quarter"


def test_growth_in_the_summary_is_ranked_by_size_without_judgement(world):
    summary = dashboard.dashboard(access=access_for(world.area)).summary
    growth = next(r for r in summary.rows if r.label.startswith("Growth"))
    assert growth.values[0] == 25.0  # 800 -> 1,000
    assert "highest of" in growth.rank
    assert "best" not in growth.rank + growth.quartile.lower()


def test_placement_and_the_change_in_requests(world):
    board = dashboard.dashboard(access=access_for(world.area))
    # 400 of the area's 1,000 plans and 8,000 of England's 20,000: 40.0% each; the region
    # published no placements (no data) and no neighbour did (x, not available).
    assert row(chart(board, "placement"), "Mainstream school")[1:] == [400, 40.0, None, 40.0, "x"]
    # Requests: the area 100 -> 110 (+10.0%), England 1,000 -> 1,200 (+20.0%).
    requests = row(chart(board, "activity-change"), "Requests for an EHC needs assessment")
    assert requests == [
        "Requests for an EHC needs assessment", "2024", 100, 110, 10.0, None, 20.0, "x",
    ]  # fmt: skip


def test_an_area_without_figures_has_no_dashboard(db):
    area = AreaFactory(la_code="E10000999")
    assert dashboard.dashboard(access=access_for(area)) is None


def test_new_plans_ceased_plans_and_reviews_change_on_the_year_before(world):
    board = dashboard.dashboard(access=access_for(world.area))
    activity = chart(board, "activity-change")
    assert [r[0] for r in activity.rows] == [
        "Requests for an EHC needs assessment",
        "New EHC plans",
        "EHC plans ceased",
        "Annual reviews due",
    ]
    # Columns: year, the area's year before and that year, then the change (%) of the area,
    # region, England and the default neighbours (N1 to N10).
    # New plans: area 200 -> 250 (+25.0%), England 2,000 -> 2,200 (+10.0%); no region row;
    # no neighbour published them: x.
    assert row(activity, "New EHC plans") == [
        "New EHC plans",
        "2024",
        200,
        250,
        25.0,
        None,
        10.0,
        "x",
    ]
    # Ceased: area 50 -> 40 (-20.0%), region 400 -> 500 and England 4,000 -> 5,000 (+25.0%).
    assert row(activity, "EHC plans ceased")[1:] == ["2024", 50, 40, -20.0, 25.0, 25.0, "x"]
    # Reviews due: area 500 -> 600 (+20.0%), England 5,000 -> 6,000 (+20.0%); neighbours
    # N1 and N2 (the others published none): (100 + 200) / (80 + 120) = 150 -> +50.0%.
    assert row(activity, "Annual reviews due")[1:] == ["2024", 500, 600, 20.0, None, 20.0, 50.0]


def test_timely_decisions_are_dfes_rates_and_the_neighbours_a_ratio_of_sums(world):
    board = dashboard.dashboard(access=access_for(world.area))
    decisions = chart(board, "decisions")
    # Requests decided within 6 weeks: DfE's rates for the area (80), region (85) and England
    # (90); neighbours N1 30 of 40, N2 60 of 100: 90 / 140 = 64.3%, not the average 67.5%.
    assert row(decisions, "Decisions on requests made within 6 weeks") == [
        "Decisions on requests made within 6 weeks", "2024", 80.0, 85.0, 90.0, 64.3,
    ]  # fmt: skip
    # Reviews decided within 4 weeks: N1's count is c, so only N2's 50 of 100 = 50.0%.
    label = "Annual review decisions made within 4 weeks of the meeting"
    assert row(decisions, label)[1:] == ["2024", 90.0, None, 70.0, 50.0]
    # Reviews held of reviews due, worked out by the portal: area 450 / 600 = 75.0%,
    # England 4,800 / 6,000 = 80.0%, neighbours (90 + 150) / (100 + 200) = 80.0%.
    label = "Annual review meetings held, as a share of reviews due"
    assert row(decisions, label)[1:] == ["2024", 75.0, None, 80.0, 80.0]
    section = next(s for s in board.sections if s.slug == "activity")
    assert any("Neighbour 1," in note for note in section.notes)  # N1 left out once


def test_summary_counts_and_ranks_the_activity(world):
    summary = dashboard.dashboard(access=access_for(world.area)).summary
    by_label = {r.label: r for r in summary.rows}
    # Counts: area, region, England, neighbours (x: N3 to N10 published none); not ranked.
    assert by_label["New EHC plans"].values == (250, None, 2200, "x")
    assert by_label["EHC plans ceased"].values == (40, 500, 5000, "x")
    assert by_label["Annual reviews due"].values == (600, None, 6000, "x")
    assert by_label["Annual review meetings held"].values == (450, None, 4800, "x")
    assert by_label["EHC plans ceased"].rank == dashboard.NOT_RANKED
    # Rates: the area's 80 against LAs' published 80, 75 (N1), 60 (N2): 1st of 3;
    # 4 * 1 / 3 = 1.3 -> quartile 2.
    requests = by_label["Decisions on requests made within 6 weeks (%)"]
    assert requests.values == (80.0, 85.0, 90.0, 64.3)
    assert (requests.rank, requests.quartile) == ("1st of 3", "Second-best quarter")
    # Reviews: 90 against 50 (N2; N1's is c and not ranked): 1st of 2, quartile 2.
    reviews = by_label["Annual review decisions made within 4 weeks (%)"]
    assert reviews.values == (90.0, None, 70.0, 50.0)
    assert (reviews.rank, reviews.quartile) == ("1st of 2", "Second-best quarter")
