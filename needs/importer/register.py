"""The register of English geographies an import may name (``needs/data/geographies.csv``).

A well-formed code is not enough: ``E06000999`` has the shape of a unitary authority
but is no place, and would become one. The register pins every geography DfE's
"Education, health and care plans" files have used since 2010: England, the 9
regions, Inner and Outer London (``E13``, which some files use as regions) and each
local authority with its old (3-digit) code, name and region, from its latest period.

It is made once from the real files (``manage.py build_geography_register``, which
reads ``fixtures/dfe/`` unless given other files) and committed; the same files always
give the same register, byte for byte. A reorganisation that DfE publishes later adds
its new authorities: put the new release in ``fixtures/dfe/`` (pinned by SHA256SUMS),
run the command again and commit the result (docs/adr/0009).
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

REGISTER = Path(__file__).resolve().parents[1] / "data" / "geographies.csv"
#: the column that holds the code at each of DfE's geographic levels, in register order
CODE_COLUMNS = {
    "National": "country_code",
    "Regional": "region_code",
    "Local authority": "new_la_code",
}
NAME_COLUMNS = {"National": "country_name", "Regional": "region_name", "Local authority": "la_name"}


@dataclass(frozen=True)
class Place:
    code: str
    level: str  # as DfE writes geographic_level: National, Regional, Local authority
    name: str
    old_la_code: str
    #: the region of a local authority (E12), England for a region, blank for England
    region_code: str
    first_year: int
    last_year: int


@functools.cache
def register() -> dict[str, Place]:
    with REGISTER.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["code"]: Place(
            **{**r, "first_year": int(r["first_year"]), "last_year": int(r["last_year"])}
        )
        for r in rows
    }


def codes(level: str) -> list[str]:
    """Every registered code at one of DfE's geographic levels."""
    return sorted(p.code for p in register().values() if p.level == level)


# -- making the register from the real files ---------------------------------------------


def _year(period: str) -> int:
    """January of the snapshot year for ``202425`` (2025); the calendar year otherwise."""
    return int(period[:4]) + 1 if len(period) == 6 else int(period)


def csv_sources(paths: Iterable[Path]) -> Iterable[tuple[str, bytes]]:
    """(name, bytes) of each CSV given, and of each CSV inside each zip given."""
    for path in sorted(paths):
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.lower().endswith(".csv"):
                        yield f"{path.name}:{name}", archive.read(name)
        else:
            yield path.name, path.read_bytes()


def build(sources: Iterable[tuple[str, bytes]]) -> str:
    """The register's CSV text from DfE open-data files; files without geography are skipped."""
    latest: dict[str, tuple] = {}
    years: dict[str, list[int]] = {}
    for _name, data in sources:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        header = [h.strip().lower() for h in next(reader, [])]
        needed = {"geographic_level", "time_period", *CODE_COLUMNS.values(), "old_la_code"}
        if not needed <= set(header):
            continue
        at = {h: header.index(h) for h in needed | set(NAME_COLUMNS.values())}
        for row in reader:
            level = row[at["geographic_level"]].strip()
            if level not in CODE_COLUMNS:
                continue
            code = row[at[CODE_COLUMNS[level]]].strip()
            year = _year(row[at["time_period"]].strip())
            name = row[at[NAME_COLUMNS[level]]].strip()
            if level == "Local authority":
                old = row[at["old_la_code"]].strip()
                region = row[at["region_code"]].strip()
                # London's boroughs are in Inner or Outer London (E13) in some files
                region = region if region.startswith("E12") else ""
            else:
                old = ""
                region = {"National": "", "Regional": "E92000001"}[level]
                if code.startswith("E13"):
                    region = "E12000007"
            span = years.setdefault(code, [year, year])
            span[0], span[1] = min(span[0], year), max(span[1], year)
            # the latest period's name, old code and region; ties broken by the values
            # themselves, so the order the files are read in does not matter
            candidate = (year, bool(region), level, name, old, region)
            if code not in latest or candidate > latest[code]:
                latest[code] = candidate
    order = list(CODE_COLUMNS)
    places = sorted(
        (
            Place(code, level, name, old, region, *years[code])
            for code, (_, _, level, name, old, region) in latest.items()
        ),
        key=lambda p: (order.index(p.level), p.code),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields(Place)])
    writer.writerows(astuple(p) for p in places)
    return out.getvalue()
