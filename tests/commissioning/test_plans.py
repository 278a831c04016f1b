"""Forward plans in the browser's shoes: editing, bad input, conflicts, double posts, publishing."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning import services
from commissioning.models import Action, DeliveryUpdate, PlanStatus, Priority, RagSnapshot
from tests.factories import (
    ActionFactory,
    ForwardPlanFactory,
    PriorityFactory,
    SuccessMeasureFactory,
)


def url(name, area, **kwargs):
    return reverse(f"commissioning:{name}", kwargs={"area": area.slug, **kwargs})


def date_parts(prefix, day: date | None):
    if day is None:
        return {f"{prefix}_0": "", f"{prefix}_1": "", f"{prefix}_2": ""}
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def action_post(action=None, **changes):
    data = {
        "title": "Agree a joint specification", "owner": "Head of commissioning",
        **date_parts("starts_on", date(2024, 4, 1)), **date_parts("due_on", date(2025, 3, 31)),
        "status": "on_track", "progress": "40", "rag_override": "", "rag_override_reason": "",
        "seen_version": action.version if action else "",
    }  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def plan(area_a):
    return ForwardPlanFactory(area=area_a, title="Alphashire plan 2024-2026")


@pytest.fixture
def commissioner(users, client_for):
    return client_for(users.commissioner)


@pytest.mark.django_db
def test_commissioner_adds_a_plan_with_priorities_in_order(commissioner, area_a):
    response = commissioner.post(
        url("plan-add", area_a),
        {
            "title": "Joint plan 2025-2027",
            **date_parts("starts_on", date(2025, 4, 1)),
            **date_parts("ends_on", date(2027, 3, 31)),
        },
    )
    assert response.status_code == 302
    plan = area_a.forward_plans.get(title="Joint plan 2025-2027")
    assert plan.status == PlanStatus.DRAFT
    for title in ("Early help", "Preparing for adulthood"):
        commissioner.post(url("priority-add", area_a, pk=plan.pk), {"title": title, "why": "x"})
    assert list(plan.priorities.values_list("number", "title")) == [
        (1, "Early help"), (2, "Preparing for adulthood"),
    ]  # fmt: skip
    second = plan.priorities.get(number=2)
    commissioner.post(url("priority-move", area_a, pk=second.pk), {"direction": "up"})
    assert list(plan.priorities.order_by("number").values_list("title", flat=True)) == [
        "Preparing for adulthood", "Early help",
    ]  # fmt: skip
    commissioner.post(url("priority-delete", area_a, pk=second.pk))
    assert list(plan.priorities.values_list("number", "title")) == [(1, "Early help")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({**date_parts("due_on", date(2024, 1, 1))}, "due_on",
         "Due date must be the same as or after the start date"),
        ({"progress": "101"}, "progress", "Progress must be 100 or less"),
        ({"progress": "-1"}, "progress", "Progress must be 0 or more"),
        ({"progress": "half"}, "progress", "Progress must be a whole number from 0 to 100"),
        ({"rag_override": "red"}, "rag_override_reason",
         "Enter the reason for setting the rating yourself"),
        ({"due_on_1": "13"}, "due_on", "Due date must be a real date"),
        ({"title": ""}, "title", "Enter what needs to be done"),
    ],
)  # fmt: skip
def test_bad_action_input_names_the_field_and_saves_nothing(
    commissioner, area_a, plan, changes, field, message
):
    priority = PriorityFactory(plan=plan)
    action = ActionFactory(priority=priority, title="Before", progress=10)
    response = commissioner.post(
        url("action-edit", area_a, pk=action.pk), action_post(action, **changes)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    anchor = f"id_{field}_0" if field in {"due_on", "rag_override"} else f"id_{field}"
    assert f'href="#{anchor}">{message}</a>' in body.replace("&#x27;", "'")
    assert 'value="Head of commissioning"' in body  # what was typed is kept
    action.refresh_from_db()
    assert (action.title, action.progress, action.version) == ("Before", 10, 1)


@pytest.mark.django_db
def test_override_with_reason_is_saved_and_suggestion_still_shown(commissioner, area_a, plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan))
    commissioner.post(
        url("action-edit", area_a, pk=action.pk),
        action_post(action, rag_override="amber", rag_override_reason="Recruitment delayed"),
    )
    action.refresh_from_db()
    assert action.rag_override == "amber"
    body = commissioner.get(url("action", area_a, pk=action.pk)).content.decode()
    assert "Set by the owner: Recruitment delayed" in body
    assert "The portal suggests" in body
    assert RagSnapshot.objects.get(action=action).rag == "amber"


@pytest.mark.django_db
def test_second_save_of_the_same_version_is_refused_with_both_versions(
    users, client_for, area_a, plan, client
):
    action = ActionFactory(priority=PriorityFactory(plan=plan), title="Original")
    first = client_for(users.commissioner)
    edit = url("action-edit", area_a, pk=action.pk)
    assert first.post(edit, action_post(action, title="First editor's words")).status_code == 302

    from tests.factories import user_with_role

    second = client.__class__()
    second.force_login(user_with_role(area_a, "commissioner"))
    stale = action_post(action, title="Second editor's words")  # still carries version 1
    response = second.post(edit, stale)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this while you were editing" in body
    assert "<title>Error: " in body
    assert 'href="#id_title">What we need to do: the saved version differs from yours</a>' in body
    assert "First editor&#x27;s words" in body
    assert "Second editor&#x27;s words" in body
    action.refresh_from_db()
    assert action.title == "First editor's words"  # nothing silently overwritten
    assert 'name="seen_version" value="2"' in body  # re-saving is an explicit choice
    resave = second.post(edit, {**stale, "seen_version": "2"})
    assert resave.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("Second editor's words", 3)


@pytest.mark.django_db(transaction=True)
def test_two_hundred_racing_saves_lose_no_update(area_a):
    """R2 at the service layer: of two saves of the same version, exactly one wins."""
    from concurrent.futures import ThreadPoolExecutor

    action = ActionFactory(priority__plan__area=area_a)

    def save(n):
        try:
            services.update_action(
                Action.objects.get(pk=action.pk), seen_version=1 + n // 2, data={"owner": f"o{n}"}
            )
            return "saved"
        except services.StaleEdit:
            return "conflict"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(save, range(200)))
    action.refresh_from_db()
    assert outcomes.count("saved") == action.version - 1
    assert outcomes.count("saved") + outcomes.count("conflict") == 200
    assert action.version <= 101


@pytest.mark.django_db
def test_double_posted_delivery_update_is_stored_once(commissioner, area_a, plan):
    action = ActionFactory(priority=PriorityFactory(plan=plan))
    data = {**date_parts("written_on", date(2024, 6, 30)), "update": "Specification agreed",
            "evidence": "Signed off by the group"}  # fmt: skip
    for _ in range(2):
        assert commissioner.post(url("update-add", area_a, pk=action.pk), data).status_code == 302
    assert DeliveryUpdate.objects.filter(action=action).count() == 1


@pytest.mark.django_db
def test_the_public_reads_approved_plans_only(client, area_a):
    approved = ForwardPlanFactory(area=area_a, title="Published plan")
    draft = ForwardPlanFactory(area=area_a, title="Draft plan", status=PlanStatus.DRAFT)
    draft_action = ActionFactory(priority__plan=draft)
    listing = client.get(url("plans", area_a)).content.decode()
    assert "Published plan" in listing
    assert "Draft plan" not in listing
    assert client.get(url("plan", area_a, pk=approved.pk)).status_code == 200
    assert client.get(url("plan", area_a, pk=draft.pk)).status_code == 404
    assert client.get(url("action", area_a, pk=draft_action.pk)).status_code == 404


@pytest.mark.django_db
def test_members_read_drafts(users, client_for, area_a):
    draft = ForwardPlanFactory(area=area_a, status=PlanStatus.DRAFT)
    assert client_for(users.forum_member).get(url("plan", area_a, pk=draft.pk)).status_code == 200


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_rows(users, client_for, area_a, plan):
    client = client_for(users.board_member)

    def add(n):
        for _ in range(n):
            priority = PriorityFactory(plan=plan)
            measure = SuccessMeasureFactory(priority=priority)
            ActionFactory(priority=priority, measure=measure)
            ActionFactory(priority=priority)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("plan", area_a, pk=plan.pk)).status_code == 200
        return len(captured)

    add(2)
    few = count()
    add(20)
    assert count() <= few


@pytest.mark.django_db
def test_rag_summary_counts_effective_ratings(area_a, plan):
    priority = PriorityFactory(plan=plan)
    ActionFactory(priority=priority, due_on=date(2020, 1, 1), starts_on=date(2019, 1, 1))  # red
    ActionFactory(priority=priority, status="completed")  # green
    ActionFactory(priority=priority, rag_override="amber", rag_override_reason="Staff")
    from commissioning import selectors

    summary = selectors.rag_summary(Action.objects.filter(priority=priority))
    assert summary == {"red": 1, "amber": 1, "green": 1}
    assert Priority.objects.count() == 1


@pytest.mark.django_db
def test_actions_reorder_within_their_priority(commissioner, area_a, plan):
    priority = PriorityFactory(plan=plan)
    first, _second, third = (ActionFactory(priority=priority, title=t) for t in ("A", "B", "C"))
    commissioner.post(url("action-move", area_a, pk=third.pk), {"direction": "up"})
    commissioner.post(url("action-move", area_a, pk=first.pk), {"direction": "down"})
    order = list(priority.actions.order_by("order", "pk").values_list("title", flat=True))
    assert order == ["C", "A", "B"]


@pytest.mark.django_db
def test_a_draft_plan_can_be_deleted_but_an_approved_version_is_kept(commissioner, area_a):
    from tests.factories import PlanVersionFactory

    draft = ForwardPlanFactory(area=area_a, status=PlanStatus.DRAFT)
    assert commissioner.post(url("plan-delete", area_a, pk=draft.pk)).status_code == 302
    assert not draft.__class__.objects.filter(pk=draft.pk).exists()
    kept = PlanVersionFactory(plan__area=area_a).plan
    response = commissioner.post(url("plan-delete", area_a, pk=kept.pk), follow=True)
    assert "kept as a record" in response.content.decode()
    assert kept.__class__.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_quarterly_rag_command_fills_the_strip(area_a, plan):
    from django.core.management import call_command

    action = ActionFactory(priority=PriorityFactory(plan=plan), due_on=date(2020, 1, 1),
                           starts_on=date(2019, 1, 1))  # fmt: skip
    call_command("record_rag")
    call_command("record_rag")  # one rating per quarter, however often it runs
    assert list(RagSnapshot.objects.filter(action=action).values_list("rag", flat=True)) == ["red"]


@pytest.mark.django_db
def test_edit_and_delete_a_delivery_update(commissioner, area_a, plan):
    from tests.factories import DeliveryUpdateFactory

    update = DeliveryUpdateFactory(action__priority__plan=plan, update="Draft wording")
    data = {**date_parts("written_on", date(2024, 7, 1)), "update": "Final wording", "evidence": ""}
    assert commissioner.post(url("update-edit", area_a, pk=update.pk), data).status_code == 302
    update.refresh_from_db()
    assert (update.update, update.written_on) == ("Final wording", date(2024, 7, 1))
    commissioner.post(url("update-delete", area_a, pk=update.pk))
    assert not DeliveryUpdate.objects.filter(pk=update.pk).exists()
