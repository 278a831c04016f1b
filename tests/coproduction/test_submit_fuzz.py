"""QUALITY.md S8 for giving feedback: nasty values in every field of every step never give a
5xx; a refused value comes back naming the field; an accepted one is saved as received."""

import pytest

from coproduction.models import Feedback
from tests.coproduction.submit_journey import ADULT_ANSWERS, YOUNG_ANSWERS, send, url, walk
from tests.factories import CoproductionSettingsFactory
from tests.security.test_fuzz import NASTY, post

DETAILS = {"name": "Sam", "email": "sam@example.org", "phone": "", "purpose": "both"}
STEPS = {
    **{f"feedback-{step}": data for step, data in ADULT_ANSWERS.items()},
    "feedback-contact-details": DETAILS,
    **{f"feedback-young-{step}": data for step, data in YOUNG_ANSWERS.items()},
    "feedback-young-contact-details": {"email": "sam@example.org"},
}
CASES = [(step, name) for step, data in STEPS.items() for name in data]


@pytest.fixture
def public_area(area_a, settings):
    settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR = 10_000
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    return area_a


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "name"), CASES, ids=[f"{s}:{n}" for s, n in CASES])
def test_nasty_values_in_every_field_never_break_a_step(step, name, public_area, client):
    for value in NASTY:
        response = post(client, url(public_area, step), {**STEPS[step], name: value})
        assert response.status_code in {200, 302}, (value[:20], response.status_code)
        if response.status_code == 200:
            assert f'id="id_{name}_error"' in response.content.decode(), value[:20]


@pytest.mark.django_db
def test_every_accepted_nasty_answer_is_saved(public_area, client):
    saved = 0
    for value in NASTY:
        walk(client, public_area, ADULT_ANSWERS)
        answers = {**ADULT_ANSWERS["your-views"], "anything_else": value}
        if post(client, url(public_area, "feedback-your-views"), answers).status_code != 302:
            continue
        assert send(client, public_area).status_code == 302, value[:20]
        saved += 1
    assert Feedback.objects.count() == saved
    assert saved >= len(NASTY) - 5  # only NULs and over-long text are refused
