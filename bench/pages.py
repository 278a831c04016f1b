"""The pages to benchmark, each with the SQL PostgreSQL alone would need for its data.

To benchmark another page, add one ``Page`` to ``PAGES``. Its SQL may use the
named parameters ``%(area_id)s`` and ``%(user_id)s`` (the requesting user).

The needs dashboard reads DfE's national figures, which ``bench.runner`` imports from
the real release files before timing; Area 001 stands for a real local authority
(``bench.synthetic.REAL_AREA``), so its dashboard is full. The EHCP timeliness dashboard
reads the area's case data, which ``bench.ehcp`` imports (a large authority's extract).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from commissioning.models import ForwardPlan
from core.models import Area, Role
from needs.catalog import NEED_CODES, PLACEMENTS
from needs.dashboard import NEIGHBOURS


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


# -- The needs dashboard: DfE's figures for the area, its region, England and neighbours --

#: (measure, anchor, low, high, with age breakdowns): the dashboard reads ``measure`` in the
#: years from ``low`` to ``high``, counted from the latest year England has a published
#: ``anchor`` (None: the years themselves). needs/dashboard/'s sections, in its order.
NEEDS_WANTED: list[tuple[str, str | None, int, int, bool]] = [
    # EHC plans over time, and their growth since 2019
    ("ehc_plans", None, 0, 9999, False),
    ("statements", None, 0, 9999, False),
    # age, at the latest January
    ("ehc_plans", "ehc_plans", 0, 0, True),
    # primary need, at the latest January
    *(
        (m, "ehc_plans_by_need", 0, 0, False)
        for m in ["ehc_plans_by_need", *(f"need_{code}" for code in NEED_CODES)]
    ),
    # placement, at the latest January
    *((m, "placement_mainstream", 0, 0, False) for m in ["ehc_plans", *PLACEMENTS]),
    # 20-week timeliness, 2014 onwards
    *(
        (m, None, 2014, 9999, False)
        for m in [
            "pc_issued_within_20_weeks_ex",
            "plans_issued_20_weeks_ex",
            "plans_issued_den_ex",
            "pc_issued_within_20_weeks",
            "plans_issued_within_20_weeks",
            "plans_issued_den",
        ]
    ),
    # activity: the latest year and the year before, and the rates of the latest year
    *(
        (m, m, -1, 0, False)
        for m in ["requests_received", "new_ehc_plans", "ceased_plans", "annual_reviews_due"]
    ),
    *(
        (m, "pc_request_decisions_within_6_weeks", 0, 0, False)
        for m in [
            "pc_request_decisions_within_6_weeks",
            "request_decisions_within_6_weeks",
            "request_decisions_over_6_weeks",
        ]
    ),
    *(
        (m, "pc_review_decisions_within_4_weeks", 0, 0, False)
        for m in [
            "pc_review_decisions_within_4_weeks",
            "review_decisions_within_4_weeks",
            "review_decisions_over_4_weeks",
        ]
    ),
    *(
        (m, "annual_reviews_held", 0, 0, False)
        for m in ["annual_reviews_held", "annual_reviews_due"]
    ),
    # the summary table: each measure at its latest year, and EHC plans in the base year
    *((m, m, 0, 0, False) for m in ["ehc_plans", "annual_reviews_held"]),
    ("ehc_plans", None, 2019, 2019, False),
]
#: the rates the summary ranks every local authority by (all: higher is better)
NEEDS_RANKED = [
    "pc_issued_within_20_weeks_ex",
    "pc_issued_within_20_weeks",
    "pc_request_decisions_within_6_weeks",
    "pc_review_decisions_within_4_weeks",
]
#: the measures whose latest year England published is looked up
NEEDS_LATEST = sorted({anchor for _, anchor, *_ in NEEDS_WANTED if anchor} | set(NEEDS_RANKED))


def _sql_list(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _wanted_rows() -> str:
    def anchor(a: str | None) -> str:
        return f"'{a}'" if a else "NULL"

    return ",\n        ".join(
        f"('{m}', {anchor(a)}, {low}, {high}, {str(ages).lower()})"
        for m, a, low, high, ages in dict.fromkeys(NEEDS_WANTED)
    )


NEEDS_DASHBOARD_SQL = f"""
WITH total AS (SELECT id FROM needs_breakdown WHERE key = 'total'),
england AS (SELECT id FROM needs_geography WHERE code = 'E92000001'),
latest AS (  -- the latest year England has a published figure of each measure
    SELECT f.measure, max(f.year) AS year
    FROM needs_figure f
    WHERE f.current AND f.geography_id = (SELECT id FROM england)
      AND f.breakdown_id = (SELECT id FROM total) AND f.status = 'published'
      AND f.measure IN ({_sql_list(NEEDS_LATEST)})
    GROUP BY f.measure
),
la AS (  -- the area's local authority
    SELECT g.id, g.code, g.region_id
    FROM core_area a JOIN needs_geography g ON g.code = a.la_code
    WHERE a.id = %(area_id)s
),
sizes AS (  -- every local authority's EHC plans at the latest January
    SELECT f.geography_id AS id, g.code, f.value
    FROM needs_figure f JOIN needs_geography g ON g.id = f.geography_id
    WHERE f.current AND f.measure = 'ehc_plans' AND f.breakdown_id = (SELECT id FROM total)
      AND f.status = 'published' AND f.value IS NOT NULL AND g.level = 'la'
      AND f.year = (SELECT year FROM latest WHERE measure = 'ehc_plans')
),
chosen AS (
    SELECT geography_id AS id FROM needs_statisticalneighbour WHERE area_id = %(area_id)s
),
neighbours AS (  -- the chosen ones, else the {NEIGHBOURS} nearest in size
    SELECT id FROM chosen
    UNION ALL
    (SELECT s.id FROM sizes s JOIN sizes own ON own.id = (SELECT id FROM la)
     WHERE s.id <> own.id AND NOT EXISTS (SELECT 1 FROM chosen)
     ORDER BY abs(s.value - own.value), s.code LIMIT {NEIGHBOURS})
),
places (place, id) AS (
    SELECT 'area', id FROM la
    UNION ALL SELECT 'region', region_id FROM la
    UNION ALL SELECT 'england', id FROM england
    UNION ALL SELECT 'neighbours', id FROM neighbours
),
wanted (measure, anchor, low, high, ages) AS (
    VALUES
        {_wanted_rows()}
),
spans AS (
    SELECT w.measure, w.ages,
           CASE WHEN w.anchor IS NULL THEN w.low ELSE l.year + w.low END AS low,
           CASE WHEN w.anchor IS NULL THEN w.high ELSE l.year + w.high END AS high
    FROM wanted w LEFT JOIN latest l ON l.measure = w.anchor
    WHERE w.anchor IS NULL OR l.year IS NOT NULL
),
ages AS (  -- the total and the age breakdowns
    SELECT array_agg(id) AS ids FROM needs_breakdown
    WHERE key = 'total' OR key LIKE 'age:%%' OR key LIKE 'age\\_band:%%'
),
figures AS MATERIALIZED (  -- each comparator's figures the page shows, once each
    SELECT DISTINCT ON (p.place, f.id)
           p.place, f.measure, f.year, f.breakdown_id, f.value, f.status, f.source_file_id
    FROM places p
    CROSS JOIN spans s
    CROSS JOIN LATERAL (
        SELECT * FROM needs_figure f
        WHERE f.current AND f.measure = s.measure AND f.geography_id = p.id
          AND f.year BETWEEN s.low AND s.high
          AND f.breakdown_id = ANY (
            CASE WHEN s.ages THEN (SELECT ids FROM ages) ELSE ARRAY[(SELECT id FROM total)] END
          )
        OFFSET 0  -- one index scan per place and span
    ) f
),
field AS (  -- every local authority's value of each ranked rate, and its growth since 2019
    SELECT f.measure, f.geography_id AS id, f.value
    FROM needs_figure f
    JOIN needs_geography g ON g.id = f.geography_id AND g.level = 'la'
    JOIN latest l ON l.measure = f.measure AND l.year = f.year
    WHERE f.current AND f.breakdown_id = (SELECT id FROM total) AND f.status = 'published'
      AND f.value IS NOT NULL AND f.measure IN ({_sql_list(NEEDS_RANKED)})
    UNION ALL
    SELECT 'growth', s.id, s.value * 100 / base.value - 100
    FROM sizes s
    JOIN needs_figure base ON base.geography_id = s.id AND base.current
     AND base.measure = 'ehc_plans' AND base.year = 2019
     AND base.breakdown_id = (SELECT id FROM total) AND base.status = 'published'
     AND base.value <> 0
),
ranks AS (
    SELECT measure, id, rank() OVER (PARTITION BY measure ORDER BY value DESC) AS position,
           count(*) OVER (PARTITION BY measure) AS places
    FROM field
)
SELECT f.place, f.measure, f.year, b.key,
       sum(f.value) FILTER (WHERE f.status = 'published') AS value,
       count(*) FILTER (WHERE f.status <> 'published' OR f.value IS NULL) AS unpublished,
       count(*) AS places, array_agg(DISTINCT r.year) AS releases
FROM figures f
JOIN needs_breakdown b ON b.id = f.breakdown_id
JOIN needs_sourcefile sf ON sf.id = f.source_file_id
JOIN needs_release r ON r.id = sf.release_id
GROUP BY f.place, f.measure, f.year, b.key
UNION ALL
SELECT 'rank', measure, NULL, NULL, position, ceil(4.0 * position / places), places, NULL
FROM ranks WHERE id = (SELECT id FROM la)
"""  # noqa: S608 - built from the constants above, never from input


# -- The EHCP timeliness dashboard: every figure is computed in Python from the area's cases --

#: ehcp.selectors' reads for the dashboard, as the ORM writes them: the area's advice, the
#: requests with their person, the day the latest extract was taken
EHCP_DASHBOARD_SQL = (
    """SELECT a.request_id, a.service, a.requested, a.returned
    FROM ehcp_advice a
    WHERE a.area_id = %(area_id)s
    ORDER BY a.request_id, a.requested, a.service""",
    """SELECT r.id, r.record_key, p.pseudonym, r.received, r.request_outcome,
           r.request_outcome_date, r.assessment_outcome, r.assessment_outcome_date,
           r.exception, r.plan_start, r.plan_ceased, r.last_review, r.review_meeting,
           p.birth_month, p.sex, r.primary_need
    FROM ehcp_caserequest r JOIN ehcp_person p ON p.id = r.person_id
    WHERE r.area_id = %(area_id)s AND p.area_id = %(area_id)s
    ORDER BY r.received, r.record_key""",
    """SELECT max(extract_date) FROM ehcp_caseimport
    WHERE area_id = %(area_id)s AND status = 'done'""",
)


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
    Page(
        "Needs dashboard (DfE figures, all English LAs)",
        area_url("needs:dashboard"),
        (NEEDS_DASHBOARD_SQL,),
    ),
    Page(
        "EHCP timeliness dashboard (board member)",
        area_url("ehcp:timeliness"),
        EHCP_DASHBOARD_SQL,
        role=Role.BOARD_MEMBER,
    ),
    # The other pages computed from the same reads of the area's cases.
    Page(
        "EHCP flight board (board member)",
        area_url("ehcp:flight-board"),
        EHCP_DASHBOARD_SQL,
        role=Role.BOARD_MEMBER,
    ),
    Page(
        "EHCP capacity forecast (board member)",
        area_url("ehcp:forecast"),
        EHCP_DASHBOARD_SQL,
        role=Role.BOARD_MEMBER,
    ),
    Page(
        "EHCP board pack, three months (board member)",
        area_url("ehcp:board-pack"),
        EHCP_DASHBOARD_SQL,
        role=Role.BOARD_MEMBER,
    ),
]
