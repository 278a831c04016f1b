"""Area- and role-scoped users shared by every test.

Two areas, A and B, each with an organisation and a board, and one user per
role in area A (plus a commissioner of area B).
"""

from types import SimpleNamespace

import pytest

from core.models import Role
from tests.factories import (
    AreaFactory,
    BoardFactory,
    OrganisationFactory,
    RegionFactory,
    user_with_role,
)


@pytest.fixture
def area_a(db):
    return AreaFactory(name="Alphashire", slug="alphashire")


@pytest.fixture
def area_b(db):
    region = RegionFactory(code="E12000004", name="East Midlands")
    return AreaFactory(name="Betashire", slug="betashire", region=region)


@pytest.fixture
def users(area_a, area_b):
    """One user for each role in area A, and a commissioner of area B."""
    return SimpleNamespace(
        commissioner=user_with_role(area_a, Role.COMMISSIONER),
        board_member=user_with_role(area_a, Role.BOARD_MEMBER),
        forum_member=user_with_role(area_a, Role.FORUM_MEMBER),
        area_admin=user_with_role(area_a, Role.AREA_ADMIN),
        other_area=user_with_role(area_b, Role.COMMISSIONER),
    )


@pytest.fixture
def objects_of(area_a, area_b):
    """An organisation and a board in each area, with text that can be searched for."""

    def make(area):
        org = OrganisationFactory(area=area, name=f"{area.name} Secret Trust")
        board = BoardFactory(
            area=area, name=f"{area.name} Hidden Board", purpose=f"{area.name} plans"
        )
        return SimpleNamespace(organisation=org, board=board)

    return SimpleNamespace(a=make(area_a), b=make(area_b))


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
