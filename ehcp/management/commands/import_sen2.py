"""Import an area's SEN2 person-level extract: a zip of module CSVs, the CSVs, or their folder.

    manage.py import_sen2 --area norfolk extract.zip
    manage.py import_sen2 --area norfolk person.csv requests.csv assessment.csv ...
    manage.py import_sen2 --area norfolk path/to/folder --dry-run

All or nothing, as the upload page: prints what was added, updated and unchanged,
or every problem (module, row and field) and exits non-zero.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Area
from ehcp import importer, services
from ehcp.models import ImportStatus


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from error


def _files(paths: list[Path]) -> list[tuple[str, bytes]]:
    limit = importer.max_upload_bytes()
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    if not found:
        raise CommandError("No CSV or zip file to import")
    # The size limit, before a byte is read (QUALITY.md S10).
    if sum(p.stat().st_size for p in found) > limit:
        raise CommandError(f"The files are larger than {limit // 2**20} MB together")
    return [(p.name, p.read_bytes()) for p in found]


def describe(error: dict) -> str:
    where = [error.get("file") or error.get("module") or "upload"]
    if error.get("row") is not None:
        where.append(f"row {error['row']}")
    if error.get("field"):
        where.append(f"field {error['field']}")
    return f"{', '.join(where)}: {error['message']}"


class Command(BaseCommand):
    help = __doc__.split("\n", 1)[0]

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="a zip, CSV files, or a folder")
        parser.add_argument("--area", required=True, help="the area's slug, e.g. norfolk")
        parser.add_argument(
            "--extract-date",
            type=_date,
            help="the day the extract was taken (default: its header's, else its latest date)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then roll everything back"
        )

    def handle(self, *args, paths, area, extract_date=None, dry_run=False, **options):
        place = Area.objects.filter(slug=area, is_active=True).first()
        if place is None:
            raise CommandError(f"No area {area!r}: give an area's slug, e.g. norfolk")
        files = _files(paths)
        record = services.import_extract(
            area=place, files=files, extract_date=extract_date, dry_run=dry_run
        )
        if record.status == ImportStatus.FAILED:
            self.stderr.write(f"{record.file_name}: not imported, nothing was changed:")
            for error in record.errors:
                self.stderr.write(f"  {describe(error)}")
            raise CommandError("The extract was not imported")
        self.stdout.write(self.style.SUCCESS(self.headline(record, dry_run)))
        for line in summary_lines(record.summary):
            self.stdout.write(f"  {line}")

    @staticmethod
    def headline(record, dry_run: bool) -> str:
        taken = f", taken {record.extract_date:%-d %B %Y}" if record.extract_date else ""
        if dry_run:
            return f"Dry run of {record.file_name} into {record.area}{taken}: nothing was saved"
        return f"{record.file_name}: imported into {record.area}{taken}"


def summary_lines(summary: dict) -> list[str]:
    lines = []
    for what in ("requests", "people", "advice"):
        counts = summary.get(what)
        if not counts:
            continue
        parts = [f"{counts[k]:,} {k}" for k in ("added", "updated", "unchanged")]
        if "absent" in counts:
            parts.append(f"{counts['absent']:,} held but not in this extract (kept)")
        if "removed" in counts:
            parts.append(f"{counts['removed']:,} removed")
        lines.append(f"{what.capitalize()}: {', '.join(parts)}")
    lines += summary.get("notes", [])
    return lines
