"""QUALITY.md S9 for moderation: script payloads typed as the public text, the response, the
reason, theme names and descriptions are stored as typed and come back escaped on every page
that shows them (the Chromium journey adds a real browser, listening for dialogs)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from coproduction.models import Feedback, Theme
from tests.coproduction.test_submit_xss import PAYLOADS, assert_escaped
from tests.factories import ActionFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


def url(name, area, **kwargs):
    return reverse(f"coproduction:{name}", kwargs={"area": area.slug, **kwargs})


def test_payloads_in_every_moderation_field_are_escaped_everywhere(area_a, users, client_for):
    action = ActionFactory(priority__plan__area=area_a)
    plan_url = reverse(
        "commissioning:plan", kwargs={"area": area_a.slug, "pk": action.priority.plan.pk}
    )
    action_url = reverse("commissioning:action", kwargs={"area": area_a.slug, "pk": action.pk})
    client = client_for(users.commissioner)
    for payload in PAYLOADS:
        added = {"name": payload, "kind": "theme", "description": f"covers {payload}"}
        client.post(url("moderation-theme-add", area_a), added)
        theme = Theme.objects.get(area=area_a, name=payload)
        assert theme.description == f"covers {payload}"
        feedback = FeedbackFactory(
            area=area_a, working=payload, not_working=payload, future=payload, anything_else=payload
        )
        item = url("moderation-item", area_a, pk=feedback.pk)
        body = client.get(item).content.decode()
        assert_escaped(body, payload)  # the answers, and the public text written from them
        response = client.post(
            item,
            {"seen_version": feedback.version, "themes": [theme.pk],
             "linked_priorities": [action.priority.pk], "linked_actions": [action.pk],
             "public_text": payload, "response": payload, "status": "not_possible",
             "not_possible_reason": payload},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
        feedback.refresh_from_db()
        assert feedback.public_text == feedback.response == payload
        assert feedback.not_possible_reason == payload

        pages = [item, url("moderation", area_a), url("moderation-themes", area_a), plan_url,
                 action_url, url("moderation-theme-edit", area_a, pk=theme.pk)]  # fmt: skip
        for page in pages:
            assert_escaped(client.get(page).content.decode(), payload)
        for page in pages[2], pages[5]:  # the themes list and the theme's form show it
            assert_escaped(client.get(page).content.decode(), f"covers {payload}")
        trends = client.get(url("moderation-trends", area_a)).content.decode()
        assert_escaped(trends, payload, shown=False)

        # The conflict page shows the saved version and mine: both escaped.
        stale = client.post(
            item,
            {"seen_version": feedback.version - 1, "public_text": payload + " mine",
             "response": payload, "status": "not_possible", "not_possible_reason": payload,
             "themes": [theme.pk]},
        )  # fmt: skip
        assert stale.status_code == 409
        conflict = stale.content.decode()
        assert_escaped(conflict, payload)
        assert escape(payload + " mine") in conflict
    assert Feedback.objects.filter(response__in=PAYLOADS).count() == 50
    assert Theme.objects.filter(area=area_a, description__startswith="covers ").count() == 50


def test_a_published_payload_is_escaped_on_the_plan_for_the_public(area_a, users, client_for):
    action = ActionFactory(priority__plan__area=area_a)
    payload = PAYLOADS[0]
    client = client_for(users.commissioner)
    client.post(url("moderation-theme-add", area_a), {"name": payload, "kind": "theme"})
    feedback = FeedbackFactory(area=area_a, public_text=payload, response=payload)
    feedback.themes.set(Theme.objects.filter(area=area_a))
    feedback.linked_priorities.add(action.priority)
    client.post(url("moderation-publish", area_a, pk=feedback.pk), {"seen_version": 1})
    assert Feedback.objects.get(pk=feedback.pk).is_published
    client.logout()
    plan_url = reverse(
        "commissioning:plan", kwargs={"area": area_a.slug, "pk": action.priority.plan.pk}
    )
    assert_escaped(client.get(plan_url).content.decode(), payload)
