"""Giving feedback in Chromium: a parent carer (signed-in forum member) with script payloads
in every box, and a young person at 320 px wide using the keyboard alone (QUALITY A2, A4, S9)."""

import pytest
from playwright.sync_api import Page, expect

from coproduction.models import Feedback
from core.models import Role
from tests.browser.conftest import PAYLOAD, sign_in, watch_dialogs
from tests.factories import CoproductionSettingsFactory, PriorityFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_parent_carer_gives_feedback_and_a_resend_saves_nothing_more(page, area_a):
    forum = user_with_role(area_a, Role.FORUM_MEMBER)
    priority = PriorityFactory(plan__area=area_a, title="Keyworkers for every family")
    dialogs = watch_dialogs(page)
    sign_in(page, forum.email)
    page.goto(f"/areas/{area_a.slug}/")
    page.get_by_role("link", name="Give feedback").first.click()
    page.get_by_role("button", name="Start now").click()

    click_continue(page)  # nothing chosen: an error, linked to the first option
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who you are")
    page.get_by_role("link", name="Select who you are").click()
    expect(page.get_by_label("Parent or carer")).to_be_focused()
    page.get_by_label("Parent or carer").check()
    click_continue(page)

    page.get_by_label("A priority in our plan (optional)").select_option(str(priority.pk))
    click_continue(page)
    for label in ("What is working?", "What is not working?", "What is important for the future?",
                  "Anything else you want to tell us (optional)"):  # fmt: skip
        page.get_by_label(label).fill(f"{label} {PAYLOAD} 😊 \u0645\u0631\u062d\u0628\u0627")
    click_continue(page)
    page.get_by_label("Yes, you may publish it without my name").check()
    click_continue(page)
    page.get_by_label("Yes", exact=True).check()
    click_continue(page)
    page.get_by_label("Your name (optional)").fill(PAYLOAD)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("To tell you what we did about it").check()
    click_continue(page)

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Keyworkers for every family")
    expect(page.locator(".govuk-summary-list")).to_contain_text(PAYLOAD)  # shown as text
    check_url = page.url
    form = {
        name: page.locator(f"#main-form input[name={name}]").input_value()
        for name in ("csrfmiddlewaretoken", "submission")
    }
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Feedback sent")
    feedback = Feedback.objects.get()
    expect(panel).to_contain_text(feedback.reference)
    assert feedback.submitted_by == forum
    assert feedback.about_priority == priority
    assert feedback.working.startswith(f"What is working? {PAYLOAD} 😊")
    assert feedback.contact.name == PAYLOAD

    # The same check page posted again (a resubmitted form): sent to the first's confirmation.
    again = page.request.post(check_url, form=form, max_redirects=0)
    assert again.status == 302
    assert again.headers["location"].endswith("/feedback/sent/")
    assert Feedback.objects.count() == 1
    page.go_back()  # the pages are never cached: back starts a new piece of feedback
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    assert dialogs == []


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            focus = page.evaluate(
                """() => { const s = getComputedStyle(document.activeElement);
                           return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"""
            )
            assert focus, f"{selector} has focus but no visible focus style"
            return
    pytest.fail(f"Tab never reached {selector}")


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320 px"


def test_young_person_at_320px_by_keyboard_alone(page, area_a):
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    dialogs = watch_dialogs(page)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"/areas/{area_a.slug}/feedback/young-people/")
    assert_no_sideways_scroll(page)
    expect(page.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    tab_to(page, "a.govuk-button--start")
    page.keyboard.press("Enter")

    # How do you feel? Faces with words; arrow keys move between them.
    page.wait_for_url("**/feeling/")
    assert_no_sideways_scroll(page)
    expect(page.get_by_label("Happy")).to_be_visible()
    tab_to(page, "#id_feeling_0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Sad
    expect(page.get_by_label("Sad")).to_be_checked()
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/good/")
    tab_to(page, "#id_working")
    page.keyboard.type(f"My teaching assistant 😊 {PAYLOAD}")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/not-good/")
    assert_no_sideways_scroll(page)
    tab_to(page, "#id_not_working")
    page.keyboard.type("Lunch is too loud")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/better/")
    tab_to(page, "#main-form button")  # skipped: we already told them two things
    page.keyboard.press("Enter")

    page.wait_for_url("**/share/")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")  # no choice: a plain-words error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Pick yes or no")
    assert_no_sideways_scroll(page)
    tab_to(page, "#id_consent_0")
    page.keyboard.press("Space")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/contact/")
    tab_to(page, "#id_contact_wanted_0")
    page.keyboard.press("ArrowDown")  # No
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/check/")
    assert_no_sideways_scroll(page)
    expect(page.get_by_role("heading", name="Check what you told us")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Sad")
    tab_to(page, "#main-form button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/sent/")
    assert_no_sideways_scroll(page)
    feedback = Feedback.objects.get()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text(feedback.reference)
    assert (feedback.channel, feedback.speaker, feedback.feeling) == (
        "young_people",
        "young_person",
        "sad",
    )
    assert feedback.working == f"My teaching assistant 😊 {PAYLOAD}"
    assert feedback.submitted_by is None
    assert dialogs == []
