"""manage.py purge_feedback_contacts: contact details go after their retention period."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduction.models import Feedback, FeedbackAttempt, FeedbackContact
from core.models import AuditEvent
from tests.factories import FeedbackAttemptFactory, FeedbackContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(area_a, area_b):
    today = timezone.localdate()
    return {
        "expired_a": FeedbackContactFactory(
            feedback__area=area_a, delete_after=today - dt.timedelta(days=1)
        ),
        "expired_b": FeedbackContactFactory(
            feedback__area=area_b, delete_after=today - dt.timedelta(days=30)
        ),
        "last_day": FeedbackContactFactory(feedback__area=area_a, delete_after=today),
        "kept": FeedbackContactFactory(
            feedback__area=area_a, delete_after=today + dt.timedelta(days=100)
        ),
    }


def run(*args) -> str:
    out = StringIO()
    call_command("purge_feedback_contacts", *args, stdout=out)
    return out.getvalue()


def test_contacts_past_their_date_are_deleted_and_the_feedback_kept(contacts):
    old = FeedbackAttemptFactory()
    FeedbackAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=2))
    recent = FeedbackAttemptFactory()
    output = run()
    assert "Deleted the contact details of 2 feedback items" in output
    assert "1 throttling records" in output
    left = set(FeedbackContact.objects.values_list("pk", flat=True))
    assert left == {contacts["last_day"].pk, contacts["kept"].pk}
    assert Feedback.objects.count() == 4
    assert list(FeedbackAttempt.objects.all()) == [recent]
    events = AuditEvent.objects.filter(object_type="coproduction.FeedbackContact")
    assert sorted(e.detail["count"] for e in events) == [1, 1]
    assert run().startswith("Deleted the contact details of 0 feedback items")


def test_dry_run_counts_and_deletes_nothing(contacts):
    output = run("--dry-run")
    assert "Would delete the contact details of 2 feedback items" in output
    assert "alphashire: 1" in output
    assert "betashire: 1" in output
    assert FeedbackContact.objects.count() == 4
    assert not AuditEvent.objects.filter(object_type="coproduction.FeedbackContact").exists()
