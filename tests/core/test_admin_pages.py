"""Area admins manage organisations, boards, people and roles in the browser."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent, Board, Organisation, Role, RoleAssignment, User


@pytest.mark.django_db
def test_add_edit_and_delete_an_organisation(users, area_a, client_for):
    client = client_for(users.area_admin)
    kw = {"area": area_a.slug}
    response = client.post(
        reverse("core:organisation-add", kwargs=kw),
        {"name": "Sunrise Therapies", "short_name": "ST", "kind": "provider", "is_active": "on"},
    )
    org = Organisation.objects.get(name="Sunrise Therapies")
    assert response["Location"] == reverse("core:organisation-detail", kwargs={**kw, "pk": org.pk})
    assert org.area == area_a

    edit = reverse("core:organisation-edit", kwargs={**kw, "pk": org.pk})
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "Sunrise Therapies CIC", "short_name": "ST", "kind": "provider"})
    org.refresh_from_db()
    assert org.name == "Sunrise Therapies CIC"
    assert org.is_active is False  # unticked box
    update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED, object_id=str(org.pk))
    assert update.detail["changed"]["name"] == ["Sunrise Therapies", "Sunrise Therapies CIC"]

    delete = reverse("core:organisation-delete", kwargs={**kw, "pk": org.pk})
    assert "Are you sure" in client.get(delete).content.decode()
    client.post(delete)
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETED, object_id=str(org.pk)
    ).exists()


@pytest.mark.django_db
def test_board_reports_to_another_board_of_the_area(users, objects_of, area_a, client_for):
    client = client_for(users.area_admin)
    client.post(
        reverse("core:board-add", kwargs={"area": area_a.slug}),
        {
            "name": "Autism Task Group",
            "kind": "task_and_finish_group",
            "accountable_to": objects_of.a.board.pk,
        },
    )
    board = Board.objects.get(name="Autism Task Group")
    assert board.accountable_to == objects_of.a.board
    detail = client.get(
        reverse("core:board-detail", kwargs={"area": area_a.slug, "pk": objects_of.a.board.pk})
    )
    assert "Autism Task Group" in detail.content.decode()


@pytest.mark.django_db
def test_give_a_new_person_a_role_emails_them_a_link(
    users, area_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users.area_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:person-add", kwargs={"area": area_a.slug}),
            {
                "email": "New.Person@Example.org",
                "first_name": "New",
                "last_name": "Person",
                "role": "board_member",
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert not person.has_usable_password()
    assert RoleAssignment.objects.filter(user=person, area=area_a, role=Role.BOARD_MEMBER).exists()
    assert len(mail.outbox) == 1
    assert "/account/password/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED, area=area_a).exists()
    people = client.get(reverse("core:people", kwargs={"area": area_a.slug})).content.decode()
    assert "new.person@example.org" in people


@pytest.mark.django_db
def test_existing_user_gets_a_second_role_without_a_new_account(users, area_a, client_for):
    client = client_for(users.area_admin)
    client.post(
        reverse("core:person-add", kwargs={"area": area_a.slug}),
        {
            "email": users.forum_member.email,
            "first_name": "x",
            "last_name": "y",
            "role": "board_member",
        },
    )
    assert set(users.forum_member.role_assignments.values_list("role", flat=True)) == {
        Role.FORUM_MEMBER,
        Role.BOARD_MEMBER,
    }
    assert mail.outbox == []


@pytest.mark.django_db
def test_same_role_twice_is_a_field_error(users, area_a, client_for):
    response = client_for(users.area_admin).post(
        reverse("core:person-add", kwargs={"area": area_a.slug}),
        {
            "email": users.forum_member.email,
            "first_name": "x",
            "last_name": "y",
            "role": "forum_member",
        },
    )
    assert response.status_code == 200
    assert "is already a forum member" in response.content.decode()


@pytest.mark.django_db
def test_remove_a_role_but_never_the_last_area_admin(users, area_a, client_for):
    client = client_for(users.area_admin)
    forum_role = users.forum_member.role_assignments.get()
    client.post(
        reverse("core:person-role-remove", kwargs={"area": area_a.slug, "pk": forum_role.pk})
    )
    assert not RoleAssignment.objects.filter(pk=forum_role.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED).exists()

    admin_role = users.area_admin.role_assignments.get()
    response = client.post(
        reverse("core:person-role-remove", kwargs={"area": area_a.slug, "pk": admin_role.pk}),
        follow=True,
    )
    assert "needs at least one area admin" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=admin_role.pk).exists()


@pytest.mark.django_db
def test_email_that_grows_when_lower_cased_is_a_field_error(users, area_a, client_for):
    email = "a" * 238 + "@" + "\u0130" * 10 + ".org"  # 253 characters, 263 lower-cased
    response = client_for(users.area_admin).post(
        reverse("core:person-add", kwargs={"area": area_a.slug}),
        {"email": email, "first_name": "Sam", "last_name": "Jones", "role": "commissioner"},
    )
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in response.content.decode()


@pytest.mark.django_db
def test_names_with_braces_are_shown_as_typed(users, area_a, client_for):
    """Found by the fuzzer: a name went through str.format and crashed the page."""
    response = client_for(users.area_admin).post(
        reverse("core:person-add", kwargs={"area": area_a.slug}),
        {
            "email": "braces@example.org",
            "first_name": "{0}",
            "last_name": "{object.__class__}",
            "role": "commissioner",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "{0} {object.__class__} is now a commissioner in Alphashire" in response.content.decode()
