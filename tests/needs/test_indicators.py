"""Local JSNA indicators: who reads and writes them, bad input, conflicts, double posts,
downloads."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.access import AreaAccess
from core.models import AuditEvent
from needs.indicator_selectors import local_indicators
from needs.models import LocalIndicator

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Children on the register of disabled children",
    "value": "1,250",
    "unit": "count",
    "period": "2024 to 2025",
    "source": "Children's services register",
    "notes": "Counted at 31 March.",
}


def make(area, **fields) -> LocalIndicator:
    values = {
        "name": "Register of disabled children",
        "value": Decimal("1200"),
        "unit": "count",
        "period": "2024",
        "source": "Council register",
    }
    return LocalIndicator.objects.create(area=area, **{**values, **fields})


def url(name: str, area, **kwargs) -> str:
    return reverse(f"needs:{name}", kwargs={"area": area.slug, **kwargs})


def form_data(client, page: str, **changes) -> dict:
    """What the browser would post: the form's hidden fields as served, plus typed values."""
    form = client.get(page).context["form"]
    hidden = {f.name: f.value() for f in form.hidden_fields() if f.value() is not None}
    return {**hidden, **GOOD, **changes}


# --- reading --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["forum_member", "board_member", "commissioner", "area_admin"])
def test_everyone_with_a_role_in_the_area_reads_the_list(role, users, area_a, area_b, client_for):
    make(area_a, name="Alphashire register")
    make(area_b, name="Betashire secret register")
    response = client_for(getattr(users, role)).get(url("indicators", area_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alphashire register" in body
    assert "Betashire secret register" not in body


def test_another_areas_user_gets_404_and_the_public_is_sent_to_sign_in(
    users, area_a, client, client_for
):
    make(area_a, name="Alphashire register")
    anonymous = client.get(url("indicators", area_a))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    response = client_for(users.other_area).get(url("indicators", area_a))
    assert response.status_code == 404
    assert "Alphashire register" not in response.content.decode()


def test_only_editors_see_the_change_links(users, area_a, client_for):
    indicator = make(area_a)
    edit = url("indicator-edit", area_a, pk=indicator.pk)
    assert (
        edit not in client_for(users.board_member).get(url("indicators", area_a)).content.decode()
    )
    assert edit in client_for(users.commissioner).get(url("indicators", area_a)).content.decode()


def test_the_list_shows_values_with_their_units(users, area_a, client_for):
    make(area_a, name="Rate", value=Decimal("12.50"), unit="rate")
    make(area_a, name="Share", value=Decimal("45.5"), unit="percent")
    make(area_a, name="Count", value=Decimal("12500"), unit="count")
    body = client_for(users.forum_member).get(url("indicators", area_a)).content.decode()
    assert "12.50 per 10,000" in body or "12.5 per 10,000" in body
    assert "45.50%" in body or "45.5%" in body
    assert "12,500" in body


def test_the_list_costs_the_same_queries_for_3_or_30_indicators(
    users, area_a, client_for, django_assert_max_num_queries
):
    client = client_for(users.board_member)
    for n in range(3):
        make(area_a, name=f"Indicator {n}")
    with django_assert_max_num_queries(12) as few:
        client.get(url("indicators", area_a))
    for n in range(27):
        make(area_a, name=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("indicators", area_a))


def test_the_selector_shows_indicators_to_members_only(users, area_a):
    make(area_a)
    member = AreaAccess.for_user(users.forum_member, area_a)
    public = AreaAccess.for_user(users.other_area, area_a, public_view=True)
    assert local_indicators(member).count() == 1
    assert local_indicators(public).count() == 0
    with pytest.raises(TypeError):
        local_indicators(area_a)


# --- writing --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["commissioner", "area_admin"])
def test_commissioners_and_area_admins_add_an_indicator(role, users, area_a, client_for):
    client = client_for(getattr(users, role))
    page = url("indicator-add", area_a)
    response = client.post(page, form_data(client, page))
    assert response.status_code == 302
    assert response["Location"] == url("indicators", area_a)
    indicator = LocalIndicator.objects.get()
    assert indicator.area == area_a
    assert indicator.value == Decimal("1250")
    assert indicator.name == GOOD["name"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, area=area_a).exists()


@pytest.mark.parametrize("role", ["forum_member", "board_member"])
def test_board_and_forum_members_cannot_change_indicators(role, users, area_a, client_for):
    indicator = make(area_a, name="Kept as it was")
    client = client_for(getattr(users, role))
    for name, kwargs in [
        ("indicator-add", {}),
        ("indicator-edit", {"pk": indicator.pk}),
        ("indicator-delete", {"pk": indicator.pk}),
    ]:
        page = url(name, area_a, **kwargs)
        assert client.get(page).status_code == 403
        assert client.post(page, {**GOOD, "seen_version": "1"}).status_code == 403
    assert LocalIndicator.objects.get().name == "Kept as it was"
    assert LocalIndicator.objects.count() == 1


def test_another_areas_commissioner_gets_404_for_every_page(users, area_a, client_for):
    indicator = make(area_a, name="Alphashire register")
    client = client_for(users.other_area)
    for name, kwargs in [
        ("indicator-add", {}),
        ("indicator-edit", {"pk": indicator.pk}),
        ("indicator-delete", {"pk": indicator.pk}),
    ]:
        page = url(name, area_a, **kwargs)
        assert client.get(page).status_code == 404
        assert client.post(page, {**GOOD, "seen_version": "1"}).status_code == 404
    assert LocalIndicator.objects.get().name == "Alphashire register"


def test_an_indicator_of_another_area_is_not_found_through_this_area(
    users, area_a, area_b, client_for
):
    theirs = make(area_b, name="Betashire register")
    client = client_for(users.commissioner)
    assert client.get(url("indicator-edit", area_a, pk=theirs.pk)).status_code == 404
    assert client.post(url("indicator-delete", area_a, pk=theirs.pk)).status_code == 404
    assert LocalIndicator.objects.filter(pk=theirs.pk).exists()


def test_anonymous_posts_are_sent_to_sign_in_and_write_nothing(area_a, client):
    response = client.post(url("indicator-add", area_a), GOOD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not LocalIndicator.objects.exists()


def test_edit_saves_and_counts_the_version(users, area_a, client_for):
    indicator = make(area_a)
    client = client_for(users.commissioner)
    page = url("indicator-edit", area_a, pk=indicator.pk)
    response = client.post(page, form_data(client, page, value="1300.5", unit="rate"))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.value, indicator.unit, indicator.version) == (Decimal("1300.50"), "rate", 2)


def test_a_stale_edit_gets_the_conflict_page_and_overwrites_nothing(users, area_a, client_for):
    indicator = make(area_a, name="Original")
    first = client_for(users.commissioner)
    page = url("indicator-edit", area_a, pk=indicator.pk)
    mine = form_data(first, page, name="Mine")
    LocalIndicator.objects.filter(pk=indicator.pk).update(name="Theirs", version=2)
    response = first.post(page, mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this" in body
    assert "Theirs" in body
    assert "Mine" in body
    indicator.refresh_from_db()
    assert (indicator.name, indicator.version) == ("Theirs", 2)
    # Saving again from the conflict page (it carries the saved version) wins.
    again = {**mine, "seen_version": "2", "submission": str(uuid.uuid4())}
    assert first.post(page, again).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.version) == ("Mine", 3)


def test_delete_asks_then_deletes(users, area_a, client_for):
    indicator = make(area_a, name="To go")
    client = client_for(users.area_admin)
    page = url("indicator-delete", area_a, pk=indicator.pk)
    assert "Are you sure" in client.get(page).content.decode()
    response = client.post(page)
    assert response.status_code == 302
    assert response["Location"] == url("indicators", area_a)
    assert not LocalIndicator.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED, area=area_a).exists()


def test_extra_fields_cannot_move_an_indicator_or_set_its_version(
    users, area_a, area_b, client_for
):
    client = client_for(users.commissioner)
    page = url("indicator-add", area_a)
    extra = {"area": str(area_b.pk), "version": "99", "created_at": "2001-01-01"}
    client.post(page, form_data(client, page, **extra))
    indicator = LocalIndicator.objects.get()
    assert (indicator.area, indicator.version) == (area_a, 1)
    assert indicator.created_at.year > 2001


# --- bad input ------------------------------------------------------------------------


def test_bad_input_shows_govuk_errors_and_keeps_what_was_typed(users, area_a, client_for):
    client = client_for(users.commissioner)
    page = url("indicator-add", area_a)
    notes = "Long notes. " * 4167  # 50,004 characters
    response = client.post(
        page, form_data(client, page, name="  ", value="lots of children", notes=notes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "govuk-error-summary" in body
    for message, anchor in [
        ("Enter the name of the indicator", "#id_name"),
        ("Value must be a number, like 1,250 or 12.5", "#id_value"),
        ("Notes must be 2,000 characters or fewer", "#id_notes"),
    ]:
        assert message in body
        assert f'href="{anchor}"' in body
    assert 'value="lots of children"' in body
    assert notes.strip() in body
    assert GOOD["source"].replace("'", "&#x27;") in body
    assert not LocalIndicator.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("value", "1e400", "Value must be"),
        ("value", "12.345", "Value must not have more than 2 decimal places"),
        ("period", "", "Enter the period the value covers"),
        ("source", "", "Enter the source of the value"),
        ("unit", "per_week", "Select a valid choice"),
        ("name", "x" * 201, "Name must be 200 characters or fewer"),
        ("name", "nul\x00name", "Null characters are not allowed"),
    ],
)
def test_each_bad_value_names_its_field(field, typed, message, users, area_a, client_for):
    client = client_for(users.commissioner)
    page = url("indicator-add", area_a)
    response = client.post(page, form_data(client, page, **{field: typed}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not LocalIndicator.objects.exists()


# --- double submit --------------------------------------------------------------------


def test_the_same_add_form_posted_twice_makes_one_row(users, area_a, client_for):
    client = client_for(users.commissioner)
    page = url("indicator-add", area_a)
    data = form_data(client, page)
    first = client.post(page, data)
    second = client.post(page, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert LocalIndicator.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_identical_posts_make_one_row(users, area_a):
    page = url("indicator-add", area_a)
    data = {**GOOD, "submission": str(uuid.uuid4())}

    def post(_):
        client = Client()
        client.force_login(users.commissioner)
        try:
            return client.post(page, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(post, range(10)))
    assert codes == [302] * 10
    assert LocalIndicator.objects.count() == 1


# --- downloads ------------------------------------------------------------------------


def test_the_list_downloads_as_csv_with_formulas_neutralised(users, area_a, area_b, client_for):
    make(area_a, name='=HYPERLINK("http://evil")', notes="@SUM(A1)", value=Decimal("-5"))
    make(area_a, name="Register", value=Decimal("12.5"))
    make(area_b, name="Betashire secret")
    response = client_for(users.board_member).get(url("indicators", area_a) + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Indicator,Value,Unit,Period,Source,Notes,Last updated"
    assert lines[1].startswith('"\'=HYPERLINK(""http://evil"")",-5.00,Number,2024,')
    assert "'@SUM(A1)" in lines[1]
    assert lines[2].startswith("Register,12.50,Number,")
    assert "Betashire" not in text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, area=area_a).exists()


def test_the_list_downloads_as_excel(users, area_a, client_for):
    make(area_a)
    response = client_for(users.forum_member).get(url("indicators", area_a) + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
