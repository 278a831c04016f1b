"""The SEN2 importer's checks of the staged modules: every cell (each distinct value once, in
Python, then the rows holding a bad value in SQL), and the records: repeated ids, one row per
request where SEN2 says so, child rows whose parent record is missing, the header's LA.
"""

# SQL built from staging column names the importer itself generates (c0, c1...) and
# constant specs, never from uploaded text: values are always bound parameters.

from __future__ import annotations

from datetime import date

from ehcp.importer.staging import Staged, _rows
from ehcp.importer.upload import MAX_PROBLEMS, Problem
from ehcp.sen2_format import Module, parse_date

#: modules with at most one row per request
ONE_PER_REQUEST = ("assessment", "named_plan", "active_plans")

#: coded columns the portal keeps (or reads to decide what it keeps), so checks code by
#: code. Codes of columns it drops (ethnicity, placement types, plan flags...) are not
#: checked: a code list wider than ours in a real extract must not refuse the import
#: of data the portal then throws away.
KEPT_CODES = frozenset(
    {
        "sex",
        "requestoutcome",
        "assessmentoutcome",
        "week20",
        "ceasereason",
        "sentype",
        "sentyperank",
        "service",
    }
)


def _cell_problem(module: Module, column: str, value: str) -> str | None:
    """Why a (space-trimmed) cell is not valid; values from person.csv are never quoted."""
    if value != value.strip():
        return "The value has a tab, line break or other hidden character around it"
    message = module.check(column, value)
    if message is None:
        return None
    if message == "is required":
        return f"The value is blank: {column} is required"
    if module.name == "person":
        message = message.replace(repr(value), "The value", 1)
    return message


def check_cells(cursor, s: Staged, dates: dict[str, date]) -> list[Problem]:
    """Each distinct value of each checked column through ``Module.check``, then the rows.

    Columns with codes or dates are checked value by value; others only for blanks
    (record ids are all different: sending each to Python would be slow for nothing).
    Valid dates are added to ``dates`` (text -> date) for the writes.
    """
    module = s.module
    checked = [
        c
        for c in s.columns
        if c in module.required or c in module.dates or (c in module.codes and c in KEPT_CODES)
    ]
    if not checked:
        return []
    values = []
    for n, c in enumerate(checked):
        value = s.val(c)
        if c not in module.dates and c not in module.codes:
            value = f"CASE WHEN {value} = '' THEN '' ELSE '-' END"
        values.append((n, c, value))
    # One GROUP BY per column is several times faster than DISTINCT over an unpivot.
    distinct = " UNION ALL ".join(
        f"SELECT %s, {value} FROM {s.table} t GROUP BY 2" for _, _, value in values
    )
    unpivot = ", ".join(f"({n}, %s, {value})" for n, _, value in values)
    unpivot = f"CROSS JOIN LATERAL (VALUES {unpivot}) v(n, name, value)"
    bad: dict[tuple[str, str], str] = {}
    for column, value in _rows(cursor, distinct, checked):
        if column in module.dates and value in dates:
            continue  # a date already read
        message = _cell_problem(module, column, value)
        if message:
            bad[column, value] = message
        elif column in module.dates and value:
            dates[value] = parse_date(value)  # valid: Module.check has just parsed it
    if not bad:
        return []
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS ehcp_bad (name text, value text) ON COMMIT DROP"
    )
    cursor.execute("TRUNCATE ehcp_bad")
    with cursor.copy("COPY ehcp_bad (name, value) FROM STDIN") as copy:
        for pair in bad:
            copy.write_row(pair)
    rows = _rows(
        cursor,
        f"SELECT t.rn, v.name, v.value FROM {s.table} t {unpivot} "
        f"JOIN ehcp_bad b ON b.name = v.name AND b.value = v.value "
        f"ORDER BY t.rn, v.n LIMIT %s",
        [*checked, MAX_PROBLEMS],
    )
    return [s.problem(bad[column, value], rn + 1, column) for rn, column, value in rows]


def _repeats(cursor, s: Staged, partition: str, where: str = "true", join: str = ""):
    """(row, first row) of rows whose ``partition`` repeats an earlier row's."""
    return _rows(
        cursor,
        f"SELECT rn, first FROM (SELECT t.rn, min(t.rn) OVER (PARTITION BY {partition}) AS first "
        f"FROM {s.table} t {join} WHERE {where}) d WHERE rn <> first ORDER BY rn LIMIT %s",
        [MAX_PROBLEMS],
    )


def check_records(cursor, staged: dict[str, Staged], area, clean: set[str]) -> list[Problem]:
    """Record ids: repeats, one row per request where SEN2 says so, parents that exist.

    ``clean`` names the modules whose cells all passed (dates there can be compared).
    """
    problems: list[Problem] = []
    person, requests = staged.get("person"), staged.get("requests")
    if person:
        pid = person.val("person_id")
        for rn, first in _repeats(cursor, person, pid, f"{pid} <> ''"):
            problems.append(
                person.problem(f"This person_id repeats row {first + 1}", rn + 1, "person_id")
            )
    if requests:
        rid = requests.val("requests_record_id")
        join = f"JOIN ehcp_keys k ON k.rid = {rid}"
        for rn, first in _repeats(cursor, requests, "k.key", join=join):
            problems.append(
                requests.problem(
                    f"This requests_record_id repeats row {first + 1}", rn + 1, "requests_record_id"
                )
            )
    for name in ONE_PER_REQUEST:
        s = staged.get(name)
        if s:
            link = s.val("requests_record_id")
            for rn, first in _repeats(cursor, s, link, f"{link} <> ''"):
                problems.append(
                    s.problem(
                        f"A request has one {name} row at most: this one repeats row {first + 1}",
                        rn + 1,
                        "requests_record_id",
                    )
                )
    need = staged.get("sen_need")
    if need:
        link = need.val("requests_record_id")
        where = f"{link} <> '' AND {need.val('sentyperank')} = '1'"
        for rn, first in _repeats(cursor, need, link, where):
            problems.append(
                need.problem(
                    f"A request has one primary need (sentyperank 1): row {first + 1} gives it",
                    rn + 1,
                    "sentyperank",
                )
            )
    advice = staged.get("advice")
    if advice and "advice" in clean:
        link, service = advice.val("requests_record_id"), advice.val("service")
        join = f"LEFT JOIN ehcp_dates d ON d.value = {advice.val('requesteddate')}"
        for rn, first in _repeats(cursor, advice, f"{link}, {service}, d.day", join=join):
            problems.append(
                advice.problem(
                    f"This advice (request, service and date asked) repeats row {first + 1}",
                    rn + 1,
                    "requesteddate",
                )
            )
    problems += _orphans(cursor, staged)
    header = staged.get("header")
    if header:
        problems += _check_header(cursor, header, area)
    return problems


def _orphans(cursor, staged: dict[str, Staged]) -> list[Problem]:
    """Child rows naming a parent record the parent module does not have."""
    problems = []
    for s in staged.values():
        module = s.module
        if not module.link or module.parent not in staged:
            continue
        parent = staged[module.parent]
        parent_key = parent.module.key or parent.module.link or ""
        link = s.val(module.link)
        for (rn,) in _rows(
            cursor,
            f"SELECT t.rn FROM {s.table} t WHERE {link} <> '' AND NOT EXISTS "
            f"(SELECT 1 FROM {parent.table} p WHERE {parent.val(parent_key, 'p')} = {link}) "
            f"ORDER BY t.rn LIMIT %s",
            [MAX_PROBLEMS],
        ):
            problems.append(
                s.problem(
                    f"{parent.module.file_name} has no row with this {module.link}",
                    rn + 1,
                    module.link,
                )
            )
    return problems


def _check_header(cursor, s: Staged, area) -> list[Problem]:
    rows = _rows(cursor, f"SELECT rn, {s.val('lea')} FROM {s.table} t ORDER BY rn")
    if len(rows) != 1:
        return [s.problem(f"The header module has one row, not {len(rows)}", None)]
    rn, lea = rows[0]
    if lea and lea not in {area.la_code, area.old_la_code}:
        return [
            s.problem(
                f"The extract is for local authority {lea[:12]!r}, not {area.name} "
                f"({area.la_code}{', ' + area.old_la_code if area.old_la_code else ''})",
                rn + 1,
                "lea",
            )
        ]
    return []


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most ``MAX_PROBLEMS`` per module (or file), in row order within each."""
    by_module: dict[str, list[Problem]] = {}
    for p in problems:
        by_module.setdefault(p.module or p.file, []).append(p)
    out = []
    for group in by_module.values():
        group.sort(key=lambda p: p.row or 0)
        out += group[:MAX_PROBLEMS]
    return out
