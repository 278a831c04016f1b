"""Synthetic local areas at a chosen scale, loaded with bulk_create in one transaction.

Area number ``n`` is "Area 00n" (slug ``area-00n``, ONS-like code ``E108000nn``),
in one of the nine regions the core migration creates. Area 001, whose pages are
timed, stands for a real local authority instead (``REAL_AREA``: Norfolk's ONS code
and DfE number), so its needs dashboard finds DfE's figures; no other area's code can
collide with it (theirs all start ``E108``). Each area gets the
organisations in ``ORGANISATIONS``, the boards in ``BOARDS`` (a reporting tree)
and ``PEOPLE_PER_AREA`` people with roles, among them one known user per role
(``known_user``) for ``Client.force_login``. Nobody can sign in with a password.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench import synthetic_commissioning
from core.models import (
    Area,
    Board,
    BoardKind,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    RoleAssignment,
    User,
)

#: (name, short name, kind, still exists); "{area}" becomes the area's name.
ORGANISATIONS: list[tuple[str, str, str, bool]] = [
    ("{area} Council", "Council", OrganisationKind.COUNCIL, True),
    ("{area} Integrated Care Board", "ICB", OrganisationKind.ICB, True),
    ("{area} Clinical Commissioning Group", "CCG", OrganisationKind.CCG, False),
    ("NHS England {area} team", "NHSE", OrganisationKind.NHS_ENGLAND, True),
    ("{area} Community Health NHS Trust", "", OrganisationKind.NHS_PROVIDER, True),
    ("{area} Children's Hospital NHS Trust", "", OrganisationKind.NHS_PROVIDER, True),
    ("{area} Parent Carer Forum", "PCF", OrganisationKind.PARENT_CARER_FORUM, True),
    ("{area} Youth Voice", "", OrganisationKind.YOUTH_FORUM, True),
    ("{area} Autism Support", "", OrganisationKind.PROVIDER, True),
    ("{area} Speech and Language Partnership", "", OrganisationKind.PROVIDER, True),
    ("{area} Short Breaks Trust", "", OrganisationKind.PROVIDER, True),
    ("{area} Independent Special Schools Alliance", "", OrganisationKind.OTHER, True),
]
COUNCIL, ICB, FORUM = 0, 1, 6  # indexes into ORGANISATIONS

#: (name, kind, index of the board it reports to); parents come before their groups.
BOARDS: list[tuple[str, str, int | None]] = [
    ("SEND Partnership Board", BoardKind.PARTNERSHIP_BOARD, None),
    ("Joint Commissioning Group", BoardKind.JOINT_COMMISSIONING_GROUP, 0),
    ("SEND Steering Group", BoardKind.STEERING_GROUP, 0),
    ("Preparing for Adulthood Working Group", BoardKind.WORKING_GROUP, 1),
    ("Therapies Working Group", BoardKind.WORKING_GROUP, 1),
    ("Short Breaks Task and Finish Group", BoardKind.TASK_AND_FINISH_GROUP, 2),
    ("Autism Pathway Task and Finish Group", BoardKind.TASK_AND_FINISH_GROUP, 2),
    ("Children and Families Committee", BoardKind.COMMITTEE, None),
]

PEOPLE_PER_AREA = 40
#: The first people of every area: one known user per role, in this order.
KNOWN_ROLES = [Role.AREA_ADMIN, Role.COMMISSIONER, Role.BOARD_MEMBER, Role.FORUM_MEMBER]
#: The role of the other people, by their number modulo 10.
ROLE_BY_DIGIT = [Role.COMMISSIONER] * 3 + [Role.BOARD_MEMBER] * 4 + [Role.FORUM_MEMBER] * 3
#: Every sixth person holds a second role as well.
SECOND_ROLE = {
    Role.COMMISSIONER: Role.BOARD_MEMBER,
    Role.BOARD_MEMBER: Role.COMMISSIONER,
    Role.FORUM_MEMBER: Role.BOARD_MEMBER,
    Role.AREA_ADMIN: Role.COMMISSIONER,
}
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack"]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Green",
    "Hughes",
    "Jones",
    "Khan",
    "Patel",
    "Singh",
]
TABLES = ["core_area", "core_organisation", "core_board", "core_user", "core_roleassignment"]


#: Area 001's (ONS code, DfE number, region code): Norfolk, in the East of England
REAL_AREA = ("E10000020", "926", "E12000006")
REAL_AREA_NAME = "Norfolk"


def area_slug(number: int) -> str:
    return f"area-{number:03d}"


def known_email(slug: str, role: str) -> str:
    """The address of the known user holding ``role`` in the area ``slug``."""
    return f"{role.replace('_', '-')}@{slug}.example.org"


def known_user(area: Area, role: str) -> User:
    return User.objects.get(email=known_email(area.slug, role))


def load_areas(*, first: int, count: int) -> list[Area]:
    """Create areas ``first`` .. ``first + count - 1`` with everything they hold."""
    if count < 1:
        return []
    regions = ensure_regions()
    with transaction.atomic():
        areas = Area.objects.bulk_create([_area(n, regions) for n in range(first, first + count)])
        organisations = _load_organisations(areas)
        _load_boards(areas)
        _load_people(areas, organisations)
        synthetic_commissioning.load(areas, organisations)
    analyze()
    return areas


def ensure_regions() -> list[Region]:
    """The nine regions of migration core 0002 (recreated if a test flushed them)."""
    migration = importlib.import_module("core.migrations.0002_english_regions")
    return [
        Region.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in migration.REGIONS
    ]


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum would on a running server."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


def _area(number: int, regions: list[Region]) -> Area:
    if number == 1:
        code, old_code, region = REAL_AREA
        return Area(
            name=f"Area {number:03d}",
            slug=area_slug(number),
            la_code=code,
            old_la_code=old_code,
            region=next(r for r in regions if r.code == region),
        )
    return Area(
        name=f"Area {number:03d}",
        slug=area_slug(number),
        la_code=f"E10{800000 + number:06d}",
        old_la_code=f"{(100 + number) % 1000:03d}",
        region=regions[number % len(regions)],
    )


def _load_organisations(areas: list[Area]) -> dict[int, list[Organisation]]:
    rows = [
        Organisation(
            area=area,
            name=name.format(area=area.name),
            short_name=short_name,
            kind=kind,
            is_active=active,
        )
        for area in areas
        for name, short_name, kind, active in ORGANISATIONS
    ]
    Organisation.objects.bulk_create(rows, batch_size=1000)
    per_area = len(ORGANISATIONS)
    return {area.pk: rows[i * per_area : (i + 1) * per_area] for i, area in enumerate(areas)}


def _load_boards(areas: list[Area]) -> None:
    """Create the boards level by level, so each group can point at the board above it."""
    created: dict[tuple[int, int], Board] = {}
    for level in _levels():
        rows = {
            (area.pk, index): Board(
                area=area,
                name=BOARDS[index][0],
                kind=BOARDS[index][1],
                purpose=f"Oversees SEND joint commissioning in {area.name}.",
                accountable_to=_parent(created, area.pk, BOARDS[index][2]),
            )
            for area in areas
            for index in level
        }
        Board.objects.bulk_create(rows.values(), batch_size=1000)
        created.update(rows)


def _levels() -> Iterable[list[int]]:
    """Indexes of ``BOARDS`` by depth in the reporting tree: the top boards first."""
    depth: dict[int, int] = {}
    for index, (_, _, parent) in enumerate(BOARDS):
        depth[index] = 0 if parent is None else depth[parent] + 1
    for level in range(max(depth.values()) + 1):
        yield [index for index, d in depth.items() if d == level]


def _parent(created: dict[tuple[int, int], Board], area_pk: int, index: int | None):
    return None if index is None else created[(area_pk, index)]


def _load_people(areas: list[Area], organisations: dict[int, list[Organisation]]) -> None:
    password = make_password(None)  # unusable: the benchmark signs in with force_login
    people = [(area, i) for area in areas for i in range(PEOPLE_PER_AREA)]
    users = User.objects.bulk_create(
        [_user(area, i, password) for area, i in people], batch_size=1000
    )
    assignments = [
        RoleAssignment(
            user=user,
            area=area,
            role=role,
            organisation=_organisation(organisations[area.pk], role, i),
        )
        for user, (area, i) in zip(users, people, strict=True)
        for role in _roles(i)
    ]
    RoleAssignment.objects.bulk_create(assignments, batch_size=1000)


def _user(area: Area, i: int, password: str) -> User:
    email = (
        known_email(area.slug, KNOWN_ROLES[i])
        if i < len(KNOWN_ROLES)
        else f"person{i:02d}@{area.slug}.example.org"
    )
    return User(
        email=email,
        first_name=FIRST_NAMES[(i * 7 + i // 10 + area.pk) % len(FIRST_NAMES)],
        last_name=LAST_NAMES[(i * 3 + area.pk) % len(LAST_NAMES)],
        password=password,
    )


def _roles(i: int) -> list[str]:
    """Person ``i``'s roles: a known role, or one by number, plus a second for every sixth."""
    role = KNOWN_ROLES[i] if i < len(KNOWN_ROLES) else ROLE_BY_DIGIT[i % 10]
    return [role, SECOND_ROLE[role]] if i % 6 == 5 else [role]


def _organisation(orgs: list[Organisation], role: str, i: int) -> Organisation:
    """Forum members act for the forum, commissioners for the council or ICB, others anywhere."""
    if role == Role.FORUM_MEMBER:
        return orgs[FORUM]
    if role in (Role.COMMISSIONER, Role.AREA_ADMIN):
        return orgs[COUNCIL if i % 2 == 0 else ICB]
    return orgs[i % len(orgs)]
