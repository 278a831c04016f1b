"""The demo feedback loads for the three demo areas, covers the whole lifecycle, and loads
again without duplicates or changes."""

import pytest
from django.conf import settings as django_settings

from commissioning.demo import load_plans
from coproduction import demo as coproduction_demo
from coproduction.models import Feedback, FeedbackStatus, Theme, ThemeKind
from coproduction.public_selectors import public_counts
from core import demo
from core.access import AreaAccess
from core.models import Area

pytestmark = pytest.mark.django_db

SLUGS = {"norfolk", "nottinghamshire", "north-yorkshire"}


@pytest.fixture
def loaded(settings):
    settings.DEBUG = True
    demo.load_areas()
    demo.load_users(password=django_settings.DEMO_PASSWORD)
    load_plans()
    return coproduction_demo.load_feedback()


def snapshot():
    rows = Feedback.objects.order_by("reference").values_list("reference", "updated_at")
    links = [
        (
            feedback.reference,
            sorted(feedback.themes.values_list("pk", flat=True)),
            sorted(feedback.linked_actions.values_list("pk", flat=True)),
            sorted(feedback.linked_priorities.values_list("pk", flat=True)),
        )
        for feedback in Feedback.objects.order_by("reference")
    ]
    themes = list(Theme.objects.order_by("pk").values_list("pk", "area_id", "name", "order"))
    return list(rows), links, themes


def test_loading_twice_adds_and_changes_nothing(loaded):
    assert loaded["feedback created"] == Feedback.objects.count() >= 45
    before = snapshot()
    again = coproduction_demo.load_feedback()
    assert again == {}
    assert snapshot() == before


def test_every_area_has_feedback_across_the_lifecycle_and_published_answers(loaded):
    for area in Area.objects.filter(slug__in=SLUGS):
        items = Feedback.objects.in_area(area)
        assert set(items.values_list("status", flat=True)) >= {
            FeedbackStatus.RECEIVED,
            FeedbackStatus.THEMED,
            FeedbackStatus.RESPONDED,
            FeedbackStatus.ACTION_LINKED,
            FeedbackStatus.DONE,
        }
        published = items.published()
        assert published.count() >= 10
        assert not published.filter(response="").exists()
        assert not published.filter(public_text="").exists()
        assert items.filter(linked_actions__isnull=False).exists()
        assert items.filter(submitted_by__email=f"forum@{area.slug}.demo").exists()
        assert items.filter(channel="young_people", speaker="young_person").exists()
        assert Theme.objects.in_area(area).filter(kind=ThemeKind.CHARTER_VALUE).exists()
    assert Feedback.objects.filter(status=FeedbackStatus.NOT_POSSIBLE).exists()
    flagged = Feedback.objects.filter(is_safeguarding=True)
    assert flagged.exists()
    assert not flagged.filter(published_at__isnull=False).exists()


def test_some_theme_counts_are_shown_and_some_suppressed_in_every_area(loaded):
    for area in Area.objects.filter(slug__in=SLUGS):
        counts = public_counts(access=AreaAccess(area=area, is_public_view=True))
        cells = [cell for _, cell in counts.by_theme.rows]
        assert any(isinstance(cell, int) and cell >= 5 for cell in cells), area
        assert "c" in cells, area


def test_linked_actions_are_in_the_same_area(loaded):
    for feedback in Feedback.objects.prefetch_related("linked_actions__priority__plan"):
        for action in feedback.linked_actions.all():
            assert action.priority.plan.area_id == feedback.area_id


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(PermissionError):
        coproduction_demo.load_feedback()
    assert not Feedback.objects.exists()


def test_references_are_valid_and_distinct():
    refs = {coproduction_demo.demo_reference("NFK", n) for n in range(1, 200)}
    assert len(refs) == 199
    assert all(len(ref) == 11 and ref.startswith("FB-NFKDM") for ref in refs)
