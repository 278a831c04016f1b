"""Statistical neighbours: who reads and chooses them, the order, replacing the set, isolation."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from core.access import AreaAccess
from core.models import AuditEvent
from needs.indicator_services import replace_neighbours
from needs.models import Geography, Level, StatisticalNeighbour

pytestmark = pytest.mark.django_db

DEFAULT = (
    "the 10 local authorities whose number of EHC plans at the latest January "
    "is nearest to this area's"
)


@pytest.fixture
def las(area_a):
    """Current local authorities in two regions, one that no longer exists, and area A's own.

    Codes are E069... so that they never meet the factories' E10 area codes.
    """
    east = Geography.objects.create(code="E12000006", level=Level.REGIONAL, name="East of England")
    west = Geography.objects.create(code="E12000005", level=Level.REGIONAL, name="West Midlands")
    for region in (east, west):
        region.first_year, region.last_year = 2019, 2025
        region.save()

    def la(code, name, region, last_year=2025):
        return Geography.objects.create(
            code=code, name=name, level=Level.LOCAL_AUTHORITY, region=region,
            first_year=2019, last_year=last_year,
        )  # fmt: skip

    return {
        "suffolk": la("E06900029", "Suffolk", east),
        "essex": la("E06900012", "Essex", east),
        "cambs": la("E06900003", "Cambridgeshire", east),
        "warks": la("E06900031", "Warwickshire", west),
        "gone": la("E06900006", "Cumbria", west, last_year=2022),
        "own": la(area_a.la_code, "Alphashire County", east),
    }


def url(name: str, area) -> str:
    return reverse(f"needs:{name}", kwargs={"area": area.slug})


def chosen(area) -> list[str]:
    return list(
        StatisticalNeighbour.objects.in_area(area)
        .order_by("order")
        .values_list("geography__code", flat=True)
    )


def choose(area, *geographies):
    for order, geography in enumerate(geographies, start=1):
        StatisticalNeighbour.objects.create(area=area, geography=geography, order=order)


# --- reading --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["forum_member", "board_member", "commissioner", "area_admin"])
def test_everyone_with_a_role_reads_the_neighbours_in_order(role, users, area_a, las, client_for):
    choose(area_a, las["warks"], las["suffolk"])
    response = client_for(getattr(users, role)).get(url("neighbours", area_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Warwickshire") < body.index("Suffolk")
    assert DEFAULT not in body


def test_with_none_chosen_the_page_says_the_default_is_used(users, area_a, las, client_for):
    body = client_for(users.forum_member).get(url("neighbours", area_a)).content.decode()
    assert "No statistical neighbours have been chosen" in body
    assert DEFAULT in body


def test_a_neighbour_that_no_longer_exists_is_marked(users, area_a, las, client_for):
    choose(area_a, las["gone"])
    body = client_for(users.board_member).get(url("neighbours", area_a)).content.decode()
    assert "Cumbria" in body
    assert "No longer exists" in body


def test_anonymous_users_sign_in_and_other_areas_get_404(users, area_a, las, client, client_for):
    choose(area_a, las["essex"])
    for name in ("neighbours", "neighbours-edit"):
        response = client.get(url(name, area_a))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        response = client_for(users.other_area).get(url(name, area_a))
        assert response.status_code == 404
        assert "Essex" not in response.content.decode()
        client.logout()


def test_only_editors_see_the_change_button(users, area_a, las, client_for):
    edit = url("neighbours-edit", area_a)
    assert (
        edit not in client_for(users.board_member).get(url("neighbours", area_a)).content.decode()
    )
    assert edit in client_for(users.area_admin).get(url("neighbours", area_a)).content.decode()


# --- choosing -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["forum_member", "board_member"])
def test_board_and_forum_members_cannot_choose(role, users, area_a, las, client_for):
    choose(area_a, las["essex"])
    client = client_for(getattr(users, role))
    assert client.get(url("neighbours-edit", area_a)).status_code == 403
    response = client.post(url("neighbours-edit", area_a), {"neighbour_1": "E06900029"})
    assert response.status_code == 403
    assert chosen(area_a) == ["E06900012"]


def test_another_areas_commissioner_cannot_change_this_areas_set(
    users, area_a, area_b, las, client_for
):
    choose(area_a, las["essex"])
    response = client_for(users.other_area).post(
        url("neighbours-edit", area_a), {"neighbour_1": "E06900029"}
    )
    assert response.status_code == 404
    assert chosen(area_a) == ["E06900012"]


def test_the_form_offers_current_las_by_region_without_the_area_itself(
    users, area_a, las, client_for
):
    response = client_for(users.commissioner).get(url("neighbours-edit", area_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<optgroup label="East of England">' in body
    assert '<optgroup label="West Midlands">' in body
    assert 'value="E06900029"' in body  # Suffolk
    assert 'value="E06900006"' not in body  # Cumbria: gone since 2022
    assert f'value="{area_a.la_code}"' not in body  # the area itself
    assert body.count("<select") == 15


@pytest.mark.parametrize("role", ["commissioner", "area_admin"])
def test_editors_choose_neighbours_and_the_order_is_kept(role, users, area_a, las, client_for):
    response = client_for(getattr(users, role)).post(
        url("neighbours-edit", area_a),
        # a gap at 2 and 3 closes up
        {"neighbour_1": "E06900031", "neighbour_4": "E06900003", "neighbour_5": "E06900029"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("neighbours", area_a)
    assert chosen(area_a) == ["E06900031", "E06900003", "E06900029"]
    orders = StatisticalNeighbour.objects.in_area(area_a).order_by("order")
    assert [n.order for n in orders] == [1, 2, 3]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED, area=area_a).exists()


def test_the_form_shows_the_current_choice_in_its_places(users, area_a, las, client_for):
    choose(area_a, las["warks"], las["essex"])
    form = client_for(users.commissioner).get(url("neighbours-edit", area_a)).context["form"]
    assert form["neighbour_1"].value() == "E06900031"
    assert form["neighbour_2"].value() == "E06900012"
    assert not form["neighbour_3"].value()


def test_saving_replaces_the_whole_set(users, area_a, las, client_for):
    choose(area_a, las["essex"], las["suffolk"], las["gone"])
    client = client_for(users.commissioner)
    client.post(url("neighbours-edit", area_a), {"neighbour_1": "E06900003"})
    assert chosen(area_a) == ["E06900003"]


def test_saving_none_goes_back_to_the_default(users, area_a, las, client_for):
    choose(area_a, las["essex"])
    client = client_for(users.commissioner)
    response = client.post(url("neighbours-edit", area_a), {}, follow=True)
    assert chosen(area_a) == []
    assert DEFAULT in response.content.decode()


def test_choosing_one_la_twice_is_an_error_and_changes_nothing(users, area_a, las, client_for):
    choose(area_a, las["essex"])
    response = client_for(users.commissioner).post(
        url("neighbours-edit", area_a), {"neighbour_1": "E06900029", "neighbour_3": "E06900029"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Suffolk is already the 1st neighbour" in body
    assert 'href="#id_neighbour_3"' in body
    assert chosen(area_a) == ["E06900012"]


@pytest.mark.parametrize("code", ["E06900006", "E99999999", "'; DROP TABLE x", "\x00"])
def test_an_la_not_on_the_list_is_an_error(code, users, area_a, las, client_for):
    response = client_for(users.commissioner).post(
        url("neighbours-edit", area_a), {"neighbour_2": code}
    )
    assert response.status_code == 200
    assert "Choose a local authority from the list for the 2nd neighbour" in (
        response.content.decode()
    )
    assert chosen(area_a) == []


def test_no_more_than_15_places_are_read(users, area_a, las, client_for):
    data = {"neighbour_1": "E06900012", "neighbour_16": "E06900029", "area": "999"}
    client_for(users.commissioner).post(url("neighbours-edit", area_a), data)
    assert chosen(area_a) == ["E06900012"]


def test_one_areas_choice_leaves_other_areas_alone(users, area_a, area_b, las, client_for):
    choose(area_b, las["warks"], las["essex"])
    client_for(users.commissioner).post(
        url("neighbours-edit", area_a), {"neighbour_1": "E06900003"}
    )
    assert chosen(area_b) == ["E06900031", "E06900012"]
    body = client_for(users.commissioner).get(url("neighbours", area_a)).content.decode()
    assert "Warwickshire" not in body


def test_a_failed_replacement_keeps_the_previous_set(users, area_a, las):
    choose(area_a, las["essex"], las["suffolk"])
    access = AreaAccess.for_user(users.commissioner, area_a)
    with pytest.raises(IntegrityError):
        # the same LA twice breaks the unique constraint half-way through
        replace_neighbours(
            access=access, actor=users.commissioner, neighbours=[las["cambs"], las["cambs"]]
        )
    assert chosen(area_a) == ["E06900012", "E06900029"]
