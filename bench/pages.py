"""The pages to benchmark, each with the SQL PostgreSQL alone would need for its data.

To benchmark another page, add one ``Page`` to ``PAGES``. Its SQL may use the
named parameters ``%(area_id)s`` and ``%(user_id)s`` (the requesting user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from commissioning.models import ForwardPlan
from core.models import Area, Role


@dataclass(frozen=True)
class Page:
    """A page: its name in the report, its URL in an area, who asks, and its data's SQL."""

    name: str
    url: Callable[[Area], str]
    sql: tuple[str, ...]
    role: str = Role.AREA_ADMIN


def area_url(url_name: str) -> Callable[[Area], str]:
    """The URL of ``url_name`` for an area, e.g. ``area_url("core:board-list")``."""

    def url(area: Area) -> str:
        return reverse(url_name, kwargs={"area": area.slug})

    return url


AREA_SQL = """
SELECT a.id, a.slug, a.name, a.la_code, a.old_la_code, r.code, r.name
FROM core_area a JOIN core_region r ON r.id = a.region_id
WHERE a.id = %(area_id)s
"""

ORGANISATIONS_SQL = """
SELECT o.id, o.name, o.short_name, o.kind, o.is_active
FROM core_organisation o
WHERE o.area_id = %(area_id)s
ORDER BY o.name
"""

CURRENT_ORGANISATIONS_SQL = """
SELECT o.id, o.name, o.kind
FROM core_organisation o
WHERE o.area_id = %(area_id)s AND o.is_active
ORDER BY o.name
"""

BOARDS_SQL = """
SELECT b.id, b.name, b.kind, p.name AS accountable_to, COUNT(g.id) AS reporting_count
FROM core_board b
LEFT JOIN core_board p ON p.id = b.accountable_to_id
LEFT JOIN core_board g ON g.accountable_to_id = b.id
WHERE b.area_id = %(area_id)s
GROUP BY b.id, p.name
ORDER BY b.name
"""

PEOPLE_SQL = """
WITH people AS (
    SELECT DISTINCT u.id, u.first_name, u.last_name, u.email
    FROM core_user u JOIN core_roleassignment ra ON ra.user_id = u.id
    WHERE ra.area_id = %(area_id)s
    ORDER BY u.last_name, u.first_name, u.email
    LIMIT 50
)
SELECT p.id, p.first_name, p.last_name, p.email, ra.id, ra.role, o.name
FROM people p
JOIN core_roleassignment ra ON ra.user_id = p.id AND ra.area_id = %(area_id)s
LEFT JOIN core_organisation o ON o.id = ra.organisation_id
ORDER BY p.last_name, p.first_name, p.email, ra.role
"""

PEOPLE_COUNT_SQL = """
SELECT COUNT(DISTINCT ra.user_id) FROM core_roleassignment ra WHERE ra.area_id = %(area_id)s
"""

PLAN_SQL = (
    "SELECT p.* FROM commissioning_forwardplan p WHERE p.area_id = %(area_id)s",
    """SELECT pr.* FROM commissioning_priority pr
       JOIN commissioning_forwardplan p ON p.id = pr.plan_id
       WHERE p.area_id = %(area_id)s ORDER BY pr.number""",
    """SELECT a.*, m.* FROM commissioning_action a
       JOIN commissioning_priority pr ON pr.id = a.priority_id
       JOIN commissioning_forwardplan p ON p.id = pr.plan_id
       LEFT JOIN commissioning_successmeasure m ON m.id = a.measure_id
       WHERE p.area_id = %(area_id)s ORDER BY pr.number, a."order" """,
    """SELECT m.* FROM commissioning_successmeasure m
       JOIN commissioning_priority pr ON pr.id = m.priority_id
       JOIN commissioning_forwardplan p ON p.id = pr.plan_id WHERE p.area_id = %(area_id)s""",
)

REGISTER_SQL = """
SELECT s.id, s.name, s.arrangement, s.commissioner, s.age_from, s.age_to,
       COALESCE(SUM(f.annual_value), 0) AS total
FROM commissioning_service s LEFT JOIN commissioning_servicefunding f ON f.service_id = s.id
WHERE s.area_id = %(area_id)s GROUP BY s.id ORDER BY s.arrangement, s.name
"""


def plan_url(url_name: str) -> Callable[[Area], str]:
    """The URL of one of the area's plan pages (its first plan)."""

    def url(area: Area) -> str:
        plan = ForwardPlan.objects.filter(area=area).values_list("pk", flat=True).first()
        return reverse(url_name, kwargs={"area": area.slug, "pk": plan})

    return url


PAGES: list[Page] = [
    Page(
        "Area overview",
        area_url("core:area"),
        (AREA_SQL, CURRENT_ORGANISATIONS_SQL, BOARDS_SQL),
    ),
    Page("Organisations", area_url("core:organisation-list"), (ORGANISATIONS_SQL,)),
    Page("Boards", area_url("core:board-list"), (BOARDS_SQL,)),
    Page("People (first 50)", area_url("core:people"), (PEOPLE_SQL, PEOPLE_COUNT_SQL)),
    Page("Forward plan (36 actions)", plan_url("commissioning:plan"), PLAN_SQL),
    Page("Action list (filtered page)", plan_url("commissioning:actions"), PLAN_SQL[2:3]),
    Page("Services register", area_url("commissioning:services"), (REGISTER_SQL,)),
]
