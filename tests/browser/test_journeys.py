"""Each role's journey in a real browser: sign in, own area, area switcher, sign out."""

import re

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.browser.conftest import sign_in, sign_out
from tests.factories import RoleAssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV = {
    "commissioner": ["Overview", "Organisations", "Boards"],
    "board_member": ["Overview", "Organisations", "Boards"],
    "forum_member": ["Overview", "Organisations", "Boards"],
    "area_admin": ["Overview", "Organisations", "Boards", "People"],
}
ROLE_WORDS = {
    "commissioner": "commissioner",
    "board_member": "board member",
    "forum_member": "forum member",
    "area_admin": "area admin",
}


@pytest.mark.parametrize("role", list(NAV))
def test_role_journey(role, page, users, area_a, objects_of):
    user = getattr(users, role)
    sign_in(page, user.email)
    expect(page.get_by_role("heading", name="Your areas")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your area").click()
    expect(page.locator("main")).not_to_contain_text("Betashire")

    page.get_by_role("link", name="Alphashire", exact=True).first.click()
    expect(page.get_by_role("heading", name="Alphashire local area")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"You are {ROLE_WORDS[role]} in Alphashire")
    nav = page.get_by_role("navigation", name="Menu")
    for label in NAV[role]:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    if role != "area_admin":
        expect(nav.get_by_role("link", name="People")).to_have_count(0)

    nav.get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("link", name="Alphashire Secret Trust")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Betashire")

    # Another area's page does not exist for this user.
    response = page.goto("/areas/betashire/organisations/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

    page.goto("/areas/alphashire/")
    sign_out(page)
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/account/"))


def test_area_switcher_moves_between_the_users_areas(page, users, area_a, area_b):
    RoleAssignmentFactory(user=users.commissioner, area=area_b, role=Role.BOARD_MEMBER)
    sign_in(page, users.commissioner.email)
    page.get_by_role("link", name="Alphashire", exact=True).first.click()
    nav = page.get_by_role("navigation", name="Menu")
    nav.get_by_role("link", name="Change area").click()
    expect(page.get_by_role("heading", name="Your areas")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Current")
    page.get_by_role("link", name="Betashire", exact=True).click()
    expect(page.get_by_role("heading", name="Betashire local area")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You are board member in Betashire")
    # The area name beside the navigation names where the user now is.
    expect(page.get_by_role("region", name="Betashire")).to_be_visible()


def test_wrong_password_then_right_one(page, users):
    sign_in(page, users.board_member.email, "not-the-password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_label("Email address")).to_have_value(users.board_member.email)
    sign_in(page, users.board_member.email)
    expect(page.get_by_role("heading", name="Your areas")).to_be_visible()


def test_area_admin_adds_an_organisation_after_fixing_errors(page, users, area_a):
    sign_in(page, users.area_admin.email)
    page.goto("/areas/alphashire/organisations/add/")
    page.get_by_label("Short name (optional)").fill("KT")
    page.get_by_role("button", name="Add organisation").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_role("link", name="Enter the organisation's name").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    expect(page.get_by_label("Short name (optional)")).to_have_value("KT")  # kept
    page.get_by_label("Name", exact=True).fill("Kestrel Therapies")
    page.get_by_label("Provider (voluntary or independent)").check()
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("heading", name="Kestrel Therapies")).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been added")
