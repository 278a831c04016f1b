"""Run the benchmarks: load areas, time every page twice, write the report.

``python -m bench`` calls ``main``, which works in a scratch database of its own
(``test_portal_bench``, or ``test_<name>_bench`` when DATABASE_URL names a database
other than ``postgres``; created and dropped with Django's test-database machinery),
so the developer's database is never touched. Tests call ``run``
with ``create_database=False`` inside the database pytest already made.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from bench import ehcp
from bench.imports import FULL_UPLOADS, QUICK_UPLOADS, measure_imports
from bench.measure import client_floor_ms, measure_pages
from bench.pages import PAGES
from bench.report import Report, machine_facts, render, row_counts
from bench.synthetic import area_slug, load_areas
from core.models import Area

ENGLISH_AREAS = 153
REPEAT = 30
QUICK_AREAS = 3
QUICK_REPEAT = 2
SCRATCH_DATABASE = "test_portal_bench"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    areas = args.areas or (QUICK_AREAS if args.quick else ENGLISH_AREAS)
    repeat = args.repeat or (QUICK_REPEAT if args.quick else REPEAT)
    output = args.output or Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
    run(
        areas=areas,
        repeat=repeat,
        output=output,
        full_import=not args.quick,
        case_areas=args.case_areas,
    )
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Time the portal's pages against their SQL."
    )
    parser.add_argument("--areas", type=positive, help=f"areas to load (default {ENGLISH_AREAS})")
    parser.add_argument(
        "--repeat", type=positive, help=f"timed rounds of every page (default {REPEAT})"
    )
    parser.add_argument(
        "--case-areas",
        type=positive,
        help="areas given EHC case data, Area 001 first (default all): each is a large "
        "authority's five years, about 6 s to import",
    )
    parser.add_argument("--output", type=Path, help="report file (default docs/benchmarks.md)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: {QUICK_AREAS} areas, {QUICK_REPEAT} repeats unless given, "
        "one CSV of DfE's 2025 release imported instead of the 2022 and 2025 zips, "
        f"and EHC case extracts at {ehcp.QUICK_SCALE} of a large authority's",
    )
    return parser.parse_args(argv)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run(
    *,
    areas: int,
    repeat: int,
    output: Path,
    create_database: bool = True,
    full_import: bool = True,
    case_scale: float | None = None,
    case_areas: int | None = None,
) -> Report:
    """Import DfE's statistics, load ``areas`` areas, time every page in ``PAGES``, write and
    print the report.

    The imports come first and are timed (``bench.imports``): the real 2022 and 2025
    release zips, or with ``full_import=False`` one CSV of the 2025 release (a smoke
    run). The national figures they hold, every English local authority's, are then
    in place for both sides of the scale check: Area 001 alone is loaded, its EHC case
    extract imported and timed (``bench.ehcp``: a large authority's, or at
    ``ehcp.QUICK_SCALE`` of it without ``full_import``; ``case_scale`` overrides), and its
    pages timed; then the other areas are loaded, the first ``case_areas`` areas (default
    all) given case data of the same size through the same importer, and the same pages
    timed again.
    """
    warmup = max(5, repeat // 3)
    scale = case_scale if case_scale is not None else 1.0 if full_import else ehcp.QUICK_SCALE
    with_cases = areas if case_areas is None else min(case_areas, areas)
    with scratch_database() if create_database else nullcontext():
        imports = measure_imports(FULL_UPLOADS if full_import else QUICK_UPLOADS)
        load_areas(first=1, count=1)
        area = Area.objects.get(slug=area_slug(1))
        extract = ehcp.make_extract(ehcp.params_for(1, area.la_code, scale=scale), zipped=True)
        case_import = ehcp.measure_import(area, extract)
        one_area = measure_pages(PAGES, area, repeat=repeat, warmup=warmup)
        one_area_plans = ehcp.dashboard_plans(area)
        others = load_areas(first=2, count=areas - 1)
        numbered = list(zip(range(2, with_cases + 1), others, strict=False))
        case_load = ehcp.load_case_data(numbered, scale=scale, reference=area)
        command = f"python -m bench --areas {areas} --repeat {repeat}"
        if case_areas is not None:
            command += f" --case-areas {case_areas}"
        report = Report(
            command=command + ("" if full_import else " --quick"),
            areas=areas,
            repeat=repeat,
            warmup=warmup,
            all_areas=measure_pages(PAGES, area, repeat=repeat, warmup=warmup),
            case_plans=(one_area_plans, ehcp.dashboard_plans(area)),
            one_area=one_area,
            floor_ms=client_floor_ms(repeat=repeat, warmup=warmup),
            machine=machine_facts(),
            rows=row_counts(),
            imports=imports,
            case_import=case_import,
            case_load=case_load,
            case_areas=with_cases,
        )
    text = render(report)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {output}")
    return report


@contextmanager
def scratch_database() -> Iterator[None]:
    """A throwaway PostgreSQL database, migrated, dropped afterwards whatever happens.

    Only a database carrying the scratch name is ever dropped: if creating it
    fails before Django switches over, the connection still names the
    developer's database, and that is left alone.
    """
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    scratch = scratch_name(old_name)
    connection.settings_dict.setdefault("TEST", {})["NAME"] = scratch
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        yield
    finally:
        if connection.settings_dict["NAME"] == scratch:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


def scratch_name(name: str | None) -> str:
    """``SCRATCH_DATABASE``, or ``test_<name>_bench`` when the settings name a database of
    their own: two checkouts benchmarking on one server then never drop each other's."""
    if not name or name == "postgres":
        return SCRATCH_DATABASE
    return f"test_{name}_bench"
