"""Fixtures shared by the security tests."""

import pytest
from django.utils import timezone

from core.models import Role, RoleAssignment
from tests.factories import (
    ActionFactory,
    CaseImportFactory,
    DeliveryUpdateFactory,
    FeedbackFactory,
    ImportJobFactory,
    LeadFactory,
    LocalIndicatorFactory,
    OutcomeAreaFactory,
    RoleAssignmentFactory,
    ServiceFactory,
    SuccessMeasureFactory,
    TargetFactory,
    ThemeFactory,
)


@pytest.fixture
def world(area_a, users, objects_of):
    """Area A's data, its secrets (must never reach the wrong people) and a sign-in per role."""
    forum_role = RoleAssignment.objects.get(user=users.forum_member)
    RoleAssignmentFactory(area=area_a, role=Role.FORUM_MEMBER)  # so a role can be removed
    action = ActionFactory(
        priority__plan__area=area_a,
        priority__plan__title="Alphashire Plan",
        title="Alphashire task",
    )
    pks = {
        "organisation": objects_of.a.organisation.pk,
        "board": objects_of.a.board.pk,
        "person": forum_role.pk,
        "plan": action.priority.plan.pk,
        "priority": action.priority.pk,
        "action": action.pk,
        "service": ServiceFactory(area=area_a, name="Alphashire service").pk,
        "lead": LeadFactory(priority=action.priority).pk,
        "measure": SuccessMeasureFactory(priority=action.priority).pk,
        "update": DeliveryUpdateFactory(action=action).pk,
        "framework": OutcomeAreaFactory(framework__area=area_a).framework.pk,
        "import": ImportJobFactory(status="done", created_by=users.commissioner).pk,
        "indicator": LocalIndicatorFactory(area=area_a, name="Alphashire register").pk,
        "target": TargetFactory(area=area_a).pk,
        "case_import": CaseImportFactory(area=area_a).pk,
    }
    feedback = FeedbackFactory(
        area=area_a,
        submitted_by=users.forum_member,
        working="Alphashire feedback answer",
        public_text="Alphashire published feedback",
        published_at=timezone.now(),
    )
    pks["published_feedback"] = pks["own_feedback"] = feedback.pk
    pks["theme"] = ThemeFactory(area=area_a, name="Alphashire theme").pk
    secrets = [
        objects_of.a.organisation.name,
        objects_of.a.board.name,
        users.area_admin.email,
        users.forum_member.email,
        "Alphashire register",
        "Alphashire feedback answer",  # what a forum member wrote: theirs alone
    ]
    return area_a, pks, secrets, users
