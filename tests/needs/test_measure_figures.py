"""A plan's success measure can follow the area's latest DfE figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning import figures
from commissioning.services import measure_current
from tests.factories import (
    FigureFactory,
    GeographyFactory,
    SourceFileFactory,
    SuccessMeasureFactory,
)

pytestmark = pytest.mark.django_db


def test_a_measure_follows_the_latest_published_dfe_rate(area_a):
    la = GeographyFactory(code=area_a.la_code)
    source = SourceFileFactory()
    for year, value, status in [(2023, "42.6", "published"), (2024, None, "not_available")]:
        FigureFactory(
            measure="pc_issued_within_20_weeks_ex",
            geography=la,
            year=year,
            period=str(year),
            value=value,
            status=status,
            source_file=source,
        )
    measure = SuccessMeasureFactory(priority__plan__area=area_a, figure="dfe_pc_20_weeks_ex")
    # 2024 is not available (x): the latest published year, 2023, is followed
    assert measure_current(measure) == Decimal("42.6")
    assert "dfe_pc_20_weeks_ex" in dict(figures.choices())


def test_before_any_import_the_figure_is_not_known(area_a):
    measure = SuccessMeasureFactory(priority__plan__area=area_a, figure="dfe_ehc_plans")
    assert measure_current(measure) is None
