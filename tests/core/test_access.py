"""Anonymous users reach only public pages; each role reaches only its pages."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import Role
from tests.factories import RoleAssignmentFactory

#: Routes anyone may open without signing in.
PUBLIC = {
    "home",
    "accessibility",
    "privacy",
    "cookies",
    "healthz",
    "readyz",
    "core:area",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
#: Routes that accept POST only.
POST_ONLY = {"logout"}

ADMIN_ONLY = {
    "core:organisation-add",
    "core:organisation-edit",
    "core:organisation-delete",
    "core:board-add",
    "core:board-edit",
    "core:board-delete",
    "core:people",
    "core:person-add",
    "core:person-role-remove",
}
MEMBER_READ = {
    "core:area",
    "core:organisation-list",
    "core:organisation-detail",
    "core:board-list",
    "core:board-detail",
}


def all_route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from all_route_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_for(name, pattern, ctx):
    params = pattern.pattern.converters.keys()
    kwargs = {}
    for param in params:
        kwargs[param] = {
            "area": ctx.area.slug,
            "pk": ctx.pk_for(name),
            "uidb64": "MQ",
            "token": "set-password",
        }[param]
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def ctx(area_a, objects_of):
    assignment = RoleAssignmentFactory(area=area_a, role=Role.FORUM_MEMBER)

    class Ctx:
        area = area_a

        @staticmethod
        def pk_for(name):
            if "organisation" in name:
                return objects_of.a.organisation.pk
            if "board" in name:
                return objects_of.a.board.pk
            return assignment.pk

    return Ctx


@pytest.mark.django_db
def test_anonymous_users_reach_only_public_pages(client, ctx):
    seen = set()
    for name, pattern in all_route_names():
        seen.add(name)
        url = url_for(name, pattern, ctx)
        response = client.get(url)
        if name in POST_ONLY:
            assert response.status_code == 405, name
        elif name in PUBLIC:
            assert response.status_code in {200, 302}, (name, response.status_code)
            if response.status_code == 302:  # e.g. reset link redirects to its own form
                assert "/sign-in/" not in response["Location"], name
        else:
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith(reverse("login") + "?next="), name
            post = client.post(url)
            assert post.status_code in {302, 403}, (name, post.status_code)
    assert seen >= PUBLIC, PUBLIC - seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commissioner", "board_member", "forum_member", "area_admin"])
def test_roles_reach_exactly_their_pages(role, users, ctx, client_for):
    client = client_for(getattr(users, role))
    for name, pattern in all_route_names():
        if name not in ADMIN_ONLY | MEMBER_READ:
            continue
        response = client.get(url_for(name, pattern, ctx))
        allowed = name in MEMBER_READ or role == "area_admin"
        assert response.status_code == (200 if allowed else 403), (name, response.status_code)


@pytest.mark.django_db
def test_forbidden_post_changes_nothing(users, objects_of, area_a, client_for):
    client = client_for(users.commissioner)
    url = reverse(
        "core:organisation-delete", kwargs={"area": area_a.slug, "pk": objects_of.a.organisation.pk}
    )
    assert client.post(url).status_code == 403
    objects_of.a.organisation.refresh_from_db()


@pytest.mark.django_db
def test_denials_are_audited(users, area_a, client_for):
    from core.models import AuditEvent

    client_for(users.forum_member).get(reverse("core:people", kwargs={"area": area_a.slug}))
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_DENIED)
    assert event.actor == users.forum_member
    assert event.area == area_a


@pytest.mark.django_db
def test_trace_is_refused(client):
    assert client.generic("TRACE", "/").status_code == 405
    assert client.generic("PUT", "/accessibility/").status_code == 405
