"""Reads of an area's EHCP case data, each taking the requester's ``AreaAccess``.

The timeliness pages compute every figure in Python (:mod:`ehcp.measures`,
:mod:`ehcp.forecast`) from the area's cases, read here in two queries whatever their
number: the requests with their person's pseudonym, birth month and sex, then the advice
of those requests. The cases become plain :class:`ehcp.cases.Case` records (no ORM past
this module); ``Case.request_id`` is the stored record key (a keyed hash, never the case
system's own id).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Max

from core.access import AreaAccess
from core.models import Role
from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.models import Advice as AdviceRow
from ehcp.models import CaseImport, CaseRequest, ImportStatus

#: who reads the measures (counts and rates, no case)
MEASURE_READERS = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER, Role.AREA_ADMIN})
#: who reads the pseudonymised case list (for data quality)
CASE_READERS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})

_REQUEST_FIELDS = (
    "pk",
    "record_key",
    "person__pseudonym",
    "received",
    "request_outcome",
    "request_outcome_date",
    "assessment_outcome",
    "assessment_outcome_date",
    "exception",
    "plan_start",
    "plan_ceased",
    "last_review",
    "review_meeting",
    "person__birth_month",
    "person__sex",
    "primary_need",
    "absent_since",
)


#: code -> member: a dict lookup, not an Enum call, for each of a large area's cases
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}
_SERVICES = {service.value: service for service in Service}


def _check(access: AreaAccess) -> None:
    if not isinstance(access, AreaAccess):
        raise TypeError("EHCP selectors take the requester's AreaAccess, not an area")


def _load(access: AreaAccess) -> list[Case]:
    """The area's cases, oldest request first: one query for the requests (and people), one
    for their advice."""
    advice: dict[int, list[Advice]] = defaultdict(list)
    rows = (
        AdviceRow.objects.for_access(access)
        .order_by("request_id", "requested", "service")
        .values_list("request_id", "service", "requested", "returned")
    )
    for request_id, service, requested, returned in rows:
        advice[request_id].append(Advice(_SERVICES[service], requested, returned))
    requests = (
        CaseRequest.objects.for_access(access)
        # Said twice (a request's person is of its area) so the people are read through
        # their area's index, not by scanning every area's (docs/benchmarks.md).
        .filter(person__area=access.area)
        .order_by("received", "record_key")
        .values_list(*_REQUEST_FIELDS)
    )
    no_advice: tuple[Advice, ...] = ()
    return [
        Case(
            request_id=key,
            person=person,
            received=received,
            request_outcome=_OUTCOMES[request_outcome],
            request_outcome_date=request_outcome_date,
            assessment_outcome=_OUTCOMES[assessment_outcome] if assessment_outcome else None,
            assessment_outcome_date=assessment_outcome_date,
            exception=exception,
            plan_start=plan_start,
            plan_ceased=plan_ceased,
            last_review=last_review,
            review_meeting=review_meeting,
            advice=tuple(advice[pk]) if pk in advice else no_advice,
            birth_month=birth_month,
            sex=sex,
            primary_need=need,
            absent_since=absent_since,
        )
        for (
            pk,
            key,
            person,
            received,
            request_outcome,
            request_outcome_date,
            assessment_outcome,
            assessment_outcome_date,
            exception,
            plan_start,
            plan_ceased,
            last_review,
            review_meeting,
            birth_month,
            sex,
            need,
            absent_since,
        ) in requests
    ]


def cases_for(access: AreaAccess) -> list[Case]:
    """The area's cases for the measures (commissioners, board members and area admins of
    the area); an empty list for anyone else."""
    _check(access)
    if not access.has_any(MEASURE_READERS):
        return []
    return _load(access)


def case_list_for(access: AreaAccess) -> list[Case]:
    """The area's cases for the pseudonymised case list (commissioners and area admins of
    the area only); an empty list for anyone else."""
    _check(access)
    if not access.has_any(CASE_READERS):
        return []
    return _load(access)


def extract_date(access: AreaAccess) -> date | None:
    """The day the area's latest imported extract was taken, if any import says so."""
    _check(access)
    if not access.has_any(MEASURE_READERS):
        return None
    return (
        CaseImport.objects.for_access(access)
        .filter(status=ImportStatus.DONE)
        .aggregate(latest=Max("extract_date"))["latest"]
    )
