"""The one way area-owned data is read: ``AreaScopedQuerySet``.

Every model that belongs to a local area uses this queryset (directly, or a
subclass that names the path to the area in ``area_field``). Views reach it
through ``core.access.AreaAccessMixin``; selectors take an ``AreaAccess``.
See docs/adr/0003-area-scoping.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from core.access import AreaAccess


class AreaScopedQuerySet(models.QuerySet):
    #: Lookup from this model to its ``core.Area``, e.g. "plan__area" for a child row.
    area_field = "area"

    def in_area(self, area) -> Self:
        return self.filter(**{self.area_field: area})

    def for_access(self, access: AreaAccess) -> Self:
        """Rows of the requested area, provided the requester may see the area at all.

        Subclasses narrow this further by role (e.g. the public sees only
        published rows) and must call ``super()``.
        """
        if not access.is_member and not access.is_public_view:
            return self.none()
        return self.in_area(access.area)

    def for_user(self, user) -> Self:
        """Rows of every area in which ``user`` holds a role (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        from core.models import RoleAssignment

        areas = RoleAssignment.objects.filter(user=user).values("area")
        return self.filter(**{f"{self.area_field}__in": areas})
