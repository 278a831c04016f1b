"""Sign-in, throttling, sessions and passwords (QUALITY.md S5, S6)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

SIGN_IN = "/account/sign-in/"


def sign_in(client, email, password=PASSWORD):
    return client.post(SIGN_IN, {"username": email, "password": password})


@pytest.mark.django_db
def test_sign_in_and_out(client, users):
    response = sign_in(client, users.commissioner.email)
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405  # sign-out is a POST
    client.post(reverse("logout"))
    assert client.get(reverse("account")).status_code == 302


@pytest.mark.django_db
def test_email_is_case_insensitive_at_sign_in(client, users):
    assert sign_in(client, users.commissioner.email.upper()).status_code in {200, 302}


@pytest.mark.django_db
def test_wrong_password_keeps_email_and_says_what_to_do(client, users):
    response = sign_in(client, users.commissioner.email, "wrong-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct email address and password" in body
    assert f'value="{users.commissioner.email}"' in body
    assert "<title>Error: Sign in" in body


@pytest.mark.django_db
def test_account_locks_after_ten_failures_even_with_the_right_password(client, users):
    email = users.commissioner.email
    statuses = [sign_in(client, email, f"wrong-{n}").status_code for n in range(120)]
    assert statuses[:9] == [200] * 9  # the form again, with an error
    assert all(status == 429 for status in statuses[10:])
    response = sign_in(client, email)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert client.get(reverse("account")).status_code == 302  # not signed in
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() >= 10


@pytest.mark.django_db
def test_session_key_rotates_on_sign_in(client, users):
    client.get(SIGN_IN)
    client.session.save()
    before = client.session.session_key
    sign_in(client, users.commissioner.email)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_old_session_cookie_is_refused_after_sign_out(client, users):
    sign_in(client, users.commissioner.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert client.get(reverse("account")).status_code == 302


@pytest.mark.django_db
def test_idle_timeout_after_30_minutes(client, users):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, users.commissioner.email)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("account")).status_code == 200  # activity renews the session
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("account")).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get(reverse("account")).status_code == 302


@pytest.mark.django_db
def test_absolute_timeout_after_12_hours_of_activity(client, users):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, users.commissioner.email)
        for _ in range(35):  # a request every 20 minutes, for 11 hours 40 minutes
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("account")).status_code == 200
        clock.shift(timedelta(minutes=25))  # now past 12 hours
        response = client.get(reverse("account"))
        assert response.status_code == 302
        assert response["Location"].startswith(SIGN_IN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-Pw1", "too short"),
        ("password1234", "too common"),
        ("384710392847561", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client, users, password, message):
    client.force_login(users.commissioner)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    users.commissioner.refresh_from_db()
    assert users.commissioner.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_similar_to_email_is_refused(client):
    user = UserFactory(email="margaret.thatcher@example.org")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "margaret.thatcher",
            "new_password2": "margaret.thatcher",
        },
    )
    assert "too similar" in response.content.decode()


@pytest.mark.django_db
def test_password_change_with_a_strong_password(client, users):
    client.force_login(users.commissioner)
    new = "Lantern-orchard-47-quietly"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    users.commissioner.refresh_from_db()
    assert users.commissioner.check_password(new)


@pytest.mark.django_db
def test_password_reset_by_email_link(client, users):
    response = client.post(reverse("password_reset"), {"email": users.board_member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    new = "Tidal-meadow-83-copper"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    users.board_member.refresh_from_db()
    assert users.board_member.check_password(new)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_looks_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_signed_in_user_with_next_pointing_at_sign_in_is_sent_home(client, users):
    client.force_login(users.commissioner)
    response = client.get("/account/sign-in/?next=/account/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
