"""The SEN2 person-level export as data: modules, columns, dates, codes and header aliases.

One CSV per module, as case-management systems export them for DfE's COLLECT
(``../shared/data/sen2-person-level.md``). Column names are the export's
lowercase names, plus the record ids that tie a child row to its parent:
``person_id`` on person, ``requests_record_id`` and ``person_id`` on requests, and
``requests_record_id`` on every module under a request. ``advice`` is a LOCAL
module SEN2 lacks but case systems export: one row per professional advice
asked for during an assessment.

Dates are written as ISO ``YYYY-MM-DD``: unambiguous, sorted correctly as text,
and the form COLLECT's XML uses. ``DD/MM/YYYY`` is accepted on reading, because
exports opened and saved in a spreadsheet come back in the UK form; nothing else
is (``03/04/2021`` is always 3 April).

Codes are checked only where the format note gives them; columns whose code
lists the note does not give (``requestsource``, ``reviewoutcome``...) are free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

FLAG = {"1": "yes", "0": "no"}
OUTCOME = {
    "Y": "yes (proceeded to assessment / plan to be issued)",
    "N": "no (decided not to assess / not to issue)",
    "A": "not yet decided",
    "W": "withdrawn or ceased before a decision",
    "H": "historical (decided before the collection period)",
}
WEEK20 = {"1": "20-week exceptions apply", "0": "exceptions do not apply"}
CEASE_REASON = {
    "1": "reached maximum age",
    "2": "needs met without a plan",
    "3": "moved to higher education",
    "4": "paid employment (not apprenticeships)",
    "5": "transferred to another LA in England",
    "6": "young person no longer wishes to engage",
    "7": "moved outside England",
    "8": "deceased",
    "9": "other",
}
SEN_SETTING = {
    "OLA": "other LA arrangements",
    "OPA": "other arrangements by parents or the person (not home education)",
    "EHE": "elective home education",
    "EYP": "early-years provider without URN",
    "OTH": "other",
    "NEET": "not in education, employment or training (16-25)",
    "NIEC": "not in education, notice to cease issued",
    "NIEO": "not in education, other",
}
SEN_TYPE = {
    "SPLD": "specific learning difficulty",
    "MLD": "moderate learning difficulty",
    "SLD": "severe learning difficulty",
    "PMLD": "profound and multiple learning difficulty",
    "SEMH": "social, emotional and mental health",
    "SLCN": "speech, language and communication needs",
    "HI": "hearing impairment",
    "VI": "visual impairment",
    "MSI": "multi-sensory impairment",
    "PD": "physical disability",
    "ASD": "autistic spectrum disorder",
    "OTH": "other difficulty or disability",
    "DS": "Down syndrome (from 2025)",
}
SEN_TYPE_RANK = {"1": "primary", "2": "secondary"}
SEX = {"M": "male", "F": "female", "U": "not known"}
# The common basic data set's main ethnicity codes.
ETHNICITY = {
    "WBRI": "White - British",
    "WIRI": "White - Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "any other White background",
    "WROM": "Gypsy / Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black - African",
    "BOTH": "any other Black background",
    "CHNE": "Chinese",
    "OOTH": "any other ethnic group",
    "REFU": "refused",
    "NOBT": "information not yet obtained",
}
SERVICE = {
    "EP": "educational psychology",
    "HEALTH": "health",
    "SOCIAL_CARE": "social care",
}

# Columns that name or identify a child: the importer drops them, or keeps a
# keyed hash of the identifiers (HASHED) so re-imports match the same person.
PERSONAL = frozenset({"surname", "forename", "postcode", "upn", "uniquelearnernumber"})
HASHED = ("upn", "uniquelearnernumber")


@dataclass(frozen=True)
class Module:
    """One module of the export: one CSV file."""

    name: str
    file_name: str
    columns: tuple[str, ...]
    parent: str | None = None  # the module whose record id this one's rows carry
    key: str | None = None  # this module's own record id column, if it has one
    link: str | None = None  # the column naming the parent's record
    dates: frozenset[str] = frozenset()
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    required: tuple[str, ...] = ()  # columns that must not be blank
    aliases: dict[str, str] = field(default_factory=dict)  # readable header -> column
    local: bool = False  # not part of SEN2: a case-system extension
    optional: bool = False  # an extract may leave the file out

    @property
    def personal(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c in PERSONAL)

    def check(self, column: str, value: str) -> str | None:
        """Why ``value`` is not valid in ``column`` (already stripped), or None."""
        if value == "":
            return "is required" if column in self.required else None
        if column in self.dates:
            try:
                parse_date(value)
            except ValueError:
                return f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
            return None
        allowed = self.codes.get(column)
        if allowed is not None and value not in allowed:
            return f"{value!r} is not one of {', '.join(allowed)}"
        return None


def _flags(*columns: str) -> dict[str, dict[str, str]]:
    return dict.fromkeys(columns, FLAG)


PLACEMENT_ALIASES = {
    "Unique Reference Number": "urn",
    "UK Provider Reference Number": "ukprn",
    "SEN Setting": "sensetting",
    "SEN Setting Other": "sensettingother",
    "Placement Rank": "placementrank",
    "SEN Unit Indicator": "senunitindicator",
    "Resourced Provision Indicator": "resourcedprovisionindicator",
}
PLACEMENT_CODES = {
    "sensetting": SEN_SETTING,
    **_flags("senunitindicator", "resourcedprovisionindicator"),
}

MODULES: dict[str, Module] = {
    m.name: m
    for m in (
        Module(
            name="header",
            file_name="header.csv",
            columns=(
                "collection",
                "year",
                "referencedate",
                "sourcelevel",
                "lea",
                "softwarecode",
                "release",
                "serialno",
                "datetime",
                "dmo",
                "dco",
                "dsco",
            ),
            dates=frozenset({"referencedate"}),
            required=("lea", "referencedate"),
            aliases={"Reference Date": "referencedate", "LA": "lea", "Local Authority": "lea"},
            optional=True,
        ),
        Module(
            name="person",
            file_name="person.csv",
            columns=(
                "person_id",
                "surname",
                "forename",
                "personbirthdate",
                "sex",
                "ethnicity",
                "postcode",
                "upn",
                "uniquelearnernumber",
                "upnunknown",
            ),
            key="person_id",
            dates=frozenset({"personbirthdate"}),
            codes={"sex": SEX, "ethnicity": ETHNICITY, "upnunknown": FLAG},
            required=("person_id", "personbirthdate"),
            aliases={
                "Person ID": "person_id",
                "Person Birth Date": "personbirthdate",
                "Date of Birth": "personbirthdate",
                "Gender Current": "sex",
                "Unique Pupil Number": "upn",
                "ULN": "uniquelearnernumber",
                "Unique Learner Number": "uniquelearnernumber",
                "UPN Unknown": "upnunknown",
            },
        ),
        Module(
            name="requests",
            file_name="requests.csv",
            columns=(
                "requests_record_id",
                "person_id",
                "receiveddate",
                "requestsource",
                "rya",
                "requestoutcomedate",
                "requestoutcome",
                "requestmediation",
                "requesttribunal",
                "exported",
            ),
            parent="person",
            key="requests_record_id",
            link="person_id",
            dates=frozenset({"receiveddate", "requestoutcomedate"}),
            codes={
                "requestoutcome": OUTCOME,
                **_flags("rya", "requestmediation", "requesttribunal", "exported"),
            },
            required=("requests_record_id", "person_id", "receiveddate", "requestoutcome"),
            aliases={
                "Requests Record ID": "requests_record_id",
                "Person ID": "person_id",
                "Date Request Was Received": "receiveddate",
                "Request Received Date": "receiveddate",
                "Request Source": "requestsource",
                "Relevant Youth Accommodation": "rya",
                "Request Outcome Date": "requestoutcomedate",
                "Request Outcome": "requestoutcome",
                "Request Mediation": "requestmediation",
                "Request Tribunal": "requesttribunal",
            },
        ),
        Module(
            name="assessment",
            file_name="assessment.csv",
            columns=(
                "requests_record_id",
                "assessmentoutcome",
                "assessmentoutcomedate",
                "assessmentmediation",
                "assessmenttribunal",
                "othermediation",
                "othertribunal",
                "week20",
            ),
            parent="requests",
            link="requests_record_id",
            dates=frozenset({"assessmentoutcomedate"}),
            codes={
                "assessmentoutcome": OUTCOME,
                "week20": WEEK20,
                **_flags(
                    "assessmentmediation", "assessmenttribunal", "othermediation", "othertribunal"
                ),
            },
            required=("requests_record_id", "assessmentoutcome"),
            aliases={
                "Requests Record ID": "requests_record_id",
                "Assessment Outcome": "assessmentoutcome",
                "Assessment Outcome Date": "assessmentoutcomedate",
                "Assessment Mediation": "assessmentmediation",
                "Assessment Tribunal": "assessmenttribunal",
                "Other Mediation": "othermediation",
                "Other Tribunal": "othertribunal",
                "Twenty Weeks Time Limit Exceptions Apply": "week20",
                "20 Week Exceptions": "week20",
            },
        ),
        Module(
            name="named_plan",
            file_name="named_plan.csv",
            columns=(
                "requests_record_id",
                "startdate",
                "planres",
                "planwbp",
                "pb",
                "oa",
                "dp",
                "ceasedate",
                "ceasereason",
            ),
            parent="requests",
            link="requests_record_id",
            dates=frozenset({"startdate", "ceasedate"}),
            codes={"ceasereason": CEASE_REASON, **_flags("planres", "planwbp", "pb", "oa", "dp")},
            required=("requests_record_id", "startdate"),
            aliases={
                "Requests Record ID": "requests_record_id",
                "EHC Plan Start Date": "startdate",
                "Residential Settings": "planres",
                "Work Based Learning": "planwbp",
                "Personal Budget": "pb",
                "Organised Arrangements": "oa",
                "Direct Payments": "dp",
                "Date EHC Plan Ceased": "ceasedate",
                "Reason EHC Plan Ceased": "ceasereason",
            },
        ),
        Module(
            name="plan_detail",
            file_name="plan_detail.csv",
            columns=(
                "requests_record_id",
                "urn",
                "ukprn",
                "sensetting",
                "sensettingother",
                "placementrank",
                "senunitindicator",
                "resourcedprovisionindicator",
            ),
            parent="named_plan",
            link="requests_record_id",
            codes=PLACEMENT_CODES,
            required=("requests_record_id",),
            aliases={"Requests Record ID": "requests_record_id", **PLACEMENT_ALIASES},
        ),
        Module(
            name="active_plans",
            file_name="active_plans.csv",
            columns=(
                "requests_record_id",
                "transferla",
                "lastreview",
                "reviewmeeting",
                "reviewoutcome",
                "reviewdraft",
                "phasetransferduedate",
                "phasetransferfinaldate",
            ),
            parent="requests",
            link="requests_record_id",
            dates=frozenset(
                {
                    "lastreview",
                    "reviewmeeting",
                    "reviewdraft",
                    "phasetransferduedate",
                    "phasetransferfinaldate",
                }
            ),
            required=("requests_record_id",),
            aliases={
                "Requests Record ID": "requests_record_id",
                "Transfer LA": "transferla",
                "EHCP review decisions date": "lastreview",
                "Last Review": "lastreview",
                "EHCP review meeting date": "reviewmeeting",
                "Review Meeting Date": "reviewmeeting",
                "Review Outcome": "reviewoutcome",
                "Review Draft": "reviewdraft",
                "Phase Transfer Due Date": "phasetransferduedate",
                "Phase Transfer Final Date": "phasetransferfinaldate",
            },
        ),
        Module(
            name="placement_detail",
            file_name="placement_detail.csv",
            columns=(
                "requests_record_id",
                "urn",
                "ukprn",
                "sensetting",
                "sensettingother",
                "placementrank",
                "entrydate",
                "leavingdate",
                "senunitindicator",
                "resourcedprovisionindicator",
                "res",
                "wbp",
            ),
            parent="active_plans",
            link="requests_record_id",
            dates=frozenset({"entrydate", "leavingdate"}),
            codes={**PLACEMENT_CODES, **_flags("res", "wbp")},
            required=("requests_record_id",),
            aliases={
                "Requests Record ID": "requests_record_id",
                **PLACEMENT_ALIASES,
                "Entry Date": "entrydate",
                "Leaving Date": "leavingdate",
                "Residential": "res",
                "Work Based Learning": "wbp",
            },
        ),
        Module(
            name="sen_need",
            file_name="sen_need.csv",
            columns=("requests_record_id", "sentype", "sentyperank"),
            parent="active_plans",
            link="requests_record_id",
            codes={"sentype": SEN_TYPE, "sentyperank": SEN_TYPE_RANK},
            required=("requests_record_id", "sentype", "sentyperank"),
            aliases={
                "Requests Record ID": "requests_record_id",
                "SEN Type": "sentype",
                "Primary Need": "sentype",
                "SEN Type Rank": "sentyperank",
            },
        ),
        Module(
            name="advice",
            file_name="advice.csv",
            columns=("requests_record_id", "service", "requesteddate", "returneddate"),
            parent="requests",
            link="requests_record_id",
            dates=frozenset({"requesteddate", "returneddate"}),
            codes={"service": SERVICE},
            required=("requests_record_id", "service", "requesteddate"),
            aliases={
                "Requests Record ID": "requests_record_id",
                "Advice Service": "service",
                "Date Advice Requested": "requesteddate",
                "Advice Requested Date": "requesteddate",
                "Date Advice Returned": "returneddate",
                "Date Advice Received": "returneddate",
                "Advice Returned Date": "returneddate",
            },
            local=True,
            optional=True,
        ),
    )
}
BY_FILE_NAME = {m.file_name: m for m in MODULES.values()}


def _squash(name: str) -> str:
    """A header reduced to letters and digits, lower case: ``Person ID`` -> ``personid``."""
    return re.sub(r"[^0-9a-z]", "", name.lstrip("\ufeff").lower())


@dataclass(frozen=True)
class Header:
    """A file's header read against a module: what each column is, and what is not there."""

    columns: tuple[str | None, ...]  # the export name of each column in order; None: unknown
    unknown: tuple[str, ...]  # headers that name no column of the module, as written
    missing: tuple[str, ...]  # the module's required columns that no header names
    duplicated: tuple[str, ...]  # export names that two headers both name


def normalise_header(module: Module | str, header: list[str] | tuple[str, ...]) -> Header:
    """Map a file's header to the module's export names.

    Case, spaces, underscores and punctuation are ignored, and the readable
    headers of the DfE guide are accepted: ``Date Request Was Received``,
    ``RECEIVED_DATE`` and ``receiveddate`` all name ``receiveddate``.
    """
    if isinstance(module, str):
        module = MODULES[module]
    lookup = {_squash(c): c for c in module.columns}
    for alias, column in module.aliases.items():
        lookup.setdefault(_squash(alias), column)
    if "sex" in module.columns:
        lookup.setdefault("gendercurrent", "sex")  # its name before v1.2
    columns = tuple(lookup.get(_squash(h)) for h in header)
    unknown = tuple(h for h, c in zip(header, columns, strict=True) if c is None)
    seen: set[str] = set()
    duplicated = []
    for c in columns:
        if c is not None and c in seen and c not in duplicated:
            duplicated.append(c)
        if c is not None:
            seen.add(c)
    missing = tuple(c for c in module.required if c not in seen)
    return Header(columns, unknown, missing, tuple(duplicated))


def module_for_file(file_name: str) -> Module | None:
    """The module a file in an extract holds, by its name (``Requests.CSV`` -> requests)."""
    stem = _squash(file_name.rsplit("/", 1)[-1].removesuffix(".csv").removesuffix(".CSV"))
    for m in MODULES.values():
        if stem in (_squash(m.name), _squash(m.file_name.removesuffix(".csv"))):
            return m
    return None


_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (blank: None); anything else raises ValueError.

    A time part, as spreadsheets add (``2021-03-04 00:00:00``), is ignored.
    """
    text = text.strip()
    if not text:
        return None
    day_part = text.split(" ", 1)[0].split("T", 1)[0]
    match = _UK_DATE.fullmatch(day_part)
    if match:
        d, m, y = (int(g) for g in match.groups())
        return date(y, m, d)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_part):
        return datetime.strptime(day_part, "%Y-%m-%d").date()
    raise ValueError(f"{text!r} is not a date")


def format_date(value: date | None) -> str:
    """How dates are written in an export: ISO ``YYYY-MM-DD``, blank for none."""
    return value.isoformat() if value else ""
