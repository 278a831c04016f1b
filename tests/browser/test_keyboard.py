"""QUALITY.md A2: the sign-in journey by keyboard alone: every control reachable,
its focus visible, and no trap (Tab runs through the page and out of it)."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE_KEYS = [
    "outlineStyle",
    "outlineColor",
    "outlineWidth",
    "boxShadow",
    "backgroundColor",
    "color",
]

MARK_FOCUSED = """(index) => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    e.dataset.kbIndex = index;
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return {
        tag: e.tagName,
        name: ((e.labels && e.labels.length ? e.labels[0].innerText : '')
               || e.getAttribute('aria-label') || e.innerText || '').trim(),
        visible: r.width > 0 && r.height > 0,
        style: %s,
    };
}""" % ("[" + ", ".join(f"s.{k}" for k in STYLE_KEYS) + "]")

STYLE_UNFOCUSED = """(index) => {
    const e = document.querySelector(`[data-kb-index="${index}"]`);
    const s = getComputedStyle(e);
    return %s;
}""" % ("[" + ", ".join(f"s.{k}" for k in STYLE_KEYS) + "]")


def tab_through(page: Page, limit: int = 60) -> list[dict]:
    """Press Tab until focus leaves the page; return what was focused, in order."""
    stops = []
    for index in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(MARK_FOCUSED, index)
        if info is None:  # focus went back to the browser: no trap
            return stops
        stops.append({**info, "index": index})
    pytest.fail(f"Tab did not leave the page after {limit} presses: a keyboard trap? {stops[-5:]}")


def test_sign_in_page_by_keyboard(page, users):
    page.goto("/account/sign-in/")
    stops = tab_through(page)
    names = [stop["name"] for stop in stops]
    assert names[0] == "Skip to main content"
    for expected in ["Email address", "Password", "Sign in", "I have forgotten my password",
                     "Accessibility statement", "Privacy notice", "Cookies"]:  # fmt: skip
        assert any(expected in name for name in names), (expected, names)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for stop in stops:
        assert stop["visible"], stop
        unfocused = page.evaluate(STYLE_UNFOCUSED, stop["index"])
        assert unfocused != stop["style"], f"no visible focus on {stop['name']!r}"


def test_sign_in_journey_by_keyboard_alone(page, users):
    page.goto("/account/sign-in/")
    page.keyboard.press("Tab")  # skip link
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")  # jump to the main content
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(users.forum_member.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("wrong password")
    page.keyboard.press("Enter")
    # The error summary takes focus; its link leads back to the field.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your areas")).to_be_visible()
    # Sign out by keyboard too.
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
