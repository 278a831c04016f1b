"""The EHCP timeliness dashboard and flight board in Chromium, as a board member reads them:
every chart drawn under the strict CSP with no console error or CSP violation, no axe
violation (WCAG 2.2 AA), no horizontal scrolling at 320 px; a month chosen, a bad month, a
chart's CSV downloaded; the forecast's what-if and its error."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from core.models import Role
from ehcp import dashboard
from ehcp.synthetic import NORFOLK_2020_21, generate
from tests.browser.conftest import sign_in
from tests.ehcp.test_dashboard import load_cases
from tests.factories import AreaFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
#: Norfolk 2020-21 at a quarter of its size: the same shape, a quicker load
NORFOLK_QUARTER = dataclasses.replace(NORFOLK_2020_21, scale=0.25)


@pytest.fixture(scope="module")
def norfolk_cases():
    return generate(NORFOLK_QUARTER).cases


@pytest.fixture
def board_member(norfolk_cases):
    area = AreaFactory(name="Norfolk", slug="norfolk", la_code="E10000020")
    load_cases(area, norfolk_cases)
    return user_with_role(area, Role.BOARD_MEMBER, email="board@norfolk.example")


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return problems


def open_page(page: Page, path: str, charts) -> None:
    response = page.goto(path)
    assert response.status == 200
    for slug in charts:
        page.wait_for_selector(f"#{slug} .app-chart__plot svg.main-svg")


def check_accessible(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{v['id']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []


def check_reflow(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_dashboard_draws_every_chart_accessibly(page, board_member):
    problems = watch(page)
    sign_in(page, "board@norfolk.example")
    page.goto("/areas/norfolk/")
    page.get_by_role("link", name="EHCP timeliness").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("EHCP timeliness: December 2021")
    for slug in dashboard.TIMELINESS_CHARTS:
        page.wait_for_selector(f"#{slug} .app-chart__plot svg.main-svg")
        chart = page.locator(f"#{slug}")
        expect(chart.locator(".app-chart__plot")).to_be_visible()
        expect(chart.get_by_role("table")).to_be_visible()
        expect(chart.get_by_role("link", name="Download these numbers (CSV)")).to_be_visible()
    # Three periods in the 20-week chart's legend; the rate rises over the 24 months.
    expect(page.locator("#twenty-weeks-excluding .legend .traces")).to_have_count(3)
    rows = page.locator("#twenty-weeks-excluding tbody tr")
    first = float(rows.first.locator("td").nth(3).inner_text())
    last = float(rows.last.locator("td").nth(3).inner_text())
    assert last > first + 20
    check_accessible(page)
    check_reflow(page)
    # Another month, then a bad one: the GOV.UK error, the latest month shown.
    page.get_by_label("Month", exact=True).select_option(label="March 2021")
    page.get_by_role("button", name="Show this month").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("EHCP timeliness: March 2021")
    open_page(page, "/areas/norfolk/ehcp/?month=2021-13", dashboard.TIMELINESS_CHARTS)
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a month between")
    check_accessible(page)
    assert page.evaluate("window.cspViolations") == []
    assert problems == []


def test_a_chart_download_from_the_page(page, board_member):
    sign_in(page, "board@norfolk.example")
    open_page(page, "/areas/norfolk/ehcp/?month=2021-06", ["backlog"])
    with page.expect_download() as download:
        page.locator("#backlog > p").get_by_role("link").click()
    assert download.value.suggested_filename == "norfolk-ehcp-2021-06-backlog.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Month,Awaiting the decision,Being assessed,In process"
    assert lines[-1].startswith("Jun 2021,")
    table_last = page.locator("#backlog tbody tr").last.inner_text().split("\t")
    assert lines[-1].split(",") == [cell.strip() for cell in table_last]


def test_the_flight_board_and_the_forecast(page, board_member):
    problems = watch(page)
    sign_in(page, "board@norfolk.example")
    open_page(page, "/areas/norfolk/ehcp/flight-board/", dashboard.FLIGHT_BOARD_CHARTS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Flight board: open requests by week")
    expect(page.locator("#flight-board-weeks tbody tr")).to_have_count(21)
    expect(page.locator("#breaches").get_by_role("table")).to_be_visible()
    check_accessible(page)
    check_reflow(page)
    page.get_by_role("link", name="Capacity forecast and what-if").click()
    page.wait_for_load_state()
    for slug in dashboard.FORECAST_CHARTS:
        page.wait_for_selector(f"#{slug} .app-chart__plot svg.main-svg")
    page.get_by_label("Extra plans issued a month").fill("600")
    page.get_by_role("button", name="Work out the what-if").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("500 or fewer")
    check_accessible(page)
    page.get_by_label("Extra plans issued a month").fill("10")
    page.get_by_role("button", name="Work out the what-if").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="With 10 extra plans a month")).to_be_visible()
    page.wait_for_selector("#forecast-in-time .app-chart__plot svg.main-svg")
    expect(page.locator("#forecast-in-time .legend .traces")).to_have_count(2)
    check_accessible(page)
    assert page.evaluate("window.cspViolations") == []
    assert problems == []
