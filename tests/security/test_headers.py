"""QUALITY.md S4 (CSRF and methods) and S7 (headers) over every page, as every role."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.models import Organisation
from tests.factories import PASSWORD
from tests.security.test_access_matrix import OK, POLICY, ROLES, build_url

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def crawl(world, client):
    """(role, url, response) for every GET page the policy lets each role open."""
    area, pks, _, users = world
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(users, role))
        for name, row in POLICY.items():
            if "GET" in row.methods.split() and row.cells[ROLES.index(role)] == OK:
                url = build_url(name, area, pks)
                yield role, url, client.get(url, secure=True)


@pytest.mark.django_db
def test_security_headers_on_every_page_for_every_role(world, client):
    pages = 0
    for role, url, response in crawl(world, client):
        where = f"{url} as {role}"
        csp = csp_directives(response["Content-Security-Policy"])
        assert "'self'" in csp["script-src"], where
        assert "'unsafe-inline'" not in csp["script-src"], where
        assert "'unsafe-eval'" not in csp["script-src"], where
        assert csp["frame-ancestors"] == ["'none'"], where
        assert csp["object-src"] == ["'none'"], where
        assert response["X-Content-Type-Options"] == "nosniff", where
        assert response["Referrer-Policy"] == "same-origin", where
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), where
        if role != "anonymous":
            assert "no-store" in response["Cache-Control"], where
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            body = response.content.decode()
            assert response["X-Frame-Options"] == "DENY", where
            nonce = next(v for v in csp["script-src"] if v.startswith("'nonce-"))[7:-1]
            assert f'nonce="{nonce}"' in body, where  # the page's one script carries it
            # No inline script or style: the CSP would block them in the browser.
            # (json_script's data blocks are never run, so they may stay inline.)
            inline = r'<script(?![^>]*\s(?:src=|type="application/json"))[^>]*>'
            assert not re.search(inline, body), where
            assert " style=" not in body, where
            assert "onclick=" not in body.lower(), where
        pages += 1
    assert pages > 60


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_httponly(client, users):
    client.get("/account/sign-in/", secure=True)
    client.post(
        "/account/sign-in/",
        {"username": users.commissioner.email, "password": PASSWORD},
        secure=True,
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_state_changing_routes_refuse_missing_and_wrong_csrf_tokens(world):
    area, pks, _, users = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.area_admin)
    data = {"name": "Forged", "kind": "council", "is_active": "on"}
    for name, row in POLICY.items():
        if "POST" not in row.methods.split():
            continue
        url = build_url(name, area, pks)
        before = Organisation.objects.count()
        assert client.post(url, data).status_code == 403, name
        wrong = client.post(url, {**data, "csrfmiddlewaretoken": "x" * 64})
        assert wrong.status_code == 403, name
        assert "Your form could not be sent" in wrong.content.decode()
        assert Organisation.objects.count() == before, name
    assert not Organisation.objects.filter(name="Forged").exists()


def test_check_deploy_passes_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="production-like-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="send.example.gov.uk",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
