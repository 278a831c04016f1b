"""Area admins choose who may give the area's feedback: forum members only, or anyone."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduction.models import CoproductionSettings
from coproduction.selectors import public_feedback_allowed
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(area):
    return reverse("coproduction:moderation-settings", kwargs={"area": area.slug})


def checked(page: str) -> list[str]:
    return re.findall(r'<input[^>]*value="(\w+)"[^>]*\schecked', page)


def test_an_area_admin_opens_feedback_to_anyone_and_closes_it_again(area_a, client_for, users):
    client = client_for(users.area_admin)
    start = reverse("coproduction:feedback-start", kwargs={"area": area_a.slug})
    assert checked(client.get(url(area_a)).content.decode()) == ["members"]
    assert Client().get(start).status_code == 302  # signed out: to the sign-in page
    response = client.post(url(area_a), {"who": "anyone"})
    assert response.status_code == 302
    assert public_feedback_allowed(area=area_a)
    assert checked(client.get(url(area_a)).content.decode()) == ["anyone"]
    assert Client().get(start).status_code == 200  # anyone may now open the form
    client.post(url(area_a), {"who": "members"})
    assert not public_feedback_allowed(area=area_a)
    events = AuditEvent.objects.filter(area=area_a, summary__startswith="Anyone may give feedback")
    assert events.count() == 2


def test_a_wrong_choice_is_refused_and_another_area_is_untouched(area_a, area_b, client_for, users):
    client = client_for(users.area_admin)
    response = client.post(url(area_a), {"who": "everybody"})
    assert response.status_code == 200
    assert response.content.decode().count("govuk-error-summary") >= 1
    assert not public_feedback_allowed(area=area_a)
    client.post(url(area_a), {"who": "anyone"})
    assert not CoproductionSettings.objects.filter(area=area_b, allow_public_feedback=True).exists()


def test_the_queue_links_to_the_setting_for_area_admins_only(area_a, client_for, users):
    queue = reverse("coproduction:moderation", kwargs={"area": area_a.slug})
    admin_page = client_for(users.area_admin).get(queue).content.decode()
    assert url(area_a) in admin_page
    commissioner_page = client_for(users.commissioner).get(queue).content.decode()
    assert url(area_a) not in commissioner_page
