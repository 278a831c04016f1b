"""The board pack's measures, as the framework lists them: each row's label, its criteria /
methodology and how it is read from a month's figures (the JSON of :mod:`ehcp.snapshots`),
grouped into the framework's tables; the hand-entered rows' notes and the headlines of "what
changed since last month".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ehcp.dashboard.common import SERVICES
from ehcp.measures import AGE_BANDS

COUNT, PERCENT, WEEKS, DAYS = "count", "percent", "weeks", "days"
UP, DOWN = "up", "down"
MISSING = object()  # a figure an older snapshot does not hold
CHART_MONTHS = 12
TARGET_LABEL = "Target for the month (trajectory) (%)"
#: each target measure (ehcp.models.TargetMeasure): the rate it follows in a month's figures,
#: and its name in a note
TARGET_RATES = {
    "issued_20_weeks_ex": (("twenty_weeks", "month", "excluding_exceptions"),
                           "plans issued within 20 weeks, excluding exceptions"),
    "issued_20_weeks": (("twenty_weeks", "month", "including_exceptions"),
                        "plans issued within 20 weeks, including exceptions"),
    "decisions_6_weeks": (("decisions_within_6_weeks",), "decisions within 6 weeks"),
    "reviews_4_weeks": (("reviews", "decided_within_4_weeks"),
                        "annual review decisions within 4 weeks"),
}  # fmt: skip


# --- Reading a month's figures (the JSON of ehcp.snapshots) -----------------------------------

Reader = Callable[[dict], object]


def at(*path: str) -> Reader:
    """A reader of the figure at ``path``; :data:`MISSING` where the figures lack it."""

    def read(figures: dict) -> object:
        value: object = figures
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return MISSING
            value = value[key]
        return value

    return read


def one_decimal(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _mean_days(figures: dict) -> object:
    mean = at("average_weeks_to_issue")(figures)
    if not isinstance(mean, dict):
        return MISSING
    plans = mean["denominator"]
    return one_decimal(Decimal(mean["numerator"]) / plans) if plans else None


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    methodology: str
    read: Reader
    unit: str = COUNT
    better: str = ""  # UP, DOWN or "" (neither way is better)
    target: str = ""  # the target measure whose trajectory follows this row


def _rate(key: str, label: str, methodology: str, path: tuple[str, ...], **kw) -> Measure:
    return Measure(key, label, methodology, at(*path, "value"), PERCENT, UP, **kw)


REQUESTS = (
    Measure("requests", "Requests for an EHC needs assessment received",
            "Requests received in the month, whatever became of them (withdrawn ones too).",
            at("requests")),
    Measure("decisions", "Decisions whether to assess made",
            "Decisions to assess and not to assess made in the month; a withdrawal is not a "
            "decision.", at("decisions_within_6_weeks", "denominator")),
    Measure("decisions_to_assess", "Decisions to assess",
            "Requests the council decided in the month to assess.", at("decisions_to_assess")),
    _rate("decisions_6_weeks", "Decisions made within 6 weeks (%)",
          "Of the decisions made in the month, those made no more than 42 days after the "
          "request was received.", ("decisions_within_6_weeks",), target="decisions_6_weeks"),
)  # fmt: skip
ADVICE = tuple(
    measure
    for service, name in SERVICES.items()
    for measure in (
        Measure(f"advice_{service.value}", f"{name}: advice returned",
                f"Advice from {name.lower()} returned in the month.",
                at("advice_within_6_weeks", service.value, "denominator")),
        _rate(f"advice_6_weeks_{service.value}", f"{name}: returned within 6 weeks (%)",
              "Of that advice, the share returned no more than 42 days after it was asked for.",
              ("advice_within_6_weeks", service.value)),
        Measure(f"advice_overdue_{service.value}",
                f"{name}: advice outstanding past 6 weeks at the month's end",
                "Advice asked for on a request still in process, not returned by the month's "
                "last day, asked for more than 42 days before it.",
                at("advice_outstanding", service.value, "overdue"), better=DOWN),
    )
)  # fmt: skip
_EXCEPTIONS = (
    "Exception cases (an exception to the time limit applies, regulation 10(4)) are left out "
    "of both counts, as DfE's headline rate does."
)
TWENTY_WEEKS = (
    Measure("plans_issued", "New EHC plans issued",
            "Final EHC plans issued in the month.", at("plans_issued"), better=UP),
    _rate("twenty_weeks_ex", "Issued within 20 weeks in the month, excluding exceptions (%)",
          "Of the plans issued in the month, those issued no more than 140 days after the "
          f"request. {_EXCEPTIONS}", ("twenty_weeks", "month", "excluding_exceptions"),
          target="issued_20_weeks_ex"),
    _rate("twenty_weeks", "Issued within 20 weeks in the month, including exceptions (%)",
          "As above, every plan issued in the month counted.",
          ("twenty_weeks", "month", "including_exceptions"), target="issued_20_weeks"),
    Measure("plans_issued_fytd", "New EHC plans issued, financial year to date",
            "Final EHC plans issued from 1 April to the month's end.",
            at("twenty_weeks", "fytd", "including_exceptions", "denominator")),
    _rate("twenty_weeks_ex_fytd",
          "Issued within 20 weeks, financial year to date, excluding exceptions (%)",
          f"Of the plans issued from 1 April to the month's end, those issued in time. "
          f"{_EXCEPTIONS}", ("twenty_weeks", "fytd", "excluding_exceptions")),
    _rate("twenty_weeks_fytd",
          "Issued within 20 weeks, financial year to date, including exceptions (%)",
          "As above, every plan issued since 1 April counted.",
          ("twenty_weeks", "fytd", "including_exceptions")),
)  # fmt: skip
WEEKS_TO_ISSUE = (
    Measure("weeks_to_issue", "Average weeks from request to plan issued",
            "The mean time from the request to the final plan over the plans issued in the "
            "month, exception cases included.", at("average_weeks_to_issue", "value"),
            WEEKS, DOWN),
    Measure("days_to_issue", "Average days from request to plan issued",
            "The same mean in calendar days.", _mean_days, DAYS, DOWN),
)  # fmt: skip
BACKLOG = (
    Measure("in_process", "Requests in process at the month's end",
            "Received by the month's last day and not yet refused, withdrawn, issued or "
            "decided not to issue.", at("in_process", "total"), better=DOWN),
    Measure("awaiting_decision", "of which awaiting the decision whether to assess",
            "No decision known on the month's last day.", at("in_process", "awaiting_decision")),
    Measure("being_assessed", "of which being assessed",
            "Decided to assess; no plan issued or decision not to issue yet.",
            at("in_process", "being_assessed")),
    *(
        Measure(f"age_{label}", f"of which {label} weeks since the request",
                "Weeks of the 20-week clock on the month's last day: week 1 is days 0 to 7, "
                "week 20 ends on day 140.", at("in_process", "ages", label),
                better=DOWN if last is None else "")
        for label, _, last in AGE_BANDS
    ),
)  # fmt: skip
REVIEWS = (
    Measure("reviews_due", "Annual reviews due",
            "Plans whose review falls due in the month, held or not: 12 months after the plan "
            "began, then after the last review decision. Only the latest review is recorded, "
            "so a later review counts in the month it was decided; plans ceased by then "
            "left out.",
            at("reviews", "due")),
    Measure("reviews_held", "Annual review meetings held", "Review meetings held in the month.",
            at("reviews", "held")),
    Measure("reviews_decided", "Annual review decisions made",
            "Decisions made in the month after a review meeting.",
            at("reviews", "decided_within_4_weeks", "denominator")),
    _rate("reviews_4_weeks", "Review decisions made within 4 weeks of the meeting (%)",
          "Of those decisions, the ones made no more than 28 days after the meeting.",
          ("reviews", "decided_within_4_weeks"), target="reviews_4_weeks"),
)  # fmt: skip
#: the framework's tables of case-data measures: (slug, heading, measures, notes)
TABLES = (
    ("requests", "Requests and decisions within 6 weeks", REQUESTS, ()),
    ("advice", "Professional advice within 6 weeks, by service", ADVICE, ()),
    ("twenty-weeks", "EHC plans issued within 20 weeks", TWENTY_WEEKS,
     ("The financial year runs from April to March.",)),
    ("weeks-to-issue", "Average time to issue an EHC plan", WEEKS_TO_ISSUE, ()),
    ("backlog", "Plans in process (the backlog) and how long they have waited", BACKLOG, ()),
    ("reviews", "Annual reviews", REVIEWS,
     ("The case data holds each plan's latest review only: a review held still counts as "
      "due in its month (a first review 12 months after the plan began, a later one in the "
      "month it was decided).",)),
)  # fmt: skip
HAND_HEADING = "Children missing education, alternative provision and complaints"
HAND_NOTE = (
    "Entered by hand each month; not frozen. Complaints are running totals from April: a total "
    "shows only when every month since April has been entered."
)
#: the hand-entered measures: which way is better ("what changed" leaves out running totals)
HAND_BETTER = {"cme_all": DOWN, "cme_ehcp": DOWN, "ap_days": DOWN}
#: "what changed since last month": (row key, as said in a sentence)
HEADLINES = (
    ("requests", "Requests received"),
    ("decisions_6_weeks", "Decisions whether to assess made within 6 weeks"),
    ("plans_issued", "New EHC plans issued"),
    ("twenty_weeks_ex", "Plans issued within 20 weeks, excluding exceptions"),
    ("weeks_to_issue", "Average time from request to plan"),
    ("in_process", "Requests in process at the month's end"),
    ("age_over 20", "Requests in process past 20 weeks"),
    ("reviews_4_weeks", "Annual review decisions made within 4 weeks"),
    ("cme_all", "Children missing education"),
    ("ap_days", "Average days to arrange alternative provision"),
)
