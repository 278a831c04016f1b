import pytest

from tests import factories

FACTORIES = [
    factories.RegionFactory,
    factories.AreaFactory,
    factories.OrganisationFactory,
    factories.BoardFactory,
    factories.UserFactory,
    factories.RoleAssignmentFactory,
    factories.AuditEventFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_saved_object(factory):
    obj = factory()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_role_assignment_organisation_is_in_the_same_area():
    assignment = factories.RoleAssignmentFactory()
    assert assignment.organisation.area == assignment.area


@pytest.mark.django_db
def test_user_factory_password_signs_in(client):
    user = factories.UserFactory()
    response = client.post(
        "/account/sign-in/", {"username": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
