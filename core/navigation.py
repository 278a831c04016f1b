"""The service navigation: sections of an area, and the signed-in user's own links.

Each app adds its area sections to ``AREA_SECTIONS`` as it lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.access import ALL_ROLES, AreaAccess
from core.models import Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    #: url names (without namespace) that belong to this section
    prefixes: tuple[str, ...]
    roles: frozenset[str] = ALL_ROLES
    public: bool = False


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False
    exact: bool = False


AREA_SECTIONS = [
    Section("Overview", "core:area", ("area",), public=True),
    Section(
        "Plans",
        "commissioning:plans",
        (
            "plans",
            "plan",
            "plan-",
            "priority-",
            "actions",
            "action",
            "action-",
            "update-",
            "lead-",
            "measure-",
        ),
        public=True,
    ),
    Section("Services", "commissioning:services", ("services", "service", "service-"), public=True),
    Section(
        "Needs",
        "needs:dashboard",
        ("dashboard", "dashboard-", "indicators", "indicator-", "neighbours", "neighbours-"),
        public=True,
    ),
    Section(
        "EHCP timeliness",
        "ehcp:timeliness",
        (
            "timeliness",
            "timeliness-",
            "flight-board",
            "forecast",
            "cases",
            "monthly",
            "monthly-",
            "targets",
            "target-",
            "ledger",
            "board-pack",
            "board-pack-",
            "published",
            "publish",
            "imports",
            "import",
        ),
        roles=frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER, Role.AREA_ADMIN}),
    ),
    Section(
        "Give feedback",
        "coproduction:feedback-start",
        ("feedback-", "your-feedback", "your-feedback-"),
        roles=frozenset({Role.FORUM_MEMBER}),
        public=True,
    ),
    Section(
        "You said, we did",
        "coproduction:you-said-we-did",
        ("you-said-we-did", "you-said-we-did-"),
        public=True,
    ),
    Section(
        "Feedback",
        "coproduction:moderation",
        ("moderation", "moderation-"),
        roles=frozenset({Role.COMMISSIONER, Role.AREA_ADMIN}),
    ),
    Section(
        "Feedback themes",
        "coproduction:moderation-trends",
        ("moderation-trends", "moderation-trends-"),
        roles=frozenset({Role.BOARD_MEMBER}),
    ),
    Section("Organisations", "core:organisation-list", ("organisation-",)),
    Section(
        "Boards",
        "core:board-list",
        ("board-list", "board-detail", "board-add", "board-edit", "board-delete"),
    ),
    Section("People", "core:people", ("people", "person-"), roles=frozenset({Role.AREA_ADMIN})),
]


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match and match.url_name else ""


def area_navigation(request, access: AreaAccess) -> list[NavItem]:
    current = _url_name(request)
    items = []
    for section in AREA_SECTIONS:
        visible = access.has_any(section.roles) or (section.public and not access.is_member)
        if not visible:
            continue
        url = reverse(section.url_name, kwargs={"area": access.area.slug})
        active = any(
            current == p or (p.endswith("-") and current.startswith(p)) for p in section.prefixes
        )
        items.append(NavItem(section.label, url, active, exact=active and request.path == url))
    return items


def account_navigation(request, *, area_count: int) -> list[NavItem]:
    current = _url_name(request)
    if not request.user.is_authenticated:
        return [NavItem("Sign in", reverse("login"), current == "login", exact=True)]
    items = []
    in_area = getattr(request, "area_access", None) is not None
    if in_area and area_count > 1:
        items.append(NavItem("Change area", reverse("core:area-list")))
    elif not in_area:
        label = "Your area" if area_count == 1 else "Your areas"
        items.append(NavItem(label, reverse("core:area-list"), current == "area-list", True))
    items.append(
        NavItem(
            "Your account",
            reverse("account"),
            current in {"account", "password_change", "password_change_done"},
            exact=current == "account",
        )
    )
    return items
