"""Areas never leak: a user of area A gets 404 for every object of area B."""

import pytest
from django.urls import reverse

from core.access import AreaAccess
from core.models import Board, Organisation, Role
from tests.factories import OrganisationFactory, RoleAssignmentFactory


def object_urls(area, objs):
    kw = {"area": area.slug}
    return [
        reverse("core:organisation-detail", kwargs={**kw, "pk": objs.organisation.pk}),
        reverse("core:board-detail", kwargs={**kw, "pk": objs.board.pk}),
    ]


@pytest.mark.django_db
def test_own_area_objects_are_visible(users, objects_of, area_a, client_for):
    client = client_for(users.forum_member)
    for url in object_urls(area_a, objects_of.a):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_list_pages_show_only_own_area(users, objects_of, area_a, client_for):
    client = client_for(users.commissioner)
    for name in ("organisation-list", "board-list"):
        body = client.get(reverse(f"core:{name}", kwargs={"area": area_a.slug})).content.decode()
        assert "Alphashire" in body
        assert "Betashire" not in body


@pytest.mark.django_db
def test_queryset_scopes_by_user_and_by_access(users, objects_of, area_a, area_b):
    user = users.commissioner
    visible = Organisation.objects.for_user(user)
    assert objects_of.a.organisation in visible
    assert objects_of.b.organisation not in visible
    assert {org.area for org in visible} == {area_a}
    access = AreaAccess.for_user(user, area_a)
    assert list(Board.objects.for_access(access)) == [objects_of.a.board]
    # Access to B built for A's user holds no role there, so it sees nothing of B.
    assert not Board.objects.for_access(AreaAccess.for_user(user, area_b)).exists()


@pytest.mark.django_db
def test_area_switcher_lists_only_the_users_areas(users, area_a, area_b, client_for):
    RoleAssignmentFactory(user=users.commissioner, area=area_b, role=Role.BOARD_MEMBER)
    user_c_area = OrganisationFactory().area  # a third area the user has no role in
    body = client_for(users.commissioner).get(reverse("core:area-list")).content.decode()
    assert "Alphashire" in body
    assert "Betashire" in body
    assert user_c_area.name not in body


@pytest.mark.django_db
def test_public_area_page_shows_no_member_only_links(objects_of, area_a, client):
    body = client.get(reverse("core:area", kwargs={"area": area_a.slug})).content.decode()
    assert "Alphashire Secret Trust" in body  # partner organisations are public
    assert reverse("core:organisation-list", kwargs={"area": area_a.slug}) not in body


@pytest.mark.django_db
def test_inactive_area_is_404_for_everyone(users, area_a, client_for):
    area_a.is_active = False
    area_a.save()
    assert (
        client_for(users.area_admin)
        .get(reverse("core:area", kwargs={"area": area_a.slug}))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_board_form_cannot_point_at_another_areas_board(users, objects_of, area_a, client_for):
    client = client_for(users.area_admin)
    url = reverse("core:board-add", kwargs={"area": area_a.slug})
    response = client.post(
        url, {"name": "New group", "kind": "working_group", "accountable_to": objects_of.b.board.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Board.objects.filter(name="New group").exists()


@pytest.mark.django_db
def test_extra_fields_cannot_move_an_object_to_another_area(
    users, objects_of, area_a, area_b, client_for
):
    client = client_for(users.area_admin)
    url = reverse("core:organisation-add", kwargs={"area": area_a.slug})
    client.post(
        url, {"name": "Sneaky", "kind": "council", "is_active": "on", "area": area_b.pk, "id": 999}
    )
    org = Organisation.objects.get(name="Sneaky")
    assert org.area == area_a
    assert org.pk != 999


def test_every_area_model_uses_the_scoped_queryset():
    """Every model of the portal's apps is read through an AreaScopedQuerySet with a real path."""
    from django.apps import apps
    from pghistory.models import Event

    from core.scoping import AreaScopedQuerySet

    portal_apps = {"core", "commissioning", "needs", "ehcp", "coproduction"}
    not_area_owned = {"core.Region", "core.Area", "core.User"}
    # National open data (DfE figures and their imports) belongs to no area (docs/adr/0009).
    not_area_owned |= {
        "needs.Geography",
        "needs.Release",
        "needs.ImportJob",
        "needs.SourceFile",
        "needs.Breakdown",
        "needs.Figure",
        "needs.ConsistencyIssue",
    }
    checked = 0
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in portal_apps or label in not_area_owned:
            continue
        if issubclass(model, Event):  # pghistory's copies, read only through their object
            continue
        rows = model.objects.all()
        assert isinstance(rows, AreaScopedQuerySet), label
        str(rows.in_area(1).query)  # the path to the area exists
        checked += 1
    assert checked >= 15


@pytest.mark.django_db
def test_feedback_is_scoped_by_area_role_and_publication(users, area_a, area_b):
    from django.utils import timezone

    from coproduction.models import Consent, Feedback, FeedbackContact
    from tests.factories import FeedbackContactFactory, FeedbackFactory

    now = timezone.now()
    unpublished = FeedbackFactory(area=area_a)
    published = FeedbackFactory(area=area_a, published_at=now)
    private = FeedbackFactory(area=area_a, consent=Consent.DO_NOT_PUBLISH)
    flagged = FeedbackFactory(area=area_a, is_safeguarding=True)
    of_b = FeedbackFactory(area=area_b, published_at=now)
    FeedbackContactFactory(feedback=unpublished)

    def visible(user, area, public_view=False):
        access = AreaAccess.for_user(user, area, public_view=public_view)
        return set(Feedback.objects.for_access(access))

    everything_of_a = {unpublished, published, private, flagged}
    assert visible(users.commissioner, area_a) == everything_of_a
    assert visible(users.area_admin, area_a) == everything_of_a
    assert visible(users.board_member, area_a) == {published}
    assert visible(users.forum_member, area_a) == {published}
    assert visible(users.commissioner, area_b) == set()  # no role in B, not a public view
    assert visible(users.commissioner, area_b, public_view=True) == {of_b}
    assert set(Feedback.objects.published()) == {published, of_b}
    assert set(Feedback.objects.submitted_by(users.forum_member)) == set()
    access_b = AreaAccess.for_user(users.other_area, area_b)
    assert not FeedbackContact.objects.for_access(access_b).exists()
    assert FeedbackContact.objects.in_area(area_a).count() == 1


@pytest.mark.django_db
def test_database_refuses_to_publish_safeguarding_or_unconsented_feedback(area_a):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from coproduction.models import Consent
    from tests.factories import FeedbackFactory

    for extra in ({"is_safeguarding": True}, {"consent": Consent.DO_NOT_PUBLISH}):
        with pytest.raises(IntegrityError), transaction.atomic():
            FeedbackFactory(area=area_a, published_at=timezone.now(), **extra)
