"""Import DfE "Education, health and care plans" open data: a release zip or one CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from needs import selectors, services
from needs.models import JobStatus


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="zip or CSV files, as downloaded")
        parser.add_argument(
            "--release",
            type=int,
            help="reporting year of the release (default: the year in the file name)",
        )
        parser.add_argument(
            "--report", type=int, default=20, help="consistency issues to print (default 20)"
        )

    def handle(self, *args, paths: list[Path], release=None, report=20, **options):
        failed = False
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            job = services.create_job(name=path.name, data=path.read_bytes(), release_year=release)
            bar = tqdm(total=100, desc=path.name, unit="%", disable=options["verbosity"] == 0)

            def echo(percent, stage, bar=bar):
                bar.set_postfix_str(stage[:40])
                bar.update(max(percent - bar.n, 0))

            job = services.run_job(job.pk, echo=echo)
            bar.close()
            if job.status == JobStatus.FAILED:
                failed = True
                self.stderr.write(f"{path.name}: not imported, nothing was changed:")
                for error in job.errors:
                    where = [error["file"]]
                    if error.get("row") is not None:
                        where.append(f"row {error['row']}")
                    if error.get("column"):
                        where.append(f"column {error['column']}")
                    self.stderr.write(f"  {', '.join(where)}: {error['message']}")
                continue
            self.stdout.write(self.style.SUCCESS(f"{path.name}: {job.stage}"))
            for outcome in job.summary:
                line = f"  {outcome['file']}: "
                if outcome["skipped"]:
                    line += outcome["skipped"]
                else:
                    line += f"{outcome['rows']:,} rows, {outcome['figures']:,} figures"
                self.stdout.write(line)
            self._report(job, report)
        if failed:
            raise CommandError("Some files were not imported")

    def _report(self, job, limit):
        counts = selectors.issue_counts(job)
        self.stdout.write(
            f"Consistency: {counts['discrepancy']:,} totals do not add up; "
            f"{counts['suppression']:,} gaps are explained by suppressed or missing cells."
        )
        for issue in selectors.consistency_issues(job).filter(kind="discrepancy")[:limit]:
            self.stdout.write(
                f"  {issue.file_name} {issue.measure} {issue.period} {issue.breakdown}: "
                f"{issue.children} sum to {issue.children_total:,.0f}, "
                f"{issue.parent_name} ({issue.parent_code}) says {issue.parent_total:,.0f}"
            )
