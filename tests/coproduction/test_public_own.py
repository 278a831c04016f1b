"""People's own feedback: the list of what they sent in an area, and each item; nobody else's."""

import pytest
from django.utils import timezone

from coproduction.models import Consent, FeedbackStatus
from core.models import Role
from tests.coproduction.public_helpers import published, url
from tests.factories import (
    ActionFactory,
    CoproductionSettingsFactory,
    FeedbackFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(area_a, area_b, users):
    """The forum member's two items in area A and one in B; another member's item in A."""
    other_member = user_with_role(area_a, Role.FORUM_MEMBER)
    users.forum_member.role_assignments.create(area=area_b, role=Role.FORUM_MEMBER)
    mine = FeedbackFactory(area=area_a, submitted_by=users.forum_member, working="MINE received")
    mine_published = published(
        area_a,
        submitted_by=users.forum_member,
        working="MINE published",
        public_text="What we published of mine",
        response="MY response",
        status=FeedbackStatus.DONE,
    )
    mine_in_b = FeedbackFactory(area=area_b, submitted_by=users.forum_member, working="MINE in B")
    theirs = FeedbackFactory(area=area_a, submitted_by=other_member, working="THEIRS")
    return mine, mine_published, mine_in_b, theirs, other_member


def test_a_forum_member_sees_their_own_feedback_in_the_area_and_nothing_else(
    sent, area_a, users, client_for
):
    mine, mine_published, mine_in_b, theirs, _ = sent
    body = client_for(users.forum_member).get(url(area_a, "your-feedback")).content.decode()
    assert mine.reference in body
    assert mine_published.reference in body
    assert mine_in_b.reference not in body  # another area's, on that area's page
    assert theirs.reference not in body
    assert "Received" in body
    assert "Done" in body


def test_their_item_shows_what_they_wrote_the_status_and_the_public_response(
    sent, area_a, users, client_for
):
    _, mine_published, *_ = sent
    client = client_for(users.forum_member)
    body = client.get(url(area_a, "your-feedback-item", pk=mine_published.pk)).content.decode()
    assert "MINE published" in body
    assert "What we published of mine" in body
    assert "MY response" in body
    assert mine_published.reference in body
    assert url(area_a, "you-said-we-did-item", pk=mine_published.pk) in body


def test_a_response_is_shown_once_the_status_says_answered_or_it_is_published(
    area_a, users, client_for
):
    feedback = FeedbackFactory(
        area=area_a, submitted_by=users.forum_member, response="DRAFT answer", status="themed"
    )
    client = client_for(users.forum_member)
    page = url(area_a, "your-feedback-item", pk=feedback.pk)
    assert "DRAFT answer" not in client.get(page).content.decode()
    feedback.responded_at = timezone.now()  # saved, but the item is still being themed
    feedback.save()
    assert "DRAFT answer" not in client.get(page).content.decode()
    feedback.status = FeedbackStatus.RESPONDED
    feedback.save()
    assert "DRAFT answer" in client.get(page).content.decode()


def test_nobody_else_sees_an_item_not_even_the_areas_commissioners_here(
    sent, area_a, area_b, users, client_for
):
    mine, mine_published, mine_in_b, theirs, other_member = sent
    client = client_for(users.forum_member)
    assert client.get(url(area_a, "your-feedback-item", pk=theirs.pk)).status_code == 404
    assert client.get(url(area_a, "your-feedback-item", pk=mine_in_b.pk)).status_code == 404
    assert client.get(url(area_b, "your-feedback-item", pk=mine_in_b.pk)).status_code == 200
    for user in (other_member, users.commissioner, users.area_admin, users.other_area):
        client = client_for(user)
        for item in (mine, mine_published):
            response = client.get(url(area_a, "your-feedback-item", pk=item.pk))
            assert response.status_code == 404
        listing = client.get(url(area_a, "your-feedback")).content.decode()
        assert mine.reference not in listing
        assert mine_published.reference not in listing


def test_signed_out_people_are_asked_to_sign_in(sent, area_a, client):
    mine, *_ = sent
    for page in (url(area_a, "your-feedback"), url(area_a, "your-feedback-item", pk=mine.pk)):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/sign-in/?next=")


def test_someone_of_another_area_who_sent_feedback_where_it_is_open_sees_it(
    area_a, users, client_for
):
    CoproductionSettingsFactory(area=area_a, allow_public_feedback=True)
    feedback = FeedbackFactory(area=area_a, submitted_by=users.other_area, working="VISITOR")
    client = client_for(users.other_area)
    assert feedback.reference in client.get(url(area_a, "your-feedback")).content.decode()
    body = client.get(url(area_a, "your-feedback-item", pk=feedback.pk)).content.decode()
    assert "VISITOR" in body


def test_not_publishing_is_said_and_the_actions_taken_are_listed(area_a, users, client_for):
    feedback = FeedbackFactory(
        area=area_a,
        submitted_by=users.forum_member,
        consent=Consent.DO_NOT_PUBLISH,
        status=FeedbackStatus.ACTION_LINKED,
    )
    feedback.linked_actions.add(ActionFactory(priority__plan__area=area_a, title="A new bus pass"))
    client = client_for(users.forum_member)
    body = client.get(url(area_a, "your-feedback-item", pk=feedback.pk)).content.decode()
    assert "you asked us not to publish it" in body
    assert "A new bus pass" in body


def test_the_list_query_count_does_not_grow(
    area_a, users, client_for, django_assert_max_num_queries
):
    client = client_for(users.forum_member)
    FeedbackFactory.create_batch(25, area=area_a, submitted_by=users.forum_member)
    client.get(url(area_a, "your-feedback"))  # the session's first save is not the page's
    with django_assert_max_num_queries(12):
        assert client.get(url(area_a, "your-feedback")).status_code == 200
