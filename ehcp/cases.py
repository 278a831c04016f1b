"""The case records the EHCP measures are computed from: plain, pseudonymised, no ORM.

An import of SEN2 person-level modules (and the local advice module) becomes
these records; the synthetic generator makes them; ``ehcp.measures`` computes
from them. Nothing here names a child: the person is a keyed hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    """SEN2 codes for a request's or an assessment's outcome."""

    YES = "Y"  # proceeded to assessment / plan to be issued
    NO = "N"  # decided not to assess / not to issue
    AWAITING = "A"  # not yet decided
    WITHDRAWN = "W"  # withdrawn or ceased before a decision
    HISTORICAL = "H"  # decided before the collection period


class Service(StrEnum):
    """Who gives professional advice for an EHC needs assessment (6 weeks each)."""

    EDUCATIONAL_PSYCHOLOGY = "EP"
    HEALTH = "HEALTH"
    SOCIAL_CARE = "SOCIAL_CARE"


@dataclass(frozen=True)
class Advice:
    service: Service
    requested: date
    returned: date | None = None


@dataclass(frozen=True)
class Case:
    """One request for an EHC needs assessment and what followed it."""

    request_id: str  # the export's requests record id
    person: str  # keyed hash of the UPN/ULN (never the number itself)
    received: date  # starts the 20-week clock
    request_outcome: Outcome = Outcome.AWAITING
    request_outcome_date: date | None = None  # the decision whether to assess
    assessment_outcome: Outcome | None = None
    assessment_outcome_date: date | None = None  # plan issued, or notice not to issue
    exception: bool = False  # week20: regulation 10(4) exceptions apply
    plan_start: date | None = None
    plan_ceased: date | None = None
    last_review: date | None = None  # the annual review decision date
    review_meeting: date | None = None
    advice: tuple[Advice, ...] = field(default=())
    birth_month: date | None = None  # first of the month of birth
    sex: str = ""
    primary_need: str = ""  # SEN2 sentype of rank 1, e.g. ASD
    #: the date of the first extract that lacked this request (None: the latest holds it);
    #: from that day on it is not counted open (``ehcp.measures.is_open``)
    absent_since: date | None = None

    @property
    def issued(self) -> date | None:
        """The date the final plan was issued, if it was."""
        if self.assessment_outcome == Outcome.YES:
            return self.assessment_outcome_date
        return None
