"""Reads of co-production data. Each takes the requester's ``AreaAccess`` (or the area)."""

from __future__ import annotations

from commissioning.models import PlanStatus, Priority, Service
from coproduction.models import CoproductionSettings
from core.access import AreaAccess
from core.models import Area, SubmissionToken


def public_feedback_allowed(*, area: Area) -> bool:
    """Whether anyone, not only the area's forum members, may give feedback (default: no)."""
    return CoproductionSettings.objects.filter(area=area, allow_public_feedback=True).exists()


def priorities_to_choose(*, access: AreaAccess):
    """Priorities of the area's approved plans: what feedback may say it is about."""
    return (
        Priority.objects.for_access(access)
        .filter(plan__status=PlanStatus.APPROVED)
        .select_related("plan")
        .order_by("plan__title", "number")
    )


def services_to_choose(*, access: AreaAccess):
    return Service.objects.for_access(access).order_by("name")


def sent_submission_url(*, token) -> str:
    """Where an already-sent feedback form's token leads (its confirmation), or ''."""
    return (
        SubmissionToken.objects.filter(token=token).values_list("object_url", flat=True).first()
        or ""
    )
