"""Monthly figures the case data does not hold, entered by hand, with their methodology.

From item 9 of Norfolk's performance framework (seeds/001): children missing
education, alternative provision, and complaints about EHC plans. Complaints
are entered as the month's count and reported cumulative per financial year
(April to March), as the framework reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class MonthlyMeasure:
    key: str
    label: str
    methodology: str
    unit: str = "count"  # "count" or "days"
    #: reported as the running total since April
    cumulative: bool = False


MONTHLY_MEASURES: tuple[MonthlyMeasure, ...] = (
    MonthlyMeasure(
        "cme_all",
        "Children missing education",
        "Children of compulsory school age known to the council at the end of the month "
        "who are not on a school roll and not receiving suitable education otherwise.",
    ),
    MonthlyMeasure(
        "cme_ehcp",
        "Children missing education who have an EHC plan",
        "Of the children missing education at the end of the month, those with an EHC plan.",
    ),
    MonthlyMeasure(
        "ap_days",
        "Average days to arrange alternative provision",
        "For placements in alternative provision that started in the month: the mean number "
        "of calendar days from the council learning the child needed provision to the first "
        "day of it.",
        unit="days",
    ),
    MonthlyMeasure(
        "complaints_council",
        "Complaints about EHC plans (council's process)",
        "Complaints about the EHC needs assessment and plan process received through the "
        "council's complaints procedure in the month, reported cumulative from April.",
        cumulative=True,
    ),
    MonthlyMeasure(
        "complaints_council_upheld",
        "Of which upheld (council's process)",
        "Of those complaints, the number decided in the month and upheld in full or in part, "
        "reported cumulative from April.",
        cumulative=True,
    ),
    MonthlyMeasure(
        "complaints_ombudsman",
        "Complaints about EHC plans (Local Government and Social Care Ombudsman)",
        "Decisions the Ombudsman notified in the month on complaints about the council's EHC "
        "process, reported cumulative from April.",
        cumulative=True,
    ),
    MonthlyMeasure(
        "complaints_ombudsman_upheld",
        "Of which upheld (Ombudsman)",
        "Of those Ombudsman decisions, the number upheld, reported cumulative from April.",
        cumulative=True,
    ),
)
BY_KEY = {m.key: m for m in MONTHLY_MEASURES}


def financial_year_start(month: date) -> date:
    return date(month.year if month.month >= 4 else month.year - 1, 4, 1)


def months_back(month: date, count: int) -> list[date]:
    """``count`` months ending with ``month``, oldest first."""
    out = []
    year, mon = month.year, month.month
    for _ in range(count):
        out.append(date(year, mon, 1))
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    return out[::-1]


def reported(values: dict[tuple[str, date], Decimal], months: list[date]) -> list[dict]:
    """One row per measure: the value shown for each month (cumulative ones summed from
    April; None when the month, or for a running total any month since April, is missing)."""
    rows = []
    for measure in MONTHLY_MEASURES:
        shown = []
        for month in months:
            if not measure.cumulative:
                shown.append(values.get((measure.key, month)))
                continue
            start = financial_year_start(month)
            since = [m for m in months_back(month, 12) if m >= start]
            parts = [values.get((measure.key, m)) for m in since]
            shown.append(None if any(p is None for p in parts) else sum(parts, Decimal(0)))
        rows.append({"measure": measure, "values": shown})
    return rows
