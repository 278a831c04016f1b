"""The pseudonymised case list for data quality, pure: no person, no name, no number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ehcp.cases import Case, Outcome
from ehcp.measures import is_open

# --- The pseudonymised case list -------------------------------------------------------------

#: data-quality flags: (slug, what it says)
FLAGS = {
    "dated-before-received": "Outcome dated before the request was received",
    "outcome-without-date": "Outcome without a date",
    "assessed-without-decision": "Assessment outcome without a decision to assess",
    "advice-before-asked": "Advice returned before it was asked for",
    "open-over-52-weeks": "Open over 52 weeks",
    "not-in-latest-extract": "Not in the latest extract",
}
_DECIDED = (Outcome.YES, Outcome.NO, Outcome.WITHDRAWN)


@dataclass(frozen=True)
class CaseRow:
    """One request as the case list shows it: no person, no name, no number."""

    key: str
    received: date
    request_outcome: str
    request_outcome_date: date | None
    assessment_outcome: str
    assessment_outcome_date: date | None
    is_open: bool
    weeks: int | None  # open: whole weeks so far; closed: until it closed; None: not known
    flags: tuple[str, ...]
    absent_since: date | None = None  # not in the extracts since (not counted open)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAGS[flag] for flag in self.flags]


def _closed_on(case: Case) -> date | None:
    if case.assessment_outcome in _DECIDED:
        return case.assessment_outcome_date
    if case.request_outcome in (Outcome.NO, Outcome.WITHDRAWN):
        return case.request_outcome_date
    return None


def case_flags(case: Case, as_of: date) -> tuple[str, ...]:
    """The data-quality flags of a case, in :data:`FLAGS` order."""
    received = case.received
    dated = (case.request_outcome_date, case.assessment_outcome_date)
    flags = {
        "dated-before-received": any(d is not None and d < received for d in dated),
        "outcome-without-date": (
            (case.request_outcome in _DECIDED and case.request_outcome_date is None)
            or (case.assessment_outcome in _DECIDED and case.assessment_outcome_date is None)
        ),
        "assessed-without-decision": case.assessment_outcome is not None
        and case.request_outcome not in (Outcome.YES, Outcome.HISTORICAL),
        "advice-before-asked": any(
            a.returned is not None and a.returned < a.requested for a in case.advice
        ),
        "open-over-52-weeks": is_open(case, as_of) and (as_of - received).days > 52 * 7,
        "not-in-latest-extract": case.absent_since is not None,
    }
    return tuple(flag for flag, raised in flags.items() if raised)


def case_rows(cases: Iterable[Case], as_of: date) -> list[CaseRow]:
    """The case list as of ``as_of``, newest request first. The key is the first 12
    characters of the stored record key (itself a keyed hash)."""
    rows = []
    for case in sorted(cases, key=lambda c: (c.received, c.request_id), reverse=True):
        open_now = is_open(case, as_of)
        end = as_of if open_now else _closed_on(case)
        weeks = (end - case.received).days // 7 if end and end >= case.received else None
        rows.append(
            CaseRow(
                key=case.request_id[:12],
                received=case.received,
                request_outcome=str(case.request_outcome),
                request_outcome_date=case.request_outcome_date,
                assessment_outcome=str(case.assessment_outcome or ""),
                assessment_outcome_date=case.assessment_outcome_date,
                is_open=open_now,
                weeks=weeks,
                flags=case_flags(case, as_of),
                absent_since=case.absent_since,
            )
        )
    return rows


def with_flag(rows: Iterable[CaseRow], flag: str) -> list[CaseRow]:
    """The rows with ``flag`` (a :data:`FLAGS` key), with any flag ("any"), or all ("")."""
    if not flag:
        return list(rows)
    if flag == "any":
        return [row for row in rows if row.flags]
    return [row for row in rows if flag in row.flags]


def flag_counts(rows: Iterable[CaseRow]) -> list[tuple[str, str, int]]:
    """(flag, what it says, how many rows have it) for every flag, in :data:`FLAGS` order."""
    counts = dict.fromkeys(FLAGS, 0)
    for row in rows:
        for flag in row.flags:
            counts[flag] += 1
    return [(flag, FLAGS[flag], count) for flag, count in counts.items()]
