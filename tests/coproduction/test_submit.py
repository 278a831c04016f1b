"""Giving feedback through the pages: the adult and young people's journeys, and bad input."""

import pytest
from django.urls import reverse

from coproduction.models import Channel, Feedback, FeedbackContact, Speaker
from core.models import AuditEvent, Role
from tests.coproduction.submit_journey import (
    ADULT_ANSWERS,
    YOUNG_ANSWERS,
    send,
    token_of,
    url,
    walk,
)
from tests.factories import (
    CoproductionSettingsFactory,
    ForwardPlanFactory,
    PriorityFactory,
    ServiceFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_area(area_a):
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    return area_a


def test_forum_member_gives_feedback_and_sees_a_reference(users, area_a, client_for):
    client = client_for(users.forum_member)
    assert "Give feedback" in client.get(url(area_a, "feedback-start")).content.decode()
    walk(client, area_a, ADULT_ANSWERS)
    check = client.get(url(area_a, "feedback-check")).content.decode()
    assert "We waited eight months" in check
    assert "Parent or carer" in check

    response = send(client, area_a)
    assert response.status_code == 302
    assert response["Location"] == url(area_a, "feedback-sent")
    feedback = Feedback.objects.get()
    assert (feedback.area, feedback.submitted_by) == (area_a, users.forum_member)
    assert (feedback.speaker, feedback.channel) == (Speaker.PARENT_CARER, Channel.ADULT)
    assert feedback.future == "One person who knows our story from start to finish."
    assert feedback.status == "received"
    assert not feedback.is_published
    assert not FeedbackContact.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(feedback.pk), action="created").exists()

    done = client.get(response["Location"]).content.decode()
    assert feedback.reference in done
    assert "govuk-panel--confirmation" in done
    # The journey is over: the check page now starts again from the first step.
    assert client.get(url(area_a, "feedback-check"))["Location"] == url(area_a, "feedback-who")


def test_reference_is_short_and_unambiguous(users, area_a, client_for):
    client = client_for(users.forum_member)
    walk(client, area_a, ADULT_ANSWERS)
    send(client, area_a)
    reference = Feedback.objects.get().reference
    assert reference.startswith("FB-")
    assert len(reference) == 11
    assert not set(reference[3:]) & set("0O1IL")


def test_contact_details_are_kept_apart_with_a_deletion_date(users, area_a, client_for, settings):
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 30
    client = client_for(users.forum_member)
    walk(client, area_a, {**ADULT_ANSWERS, "contact": {"contact_wanted": "yes"}})
    response = client.post(url(area_a, "feedback-contact-details"), {"purpose": "response"})
    assert "Enter an email address or a phone number" in response.content.decode()
    details = {"name": "Sam", "email": "sam@example.org", "phone": "", "purpose": "both"}
    client.post(url(area_a, "feedback-contact-details"), details)
    send(client, area_a)
    contact = FeedbackContact.objects.get()
    assert (contact.email, contact.purpose, contact.feedback.area) == (
        "sam@example.org",
        "both",
        area_a,
    )
    assert (contact.delete_after - contact.created_at.date()).days == 30


def test_choosing_no_contact_skips_and_forgets_the_details(users, area_a, client_for):
    client = client_for(users.forum_member)
    walk(client, area_a, {**ADULT_ANSWERS, "contact": {"contact_wanted": "yes"}})
    client.post(
        url(area_a, "feedback-contact-details"),
        {"email": "sam@example.org", "purpose": "response"},
    )
    response = client.post(url(area_a, "feedback-contact") + "?change=1", {"contact_wanted": "no"})
    assert response["Location"] == url(area_a, "feedback-check")
    assert "sam@example.org" not in client.get(response["Location"]).content.decode()
    send(client, area_a)
    assert not FeedbackContact.objects.exists()


def test_the_public_may_give_feedback_only_where_the_area_allows_it(area_a, client):
    start = url(area_a, "feedback-start")
    assert client.get(start)["Location"].startswith(reverse("login"))
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    assert client.get(start).status_code == 200
    walk(client, area_a, ADULT_ANSWERS)
    send(client, area_a)
    assert Feedback.objects.get().submitted_by is None


def test_without_public_feedback_other_roles_are_refused(users, area_a, client_for):
    assert client_for(users.commissioner).get(url(area_a, "feedback-who")).status_code == 403
    assert client_for(users.other_area).get(url(area_a, "feedback-who")).status_code == 404


def test_young_persons_journey(public_area, client):
    start = client.get(url(public_area, "feedback-young-start")).content.decode()
    assert "Tell us what you think" in start
    feeling = client.get(url(public_area, "feedback-young-feeling")).content.decode()
    assert "<svg" in feeling
    assert 'aria-hidden="true"' in feeling
    assert '<label class="govuk-label govuk-radios__label" for="id_feeling_3">' in feeling
    walk(client, public_area, YOUNG_ANSWERS, prefix="feedback-young")
    check = client.get(url(public_area, "feedback-young-check")).content.decode()
    assert "Check what you told us" in check
    assert "Worried" in check
    response = send(client, public_area, prefix="feedback-young")
    assert response["Location"] == url(public_area, "feedback-young-sent")
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.speaker, feedback.feeling) == (
        Channel.YOUNG_PEOPLE,
        Speaker.YOUNG_PERSON,
        "worried",
    )
    assert feedback.working == "My teaching assistant helps me 😊"
    assert "Your number is" in client.get(response["Location"]).content.decode()


def test_young_person_must_tell_us_one_thing(public_area, client):
    answers = {**YOUNG_ANSWERS, "good": {"working": ""}}
    for step in ("feeling", "good", "not-good"):
        client.post(url(public_area, f"feedback-young-{step}"), answers[step])
    response = client.post(url(public_area, "feedback-young-better"), {"future": "  "})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tell us one thing" in body
    assert body.count('href="#id_future"') == 1  # the error summary links to the box
    assert "<title>Error: " in body


def test_empty_answers_are_refused_with_a_clear_error(users, area_a, client_for):
    client = client_for(users.forum_member)
    empty = {"working": "", "not_working": " ", "future": "", "anything_else": "Hello"}
    response = client.post(url(area_a, "feedback-your-views"), empty)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "govuk-error-summary" in body
    assert "Answer at least one question" in body
    assert 'id="id_working_error"' in body
    assert ">\nHello</textarea>" in body  # what was typed is kept


def test_50000_characters_are_refused_naming_the_limit_and_kept(users, area_a, client_for):
    client = client_for(users.forum_member)
    long = "Waiting. " * 5556  # 50,004 characters
    response = client.post(url(area_a, "feedback-your-views"), {"not_working": long})
    body = response.content.decode()
    assert "What is not working must be 5,000 characters or fewer" in body
    assert "must be 5,000 characters or fewer – you have written 50,003" in body  # stripped
    assert long.strip() in body  # the text is kept in the box
    assert not Feedback.objects.exists()


def test_exactly_the_limit_is_accepted_and_windows_line_endings_count_once(
    users, area_a, client_for
):
    client = client_for(users.forum_member)
    text = ("a" * 99 + "\r\n") * 50  # 5,000 characters once line endings are one each
    response = client.post(url(area_a, "feedback-your-views"), {"working": text})
    assert response.status_code == 302


def test_script_emoji_and_right_to_left_text_are_kept_as_typed_and_escaped(
    users, area_a, client_for
):
    client = client_for(users.forum_member)
    typed = {
        "working": "<script>alert('x')</script>",
        "not_working": "الانتظار طويل جدا 😢 \u202eevil",
        "future": "<img src=x onerror=alert(1)>",
        "anything_else": "👨‍👩‍👧 family",
    }
    walk(client, area_a, {**ADULT_ANSWERS, "your-views": typed})
    check = client.get(url(area_a, "feedback-check")).content.decode()
    assert "<script>alert('x')</script>" not in check
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in check
    assert "<img src=x" not in check
    send(client, area_a)
    feedback = Feedback.objects.get()
    assert [feedback.working, feedback.not_working, feedback.future, feedback.anything_else] == [
        typed["working"],
        typed["not_working"],
        typed["future"],
        typed["anything_else"],
    ]


def test_a_resubmitted_final_step_makes_one_record(users, area_a, client_for):
    client = client_for(users.forum_member)
    walk(client, area_a, ADULT_ANSWERS)
    token = token_of(client, area_a)
    first = client.post(url(area_a, "feedback-check"), {"submission": token})
    again = client.post(url(area_a, "feedback-check"), {"submission": token})
    assert first["Location"] == again["Location"] == url(area_a, "feedback-sent")
    assert Feedback.objects.count() == 1


def test_a_filled_honeypot_saves_nothing_and_shows_a_neutral_page(users, area_a, client_for):
    client = client_for(users.forum_member)
    walk(client, area_a, ADULT_ANSWERS)
    response = send(client, area_a, website="http://spam.example")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Feedback sent" in body
    assert "FB-" not in body
    assert not Feedback.objects.exists()


def test_too_much_feedback_from_one_address_is_throttled_and_answers_kept(
    public_area, client, settings
):
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 1
    walk(client, public_area, ADULT_ANSWERS)
    send(client, public_area)
    walk(client, public_area, ADULT_ANSWERS)
    response = send(client, public_area)
    assert response.status_code == 429
    assert "try again" in response.content.decode().lower()
    assert Feedback.objects.count() == 1
    # Nothing was lost: the answers are still there to send later.
    check = client.get(url(public_area, "feedback-check"))
    assert check.status_code == 200
    assert "We waited eight months" in check.content.decode()


def test_the_check_page_sends_people_to_the_first_unanswered_step(users, area_a, client_for):
    client = client_for(users.forum_member)
    client.post(url(area_a, "feedback-who"), {"speaker": "professional"})
    response = client.get(url(area_a, "feedback-check"))
    assert response["Location"] == url(area_a, "feedback-about")


def test_about_offers_only_this_areas_approved_priorities_and_services(
    users, area_a, area_b, client_for
):
    mine = PriorityFactory(plan__area=area_a, title="Keyworkers for every family")
    draft = PriorityFactory(plan=ForwardPlanFactory(area=area_a, status="draft"), title="Draft")
    theirs = PriorityFactory(plan__area=area_b, title="Betashire priority")
    service = ServiceFactory(area=area_a, name="Short breaks")
    client = client_for(users.forum_member)
    body = client.get(url(area_a, "feedback-about")).content.decode()
    assert "Keyworkers for every family" in body
    assert "Short breaks" in body
    assert "Draft" not in body
    assert "Betashire priority" not in body
    refused = client.post(url(area_a, "feedback-about"), {"about_priority": theirs.pk})
    assert "Select a priority from the list" in refused.content.decode()
    refused = client.post(url(area_a, "feedback-about"), {"about_priority": draft.pk})
    assert refused.status_code == 200

    walk(client, area_a, ADULT_ANSWERS)
    client.post(
        url(area_a, "feedback-about"), {"about_priority": mine.pk, "about_service": service.pk}
    )
    check = client.get(url(area_a, "feedback-check")).content.decode()
    assert "Keyworkers for every family" in check
    send(client, area_a)
    feedback = Feedback.objects.get()
    assert (feedback.about_priority, feedback.about_service) == (mine, service)


def test_extra_posted_fields_cannot_set_what_the_portal_owns(users, area_a, area_b, client_for):
    client = client_for(users.forum_member)
    sneaky = {
        "area": area_b.pk,
        "status": "done",
        "published_at": "2026-01-01T00:00:00Z",
        "is_safeguarding": "false",
        "submitted_by": users.commissioner.pk,
        "reference": "FB-AAAAAAAA",
        "version": "9",
        "public_text": "published!",
    }
    for step, data in ADULT_ANSWERS.items():
        client.post(url(area_a, f"feedback-{step}"), {**data, **sneaky})
    send(client, area_a, **sneaky)
    feedback = Feedback.objects.get()
    assert (feedback.area, feedback.status, feedback.published_at) == (area_a, "received", None)
    assert feedback.submitted_by == users.forum_member
    assert (feedback.reference, feedback.version, feedback.public_text) != ("FB-AAAAAAAA", 9, "x")
    assert feedback.public_text == ""


def test_forum_member_of_the_area_sees_the_feedback_tab(users, area_a, client_for):
    body = client_for(users.forum_member).get(reverse("core:area", kwargs={"area": area_a.slug}))
    assert url(area_a, "feedback-start") in body.content.decode()
    board = user_with_role(area_a, Role.BOARD_MEMBER)
    body = client_for(board).get(reverse("core:area", kwargs={"area": area_a.slug}))
    assert url(area_a, "feedback-start") not in body.content.decode()


def test_feedback_pages_are_never_cached_even_for_the_public(public_area, client):
    walk(client, public_area, ADULT_ANSWERS)
    response = client.get(url(public_area, "feedback-check"))
    assert "no-store" in response["Cache-Control"]
