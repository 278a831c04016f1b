""" "You said, we did" in Chromium: a member of the public reads an area's page, filters it by
theme, opens an item and its actions, and switches to easy read at 320 px by keyboard alone;
script payloads in what is published never run (QUALITY A2, A4, S9). A forum member reads
their own feedback."""

import pytest
from playwright.sync_api import Page, expect

from coproduction.models import FeedbackStatus
from core.models import Role
from tests.browser.conftest import sign_in
from tests.browser.test_coproduction_submit import (
    PAYLOAD,
    assert_no_sideways_scroll,
    tab_to,
    watch_dialogs,
)
from tests.coproduction.public_helpers import published
from tests.factories import ActionFactory, FeedbackFactory, ThemeFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feedback_page(area_a):
    keyworkers = ThemeFactory(area=area_a, name="Keyworkers")
    transport = ThemeFactory(area=area_a, name="Transport")
    action = ActionFactory(priority__plan__area=area_a, title="Recruit a keyworker team")
    for n in range(5):
        item = published(
            area_a,
            themes=[keyworkers],
            public_text=f"Keyworker story {n} {PAYLOAD}",
            response=f"Keyworker answer {n} {PAYLOAD}",
            status=FeedbackStatus.ACTION_LINKED,
        )
        item.linked_actions.add(action)
    published(area_a, themes=[transport], public_text="The bus takes two hours")
    waiting = ThemeFactory(area=area_a, name="Waiting times")
    for n in range(2):
        published(area_a, themes=[waiting], public_text=f"Waiting story {n}")
    return area_a


def test_member_of_the_public_reads_filters_and_switches_to_easy_read_by_keyboard(
    page: Page, feedback_page
):
    area = feedback_page
    dialogs = watch_dialogs(page)
    page.goto(f"/areas/{area.slug}/")
    page.get_by_role("link", name="You said, we did").first.click()
    expect(page.get_by_role("heading", name="You said, we did", exact=True)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("8 items published")
    expect(main).to_contain_text(f"Keyworker story 0 {PAYLOAD}")  # as text, never run
    expect(main).to_contain_text("The bus takes two hours")
    counts = page.get_by_role("table", name="Published feedback by theme")
    expect(counts.get_by_role("row", name="Keyworkers 5")).to_be_visible()
    expect(counts.get_by_role("row", name="Transport c")).to_be_visible()

    page.get_by_label("Theme", exact=True).select_option(label="Transport")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    expect(main).to_contain_text("Fewer than 5 items match the filters")  # Transport: c above
    expect(main).not_to_contain_text("Keyworker story")

    page.get_by_label("Theme", exact=True).select_option(label="Keyworkers")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Keyworker story 4").click()
    expect(page.get_by_role("heading", name="What we are doing about it")).to_be_visible()
    expect(main).to_contain_text("Recruit a keyworker team")
    page.go_back()
    page.wait_for_load_state()

    # Easy read at 320 px, by keyboard only; the filter comes along.
    page.set_viewport_size({"width": 320, "height": 700})
    assert_no_sideways_scroll(page)
    tab_to(page, "a[href*='/easy-read/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/easy-read/?theme=*")
    expect(page.get_by_role("heading", name="You said. We did.")).to_be_visible()
    assert_no_sideways_scroll(page)
    expect(main).to_contain_text("There are 5 things to read for what you chose")
    expect(main).to_contain_text("We are working on it")
    expect(main).not_to_contain_text("The bus takes two hours")
    expect(page.get_by_label("Topic", exact=True)).to_have_value(
        str(area.feedback_themes.get(name="Keyworkers").pk)
    )
    # choose another topic by keyboard and show it
    tab_to(page, "#id_theme")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(main).to_contain_text("The bus takes two hours")
    assert_no_sideways_scroll(page)
    tab_to(page, "a[href*='/you-said-we-did/?']")  # back to the standard version
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="You said, we did", exact=True)).to_be_visible()
    assert dialogs == []


def test_forum_member_reads_their_own_feedback_and_its_answer(page: Page, area_a):
    forum = user_with_role(area_a, Role.FORUM_MEMBER)
    mine = published(area_a, submitted_by=forum, working=f"My words {PAYLOAD}",
                     response="We changed the rota")  # fmt: skip
    theirs = FeedbackFactory(area=area_a, submitted_by=user_with_role(area_a, Role.FORUM_MEMBER))
    dialogs = watch_dialogs(page)
    sign_in(page, forum.email)
    page.goto(f"/areas/{area_a.slug}/you-said-we-did/")
    page.get_by_role("link", name="Feedback you have sent").click()
    expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(theirs.reference)
    page.get_by_role("link", name=mine.reference).click()
    expect(page.locator("main")).to_contain_text(f"My words {PAYLOAD}")
    expect(page.locator("main")).to_contain_text("We changed the rota")
    assert page.goto(f"/areas/{area_a.slug}/your-feedback/{theirs.pk}/").status == 404
    assert dialogs == []
