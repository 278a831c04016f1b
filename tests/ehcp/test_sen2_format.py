"""The SEN2 person-level format as data: modules, record ids, codes, dates, header aliases."""

from datetime import date

import pytest

from ehcp.sen2_format import (
    BY_FILE_NAME,
    MODULES,
    PERSONAL,
    format_date,
    module_for_file,
    normalise_header,
    parse_date,
)


@pytest.mark.parametrize("module", MODULES.values(), ids=list(MODULES))
def test_each_module_describes_only_its_own_columns(module):
    columns = set(module.columns)
    assert len(columns) == len(module.columns)
    assert module.file_name == f"{module.name}.csv"
    assert module.dates <= columns
    assert set(module.codes) <= columns
    assert set(module.required) <= columns
    assert set(module.aliases.values()) <= columns
    if module.parent:
        parent = MODULES[module.parent]
        assert module.link in columns
        assert module.link in parent.columns


def test_record_ids_tie_children_to_parents():
    assert MODULES["person"].key == "person_id"
    assert MODULES["requests"].columns[:2] == ("requests_record_id", "person_id")
    assert MODULES["requests"].parent == "person"
    under_a_request = [
        "assessment",
        "named_plan",
        "plan_detail",
        "active_plans",
        "placement_detail",
        "sen_need",
        "advice",
    ]
    for name in under_a_request:
        assert MODULES[name].columns[0] == "requests_record_id"
        assert MODULES[name].link == "requests_record_id"
    assert MODULES["plan_detail"].parent == "named_plan"
    assert MODULES["placement_detail"].parent == "active_plans"
    assert MODULES["sen_need"].parent == "active_plans"
    assert MODULES["advice"].local
    assert not MODULES["requests"].local


def test_personal_columns_are_listed_for_the_importer_to_drop():
    assert {"surname", "forename", "postcode", "upn", "uniquelearnernumber"} == PERSONAL
    assert set(MODULES["person"].personal) == PERSONAL
    assert MODULES["requests"].personal == ()


@pytest.mark.parametrize(
    ("module", "column", "good", "bad"),
    [
        ("requests", "requestoutcome", ["Y", "N", "A", "W", "H"], ["X", "y", "1"]),
        ("assessment", "assessmentoutcome", ["Y", "N", "A", "W", "H"], ["Z"]),
        ("assessment", "week20", ["1", "0"], ["2", "Y", "true"]),
        ("named_plan", "ceasereason", [str(n) for n in range(1, 10)], ["0", "10"]),
        ("sen_need", "sentype", ["ASD", "SLCN", "SEMH", "DS", "PMLD"], ["ADHD", "asd"]),
        ("sen_need", "sentyperank", ["1", "2"], ["3"]),
        ("placement_detail", "sensetting", ["OLA", "EHE", "NEET", "NIEC"], ["HOME"]),
        ("person", "sex", ["M", "F", "U"], ["X"]),
        ("person", "ethnicity", ["WBRI", "NOBT"], ["WHITE"]),
        ("advice", "service", ["EP", "HEALTH", "SOCIAL_CARE"], ["SALT"]),
        ("requests", "requestmediation", ["1", "0"], ["yes"]),
    ],
)
def test_codes_are_checked_against_their_allowed_values(module, column, good, bad):
    m = MODULES[module]
    for value in good:
        assert m.check(column, value) is None, value
    for value in bad:
        assert "is not one of" in m.check(column, value), value


def test_blank_is_an_error_only_where_a_value_is_required():
    requests = MODULES["requests"]
    assert requests.check("receiveddate", "") == "is required"
    assert requests.check("requestoutcomedate", "") is None
    assert requests.check("requestsource", "anything") is None  # not coded in the note
    assert "not a date" in requests.check("receiveddate", "31/02/2021")


def test_readable_headers_of_the_dfe_guide_name_export_columns():
    header = normalise_header(
        "requests",
        [
            "Requests Record ID",
            "Person ID",
            "Date Request Was Received",
            "Request Outcome Date",
            "Request Outcome",
            "Favourite colour",
        ],
    )
    assert header.columns == (
        "requests_record_id",
        "person_id",
        "receiveddate",
        "requestoutcomedate",
        "requestoutcome",
        None,
    )
    assert header.unknown == ("Favourite colour",)
    assert header.missing == ()

    aliases = {
        "assessment": {
            "Assessment Outcome Date": "assessmentoutcomedate",
            "Twenty Weeks Time Limit Exceptions Apply": "week20",
        },
        "named_plan": {"EHC Plan Start Date": "startdate", "Date EHC Plan Ceased": "ceasedate"},
        "active_plans": {"EHCP review decisions date": "lastreview"},
        "person": {"Person ID": "person_id", "Gender Current": "sex", "gendercurrent": "sex"},
    }
    for module, names in aliases.items():
        header = normalise_header(module, list(names))
        assert header.columns == tuple(names.values())
        assert header.unknown == ()


def test_case_spaces_underscores_and_a_byte_order_mark_are_ignored():
    header = normalise_header(
        MODULES["requests"],
        [
            "\ufeffREQUESTS_RECORD_ID",
            "person id",
            "Received_Date",
            " ReceivedDate ",
            "Request-Outcome",
        ],
    )
    assert header.columns == (
        "requests_record_id",
        "person_id",
        "receiveddate",
        "receiveddate",
        "requestoutcome",
    )
    assert header.unknown == ()
    assert header.duplicated == ("receiveddate",)


def test_missing_required_columns_are_reported():
    header = normalise_header("assessment", ["week20"])
    assert header.missing == ("requests_record_id", "assessmentoutcome")


def test_the_same_readable_header_names_different_columns_in_different_modules():
    assert normalise_header("named_plan", ["Work Based Learning"]).columns == ("planwbp",)
    assert normalise_header("placement_detail", ["Work Based Learning"]).columns == ("wbp",)


def test_modules_are_found_by_file_name():
    assert module_for_file("Requests.CSV") is MODULES["requests"]
    assert module_for_file("extract/named_plan.csv") is MODULES["named_plan"]
    assert module_for_file("Named Plan.csv") is MODULES["named_plan"]
    assert module_for_file("notes.txt") is None
    assert BY_FILE_NAME["sen_need.csv"] is MODULES["sen_need"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-04", date(2021, 3, 4)),
        ("04/03/2021", date(2021, 3, 4)),
        ("4/3/2021", date(2021, 3, 4)),
        ("2024-02-29", date(2024, 2, 29)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2021-03-04 00:00:00", date(2021, 3, 4)),
        ("2021-03-04T00:00:00", date(2021, 3, 4)),
        ("  ", None),
    ],
)
def test_dates_are_iso_or_uk(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2021-02-29", "31/04/2021", "2021/03/04", "03-04-2021", "04/03/21", "yesterday"]
)
def test_other_dates_are_refused(text):
    with pytest.raises(ValueError, match=r"not a date|out of range|does not match|must be"):
        parse_date(text)


def test_dates_are_written_iso():
    assert format_date(date(2021, 3, 4)) == "2021-03-04"
    assert format_date(None) == ""
