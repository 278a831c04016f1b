"""Forward plans as commissioners, board members and forum members use them, in Chromium."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import expect

from commissioning import services
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.factories import ActionFactory, BoardFactory, PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(area_a):
    priority = PriorityFactory(plan__area=area_a, plan__title="Alphashire joint plan", number=1,
                               title="Early help for families")  # fmt: skip
    ActionFactory(priority=priority, title="Open the speech and language service", owner="ICB lead")
    ActionFactory(priority=priority, title="Train school staff", owner="Head of SEND",
                  status="major_disruption")  # fmt: skip
    BoardFactory(area=area_a, name="SEND Partnership Board")
    return priority.plan


def test_commissioner_edits_updates_approves_compares_downloads_and_prints(page, users, plan):
    sign_in(page, users.commissioner.email)
    page.goto(f"/areas/alphashire/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Alphashire joint plan")).to_be_visible()

    # Edit a priority.
    page.get_by_role("link", name="Edit priority 1").click()
    page.get_by_label("Title").fill("Early help for every family")
    page.get_by_label("Joint delivery").check()
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_role("heading", name="Priority 1: Early help for every family")
    ).to_be_visible()

    # Record the board's approval (version 1).
    page.get_by_role("link", name="Record a board's approval of this version").click()
    page.get_by_label("Board that approved it").select_option(label="SEND Partnership Board")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Record approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 1")

    # Add a delivery update, with a mistake first.
    page.get_by_role("link", name="Open the speech and language service").click()
    page.get_by_role("link", name="Add a delivery update").click()
    page.get_by_label("Update", exact=True).fill("Provider appointed; service opens in August")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Add update").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of the update must be a real date"
    )
    expect(page.get_by_label("Update", exact=True)).to_have_value(
        "Provider appointed; service opens in August"
    )
    page.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Add update").click()
    expect(page.get_by_role("heading", name="28 February 2025")).to_be_visible()

    # Change the action, then see what changed since the board approved it.
    page.get_by_role("link", name="Edit the action").click()
    page.get_by_label("Progress (%)").fill("90")
    page.get_by_role("button", name="Save changes").click()
    page.goto(f"/areas/alphashire/plans/{plan.pk}/")
    page.get_by_role("link", name="What changed since the last board approved it").click()
    expect(page.get_by_role("heading", name="Actions changed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Progress (%)")

    # Download the filtered actions as Excel.
    page.goto(f"/areas/alphashire/plans/{plan.pk}/actions/")
    page.get_by_label("Owner contains").fill("head")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("main")).to_contain_text("1 action matches")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these actions as Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)] == [
        "Train school staff"
    ]

    # Print the plan: page chrome hidden on paper.
    page.goto(f"/areas/alphashire/plans/{plan.pk}/print/")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("heading", name="RAG summary")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "plan-print-as-printed.png", full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_board_member_reads_compares_and_prints_but_cannot_edit(page, users, plan, area_a):
    services.approve_version(plan=plan, board=area_a.boards.get(name="SEND Partnership Board"),
                             approved_on=plan.starts_on, recorded_by=None)  # fmt: skip
    sign_in(page, users.board_member.email)
    page.goto(f"/areas/alphashire/plans/{plan.pk}/")
    expect(page.get_by_role("link", name="Add a priority")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit priority 1")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Red")  # the disrupted action
    page.get_by_role("link", name="What changed since the last board approved it").click()
    expect(page.locator("main")).to_contain_text("Nothing has changed between these versions")
    response = page.goto(f"/areas/alphashire/plans/{plan.pk}/edit/")
    assert response.status == 403


def test_forum_member_reads_the_plan_and_its_history(page, users, plan):
    sign_in(page, users.forum_member.email)
    page.goto(f"/areas/alphashire/plans/{plan.pk}/")
    page.get_by_role("link", name="Train school staff").click()
    expect(page.locator("main")).to_contain_text("Major disruption reported")
    expect(page.get_by_role("link", name="Add a delivery update")).to_have_count(0)
    page.get_by_role("link", name="History of this action: who changed what, and when").click()
    expect(page.get_by_role("heading", name=re.compile("^Created by"))).to_be_visible()


def test_two_commissioners_editing_the_same_action(
    browser, live_server, settings, users, plan, area_a
):
    from tests.factories import user_with_role

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    other = user_with_role(area_a, "commissioner")
    action = plan.priorities.get().actions.get(title="Train school staff")
    pages = []
    for user in (users.commissioner, other):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        sign_in(page, user.email)
        page.goto(f"/areas/alphashire/actions/{action.pk}/edit/")
        pages.append(page)
    first, second = pages
    first.get_by_label("Owner (optional)").fill("Head of inclusion")
    first.get_by_role("button", name="Save changes").click()
    expect(first.get_by_role("heading", name="Train school staff")).to_be_visible()
    second.get_by_label("Owner (optional)").fill("Head of SEND services")
    second.get_by_role("button", name="Save changes").click()
    expect(
        second.get_by_role("heading", name="Someone else changed this while you were editing")
    ).to_be_visible()
    expect(second.locator("main")).to_contain_text("Head of inclusion")
    expect(second.get_by_label("Owner (optional)")).to_have_value("Head of SEND services")
    expect(second).to_have_title(re.compile(r"^Error: "))
    expect(second.locator(".govuk-error-summary")).to_contain_text("Owner (optional)")
    second.screenshot(path=SCREENSHOTS / "edit-conflict.png", full_page=True)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    results = Axe().run(second, options={"runOnly": {"type": "tag", "values": tags}})
    assert results.response["violations"] == []
    action.refresh_from_db()
    assert action.owner == "Head of inclusion"
    for page in pages:
        page.context.close()
