"""Targets for the timeliness measures: added once, refused when wrong, read by role."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp import targets
from ehcp.measures import target_for
from ehcp.models import Target
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def url(area, name="targets", **kwargs):
    return reverse(f"ehcp:{name}", kwargs={"area": area.slug, **kwargs})


def post_target(client, area, **fields):
    data = {
        "measure": "issued_20_weeks_ex",
        "value": "60",
        "due_0": "31",
        "due_1": "12",
        "due_2": "2021",
        **fields,
    }
    return client.post(url(area, "target-add"), data)


def test_norfolks_targets_make_a_straight_trajectory(client_for, users, area_a):
    client = client_for(users.commissioner)
    assert post_target(client, area_a).status_code == 302
    assert post_target(client, area_a, value="90", due_2="2022").status_code == 302
    access = client.get(url(area_a)).context["access"]
    points = targets.trajectory_points(access, "issued_20_weeks_ex")
    assert points == [(date(2021, 12, 31), 60.0), (date(2022, 12, 31), 90.0)]
    # mid-2022: 60 + 30 x (days from 31 Dec 2021 to 30 Jun 2022 = 181) / 365 = 74.9
    june = target_for(date(2022, 6, 1), points, baseline_value=8.0, baseline_date=date(2020, 4, 1))
    assert round(june, 1) == 74.9
    page = client.get(url(area_a)).content.decode()
    assert "60%" in page
    assert "31 December 2022" in page


def test_wrong_targets_are_named_and_nothing_is_saved(client_for, users, area_a):
    client = client_for(users.area_admin)
    response = post_target(client, area_a, value="150", due_1="13", measure="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the measure" in body
    assert "Target must be between 0 and 100" in body
    assert 'value="150"' in body
    assert Target.objects.count() == 0


def test_the_same_target_twice_is_refused(client_for, users, area_a):
    client = client_for(users.commissioner)
    post_target(client, area_a)
    again = post_target(client, area_a)
    assert "There is already a target for this measure on this date" in again.content.decode()
    assert Target.objects.count() == 1


def test_board_members_read_and_cannot_change(client_for, users, area_a):
    target = TargetFactory(area=area_a)
    client = client_for(users.board_member)
    assert client.get(url(area_a)).status_code == 200
    assert post_target(client, area_a).status_code == 403
    assert client.post(url(area_a, "target-delete", pk=target.pk)).status_code == 403
    assert Target.objects.count() == 1


def test_a_commissioner_deletes_a_target_of_their_area_only(client_for, users, area_a, area_b):
    mine, theirs = TargetFactory(area=area_a), TargetFactory(area=area_b)
    client = client_for(users.commissioner)
    assert client.post(url(area_a, "target-delete", pk=theirs.pk)).status_code == 404
    assert client.post(url(area_a, "target-delete", pk=mine.pk)).status_code == 302
    assert list(Target.objects.all()) == [theirs]
