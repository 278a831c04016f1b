"""The services register: money input, the summary by arrangement, the joint value."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import Service, ServiceFunding
from core.models import OrganisationKind
from tests.factories import OrganisationFactory, ServiceFactory, ServiceFundingFactory


@pytest.fixture
def funders(area_a):
    return (
        OrganisationFactory(area=area_a, name="Alphashire Council", kind=OrganisationKind.COUNCIL),
        OrganisationFactory(area=area_a, name="Alphashire ICB", kind=OrganisationKind.ICB),
    )


def url(name, area, **kwargs):
    return reverse(f"commissioning:{name}", kwargs={"area": area.slug, **kwargs})


def service_post(funders, **changes):
    council, icb = funders
    data = {"name": "Speech and language therapy", "provider": "Community trust",
            "commissioner": "joint", "arrangement": "section_75", "age_from": "0", "age_to": "19",
            f"funding_{council.pk}": "£1,250,000", f"funding_{icb.pk}": "750000.50"}  # fmt: skip
    return {**data, **changes}


@pytest.mark.django_db
def test_add_a_service_with_money_typed_as_people_type_it(users, client_for, area_a, funders):
    response = client_for(users.commissioner).post(
        url("service-add", area_a), service_post(funders)
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Speech and language therapy")
    values = dict(service.funding.values_list("organisation__name", "annual_value"))
    assert values == {
        "Alphashire Council": Decimal("1250000.00"),
        "Alphashire ICB": Decimal("750000.50"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("funding", "a lot", "must be an amount of money, like 12,500 or 1250.50"),
        ("funding", "-5", "must be 0 or more"),
        ("funding", "12.345", "must not have more than 2 decimal places (pence)"),
        ("age_to", "3", "Oldest age served must be the same as or more than the youngest"),
        ("age_from", "26", "Youngest age served must be 25 or less"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    users, client_for, area_a, funders, field, value, message
):
    council, _ = funders
    key = f"funding_{council.pk}" if field == "funding" else field
    changes = {key: value, "age_from": "5"} if field == "age_to" else {key: value}
    response = client_for(users.commissioner).post(
        url("service-add", area_a), service_post(funders, **changes)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{key}"' in body
    assert message in body
    assert 'value="Community trust"' in body
    assert not Service.objects.exists()
    assert not ServiceFunding.objects.exists()


@pytest.mark.django_db
def test_register_groups_by_arrangement_and_totals_joint_value(client, area_a, funders):
    council, icb = funders
    for arrangement, value in [("single_agency", 100), ("joint_planning", 200),
                               ("joint_investment", 300), ("section_75", 400)]:  # fmt: skip
        ServiceFundingFactory(
            service=ServiceFactory(area=area_a, arrangement=arrangement, name=f"S {arrangement}"),
            organisation=council, annual_value=Decimal(value),
        )  # fmt: skip
    ServiceFundingFactory(
        service=Service.objects.get(arrangement="section_75"),
        organisation=icb,
        annual_value=Decimal(50),
    )
    ServiceFactory(area=OrganisationFactory().area, arrangement="section_75")  # another area's
    body = client.get(url("services", area_a)).content.decode()  # published: the public reads it
    assert "Jointly commissioned: £950 a year" in body
    assert "3 of 4 services" in body
    assert "£1,050" in body  # all services


@pytest.mark.django_db
def test_editing_replaces_the_funding_rows(users, client_for, area_a, funders):
    _council, icb = funders
    client = client_for(users.commissioner)
    client.post(url("service-add", area_a), service_post(funders))
    service = Service.objects.get()
    client.post(
        url("service-edit", area_a, pk=service.pk),
        service_post(funders, **{f"funding_{icb.pk}": "", "seen_version": "1"}),
    )
    assert list(service.funding.values_list("organisation__name", flat=True)) == [
        "Alphashire Council"
    ]


@pytest.mark.django_db
def test_register_query_count_does_not_grow(client, area_a, funders, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            ServiceFundingFactory(service=ServiceFactory(area=area_a, arrangement="section_75"),
                                  organisation=funders[i % 2])  # fmt: skip

    add(2)
    client.get(url("services", area_a))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("services", area_a))
    add(25)
    with django_assert_max_num_queries(len(few)):
        client.get(url("services", area_a))


@pytest.mark.django_db
def test_register_without_values_says_so_rather_than_zero(client, area_a):
    ServiceFactory(area=area_a, arrangement="joint_investment")
    body = client.get(url("services", area_a)).content.decode()
    assert "annual values not recorded yet" in body
    assert "£0" not in body
