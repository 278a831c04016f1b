"""README.md's Read API section documents every measure key of needs/catalog.py."""

from __future__ import annotations

import re
from pathlib import Path

from needs import catalog

README = Path(__file__).resolve().parents[2] / "README.md"


def read_api_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Read API\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_measure_key_is_documented_in_the_read_api_section():
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", read_api_section(), re.M))
    assert set(catalog.MEASURES) - documented == set(), "missing from README's Read API"
    assert documented - set(catalog.MEASURES) == set(), "in README but not in the catalogue"


def test_the_readme_table_is_the_one_the_catalogue_makes():
    # regenerate with: .venv/bin/python -m needs.catalog (and paste between the markers)
    section = read_api_section()
    start = section.index(catalog.MEASURE_TABLE_START) + len(catalog.MEASURE_TABLE_START)
    end = section.index(catalog.MEASURE_TABLE_END)
    assert section[start:end].strip("\n") == catalog.measure_table().strip("\n")


def test_the_table_names_each_rate_by_its_counts():
    table = catalog.measure_table()
    assert (
        "| `pc_issued_within_20_weeks_ex` | New EHC plans issued within 20 weeks, excluding "
        "exceptions (%): `plans_issued_20_weeks_ex` / `plans_issued_den_ex` | per cent | "
        "calendar year |"
    ) in table
    assert "| `ehc_plans` | EHC plans at January | number | January snapshot |" in table
