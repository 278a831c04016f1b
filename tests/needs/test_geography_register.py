"""The register of English geographies: made from the real DfE files, and pinned."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from needs.importer import register


def test_the_committed_register_is_what_the_real_files_give(capsys):
    call_command("build_geography_register", "--check")
    assert "173 geographies, as the files give" in capsys.readouterr().out


def test_check_fails_when_the_register_differs_from_the_files(tmp_path):
    edited = tmp_path / "geographies.csv"
    edited.write_text(
        register.REGISTER.read_text(encoding="utf-8").replace("Norfolk", "Norfolc"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="differs"):
        call_command("build_geography_register", "--check", "--output", str(edited))


def test_the_register_holds_every_level_and_old_and_new_authorities():
    places = register.register()
    assert places["E92000001"].level == "National"
    assert len(register.codes("Regional")) == 11  # 9 regions, Inner and Outer London
    assert {c for c in register.codes("Regional") if c.startswith("E13")} == {
        "E13000001",
        "E13000002",
    }
    las = register.codes("Local authority")
    assert len(las) == 161
    assert all(len(places[c].old_la_code) == 3 for c in las)
    assert all(places[c].region_code.startswith("E12") for c in las)
    norfolk = places["E10000020"]
    assert (norfolk.name, norfolk.old_la_code, norfolk.region_code) == (
        "Norfolk",
        "926",
        "E12000006",
    )
    # reorganised away (Cumbria, 2023) and new (Cumberland) both kept, with their years
    assert (places["E10000006"].name, places["E10000006"].last_year) == ("Cumbria", 2023)
    assert (places["E06000063"].name, places["E06000063"].first_year) == ("Cumberland", 2023)
    assert "E06000999" not in places


def test_the_register_does_not_depend_on_the_order_files_are_read_in():
    header = "time_period,time_identifier,geographic_level,country_code,country_name,"
    header += "region_code,region_name,new_la_code,old_la_code,la_name\n"
    old = "2019,Calendar year,Local authority,E92000001,England,E12000006,East,E10000020,926,"
    first = (header + old + "Norfolk County\n").encode()
    second = (header + old.replace("2019", "2024") + "Norfolk\n").encode()
    forwards = register.build([("a.csv", first), ("b.csv", second)])
    assert forwards == register.build([("b.csv", second), ("a.csv", first)])
    assert "E10000020,Local authority,Norfolk,926,E12000006,2019,2024" in forwards
