"""Helpers of the "you said, we did" tests: published feedback, page URLs."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Consent, FeedbackStatus
from tests.factories import FeedbackFactory

PUBLISH_CONSTRAINT = "feedback_published_only_with_consent_and_no_safeguarding"


def url(area, name: str = "you-said-we-did", **kwargs) -> str:
    return reverse(f"coproduction:{name}", kwargs={"area": area.slug, **kwargs})


def published(area, *, themes=(), status=FeedbackStatus.RESPONDED, **kwargs):
    """A published item of ``area`` with a public text and a response."""
    values = {
        "public_text": "The wait for a speech therapy assessment was too long.",
        "response": "We have added two therapists to the team.",
        "published_at": timezone.now(),
        "status": status,
        "consent": Consent.PUBLISH_ANONYMISED,
        **kwargs,
    }
    feedback = FeedbackFactory(area=area, **values)
    feedback.themes.set(themes)
    return feedback


def drop_publish_constraint() -> None:
    """Within the test's transaction only: let rows break the database rule, so that the
    public queryset's own filters are what is tested (defence in depth)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE coproduction_feedback DROP CONSTRAINT {PUBLISH_CONSTRAINT}")
