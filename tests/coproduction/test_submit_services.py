"""services.submit_feedback against PostgreSQL: once only, throttled, nothing extra accepted."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from coproduction import services
from coproduction.models import Feedback, FeedbackAttempt, FeedbackContact
from core.models import SubmissionToken
from tests.coproduction.submit_journey import ADULT_ANSWERS, url
from tests.factories import CoproductionSettingsFactory, FeedbackAttemptFactory

ANSWERS = {
    "speaker": "parent_carer",
    "channel": "adult",
    "working": "The short breaks club",
    "not_working": "",
    "future": "",
    "consent": "publish_anonymised",
}


def submit(area, *, token=None, client="a" * 64, **overrides):
    return services.submit_feedback(
        area=area,
        token=token or uuid.uuid4(),
        answers={**ANSWERS, **overrides.pop("answers", {})},
        contact=overrides.pop("contact", None),
        submitted_by=overrides.pop("submitted_by", None),
        client=client,
        done_url="/done/",
    )


@pytest.mark.django_db
def test_the_same_token_saves_once_and_points_to_the_first(area_a):
    token = uuid.uuid4()
    first = submit(area_a, token=token)
    second = submit(area_a, token=token)
    assert first.feedback is not None
    assert second.feedback is None
    assert second.url == first.url == "/done/"
    assert Feedback.objects.count() == 1
    assert FeedbackAttempt.objects.count() == 1


@pytest.mark.django_db
def test_answers_that_are_not_the_persons_to_give_are_refused(area_a):
    with pytest.raises(ValueError, match="status"):
        submit(area_a, answers={"status": "done"})
    with pytest.raises(ValidationError):
        submit(area_a, answers={"working": ""})
    assert not Feedback.objects.exists()
    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db
def test_throttled_per_address_then_per_area(area_a, settings):
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 2
    settings.FEEDBACK_MAX_PER_AREA_PER_HOUR = 3
    submit(area_a, client="one")
    submit(area_a, client="one")
    token = uuid.uuid4()
    with pytest.raises(services.Throttled):
        submit(area_a, client="one", token=token)
    assert not SubmissionToken.objects.filter(token=token).exists()  # released: can retry
    submit(area_a, client="two")
    with pytest.raises(services.Throttled):
        submit(area_a, client="three")
    assert Feedback.objects.count() == 3


@pytest.mark.django_db
def test_attempts_older_than_an_hour_do_not_count(area_a, settings):
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 1
    old = FeedbackAttemptFactory(area=area_a, client_key="one")
    FeedbackAttempt.objects.filter(pk=old.pk).update(at=old.at - services.THROTTLE_WINDOW * 2)
    assert submit(area_a, client="one").feedback is not None


def test_client_key_is_a_keyed_hash_not_the_address():
    key = services.client_key("203.0.113.9")
    assert "203.0.113.9" not in key
    assert len(key) == 64
    assert key == services.client_key("203.0.113.9") != services.client_key("203.0.113.10")


@pytest.mark.django_db
def test_contact_details_are_saved_apart(area_a, settings):
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 7
    contact = {"name": "", "email": "", "phone": "01632 960001", "purpose": "follow_up"}
    feedback = submit(area_a, contact=contact).feedback
    row = FeedbackContact.objects.get(feedback=feedback)
    assert row.phone == "01632 960001"
    assert (row.delete_after - row.created_at.date()).days == 7


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_identical_final_posts_make_one_record(area_a):
    """QUALITY.md R1 for the feedback form: the same check page posted 50 times at once."""
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    setup = Client()
    for step, data in ADULT_ANSWERS.items():
        assert setup.post(url(area_a, f"feedback-{step}"), data).status_code == 302
    key = f"coproduction:{area_a.slug}:adult"
    token = setup.session[key]["token"]
    cookie = setup.cookies["sessionid"].value

    def post(_):
        client = Client()
        client.cookies["sessionid"] = cookie
        try:
            return client.post(url(area_a, "feedback-check"), {"submission": token})
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(post, range(50)))

    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {url(area_a, "feedback-sent")}
    assert Feedback.objects.count() == 1
    assert FeedbackAttempt.objects.count() == 1
