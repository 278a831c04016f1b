import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Area, Board, Organisation, Role, RoleAssignment, User


@pytest.mark.django_db
def test_demo_users_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", statistics=False)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_loads_three_seed_areas_with_every_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo", statistics=False)
    counts = (
        Area.objects.count(),
        Organisation.objects.count(),
        Board.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("load_demo", statistics=False)
    assert counts == (
        Area.objects.count(),
        Organisation.objects.count(),
        Board.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    assert set(Area.objects.values_list("la_code", flat=True)) == {
        "E10000020",
        "E10000024",
        "E10000023",
    }
    for area in Area.objects.all():
        assert set(RoleAssignment.objects.filter(area=area).values_list("role", flat=True)) == set(
            Role
        )
    out = capsys.readouterr().out
    assert "commissioner@norfolk.demo" in out
    assert settings.DEMO_PASSWORD in out
    nsb = Board.objects.get(name="North Yorkshire SEND Joint Commissioning Group")
    assert nsb.accountable_to.name == "SEND Partnership Board"


@pytest.mark.django_db
def test_demo_user_signs_in(settings, client):
    settings.DEBUG = True
    call_command("load_demo", statistics=False)
    response = client.post(
        "/account/sign-in/", {"username": "forum@norfolk.demo", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_regions_come_from_a_migration():
    from core.models import Region

    assert Region.objects.count() == 9
