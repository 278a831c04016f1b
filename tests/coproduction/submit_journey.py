"""Helpers for the feedback submission tests: walk the steps with Django's test client."""

from __future__ import annotations

import re

from django.urls import reverse

ADULT_ANSWERS = {
    "who": {"speaker": "parent_carer"},
    "about": {"about_priority": "", "about_service": ""},
    "your-views": {
        "working": "Our keyworker calls back within a week.",
        "not_working": "We waited eight months for a speech and language assessment.",
        "future": "One person who knows our story from start to finish.",
        "anything_else": "",
    },
    "publishing": {"consent": "publish_anonymised"},
    "contact": {"contact_wanted": "no"},
}

YOUNG_ANSWERS = {
    "feeling": {"feeling": "worried"},
    "good": {"working": "My teaching assistant helps me 😊"},
    "not-good": {"not_working": ""},
    "better": {"future": "A quiet room at lunch"},
    "share": {"consent": "publish_anonymised"},
    "contact": {"contact_wanted": "no"},
}


def url(area, name: str) -> str:
    return reverse(f"coproduction:{name}", kwargs={"area": area.slug})


def walk(client, area, answers: dict, *, prefix: str = "feedback"):
    """Post every step's answers in order; return the last response (a redirect)."""
    response = None
    for step, data in answers.items():
        response = client.post(url(area, f"{prefix}-{step}"), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    return response


def token_of(client, area, *, prefix: str = "feedback") -> str:
    """The one-time token the check page carries."""
    body = client.get(url(area, f"{prefix}-check")).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', body).group(1)


def send(client, area, /, *, prefix: str = "feedback", **extra):
    token = token_of(client, area, prefix=prefix)
    return client.post(url(area, f"{prefix}-check"), {"submission": token, **extra})
