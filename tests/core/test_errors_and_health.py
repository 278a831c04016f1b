"""Error pages, database outage (503, not a traceback) and health checks."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse


@contextmanager
def outage():
    """Point the connection at a port where nothing listens: a real connection failure."""
    saved = dict(connection.settings_dict)
    connection.close()
    options = {k: v for k, v in saved.get("OPTIONS", {}).items() if k != "host"}
    connection.settings_dict.update(
        HOST="127.0.0.1", PORT="9", OPTIONS={**options, "connect_timeout": 2}
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_down(transactional_db):
    with outage():
        yield


@pytest.mark.django_db
def test_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_403_page(users, area_a, client_for):
    response = client_for(users.forum_member).get(
        reverse("core:people", kwargs={"area": area_a.slug})
    )
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.django_db
def test_500_page_has_a_reference_and_no_traceback(client):
    client.raise_request_exception = False
    response = client.get("/explode/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "quote reference" in body
    assert "canary-traceback-text" not in body
    assert "Traceback" not in body


def test_database_outage_answers_503_with_retry_after(client, transactional_db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())  # a signed-in user's session lives in the database
    client.raise_request_exception = False
    with outage():
        responses = {url: client.get(url) for url in ["/", "/areas/", "/areas/norfolk/"]}
    for url, response in responses.items():
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        body = response.content.decode()
        assert "Nothing you just entered has been saved" in body
        assert "Traceback" not in body
        assert "OperationalError" not in body


def test_post_during_outage_is_503(client, database_down):
    client.raise_request_exception = False
    response = client.post("/account/sign-in/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 503


def test_health_during_outage(client, database_down):
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_health_when_up(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "up"}
