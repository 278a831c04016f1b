"""The synthetic SEN2 generator: reproducible, valid against the format, calibrated to Norfolk."""

import csv
import dataclasses
import io
import statistics
import zipfile
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from ehcp.cases import Outcome, Service
from ehcp.sen2_format import MODULES, normalise_header, parse_date
from ehcp.synthetic import NORFOLK_2020_21, SURNAMES, Params, generate, write_csv, write_zip

SMALL = Params(
    la_code="E10000999",
    start=date(2021, 1, 1),
    end=date(2022, 6, 30),
    monthly_requests=40,
    active_plans=400,
    target=((date(2021, 1, 1), 0.3), (date(2022, 6, 30), 0.7)),
    seed=7,
)


@pytest.fixture(scope="module")
def norfolk():
    return generate(NORFOLK_2020_21)


@pytest.fixture(scope="module")
def small():
    return generate(SMALL)


def records(extract, module):
    """A module's rows as dicts by export column name."""
    columns = MODULES[module].columns
    return [dict(zip(columns, row, strict=True)) for row in extract.rows[module]]


def in_time_rate(cases, first, last):
    """Share of plans issued from ``first`` to ``last`` within 20 weeks of the request."""
    issued = [c for c in cases if c.issued and first <= c.issued <= last]
    return sum((c.issued - c.received).days <= 140 for c in issued) / len(issued)


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    one = write_zip(generate(SMALL), tmp_path / "one.zip").read_bytes()
    two = write_zip(generate(SMALL), tmp_path / "two.zip").read_bytes()
    assert one == two


def test_another_seed_gives_other_data(tmp_path, small):
    other = generate(dataclasses.replace(SMALL, seed=8))
    assert other.csv_bytes("requests") != small.csv_bytes("requests")
    assert other.csv_bytes("person") != small.csv_bytes("person")


def test_norfolk_requests_and_plans_issued_a_month_in_2020_and_2021(norfolk):
    requests, issued = Counter(), Counter()
    for case in norfolk.cases:
        if case.received.year in (2020, 2021):
            requests[case.received.year, case.received.month] += 1
        if case.issued and case.issued.year in (2020, 2021):
            issued[case.issued.year, case.issued.month] += 1
    assert len(requests) == len(issued) == 24
    assert 100 <= statistics.mean(requests.values()) <= 120  # "roughly 110"
    assert 115 <= statistics.mean(issued.values()) <= 135  # "120-130"
    # The first lockdown: fewer requests in April-September 2020 than a year later.
    lockdown = sum(requests[2020, m] for m in range(4, 10))
    assert lockdown < 0.85 * sum(requests[2021, m] for m in range(4, 10))


def test_norfolk_20_week_rate_rises_from_8_percent_towards_60(norfolk):
    first = in_time_rate(norfolk.cases, date(2019, 4, 1), date(2019, 6, 30))
    last = in_time_rate(norfolk.cases, date(2021, 10, 1), date(2021, 12, 31))
    assert first < 0.15
    assert last > 0.45


def test_the_20_week_rate_follows_the_target_without_a_capacity_path(small):
    assert 0.2 <= in_time_rate(small.cases, date(2021, 1, 1), date(2021, 3, 31)) <= 0.42
    assert 0.58 <= in_time_rate(small.cases, date(2022, 4, 1), date(2022, 6, 30)) <= 0.8


def test_every_file_has_the_export_header_and_one_file_per_module(tmp_path, small):
    paths = write_csv(small, tmp_path / "extract")
    assert sorted(p.name for p in paths) == sorted(m.file_name for m in MODULES.values())
    for path in paths:
        module = MODULES[path.stem]
        with path.open(newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        normalised = normalise_header(module, header)
        assert normalised.unknown == ()
        assert normalised.missing == ()
        assert normalised.columns == module.columns
    with zipfile.ZipFile(write_zip(small, tmp_path / "extract.zip")) as archive:
        assert sorted(archive.namelist()) == sorted(p.name for p in paths)
        assert archive.read("requests.csv") == (tmp_path / "extract" / "requests.csv").read_bytes()


@pytest.mark.parametrize("extract", ["small", "norfolk"])
def test_every_value_is_valid_for_its_column(extract, request):
    extract = request.getfixturevalue(extract)
    for name, module in MODULES.items():
        for row in extract.rows[name]:
            assert len(row) == len(module.columns)
            for column, value in zip(module.columns, row, strict=True):
                assert module.check(column, value) is None, (name, column, value)


@pytest.mark.parametrize("extract", ["small", "norfolk"])
def test_every_child_row_has_its_parent(extract, request):
    extract = request.getfixturevalue(extract)
    for name, module in MODULES.items():
        if not module.parent:
            continue
        parent = MODULES[module.parent]
        ids = {row[parent.columns.index(module.link)] for row in extract.rows[parent.name]}
        link = module.columns.index(module.link)
        assert all(row[link] in ids for row in extract.rows[name]), name
    for name in ("person", "requests"):
        key = MODULES[name].columns.index(MODULES[name].key)
        keys = [row[key] for row in extract.rows[name]]
        assert len(keys) == len(set(keys))
    plans = [row[0] for row in extract.rows["named_plan"]]
    assert len(plans) == len(set(plans))


def test_dates_follow_each_other(norfolk):
    reference = NORFOLK_2020_21.end
    people = {r["person_id"]: r for r in records(norfolk, "person")}
    requests = {r["requests_record_id"]: r for r in records(norfolk, "requests")}
    assessments = {r["requests_record_id"]: r for r in records(norfolk, "assessment")}
    plans = {r["requests_record_id"]: r for r in records(norfolk, "named_plan")}

    def day(value):
        return parse_date(value)

    for rid, r in requests.items():
        received = day(r["receiveddate"])
        assert day(people[r["person_id"]]["personbirthdate"]) < received <= reference
        decided = day(r["requestoutcomedate"])
        assert (decided is None) == (r["requestoutcome"] == "A")
        assert decided is None or received < decided <= reference
        assert (rid in assessments) == (r["requestoutcome"] in ("Y", "H"))
    for rid, a in assessments.items():
        outcome = day(a["assessmentoutcomedate"])
        assert (outcome is None) == (a["assessmentoutcome"] == "A")
        assert outcome is None or day(requests[rid]["requestoutcomedate"]) < outcome <= reference
        assert (rid in plans) == (a["assessmentoutcome"] in ("Y", "H") and outcome is not None)
    for rid, p in plans.items():
        start = day(p["startdate"])
        assert start == day(assessments[rid]["assessmentoutcomedate"])  # plans start on issue
        assert bool(p["ceasedate"]) == bool(p["ceasereason"])
        assert not p["ceasedate"] or start <= day(p["ceasedate"]) <= reference
    for a in records(norfolk, "active_plans"):
        plan = plans[a["requests_record_id"]]
        assert not plan["ceasedate"]
        for column in ("lastreview", "reviewmeeting"):
            assert not a[column] or day(plan["startdate"]) < day(a[column]) <= reference
    for a in records(norfolk, "advice"):
        asked, back = day(a["requesteddate"]), day(a["returneddate"])
        assert day(requests[a["requests_record_id"]]["requestoutcomedate"]) <= asked <= reference
        assert back is None or asked < back <= reference
        issued = plans.get(a["requests_record_id"])
        assert not issued or back is None or back < day(issued["startdate"])


def test_outcomes_before_the_period_are_historical(norfolk):
    start = NORFOLK_2020_21.start
    for case in norfolk.cases:
        if case.request_outcome_date:
            historical = case.request_outcome_date < start
            assert historical == (case.request_outcome == Outcome.HISTORICAL)
        if case.assessment_outcome_date:
            historical = case.assessment_outcome_date < start
            assert historical == (case.assessment_outcome == Outcome.HISTORICAL)


def test_case_records_match_the_rows(small):
    cases = small.cases
    assert [c.request_id for c in cases] == [r[0] for r in small.rows["requests"]]
    plans = {r[0] for r in small.rows["named_plan"]}
    active = {r[0] for r in small.rows["active_plans"]}
    assert {c.request_id for c in cases if c.plan_start} == plans
    assert {c.request_id for c in cases if c.primary_need} == active
    advice = Counter(r[0] for r in small.rows["advice"])
    assert Counter({c.request_id: len(c.advice) for c in cases if c.advice}) == advice
    assert all(c.birth_month.day == 1 and c.sex in ("M", "F", "U") for c in cases)


def test_the_process_is_realistic(norfolk):
    window = [c for c in norfolk.cases if c.received >= NORFOLK_2020_21.start]
    decided = [c for c in window if c.request_outcome in (Outcome.YES, Outcome.NO)]
    withdrawn = [c for c in window if c.request_outcome == Outcome.WITHDRAWN]
    assessed = sum(c.request_outcome == Outcome.YES for c in decided) / len(decided)
    assert 0.7 <= assessed <= 0.9
    assert 0.015 <= len(withdrawn) / len(window) <= 0.05
    in_6_weeks = [(c.request_outcome_date - c.received).days <= 42 for c in decided]
    assert sum(in_6_weeks) / len(in_6_weeks) > 0.75
    issued = [c for c in norfolk.cases if c.issued and c.issued >= NORFOLK_2020_21.start]
    assert 0.02 <= sum(c.exception for c in issued) / len(issued) <= 0.09
    on_time = defaultdict(list)
    for case in window:
        for advice in case.advice:
            if advice.returned:
                on_time[advice.service].append((advice.returned - advice.requested).days <= 42)
    share = {s: sum(v) / len(v) for s, v in on_time.items()}
    assert share[Service.EDUCATIONAL_PSYCHOLOGY] < share[Service.HEALTH]
    assert share[Service.EDUCATIONAL_PSYCHOLOGY] < share[Service.SOCIAL_CARE]


def test_plans_are_reviewed_some_late_and_some_cease(norfolk):
    active = [c for c in norfolk.cases if c.primary_need]
    reviewed = [c for c in active if c.last_review]
    assert len(reviewed) > 0.6 * len(active)
    late = [
        c for c in reviewed if c.review_meeting and (c.last_review - c.review_meeting).days > 28
    ]
    assert 0.05 * len(reviewed) < len(late) < 0.5 * len(reviewed)
    ceased = [c for c in norfolk.cases if c.plan_ceased]
    assert 0.05 * len(active) < len(ceased) < 0.5 * len(active)
    reasons = Counter(r["ceasereason"] for r in records(norfolk, "named_plan") if r["ceasedate"])
    assert {"1", "5"} <= set(reasons)


def test_people_are_obviously_fake_and_aged_0_to_25(norfolk):
    people = records(norfolk, "person")
    assert all(p["upn"].startswith("Z999") and len(p["upn"]) == 13 for p in people)
    assert all(p["postcode"].startswith("ZZ99 ") for p in people)
    assert all(p["surname"] in SURNAMES for p in people)
    assert all(not p["uniquelearnernumber"] or p["uniquelearnernumber"][:2] == "99" for p in people)
    upns = [p["upn"] for p in people]
    assert len(upns) == len(set(upns))
    born = {p["person_id"]: parse_date(p["personbirthdate"]) for p in people}
    ages = [
        (parse_date(r["receiveddate"]) - born[r["person_id"]]).days / 365.25
        for r in records(norfolk, "requests")
    ]
    assert 0 < min(ages) < 1
    assert 24 < max(ages) <= 25
    sexes = Counter(p["sex"] for p in people)
    assert sexes["M"] > 2 * sexes["F"] > 0


def test_primary_needs_have_realistic_shares_and_down_syndrome_only_from_2025(norfolk):
    needs = Counter(r[1] for r in norfolk.rows["sen_need"] if r[2] == "1")
    assert needs.most_common(1)[0][0] == "ASD"
    assert "DS" not in needs
    later = generate(dataclasses.replace(SMALL, start=date(2024, 1, 1), end=date(2025, 3, 31)))
    assert "DS" in {r[1] for r in later.rows["sen_need"]}


def test_successive_month_ends_are_one_case_systems_monthly_extracts():
    """``as_at`` takes the extract on an earlier day of the same simulated world: a month
    later, every request is still there under its id, nothing decided is undone, and the
    month's new requests and decisions appear."""
    november = generate(dataclasses.replace(SMALL, as_at=date(2022, 5, 31)))
    december = generate(dataclasses.replace(SMALL, as_at=date(2022, 6, 30)))
    whole = generate(SMALL)
    assert december.rows == whole.rows  # as_at at the end is the extract as it was
    assert november.rows["header"][0][2] == "2022-05-31"
    before = {c.request_id: c for c in november.cases}
    after = {c.request_id: c for c in december.cases}
    assert before.keys() <= after.keys()
    new = after.keys() - before.keys()
    assert new
    assert all(date(2022, 6, 1) <= after[k].received <= date(2022, 6, 30) for k in new)
    moved = 0
    for key, was in before.items():
        now = after[key]
        assert (now.person, now.received, now.birth_month) == (
            was.person,
            was.received,
            was.birth_month,
        )
        if was.request_outcome != Outcome.AWAITING:
            assert (now.request_outcome, now.request_outcome_date) == (
                was.request_outcome,
                was.request_outcome_date,
            )
        if was.issued:
            assert now.issued == was.issued
        if was.plan_ceased:
            assert now.plan_ceased == was.plan_ceased
        if now != was:
            moved += 1
            for day in (now.request_outcome_date, now.issued, now.plan_ceased, now.last_review):
                assert day is None or day <= date(2022, 6, 30)
    assert moved > 0  # June's decisions, plans, reviews and advice came in
    assert any(
        was.request_outcome == Outcome.AWAITING and after[k].request_outcome != Outcome.AWAITING
        for k, was in before.items()
    )


def test_an_extract_cannot_be_taken_outside_its_period():
    with pytest.raises(ValueError, match="as_at"):
        generate(dataclasses.replace(SMALL, as_at=date(2022, 7, 1)))


def test_scale_multiplies_the_volumes():
    small = generate(dataclasses.replace(SMALL, end=date(2021, 6, 30)))
    double = generate(dataclasses.replace(SMALL, end=date(2021, 6, 30), scale=2))
    for module in ("requests", "active_plans"):
        ratio = len(double.rows[module]) / len(small.rows[module])
        assert 1.8 < ratio < 2.2, module


def test_cases_can_carry_the_importers_person_key():
    extract = generate(dataclasses.replace(SMALL, end=date(2021, 3, 31)), person_key=str.lower)
    upns = {r[7].lower() for r in extract.rows["person"]}
    assert {c.person for c in extract.cases} == upns


def test_command_writes_a_zip_and_a_folder(tmp_path):
    out = io.StringIO()
    args = ["--la", "E10000020", "--from", "2021-01-01", "--to", "2021-06-30", "--seed", "3"]
    call_command("generate_sen2", *args, "--out", str(tmp_path / "n.zip"), stdout=out)
    call_command("generate_sen2", *args, "--out", str(tmp_path / "n"), "--preset", "norfolk")
    assert "requests.csv:" in out.getvalue()
    with zipfile.ZipFile(tmp_path / "n.zip") as archive:
        header = archive.read("header.csv").decode().splitlines()[1].split(",")
    assert header[2:5] == ["2021-06-30", "L", "E10000020"]
    assert (tmp_path / "n" / "person.csv").exists()
    expected = generate(
        dataclasses.replace(NORFOLK_2020_21, start=date(2021, 1, 1), end=date(2021, 6, 30), seed=3)
    )
    assert (tmp_path / "n" / "requests.csv").read_bytes() == expected.csv_bytes("requests")


def test_command_takes_the_extract_as_at_an_earlier_day(tmp_path):
    args = ["--la", "E10000020", "--from", "2021-01-01", "--to", "2021-06-30", "--seed", "3"]
    call_command("generate_sen2", *args, "--as-at", "2021-05-31", "--out", str(tmp_path / "m.zip"))
    with zipfile.ZipFile(tmp_path / "m.zip") as archive:
        header = archive.read("header.csv").decode().splitlines()[1].split(",")
    assert header[2] == "2021-05-31"
    with pytest.raises(CommandError, match="--as-at"):
        call_command("generate_sen2", *args, "--as-at", "2021-07-31", "--out", str(tmp_path / "x"))
