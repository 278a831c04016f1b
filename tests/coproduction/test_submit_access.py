"""Who may give feedback: forum members always; anyone once the area allows public feedback."""

import pytest
from django.test import Client

from coproduction import services
from tests.security.test_access_matrix import POLICY, ROLES, ROUTES, build_url, outcome

FEEDBACK_ROUTES = sorted(name for name in ROUTES if name.startswith("coproduction:feedback-"))


def test_every_feedback_route_is_in_the_policy_table():
    assert len(FEEDBACK_ROUTES) == 19
    assert all(name in POLICY for name in FEEDBACK_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_with_public_feedback_on_everyone_may_give_feedback(role, users, area_a):
    services.set_public_feedback(area=area_a, actor=users.area_admin, allowed=True)
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(users, role))
    for name in FEEDBACK_ROUTES:
        response = client.get(build_url(name, area_a, {}))
        assert outcome(response) == "ok", (name, role, response.status_code)


@pytest.mark.django_db
def test_turning_public_feedback_off_again_closes_it(users, area_a, client):
    services.set_public_feedback(area=area_a, actor=users.area_admin, allowed=True)
    services.set_public_feedback(area=area_a, actor=users.area_admin, allowed=False)
    response = client.get(build_url("coproduction:feedback-start", area_a, {}))
    assert outcome(response) == "sign-in"
