"""QUALITY.md S9 for giving feedback: script payloads in every free-text field are stored as
typed and come back escaped on every page that shows them (the browser test adds Chromium)."""

import pytest
from django.utils.html import escape

from coproduction.models import Feedback, FeedbackContact
from tests.coproduction.submit_journey import ADULT_ANSWERS, YOUNG_ANSWERS, send, url, walk
from tests.factories import CoproductionSettingsFactory

TAGS = ["script", "img", "svg", "iframe", "body", "details", "video", "a", "math", "style"]
SHAPES = [
    "<{t} src=x onerror=alert({n})>",
    '"><{t} onload=alert({n})>',
    "'><{t} onfocus=alert({n}) autofocus>",
    "</textarea><{t}>alert({n})</{t}>",
    "<{t}/onmouseover=alert({n})>javascript:alert({n})",
]
#: 50 payloads: each shape with each tag.
PAYLOADS = [shape.format(t=tag, n=i) for i, (shape, tag) in
            enumerate((s, t) for s in SHAPES for t in TAGS)]  # fmt: skip

ADULT_TEXT = ("working", "not_working", "future", "anything_else")


@pytest.fixture
def public_area(area_a):
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    return area_a


def assert_escaped(body: str, payload: str, *, shown: bool = True) -> None:
    """Never the markup as typed; where the page shows the answer, its escaped form."""
    assert payload not in body
    if shown:
        assert escape(payload) in body


def test_fifty_payloads_count():
    assert len(PAYLOADS) == len(set(PAYLOADS)) == 50


@pytest.mark.django_db
@pytest.mark.parametrize("field", [*ADULT_TEXT, "name"])
def test_adult_free_text_is_stored_as_typed_and_always_escaped(
    field, public_area, client, settings
):
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 100
    for payload in PAYLOADS:
        answers = {**ADULT_ANSWERS["your-views"], field: payload}
        if field != "name":
            answers = {**answers, "working": answers["working"] or "x"}
        steps = {**ADULT_ANSWERS, "your-views": answers, "contact": {"contact_wanted": "yes"}}
        walk(client, public_area, steps)
        details = {"name": payload if field == "name" else "Sam", "email": "sam@example.org",
                   "phone": "", "purpose": "both"}  # fmt: skip
        client.post(url(public_area, "feedback-contact-details"), details)
        own_page = "feedback-contact-details" if field == "name" else "feedback-your-views"
        for page in ("feedback-check", "feedback-your-views", "feedback-contact-details"):
            body = client.get(url(public_area, page)).content.decode()
            assert_escaped(body, payload, shown=page in {"feedback-check", own_page})
        send(client, public_area)
    assert Feedback.objects.count() == 50
    if field == "name":
        assert set(FeedbackContact.objects.values_list("name", flat=True)) == set(PAYLOADS)
    else:
        assert set(Feedback.objects.values_list(field, flat=True)) == set(PAYLOADS)


YOUNG_TEXT = ("working", "not_working", "future")


@pytest.mark.django_db
def test_young_peoples_free_text_and_name_are_stored_as_typed_and_always_escaped(
    public_area, client, settings
):
    """All 50 payloads in each of the young people's answers and in their first name."""
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 100
    for payload in PAYLOADS:
        details = {"name": payload, "email": "sam@example.org", "phone": ""}
        steps = {**YOUNG_ANSWERS, "good": {"working": payload},
                 "not-good": {"not_working": payload}, "better": {"future": payload},
                 "contact": {"contact_wanted": "yes"}, "contact-details": details}  # fmt: skip
        walk(client, public_area, steps, prefix="feedback-young")
        for page in ("check", "good", "not-good", "better", "contact-details"):
            body = client.get(url(public_area, f"feedback-young-{page}")).content.decode()
            assert_escaped(body, payload)
        send(client, public_area, prefix="feedback-young")
    assert Feedback.objects.count() == 50
    for field in YOUNG_TEXT:
        assert set(Feedback.objects.values_list(field, flat=True)) == set(PAYLOADS)
    assert set(FeedbackContact.objects.values_list("name", flat=True)) == set(PAYLOADS)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["a\x00b", "\u202e\u05e9\u05dc\u05d5\u05dd"])
def test_a_nul_is_refused_by_the_form_not_a_500(text, public_area, client):
    response = client.post(url(public_area, "feedback-your-views"), {"working": text})
    if text == "\u202e\u05e9\u05dc\u05d5\u05dd":  # right-to-left text is fine
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
