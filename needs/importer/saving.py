"""Saving the checked files: geographies, breakdowns, and the figures unpivoted from each row.

``_upsert_geographies`` keeps each place's newest name and its region,
``_insert_figures`` unpivots a staged file's measure columns into the temporary
``needs_new`` table (``NEW_FIGURES``), and ``_save_figures`` moves them into
``Figure``, the newest release's being current. ``_apply_successions`` records the
local authorities reorganised since 2019 (``SUCCESSIONS``).
"""

from __future__ import annotations

from needs.catalog import breakdown_key
from needs.importer.staging import NUMBER, Staged, _breakdown_sql, _geo_code_sql, _rows
from needs.models import Breakdown, Release, SourceFile

LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
#: local authorities reorganised since 2019, oldest first (docs/adr/0009)
SUCCESSIONS = {
    "E06000028": ("E06000058",),  # Bournemouth -> Bournemouth, Christchurch and Poole
    "E06000029": ("E06000058",),  # Poole -> Bournemouth, Christchurch and Poole
    "E10000009": ("E06000058", "E06000059"),  # Dorset county -> BCP and Dorset
    "E10000021": ("E06000061", "E06000062"),  # Northamptonshire -> North and West
    "E10000006": ("E06000063", "E06000064"),  # Cumbria -> Cumberland, Westmorland and Furness
}


def _year_sql(column: str) -> str:
    return f"CASE WHEN length({column}) = 6 THEN left({column}, 4)::int + 1 ELSE {column}::int END"


def _upsert_geographies(cursor, s: Staged) -> None:
    level = s.col("geographic_level")
    year = _year_sql(s.col("time_period"))
    name = (
        f"CASE {level} WHEN 'National' THEN {s.col('country_name')} "
        f"WHEN 'Regional' THEN {s.col('region_name')} ELSE {s.col('la_name')} END"
    )
    old = (
        f"CASE WHEN {level} = 'Local authority' "
        f"THEN coalesce({s.col('old_la_code')}, '') ELSE '' END"
    )
    level_key = f"CASE {level} " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in LEVELS.items())
    cursor.execute(
        f"""
        INSERT INTO needs_geography (code, level, name, old_la_code, first_year, last_year)
        SELECT code, level, (array_agg(name ORDER BY year DESC))[1],
               (array_agg(old ORDER BY year DESC))[1], min(year), max(year)
        FROM (SELECT {_geo_code_sql(s)} AS code, {level_key} END AS level,
                     btrim({name}) AS name, btrim({old}) AS old, {year} AS year
              FROM {s.table}) g
        GROUP BY code, level
        ON CONFLICT (code) DO UPDATE SET
            name = CASE WHEN EXCLUDED.last_year >= coalesce(needs_geography.last_year, 0)
                        THEN EXCLUDED.name ELSE needs_geography.name END,
            old_la_code = CASE WHEN EXCLUDED.old_la_code <> '' THEN EXCLUDED.old_la_code
                               ELSE needs_geography.old_la_code END,
            first_year = least(EXCLUDED.first_year, needs_geography.first_year),
            last_year = greatest(EXCLUDED.last_year, needs_geography.last_year)
        """
    )
    cursor.execute(
        f"""
        UPDATE needs_geography g SET region_id = r.id
        FROM (SELECT DISTINCT ON (code) code, region_code FROM (
                SELECT {_geo_code_sql(s)} AS code, {s.col("region_code")} AS region_code,
                       {year} AS year
                FROM {s.table} WHERE {level} = 'Local authority'
                  AND {s.col("region_code")} LIKE 'E12%%') x
              ORDER BY code, year DESC) s
        JOIN needs_geography r ON r.code = s.region_code
        WHERE g.code = s.code AND g.region_id IS DISTINCT FROM r.id
        """
    )
    cursor.execute(
        """
        UPDATE needs_geography g SET region_id = e.id
        FROM needs_geography e
        WHERE e.code = 'E92000001' AND g.level = 'regional' AND g.region_id IS DISTINCT FROM e.id
        """
    )


def _breakdown_map(cursor, s: Staged) -> str:
    """A temporary table from the file's (topic, label) to ``Breakdown`` ids."""
    topic, label = _breakdown_sql(s)
    pairs = _rows(cursor, f"SELECT DISTINCT {topic}, {label} FROM {s.table}")
    keys = {(t or "", lab or ""): breakdown_key(t or "", lab or "") for t, lab in pairs}
    for (t, lab), key in keys.items():
        shown = ("Total", "Total") if key == "total" else (t.strip(), lab.strip())
        Breakdown.objects.get_or_create(key=key, defaults={"topic": shown[0], "label": shown[1]})
    ids = dict(Breakdown.objects.filter(key__in=set(keys.values())).values_list("key", "id"))
    table = f"{s.table}_breakdowns"
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} (topic text, label text, id int) ON COMMIT DROP"
    )
    with cursor.copy(f"COPY {table} (topic, label, id) FROM STDIN") as copy:
        for (t, lab), key in keys.items():
            copy.write_row((t, lab, ids[key]))
    return table


def _insert_figures(cursor, s: Staged, source: SourceFile) -> int:
    topic, label = _breakdown_sql(s)
    breakdowns = _breakdown_map(cursor, s)
    unpivot = ", ".join(f"(%s, btrim({s.col(c)}))" for c in s.spec.columns)
    period = s.col("time_period")
    cursor.execute(
        f"""
        INSERT INTO needs_new
            (measure, geography_id, year, period, breakdown_id, value, status, source_file_id)
        SELECT v.measure, g.id, {_year_sql(period)}, {period}, b.id,
               CASE WHEN v.value ~ %s THEN round(v.value::numeric, 4) END,
               CASE v.value WHEN 'c' THEN 'suppressed' WHEN 'x' THEN 'not_available'
                            WHEN 'z' THEN 'not_applicable' ELSE 'published' END,
               %s
        FROM {s.table} t
        JOIN needs_geography g ON g.code = {_geo_code_sql(s)}
        JOIN {breakdowns} b ON b.topic IS NOT DISTINCT FROM {topic}
                           AND b.label IS NOT DISTINCT FROM {label}
        CROSS JOIN LATERAL (VALUES {unpivot}) v(measure, value)
        """,
        [NUMBER, source.pk, *s.spec.columns.values()],
    )
    return cursor.rowcount


NEW_FIGURES = """
CREATE TEMPORARY TABLE needs_new (
    measure varchar(64), geography_id int, year smallint, period varchar(6),
    breakdown_id int, value numeric(14, 4), status varchar(14), source_file_id int
) ON COMMIT DROP
"""


def _save_figures(cursor, release: Release) -> None:
    """Move the staged figures into ``Figure``, the newest release's being current.

    Figures of an older or the same release give way to the new ones; figures of a
    newer release stay current (importing an old release late changes nothing shown).
    """
    cursor.execute("CREATE INDEX ON needs_new (measure, geography_id, year, breakdown_id)")
    cursor.execute("ANALYZE needs_new")
    cursor.execute(
        """
        UPDATE needs_figure old SET current = false
        FROM needs_new new, needs_sourcefile sf, needs_release r
        WHERE old.current
          AND (old.measure, old.geography_id, old.year, old.breakdown_id)
              = (new.measure, new.geography_id, new.year, new.breakdown_id)
          AND sf.id = old.source_file_id AND r.id = sf.release_id AND r.year <= %s
        """,
        [release.year],
    )
    cursor.execute(
        """
        INSERT INTO needs_figure (measure, geography_id, year, period, breakdown_id, value,
                                  status, source_file_id, current)
        SELECT new.*, NOT EXISTS (
            SELECT 1 FROM needs_figure old
            WHERE old.current AND (old.measure, old.geography_id, old.year, old.breakdown_id)
                  = (new.measure, new.geography_id, new.year, new.breakdown_id))
        FROM needs_new new
        """
    )
    cursor.execute("DROP TABLE needs_new")


def _apply_successions(cursor) -> None:
    for old, new in SUCCESSIONS.items():
        cursor.execute(
            """
            INSERT INTO needs_geography_replaced_by (from_geography_id, to_geography_id)
            SELECT o.id, n.id FROM needs_geography o, needs_geography n
            WHERE o.code = %s AND n.code = ANY(%s)
            ON CONFLICT DO NOTHING
            """,
            [old, list(new)],
        )
