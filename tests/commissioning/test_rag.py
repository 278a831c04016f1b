from datetime import date
from decimal import Decimal

import pytest

from commissioning import rag

TODAY = date(2024, 7, 1)


def suggest(**kwargs):
    base = {"status": "on_track", "progress": 50, "starts_on": date(2024, 1, 1),
            "due_on": date(2024, 12, 31), "today": TODAY}  # fmt: skip
    return rag.suggest(**{**base, **kwargs})


def test_completed_is_green_whatever_the_dates():
    assert suggest(status="completed", due_on=date(2024, 2, 1), progress=10).rag == "green"


def test_overdue_is_red():
    result = suggest(due_on=date(2024, 6, 30), progress=90)
    assert result.rag == "red"
    assert result.reasons == ["Overdue: due 30 June 2024"]


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(50, "green"), (40, "green"), (39, "amber"), (25, "amber"), (24, "red"), (0, "red")],
)
def test_straight_line_target(progress, expected):
    # 1 July is 182 of 365 days in: about 50% expected.
    assert suggest(progress=progress).rag == expected


def test_disruption_lowers_the_rating():
    assert suggest(status="some_disruption").rag == "amber"
    assert suggest(status="major_disruption").rag == "red"


def test_not_started_before_its_start_is_green():
    assert suggest(status="not_started", progress=0, starts_on=date(2024, 9, 1)).rag == "green"


def test_measure_against_target_counts():
    behind = rag.measure_rag(current=Decimal(30), target=Decimal(60), direction="higher",
                             target_date=date(2024, 12, 31), today=TODAY)  # fmt: skip
    assert behind == ("amber", "The linked measure is not yet at its target")
    assert suggest(measure=behind).rag == "amber"
    missed = rag.measure_rag(current=Decimal(30), target=Decimal(60), direction="higher",
                             target_date=date(2024, 6, 1), today=TODAY)  # fmt: skip
    assert missed[0] == "red"
    lower_met = rag.measure_rag(current=Decimal(10), target=Decimal(12), direction="lower",
                                target_date=None, today=TODAY)  # fmt: skip
    assert lower_met[0] == "green"
    assert rag.measure_rag(current=None, target=Decimal(1), direction="higher",
                           target_date=None, today=TODAY) is None  # fmt: skip


def test_no_dates_is_green_with_a_reason():
    result = suggest(starts_on=None, due_on=None)
    assert result.rag == "green"
    assert result.reasons


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2024, 4, 15), "Q1 2024-25"), (date(2024, 12, 31), "Q3 2024-25"),
     (date(2025, 1, 1), "Q4 2024-25"), (date(2025, 3, 31), "Q4 2024-25")],
)  # fmt: skip
def test_financial_year_quarters(day, label):
    assert rag.quarter_label(rag.quarter_start(day)) == label
