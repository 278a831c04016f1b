"""GOV.UK form rendering: error summary, field errors, what the user typed is kept."""

import re

import pytest
from django.urls import reverse

from core.models import Organisation


@pytest.fixture
def add_url(area_a):
    return reverse("core:organisation-add", kwargs={"area": area_a.slug})


@pytest.mark.django_db
def test_error_summary_links_each_error_to_its_field(users, add_url, client_for):
    response = client_for(users.area_admin).post(add_url, {"short_name": "XYZ"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add an organisation" in body
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S).group(0)
    assert 'role="alert"' in summary
    assert "There is a problem" in summary
    assert '<a href="#id_name">Enter the organisation&#x27;s name</a>' in summary
    # Radios link to their first option.
    assert '<a href="#id_kind_0">Select the type of organisation</a>' in summary


@pytest.mark.django_db
def test_field_error_markup(users, add_url, client_for):
    body = client_for(users.area_admin).post(add_url, {"short_name": "XYZ"}).content.decode()
    assert '<div class="govuk-form-group govuk-form-group--error">' in body
    assert (
        '<p id="id_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span>' in body
    )
    name_input = re.search(r"<input[^>]*id=\"id_name\"[^>]*>", body).group(0)
    assert "govuk-input--error" in name_input
    assert 'aria-describedby="id_name_error"' in name_input
    assert 'aria-invalid="true"' in name_input
    # The radios' fieldset is described by its error, and there is no blank "------" choice.
    assert 'aria-describedby="id_kind_error"' in body
    assert "---------" not in body
    # What the user typed is kept.
    assert 'value="XYZ"' in body
    assert not Organisation.objects.filter(short_name="XYZ").exists()


@pytest.mark.django_db
def test_hint_is_linked_to_its_input(users, add_url, client_for):
    body = client_for(users.area_admin).get(add_url).content.decode()
    assert '<div id="id_short_name_helptext" class="govuk-hint">' in body
    short = re.search(r"<input[^>]*id=\"id_short_name\"[^>]*>", body).group(0)
    assert 'aria-describedby="id_short_name_helptext"' in short
    assert "govuk-input govuk-input--width-10" in short
    assert "<title>Add an organisation" in body  # no "Error:" before a failed post
    assert "novalidate" in body


@pytest.mark.django_db
def test_duplicate_name_is_a_field_error_not_a_crash(users, objects_of, add_url, client_for):
    client = client_for(users.area_admin)
    response = client.post(add_url, {"name": "alphashire secret trust", "kind": "council"})
    assert response.status_code == 200
    assert "already has one called" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="alphashire secret trust").count() == 1


@pytest.mark.django_db
def test_double_post_creates_one_row(users, add_url, client_for):
    client = client_for(users.area_admin)
    data = {"name": "Twice Trust", "kind": "provider", "is_active": "on"}
    first, second = client.post(add_url, data), client.post(add_url, data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert Organisation.objects.filter(name="Twice Trust").count() == 1


@pytest.mark.django_db
def test_radios_keep_a_blank_choice_that_has_a_real_label():
    from commissioning.forms import ActionForm
    from tests.factories import PriorityFactory

    form = ActionForm(priority=PriorityFactory())
    assert ("", "Use the suggested rating") in form.fields["rag_override"].choices
    assert ("", "---------") not in form.fields["status"].choices
    assert form.fields["responsible_group"].empty_label == "None"


@pytest.mark.django_db
def test_checkboxes_of_model_rows_offer_only_the_areas_own(area_a, area_b, users, client_for):
    """Choices set from a queryset are never frozen before the form scopes it to the area."""
    from tests.factories import PriorityFactory, ServiceFactory

    PriorityFactory(plan__area=area_a, title="Alphashire own priority")
    PriorityFactory(plan__area=area_b, title="Betashire hidden priority")
    service = ServiceFactory(area=area_a)
    edit = reverse("commissioning:service-edit", kwargs={"area": area_a.slug, "pk": service.pk})
    body = client_for(users.commissioner).get(edit).content.decode()
    assert "Alphashire own priority" in body
    assert "Betashire hidden priority" not in body
