"""What the portal reads from DfE's "Education, health and care plans" files.

``MEASURES`` names every statistic the portal keeps (the keys of the read API);
``FILE_SPECS`` says which columns of which file hold them. A file is recognised
by its columns, never by its name, because users rename downloads. Column names
are compared in lower case: DfE mixes ``PC_`` and ``pc_``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NEED_CODES = {
    "asd": "Autistic spectrum disorder",
    "hi": "Hearing impairment",
    "mld": "Moderate learning difficulty",
    "msi": "Multi-sensory impairment",
    "oth": "Other difficulty or disability",
    "pd": "Physical disability",
    "pmld": "Profound and multiple learning difficulty",
    "semh": "Social, emotional and mental health",
    "slcn": "Speech, language and communication needs",
    "sld": "Severe learning difficulty",
    "spld": "Specific learning difficulty",
    "vi": "Visual impairment",
    "unknown": "Need not recorded",
}

PLACEMENTS = {
    "placement_mainstream": "Mainstream school",
    "placement_special": "Special school",
    "placement_ap_pru": "Alternative provision or pupil referral unit",
    "placement_fe": "Further education",
    "placement_early_years": "Non-maintained early years",
    "placement_elsewhere": "Educated elsewhere",
}


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str = "count"  # "count" or "percent"
    #: True, False, or None when neither direction is better (most counts)
    higher_is_better: bool | None = None
    #: a January snapshot (plans held) rather than a year's activity
    snapshot: bool = False
    #: for a percentage: the count measures whose sums make it (a ratio of sums)
    numerator: str | None = None
    denominator: tuple[str, ...] = ()

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"


def _measures() -> dict[str, Measure]:
    items = [
        Measure("ehc_plans", "EHC plans at January", snapshot=True),
        Measure("statements", "Statements of SEN at January", snapshot=True),
        Measure("new_ehc_plans", "New EHC plans in the calendar year"),
        Measure("requests_received", "Requests for an EHC needs assessment"),
        Measure("requests_decided_to_assess", "Requests where the council decided to assess"),
        Measure("request_decisions_within_6_weeks", "Decisions to assess made within 6 weeks"),
        Measure("request_decisions_over_6_weeks", "Decisions to assess made after 6 weeks"),
        Measure(
            "pc_request_decisions_within_6_weeks",
            "Decisions on requests made within 6 weeks (%)",
            unit="percent",
            higher_is_better=True,
            numerator="request_decisions_within_6_weeks",
            denominator=("request_decisions_within_6_weeks", "request_decisions_over_6_weeks"),
        ),
        Measure("plans_issued_den", "EHC plans issued, including exception cases"),
        Measure("plans_issued_den_ex", "EHC plans issued, excluding exception cases"),
        Measure(
            "plans_issued_within_20_weeks", "Plans issued within 20 weeks, including exceptions"
        ),
        Measure("plans_issued_20_weeks_ex", "Plans issued within 20 weeks, excluding exceptions"),
        Measure(
            "pc_issued_within_20_weeks",
            "New EHC plans issued within 20 weeks, including exceptions (%)",
            unit="percent",
            higher_is_better=True,
            numerator="plans_issued_within_20_weeks",
            denominator=("plans_issued_den",),
        ),
        Measure(
            "pc_issued_within_20_weeks_ex",
            "New EHC plans issued within 20 weeks, excluding exceptions (%)",
            unit="percent",
            higher_is_better=True,
            numerator="plans_issued_20_weeks_ex",
            denominator=("plans_issued_den_ex",),
        ),
        Measure("ceased_plans", "EHC plans ceased in the calendar year"),
        Measure("annual_reviews_due", "Annual reviews due in the calendar year"),
        Measure("annual_reviews_held", "Annual review meetings held"),
        Measure("review_decisions_within_4_weeks", "Review decisions made within 4 weeks"),
        Measure("review_decisions_over_4_weeks", "Review decisions made after 4 weeks"),
        Measure(
            "pc_review_decisions_within_4_weeks",
            "Annual review decisions made within 4 weeks of the meeting (%)",
            unit="percent",
            higher_is_better=True,
            numerator="review_decisions_within_4_weeks",
            denominator=("review_decisions_within_4_weeks", "review_decisions_over_4_weeks"),
        ),
        Measure("ehc_plans_by_need", "EHC plans with a recorded need type", snapshot=True),
        Measure("new_plans_by_need", "New EHC plans with a recorded need type"),
    ]
    for code, label in NEED_CODES.items():
        items += [
            Measure(f"need_{code}", f"EHC plans: {label}", snapshot=True),
            Measure(
                f"pc_need_{code}",
                f"EHC plans with primary need {label} (%)",
                unit="percent",
                snapshot=True,
                numerator=f"need_{code}",
                denominator=("ehc_plans_by_need",),
            ),
            Measure(f"new_need_{code}", f"New EHC plans: {label}"),
            Measure(
                f"pc_new_need_{code}",
                f"New EHC plans with primary need {label} (%)",
                unit="percent",
                numerator=f"new_need_{code}",
                denominator=("new_plans_by_need",),
            ),
        ]
    for key, label in PLACEMENTS.items():
        items.append(Measure(key, f"EHC plans in {label.lower()}", snapshot=True))
    return {m.key: m for m in items}


MEASURES: dict[str, Measure] = _measures()

#: README.md's Read API section holds ``measure_table()`` between these lines
MEASURE_TABLE_START = "<!-- measure keys: made by `python -m needs.catalog`; do not edit -->"
MEASURE_TABLE_END = "<!-- end of measure keys -->"


def measure_table() -> str:
    """The Markdown table of every measure key, for the README (``python -m needs.catalog``)."""
    lines = ["| measure | what it is | unit | period |", "| --- | --- | --- | --- |"]
    for m in MEASURES.values():
        meaning = m.label
        if m.numerator:
            parts = " + ".join(f"`{d}`" for d in m.denominator)
            parts = f"({parts})" if len(m.denominator) > 1 else parts
            meaning += f": `{m.numerator}` / {parts}"
        unit = "per cent" if m.is_percent else "number"
        period = "January snapshot" if m.snapshot else "calendar year"
        lines.append(f"| `{m.key}` | {meaning} | {unit} | {period} |")
    return "\n".join(lines) + "\n"


#: columns every DfE open-data file starts with (in some order)
GEOGRAPHY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
)


@dataclass(frozen=True)
class FileSpec:
    """One kind of DfE file: the column that identifies it, and its measure columns."""

    kind: str
    description: str
    signature: str
    #: lower-case column name -> measure key
    columns: dict[str, str]
    #: the columns naming the breakdown: (topic, label), (label,) or ()
    breakdown: tuple[str, ...] = ("breakdown_topic", "breakdown")
    #: the breakdown topic when the file has a label column only
    topic: str = ""
    #: when set, the file's ``time_identifier`` must be this (the need files share a layout)
    time_identifier: str = ""
    required: tuple[str, ...] = field(default=())

    def matches(self, columns: set[str], time_identifier: str) -> bool:
        if self.signature not in columns:
            return False
        if any(c not in columns for c in self.required):
            return False
        return not self.time_identifier or self.time_identifier == time_identifier


def _need_columns(prefix: str, total: str) -> dict[str, str]:
    columns = {"ehc_plans": total}
    for code in NEED_CODES:
        column = "number_need_unknown" if code == "unknown" else f"number_{code}"
        columns[column] = f"{prefix}{code}"
        columns[f"{code}_pc"] = f"pc_{prefix}{code}"
    return columns


FILE_SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "caseload",
        "EHC plans at January, by placement, age and other breakdowns",
        "ehcplans",
        {
            "ehcplans": "ehc_plans",
            "mainstream_total": "placement_mainstream",
            "special_total": "placement_special",
            "ap_pru_total": "placement_ap_pru",
            "fe_total": "placement_fe",
            "nm_early_years": "placement_early_years",
            "ed_elsewhere": "placement_elsewhere",
        },
    ),
    FileSpec("newplans", "New EHC plans", "new_ehc_plans", {"new_ehc_plans": "new_ehc_plans"}),
    FileSpec(
        "requests",
        "Requests for EHC needs assessment",
        "requests_received_in_year",
        {
            "requests_received_in_year": "requests_received",
            "requests_decided_to_assess": "requests_decided_to_assess",
            "request_outcome_six_weeks": "request_decisions_within_6_weeks",
            "request_outcome_over_6_weeks": "request_decisions_over_6_weeks",
            "request_outcome_six_weeks_pc": "pc_request_decisions_within_6_weeks",
        },
    ),
    FileSpec(
        "timeliness",
        "New EHC plans issued within 20 weeks",
        "plans_issued_den",
        {
            "plans_issued_den": "plans_issued_den",
            "plans_issued_den_ex": "plans_issued_den_ex",
            "plans_issued_within_20_weeks": "plans_issued_within_20_weeks",
            "plans_issued_20_weeks_ex": "plans_issued_20_weeks_ex",
            "pc_plans_issued_within_20_weeks": "pc_issued_within_20_weeks",
            "pc_plans_issued_20_weeks_ex": "pc_issued_within_20_weeks_ex",
        },
    ),
    FileSpec(
        "needs_all_plans",
        "EHC plans at January by primary need",
        "number_asd",
        _need_columns("need_", "ehc_plans_by_need"),
        time_identifier="Academic year",
    ),
    FileSpec(
        "needs_new_plans",
        "New EHC plans by primary need",
        "number_asd",
        _need_columns("new_need_", "new_plans_by_need"),
        time_identifier="Calendar year",
    ),
    FileSpec("ceased", "EHC plans ceased", "total_ceased", {"total_ceased": "ceased_plans"}),
    FileSpec(
        "annual_reviews",
        "Annual reviews of EHC plans",
        "review_expected",
        {
            "review_expected": "annual_reviews_due",
            "total_review_meeting": "annual_reviews_held",
            "number_decsion_4weeks": "review_decisions_within_4_weeks",
            "number_decision_gt_4weeks": "review_decisions_over_4_weeks",
            "pc_decsion_4weeks": "pc_review_decisions_within_4_weeks",
        },
    ),
    FileSpec(
        "age_caseload",
        "Statements and EHC plans at January by age band (2010 onwards)",
        "total_ehc",
        {"total_ehc": "ehc_plans", "total_st": "statements"},
        breakdown=("characteristic_age",),
        topic="Age band",
        required=("characteristic_age",),
    ),
    FileSpec(
        "age_new_plans",
        "New EHC plans by age band (2009 onwards)",
        "total_new_ehc",
        {"total_new_ehc": "new_ehc_plans"},
        breakdown=("characteristic_age",),
        topic="Age band",
        required=("characteristic_age",),
    ),
    FileSpec(
        "mi",
        "Requests and 20-week timeliness, 2014 onwards",
        "inreqehc",
        {
            "inreqehc": "requests_received",
            "totincexcehc": "plans_issued_den",
            "incexc20weekehc": "plans_issued_within_20_weeks",
            "incexc20weekrate": "pc_issued_within_20_weeks",
            "totnoexcehc": "plans_issued_den_ex",
            "noexc20weekehc": "plans_issued_20_weeks_ex",
            "noexc20weekrate": "pc_issued_within_20_weeks_ex",
        },
        breakdown=(),
    ),
    FileSpec(
        "mi_snake_case",
        "Requests and 20-week timeliness, 2014 onwards (2023 layout)",
        "inreq_ehc",
        {
            "inreq_ehc": "requests_received",
            "tot_inc_exc_ehc": "plans_issued_den",
            "inc_exc_20week_ehc": "plans_issued_within_20_weeks",
            "inc_exc_20week_rate": "pc_issued_within_20_weeks",
            "tot_no_exc_ehc": "plans_issued_den_ex",
            "no_exc_20week_ehc": "plans_issued_20_weeks_ex",
            "no_exc_20week_rate": "pc_issued_within_20_weeks_ex",
        },
        breakdown=(),
    ),
)


def spec_for(columns: set[str], time_identifier: str) -> FileSpec | None:
    for spec in FILE_SPECS:
        if spec.matches(columns, time_identifier):
            return spec
    return None


AGE_BANDS = {
    "under_5": "Under 5",
    "5_10": "Age 5 to 10",
    "11_15": "Age 11 to 15",
    "16_19": "Age 16 to 19",
    "20_25": "Age 20 to 25",
}

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


def breakdown_key(topic: str, label: str) -> str:
    """The same breakdown across releases gets the same key: "Total" = "All EHC plans"."""
    topic, label = topic.strip(), label.strip()
    if not label or label == "Total" or label.startswith("All ") or label == topic:
        return "total"
    if topic == "Age band":
        return f"age_band:{_slug(label.removeprefix('Age ').replace(' to ', ' '))}"
    if topic == "Child or young persons age":
        age = _slug(label.lower().removeprefix("aged ").removeprefix("age "))
        return f"age:{age}"
    return f"{_slug(topic)}:{_slug(label)}"


def age_band(key: str) -> str | None:
    """The band of a single-year age key (``age:7`` -> ``5_10``); None if it has none."""
    if key.startswith("age_band:"):
        band = key.removeprefix("age_band:")
        return band if band in AGE_BANDS else None
    if not key.startswith("age:"):
        return None
    age = key.removeprefix("age:")
    if age in {"2_and_under", "under_3", "under_5"}:
        return "under_5"
    if age in {"20_and_over", "20_25"}:
        return "20_25"
    if not age.isdigit():
        return None
    years = int(age)
    for band, (low, high) in {
        "under_5": (0, 4),
        "5_10": (5, 10),
        "11_15": (11, 15),
        "16_19": (16, 19),
        "20_25": (20, 25),
    }.items():
        if low <= years <= high:
            return band
    return None


def year_of(period: str) -> int:
    """``202425`` (the January 2025 snapshot) -> 2025; ``2024`` -> 2024."""
    if len(period) == 6:
        return int(period[:4]) + 1
    return int(period)


if __name__ == "__main__":
    print(MEASURE_TABLE_START)
    print(measure_table(), end="")
    print(MEASURE_TABLE_END)
