"""QUALITY.md S2: users of area A request every object URL of area B (50+ objects)."""

import pytest
from django.urls import reverse

from core.models import Board, Organisation, Role, RoleAssignment
from tests.factories import BoardFactory, OrganisationFactory, RoleAssignmentFactory

OBJECT_ROUTES = {
    "organisation": ["organisation-detail", "organisation-edit", "organisation-delete"],
    "board": ["board-detail", "board-edit", "board-delete"],
    "person": ["person-role-remove"],
}
POST_ROUTES = {"organisation-edit", "organisation-delete", "board-edit", "board-delete",
               "person-role-remove"}  # fmt: skip
AREA_ROUTES = ["organisation-list", "organisation-add", "board-list", "board-add",
               "people", "person-add"]  # fmt: skip


@pytest.fixture
def area_b_objects(area_b):
    objects = {
        "organisation": [
            OrganisationFactory(area=area_b, name=f"Betashire Trust {n}") for n in range(20)
        ],
        "board": [
            BoardFactory(area=area_b, name=f"Betashire Board {n}", purpose=f"Betashire aim {n}")
            for n in range(20)
        ],
        "person": [RoleAssignmentFactory(area=area_b, role=Role.FORUM_MEMBER) for _ in range(12)],
    }
    assert sum(len(v) for v in objects.values()) >= 50
    return objects


def b_texts(objects):
    texts = [o.name for o in objects["organisation"]] + [b.name for b in objects["board"]]
    return texts + [b.purpose for b in objects["board"]] + [a.user.email for a in objects["person"]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commissioner", "board_member", "forum_member", "area_admin"])
def test_every_object_of_area_b_is_404_for_area_a_users(
    role, users, area_b, area_b_objects, client
):
    client.force_login(getattr(users, role))
    texts = b_texts(area_b_objects)
    before = (Organisation.objects.count(), Board.objects.count(), RoleAssignment.objects.count())
    requests = 0
    for kind, routes in OBJECT_ROUTES.items():
        for obj in area_b_objects[kind]:
            for route in routes:
                url = reverse(f"core:{route}", kwargs={"area": area_b.slug, "pk": obj.pk})
                methods = ["get", "post"] if route in POST_ROUTES else ["get"]
                for method in methods:
                    response = getattr(client, method)(url, {"name": "Taken over", "kind": "other"})
                    requests += 1
                    assert response.status_code == 404, (method, url)
                    body = response.content.decode()
                    assert not [t for t in texts if t in body], (method, url)
    for route in AREA_ROUTES:
        response = client.get(reverse(f"core:{route}", kwargs={"area": area_b.slug}))
        assert response.status_code == 404, route
    after = (Organisation.objects.count(), Board.objects.count(), RoleAssignment.objects.count())
    assert after == before
    assert not Organisation.objects.filter(name="Taken over").exists()
    assert requests >= 100


@pytest.mark.django_db
def test_area_a_slug_with_area_b_ids_is_404(users, area_a, area_b_objects, client):
    client.force_login(users.area_admin)
    org = area_b_objects["organisation"][0]
    board = area_b_objects["board"][0]
    kw = {"area": area_a.slug}
    assert (
        client.get(reverse("core:organisation-detail", kwargs={**kw, "pk": org.pk})).status_code
        == 404
    )
    response = client.post(
        reverse("core:board-edit", kwargs={**kw, "pk": board.pk}),
        {"name": "Hijacked", "kind": "other"},
    )
    assert response.status_code == 404
    board.refresh_from_db()
    assert board.name == "Betashire Board 0"
