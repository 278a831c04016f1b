"""Hand-entered monthly figures: cumulative complaints, bad input, conflicts, roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from ehcp import monthly
from ehcp.models import MonthlyFigure
from ehcp.monthly_services import fingerprint

pytestmark = pytest.mark.django_db

TODAY = date(2021, 5, 20)  # the last complete month is April 2021


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def edit_url(area, year=2021, month=3):
    return reverse("ehcp:monthly-edit", kwargs={"area": area.slug, "year": year, "month": month})


def list_url(area, **params):
    url = reverse("ehcp:monthly", kwargs={"area": area.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_complaints_add_up_from_april_and_a_missing_month_is_not_guessed():
    months = monthly.months_back(date(2021, 5, 1), 4)  # Feb, Mar, Apr, May 2021
    values = {
        ("complaints_council", date(2021, 2, 1)): Decimal(3),
        ("complaints_council", date(2021, 3, 1)): Decimal(4),
        ("complaints_council", date(2021, 4, 1)): Decimal(2),
        ("complaints_council", date(2021, 5, 1)): Decimal(5),
        ("cme_all", date(2021, 3, 1)): Decimal(41),
    }
    rows = {r["measure"].key: r["values"] for r in monthly.reported(values, months)}
    # February: April 2020 to January 2021 were not entered -> not shown; March likewise
    assert rows["complaints_council"][:2] == [None, None]
    # April starts a new financial year: 2; May: 2 + 5 = 7
    assert rows["complaints_council"][2:] == [Decimal(2), Decimal(7)]
    assert rows["cme_all"] == [None, Decimal(41), None, None]  # not cumulative


def test_a_commissioner_enters_a_month_and_sees_it(client_for, users, area_a):
    client = client_for(users.commissioner)
    form = client.get(edit_url(area_a))
    assert form.status_code == 200
    seen = form.context["form"].initial["seen"]
    response = client.post(
        edit_url(area_a), {"seen": seen, "cme_all": "41", "ap_days": "12.5", "cme_ehcp": ""}
    )
    assert response.status_code == 302
    saved = dict(MonthlyFigure.objects.values_list("measure", "value"))
    assert saved == {"cme_all": Decimal(41), "ap_days": Decimal("12.5")}
    page = client.get(list_url(area_a, to="2021-03")).content.decode()
    assert "12.5" in page
    assert "Mar 2021" in page


def test_bad_input_is_named_and_what_was_typed_is_kept(client_for, users, area_a):
    client = client_for(users.area_admin)
    seen = fingerprint({})
    response = client.post(
        edit_url(area_a), {"seen": seen, "cme_all": "forty", "complaints_council": "2.5"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Children missing education must be a number" in body
    assert "must be a whole number" in body
    assert 'value="forty"' in body
    assert MonthlyFigure.objects.count() == 0


def test_a_save_after_someone_else_saved_is_refused_and_keeps_both(client_for, users, area_a):
    first = client_for(users.commissioner)
    second = client_for(users.area_admin)
    seen = first.get(edit_url(area_a)).context["form"].initial["seen"]
    assert second.get(edit_url(area_a)).context["form"].initial["seen"] == seen
    first.post(edit_url(area_a), {"seen": seen, "cme_all": "41"})

    refused = second.post(edit_url(area_a), {"seen": seen, "cme_all": "39"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else saved this month" in body
    assert "Saved by someone else meanwhile: 41" in body
    assert 'value="39"' in body  # what they typed is kept
    assert MonthlyFigure.objects.get().value == 41  # nothing overwritten

    # saving again, having seen the other figure, is deliberate and wins
    again = refused.context["form"].data["seen"]
    second.post(edit_url(area_a), {"seen": again, "cme_all": "39"})
    assert MonthlyFigure.objects.get().value == 39


def test_months_that_have_not_ended_or_do_not_exist_are_not_found(client_for, users, area_a):
    client = client_for(users.commissioner)
    assert client.get(edit_url(area_a, 2021, 5)).status_code == 404  # May has not ended
    assert client.get(edit_url(area_a, 2021, 13)).status_code == 404
    page = client.get(list_url(area_a, to="March"))
    assert page.status_code == 200
    assert "Enter a month that has ended" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("commissioner", 200, 200),
        ("area_admin", 200, 200),
        ("board_member", 200, 403),
        ("forum_member", 403, 403),
        ("other_area", 404, 404),
    ],
)
def test_who_reads_and_who_enters(client_for, users, area_a, role, read, write):
    client = client_for(getattr(users, role))
    assert client.get(list_url(area_a)).status_code == read
    assert client.get(edit_url(area_a)).status_code == write


def test_figures_of_another_area_never_show(client_for, users, area_a, area_b):
    MonthlyFigure.objects.create(area=area_b, month=date(2021, 3, 1), measure="cme_all", value=77)
    page = client_for(users.commissioner).get(list_url(area_a, to="2021-03"))
    assert ">77<" not in page.content.decode()
