"""Every change is recorded with who and when, and shown with old and new values."""

import pytest
from django.urls import reverse

from tests.factories import ActionFactory, ServiceFactory


def history_url(area, kind, pk):
    return reverse("commissioning:history", kwargs={"area": area.slug, "kind": kind, "pk": pk})


@pytest.mark.django_db
def test_edit_through_the_page_is_shown_with_who_and_old_and_new(users, client_for, area_a):
    action = ActionFactory(
        priority__plan__area=area_a, title="Write the specification", progress=10
    )
    client = client_for(users.commissioner)
    edit = reverse("commissioning:action-edit", kwargs={"area": area_a.slug, "pk": action.pk})
    client.post(edit, {"title": "Write the specification", "status": "some_disruption",
                       "progress": "35", "seen_version": "1"})  # fmt: skip
    body = (
        client_for(users.forum_member)
        .get(history_url(area_a, "action", action.pk))
        .content.decode()
    )
    assert f"Changed by {users.commissioner}" in body
    assert "Progress (%)" in body
    assert ">10<" in body and ">35<" in body  # noqa: PT018
    assert "Some disruption" in body  # choice shown by its label
    assert "Created by The portal (no signed-in user)" in body  # made by the factory


@pytest.mark.django_db
def test_history_is_for_members_and_scoped_to_the_area(users, client_for, client, area_a, area_b):
    service = ServiceFactory(area=area_b)
    assert (
        client_for(users.commissioner).get(history_url(area_b, "service", service.pk)).status_code
        == 404
    )
    assert (
        client_for(users.commissioner).get(history_url(area_a, "service", service.pk)).status_code
        == 404
    )
    assert client_for(users.commissioner).get(history_url(area_a, "nonsense", 1)).status_code == 404
    client.logout()
    assert client.get(history_url(area_b, "service", service.pk)).status_code == 302
