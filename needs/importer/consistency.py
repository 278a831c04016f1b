"""The consistency check: where local authorities do not add up to their region or England.

``_consistency`` sums each count measure of a staged file over local authorities
(by region, and for England) and over regions, and records a ``ConsistencyIssue`` where
the total differs from the published parent value: "suppression" when unpublished
children may explain a shortfall, otherwise "discrepancy". Percentages are not checked.
"""

from __future__ import annotations

from needs.catalog import MEASURES
from needs.importer.staging import NUMBER, Staged, _breakdown_sql
from needs.models import ImportJob


def _consistency(cursor, s: Staged, job: ImportJob) -> int:
    """Record where LAs do not add up to their region or England, or regions to England."""
    counts = {c: m for c, m in s.spec.columns.items() if not MEASURES[m].is_percent}
    if not counts:
        return 0
    topic, label = _breakdown_sql(s)
    level = s.col("geographic_level")
    unpivot = ", ".join(f"(%s, btrim({s.col(c)}))" for c in counts)
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE needs_long ON COMMIT DROP AS
        SELECT {level} AS level, {s.col("time_period")} AS period,
               CASE WHEN {topic} = {label} THEN {label}
                    ELSE concat_ws(': ', nullif({topic}, ''), {label}) END AS breakdown,
               {s.col("region_code")} AS region_code,
               btrim({s.col("region_name")}) AS region_name, v.measure,
               CASE WHEN v.value ~ %s THEN v.value::numeric END AS value
        FROM {s.table} CROSS JOIN LATERAL (VALUES {unpivot}) v(measure, value)
        """,
        [NUMBER, *counts.values()],
    )
    checks = [
        # (children level, parent level, children label, join on region?)
        ("Local authority", "Regional", "local authorities", True),
        ("Local authority", "National", "local authorities", False),
        ("Regional", "National", "regions", False),  # E12 regions only: see below
    ]
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM needs_long WHERE level = 'Regional' "
        "AND region_code = 'E12000007')"
    )
    # Regions that add up to England: E12 codes, with Inner and Outer London (E13)
    # standing in for London in files that split it.
    regions = "E12%%" if cursor.fetchone()[0] else "E1%%"
    cursor.execute("CREATE INDEX ON needs_long (level, measure, period, breakdown)")
    added = 0
    for child, parent, children, by_region in checks:
        group = "period, breakdown, measure" + (", region_code" if by_region else "")
        join = " AND p.region_code = c.region_code" if by_region else ""
        parent_code = "p.region_code" if parent == "Regional" else "'E92000001'"
        parent_name = "p.region_name" if parent == "Regional" else "'England'"
        cursor.execute(
            f"""
            INSERT INTO needs_consistencyissue
                (job_id, file_name, measure, period, breakdown, parent_code, parent_name,
                 children, parent_total, children_total, unpublished_children, kind)
            SELECT %s, %s, c.measure, c.period, c.breakdown, {parent_code}, {parent_name}, %s,
                   p.value, c.total, c.unpublished,
                   CASE WHEN c.unpublished > 0 AND c.total < p.value
                        THEN 'suppression' ELSE 'discrepancy' END
            FROM (SELECT {group}, coalesce(sum(value), 0) AS total,
                         count(*) FILTER (WHERE value IS NULL) AS unpublished
                  FROM needs_long WHERE level = %s
                    AND (level <> 'Regional' OR region_code LIKE '{regions}')
                  GROUP BY {group}) c
            JOIN needs_long p ON p.level = %s AND p.period = c.period
                 AND p.breakdown = c.breakdown AND p.measure = c.measure{join}
            WHERE p.value IS NOT NULL AND p.value <> c.total
            """,
            [job.pk, s.source.name, children, child, parent],
        )
        added += cursor.rowcount
    cursor.execute("DROP TABLE needs_long")
    return added
