"""Moderation pages: the queue (scoped, filtered, bounded), an item's page, publishing,
stale edits, exports, counts by theme, and the golden thread on the plan's pages."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coproduction import moderation_selectors as selectors
from coproduction.models import Consent, Feedback, FeedbackStatus, Speaker
from core.access import AreaAccess
from core.models import AuditEvent, Role
from tests.factories import (
    ActionFactory,
    FeedbackContactFactory,
    FeedbackFactory,
    PriorityFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def url(name, area, **kwargs):
    return reverse(f"coproduction:{name}", kwargs={"area": area.slug, **kwargs})


def form_data(feedback, **changes) -> dict:
    """What the item page's form posts when nothing is changed, with ``changes``."""
    data = {
        "seen_version": feedback.version,
        "public_text": feedback.public_text,
        "response": feedback.response,
        "status": feedback.status,
        "not_possible_reason": feedback.not_possible_reason,
        "themes": [t.pk for t in feedback.themes.all()],
        "linked_priorities": [p.pk for p in feedback.linked_priorities.all()],
        "linked_actions": [a.pk for a in feedback.linked_actions.all()],
        "linked_services": [s.pk for s in feedback.linked_services.all()],
    }
    data.update(changes)
    return data


# --- Scoping ---------------------------------------------------------------------------------


def test_area_a_cannot_see_area_bs_feedback(area_a, area_b, users, client_for):
    FeedbackFactory(area=area_a, not_working="Alphashire waits")
    theirs = FeedbackFactory(area=area_b, not_working="Betashire secret waits")
    access = AreaAccess.for_user(users.commissioner, area_a)
    assert theirs not in selectors.feedback_to_moderate(access=access)
    assert selectors.feedback_for_priorities(access=access, priority_ids=[]) == {}
    client = client_for(users.commissioner)
    page = client.get(url("moderation", area_a)).content.decode()
    assert "Alphashire waits" in page
    assert "Betashire secret waits" not in page
    assert client.get(url("moderation-item", area_a, pk=theirs.pk)).status_code == 404
    assert client.get(url("moderation-item", area_b, pk=theirs.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.FORUM_MEMBER])
def test_other_roles_read_no_queue(area_a, role):
    FeedbackFactory(area=area_a)
    access = AreaAccess(area=area_a, roles=frozenset({role}))
    assert not selectors.feedback_to_moderate(access=access).exists()
    assert selectors.status_counts(access=access)["total"] == 0


def test_new_items_come_first(area_a, users, client_for):
    old_new = FeedbackFactory(area=area_a)
    done = FeedbackFactory(area=area_a, status=FeedbackStatus.NOT_POSSIBLE,
                           not_possible_reason="National")  # fmt: skip
    newest_new = FeedbackFactory(area=area_a)
    access = AreaAccess.for_user(users.commissioner, area_a)
    assert list(selectors.feedback_to_moderate(access=access)) == [newest_new, old_new, done]


# --- Filters and counts ---------------------------------------------------------------------


def test_filters(area_a, users, client_for):
    theme = ThemeFactory(area=area_a, name="Transport")
    priority = PriorityFactory(plan__area=area_a)
    tagged = FeedbackFactory(area=area_a, not_working="Tagged item", speaker=Speaker.YOUNG_PERSON)
    tagged.themes.add(theme)
    tagged.linked_priorities.add(priority)
    FeedbackFactory(area=area_a, not_working="Untagged item")
    FeedbackFactory(area=area_a, not_working="Flagged item", is_safeguarding=True)
    old = FeedbackFactory(area=area_a, not_working="Old item")
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    client = client_for(users.commissioner)

    def shown(**query):
        page = client.get(url("moderation", area_a), query).content.decode()
        assert "Flagged item" not in page  # a commissioner never reads a flagged item
        return {name for name in ("Tagged item", "Untagged item", "Old item") if name in page}

    assert shown() == {"Tagged item", "Untagged item", "Old item"}
    assert shown(theme=theme.pk) == {"Tagged item"}
    assert shown(priority=priority.pk) == {"Tagged item"}
    assert shown(speaker="young_person") == {"Tagged item"}
    # A commissioner sees that a flagged item exists, not what it says.
    assert shown(safeguarding="yes") == set()
    assert (
        "Only area admins can read this"
        in client.get(url("moderation", area_a), {"safeguarding": "yes"}).content.decode()
    )
    last_year = timezone.localdate() - timedelta(days=200)
    assert shown(
        received_to_0=last_year.day, received_to_1=last_year.month, received_to_2=last_year.year
    ) == {"Old item"}
    Feedback.objects.filter(pk=tagged.pk).update(status=FeedbackStatus.THEMED)
    assert shown(status="received", safeguarding="no") == {"Untagged item", "Old item"}
    assert shown(status="themed") == {"Tagged item"}


def test_a_bad_filter_is_named_not_a_crash(area_a, users, client_for):
    page = client_for(users.commissioner).get(
        url("moderation", area_a), {"status": "x\x00", "received_from_0": "40"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("govuk-error-summary") >= 1
    assert "<title>Error:" in body


def test_counts_by_status(area_a, users):
    FeedbackFactory.create_batch(3, area=area_a)
    FeedbackFactory(area=area_a, status=FeedbackStatus.NOT_POSSIBLE, not_possible_reason="No")
    counts = selectors.status_counts(access=AreaAccess.for_user(users.commissioner, area_a))
    assert counts["total"] == 4
    assert {s.value: n for s, n in counts["statuses"]}["received"] == 3


def test_queue_query_count_does_not_grow(area_a, users, client_for, django_assert_max_num_queries):
    theme = ThemeFactory(area=area_a)
    client = client_for(users.commissioner)

    def add(count):
        for _ in range(count):
            FeedbackFactory(area=area_a).themes.add(theme)

    add(3)
    client.get(url("moderation", area_a))
    with django_assert_max_num_queries(20) as few:
        assert client.get(url("moderation", area_a)).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url("moderation", area_a)).status_code == 200
    with django_assert_max_num_queries(len(few) + 2):
        assert client.get(url("moderation", area_a), {"export": "csv"}).status_code == 200


# --- An item's page -------------------------------------------------------------------------


def test_a_commissioner_tags_links_responds_and_publishes(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    theme = ThemeFactory(area=area_a)
    priority = PriorityFactory(plan__area=area_a)
    client = client_for(users.commissioner)
    page = client.get(url("moderation-item", area_a, pk=feedback.pk)).content.decode()
    assert "What is not working: We waited months to hear about the assessment." in page

    response = client.post(
        url("moderation-item", area_a, pk=feedback.pk),
        form_data(
            feedback,
            themes=[theme.pk],
            linked_priorities=[priority.pk],
            public_text="We waited months.",
            response="We hired assessors.",
            status="responded",
        ),
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RESPONDED
    assert list(feedback.linked_priorities.all()) == [priority]

    response = client.post(
        url("moderation-publish", area_a, pk=feedback.pk), {"seen_version": feedback.version}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_published


def test_the_form_refuses_another_areas_priority(area_a, area_b, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    theirs = PriorityFactory(plan__area=area_b)
    response = client_for(users.commissioner).post(
        url("moderation-item", area_a, pk=feedback.pk),
        form_data(feedback, linked_priorities=[theirs.pk]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not feedback.linked_priorities.exists()


def test_mass_assignment_is_ignored(area_a, area_b, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    client_for(users.commissioner).post(
        url("moderation-item", area_a, pk=feedback.pk),
        form_data(
            feedback,
            area=area_b.pk,
            is_safeguarding="on",
            consent="do_not_publish",
            version=99,
            published_at="2020-01-01",
            reference="FB-HACKED1",
        ),
    )
    fresh = Feedback.objects.get(pk=feedback.pk)
    assert (fresh.area, fresh.is_safeguarding, fresh.consent, fresh.published_at) == (
        area_a,
        False,
        Consent.PUBLISH_ANONYMISED,
        None,
    )
    assert fresh.reference == feedback.reference


def test_a_stale_edit_gets_the_conflict_page_and_keeps_what_was_typed(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    seen = form_data(feedback)
    client = client_for(users.commissioner)
    # Someone else saves first.
    client.post(url("moderation-item", area_a, pk=feedback.pk),
                {**seen, "response": "Their response"})  # fmt: skip
    mine = {**seen, "response": "My careful response, typed for an hour",
            "public_text": "My redaction"}  # fmt: skip
    response = client.post(url("moderation-item", area_a, pk=feedback.pk), mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this while you were editing" in body
    assert "Their response" in body
    assert body.count("My careful response, typed for an hour") >= 2  # the table and the form
    assert Feedback.objects.get(pk=feedback.pk).response == "Their response"
    # The form now carries the saved version: saving again keeps mine.
    feedback.refresh_from_db()
    again = client.post(
        url("moderation-item", area_a, pk=feedback.pk),
        {**mine, "seen_version": feedback.version, "submission": ""},
    )
    assert again.status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).response.startswith("My careful response")


def test_publishing_a_stale_page_says_so(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a, public_text="Text", response="Done")
    client = client_for(users.commissioner)
    response = client.post(
        url("moderation-publish", area_a, pk=feedback.pk),
        {"seen_version": feedback.version - 1 + 5},
        follow=True,
    )
    assert "Someone else changed this feedback" in response.content.decode()
    assert not Feedback.objects.get(pk=feedback.pk).is_published


def test_publishing_is_refused_with_the_reason(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a, consent=Consent.DO_NOT_PUBLISH, public_text="T",
                               response="R")  # fmt: skip
    response = client_for(users.commissioner).post(
        url("moderation-publish", area_a, pk=feedback.pk),
        {"seen_version": feedback.version},
        follow=True,
    )
    assert "did not agree to it being published" in response.content.decode()
    assert not Feedback.objects.get(pk=feedback.pk).is_published


def test_publishing_risky_public_words_is_refused_with_the_reason(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a, public_text="He talks about killing himself",
                               response="We listened")  # fmt: skip
    client = client_for(users.commissioner)
    page = client.get(url("moderation-item", area_a, pk=feedback.pk)).content.decode()
    assert "may mean a child is at risk" in page
    response = client.post(
        url("moderation-publish", area_a, pk=feedback.pk),
        {"seen_version": feedback.version},
        follow=True,
    )
    body = response.content.decode()
    assert "It cannot be published" in body
    assert "may mean a child is at risk" in body
    assert not Feedback.objects.get(pk=feedback.pk).is_published


def test_a_commissioner_flags_an_item_from_its_page(
    area_a, users, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = FeedbackFactory(area=area_a, not_working="A story the words missed")
    client = client_for(users.commissioner)
    item = url("moderation-item", area_a, pk=feedback.pk)
    flag = url("moderation-flag", area_a, pk=feedback.pk)
    page = client.get(item).content.decode()
    assert f'action="{flag}"' in page
    assert "Flag it for safeguarding" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(flag)
    assert response.status_code == 302
    assert response["Location"] == item
    feedback.refresh_from_db()
    assert feedback.is_safeguarding
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [users.area_admin.email]
    assert "http://testserver/areas/alphashire/" in mailoutbox[0].body
    after = client.get(item).content.decode()
    assert "is flagged for safeguarding" in after  # the message
    assert "A story the words missed" not in after  # now for the admins only
    assert "Only area admins can read it" in after
    assert client.post(flag).status_code == 403  # a commissioner cannot change it now
    admin_page = client_for(users.area_admin).get(item).content.decode()
    assert f'action="{flag}"' not in admin_page  # already flagged: no button


def test_an_area_admin_deletes_feedback_after_confirming(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a, public_text="T", response="R",
                               published_at=timezone.now())  # fmt: skip
    item = url("moderation-item", area_a, pk=feedback.pk)
    delete = url("moderation-delete", area_a, pk=feedback.pk)
    admin = client_for(users.area_admin)
    assert f'href="{delete}"' in admin.get(item).content.decode()
    confirm = admin.get(delete)
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert f"Are you sure you want to delete feedback {feedback.reference}?" in body
    assert "It is published" in body  # what deleting takes away
    assert f'href="{item}"' in body  # no, go back
    assert Feedback.objects.filter(pk=feedback.pk).exists()  # asking deletes nothing
    response = admin.post(delete, follow=True)
    assert response.redirect_chain[-1][0] == url("moderation", area_a)
    assert f"Feedback {feedback.reference} has been deleted" in response.content.decode()
    assert not Feedback.objects.filter(pk=feedback.pk).exists()
    assert admin.get(item).status_code == 404


def test_commissioners_cannot_delete_feedback(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    client = client_for(users.commissioner)
    delete = url("moderation-delete", area_a, pk=feedback.pk)
    page = client.get(url("moderation-item", area_a, pk=feedback.pk)).content.decode()
    assert delete not in page
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert Feedback.objects.filter(pk=feedback.pk).exists()


def test_deleting_a_flagged_item_warns_to_keep_the_safeguarding_record(area_a, users, client_for):
    flagged = FeedbackFactory(area=area_a, is_safeguarding=True)
    page = client_for(users.area_admin).get(url("moderation-delete", area_a, pk=flagged.pk))
    assert "flagged for safeguarding" in page.content.decode()


def test_safeguarding_items_are_read_by_area_admins_only(area_a, users, client_for):
    flagged = FeedbackFactory(area=area_a, is_safeguarding=True, not_working="A worrying story",
                              safeguarding_reason="feeling unsafe")  # fmt: skip
    item = url("moderation-item", area_a, pk=flagged.pk)
    admin_page = client_for(users.area_admin).get(item).content.decode()
    assert "Safeguarding concern" in admin_page
    assert "A worrying story" in admin_page
    assert "govuk-warning-text" in admin_page

    client = client_for(users.commissioner)
    page = client.get(item)
    assert page.status_code == 200
    assert "A worrying story" not in page.content.decode()
    assert "Only area admins can read it" in page.content.decode()
    assert client.post(item, form_data(flagged, response="x")).status_code == 403
    assert client.post(url("moderation-publish", area_a, pk=flagged.pk),
                       {"seen_version": flagged.version}).status_code == 403  # fmt: skip
    export = client.get(url("moderation", area_a), {"export": "csv"}).content.decode()
    assert "A worrying story" not in export
    assert selectors.WITHHELD in export


def test_contact_details_on_the_page_for_area_admins_only(area_a, users, client_for):
    contact = FeedbackContactFactory(feedback__area=area_a, email="sam.parent@example.org")
    item = url("moderation-item", area_a, pk=contact.feedback.pk)
    assert "sam.parent@example.org" in client_for(users.area_admin).get(item).content.decode()
    assert "sam.parent@example.org" not in client_for(users.commissioner).get(item).content.decode()


# --- Exports --------------------------------------------------------------------------------


def test_exports_have_no_contact_details(area_a, users, client_for):
    FeedbackContactFactory(feedback__area=area_a, email="sam.parent@example.org",
                           phone="07700 900123", name="Sam Parent")  # fmt: skip
    client = client_for(users.commissioner)
    csv_body = client.get(url("moderation", area_a), {"export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_body)))
    assert rows[0] == selectors.EXPORT_HEADERS
    assert len(rows) == 2
    for secret in ("sam.parent@example.org", "07700 900123", "Sam Parent", "Contact email"):
        assert secret not in csv_body
    xlsx = client.get(url("moderation", area_a), {"export": "xlsx"})
    cells = [str(c.value) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
             for c in row]  # fmt: skip
    assert not any("sam.parent@example.org" in cell for cell in cells)
    # A commissioner asking for contact details is refused.
    refused = client.get(url("moderation", area_a), {"export": "csv", "contacts": "yes"})
    assert refused.status_code == 403


def test_area_admins_may_export_contact_details_and_it_is_audited(area_a, users, client_for):
    FeedbackContactFactory(feedback__area=area_a, email="sam.parent@example.org")
    FeedbackFactory(area=area_a)  # one without contact details
    response = client_for(users.area_admin).get(
        url("moderation", area_a), {"export": "csv", "contacts": "yes"}
    )
    body = response.content.decode("utf-8-sig")
    assert "sam.parent@example.org" in body
    assert "Contact email" in body
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.detail == {"rows": 2, "format": "csv", "contacts": True}
    assert event.actor == users.area_admin


def test_exports_follow_the_filters_and_neutralise_formulas(area_a, users, client_for):
    theme = ThemeFactory(area=area_a)
    FeedbackFactory(area=area_a, not_working='=HYPERLINK("http://x")').themes.add(theme)
    FeedbackFactory(area=area_a, not_working="Not this one")
    body = (
        client_for(users.commissioner)
        .get(url("moderation", area_a), {"export": "csv", "theme": theme.pk})
        .content.decode("utf-8-sig")
    )
    assert "Not this one" not in body
    assert "'=HYPERLINK" in body


# --- Counts by theme over time ---------------------------------------------------------------


def test_counts_by_theme_per_quarter_and_month(area_a, area_b, users, client_for):
    waiting = ThemeFactory(area=area_a, name="Waiting")
    transport = ThemeFactory(area=area_a, name="Transport")
    for themes in ([waiting], [waiting, transport], []):
        FeedbackFactory(area=area_a).themes.set(themes)
    FeedbackFactory(area=area_b).themes.add(ThemeFactory(area=area_b, name="Waiting"))
    access = AreaAccess.for_user(users.board_member, area_a)
    starts, counts, untagged = selectors.theme_counts(access=access, period="quarter")
    assert len(starts) == 8
    assert counts == {"Waiting": [0] * 7 + [2], "Transport": [0] * 7 + [1]}
    assert untagged == 1

    client = client_for(users.board_member)
    page = client.get(url("moderation-trends", area_a), {"period": "month"}).content.decode()
    assert (
        "Waiting was the theme raised most often in the last 12 months, in 2 feedback items" in page
    )
    assert "<table" in page
    download = client.get(url("moderation-trends-csv", area_a), {"period": "month"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Month", "Waiting", "Transport"]
    assert rows[-1][1:] == ["2", "1"]
    assert len(rows) == 13


def test_more_themes_than_colours_are_grouped(area_a, users):
    from coproduction.charts import OTHER, pick_series

    series = pick_series({f"Theme {n}": [n, 1] for n in range(9)})
    assert len(series) == 6
    assert series[-1].name == OTHER
    assert series[0].name == "Theme 8"


# --- The golden thread -----------------------------------------------------------------------


def test_the_priority_and_action_pages_show_linked_feedback(area_a, users, client_for, client):
    action = ActionFactory(priority__plan__area=area_a)
    priority = action.priority
    theme = ThemeFactory(area=area_a, name="Keyworkers")
    published = FeedbackFactory(
        area=area_a, public_text="The wait was far too long.", published_at=timezone.now(),
        response="We hired two more assessors.", not_working="RAW answer with a name",
    )  # fmt: skip
    unpublished = FeedbackFactory(area=area_a)
    for item in (published, unpublished):
        item.linked_priorities.add(priority)
        item.linked_actions.add(action)
        item.themes.add(theme)
    plan_url = reverse("commissioning:plan", kwargs={"area": area_a.slug, "pk": priority.plan.pk})
    action_url = reverse("commissioning:action", kwargs={"area": area_a.slug, "pk": action.pk})

    staff = client_for(users.commissioner).get(plan_url).content.decode()
    assert "Feedback linked to this priority: 2" in staff
    assert unpublished.reference in staff
    assert published.reference in staff
    assert "Keyworkers" in staff
    assert url("moderation-item", area_a, pk=unpublished.pk) in staff

    client.logout()
    for reader in (None, users.forum_member, users.board_member):
        if reader:
            client.force_login(reader)
        for page_url, what in ((plan_url, "priority"), (action_url, "action")):
            page = client.get(page_url).content.decode()
            assert f"Feedback linked to this {what}: 1" in page
            # What was published, linked to its public page; never the reference (ADR 0015)
            assert "The wait was far too long." in page
            assert "We hired two more assessors." in page
            assert "Keyworkers" in page
            public_item = reverse("coproduction:you-said-we-did-item",
                                  kwargs={"area": area_a.slug, "pk": published.pk})  # fmt: skip
            assert f'href="{public_item}"' in page
            assert published.reference not in page
            assert unpublished.reference not in page
            assert "RAW answer" not in page
            assert "/co-production/feedback/" not in page


def test_the_public_golden_thread_never_loads_the_answers_or_the_reference(area_a, users):
    action = ActionFactory(priority__plan__area=area_a)
    item = FeedbackFactory(area=area_a, public_text="T", response="R", published_at=timezone.now())
    item.linked_actions.add(action)
    public = AreaAccess.for_user(users.other_area, area_a, public_view=True)
    [read] = selectors.feedback_for_action(access=public, action_id=action.pk)
    assert read.pk == item.pk
    assert {"reference", "not_working", "working", "submitted_by_id"} <= read.get_deferred_fields()
    assert read.words.label == "Received"


def test_the_plan_page_query_count_does_not_grow_with_linked_feedback(
    area_a, users, client_for, django_assert_max_num_queries
):
    priority = PriorityFactory(plan__area=area_a)
    client = client_for(users.commissioner)
    plan_url = reverse("commissioning:plan", kwargs={"area": area_a.slug, "pk": priority.plan.pk})

    def link(count):
        for _ in range(count):
            item = FeedbackFactory(area=area_a)
            item.linked_priorities.add(priority)
            item.themes.add(ThemeFactory(area=area_a))

    link(2)
    client.get(plan_url)
    with django_assert_max_num_queries(30) as few:
        client.get(plan_url)
    link(30)
    with django_assert_max_num_queries(len(few)):
        assert "Feedback linked to this priority: 32" in client.get(plan_url).content.decode()


# --- Themes pages ----------------------------------------------------------------------------


def test_themes_pages(area_a, users, client_for):
    client = client_for(users.commissioner)
    themes = url("moderation-themes", area_a)
    assert "Add the charter values" in client.get(themes).content.decode()
    client.post(url("moderation-themes-charter", area_a))
    page = client.get(themes).content.decode()
    assert "My voice to be the first voice" in page
    assert "Add the charter values" not in page

    added = {"name": "  Waiting   times ", "kind": "theme", "description": ""}
    response = client.post(url("moderation-theme-add", area_a), added)
    assert response.status_code == 302
    theme = area_a.feedback_themes.get(name="Waiting times")
    again = client.post(url("moderation-theme-add", area_a),
                        {"name": "WAITING TIMES", "kind": "theme"})  # fmt: skip
    assert "already has a theme called WAITING TIMES" in again.content.decode()

    client.post(url("moderation-theme-edit", area_a, pk=theme.pk),
                {"name": "Waiting for assessments", "kind": "theme"})  # fmt: skip
    theme.refresh_from_db()
    assert theme.name == "Waiting for assessments"

    FeedbackFactory(area=area_a).themes.add(theme)
    refused = client.post(url("moderation-theme-delete", area_a, pk=theme.pk), follow=True)
    assert "cannot be deleted" in refused.content.decode()
    assert area_a.feedback_themes.filter(pk=theme.pk).exists()


def test_the_item_page_offers_only_the_areas_own_choices(area_a, area_b, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    for area in (area_a, area_b):
        action = ActionFactory(priority__plan__area=area, title=f"{area.name} action")
        action.priority.title = f"{area.name} priority"
        action.priority.save()
        ThemeFactory(area=area, name=f"{area.name} theme")
    page = client_for(users.commissioner).get(url("moderation-item", area_a, pk=feedback.pk))
    body = page.content.decode()
    for what in ("priority", "action", "theme"):
        assert f"Alphashire {what}" in body
        assert f"Betashire {what}" not in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("response", "x" * 50_000, "must be 5,000 characters or fewer"),
        ("public_text", "a\x00b", "Null characters are not allowed"),
        ("status", "published", "Select a valid choice"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(area_a, users, client_for, field, value, message):
    feedback = FeedbackFactory(area=area_a)
    response = client_for(users.commissioner).post(
        url("moderation-item", area_a, pk=feedback.pk),
        form_data(feedback, **{"response": "Kept as typed", field: value}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "<title>Error:" in body
    if field == "response":
        assert f">\n{value}</textarea>" in body  # all 50,000 characters, kept in the box
    else:
        assert "Kept as typed" in body
    assert Feedback.objects.get(pk=feedback.pk).version == feedback.version


def test_the_same_form_posted_twice_saves_once(area_a, users, client_for):
    feedback = FeedbackFactory(area=area_a)
    client = client_for(users.commissioner)
    data = form_data(feedback, response="Once", submission="7c0d5bb5-9a07-4c59-9a53-5b0c3f1e2d11")
    first = client.post(url("moderation-item", area_a, pk=feedback.pk), data)
    second = client.post(url("moderation-item", area_a, pk=feedback.pk), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Feedback.objects.get(pk=feedback.pk).version == feedback.version + 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).count() == 1
