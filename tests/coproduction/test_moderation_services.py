"""Moderation services: the lifecycle, publishing, same-area links, stale edits, themes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from coproduction import moderation
from coproduction.models import Consent, Feedback, FeedbackStatus, Theme, ThemeKind
from core.access import AreaAccess
from core.models import AuditEvent, Role
from tests.factories import (
    ActionFactory,
    FeedbackFactory,
    PriorityFactory,
    ServiceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner_access(area_a):
    return AreaAccess(area=area_a, roles=frozenset({Role.COMMISSIONER}))


@pytest.fixture
def admin_access(area_a):
    return AreaAccess(area=area_a, roles=frozenset({Role.AREA_ADMIN}))


@pytest.fixture
def item(area_a):
    return FeedbackFactory(area=area_a)


def moderate(access, feedback, actor=None, **data):
    return moderation.moderate_feedback(
        access=access, feedback=feedback, actor=actor, seen_version=feedback.version, data=data
    )


def ready_to_publish(access, feedback, area):
    theme = ThemeFactory(area=area)
    return moderate(
        access, feedback, themes=[theme], public_text="We waited months.",
        response="We hired two more assessors.", status=FeedbackStatus.RESPONDED,
    )  # fmt: skip


# --- Lifecycle -------------------------------------------------------------------------------


def test_each_status_needs_what_it_claims(commissioner_access, item, area_a):
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, status=FeedbackStatus.THEMED)
    assert "themes" in refused.value.message_dict

    theme = ThemeFactory(area=area_a)
    item = moderate(commissioner_access, item, themes=[theme], status=FeedbackStatus.THEMED)
    assert item.status == FeedbackStatus.THEMED

    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, status=FeedbackStatus.RESPONDED)
    assert "response" in refused.value.message_dict

    item = moderate(commissioner_access, item, response="We did it", status="responded")
    assert item.responded_at is not None

    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, status=FeedbackStatus.ACTION_LINKED)
    assert "linked_actions" in refused.value.message_dict

    action = ActionFactory(priority__plan__area=area_a)
    item = moderate(
        commissioner_access, item, linked_actions=[action], status=FeedbackStatus.ACTION_LINKED
    )
    item = moderate(commissioner_access, item, status=FeedbackStatus.DONE)
    assert item.status == FeedbackStatus.DONE
    assert list(item.linked_actions.all()) == [action]


def test_not_possible_needs_a_reason(commissioner_access, item):
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, status=FeedbackStatus.NOT_POSSIBLE)
    assert refused.value.message_dict == {"not_possible_reason": ["Say why it is not possible"]}
    item = moderate(
        commissioner_access, item, status=FeedbackStatus.NOT_POSSIBLE,
        not_possible_reason="The service is national, not commissioned by the area",
    )  # fmt: skip
    assert item.status == FeedbackStatus.NOT_POSSIBLE


def test_removing_what_a_status_needs_is_refused(commissioner_access, item, area_a):
    theme = ThemeFactory(area=area_a)
    item = moderate(commissioner_access, item, themes=[theme], status=FeedbackStatus.THEMED)
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, themes=[])
    assert "themes" in refused.value.message_dict
    assert list(Feedback.objects.get(pk=item.pk).themes.all()) == [theme]


def test_every_change_is_audited_without_the_text(commissioner_access, item, area_a, users):
    theme = ThemeFactory(area=area_a)
    moderate(
        commissioner_access, item, users.commissioner, themes=[theme],
        response="A secret response", status=FeedbackStatus.RESPONDED,
    )  # fmt: skip
    event = AuditEvent.objects.filter(object_id=str(item.pk), action="updated").get()
    assert event.actor == users.commissioner
    assert event.detail["status"] == ["received", "responded"]
    assert event.detail["themes"] == [theme.pk]
    assert "A secret response" not in str(event.detail) + event.summary


def test_a_save_that_changes_nothing_writes_nothing(commissioner_access, item):
    before = item.version
    assert moderate(commissioner_access, item, response="").version == before
    assert not AuditEvent.objects.filter(action="updated").exists()


def test_unknown_fields_are_refused(commissioner_access, item):
    with pytest.raises(ValueError, match="area"):
        moderate(commissioner_access, item, area=None)


# --- Same area -------------------------------------------------------------------------------


def test_another_areas_priority_cannot_be_linked(commissioner_access, item, area_b):
    theirs = PriorityFactory(plan__area=area_b)
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, linked_priorities=[theirs])
    assert "linked_priorities" in refused.value.message_dict
    assert not item.linked_priorities.exists()


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("themes", lambda area: ThemeFactory(area=area)),
        ("linked_actions", lambda area: ActionFactory(priority__plan__area=area)),
        ("linked_services", lambda area: ServiceFactory(area=area)),
    ],
)
def test_another_areas_theme_action_or_service_cannot_be_linked(
    commissioner_access, item, area_a, area_b, field, make
):
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, **{field: [make(area_a), make(area_b)]})
    assert field in refused.value.message_dict
    assert not getattr(Feedback.objects.get(pk=item.pk), field).exists()


def test_the_same_areas_links_are_kept(commissioner_access, item, area_a):
    priority = PriorityFactory(plan__area=area_a)
    service = ServiceFactory(area=area_a)
    item = moderate(
        commissioner_access, item, linked_priorities=[priority], linked_services=[service]
    )
    assert list(item.linked_priorities.all()) == [priority]
    assert list(item.linked_services.all()) == [service]


def test_another_areas_moderator_cannot_change_it(item, area_b):
    other = AreaAccess(area=area_b, roles=frozenset({Role.COMMISSIONER}))
    with pytest.raises(PermissionDenied):
        moderate(other, item, response="Not yours")


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.FORUM_MEMBER])
def test_other_roles_cannot_moderate(item, area_a, role):
    with pytest.raises(PermissionDenied):
        moderate(AreaAccess(area=area_a, roles=frozenset({role})), item, response="No")


def test_only_area_admins_change_a_safeguarding_item(commissioner_access, admin_access, area_a):
    flagged = FeedbackFactory(area=area_a, is_safeguarding=True)
    with pytest.raises(PermissionDenied):
        moderate(commissioner_access, flagged, response="Referred")
    assert moderate(admin_access, flagged, response="Referred").response == "Referred"


# --- Stale edits -----------------------------------------------------------------------------


def test_a_stale_edit_writes_nothing_and_carries_the_saved_row(commissioner_access, item):
    seen = item.version
    first = moderate(commissioner_access, item, response="First save")
    with pytest.raises(moderation.StaleEdit) as stale:
        moderation.moderate_feedback(
            access=commissioner_access, feedback=item, actor=None, seen_version=seen,
            data={"response": "Second save"},
        )  # fmt: skip
    assert stale.value.current.response == "First save"
    assert stale.value.current.version == first.version == seen + 1
    assert Feedback.objects.get(pk=item.pk).response == "First save"


def test_publishing_a_stale_version_is_refused(commissioner_access, item, area_a):
    item = ready_to_publish(commissioner_access, item, area_a)
    seen = item.version
    moderate(commissioner_access, item, public_text="Redacted again")
    with pytest.raises(moderation.StaleEdit):
        moderation.publish_feedback(
            access=commissioner_access, feedback=item, actor=None, seen_version=seen
        )
    assert Feedback.objects.get(pk=item.pk).published_at is None


# --- Publishing ------------------------------------------------------------------------------


def publish(access, feedback, actor=None):
    return moderation.publish_feedback(
        access=access, feedback=feedback, actor=actor, seen_version=feedback.version
    )


def test_publish_and_unpublish(commissioner_access, item, area_a, users):
    item = ready_to_publish(commissioner_access, item, area_a)
    item = publish(commissioner_access, item, users.commissioner)
    assert item.published_at is not None
    assert item.published_by == users.commissioner
    assert Feedback.objects.published().filter(pk=item.pk).exists()
    item = moderation.unpublish_feedback(
        access=commissioner_access, feedback=item, actor=None, seen_version=item.version
    )
    assert item.published_at is None
    summaries = list(AuditEvent.objects.values_list("summary", flat=True))
    assert f"Feedback {item.reference} published" in summaries
    assert f"Feedback {item.reference} unpublished" in summaries


def test_no_publishing_without_consent(commissioner_access, area_a):
    item = FeedbackFactory(area=area_a, consent=Consent.DO_NOT_PUBLISH)
    item = ready_to_publish(commissioner_access, item, area_a)
    with pytest.raises(ValidationError, match="did not agree"):
        publish(commissioner_access, item)
    assert Feedback.objects.get(pk=item.pk).published_at is None


def test_a_safeguarding_item_is_never_published(admin_access, area_a):
    item = FeedbackFactory(area=area_a, is_safeguarding=True)
    item = ready_to_publish(admin_access, item, area_a)
    with pytest.raises(ValidationError, match="safeguarding"):
        publish(admin_access, item)
    assert Feedback.objects.get(pk=item.pk).published_at is None
    with pytest.raises(IntegrityError):  # and the database refuses it too
        Feedback.objects.filter(pk=item.pk).update(published_at="2026-12-01T10:00Z")


@pytest.mark.parametrize("missing", ["public_text", "response"])
def test_no_publishing_without_the_text_and_the_response(commissioner_access, item, missing):
    values = {"public_text": "We waited.", "response": "We acted."}
    values[missing] = ""
    item = moderate(commissioner_access, item, **values)
    with pytest.raises(ValidationError):
        publish(commissioner_access, item)
    assert Feedback.objects.get(pk=item.pk).published_at is None


def test_a_published_item_keeps_its_text_and_response(commissioner_access, item, area_a):
    item = publish(commissioner_access, ready_to_publish(commissioner_access, item, area_a))
    for field in ("public_text", "response"):
        with pytest.raises(ValidationError) as refused:
            moderate(commissioner_access, item, **{field: "  "})
        assert field in refused.value.message_dict
    assert Feedback.objects.get(pk=item.pk).public_text == "We waited months."


def test_flagging_unpublishes(commissioner_access, item, area_a):
    from coproduction import services

    item = publish(commissioner_access, ready_to_publish(commissioner_access, item, area_a))
    services.flag_safeguarding(feedback=item, reason="matched words")
    assert Feedback.objects.get(pk=item.pk).published_at is None


@pytest.mark.parametrize("field", ["public_text", "response"])
def test_no_publishing_when_the_public_words_suggest_a_child_is_at_risk(
    commissioner_access, item, area_a, field
):
    """The risk check runs again on what would be published, not only on the answers."""
    item = ready_to_publish(commissioner_access, item, area_a)
    item = moderate(commissioner_access, item, **{field: "Her stepdad hits her at home."})
    assert any("at risk" in problem for problem in moderation.publish_problems(item))
    with pytest.raises(ValidationError, match='"hits her"'):
        publish(commissioner_access, item)
    assert Feedback.objects.get(pk=item.pk).published_at is None


def test_ensure_publishable_refuses_risky_public_words(area_a):
    from coproduction import services

    item = FeedbackFactory(area=area_a, public_text="He does not feel safe in the taxi",
                           response="We changed the driver")  # fmt: skip
    with pytest.raises(ValidationError, match="at risk"):
        services.ensure_publishable(item)


@pytest.mark.parametrize("field", ["public_text", "response"])
def test_a_published_item_cannot_be_given_risky_public_words(
    commissioner_access, item, area_a, field
):
    item = publish(commissioner_access, ready_to_publish(commissioner_access, item, area_a))
    with pytest.raises(ValidationError) as refused:
        moderate(commissioner_access, item, **{field: "she has been hurting herself"})
    assert "at risk" in refused.value.message_dict[field][0]
    assert "hurting herself" not in Feedback.objects.get(pk=item.pk).public_text


# --- Flagging by a moderator -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.AREA_ADMIN])
def test_a_moderator_flags_what_the_words_missed(
    area_a, users, role, django_capture_on_commit_callbacks, mailoutbox
):
    actor = users.commissioner if role == Role.COMMISSIONER else users.area_admin
    access = AreaAccess(area=area_a, roles=frozenset({role}))
    item = FeedbackFactory(area=area_a, not_working="Something the list does not know")
    item = publish(access, ready_to_publish(access, item, area_a))
    seen = item.version
    with django_capture_on_commit_callbacks(execute=True):
        flagged = moderation.flag_for_safeguarding(
            access=access, feedback=item, actor=actor, site_url="https://portal.example.org/"
        )
    assert flagged.is_safeguarding
    assert flagged.flagged_at is not None
    assert flagged.published_at is None
    assert flagged.version > seen  # a page opened before cannot publish or save over it
    assert "Flagged by " in flagged.safeguarding_reason
    event = AuditEvent.objects.get(summary=f"Feedback {item.reference} flagged for safeguarding")
    assert event.actor == actor
    assert event.detail["by"] == "moderator"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [users.area_admin.email]
    assert item.reference in mailoutbox[0].subject
    assert "Something the list" not in mailoutbox[0].body
    assert "who read this feedback flagged\nit" in mailoutbox[0].body  # not "contains words"
    assert "contains words" not in mailoutbox[0].body
    assert Feedback.objects.get(pk=item.pk).safeguarding_notified_at is not None


def test_flagging_needs_a_moderator_of_the_area(item, area_a, area_b):
    for access in (
        AreaAccess(area=area_b, roles=frozenset({Role.AREA_ADMIN})),
        AreaAccess(area=area_a, roles=frozenset({Role.BOARD_MEMBER})),
        AreaAccess(area=area_a, roles=frozenset({Role.FORUM_MEMBER})),
    ):
        with pytest.raises(PermissionDenied):
            moderation.flag_for_safeguarding(access=access, feedback=item, actor=None)
    assert not Feedback.objects.get(pk=item.pk).is_safeguarding


def test_flagging_twice_changes_nothing(admin_access, area_a, mailoutbox):
    item = FeedbackFactory(area=area_a, is_safeguarding=True, safeguarding_reason="first")
    again = moderation.flag_for_safeguarding(access=admin_access, feedback=item, actor=None)
    assert again.safeguarding_reason == "first"
    assert not AuditEvent.objects.filter(summary__contains="flagged").exists()


# --- Deleting at the sender's request (privacy notice) -------------------------------------


def test_an_area_admin_deletes_an_item_with_its_contact_details(admin_access, area_a, users):
    from coproduction.models import FeedbackContact
    from tests.factories import FeedbackContactFactory

    contact = FeedbackContactFactory(feedback__area=area_a, feedback__not_working="Secret words")
    item = contact.feedback
    item.themes.add(ThemeFactory(area=area_a))
    item.linked_actions.add(ActionFactory(priority__plan__area=area_a))
    reference = moderation.delete_feedback(access=admin_access, feedback=item,
                                           actor=users.area_admin)  # fmt: skip
    assert reference == item.reference
    assert not Feedback.objects.filter(pk=item.pk).exists()
    assert not FeedbackContact.objects.filter(pk=contact.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETED,
                                   object_type="coproduction.Feedback")  # fmt: skip
    assert event.actor == users.area_admin
    assert event.object_id == str(item.pk)
    assert event.summary == f"Feedback {item.reference}"
    assert event.detail == {"contact": True, "safeguarding": False, "published": False}
    assert "Secret words" not in str(event.detail) + event.summary


def test_only_the_areas_admins_delete_feedback(commissioner_access, item, area_b):
    for access in (
        commissioner_access,
        AreaAccess(area=area_b, roles=frozenset({Role.AREA_ADMIN})),
        AreaAccess(area=item.area, roles=frozenset({Role.FORUM_MEMBER})),
    ):
        with pytest.raises(PermissionDenied):
            moderation.delete_feedback(access=access, feedback=item, actor=None)
    assert Feedback.objects.filter(pk=item.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).exists()


# --- Themes ----------------------------------------------------------------------------------


def test_theme_names_are_unique_in_the_area_whatever_the_case(commissioner_access, area_a):
    moderation.create_theme(
        access=commissioner_access, actor=None, data={"name": "Waiting times", "kind": "theme",
                                                      "description": ""},
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        moderation.create_theme(
            access=commissioner_access, actor=None,
            data={"name": "waiting TIMES ", "kind": "theme", "description": ""},
        )  # fmt: skip
    assert "name" in refused.value.message_dict


def test_rename_keeps_the_feedback_tagged(commissioner_access, item, area_a):
    theme = ThemeFactory(area=area_a, name="Waiting")
    moderate(commissioner_access, item, themes=[theme])
    moderation.update_theme(
        theme=theme, actor=None,
        data={"name": "Waiting times", "kind": theme.kind, "description": ""},
    )  # fmt: skip
    assert [t.name for t in Feedback.objects.get(pk=item.pk).themes.all()] == ["Waiting times"]


def test_a_theme_in_use_cannot_be_deleted(commissioner_access, item, area_a):
    theme, unused = ThemeFactory(area=area_a), ThemeFactory(area=area_a)
    moderate(commissioner_access, item, themes=[theme])
    with pytest.raises(ValidationError, match="1 feedback item"):
        moderation.delete_theme(theme=theme, actor=None)
    moderation.delete_theme(theme=unused, actor=None)
    assert list(Theme.objects.all()) == [theme]


def test_reorder_swaps_neighbours_within_a_kind(area_a):
    first, _second, third = (ThemeFactory(area=area_a, name=n, order=0) for n in "ABC")
    moderation.move_theme(theme=third, actor=None, up=True)
    names = list(Theme.objects.filter(area=area_a).order_by("order").values_list("name", flat=True))
    assert names == ["A", "C", "B"]
    moderation.move_theme(theme=first, actor=None, up=True)  # already first: nothing moves
    assert Theme.objects.get(pk=first.pk).order == 1


def test_charter_values_are_added_once(commissioner_access, area_a):
    ThemeFactory(area=area_a, name="listen")
    added = moderation.add_charter_values(access=commissioner_access, actor=None)
    assert added == len(moderation.CHARTER_VALUES) - 1
    assert moderation.add_charter_values(access=commissioner_access, actor=None) == 0
    values = Theme.objects.filter(area=area_a, kind=ThemeKind.CHARTER_VALUE)
    assert "My voice to be the first voice" in set(values.values_list("name", flat=True))
    assert values.count() == len(moderation.CHARTER_VALUES) - 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_version_one_wins_and_none_is_lost():
    """QUALITY R2 on real connections: of 20 saves that all saw version 1, exactly one lands;
    each of the others gets ``StaleEdit`` with the winner's text (no silent overwrite)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.factories import AreaFactory

    area = AreaFactory()
    access = AreaAccess(area=area, roles=frozenset({Role.COMMISSIONER}))
    item = FeedbackFactory(area=area)

    def save(n):
        try:
            moderation.moderate_feedback(
                access=access, feedback=item, actor=None, seen_version=1,
                data={"response": f"Response {n}"},
            )  # fmt: skip
            return f"Response {n}"
        except moderation.StaleEdit as stale:
            return ("stale", stale.current.response)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(save, range(20)))
    winners = [o for o in outcomes if isinstance(o, str)]
    assert len(winners) == 1
    saved = Feedback.objects.get(pk=item.pk)
    assert (saved.response, saved.version) == (winners[0], 2)
    assert all(o == ("stale", winners[0]) for o in outcomes if not isinstance(o, str))
