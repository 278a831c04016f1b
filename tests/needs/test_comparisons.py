"""The needs dashboard's comparison maths (needs/comparisons.py), pure, checked by hand:
every expected number is worked out in a comment."""

from decimal import Decimal as D

from needs.comparisons import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    PUBLISHED,
    SUPPRESSED,
    Cell,
    Column,
    Figures,
    Member,
    Notes,
    Place,
    bands,
    change,
    count,
    group_ratio,
    group_total,
    nearest_by_size,
    ordinal,
    plotted,
    rank,
    rate,
    ratio,
    shown,
    total,
)
from needs.models import Level


def test_the_group_rate_is_a_ratio_of_sums_not_an_average_of_rates():
    members = [Member("Small", Cell(D(10)), Cell(D(20))), Member("Big", Cell(D(90)), Cell(D(100)))]
    # (10 + 90) / (20 + 100) = 83.33%; the average of 50% and 90% would be 70%.
    value = group_ratio(members)
    assert round(value.cell.value, 2) == D("83.33")
    assert value.left_out == ()


def test_a_member_with_a_hidden_part_is_left_out_of_the_ratio_and_named():
    members = [
        Member("Small", Cell(D(10)), Cell(D(20))),
        Member("Hidden", Cell(None, SUPPRESSED), Cell(D(50))),
        Member("Missing", None, Cell(D(40))),
    ]
    value = group_ratio(members)
    assert value.cell.value == D(50)  # 10 / 20 only
    assert value.left_out == ("Hidden", "Missing")


def test_a_group_with_no_usable_member_is_not_available_not_zero():
    value = group_ratio([Member("Hidden", Cell(None, SUPPRESSED), Cell(D(5)))])
    assert value.cell.status == NOT_AVAILABLE
    assert shown(value.cell) == "x"
    assert group_ratio([]).cell is None


def test_a_group_count_needs_every_member():
    assert group_total([("A", Cell(D(3))), ("B", Cell(D(4)))]).cell.value == D(7)
    partial = group_total([("A", Cell(D(3))), ("B", Cell(None, SUPPRESSED))])
    assert partial.cell.status == NOT_AVAILABLE
    assert partial.left_out == ("B",)


def test_sums_and_ratios_carry_dfe_marks_never_zero():
    assert total([Cell(D(1)), Cell(D(2))]).value == D(3)
    assert total([Cell(D(1)), Cell(None, SUPPRESSED)]).status == SUPPRESSED
    assert total([Cell(None, NOT_APPLICABLE), Cell(None, NOT_AVAILABLE)]).status == NOT_AVAILABLE
    assert total([None, None]) is None
    assert ratio(Cell(None, SUPPRESSED), Cell(D(10))).status == SUPPRESSED
    assert ratio(Cell(D(1)), Cell(D(0))).status == NOT_APPLICABLE
    assert ratio(Cell(D(1)), Cell(D(8))).value == D("12.5")
    assert [shown(Cell(None, s)) for s in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE)] == [
        "c",
        "x",
        "z",
    ]
    assert shown(None) is None
    # DfE's small counts are official statistics: shown as published.
    assert shown(Cell(D(2))) == 2


FIELD = [D(v) for v in (10, 20, 30, 40, 50, 60, 70, 80)]


def test_rank_when_higher_is_better():
    placed = rank(D(70), FIELD, True)
    # Only 80 is higher: 2nd of 8; 4 * 2 / 8 = 1 -> the best quarter.
    assert (placed.position, placed.of, placed.quartile) == (2, 8, 1)
    assert placed.label == "2nd of 8"
    assert placed.quartile_label == "Best quarter"


def test_rank_when_lower_is_better():
    placed = rank(D(70), FIELD, False)
    # Six values are lower: 7th of 8; 4 * 7 / 8 = 3.5 -> 4, the worst quarter.
    assert (placed.position, placed.quartile) == (7, 4)
    assert placed.quartile_label == "Worst quarter"


def test_rank_without_a_better_direction_is_by_size_and_makes_no_judgement():
    placed = rank(D(30), FIELD, None)
    # 40 to 80 are higher: 6th highest; 4 * 6 / 8 = 3 -> the second-lowest quarter.
    assert placed.label == "6th highest of 8"
    assert placed.quartile_label == "Second-lowest quarter"
    assert "best" not in placed.label + placed.quartile_label.lower()
    assert "worst" not in placed.label + placed.quartile_label.lower()


def test_ties_share_a_rank_and_nothing_to_rank_is_none():
    assert rank(D(20), [D(10), D(20), D(20), D(30)], True).position == 2
    assert rank(D(10), [D(10), D(20), D(20), D(30)], True).position == 4
    assert rank(None, FIELD, True) is None
    assert rank(D(1), [], True) is None


def test_nearest_by_size_picks_the_closest_others_stably():
    sizes = {"A": D(100), "B": D(90), "C": D(111), "D": D(110), "E": D(500), "F": D(89)}
    # distances from A: B 10, C 11, D 10, E 400, F 11 -> B and D (tie by code), then C, F
    assert nearest_by_size("A", sizes, n=2) == ["B", "D"]
    assert nearest_by_size("A", sizes, n=4) == ["B", "D", "C", "F"]
    assert nearest_by_size("Z", sizes) == []


def test_age_bands_from_single_years_and_from_the_old_band_rows():
    cells = {
        "age:under_3": Cell(D(2)),
        "age:3": Cell(D(1)),
        "age:4": Cell(D(4)),
        "age:5": Cell(D(10)),
        "age:10": Cell(D(6)),
        "age:11": Cell(None, SUPPRESSED),
        "age:12": Cell(D(7)),
        "age:20": Cell(D(3)),
        "age:25": Cell(D(1)),
        "total": Cell(D(34)),
        "sex:male": Cell(D(20)),
    }
    found = bands(cells)
    assert found["under_5"].value == D(7)  # 2 + 1 + 4
    assert found["5_10"].value == D(16)  # 10 + 6
    assert found["11_15"].status == SUPPRESSED  # a hidden year hides the band
    assert found["20_25"].value == D(4)  # 3 + 1
    assert "16_19" not in found
    old = bands({"age_band:under_5": Cell(D(9)), "age_band:20_25": Cell(None, NOT_APPLICABLE)})
    assert old["under_5"].value == D(9)
    assert old["20_25"].status == NOT_APPLICABLE


def test_the_growth_index_and_its_change():
    # 800 plans at the base January, 1,000 now: index 125.0, a change of +25.0%.
    index = ratio(Cell(D(1000)), Cell(D(800)))
    assert index.value == D(125)
    assert change(index).value == D(25)
    assert change(Cell(None, SUPPRESSED)).status == SUPPRESSED
    assert change(None) is None


def test_ordinals_and_what_tables_and_charts_show():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip
    assert shown(Cell(D("12.345")), 1) == 12.3
    assert shown(Cell(D(1200))) == 1200
    assert plotted(Cell(None, SUPPRESSED)) is None  # a gap in the chart, c in the table
    assert plotted(Cell(D("46.44")), 1) == 46.4


def test_a_column_takes_dfe_s_own_rate_and_a_group_a_ratio_of_sums():
    rows = [
        # measure, code, level, year, key, value, status, release
        ("pc", "A", Level.LOCAL_AUTHORITY, 2024, "total", D(55), PUBLISHED, 2025),
        ("top", "A", Level.LOCAL_AUTHORITY, 2024, "total", D(1), PUBLISHED, 2025),
        ("bottom", "A", Level.LOCAL_AUTHORITY, 2024, "total", D(4), PUBLISHED, 2025),
        ("top", "N1", Level.LOCAL_AUTHORITY, 2024, "total", D(10), PUBLISHED, 2025),
        ("bottom", "N1", Level.LOCAL_AUTHORITY, 2024, "total", D(20), PUBLISHED, 2022),
        ("top", "N2", Level.LOCAL_AUTHORITY, 2024, "total", D(90), PUBLISHED, 2025),
        ("bottom", "N2", Level.LOCAL_AUTHORITY, 2024, "total", D(100), PUBLISHED, 2025),
        ("top", "N3", Level.LOCAL_AUTHORITY, 2024, "total", None, SUPPRESSED, 2025),
        ("bottom", "N3", Level.LOCAL_AUTHORITY, 2024, "total", D(50), PUBLISHED, 2025),
        ("top", "E", Level.NATIONAL, 2024, "total", D(5), PUBLISHED, 2025),
    ]
    figures = Figures(rows)
    assert figures.releases == {2022, 2025}
    assert figures.local_authorities == {"A", "N1", "N2", "N3"}
    assert figures.years("top", "A") == [2024]
    area = Column("A", (Place(1, "A", "A"),))
    group = Column("Neighbours", tuple(Place(i, f"N{i}", f"N{i}") for i in (1, 2, 3)), True)
    top, bottom = ("top", 2024, "total"), [("bottom", 2024, "total")]
    notes = Notes()
    # DfE's own 55 for the area when it has one, else 1 / 4 = 25%.
    assert rate(figures, area, top, bottom, notes, published="pc").value == D(55)
    assert rate(figures, area, top, bottom, notes).value == D(25)
    # (10 + 90) / (20 + 100) = 83.33%, N3 (suppressed) left out and named once.
    assert round(rate(figures, group, top, bottom, notes).value, 2) == D("83.33")
    assert notes.left_out == {"N3"}
    assert "Left out at least once in this section: N3." in notes.lines()[0]
    # A group's count needs every member: N3's is c, so the total is x.
    assert count(figures, group, top, Notes()).status == NOT_AVAILABLE
    assert count(figures, area, top, Notes()).value == D(1)
