"""Fixtures shared by the security tests."""

import pytest

from core.models import Role, RoleAssignment
from tests.factories import RoleAssignmentFactory


@pytest.fixture
def world(area_a, users, objects_of):
    """Area A's data, its secrets (must never reach the wrong people) and a sign-in per role."""
    forum_role = RoleAssignment.objects.get(user=users.forum_member)
    RoleAssignmentFactory(area=area_a, role=Role.FORUM_MEMBER)  # so a role can be removed
    pks = {
        "organisation": objects_of.a.organisation.pk,
        "board": objects_of.a.board.pk,
        "person": forum_role.pk,
    }
    secrets = [
        objects_of.a.organisation.name,
        objects_of.a.board.name,
        users.area_admin.email,
        users.forum_member.email,
    ]
    return area_a, pks, secrets, users
