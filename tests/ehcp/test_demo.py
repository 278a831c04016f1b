"""The demo's synthetic case data imports into the demo areas, with Norfolk's targets."""

from __future__ import annotations

import pytest

from core import demo
from ehcp import demo as ehcp_demo
from ehcp.models import CaseRequest, MonthlySnapshot, Person, Target


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_case_data_loads_for_each_demo_area_and_again_changes_nothing():
    demo.load_areas()
    lines = ehcp_demo.load_case_data()
    assert len(lines) == 3
    assert lines[0].startswith("Norfolk: 12,097 requests")
    counts = (CaseRequest.objects.count(), Person.objects.count(), MonthlySnapshot.objects.count())
    assert Target.objects.filter(area__slug="norfolk").count() == 2
    ehcp_demo.load_case_data()
    assert (
        CaseRequest.objects.count(),
        Person.objects.count(),
        MonthlySnapshot.objects.count(),
    ) == counts
    # nothing that names a child: no surname or fake UPN from the generator is held
    assert not Person.objects.filter(pseudonym__startswith="Z999").exists()
