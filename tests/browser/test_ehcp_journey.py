"""A commissioner imports a month's SEN2 extract in Chromium, then a board member reads
the timeliness pages; a malformed extract is refused by module, row and field."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from ehcp import synthetic
from ehcp.models import CaseRequest
from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def extract_for(area, tmp_path, **changes):
    params = dataclasses.replace(
        synthetic.NORFOLK_2020_21,
        la_code=area.la_code,
        start=date(2020, 4, 1),
        end=date(2021, 3, 31),
        scale=0.2,
        **changes,
    )
    return synthetic.write_zip(synthetic.generate(params), tmp_path / "sen2-extract.zip")


def test_commissioner_imports_and_a_board_member_reads_the_clock(
    page: Page, users, area_a, tmp_path
):
    sign_in(page, users.commissioner.email)
    page.goto(f"/areas/{area_a.slug}/ehcp/imports/")
    page.get_by_label("Upload the extract").set_input_files(str(extract_for(area_a, tmp_path)))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Imported")
    held = CaseRequest.objects.filter(area=area_a).count()
    assert held > 0
    # The commissioner reads what the extract says, tries a what-if, and takes the pack.
    page.goto(f"/areas/{area_a.slug}/ehcp/forecast/")
    page.get_by_label("Extra plans issued a month").fill("5")
    page.get_by_role("button", name="Work out the what-if").click()
    page.wait_for_load_state()
    expect(page.locator("#forecast-what-if")).to_be_visible()
    expect(page.locator("main")).to_contain_text("With 5 extra plans a month")
    page.goto(f"/areas/{area_a.slug}/ehcp/board-pack/?to=2021-03")
    expect(page.get_by_role("heading", level=1)).to_contain_text("January to March 2021")
    sign_out(page)

    sign_in(page, users.board_member.email)
    page.goto(f"/areas/{area_a.slug}/ehcp/?month=2021-03")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("20 weeks")
    page.goto(f"/areas/{area_a.slug}/ehcp/flight-board/")
    expect(page.locator("main")).to_contain_text("week")
    page.goto(f"/areas/{area_a.slug}/ehcp/forecast/")
    expect(page.locator("main")).to_contain_text("backlog")
    assert page.goto(f"/areas/{area_a.slug}/ehcp/cases/").status == 403


def test_a_malformed_extract_is_refused_and_nothing_is_held(page: Page, users, area_a, tmp_path):
    bad = tmp_path / "requests.csv"
    bad.write_text(
        "requests_record_id,person_id,receiveddate,requestoutcome\nR1,P1,31/13/2021,Y\n",
        encoding="utf-8",
    )
    for user in (users.commissioner, users.area_admin):
        sign_in(page, user.email)
        page.goto(f"/areas/{area_a.slug}/ehcp/imports/")
        page.get_by_label("Upload the extract").set_input_files(str(bad))
        page.get_by_role("button", name="Upload and import").click()
        page.wait_for_load_state()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("nothing was changed")
        expect(summary).to_contain_text("requests.csv, row 2, field receiveddate")
        assert CaseRequest.objects.count() == 0
        sign_out(page)
