"""Moderating feedback in Chromium: a commissioner opens the queue, tags a theme, links a
priority, writes a response and publishes; the priority's page then shows the item, to the
commissioner and to the public. Script payloads on the way never run (QUALITY S9)."""

import re

import pytest
from playwright.sync_api import expect

from coproduction.models import Feedback, FeedbackStatus
from tests.browser.conftest import PAYLOAD, sign_in, sign_out, watch_dialogs
from tests.factories import ActionFactory, FeedbackFactory, PriorityFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_moderates_and_publishes_and_the_priority_shows_it(page, area_a, users):
    priority = PriorityFactory(plan__area=area_a, plan__title="Alphashire joint plan", number=1,
                               title="Keyworkers for every family")  # fmt: skip
    ActionFactory(priority=priority, title="Recruit four keyworkers")
    ThemeFactory(area=area_a, name="Keyworkers")
    ThemeFactory(area=area_a, name="Waiting times")
    feedback = FeedbackFactory(
        area=area_a,
        not_working=f"Nobody calls us back {PAYLOAD}",
        working="Our school's SENCo, Mrs Example, listens",
    )
    older = FeedbackFactory(area=area_a, status=FeedbackStatus.NOT_POSSIBLE,
                            not_possible_reason="National service")  # fmt: skip
    dialogs = watch_dialogs(page)

    sign_in(page, users.commissioner.email)
    page.goto(f"/areas/{area_a.slug}/")
    page.get_by_role("link", name="Feedback", exact=True).click()
    expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()
    rows = page.locator("table.govuk-table").last.locator("tbody tr")
    expect(rows.first).to_contain_text(feedback.reference)  # new items first
    expect(rows.nth(1)).to_contain_text(older.reference)
    expect(page.locator("main")).to_contain_text(f"Nobody calls us back {PAYLOAD}")

    page.get_by_role("link", name=feedback.reference).click()
    expect(page.get_by_role("heading", name=f"Feedback {feedback.reference}")).to_be_visible()
    public_text = page.get_by_label("What we publish (you said)")
    expect(public_text).to_have_value(re.compile(r"^What is working: Our school's SENCo"))

    # Marking it responded without a response: an error, nothing typed lost.
    page.get_by_label("Keyworkers", exact=True).check()
    page.get_by_label("Alphashire joint plan – priority 1: Keyworkers for every family").check()
    public_text.fill("What is not working: nobody calls us back.")
    page.get_by_label("Responded").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Write what we did before marking it as responded"
    )
    expect(public_text).to_have_value("What is not working: nobody calls us back.")
    expect(page.get_by_label("Keyworkers", exact=True)).to_be_checked()

    page.get_by_label("What we did (we did)").fill(f"We recruited four keyworkers. {PAYLOAD}")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Your changes to {feedback.reference} have been saved"
    )
    page.get_by_role("button", name=f"Publish {feedback.reference}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Feedback {feedback.reference} is now published"
    )
    saved = Feedback.objects.get(pk=feedback.pk)
    assert saved.is_published
    assert saved.status == FeedbackStatus.RESPONDED
    assert saved.response == f"We recruited four keyworkers. {PAYLOAD}"

    # The golden thread: the priority's page shows the item.
    page.goto(f"/areas/{area_a.slug}/plans/{priority.plan.pk}/")
    section = page.locator(f"#priority-{priority.pk}")
    expect(section).to_contain_text("Feedback linked to this priority: 1")
    expect(section.get_by_role("link", name=feedback.reference)).to_be_visible()
    expect(section).to_contain_text("Keyworkers")

    sign_out(page)
    page.goto(f"/areas/{area_a.slug}/plans/{priority.plan.pk}/")
    section = page.locator(f"#priority-{priority.pk}")
    expect(section).to_contain_text("Feedback linked to this priority: 1")
    # The public reads what was published, never the reference, and follows it to its page
    expect(section).to_contain_text("What is not working: nobody calls us back.")
    expect(section).to_contain_text(f"We recruited four keyworkers. {PAYLOAD}")  # as text
    expect(section).to_contain_text("Responded")
    expect(section).not_to_contain_text(feedback.reference)
    section.get_by_role("link", name=re.compile(r"^Read the feedback published on")).click()
    expect(page.get_by_role("heading", name="We did")).to_be_visible()
    expect(page.locator("main")).to_contain_text("We recruited four keyworkers.")
    assert dialogs == []


def test_a_stale_edit_in_another_tab_keeps_what_was_typed(page, area_a, users, browser):
    ThemeFactory(area=area_a, name="Transport")
    feedback = FeedbackFactory(area=area_a)
    item = f"/areas/{area_a.slug}/co-production/feedback/{feedback.pk}/"
    sign_in(page, users.commissioner.email)
    page.goto(item)
    other = page.context.new_page()
    other.goto(item)
    other.get_by_label("What we did (we did)").fill("Their response, saved first")
    other.get_by_role("button", name="Save", exact=True).click()
    expect(other.locator(".govuk-notification-banner--success")).to_be_visible()

    page.get_by_label("What we did (we did)").fill("My response, typed second")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Someone else changed this")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Their response, saved first")
    expect(page.get_by_label("What we did (we did)")).to_have_value("My response, typed second")
    page.get_by_role("button", name="Save my version").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Feedback.objects.get(pk=feedback.pk).response == "My response, typed second"
