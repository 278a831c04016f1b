"""Words that suggest a child is at risk: the item is flagged, the area admins are emailed at
once (reference and link only), and it can never be published."""

import json
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduction import safeguarding, services
from coproduction.models import Feedback
from core.access import AreaAccess
from core.models import Role
from tests.coproduction.submit_journey import YOUNG_ANSWERS, send, walk
from tests.factories import CoproductionSettingsFactory, FeedbackFactory, user_with_role

RISKY = "At home I don\u2019t feel safe and my brother hits me."


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to HURT MYSELF sometimes", "self-harm or suicide"),
        ("she has been self-harming", "self-harm or suicide"),
        ("He talks about suicide", "self-harm or suicide"),
        ("we think he was abused at the unit", "abuse or neglect"),
        ("I'm not   safe there", "feeling unsafe"),
        ("I don\u2019t feel safe on the bus", "feeling unsafe"),
        ("an older boy is grooming him online", "exploitation"),
        # Said about someone else, or with the negative spelt out
        ("My son says he does not feel safe in the taxi to school.", "feeling unsafe"),
        ("He doesn\u2019t feel safe at break time", "feeling unsafe"),
        ("she doesnt feel safe with the new driver", "feeling unsafe"),
        ("He never feels safe on the minibus", "feeling unsafe"),
        ("our daughter isn't safe there", "feeling unsafe"),
        ("he talks about killing himself", "self-harm or suicide"),
        ("she has been hurting herself", "self-harm or suicide"),
        ("they cut themselves last week", "self-harm or suicide"),
        ("I think they want to harm themself", "self-harm or suicide"),
        ("I don't want to live any more", "self-harm or suicide"),
        ("he says he does not want to be alive", "self-harm or suicide"),
        ("He doesn't want to live", "self-harm or suicide"),
        ("he hits her", "abuse or neglect"),
        ("her stepdad punches them", "abuse or neglect"),
        ("the older boy hurts him on the way home", "abuse or neglect"),
        ("we think he is being neglected", "abuse or neglect"),
    ],
)
def test_risk_phrases_are_found_whatever_the_case_quotes_or_spacing(text, category):
    matches = safeguarding.find_risks({"What is not working": text})
    assert category in {m.category for m in matches}


@pytest.mark.parametrize(
    "text",
    [
        "The safety plan works well and school is safe",
        "A cheerful keyworker; the abacus lessons help",  # no 'abus' word
        "Waiting lists are long and the paperwork is confusing",
        "The school is safe and welcoming",
        "He feels safe with his keyworker and safe at home",
        "She is proud of herself and did the journey by herself",
        "We do not want to live in a hotel while the house is adapted",
        "They don't want to live with uncertainty about the EHCP",
        "The ramp is not safely fixed",  # 'safely' is not 'safe'
        "",
    ],
)
def test_ordinary_feedback_is_not_flagged(text):
    assert safeguarding.find_risks({"What is working": text}) == []


def test_the_reason_names_the_phrase_and_the_question_but_not_the_text():
    matches = safeguarding.find_risks({"What is not working": RISKY})
    reason = safeguarding.describe(matches)
    assert '"don\'t feel safe" in what is not working' in reason
    assert '"hits me"' in reason
    assert "brother" not in reason


def submit(area, text=RISKY, **answers):
    return services.submit_feedback(
        area=area,
        token=uuid.uuid4(),
        answers={"speaker": "young_person", "channel": "young_people", "consent":
                 "publish_anonymised", "not_working": text, **answers},
        contact=None,
        submitted_by=None,
        client="c" * 64,
        done_url="/done/",
        site_url="https://portal.example.org/",
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_risky_feedback_is_flagged_and_the_area_admins_are_emailed_at_once(users, area_a, area_b):
    second_admin = user_with_role(area_a, Role.AREA_ADMIN)
    user_with_role(area_b, Role.AREA_ADMIN)  # another area's admin: not told
    feedback = submit(area_a).feedback
    feedback.refresh_from_db()
    assert feedback.is_safeguarding
    assert feedback.flagged_at is not None
    assert "feeling unsafe" in feedback.safeguarding_reason
    assert feedback.safeguarding_notified_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([users.area_admin.email, second_admin.email])
    assert users.commissioner.email not in message.to
    assert feedback.reference in message.subject
    assert feedback.reference in message.body
    assert "https://portal.example.org/areas/alphashire/" in message.body
    for words in ("brother", "hits me", "feel safe"):
        assert words not in message.body  # no feedback text in the email


@pytest.mark.django_db(transaction=True)
def test_ordinary_feedback_sends_no_notice(users, area_a):
    feedback = submit(area_a, "The new keyworker is lovely").feedback
    assert not feedback.is_safeguarding
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_mail_failure_keeps_the_feedback_flagged(users, area_a, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    feedback = submit(area_a).feedback
    feedback.refresh_from_db()
    assert feedback.is_safeguarding
    assert feedback.safeguarding_notified_at is None


@pytest.mark.django_db(transaction=True)
def test_a_flagged_young_person_sees_the_usual_confirmation(users, area_a, client):
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    walk(client, area_a, {**YOUNG_ANSWERS, "not-good": {"not_working": RISKY}},
         prefix="feedback-young")  # fmt: skip
    response = send(client, area_a, prefix="feedback-young")
    feedback = Feedback.objects.get()
    assert feedback.is_safeguarding
    page = client.get(response["Location"]).content.decode()
    assert feedback.reference in page
    assert "Childline" in page
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_flagged_feedback_is_never_published(users, area_a):
    feedback = FeedbackFactory(area=area_a, is_safeguarding=True)
    with pytest.raises(ValidationError, match="safeguarding"):
        services.ensure_publishable(feedback)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(published_at=timezone.now())
    public = AreaAccess.for_user(users.other_area, area_a, public_view=True)
    assert feedback not in Feedback.objects.for_access(public)
    assert feedback not in Feedback.objects.published()


@pytest.mark.django_db
def test_flagging_a_published_item_takes_it_down(area_a):
    feedback = FeedbackFactory(area=area_a, published_at=timezone.now())
    assert feedback in Feedback.objects.published()
    services.flag_safeguarding(feedback=feedback, reason="abuse or neglect")
    assert feedback.published_at is None
    assert feedback not in Feedback.objects.published()


@pytest.mark.django_db
def test_unconsented_feedback_is_never_published(area_a):
    feedback = FeedbackFactory(area=area_a, consent="do_not_publish")
    with pytest.raises(ValidationError, match="did not agree"):
        services.ensure_publishable(feedback)
    services.ensure_publishable(FeedbackFactory(area=area_a))  # consented and safe: allowed


@pytest.mark.django_db
def test_unsent_notices_are_sent_by_the_scheduled_command(users, area_a, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["send.example.gov.uk"]
    unsent = FeedbackFactory(area=area_a, is_safeguarding=True, flagged_at=timezone.now())
    FeedbackFactory(area=area_a, is_safeguarding=True, safeguarding_notified_at=timezone.now())
    out = StringIO()
    call_command("send_safeguarding_notices", "--dry-run", stdout=out)
    assert f"Would send 1 safeguarding notices.\n  {unsent.reference}" in out.getvalue()
    assert mail.outbox == []
    call_command("send_safeguarding_notices", stdout=out)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [users.area_admin.email]
    assert "https://send.example.gov.uk/areas/alphashire/" in mail.outbox[0].body
    unsent.refresh_from_db()
    assert unsent.safeguarding_notified_at is not None
    call_command("send_safeguarding_notices", stdout=out)
    assert len(mail.outbox) == 1  # sent once only


def demo_items():
    from core.demo import DEMO_DIR

    for path in sorted((DEMO_DIR / "feedback").glob("*.json")):
        for item in json.loads(path.read_text())["feedback"]:
            yield path.stem, item


def test_the_live_check_flags_exactly_the_demo_items_marked_as_safeguarding():
    """The demo's flagged item must be one the words would catch, and its other items not."""
    fields = ("working", "not_working", "future", "anything_else")
    flagged, marked = set(), set()
    for area, item in demo_items():
        key = (area, item["ref"])
        if safeguarding.find_risks({name: item.get(name, "") for name in fields}):
            flagged.add(key)
        if item.get("safeguarding"):
            marked.add(key)
    assert marked  # the demo has one
    assert flagged == marked
