"""Make the register of English geographies (needs/data/geographies.csv) from DfE files.

Reads every CSV in the zips and CSV files given (by default the real releases in
fixtures/dfe/) and writes each geography with its latest name, old code and region.
The same files always give the same register; ``--check`` fails if the committed one
differs from what the files give.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from needs.importer import register


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="zip or CSV files (default: fixtures/dfe/)"
        )
        parser.add_argument("--output", type=Path, default=register.REGISTER)
        parser.add_argument(
            "--check", action="store_true", help="compare with --output instead of writing it"
        )

    def handle(self, *args, paths: list[Path], output: Path, check: bool, **options):
        if not paths:
            dfe = Path(settings.BASE_DIR) / "fixtures" / "dfe"
            paths = [*dfe.glob("*.zip"), *dfe.glob("*.csv")]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        text = register.build(register.csv_sources(paths))
        places = text.count("\n") - 1
        if check:
            if not output.is_file() or output.read_text(encoding="utf-8") != text:
                raise CommandError(f"{output} differs from the register the files give")
            self.stdout.write(f"{output}: {places} geographies, as the files give")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {places} geographies to {output}"))
