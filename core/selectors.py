"""Reads of areas, organisations, boards and roles. Each takes the requester."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from core.access import AreaAccess
from core.models import Area, Board, Organisation, RoleAssignment


def user_area_count(*, user) -> int:
    return RoleAssignment.objects.filter(user=user).values("area").distinct().count()


def areas_for_user(*, user) -> QuerySet[Area]:
    """Active areas in which ``user`` holds a role, with their roles prefetched."""
    return (
        Area.objects.filter(is_active=True, role_assignments__user=user)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(user=user),
                to_attr="user_roles",
            )
        )
        .distinct()
    )


def public_areas() -> QuerySet[Area]:
    return Area.objects.filter(is_active=True).select_related("region")


def organisations(*, access: AreaAccess, include_inactive: bool = True) -> QuerySet[Organisation]:
    qs = Organisation.objects.for_access(access)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs


def boards(*, access: AreaAccess) -> QuerySet[Board]:
    return (
        Board.objects.for_access(access)
        .select_related("accountable_to")
        .annotate(reporting_count=Count("reporting_groups"))
    )


def role_assignments(*, access: AreaAccess) -> QuerySet[RoleAssignment]:
    """People and their roles in the area: for area admins only."""
    if not access.is_area_admin:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.for_access(access).select_related("user", "organisation")


def people(*, access: AreaAccess):
    """Users holding any role in the area, each with ``area_roles`` (area admins only)."""
    from core.models import User

    if not access.is_area_admin:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(area=access.area).values("user_id")
    return (
        User.objects.filter(pk__in=holders)
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(area=access.area).select_related(
                    "organisation"
                ),
                to_attr="area_roles",
            )
        )
        .order_by("last_name", "first_name", "email")
    )


def person(*, access: AreaAccess, pk: int):
    return people(access=access).get(pk=pk)
