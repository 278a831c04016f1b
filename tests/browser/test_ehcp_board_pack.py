"""The performance framework report (the board pack) in Chromium, as a board member takes it
to a meeting: the three months' tables, what changed and both charts drawn under the strict CSP
with no console error or CSP violation, no axe violation (WCAG 2.2 AA), no horizontal
scrolling at 320 px; a bad month; the print page as an A4 PDF; the HTML file downloaded."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from core.models import Role
from ehcp.models import Target
from ehcp.snapshots import freeze_closed_months
from ehcp.synthetic import NORFOLK_2020_21, generate
from tests.browser.conftest import sign_in
from tests.browser.test_ehcp_dashboard import check_accessible, check_reflow, open_page, watch
from tests.ehcp.test_dashboard import load_cases
from tests.factories import AreaFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["pack-twenty-weeks", "pack-backlog"]
PACK = "/areas/norfolk/ehcp/board-pack/"


@pytest.fixture(scope="module")
def norfolk_cases():
    return generate(dataclasses.replace(NORFOLK_2020_21, scale=0.25)).cases


@pytest.fixture
def board_member(norfolk_cases):
    area = AreaFactory(name="Norfolk", slug="norfolk", la_code="E10000020")
    load_cases(area, norfolk_cases, extract_date=date(2021, 12, 31))
    freeze_closed_months(area, today=date(2022, 1, 10))
    for due, value in ((date(2021, 12, 31), 60), (date(2022, 12, 31), 90)):
        Target.objects.create(area=area, measure="issued_20_weeks_ex", due=due, value=value)
    return user_with_role(area, Role.BOARD_MEMBER, email="board@norfolk.example")


def test_the_pack_reads_with_its_charts_accessibly(page, board_member):
    problems = watch(page)
    sign_in(page, "board@norfolk.example")
    open_page(page, PACK, CHARTS)
    heading = "Performance framework report: October to December 2021"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_label("Three months ending").select_option(label="March 2021")
    page.get_by_role("button", name="Show these months").click()
    page.wait_for_load_state()
    for slug in CHARTS:
        page.wait_for_selector(f"#{slug} .app-chart__plot svg.main-svg")
        expect(page.locator(f"#{slug}").get_by_role("table")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Performance framework report: January to March 2021"
    )
    twenty = page.locator("#table-twenty-weeks table")
    expect(twenty.locator("thead th")).to_have_count(5)  # measure, methodology, three months
    expect(twenty).to_contain_text("Target for the month (trajectory)")
    expect(page.locator("#table-twenty-weeks thead")).to_contain_text("frozen")
    expect(page.locator("#what-changed li").first).to_contain_text("March 2021")
    expect(page.locator("#pack-twenty-weeks .legend .traces")).to_have_count(2)  # rate, target
    check_accessible(page)
    check_reflow(page)
    # A month the data has no figures for: the GOV.UK error, the latest months shown.
    open_page(page, f"{PACK}?to=2030-01", CHARTS)
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a month between")
    check_accessible(page)
    assert page.evaluate("window.cspViolations") == []
    assert problems == []


def test_the_pack_prints_on_a4_and_downloads_as_a_file(page, board_member, tmp_path):
    problems = watch(page)
    sign_in(page, "board@norfolk.example")
    open_page(page, f"{PACK}?to=2021-03", CHARTS)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download it as an HTML file")).click()
    assert download.value.suggested_filename == "board-pack-norfolk-2021-03.html"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "Criteria / methodology" in text
    assert "<script src" not in text
    # The file opened from disk: no portal, no scripts, every number in its tables.
    file_page = page.context.new_page()
    file_page.goto(saved.as_uri())
    expect(file_page.get_by_role("heading", level=1)).to_contain_text("January to March 2021")
    expect(file_page.locator("#pack-backlog table")).to_be_visible()
    file_page.close()
    page.get_by_role("link", name="Print it, or save it as a PDF, on A4 pages").click()
    page.wait_for_load_state()
    for slug in CHARTS:
        page.wait_for_selector(f"#{slug} .app-chart__plot svg.main-svg")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    check_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.locator("#pack-backlog .app-chart__plot")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 3
    (tmp_path / "board-pack.pdf").write_bytes(pdf)
    assert page.evaluate("window.cspViolations") == []
    assert problems == []
