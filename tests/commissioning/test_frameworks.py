"""Outcomes frameworks (e.g. FLOURISH) defined in the browser; priorities keep their outcomes."""

import pytest
from django.urls import reverse

from commissioning.models import OutcomeFramework
from tests.factories import PriorityFactory

LINES = "F: Family and friends\nL: Learning\nO: Opportunity\n"


def url(name, area, **kwargs):
    return reverse(f"commissioning:{name}", kwargs={"area": area.slug, **kwargs})


@pytest.mark.django_db
def test_area_admin_defines_a_framework_and_edits_it_keeping_links(users, client_for, area_a):
    client = client_for(users.area_admin)
    client.post(url("framework-add", area_a), {"name": "FLOURISH", "outcome_lines": LINES})
    framework = OutcomeFramework.objects.get(area=area_a)
    assert list(framework.outcome_areas.values_list("code", "name")) == [
        ("F", "Family and friends"), ("L", "Learning"), ("O", "Opportunity"),
    ]  # fmt: skip
    priority = PriorityFactory(plan__area=area_a, plan__outcome_framework=framework)
    learning = framework.outcome_areas.get(code="L")
    priority.outcome_areas.add(learning)
    edited = "F: Family & friends\nL: Learning and skills\n"
    client.post(url("framework-edit", area_a, pk=framework.pk),
                {"name": "FLOURISH", "outcome_lines": edited})  # fmt: skip
    assert list(framework.outcome_areas.values_list("code", "name")) == [
        ("F", "Family & friends"), ("L", "Learning and skills"),
    ]  # fmt: skip
    assert list(priority.outcome_areas.all()) == [learning]  # same row, renamed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lines", "message"),
    [("F:\n", "Line 1 has a code but no name"), ("F: A\nf: B", "Line 2 repeats the code f"),
     ("\n\n", "Enter at least one outcome area")],
)  # fmt: skip
def test_bad_lines_are_named(users, client_for, area_a, lines, message):
    response = client_for(users.commissioner).post(
        url("framework-add", area_a), {"name": "Outcomes", "outcome_lines": lines}
    )
    assert message in response.content.decode()
    assert not OutcomeFramework.objects.exists()


@pytest.mark.django_db
def test_board_members_read_but_cannot_edit(users, client_for, area_a):
    client = client_for(users.board_member)
    assert client.get(url("frameworks", area_a)).status_code == 200
    assert client.get(url("framework-add", area_a)).status_code == 403
