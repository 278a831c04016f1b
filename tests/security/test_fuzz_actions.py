"""QUALITY.md S8 for the action list's query parameters: 500 generated inputs each, no 5xx."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ActionFactory

pytestmark = pytest.mark.slow

NASTY = st.sampled_from(
    ["\x00", "\u202e", "😀", "x" * 10000, "<script>alert(1)</script>", "' OR 1=1 --", "=1+2",
     "-1", "99999999999999999999", " ", "red", "csv", "xlsx", "on", "rag", "-due_on"]
)  # fmt: skip
VALUES = st.one_of(NASTY, st.text(max_size=30), st.integers().map(str))
PARAMS = ["priority", "owner", "status", "rag", "overdue", "sort", "page", "export"]


@pytest.fixture
def plan(area_a):
    """Made once: hypothesis runs every example inside the same test call."""
    return ActionFactory(priority__plan__area=area_a).priority.plan


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=st.dictionaries(st.sampled_from(PARAMS), VALUES, min_size=1, max_size=4))
@pytest.mark.django_db
def test_action_list_parameters_never_fail(params, area_a, plan, users):
    client = Client()
    client.force_login(users.board_member)
    url = reverse("commissioning:actions", kwargs={"area": area_a.slug, "pk": plan.pk})
    query = {
        k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()
    }
    response = client.get(url, query)
    assert response.status_code in {200, 404}, (params, response.status_code)
    assert b"<script>alert(1)</script>" not in response.content
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        form_errors = b"govuk-error-message" in response.content
        assert form_errors == (b"govuk-error-summary" in response.content)
