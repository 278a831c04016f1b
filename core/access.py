"""Who may do what in which area: ``AreaAccess`` and the view mixin that resolves it.

A URL under ``/areas/<area>/`` names the area. ``AreaAccessMixin`` loads it,
works out the requester's roles there, and answers before the view runs:

* anonymous user on a non-public page: redirect to sign in;
* signed-in user with no role in the area: 404 (another area's pages do not exist for them);
* role not allowed for the view: 403.

Views then read through ``Model.objects.for_access(self.access)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.models import Area, Role, RoleAssignment

ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER, Role.AREA_ADMIN})


@dataclass(frozen=True)
class AreaAccess:
    area: Area
    roles: frozenset[str] = field(default_factory=frozenset)
    #: True when the page being served is a public one (anyone may read it).
    is_public_view: bool = False

    @classmethod
    def for_user(cls, user, area: Area, *, public_view: bool = False) -> AreaAccess:
        roles: frozenset[str] = frozenset()
        if user.is_authenticated and user.is_active:
            roles = frozenset(
                RoleAssignment.objects.filter(user=user, area=area)
                .order_by()  # no join for the default ordering by area name
                .values_list("role", flat=True)
            )
        return cls(area=area, roles=roles, is_public_view=public_view)

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    def has_any(self, roles) -> bool:
        return bool(self.roles & frozenset(roles))

    @property
    def is_area_admin(self) -> bool:
        return Role.AREA_ADMIN in self.roles


class AreaAccessMixin:
    """Resolve ``self.area`` and ``self.access`` from the ``area`` URL argument.

    ``public = True`` lets anyone read the page; otherwise the requester needs
    one of ``allowed_roles`` in the area.
    """

    public = False
    allowed_roles: frozenset[str] = ALL_ROLES
    area_url_kwarg = "area"

    def dispatch(self, request, *args, **kwargs):
        self.area = get_object_or_404(
            Area.objects.select_related("region"), slug=kwargs[self.area_url_kwarg], is_active=True
        )
        self.access = AreaAccess.for_user(request.user, self.area, public_view=self.public)
        request.area_access = self.access
        if not self.public:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.access.is_member:
                raise Http404("No such page in your areas")
            if not self.access.has_any(self.allowed_roles):
                raise PermissionDenied("Your role in this area cannot use this page")
        if self.access.is_member:
            request.session["current_area"] = self.area.slug
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.for_access(self.access)

    def get_context_data(self, **kwargs):
        # Replaces the ``area`` URL argument (a slug) that TemplateView passes in.
        kwargs["area"] = self.area
        kwargs["access"] = self.access
        return super().get_context_data(**kwargs)
