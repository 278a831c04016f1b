"""Demo needs data: the real DfE releases in fixtures/dfe/, imported as a user would."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from needs import services
from needs.models import JobStatus

DFE = Path(settings.BASE_DIR) / "fixtures" / "dfe"
#: (file, reporting year), oldest release first as an analyst would have downloaded them
RELEASES = [
    ("education-health-and-care-plans_2022.zip", 2022),
    ("sen2_mi_2023_release.csv", 2023),
    ("education-health-and-care-plans_2025.zip", 2025),
]


class DemoDataError(Exception):
    pass


def load_releases(echo=None) -> list[str]:
    """Import each release (a file already imported is skipped by its hash)."""
    lines = []
    for name, year in RELEASES:
        data = (DFE / name).read_bytes()
        job = services.create_job(name=name, data=data, release_year=year)
        job = services.run_job(job.pk, echo=echo)
        if job.status != JobStatus.DONE:
            raise DemoDataError(f"{name}: {job.errors[:3]}")
        lines.append(f"{name}: {job.stage}")
    return lines
