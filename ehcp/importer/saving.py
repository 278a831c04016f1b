"""Saving a checked upload: record ids hashed, the modules joined into one row per request
(``ehcp_cases``), then people, requests and advice upserted on their keyed hashes, in SQL.
"""

# SQL built from staging column names the importer itself generates (c0, c1...) and
# constant specs, never from uploaded text: values are always bound parameters.

from __future__ import annotations

from datetime import date

from ehcp import pseudonyms
from ehcp.importer.staging import Staged, _rows
from ehcp.models import Advice, CaseRequest, Person


def _hash_record_ids(cursor, requests: Staged, key: bytes) -> None:
    """``ehcp_keys``: each requests_record_id (as written) and its keyed hash."""
    rid = requests.val("requests_record_id")
    ids = _rows(cursor, f"SELECT DISTINCT {rid} FROM {requests.table} t WHERE {rid} <> ''")
    cursor.execute(
        "CREATE TEMPORARY TABLE ehcp_keys (rid text PRIMARY KEY, key text) ON COMMIT DROP"
    )
    with cursor.copy("COPY ehcp_keys (rid, key) FROM STDIN") as copy:
        for (value,) in ids:
            copy.write_row((value, pseudonyms.pseudonym(key, "request", value)))
    cursor.execute("ANALYZE ehcp_keys")


def _save_dates(cursor, dates: dict[str, date]) -> None:
    cursor.execute(
        "CREATE TEMPORARY TABLE ehcp_dates (value text PRIMARY KEY, day date) ON COMMIT DROP"
    )
    with cursor.copy("COPY ehcp_dates (value, day) FROM STDIN") as copy:
        for value, day in dates.items():
            copy.write_row((value, day))
    cursor.execute("ANALYZE ehcp_dates")


class _Joins:
    """LEFT JOINs turning text dates into dates through ``ehcp_dates``."""

    def __init__(self):
        self.joins: list[str] = []

    def day(self, s: Staged, column: str, alias: str) -> str:
        name = f"d{len(self.joins)}"
        self.joins.append(f"LEFT JOIN ehcp_dates {name} ON {name}.value = {s.val(column, alias)}")
        return f"{name}.day"

    def sql(self) -> str:
        return "\n".join(self.joins)


CASE_FIELDS = (
    "received",
    "request_outcome",
    "request_outcome_date",
    "assessment_outcome",
    "assessment_outcome_date",
    "exception",
    "plan_start",
    "plan_ceased",
    "cease_reason",
    "last_review",
    "review_meeting",
    "primary_need",
)


def _build_cases(cursor, staged: dict[str, Staged]) -> None:
    """``ehcp_cases``: one row per request, as it will be kept."""
    r, p = staged["requests"], staged["person"]
    a, n, ap, sn = (staged[m] for m in ("assessment", "named_plan", "active_plans", "sen_need"))
    j = _Joins()
    select = {
        "received": j.day(r, "receiveddate", "r"),
        "request_outcome": r.val("requestoutcome", "r"),
        "request_outcome_date": j.day(r, "requestoutcomedate", "r"),
        "assessment_outcome": a.val("assessmentoutcome", "a"),
        "assessment_outcome_date": j.day(a, "assessmentoutcomedate", "a"),
        "exception": f"{a.val('week20', 'a')} = '1'",
        "plan_start": j.day(n, "startdate", "n"),
        "plan_ceased": j.day(n, "ceasedate", "n"),
        "cease_reason": n.val("ceasereason", "n"),
        "last_review": j.day(ap, "lastreview", "ap"),
        "review_meeting": j.day(ap, "reviewmeeting", "ap"),
        "primary_need": "coalesce(sn.sentype, '')",
    }
    columns = ",\n".join(f"{expr} AS {name}" for name, expr in select.items())
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_cases ON COMMIT DROP AS
        SELECT k.key AS record_key, p.pseudonym, {columns}
        FROM {r.table} r
        JOIN ehcp_keys k ON k.rid = {r.val("requests_record_id", "r")}
        JOIN {p.table} p ON {p.val("person_id", "p")} = {r.val("person_id", "r")}
        LEFT JOIN {a.table} a ON {a.val("requests_record_id", "a")} = k.rid
        LEFT JOIN {n.table} n ON {n.val("requests_record_id", "n")} = k.rid
        LEFT JOIN {ap.table} ap ON {ap.val("requests_record_id", "ap")} = k.rid
        LEFT JOIN (SELECT {sn.val("requests_record_id")} AS rid, {sn.val("sentype")} AS sentype
                   FROM {sn.table} t WHERE {sn.val("sentyperank")} = '1') sn ON sn.rid = k.rid
        {j.sql()}
        """
    )
    # Indexed and analysed: the saves below look requests up by key in it, and an area new
    # to the tables (estimated at one row) would otherwise be planned as a nested loop over
    # the whole extract for each of its requests (docs/benchmarks.md).
    cursor.execute("CREATE INDEX ON ehcp_cases (record_key)")
    cursor.execute("ANALYZE ehcp_cases")


def _counts(cursor, sql: str, params) -> tuple[int, int]:
    """(added, updated) from an ``INSERT ... RETURNING (xmax = 0) AS added``."""
    rows = _rows(
        cursor,
        f"WITH up AS ({sql}) SELECT count(*) FILTER (WHERE added), "
        "count(*) FILTER (WHERE NOT added) FROM up",
        params,
    )
    return rows[0]


def _save_people(cursor, staged: dict[str, Staged], area_id: int) -> dict:
    p = staged["person"]
    j = _Joins()
    birth = j.day(p, "personbirthdate", "p")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_people ON COMMIT DROP AS
        SELECT DISTINCT ON (p.pseudonym) p.pseudonym,
               date_trunc('month', {birth})::date AS birth_month, {p.val("sex", "p")} AS sex
        FROM {p.table} p {j.sql()}
        WHERE p.pseudonym IN (SELECT pseudonym FROM ehcp_cases)
        ORDER BY p.pseudonym, p.rn
        """
    )
    table = Person._meta.db_table
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, pseudonym, birth_month, sex)
        SELECT %s, pseudonym, birth_month, sex FROM ehcp_people
        ON CONFLICT (area_id, pseudonym) DO UPDATE
            SET birth_month = EXCLUDED.birth_month, sex = EXCLUDED.sex
            WHERE ({table}.birth_month, {table}.sex)
                  IS DISTINCT FROM (EXCLUDED.birth_month, EXCLUDED.sex)
        RETURNING (xmax = 0) AS added
        """,
        [area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_people")[0][0]
    return {"added": added, "updated": updated, "unchanged": total - added - updated}


def _save_requests(cursor, area_id: int, import_id: int) -> dict:
    table, people = CaseRequest._meta.db_table, Person._meta.db_table
    fields = ", ".join(CASE_FIELDS)
    updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in ("person_id", *CASE_FIELDS))
    old = ", ".join(f"{table}.{f}" for f in ("person_id", *CASE_FIELDS))
    new = ", ".join(f"EXCLUDED.{f}" for f in ("person_id", *CASE_FIELDS))
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, person_id, record_key, {fields},
                             first_import_id, last_import_id)
        SELECT %s, pe.id, c.record_key, {", ".join(f"c.{f}" for f in CASE_FIELDS)}, %s, %s
        FROM ehcp_cases c JOIN {people} pe ON pe.area_id = %s AND pe.pseudonym = c.pseudonym
        ON CONFLICT (area_id, record_key) DO UPDATE
            SET {updates}, last_import_id = EXCLUDED.last_import_id
            WHERE ({old}) IS DISTINCT FROM ({new})
        RETURNING (xmax = 0) AS added
        """,
        [area_id, import_id, import_id, area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_cases")[0][0]
    absent = _rows(
        cursor,
        f"SELECT count(*) FROM {table} r WHERE r.area_id = %s AND NOT EXISTS "
        f"(SELECT 1 FROM ehcp_cases c WHERE c.record_key = r.record_key)",
        [area_id],
    )[0][0]
    return {
        "added": added,
        "updated": updated,
        "unchanged": total - added - updated,
        "absent": absent,
    }


def _mark_absent(cursor, area_id: int, day: date) -> int:
    """Requests of the area this extract (the latest) lacks are absent from ``day`` (kept
    from an earlier absence if already marked); those it holds are absent no longer.
    Returns how many are absent."""
    table = CaseRequest._meta.db_table
    cursor.execute(
        f"UPDATE {table} r SET absent_since = NULL WHERE r.area_id = %s "
        "AND r.absent_since IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM ehcp_cases c WHERE c.record_key = r.record_key)",
        [area_id],
    )
    cursor.execute(
        f"UPDATE {table} r SET absent_since = %s WHERE r.area_id = %s "
        "AND r.absent_since IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM ehcp_cases c WHERE c.record_key = r.record_key)",
        [day, area_id],
    )
    return _rows(
        cursor,
        f"SELECT count(*) FROM {table} WHERE area_id = %s AND absent_since IS NOT NULL",
        [area_id],
    )[0][0]


def _save_advice(cursor, s: Staged, area_id: int) -> dict:
    """The extract's advice replaces what is held for the requests it holds."""
    table, requests = Advice._meta.db_table, CaseRequest._meta.db_table
    j = _Joins()
    asked, back = j.day(s, "requesteddate", "a"), j.day(s, "returneddate", "a")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_new_advice ON COMMIT DROP AS
        SELECT r.id AS request_id, {s.val("service", "a")} AS service,
               {asked} AS requested, {back} AS returned
        FROM {s.table} a
        JOIN ehcp_keys k ON k.rid = {s.val("requests_record_id", "a")}
        JOIN {requests} r ON r.area_id = %s AND r.record_key = k.key
        {j.sql()}
        """,
        [area_id],
    )
    cursor.execute(
        f"""
        DELETE FROM {table} old USING {requests} r, ehcp_cases c
        WHERE old.area_id = %s AND old.request_id = r.id AND r.record_key = c.record_key
          AND NOT EXISTS (SELECT 1 FROM ehcp_new_advice n WHERE n.request_id = old.request_id
                          AND n.service = old.service AND n.requested = old.requested)
        """,
        [area_id],
    )
    removed = cursor.rowcount
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, request_id, service, requested, returned)
        SELECT %s, request_id, service, requested, returned FROM ehcp_new_advice
        ON CONFLICT (request_id, service, requested) DO UPDATE SET returned = EXCLUDED.returned
            WHERE {table}.returned IS DISTINCT FROM EXCLUDED.returned
        RETURNING (xmax = 0) AS added
        """,
        [area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_new_advice")[0][0]
    return {
        "added": added,
        "updated": updated,
        "unchanged": total - added - updated,
        "removed": removed,
    }


def _extract_date(cursor, staged: dict[str, Staged], dates: dict[str, date]) -> date | None:
    """The header's reference date, else the latest date the requests hold."""
    header = staged.get("header")
    if header:
        rows = _rows(cursor, f"SELECT {header.val('referencedate')} FROM {header.table} t")
        if rows and rows[0][0] in dates:
            return dates[rows[0][0]]
    fields = ", ".join(f for f in CASE_FIELDS if f not in _NOT_DATES)
    latest = _rows(cursor, f"SELECT max(greatest({fields})) FROM ehcp_cases")[0][0]
    return latest


_NOT_DATES = {"request_outcome", "assessment_outcome", "exception", "cease_reason", "primary_need"}
