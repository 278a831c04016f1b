"""The public "you said, we did" pages: what appears, filters, pages, areas, queries."""

import pytest
from django.utils import timezone

from coproduction.models import Consent, FeedbackStatus
from tests.coproduction.public_helpers import drop_publish_constraint, published, url
from tests.factories import (
    ActionFactory,
    FeedbackContactFactory,
    FeedbackFactory,
    ForwardPlanFactory,
    PriorityFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ("you-said-we-did", "you-said-we-did-easy-read")


def pages_of(client, area) -> str:
    """The list, the easy read and the counts CSV, as one text."""
    bodies = [client.get(url(area, name)).content.decode() for name in PUBLIC_PAGES]
    bodies.append(client.get(url(area, "you-said-we-did-counts-csv")).content.decode())
    return "\n".join(bodies)


def test_only_published_consented_items_without_safeguarding_appear(area_a, client):
    """Each of the three conditions alone keeps an item off every public page. The database
    also refuses the last two; it is dropped here so the public queryset is what is tested."""
    drop_publish_constraint()
    shown = published(area_a, public_text="SHOWN item text", response="SHOWN response")
    hidden = [
        published(area_a, public_text="UNPUBLISHED item", published_at=None),
        published(area_a, public_text="UNCONSENTED item", consent=Consent.DO_NOT_PUBLISH),
        published(area_a, public_text="FLAGGED item", is_safeguarding=True),
    ]
    body = pages_of(client, area_a)
    assert "SHOWN item text" in body
    assert "SHOWN response" in body
    for feedback in hidden:
        assert feedback.public_text not in body
        item_url = url(area_a, "you-said-we-did-item", pk=feedback.pk)
        assert client.get(item_url).status_code == 404
    assert client.get(url(area_a, "you-said-we-did-item", pk=shown.pk)).status_code == 200


def test_never_the_raw_answers_the_sender_the_reference_or_contact_details(area_a, users, client):
    feedback = published(
        area_a,
        working="RAW working answer",
        not_working="RAW not working answer",
        future="RAW future answer",
        anything_else="RAW anything else",
        submitted_by=users.forum_member,
    )
    contact = FeedbackContactFactory(feedback=feedback, name="Contact Name", phone="07700900123")
    body = pages_of(client, area_a)
    body += client.get(url(area_a, "you-said-we-did-item", pk=feedback.pk)).content.decode()
    for secret in ("RAW ", users.forum_member.email, feedback.reference, contact.email,
                   contact.name, contact.phone):  # fmt: skip
        assert secret not in body
    assert feedback.public_text in body


def test_each_item_shows_what_was_said_and_done_its_themes_status_and_date(area_a, client):
    theme = ThemeFactory(area=area_a, name="Waiting times")
    when = timezone.make_aware(timezone.datetime(2025, 3, 4, 10))
    published(area_a, themes=[theme], status=FeedbackStatus.DONE, published_at=when)
    for name in PUBLIC_PAGES:
        body = client.get(url(area_a, name)).content.decode()
        assert "The wait for a speech therapy assessment was too long." in body
        assert "We have added two therapists to the team." in body
        assert "Waiting times" in body
        assert "4 March 2025" in body
    assert "Done" in client.get(url(area_a)).content.decode()
    assert "We did it." in client.get(url(area_a, "you-said-we-did-easy-read")).content.decode()


def test_the_two_versions_link_to_each_other_keeping_the_filters(area_a, client):
    theme = ThemeFactory(area=area_a)
    query = f"?theme={theme.pk}&status=done"
    body = client.get(url(area_a) + query).content.decode()
    assert f"{url(area_a, 'you-said-we-did-easy-read')}?theme={theme.pk}&amp;status=done" in body
    body = client.get(url(area_a, "you-said-we-did-easy-read") + query).content.decode()
    assert f"{url(area_a)}?theme={theme.pk}&amp;status=done" in body


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_filters_by_theme_and_status(area_a, client, name):
    keyworkers = ThemeFactory(area=area_a, name="Keyworkers")
    transport = ThemeFactory(area=area_a, name="Transport")
    published(area_a, themes=[keyworkers], public_text="KEY done", status=FeedbackStatus.DONE)
    published(area_a, themes=[keyworkers], public_text="KEY responded")
    published(area_a, themes=[transport], public_text="BUS done", status=FeedbackStatus.DONE)

    body = client.get(url(area_a, name), {"theme": keyworkers.pk}).content.decode()
    assert "KEY done" in body
    assert "KEY responded" in body
    assert "BUS done" not in body
    body = client.get(url(area_a, name), {"status": "done"}).content.decode()
    assert "KEY done" in body
    assert "BUS done" in body
    assert "KEY responded" not in body
    query = {"theme": keyworkers.pk, "status": "done"}
    body = client.get(url(area_a, name), query).content.decode()
    assert "KEY done" in body
    assert "KEY responded" not in body
    assert "BUS done" not in body


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize(
    "query", [{"theme": "abc"}, {"theme": "999999"}, {"status": "lost"}, {"theme": "1\x00"}]
)
def test_a_wrong_filter_is_named_and_the_page_still_works(area_a, area_b, client, name, query):
    published(area_a, public_text="Still listed")
    other = ThemeFactory(area=area_b)
    response = client.get(url(area_a, name), query)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "<title>Error: " in body
    assert "Still listed" in body
    # another area's theme is not a choice here either
    assert client.get(url(area_a, name), {"theme": other.pk}).context["form"].errors


def test_a_theme_of_another_area_is_not_offered(area_a, area_b, client):
    ThemeFactory(area=area_b, name="Betashire only theme")
    assert "Betashire only theme" not in client.get(url(area_a)).content.decode()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_pages_of_ten_keep_the_filters(area_a, client, name):
    theme = ThemeFactory(area=area_a)
    for n in range(23):
        published(area_a, themes=[theme], public_text=f"Item number {n:02d}")
    published(area_a, public_text="Not in the theme")
    first = client.get(url(area_a, name), {"theme": theme.pk}).content.decode()
    assert first.count("Item number") >= 10
    assert "Item number 22" in first
    assert f"?theme={theme.pk}&amp;page=2" in first
    third = client.get(url(area_a, name), {"theme": theme.pk, "page": 3}).content.decode()
    assert "Item number 00" in third
    assert "Not in the theme" not in third
    assert "Page 3 of 3" in third
    # a page that does not exist shows the last one, never an error
    assert client.get(url(area_a, name), {"page": "x"}).status_code == 200
    assert client.get(url(area_a, name), {"page": "99"}).status_code == 200


def test_area_a_items_never_on_area_b_pages(area_a, area_b, client):
    feedback = published(area_a, public_text="ALPHASHIRE only", response="ALPHA response")
    ThemeFactory(area=area_a, name="Alphashire theme")
    published(area_b, public_text="Betashire item")
    body = pages_of(client, area_b)
    assert "ALPHASHIRE only" not in body
    assert "ALPHA response" not in body
    assert "Alphashire theme" not in body
    assert "Betashire item" in body
    assert client.get(url(area_b, "you-said-we-did-item", pk=feedback.pk)).status_code == 404


def test_an_area_that_does_not_exist_is_not_found(client):
    assert client.get("/areas/nowhere/you-said-we-did/").status_code == 404


def test_the_item_shows_the_actions_taken_and_priorities_in_approved_plans(area_a, client):
    approved = ActionFactory(priority__plan__area=area_a, title="Recruit two keyworkers",
                             status="completed", progress=100)  # fmt: skip
    draft_plan = ForwardPlanFactory(area=area_a, status="draft")
    draft = ActionFactory(priority__plan=draft_plan, title="DRAFT action")
    other_area = ActionFactory(title="OTHER AREA action")
    feedback = published(area_a)
    feedback.linked_actions.set([approved, draft, other_area])
    feedback.linked_priorities.set([approved.priority, PriorityFactory(plan=draft_plan)])

    body = client.get(url(area_a, "you-said-we-did-item", pk=feedback.pk)).content.decode()
    assert "Recruit two keyworkers" in body
    assert "Completed" in body
    assert approved.priority.title in body
    assert "DRAFT action" not in body
    assert "OTHER AREA action" not in body
    assert f"/areas/{area_a.slug}/actions/{approved.pk}/" in body


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_query_count_does_not_grow_with_items(area_a, client, name, django_assert_max_num_queries):
    themes = [ThemeFactory(area=area_a) for _ in range(4)]
    for n in range(30):
        published(area_a, themes=themes[: n % 4 + 1])
    FeedbackFactory.create_batch(5, area=area_a)  # not published
    with django_assert_max_num_queries(9):
        assert client.get(url(area_a, name)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(url(area_a, name), {"theme": themes[0].pk, "page": 2}).status_code == 200


def test_item_page_query_count_does_not_grow_with_links(
    area_a, client, django_assert_max_num_queries
):
    feedback = published(area_a, themes=[ThemeFactory(area=area_a) for _ in range(5)])
    feedback.linked_actions.set(ActionFactory.create_batch(6, priority__plan__area=area_a))
    with django_assert_max_num_queries(6):
        client.get(url(area_a, "you-said-we-did-item", pk=feedback.pk))
