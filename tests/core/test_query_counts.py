"""List pages never grow their query count with their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Role
from tests.factories import BoardFactory, OrganisationFactory, RoleAssignmentFactory

PAGES = ["area", "organisation-list", "board-list", "people"]


def add_rows(area, n):
    for i in range(n):
        OrganisationFactory(area=area)
        parent = BoardFactory(area=area)
        BoardFactory(area=area, accountable_to=parent)
        RoleAssignmentFactory(area=area, role=Role.BOARD_MEMBER if i % 2 else Role.FORUM_MEMBER)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_rows(
    page, users, area_a, client_for, django_assert_max_num_queries
):
    client = client_for(users.area_admin)
    url = reverse(f"core:{page}", kwargs={"area": area_a.slug})
    add_rows(area_a, 3)
    few = queries_for(client, url)
    add_rows(area_a, 30)
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 12
