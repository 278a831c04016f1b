"""QUALITY.md S8 on "you said, we did": 500 generated values of each query parameter (theme,
status, page) on the list and the easy read: never a 5xx, never markup as sent, and a wrong
filter named in the error summary."""

import pytest
from django.test import Client
from hypothesis import event, given
from hypothesis import strategies as st

from tests.coproduction.public_helpers import published, url
from tests.factories import ThemeFactory
from tests.security.test_fuzz import SCRIPT, fuzz, get, text

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def area(area_a):
    theme = ThemeFactory(area=area_a, name="Keyworkers")
    for _ in range(12):
        published(area_a, themes=[theme])
    return area_a


@fuzz
@given(
    name=st.sampled_from(["you-said-we-did", "you-said-we-did-easy-read"]),
    theme=st.one_of(st.none(), text),
    status=st.one_of(st.none(), text, st.sampled_from(["done", "responded"])),
    page=st.one_of(st.none(), text, st.sampled_from(["1", "2", "last", "0", "-1", "99"])),
)
def test_query_parameters(area, name, theme, status, page):
    given_values = {"theme": theme, "status": status, "page": page}
    params = {key: value for key, value in given_values.items() if value is not None}
    response = get(Client(), url(area, name), params)
    event(f"status {response.status_code}")
    assert response.status_code == 200
    body = response.content
    assert SCRIPT not in body
    form = response.context["form"]
    for field in ("theme", "status"):
        if form.errors.get(field):
            assert f'href="#id_{field}"'.encode() in body
