"""QUALITY.md S9 on the public pages: 50 script payloads in the published text, the response,
the reason it is not possible (its sender's page) and a theme's name come back escaped on the
list, the easy read and the item's pages (tests/browser/test_coproduction_public.py opens them
in Chromium)."""

import csv
import io

import pytest
from django.utils.html import escape

from coproduction.models import FeedbackStatus
from tests.coproduction.public_helpers import published, url
from tests.coproduction.test_submit_xss import PAYLOADS
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_fifty_payloads_in_every_published_field_are_escaped(area_a, users, client_for):
    client = client_for(users.forum_member)
    items = []
    for n, payload in enumerate(PAYLOADS):
        theme = ThemeFactory(area=area_a, name=f"{n} {payload}"[:100])
        items.append(
            published(
                area_a,
                themes=[theme],
                public_text=f"said {payload}",
                response=f"did {payload}",
                status=FeedbackStatus.NOT_POSSIBLE,
                not_possible_reason=f"why {payload}",
                submitted_by=users.forum_member,
            )
        )
    pages = [
        url(area_a, name) + f"?page={page}"
        for name in ("you-said-we-did", "you-said-we-did-easy-read")
        for page in range(1, 6)
    ]
    pages += [url(area_a, "you-said-we-did-item", pk=item.pk) for item in items]
    own = [url(area_a, "your-feedback-item", pk=item.pk) for item in items]
    public = "\n".join(client.get(page).content.decode() for page in pages)
    owns = "\n".join(client.get(page).content.decode() for page in own)
    bodies = public + owns
    for payload in PAYLOADS:
        assert payload not in bodies
        assert escape(f"said {payload}") in bodies
        assert escape(f"did {payload}") in bodies
        assert escape(f"why {payload}") in owns  # the reason: on the sender's own page
        assert f"why {escape(payload)[:4]}" not in public  # and nowhere public (ADR 0015)
    assert "<script>" not in bodies.replace('<script type="module"', "")


def test_theme_names_that_look_like_formulas_are_neutralised_in_the_csv(area_a, client):
    theme = ThemeFactory(area=area_a, name='=HYPERLINK("http://x","y")')
    published(area_a, themes=[theme])
    response = client.get(url(area_a, "you-said-we-did-counts-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Published feedback by theme", "'" + theme.name, "c"] in rows
