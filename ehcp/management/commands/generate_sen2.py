"""Write a synthetic SEN2 person-level extract (fake children) as a zip or a folder of CSVs."""

from __future__ import annotations

import dataclasses
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ehcp import synthetic
from ehcp.sen2_format import MODULES


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="a .zip file, or a folder")
        parser.add_argument(
            "--preset", choices=sorted(synthetic.PRESETS), help="calibrated parameters"
        )
        parser.add_argument("--la", help="LA code (default: the preset's, or E10000020)")
        parser.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", type=_date, help="last day simulated, YYYY-MM-DD")
        parser.add_argument(
            "--as-at",
            type=_date,
            help="the extract's reference date, on or before --to (default --to): one seed's "
            "extracts at successive month ends are one case system's monthly exports",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--scale", type=float, help="multiply volumes (benchmarks)")
        parser.add_argument("--monthly-requests", type=float, help="requests a month at the start")
        parser.add_argument("--active-plans", type=int, help="plans active at the start")

    def handle(self, *args, out: Path, preset=None, seed=1, **options):
        params = synthetic.PRESETS[preset] if preset else synthetic.Params()
        changes = {
            "la_code": options["la"],
            "start": options["start"],
            "end": options["end"],
            "scale": options["scale"],
            "monthly_requests": options["monthly_requests"],
            "active_plans": options["active_plans"],
            "as_at": options["as_at"],
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        params = dataclasses.replace(params, seed=seed, **changes)
        if params.end < params.start:
            raise CommandError("--to is before --from")
        if params.as_at and not params.start <= params.as_at <= params.end:
            raise CommandError("--as-at must fall between --from and --to")
        began = time.perf_counter()
        extract = synthetic.generate(params)
        if out.suffix.lower() == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            synthetic.write_zip(extract, out)
        else:
            synthetic.write_csv(extract, out)
        seconds = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(
                f"{out}: synthetic SEN2 extract for {params.la_code}, "
                f"{params.start} to {params.taken}, seed {params.seed} ({seconds:.1f}s)"
            )
        )
        for name, module in MODULES.items():
            self.stdout.write(f"  {module.file_name}: {len(extract.rows[name]):,} rows")
