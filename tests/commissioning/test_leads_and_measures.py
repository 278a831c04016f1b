"""Leads and success measures edited in the browser; measures that follow the portal's figures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.models import Lead, SuccessMeasure
from tests.factories import (
    ActionFactory,
    OrganisationFactory,
    ServiceFundingFactory,
    SuccessMeasureFactory,
)


def url(name, area, pk):
    return reverse(f"commissioning:{name}", kwargs={"area": area.slug, "pk": pk})


def plan_url(area, action):
    return reverse("commissioning:plan", kwargs={"area": area.slug, "pk": action.priority.plan.pk})


@pytest.fixture
def action(area_a):
    return ActionFactory(priority__plan__area=area_a)


@pytest.mark.django_db
def test_add_edit_and_delete_a_lead(users, client_for, area_a, action, objects_of):
    client = client_for(users.commissioner)
    org = objects_of.a.organisation
    client.post(url("lead-add", area_a, action.priority.pk),
                {"name": "Head of SEND Commissioning", "organisation": org.pk})  # fmt: skip
    lead = Lead.objects.get(priority=action.priority)
    client.post(
        url("lead-edit", area_a, lead.pk), {"name": "Director of Education", "role": "Lead"}
    )
    lead.refresh_from_db()
    assert (lead.name, lead.role, lead.organisation) == ("Director of Education", "Lead", None)
    plan_page = client.get(plan_url(area_a, action))
    assert "Director of Education" in plan_page.content.decode()
    client.post(url("lead-delete", area_a, lead.pk))
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_lead_organisation_must_be_of_the_area(users, client_for, area_a, action, objects_of):
    response = client_for(users.commissioner).post(
        url("lead-add", area_a, action.priority.pk),
        {"name": "Someone", "organisation": objects_of.b.organisation.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_measure_with_a_word_for_a_number_names_the_field(users, client_for, area_a, action):
    response = client_for(users.commissioner).post(
        url("measure-add", area_a, action.priority.pk),
        {"description": "Plans on time", "target_value": "sixty", "direction": "higher"},
    )
    body = response.content.decode()
    assert 'href="#id_target_value">Target must be a number, like 60 or 12.5</a>' in body
    assert 'value="sixty"' in body
    assert not SuccessMeasure.objects.exists()


@pytest.mark.django_db
def test_measure_following_a_figure_drives_the_value_and_rag(users, client_for, area_a, action):
    council = OrganisationFactory(area=area_a, kind="council")
    ServiceFundingFactory(service__area=area_a, service__arrangement="section_75",
                          organisation=council, annual_value=Decimal(400000))  # fmt: skip
    client = client_for(users.commissioner)
    client.post(
        url("measure-add", area_a, action.priority.pk),
        {
            "description": "Value jointly commissioned",
            "target_value": "500000",
            "direction": "higher",
            "figure": "joint_value",
            "unit": "",
        },
    )
    measure = SuccessMeasure.objects.get()
    assert services.measure_current(measure) == Decimal(400000)
    action.measure, action.starts_on, action.due_on = measure, None, None  # rated on the measure
    action.save()
    assert "The linked measure is not yet at its target" in services.suggested_rag(action).reasons
    plan = client.get(plan_url(area_a, action))
    assert "now 400,000" in plan.content.decode()


@pytest.mark.django_db
def test_plan_page_computes_figures_once(
    users, client_for, area_a, action, django_assert_max_num_queries
):
    for _ in range(10):
        SuccessMeasureFactory(priority=action.priority, figure="joint_value")
    client = client_for(users.board_member)
    plan_url = reverse(
        "commissioning:plan", kwargs={"area": area_a.slug, "pk": action.priority.plan.pk}
    )
    client.get(plan_url)
    with django_assert_max_num_queries(20):
        assert client.get(plan_url).status_code == 200
